"""Fetch step (admin ingestion): download one web address, only from where an admin means.

Every hop (the address given, each redirect, each `follow` link) is resolved and refused when
any of its addresses is private, loopback, link-local, multicast, reserved or otherwise not
public (IPv4 and IPv6), unless the host or its network is listed in `allow`
(``RULEBOT_FETCH_ALLOW``: host names or CIDR networks).  The connection then goes to the
address that was checked (no second DNS lookup), so a name cannot be re-pointed in between.
Only ``http`` and ``https`` are fetched; a redirect to any other scheme is refused by name.
`timeout` (``RULEBOT_FETCH_TIMEOUT``) bounds the whole download, looking the name up (the policy's
`Resolver`, run on a thread of its own and abandoned at the deadline), connection and every byte
included, not each read.

Through a proxy (the policy's `Proxies`: ``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``; `indexers.proxy`)
the same check is made of the server's name, never of the proxy's, and every download, https or plain
http, is tunnelled (``CONNECT``) to the very address checked: TLS still checks the server's name, and plain
http is spoken inside the tunnel as to the server itself.  Handing the proxy a name would let it look the
name up again and reach what the check refused (a name re-pointed in between, or the proxy's own view of
internal names).  A proxy that will not tunnel plain http (many allow ``CONNECT`` to port 443 only) is one
line pointing to ``NO_PROXY`` or the https address.  Only a host listed by name in ``RULEBOT_FETCH_ALLOW``
goes to the proxy by name (``CONNECT`` to the name; plain http as an ordinary proxied request): machines
that resolve no outside names, proxies that filter by name.

Credentials in a URL never reach a message or a log: `redact_url` / `redact` replace them.

>>> redact_url("http://user:secret@chroma.internal:8000/api?token=abc&x=1")
'http://***@chroma.internal:8000/api?token=***&x=1'
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Protocol, Sequence

from indexers.errors import BadDocument
from indexers.extract import BY_NAME, CONTENT_TYPE_FORMAT, FORMAT_TABLE, GENERIC_TYPES, READABLE
from indexers.budgets import FETCH_SECONDS, size
from indexers.proxy import Proxies, Proxy, open_tunnel, proxy_refusal

MAX_BYTES = 30 * 1024 * 1024
TIMEOUT_S = FETCH_SECONDS
MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)

_ACCEPT = ",".join(t for f in FORMAT_TABLE for t in f.content_types if t != "text/plain") + ",text/plain;q=0.8,*/*;q=0.5"


@dataclass(frozen=True)
class Fetched:
    """A downloaded URL (``status`` 304 means "not modified": no body)."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    filename: str = ""


# --- credentials never shown ------------------------------------------------------------------

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s]*@")  # to the last @: a password may hold one
_SECRET_PARAM = re.compile(r"(?i)([?&](?:[a-z_]*token|[a-z_]*key|secret|password|passwd|pwd|sig|signature|"
                           r"auth|credentials?)=)[^&#\s]+")


def redact(text: str) -> str:
    """`text` with the user name and password of every URL in it, and secret-looking query values, replaced by ***."""
    return _SECRET_PARAM.sub(r"\1***", _USERINFO.sub(r"\1***@", str(text)))


def redact_url(url: str) -> str:
    return redact(url)


def is_url(s: str) -> bool:
    return bool(re.match(r"^https?://", s.strip(), re.I))


# --- one downloader, two policies ---------------------------------------------------------------


class Resolver(Protocol):
    """Looks a host name up: its addresses (IPv4 or IPv6, as text); raises `OSError` when it has none."""

    def __call__(self, host: str, port: int) -> Sequence[str]: ...


def system_resolve(host: str, port: int) -> list[str]:
    """The system's resolver (``getaddrinfo``)."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass(frozen=True)
class Policy:
    """Where a download may go and what it carries.

    The default is the corpus's (any public address, redirects followed, only formats rulebot reads).
    A chat platform's file (`platform`) is fetched only from that platform's `hosts` (https on 443), or
    the very host and port of its local `stand_in` (in tests), with its credentials in `headers`, never
    following a redirect (it would carry them wherever it points), whatever the content type (the
    reader sniffs the bytes); messages name it as `label`, not by its address.
    """

    allow: tuple[str, ...] = ()  # non-public hosts or networks the admin allows (RULEBOT_FETCH_ALLOW)
    hosts: tuple[str, ...] = ()  # when set, the only hosts fetched from (".example.com": any host under it)
    stand_in: str = ""  # a local stand-in for the platform (its API URL): its host and port are allowed too
    headers: Mapping[str, str] = field(default_factory=dict)  # sent on every request (an Authorization header)
    redirects: int = MAX_REDIRECTS
    any_type: bool = False  # accept any content type: the bytes are sniffed when read
    label: str = ""  # how messages name the source ("Slack's file host"); "" names the address
    proxies: Proxies = Proxies()  # HTTPS_PROXY, HTTP_PROXY, NO_PROXY (the settings'); default: direct
    resolver: Resolver = system_resolve  # looks names up, within the download's deadline

    @classmethod
    def platform(cls, hosts: tuple[str, ...], *, stand_in: str = "", headers: Mapping[str, str] | None = None,
                 label: str = "the file host", proxies: Proxies = Proxies()) -> "Policy":
        allow = (origin(stand_in)[1],) if stand_in and origin(stand_in)[1] else ()
        return cls(allow=allow, hosts=hosts, stand_in=stand_in, headers=dict(headers or {}), redirects=0,
                   any_type=True, label=label, proxies=proxies)

    def permits(self, url: str) -> bool:
        return not self.hosts or platform_url(url, self.hosts, stand_in=self.stand_in)


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of `url`, lower-cased, the default port filled in.

    >>> origin("HTTPS://Files.Slack.com/x"), origin("http://127.0.0.1:5000/y")
    (('https', 'files.slack.com', 443), ('http', '127.0.0.1', 5000))
    """
    parts = urllib.parse.urlsplit(url)
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


# --- where rulebot may connect ------------------------------------------------------------------


def address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """'' for a public address, else what it is ('loopback', 'private', 'link-local', ...).

    >>> address_kind(ipaddress.ip_address("169.254.169.254")), address_kind(ipaddress.ip_address("8.8.8.8"))
    ('link-local', '')
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:  # fec0::/10, deprecated; Python 3.11 does not count it private
            return "site-local"
        ip = ip.ipv4_mapped or ip.sixtofour or ip  # 6to4 (2002::/16) carries the IPv4 address it reaches
    for kind, hit in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                      ("multicast", ip.is_multicast), ("unspecified", ip.is_unspecified),
                      ("reserved", ip.is_reserved), ("private", ip.is_private), ("non-public", not ip.is_global)):
        if hit:
            return kind
    return ""


def _named(host: str, allow: tuple[str, ...]) -> bool:
    """Whether `host` is listed by name in `allow` (``RULEBOT_FETCH_ALLOW``)."""
    host = host.lower().rstrip(".")
    return any(entry.strip().lower() == host for entry in allow)


def _allowed(host: str, ip, allow: tuple[str, ...]) -> bool:
    if _named(host, allow):
        return True
    for entry in allow:
        entry = entry.strip().lower()
        if not entry:
            continue
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def resolve(host: str, port: int, policy: Policy, shown: str, clock: "_Clock", *, proxied: bool = False) -> list[str]:
    """The addresses of `host`, looked up within the download's deadline and every one checked; refuses the
    lot if any one is not public and not allowed.  [] when a `proxied` host allowed by name does not resolve
    here (the proxy is then given the name)."""
    try:
        addrs = list(dict.fromkeys(lookup(host, port, policy.resolver, clock)))
    except TimeoutError:
        raise BadDocument(f"{shown}: looking up the name {host} took longer than {clock.seconds:g} s "
                          "(RULEBOT_FETCH_TIMEOUT); check the network and its name server, or try again "
                          "later") from None
    except (OSError, UnicodeError) as exc:
        if proxied and _named(host, policy.allow):
            return []
        raise BadDocument(f"{shown}: cannot reach the server (the name {host} does not resolve: "
                          f"{getattr(exc, 'strerror', None) or exc}); check the address and the network") from None
    for a in addrs:
        ip = ipaddress.ip_address(a.split("%")[0])
        kind = address_kind(ip)
        if kind and not _allowed(host, ip, policy.allow):
            where = host if host == a else f"{host} ({a})"
            raise BadDocument(f"{shown}: refused: {where} is a {kind} address, not a public web server; rulebot "
                              "fetches only public addresses (list the host or network in RULEBOT_FETCH_ALLOW "
                              "if you mean it)")
    return addrs


def lookup(host: str, port: int, resolver: Resolver, clock: "_Clock") -> list[str]:
    """`resolver(host, port)` on a thread of its own, waited for until the clock's deadline (then
    `TimeoutError`; the thread is left to end when the resolver gives up).  An address is its own answer.

    >>> lookup("192.0.2.7", 80, lambda h, p: [], _Clock(1))
    ['192.0.2.7']
    """
    try:
        ipaddress.ip_address(host.strip("[]"))
        return [host.strip("[]")]
    except ValueError:
        pass
    answer: dict[str, object] = {}
    done = threading.Event()

    def work() -> None:
        try:
            got = list(resolver(host, port))
            if not got:
                raise socket.gaierror(socket.EAI_NONAME, "no address")
            answer["addrs"] = got
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            answer["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="rulebot-resolve", daemon=True).start()
    if not done.wait(clock.remaining()):
        raise TimeoutError(f"looking up {host}")
    if "error" in answer:
        raise answer["error"]  # type: ignore[misc]
    return answer["addrs"]  # type: ignore[return-value]


# --- the clock over a whole download ----------------------------------------------------------


class _Clock:
    """A deadline for the whole download: at it, every socket opened for it is shut (a stalled read returns)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Clock":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def left(self) -> float:
        return max(0.01, self.at - time.monotonic())

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for s in self._socks:
                _shut(s)

    def spent(self) -> bool:
        return self.expired or time.monotonic() >= self.at


def _shut(sock: socket.socket) -> None:
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _connect(ips: list[str] | tuple[str, ...], port: int, clock: _Clock) -> socket.socket:
    last: OSError | None = None
    for ip in ips:
        try:
            sock = socket.create_connection((ip, port), timeout=clock.left())
        except OSError as exc:
            last = exc
            continue
        clock.track(sock)
        return sock
    raise last or OSError("no address")


@dataclass(frozen=True)
class _Route:
    """Where a request's socket goes: the server's checked addresses (`ips`) directly, or its `proxy` (at the
    addresses `via`), asked for `targets`: the checked addresses, or the name for a host listed by name in
    ``RULEBOT_FETCH_ALLOW`` (`by_name`)."""

    ips: tuple[str, ...]
    port: int
    shown: str
    proxy: Proxy | None = None
    via: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    by_name: bool = False

    @property
    def forward(self) -> bool:
        """Plain http handed to the proxy as an ordinary proxied request naming the server (`by_name` only)."""
        return self.proxy is not None and self.by_name

    def open(self, clock: _Clock, *, tls: bool) -> socket.socket:
        """A socket to the server: direct, or through a ``CONNECT`` tunnel to a checked address; for plain
        http to a host allowed by name, to the proxy itself (the request then names the server)."""
        if self.proxy is None:
            return _connect(self.ips, self.port, clock)
        if self.forward and not tls:
            return self._to_proxy(clock)
        answer = (0, "")
        for target in self.targets:
            sock = self._to_proxy(clock)
            try:
                answer = open_tunnel(sock, target, self.port, self.proxy, clock.spent)
            except BaseException:
                sock.close()
                raise
            if 200 <= answer[0] < 300:
                return sock
            sock.close()
        if not tls and answer[0] != 407:
            raise BadDocument(f"{self.shown}: the proxy {self.proxy.shown} would not tunnel plain http to the "
                              f"address checked (HTTP {answer[0]} {answer[1]}), and rulebot never hands it a name "
                              "to look up again; use the https:// address, or list the host in NO_PROXY to reach "
                              "it directly")
        raise BadDocument(proxy_refusal(self.shown, self.proxy, *answer))

    def _to_proxy(self, clock: _Clock) -> socket.socket:
        try:
            return _connect(self.via, self.proxy.port, clock)
        except OSError as exc:
            if clock.spent():
                raise
            raise BadDocument(f"{self.shown}: cannot reach the proxy {self.proxy.shown} ({redact(_reason(exc))}); "
                              "check HTTPS_PROXY / HTTP_PROXY and the network") from None


class _HTTP(http.client.HTTPConnection):
    """A connection to an address already checked (the Host header still names the host)."""

    def __init__(self, host: str, port: int, route: _Route, clock: _Clock):
        super().__init__(host, port, timeout=clock.left())
        self._route, self._clock = route, clock

    def connect(self) -> None:
        self.sock = self._route.open(self._clock, tls=False)


class _HTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, route: _Route, clock: _Clock):
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=clock.left(), context=self._tls)
        self._route, self._clock = route, clock

    def connect(self) -> None:
        # Wrapping detaches the plain socket: the clock must shut the wrapped one (handshake included).
        self.sock = self._tls.wrap_socket(self._route.open(self._clock, tls=True), server_hostname=self.host,
                                          do_handshake_on_connect=False)
        self._clock.track(self.sock)
        self.sock.do_handshake()


def _route(host: str, port: int, scheme: str, policy: Policy, shown: str, clock: _Clock) -> _Route:
    """How to reach `host`: its addresses looked up and checked, and the proxy the settings name for it."""
    try:
        proxy = policy.proxies.for_url(scheme, host, port)
    except BadDocument as exc:
        raise BadDocument(f"{shown}: {exc}") from None
    ips = tuple(resolve(host, port, policy, shown, clock, proxied=proxy is not None))
    if proxy is None:
        return _Route(ips, port, shown)
    try:
        via = tuple(lookup(proxy.host, proxy.port, policy.resolver, clock))
    except TimeoutError:
        raise BadDocument(f"{shown}: looking up the proxy {proxy.shown} took longer than {clock.seconds:g} s "
                          "(RULEBOT_FETCH_TIMEOUT); check the network and its name server") from None
    except (OSError, UnicodeError):
        raise BadDocument(f"{shown}: cannot reach the proxy {proxy.shown} (its name does not resolve); check "
                          "HTTPS_PROXY / HTTP_PROXY") from None
    by_name = not ips or (_named(host, policy.allow) and host not in ips)  # an address is never a name
    return _Route(ips, port, shown, proxy, via, (host,) if by_name else ips, by_name)


# --- the download -------------------------------------------------------------------------------


def fetch(url: str, *, etag: str = "", last_modified: str = "", max_bytes: int = MAX_BYTES,
          timeout: float = TIMEOUT_S, allow: tuple[str, ...] = (), policy: Policy | None = None) -> Fetched:
    """Download `url` (conditional GET when `etag`/`last_modified` are given; 304 -> status 304).

    Refused with `BadDocument` (one line, credentials redacted): other schemes, addresses that are
    not public (see the module doc) or outside the `policy`'s hosts, more redirects than it allows, a
    download longer than `timeout` seconds in all (connecting, headers and every byte), HTTP errors,
    bodies over `max_bytes`, content types rulebot cannot read (unless the policy takes any).
    """
    policy = policy or Policy(allow=allow)
    shown = policy.label or redact_url(url)
    current = url
    with _Clock(timeout) as clock:
        for hop in range(policy.redirects + 1):
            if not policy.permits(current):
                raise BadDocument(f"{shown}: refused: {origin(current)[1] or 'no host'} is not one of its hosts")
            got = _get(current, shown, etag, last_modified, max_bytes, policy, clock, first=hop == 0)
            if isinstance(got, Fetched):
                return got
            current = got
    if policy.redirects == 0:
        raise BadDocument(f"{shown}: answered with a redirect, which is never followed (it would carry the "
                          "credentials elsewhere)")
    raise BadDocument(f"{shown}: too many redirects (more than {policy.redirects}); check the address")


def _web_address(url: str, shown: str, first: bool) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    web = parts.scheme.lower() in ("http", "https")
    if web and parts.hostname:
        try:
            parts.hostname.encode("idna")
            return parts
        except UnicodeError:
            raise BadDocument(f"{shown}: {parts.hostname!r} is not a valid host name; check the address") from None
    if first:
        raise BadDocument(f"{shown}: not a web address (use http:// or https://, or give a file path)")
    if web:
        raise BadDocument(f"{shown}: redirected to an address without a host ({redact(url)}); check the address")
    raise BadDocument(f"{shown}: redirected to a {parts.scheme or 'schemeless'}: address ({redact(url)}); "
                      "refused: rulebot fetches only http and https")


def _get(url: str, shown: str, etag: str, last_modified: str, max_bytes: int, policy: Policy,
         clock: _Clock, *, first: bool) -> Fetched | str:
    """One request: the `Fetched` answer, or the address a redirect points to."""
    parts = _web_address(url, shown, first=first)
    tls = parts.scheme.lower() == "https"
    try:
        port = parts.port or (443 if tls else 80)
    except ValueError:
        raise BadDocument(f"{shown}: the address has a bad port number; check it") from None
    host = parts.hostname.encode("idna").decode("ascii")  # what DNS, TLS and the Host header see
    route = _route(host, port, "https" if tls else "http", policy, shown, clock)
    conn = (_HTTPS if tls else _HTTP)(host, port, route, clock)
    headers = {"User-Agent": "rulebot-corpus/0.1", "Accept": _ACCEPT, **policy.headers}
    forward = route.forward and not tls  # plain http handed to the proxy: the request names the server
    if forward and route.proxy.authorization:
        headers["Proxy-Authorization"] = route.proxy.authorization
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    answered = False
    try:
        target = _quote(parts.path or "/") + (f"?{_quote(parts.query)}" if parts.query else "")
        if forward:
            target = f"http://{f'[{host}]' if ':' in host else host}{'' if port == 80 else f':{port}'}{target}"
        conn.request("GET", target, headers=headers)
        resp = conn.getresponse()
        answered = True
        if resp.status in _REDIRECTS:
            location = resp.getheader("Location") or ""
            if not location:
                raise BadDocument(f"{shown}: the server redirected without saying where; check the address")
            target = urllib.parse.urljoin(url, location.strip())
            _web_address(target, shown, first=False)
            return target
        if resp.status == 304:
            return Fetched(url=url, status=304, etag=resp.getheader("ETag") or etag,
                           last_modified=resp.getheader("Last-Modified") or last_modified)
        if forward and resp.status == 407:
            raise BadDocument(proxy_refusal(shown, route.proxy, resp.status, resp.reason))
        if resp.status >= 400 or resp.status < 200:
            raise BadDocument(f"{shown}: the server answered HTTP {resp.status} {resp.reason}; check the address")
        ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if ctype and ctype not in CONTENT_TYPE_FORMAT and ctype not in GENERIC_TYPES and not policy.any_type:
            raise BadDocument(f"{shown}: the server sent {ctype}, which rulebot cannot read "
                              f"({READABLE} only)")
        length = resp.getheader("Content-Length") or ""
        if length.isdigit() and int(length) > max_bytes:
            raise BadDocument(f"{shown}: the file is {size(int(length))}, over the {size(max_bytes)} limit "
                              "(RULEBOT_MAX_DOCUMENT_MB)")
        body = _read(resp, max_bytes, shown, clock)
        return Fetched(url=url, status=resp.status, body=body, content_type=resp.getheader("Content-Type") or "",
                       etag=resp.getheader("ETag") or "", last_modified=resp.getheader("Last-Modified") or "",
                       filename=filename_for(resp.getheader("Content-Disposition") or "", url, ctype))
    except UnicodeError as exc:
        raise BadDocument(f"{shown}: the address or the server's answer cannot be read ({redact(_reason(exc))}); "
                          "check the address") from None
    except (OSError, http.client.HTTPException) as exc:
        if clock.spent():
            what = "the download took" if answered else "the server did not answer within"
            raise BadDocument(f"{shown}: {what} {'longer than ' if answered else ''}{clock.seconds:g} s "
                              "(RULEBOT_FETCH_TIMEOUT); try again later") from None
        raise BadDocument(f"{shown}: cannot reach the server ({redact(_reason(exc))}); check the address and "
                          "the network") from None
    finally:
        conn.close()


def _quote(part: str) -> str:
    """A path or query percent-encoded as urllib would send it (spaces, non-ASCII, control characters;
    what is already encoded stays)."""
    return urllib.parse.quote(part, safe="/%:@!$&'()*+,;=?~-._")


def _read(resp: http.client.HTTPResponse, max_bytes: int, shown: str, clock: _Clock) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        if clock.spent():
            raise TimeoutError("the download deadline passed")
        chunk = resp.read1(64 * 1024)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise BadDocument(f"{shown}: the file is over the {size(max_bytes)} limit (RULEBOT_MAX_DOCUMENT_MB)")
        chunks.append(chunk)
    if clock.spent():  # the deadline shut the connection: what came is not the whole file
        raise TimeoutError("the download deadline passed")
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).splitlines()[0][:120]


def filename_for(disposition: str, url: str, ctype: str) -> str:
    """A safe local file name for a download: the server's attachment name, else the URL's last part."""
    m = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", disposition or "", re.I)
    name = urllib.parse.unquote(m.group(1)) if m else urllib.parse.unquote(Path(urllib.parse.urlsplit(url).path).name)
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "download"
    if not Path(name).suffix:
        known = BY_NAME.get(CONTENT_TYPE_FORMAT.get(ctype, ""))
        name += known.extension if known else ""
    return name
