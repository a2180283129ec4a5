"""Fetch a file a user shared in chat, for review: bounded in size and time, never following a redirect
(a redirect would carry the surface's credentials, or the request, wherever it points).

Each surface checks the address first (Slack's or Microsoft's file hosts) and adds its own credentials;
this is the part they share.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from bot.errors import RulebotError

CHUNK = 65536


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
