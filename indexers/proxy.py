"""The proxy a download goes through: ``HTTPS_PROXY``, ``HTTP_PROXY`` (``ALL_PROXY`` for both) and ``NO_PROXY``,
as the settings read them from the environment (lower-case names first, as curl does).

Only ``http://`` proxies are spoken to (an address without a scheme is one); an https download goes through
a ``CONNECT`` tunnel, so TLS is still between rulebot and the server.  A proxy the environment names that
rulebot cannot use (``ALL_PROXY=socks5://...``, common on developers' machines, or an ``https://`` proxy) is
ignored when the settings are read, with one warning naming the variable: those downloads go direct.  Credentials in a proxy's address
(``http://user:password@proxy:3128``) are sent as ``Proxy-Authorization: Basic`` and never shown.
``NO_PROXY`` lists hosts reached directly: ``*``, names (``court.example`` or ``.court.example``: the name
and every name under it), addresses or networks (``10.0.0.0/8``), each optionally ``:port``.

>>> p = Proxies.from_env({"HTTPS_PROXY": "http://u:pw@proxy.corp:3128", "no_proxy": "localhost,.corp,10.0.0.0/8"})
>>> p, p.for_url("https", "www.cacd.uscourts.gov", 443)
(Proxies(https='http://***@proxy.corp:3128', http='', no_proxy='localhost,.corp,10.0.0.0/8'), Proxy('proxy.corp', 3128))
>>> p.for_url("https", "wiki.corp", 443), p.for_url("https", "10.2.3.4", 443), p.for_url("http", "a.example", 80)
(None, None, None)
"""

from __future__ import annotations

import base64
import ipaddress
import logging
import re
import socket
import urllib.parse
from dataclasses import dataclass
from typing import Callable, Mapping

from indexers.errors import BadDocument

log = logging.getLogger(__name__)
_told: set[tuple[str, str]] = set()  # unusable proxies already warned about in this process: (variable, value)


@dataclass(frozen=True)
class Proxy:
    """One proxy: where it listens, and the header that signs in to it (empty: none)."""

    host: str
    port: int
    authorization: str = ""
    shown: str = ""  # its address for messages, credentials replaced by ***

    def __repr__(self) -> str:
        return f"Proxy({self.host!r}, {self.port})"


@dataclass(frozen=True)
class Proxies:
    """The proxy settings: an address for https and one for http ("" = direct), and the ``NO_PROXY`` list."""

    https: str = ""
    http: str = ""
    no_proxy: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Proxies":
        """The proxies `env` names; one it names that rulebot cannot use is left out (direct), with one warning
        in the process naming the variable it came from."""
        def pick(*names: str) -> tuple[str, str]:
            for name in names:
                for variable in (name, name.upper()):
                    if (env.get(variable) or "").strip():
                        return variable, env[variable].strip()
            return "", ""

        def usable(name: str) -> str:
            variable, address = pick(name, "all_proxy")
            if not address:
                return ""
            try:
                parse_proxy(address, variable)
            except BadDocument as exc:
                if (variable, address) not in _told:
                    _told.add((variable, address))
                    log.warning("%s; it is ignored, and downloads go direct", exc)
                return ""
            return address

        return cls(https=usable("https_proxy"), http=usable("http_proxy"), no_proxy=pick("no_proxy")[1])

    def __repr__(self) -> str:
        from indexers.fetch import redact

        return f"Proxies(https={redact(self.https)!r}, http={redact(self.http)!r}, no_proxy={self.no_proxy!r})"

    def for_url(self, scheme: str, host: str, port: int | None) -> Proxy | None:
        """The proxy for a download from `host` (None: connect directly)."""
        address = self.https if scheme == "https" else self.http
        if not address or bypassed(host, port, self.no_proxy):
            return None
        return parse_proxy(address, "HTTPS_PROXY" if scheme == "https" else "HTTP_PROXY")


def parse_proxy(address: str, setting: str) -> Proxy:
    """A proxy's address as `Proxy`; one line naming `setting` when it is not an http:// proxy."""
    from indexers.fetch import redact

    shown = redact(address)
    parts = urllib.parse.urlsplit(address if "://" in address else f"http://{address}")
    try:
        port = parts.port or 80
    except ValueError:
        port = None
    if parts.scheme.lower() != "http" or not parts.hostname or port is None:
        raise BadDocument(f"the proxy {shown} ({setting}) cannot be used: rulebot speaks to http:// proxies only, "
                          "given as http://host:port (with user:password@ if it asks for them)")
    auth = ""
    if parts.username is not None:
        pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        auth = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    return Proxy(parts.hostname.lower(), port, auth, shown)


def bypassed(host: str, port: int | None, no_proxy: str) -> bool:
    """Whether ``NO_PROXY`` sends `host` (on `port`) directly.

    >>> [bypassed(h, 443, "court.example:443,.corp,10.0.0.0/8,::1") for h in
    ...  ("court.example", "www.court.example", "court.example.evil", "x.corp", "10.9.8.7", "::1", "8.8.8.8")]
    [True, True, False, True, True, True, False]
    >>> bypassed("court.example", 8443, "court.example:443"), bypassed("any.example", 80, "*")
    (False, True)
    """
    host = host.lower().strip("[]").rstrip(".")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    for entry in no_proxy.split(","):
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        name, want_port = _entry_port(entry)
        if want_port is not None and want_port != port:
            continue
        if ip is not None:
            try:
                if ip in ipaddress.ip_network(name, strict=False):
                    return True
            except ValueError:
                pass
            continue
        name = name.lstrip("*").lstrip(".").rstrip(".")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def _entry_port(entry: str) -> tuple[str, int | None]:
    """A ``NO_PROXY`` entry as (host or network, port or None): ``[::1]:8080``, ``host:443``; a bare IPv6
    address has no port."""
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
    host, sep, port = entry.rpartition(":")
    if sep and host.count(":") == 0 and port.isdigit():
        return host, int(port)
    return entry, None


MAX_ANSWER_BYTES = 16 * 1024  # a proxy's answer to CONNECT (its status line and headers)


def open_tunnel(sock: socket.socket, target: str, port: int, proxy: Proxy,
                spent: Callable[[], bool]) -> tuple[int, str]:
    """Ask the proxy on `sock` for a tunnel to `target` (an address or a name) and `port`: its answer's status
    and reason (2xx: the tunnel is open).  `spent()` says the download's deadline has passed (the socket is
    shut then, so a proxy that never answers ends the read)."""
    where = f"[{target}]:{port}" if ":" in target else f"{target}:{port}"
    auth = f"Proxy-Authorization: {proxy.authorization}\r\n" if proxy.authorization else ""
    sock.sendall(f"CONNECT {where} HTTP/1.1\r\nHost: {where}\r\n{auth}\r\n".encode("ascii"))
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(4096)
        if spent():
            raise TimeoutError("the download deadline passed")
        if not chunk:
            raise ConnectionError("the proxy closed the connection without answering")
        answer += chunk
        if len(answer) > MAX_ANSWER_BYTES:
            raise ConnectionError("the proxy's answer to CONNECT is too long")
    head, _, early = answer.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/\d(?:\.\d)? +(\d{3}) ?([^\r\n]*)", head)
    if not m:
        raise ConnectionError("the proxy's answer to CONNECT is not HTTP")
    status = int(m.group(1))
    if 200 <= status < 300 and early:
        raise ConnectionError("the proxy sent data before the tunnel opened")
    return status, m.group(2).decode("latin-1").strip()[:80]


def proxy_refusal(shown: str, proxy: Proxy, status: int, reason: str) -> str:
    """The one line for a proxy that would not take a download there."""
    if status == 407:
        return (f"{shown}: the proxy {proxy.shown} asks for credentials (HTTP 407); give them in HTTPS_PROXY / "
                "HTTP_PROXY as http://user:password@host:port")
    return (f"{shown}: the proxy {proxy.shown} would not connect to the server (HTTP {status} {reason}); check "
            "the address, and what the proxy lets through")
