"""Fetch a file a user shared in chat, for review: bounded in size and time, never following a redirect
(a redirect would carry the surface's credentials, or the request, wherever it points).

Each surface checks the address first (Slack's or Microsoft's file hosts) and adds its own credentials;
this is the part they share.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from bot.errors import RulebotError

CHUNK = 65536


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of `url`, lower-cased, the default port filled in.

    >>> origin("HTTPS://Files.Slack.com/x"), origin("http://127.0.0.1:5000/y")
    (('https', 'files.slack.com', 443), ('http', '127.0.0.1', 5000))
    """
    parts = urlsplit(url)
    try:
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme.lower())
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def platform_url(url: str, hosts: tuple[str, ...], *, stand_in: str = "") -> bool:
    """True when `url` is https (port 443) on one of a platform's `hosts` (``".example.com"`` means any
    host under it), or on the very host and port of `stand_in` (a local stand-in for the platform, in
    tests): the only places the bot sends its credentials, or fetches from, for that platform.

    >>> platform_url("https://contoso.sharepoint.com/a", (".sharepoint.com",))
    True
    >>> platform_url("https://sharepoint.com.evil.example/a", (".sharepoint.com",))
    False
    >>> platform_url("http://127.0.0.1:9/f", ("files.slack.com",), stand_in="http://127.0.0.1:9/api/")
    True
    """
    scheme, host, port = origin(url)
    if scheme == "https" and port == 443 and any(host == h or (h.startswith(".") and host.endswith(h)) for h in hosts):
        return True
    if not stand_in or scheme not in ("http", "https"):
        return False
    _, own_host, own_port = origin(stand_in)
    return bool(own_host) and (host, port) == (own_host, own_port)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - never follow
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch_capped(request: urllib.request.Request, *, max_bytes: int, timeout: float, host: str = "the file host") -> bytes:
    """The response body of `request`: at most `max_bytes`, the whole download within `timeout` seconds;
    any failure is a one-line `RulebotError` naming `host`."""
    deadline = time.monotonic() + timeout
    chunks, size = [], 0
    try:
        with _OPENER.open(request, timeout=timeout) as resp:
            read = getattr(resp, "read1", resp.read)  # whatever has arrived: the deadline is checked often
            while chunk := read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise RulebotError(f"the file is over the {max_bytes:,}-byte limit")
                if time.monotonic() > deadline:
                    raise RulebotError(f"the download took over {timeout:.0f} s")
                chunks.append(chunk)
    except urllib.error.HTTPError as e:
        raise RulebotError(f"{host} answered {e.code}") from None
    except (urllib.error.URLError, OSError) as e:
        raise RulebotError(f"{host} could not be reached ({getattr(e, 'reason', e)})") from None
    return b"".join(chunks)
