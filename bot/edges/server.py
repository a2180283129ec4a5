"""One HTTP server for every surface: aiohttp on one port, with limits on every request.

A surface adds itself as a `Mount` (its routes, and optional async hooks for when the server has started and
when it stops);
``GET /healthz``, ``/readyz`` and ``/metrics`` go to the `probes` callable.

    mounts = [Mount(routes=(("POST", "/slack/events", slack_handler),), cleanup=close_slack),
              Mount(routes=(("POST", "/api/messages", teams_handler),))]
    run(settings, mounts, port=8080, probes=lambda path: bot.edges.ops.probe(path, engine))

Limits, all from `Settings`, so that no client can hold the process:

- the request head must arrive within ``read_timeout`` of the connection opening (or, on a
  kept-alive connection, of the next request's first byte); else the connection is closed;
- the body is read whole, before the handler runs, within ``read_timeout`` (else 408) and up to
  ``max_body_bytes`` (a larger declared Content-Length is refused unread, a chunked body that
  grows past it is cut off: 413); refused requests never reach a handler and their connection
  is closed.  Handlers read the body as usual (``await request.read()/text()/json()``: cached);
- at most ``max_connections`` connections are open, and at most ``max_connections_per_address``
  from one client address (an IPv6 client's /64); a connection past either limit closes the oldest
  *waiting* connection under it (one that has not yet handed a complete request to a handler: its
  head or body still owed, or idle between requests), and gets a bare 503 only when every one is
  busy in a handler (logged once per burst).  An async server holds thousands of idle sockets for a
  few KB each, so the limit is sized in thousands and the process's open-file limit is raised to fit
  (`fit_open_files`);
- idle kept-alive connections close after `KEEPALIVE_SECONDS`; no access log, no body is logged.

Tests and benchmarks run it on a thread (`Background`) or in their own loop (`serving`).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import contextlib
import ipaddress
import logging
import resource
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, AsyncIterator, Awaitable, Callable, Iterable

from aiohttp import web
from aiohttp.web_protocol import RequestHandler, RequestPayloadError
from aiohttp.web_server import Server

log = logging.getLogger("rulebot.server")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# probes(path) -> (status, content_type, body), or an object with those attributes (`bot.edges.ops.Probe`), or None
Probes = Callable[[str], Any]
PROBE_PATHS = ("/healthz", "/readyz", "/metrics")
KEEPALIVE_SECONDS = 15.0  # an idle kept-alive connection is closed after this
OTHER_FILES = 256  # open files the process needs besides its connections (index, model, Redis, outgoing HTTPS)
SHUTDOWN_SECONDS = 10.0  # on SIGTERM, in-flight requests get this long to finish
LOG_EVERY_SECONDS = 10.0  # refusals of one kind are logged at most this often (the count is kept)
BUSY = b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n"


@dataclass(frozen=True)
class Mount:
    """A surface's routes, ``(method, path, handler)``, what to run as the server starts (in its loop, before
    the first request: long work goes to a task of its own) and what to run when it stops."""

    routes: tuple[tuple[str, str, Handler], ...] = ()
    cleanup: Callable[[], Awaitable[None]] | None = None
    startup: Callable[[], Awaitable[None]] | None = None


@dataclass(frozen=True)
class Limits:
    """What one request and one process may cost (see the module docstring)."""

    max_body_bytes: int = 1024 * 1024
    read_timeout: float = 10.0
    max_connections: int = 4096
    max_connections_per_address: int = 256  # 0: no limit per address
    keepalive_timeout: float = KEEPALIVE_SECONDS

    @classmethod
    def from_settings(cls, settings: Any) -> "Limits":
        return cls(max_body_bytes=int(settings.max_body_bytes), read_timeout=float(settings.read_timeout),
                   max_connections=int(settings.max_connections),
                   max_connections_per_address=int(settings.max_connections_per_address))


LIMITS_KEY = web.AppKey("rulebot_limits", Limits)


class _Throttled:
    """Log a kind of refusal at most once every `LOG_EVERY_SECONDS`, saying how many were not logged."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}
        self._quiet: dict[str, int] = {}

    def warn(self, kind: str, msg: str, *args: Any) -> None:
        now = time.monotonic()
        if now - self._last.get(kind, -LOG_EVERY_SECONDS) < LOG_EVERY_SECONDS:
            self._quiet[kind] = self._quiet.get(kind, 0) + 1
            return
        self._last[kind] = now
        quiet = self._quiet.pop(kind, 0)
        log.warning(msg + (f" ({quiet} more since the last such line)" if quiet else ""), *args)


# --- the body: read whole, capped and timed, before the handler ---------------------------------------

def _refuse(status: int) -> web.Response:
    resp = web.Response(status=status)
    resp.force_close()  # the unread rest of the body is never read: the connection goes
    return resp


def body_limits(limits: Limits, refusals: _Throttled):
    """Middleware: the request body read whole before the handler runs, within the limits."""

    @web.middleware
    async def read_body(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.body_exists or request.match_info.http_exception is not None:
            return await _handled(request, handler)  # nothing to read, or a 404/405 (its body is never read)
        declared = request.content_length
        if declared is not None and declared > limits.max_body_bytes:
            refusals.warn("413", "refused a request to %s: a declared body of %s bytes, over the %s-byte limit",
                           request.path, f"{declared:,}", f"{limits.max_body_bytes:,}")
            return _refuse(413)
        if request.transport is None:  # closed since its head arrived (to admit another): nothing to read
            return _refuse(400)
        try:
            await asyncio.wait_for(request.read(), limits.read_timeout)
        except asyncio.TimeoutError:
            refusals.warn("408", "refused a request to %s: its body did not arrive within %.3g s",
                           request.path, limits.read_timeout)
            return _refuse(408)
        except web.HTTPRequestEntityTooLarge:
            refusals.warn("413", "refused a request to %s: a chunked body over the %s-byte limit",
                           request.path, f"{limits.max_body_bytes:,}")
            return _refuse(413)
        except (RequestPayloadError, ConnectionError):
            return _refuse(400)  # a malformed chunked body, or the client went away
        except RuntimeError:  # aiohttp's "Connection closed.": lost before the read began (closed to admit another
            if request.protocol is not None and request.protocol.connected:  # connection, or the client left): no
                raise  # one to answer, and the closing was logged (`_Throttled`); any other is a real error
            log.debug("a request to %s lost its connection before its body was read", request.path)
            return _refuse(400)
        return await _handled(request, handler)

    return read_body


async def _handled(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Run the handler on a complete request: from here until its response is sent, the connection is
    busy, never closed to admit another (`_LimitedServer.admit`)."""
    if isinstance(request.protocol, _Protocol):
        request.protocol.handling()
    return await handler(request)


def expect_limits(limits: Limits, refusals: _Throttled) -> Callable[[web.Request], Awaitable[Any]]:
    """``Expect: 100-continue``: a declared body over the cap is refused (413) before the client sends it."""

    async def expect(request: web.Request) -> web.StreamResponse | None:
        if request.headers.get("Expect", "").lower() != "100-continue" or request.version < (1, 1):
            raise web.HTTPExpectationFailed()
        declared = request.content_length
        if declared is not None and declared > limits.max_body_bytes:
            refusals.warn("413", "refused a request to %s: a declared body of %s bytes, over the %s-byte limit",
                           request.path, f"{declared:,}", f"{limits.max_body_bytes:,}")
            return _refuse(413)
        await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        request.writer.output_size = 0  # type: ignore[attr-defined] - the response proper has not started
        return None

    return expect


# --- connections: a bounded number, each with a deadline for its request head ---------------------------

def address_key(peer: Any) -> str:
    """Whose connection this is, for the per-address limit: the IP address (an IPv6 client's /64, which
    one host commonly holds whole; an IPv4-mapped address as IPv4); "" when unknown (a Unix socket).

    >>> address_key(("203.0.113.7", 50512)), address_key(("2001:db8:1:2:aa::1", 443, 0, 0))
    ('203.0.113.7', '2001:db8:1:2::/64')
    >>> address_key(("::ffff:203.0.113.7", 1, 0, 0)), address_key(None)
    ('203.0.113.7', '')
    """
    try:
        ip = ipaddress.ip_address(peer[0])
    except (TypeError, IndexError, ValueError):
        return ""
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def fit_open_files(limits: Limits) -> Limits:
    """Raise this process's soft limit on open files (RLIMIT_NOFILE) towards its hard limit so that
    `limits.max_connections` sockets fit beside `OTHER_FILES`; when even the hard limit is lower, the
    connection limit is lowered to fit (with one warning) rather than failing with EMFILE under load."""
    need = limits.max_connections + OTHER_FILES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(hard, need)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    if soft == resource.RLIM_INFINITY or soft >= need:
        return limits
    fitted = max(16, soft - OTHER_FILES)
    log.warning("this process may open only %d files (ulimit -n; hard limit %s): serving at most %d connections, "
                "not RULEBOT_MAX_CONNECTIONS=%d", soft, hard, fitted, limits.max_connections)
    return replace(limits, max_connections=fitted)


class _Protocol(RequestHandler):
    """aiohttp's connection handler, plus admission (`_LimitedServer.admit`) and a head timer:
    armed when the connection opens and at the first byte of each later request, cancelled
    when a complete request head has been parsed.  The connection is *waiting* (may be closed to
    admit another) except while a handler runs on one of its requests."""

    def __init__(self, manager: "_LimitedServer", *, head_timeout: float, **kwargs: Any):
        super().__init__(manager, **kwargs)
        self._limited = manager
        self._head_timeout = head_timeout
        self._head_timer: asyncio.TimerHandle | None = None
        self._awaiting_head = True
        self._admitted = False  # aiohttp's connection_made ran
        self.address = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.address = address_key(transport.get_extra_info("peername"))
        if not self._limited.admit(self):
            transport.write(BUSY)  # type: ignore[attr-defined]
            transport.close()
            return
        self._admitted = True
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: BaseException | None) -> None:
        if not self._admitted:
            return
        self._admitted = False
        self._disarm()
        self._limited.release(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if data and self._awaiting_head:
            self._arm()
        parsed = self._request_count
        super().data_received(data)
        if self._request_count != parsed:  # a complete head (or a malformed one, answered 400)
            self._awaiting_head = False
            self._disarm()

    def handling(self) -> None:
        """A handler runs on a complete request: not to be closed to admit another connection."""
        self._limited.busy(self)

    async def finish_response(self, request, resp, start_time):  # type: ignore[no-untyped-def]
        result = await super().finish_response(request, resp, start_time)
        self._limited.waiting(self)  # waits again: for the next request (or the body of one already headed)
        if not self._messages:  # the next request's head is owed (its timer starts at its first byte)
            self._awaiting_head = True
        return result

    def evict(self) -> None:
        """Closed to admit a newer connection: it has handed no complete request to a handler."""
        self._disarm()
        self.force_close()

    def _arm(self) -> None:
        if self._head_timer is None and self._head_timeout > 0:
            self._head_timer = self._loop.call_later(self._head_timeout, self._head_expired)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_expired(self) -> None:
        self._head_timer = None
        if self._awaiting_head and self.transport is not None:
            self._limited.refusals.warn("head", "closed a connection that sent no complete request head "
                                        "within %.3g s", self._head_timeout)
            self.force_close()


class _LimitedServer(Server):
    """aiohttp's `Server` making `_Protocol`s and counting open connections, in all and per address.

    Waiting connections are kept in the order they began to wait (a dict keeps insertion order), so
    the oldest is found at once, in all and for one address."""

    def __init__(self, handler: Any, *, limits: Limits, **kwargs: Any):
        super().__init__(handler, **kwargs)
        self.limits = limits
        self.open = 0  # admitted connections, not yet lost or evicted
        self.refused = 0  # connections refused in the current burst
        self.evicted = 0  # waiting connections closed to admit newer ones (since the start)
        self.refusals = _Throttled()
        self._counted: set[_Protocol] = set()
        self._by_address: Counter[str] = Counter()
        self._waiting: dict[_Protocol, None] = {}
        self._waiting_at: dict[str, dict[_Protocol, None]] = {}

    def __call__(self) -> RequestHandler:
        return _Protocol(self, head_timeout=self.limits.read_timeout, loop=self._loop, **self._kwargs)

    def admit(self, proto: _Protocol) -> bool:
        """Room for `proto`: under both limits, or made by closing the oldest waiting connection of its
        address (over the per-address limit) or of all (over the limit); False when all are busy."""
        per_address = self.limits.max_connections_per_address
        if per_address > 0 and self._by_address[proto.address] >= per_address:
            if not self._evict_oldest(self._waiting_at.get(proto.address)):
                return self._refuse(f"{self._by_address[proto.address]} are open from {proto.address or 'one address'}"
                                    f", the limit per address (RULEBOT_MAX_CONNECTIONS_PER_ADDRESS)")
        if self.open >= self.limits.max_connections and not self._evict_oldest(self._waiting):
            return self._refuse(f"{self.open} are open, the limit (RULEBOT_MAX_CONNECTIONS)")
        self.open += 1
        self._by_address[proto.address] += 1
        self._counted.add(proto)
        self.waiting(proto)
        return True

    def _refuse(self, why: str) -> bool:
        if not self.refused:
            log.warning("refusing new connections: %s, all of them busy; further refusals are counted until the "
                        "load eases", why)
        self.refused += 1
        return False

    def _evict_oldest(self, waiting: dict[_Protocol, None] | None) -> bool:
        if not waiting:
            return False
        oldest = next(iter(waiting))
        self.release(oldest)
        oldest.evict()
        self.evicted += 1
        self.refusals.warn("evict", "closed a connection that had handed over no complete request, the oldest "
                           "such, to admit a new one (%d open, %d evicted so far)", self.open, self.evicted)
        return True

    def waiting(self, proto: _Protocol) -> None:
        if proto in self._counted:
            self.busy(proto)
            self._waiting[proto] = None
            self._waiting_at.setdefault(proto.address, {})[proto] = None

    def busy(self, proto: _Protocol) -> None:
        self._waiting.pop(proto, None)
        at = self._waiting_at.get(proto.address)
        if at is not None:
            at.pop(proto, None)
            if not at:
                del self._waiting_at[proto.address]

    def release(self, proto: _Protocol) -> None:
        if proto not in self._counted:
            return  # evicted before it was lost
        self.busy(proto)
        self._counted.discard(proto)
        self.open -= 1
        self._by_address[proto.address] -= 1
        if not self._by_address[proto.address]:
            del self._by_address[proto.address]
        if self.refused and self.open <= self.limits.max_connections * 3 // 4:
            log.warning("accepting connections again (%d refused while at the limit)", self.refused)
            self.refused = 0


class _Runner(web.AppRunner):
    """`web.AppRunner` serving through `_LimitedServer`."""

    def __init__(self, app: web.Application, *, limits: Limits, **kwargs: Any):
        super().__init__(app, **kwargs)
        self._limits = limits

    async def _make_server(self) -> Server:
        plain = await super()._make_server()
        server = _LimitedServer(plain.request_handler, request_factory=plain.request_factory, loop=plain._loop,
                                handler_cancellation=plain.handler_cancellation, limits=self._limits,
                                **plain._kwargs)
        return server


# --- the application -------------------------------------------------------------------------------------

def _probe_response(found: Any) -> web.Response:
    if isinstance(found, tuple):
        status, ctype, body = found
    else:
        status, ctype, body = found.status, found.content_type, found.body
    return web.Response(status=int(status), body=body.encode("utf-8") if isinstance(body, str) else body,
                        headers={"Content-Type": ctype})


def probe_handler(probes: Probes, pool: ThreadPoolExecutor | None = None) -> Handler:
    """``GET`` handler answering with ``probes(path)``, run off the loop (readiness may load the model) on
    `pool`: threads of their own, so /readyz answers even when every other pool is busy."""

    async def handle(request: web.Request) -> web.StreamResponse:
        found = await asyncio.get_running_loop().run_in_executor(pool, probes, request.path)
        if found is None:
            raise web.HTTPNotFound()
        return _probe_response(found)

    return handle


def build_app(settings: Any, mounts: Iterable[Mount], *, probes: Probes | None) -> web.Application:
    """The aiohttp application: every mount's routes, the probes, the body limits, the cleanups.

    Serve it with `run`, `serving` or `Background` (they add the connection limits)."""
    limits = Limits.from_settings(settings)
    refusals = _Throttled()
    app = web.Application(client_max_size=limits.max_body_bytes, middlewares=[body_limits(limits, refusals)])
    app[LIMITS_KEY] = limits
    for mount in mounts:
        for method, path, handler in mount.routes:
            app.router.add_route(method, path, handler, expect_handler=expect_limits(limits, refusals))
        if mount.startup is not None:
            app.on_startup.append(_hook(mount.startup))
        if mount.cleanup is not None:
            app.on_cleanup.append(_hook(mount.cleanup))
    if probes is not None:
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="rulebot-probe")
        handle = probe_handler(probes, pool)
        for path in PROBE_PATHS:
            app.router.add_get(path, handle)

        async def stop_probes() -> None:
            pool.shutdown(wait=False, cancel_futures=True)

        app.on_cleanup.append(_hook(stop_probes))
    return app


def _hook(run: Callable[[], Awaitable[None]]) -> Callable[[web.Application], Awaitable[None]]:
    """aiohttp's ``on_startup``/``on_cleanup`` signal for a mount's hook."""
    async def hook(_app: web.Application) -> None:
        await run()

    return hook


# --- serving ------------------------------------------------------------------------------------------

@dataclass
class Serving:
    """A running server: where it listens, and how many connections it holds."""

    host: str
    port: int
    runner: web.AppRunner

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def open_connections(self) -> int:
        server = self.runner.server
        return server.open if isinstance(server, _LimitedServer) else 0


@contextlib.asynccontextmanager
async def serving(app: web.Application, *, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[Serving]:
    """Serve `app` (from `build_app`) in the running loop; port 0 = a free port (see `.port`).
    On exit, open connections are closed, in-flight requests get `SHUTDOWN_SECONDS`, the cleanups run."""
    limits = fit_open_files(app.get(LIMITS_KEY) or Limits())
    runner = _Runner(app, limits=limits, access_log=None, keepalive_timeout=limits.keepalive_timeout,
                     lingering_time=0, shutdown_timeout=SHUTDOWN_SECONDS)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, backlog=max(128, limits.max_connections))
        await site.start()
        yield Serving(host, site.port, runner)
    finally:
        await runner.cleanup()


class Background:
    """`serving` on its own thread and event loop, for tests and benchmarks.

        with Background(build_app(settings, mounts, probes=None)) as srv:
            urllib.request.urlopen(f"{srv.url}/slack/events", ...)
    """

    def __init__(self, app: web.Application, *, host: str = "127.0.0.1", port: int = 0):
        self.app = app
        self.host = host
        self.port = port
        self.serving: Serving | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="rulebot-http", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def open_connections(self) -> int:
        return self.serving.open_connections if self.serving else 0

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # noqa: BLE001 - handed to the starting thread
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        async with serving(self.app, host=self.host, port=self.port) as srv:
            self.serving, self.port = srv, srv.port
            self._ready.set()
            await self._stop.wait()

    def start(self, timeout: float = 10.0) -> "Background":
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError(f"the server did not start within {timeout} s")
        if self._error is not None:
            raise self._error
        return self

    def stop(self, timeout: float = SHUTDOWN_SECONDS + 5) -> None:
        if self._loop is not None and self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def __enter__(self) -> "Background":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def run(settings: Any, mounts: Iterable[Mount], *, host: str = "127.0.0.1", port: int, probes: Probes | None,
        announce: Callable[[str], Any] = print) -> None:
    """Serve until SIGINT or SIGTERM, then shut down cleanly (the mounts' cleanups run).
    `announce` gets one line with the address once the port is bound."""
    serve_app(build_app(settings, mounts, probes=probes), host=host, port=port, announce=announce)


def serve_app(app: web.Application, *, host: str = "127.0.0.1", port: int,
              announce: Callable[[str], Any] = print) -> None:
    """`run` for an application already built (`build_app`)."""
    asyncio.run(_until_signalled(app, host, port, announce))


def served_routes(app: web.Application) -> tuple[str, ...]:
    """What `app` answers, as ``METHOD /path`` (HEAD, which aiohttp adds to each GET, left out).

    >>> async def handler(request): ...
    >>> app = web.Application()
    >>> _ = app.router.add_post("/api/messages", handler), app.router.add_get("/healthz", handler)
    >>> served_routes(app)
    ('POST /api/messages', 'GET /healthz')
    """
    found = (f"{r.method} {r.resource.canonical}" for r in app.router.routes()
             if r.method != "HEAD" and r.resource is not None)
    return tuple(dict.fromkeys(found))


async def _until_signalled(app: web.Application, host: str, port: int, announce: Callable[[str], Any]) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        loop.add_signal_handler(sig, stop.set)
    try:
        async with serving(app, host=host, port=port) as srv:
            announce(f"rulebot listening on {srv.url}")
            await stop.wait()
            log.info("stopping: closing connections, finishing requests in flight")
    finally:
        for sig, handler in previous.items():
            loop.remove_signal_handler(sig)
            signal.signal(sig, handler)
