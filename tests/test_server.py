"""The one HTTP server (`bot.edges.server`) and the Slack edge on it (`bot.slack.http`), over real sockets.

A real Bolt app (its Web API client pointed at the loopback Slack stand-in) acks ``/ping``
with "pong"; an ``/echo`` handler counts its calls, so a refused request can be shown never to
reach a handler.  No embedding model: nothing here uses the `engine` fixtures.  The server runs
with a 1-second read timeout, so the limits show within seconds; every wait polls a condition
against a deadline.
"""

from __future__ import annotations

import asyncio
import http.client
import logging
import os
import selectors
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiohttp import web
from multidict import CIMultiDict
from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.edges.server import Background, Mount, build_app, run
from bot.settings import Settings
from bot.slack.http import EVENTS_PATH, slack_events_handler, to_aiohttp_response, to_bolt_request
from slack_standin import SlackAPIStandIn, SlackSender
from fixtures.waiting import wait_until

SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
READ_TIMEOUT = 1.0
MAX_BODY = 4096


def settings(tmp, **limits) -> Settings:
    return Settings.load(env={"RULEBOT_HOME": str(tmp), "SLACK_SIGNING_SECRET": SECRET}, **limits)


def ping_app(slack: SlackAPIStandIn) -> App:
    app = App(client=WebClient(token=slack.token, base_url=slack.api_url), signing_secret=SECRET)

    @app.command("/ping")
    def ping(ack):
        ack("pong")

    return app


class Exploding:
    """An app whose dispatch fails (the handler must answer a bare 500)."""

    def dispatch(self, request):
        raise RuntimeError("xoxb-secret-detail")


def serve(tmp, slack, executor, *, probes=None, **limits) -> SimpleNamespace:
    echoed: list[bytes] = []
    cleaned: list[str] = []
    gate = threading.Event()  # GET /hold answers once it is set: its connection stays busy until then

    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        echoed.append(body)
        return web.Response(body=body[::-1])

    async def hold(request: web.Request) -> web.Response:
        await asyncio.get_running_loop().run_in_executor(None, gate.wait, 30)
        return web.Response(text="held")

    async def cleanup() -> None:
        cleaned.append("echo")

    mounts = [Mount(routes=(("POST", EVENTS_PATH, slack_events_handler(ping_app(slack), executor=executor)),
                            ("POST", "/boom", slack_events_handler(Exploding(), executor=executor)))),
              Mount(routes=(("POST", "/echo", echo), ("GET", "/hold", hold)), cleanup=cleanup)]
    srv = Background(build_app(settings(tmp, **limits), mounts, probes=probes)).start()
    return SimpleNamespace(srv=srv, echoed=echoed, cleaned=cleaned, gate=gate,
                           send=SlackSender(f"{srv.url}{EVENTS_PATH}", SECRET))


@pytest.fixture(scope="module")
def slack():
    with SlackAPIStandIn() as s:
        yield s


@pytest.fixture(scope="module")
def executor():
    with ThreadPoolExecutor(4, thread_name_prefix="test-slack-ack") as pool:
        yield pool


@pytest.fixture(scope="module")
def probed():
    return []


@pytest.fixture(scope="module")
def bot(slack, executor, probed, tmp_path_factory):
    def probes(path):
        probed.append(path)
        return (200, "text/plain; version=0.0.4", b"rulebot_up 1\n") if path == "/metrics" else (
            200, "application/json", '{"ok": true}')

    b = serve(tmp_path_factory.mktemp("server"), slack, executor, probes=probes, read_timeout=READ_TIMEOUT,
              max_body_bytes=MAX_BODY, max_connections=512, max_connections_per_address=512)
    yield b
    b.srv.stop()


def connect(srv: Background, source: str = "") -> socket.socket:
    """A connection to the server, from `source` (another loopback address, 127.0.0.2...) when given."""
    return socket.create_connection(("127.0.0.1", srv.port), timeout=10,
                                    source_address=(source, 0) if source else None)


def read_to_close(sock: socket.socket, timeout: float = 10.0) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    t0 = time.monotonic()
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    return data, time.monotonic() - t0


# --- the Slack edge -------------------------------------------------------------------------------------

def test_a_signed_command_is_acked_by_the_bolt_app(bot):
    sent = bot.send.command("/ping", "")
    assert (sent.status, sent.body) == (200, "pong")


@pytest.mark.parametrize("kw", [{"signature": "v0=" + "0" * 64},  # forged
                                {"timestamp": int(time.time()) - 600}],  # replayed: 10 minutes old
                         ids=["bad signature", "stale timestamp"])
def test_bolt_refuses_unsigned_and_stale_requests(bot, kw):
    assert bot.send.command("/ping", "", **kw).status == 401


def test_a_failing_dispatch_is_a_bare_500(bot):
    sender = SlackSender(f"{bot.srv.url}/boom", SECRET)
    sent = sender.command("/ping", "")
    assert sent.status == 500 and "secret" not in sent.body


@pytest.mark.parametrize("headers, expected", [
    ({"Content-Type": "application/x-www-form-urlencoded"}, {"content-type": ["application/x-www-form-urlencoded"]}),
    (CIMultiDict([("X-Slack-Retry-Num", "1"), ("x-slack-retry-num", "2")]), {"x-slack-retry-num": ["1", "2"]}),
])
def test_to_bolt_request_lower_cases_headers_as_lists(headers, expected):
    req = to_bolt_request(b"a=1", "q=2", headers)
    assert req.raw_body == "a=1" and req.query == {"q": ["2"]}
    assert {k: v for k, v in req.headers.items() if k in expected} == expected


def test_to_aiohttp_response_keeps_status_headers_and_body():
    resp = to_aiohttp_response(BoltResponse(status=201, body={"ok": True},
                                            headers={"content-type": "application/json", "content-length": "999",
                                                     "x-multi": ["a", "b"]}))
    assert resp.status == 201 and resp.body == b'{"ok": true}'
    assert resp.headers.getall("x-multi") == ["a", "b"] and "content-length" not in resp.headers


# --- probes and routing -------------------------------------------------------------------------------

@pytest.mark.parametrize("path, status, ctype, body", [
    ("/healthz", 200, "application/json", b'{"ok": true}'),
    ("/readyz", 200, "application/json", b'{"ok": true}'),
    ("/metrics", 200, "text/plain; version=0.0.4", b"rulebot_up 1\n"),
])
def test_probe_paths_go_to_the_probes_callable(bot, probed, path, status, ctype, body):
    conn = http.client.HTTPConnection("127.0.0.1", bot.srv.port, timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    assert (resp.status, resp.getheader("Content-Type"), resp.read()) == (status, ctype, body)
    assert probed[-1] == path


def test_an_unknown_path_is_404(bot, probed):
    conn = http.client.HTTPConnection("127.0.0.1", bot.srv.port, timeout=10)
    before = len(probed)
    conn.request("GET", "/nope")
    assert conn.getresponse().status == 404 and len(probed) == before


def test_the_ops_probe_object_is_served_too(slack, executor, tmp_path):
    from bot.edges.ops import probe

    b = serve(tmp_path, slack, executor, probes=lambda path: probe(path, None))
    try:
        conn = http.client.HTTPConnection("127.0.0.1", b.srv.port, timeout=10)
        conn.request("GET", "/readyz")
        resp = conn.getresponse()
        assert resp.status == 503 and b"no engine" in resp.read()
    finally:
        b.srv.stop()
    assert b.cleaned == ["echo"]  # the mount's cleanup ran on stop


# --- body limits ----------------------------------------------------------------------------------------

def test_a_small_body_reaches_the_handler(bot):
    conn = http.client.HTTPConnection("127.0.0.1", bot.srv.port, timeout=10)
    conn.request("POST", "/echo", body=b"abc")
    assert conn.getresponse().read() == b"cba"


def test_a_declared_body_over_the_cap_is_refused_unread(bot):
    before = len(bot.echoed)
    sock = connect(bot.srv)
    sock.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % (MAX_BODY + 1))
    data, seconds = read_to_close(sock)
    assert data.startswith(b"HTTP/1.1 413") and seconds < READ_TIMEOUT / 2
    assert len(bot.echoed) == before


def test_expect_100_continue_is_refused_before_an_over_cap_body_is_sent(bot):
    before = len(bot.echoed)
    sock = connect(bot.srv)
    sock.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n"
                 % (MAX_BODY + 1))
    data, _ = read_to_close(sock)
    assert data.startswith(b"HTTP/1.1 413") and b"100 Continue" not in data and len(bot.echoed) == before

    sock = connect(bot.srv)
    sock.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nExpect: 100-continue\r\n"
                 b"Content-Length: 3\r\n\r\n")
    assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
    sock.sendall(b"abc")
    data, _ = read_to_close(sock)
    assert data.startswith(b"HTTP/1.1 200") and data.endswith(b"cba")


def test_a_chunked_body_growing_past_the_cap_is_refused(bot):
    before = len(bot.echoed)
    sock = connect(bot.srv)
    chunk = b"%x\r\n%s\r\n" % (1024, b"x" * 1024)
    sock.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 5)
    data, _ = read_to_close(sock)
    assert data.startswith(b"HTTP/1.1 413") and len(bot.echoed) == before


def test_a_chunked_body_under_the_cap_is_read(bot):
    sock = connect(bot.srv)
    sock.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
    data, _ = read_to_close(sock)
    assert data.startswith(b"HTTP/1.1 200") and data.endswith(b"edcba")


# --- time limits ----------------------------------------------------------------------------------------

def test_a_request_head_never_completed_is_closed_after_the_read_timeout(bot):
    sock = connect(bot.srv)
    sock.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\n")  # no blank line: the head never ends
    data, seconds = read_to_close(sock)
    assert data == b"" and READ_TIMEOUT * 0.8 < seconds < READ_TIMEOUT + 2


def test_a_kept_alive_connection_owes_its_next_head_within_the_read_timeout(bot):
    conn = http.client.HTTPConnection("127.0.0.1", bot.srv.port, timeout=10)
    conn.request("POST", "/echo", body=b"one")
    assert conn.getresponse().read() == b"eno"
    conn.request("POST", "/echo", body=b"two")  # the same connection, kept alive
    assert conn.getresponse().read() == b"owt"
    conn.sock.sendall(b"GET /healthz HTTP/1.1\r\n")  # a third head, started and never finished
    data, seconds = read_to_close(conn.sock)
    assert data == b"" and seconds < READ_TIMEOUT + 2


def test_stalled_bodies_are_closed_on_time_with_bounded_threads_while_signed_requests_are_answered(bot):
    for _ in range(3):  # warm the executors, so their threads are counted in `before`
        assert bot.send.command("/ping", "").status == 200
    before_threads = threading.active_count()
    before_echoes = len(bot.echoed)
    sel = selectors.DefaultSelector()
    t0 = time.monotonic()
    for _ in range(300):
        s = connect(bot.srv)
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n")
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, b"")
    opened = time.monotonic() - t0
    wait_until(lambda: bot.srv.open_connections >= 300, 5, "the server holds the 300 stalled connections")
    during_threads = threading.active_count()

    closed: dict[socket.socket, float] = {}
    replies: dict[socket.socket, bytes] = {}
    latencies: list[float] = []
    deadline = t0 + opened + READ_TIMEOUT + 3
    while len(closed) < 300 and time.monotonic() < deadline:
        sent = bot.send.command("/ping", "")  # Slack keeps being answered meanwhile
        assert (sent.status, sent.body) == (200, "pong")
        latencies.append(sent.seconds)
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                chunk = s.recv(4096)
            except ConnectionResetError:
                chunk = b""
            if chunk:
                replies[s] = replies.get(s, b"") + chunk
            else:
                closed[s] = time.monotonic() - t0
                sel.unregister(s)
                s.close()
    for key in list(sel.get_map().values()):
        key.fileobj.close()

    assert len(closed) == 300, f"{300 - len(closed)} stalled connections still open"
    assert max(closed.values()) < opened + READ_TIMEOUT + 2
    assert all(r.startswith(b"HTTP/1.1 408") for r in replies.values()) and len(replies) == 300
    assert len(bot.echoed) == before_echoes  # the handler never saw them
    assert during_threads - before_threads < 10, (before_threads, during_threads)
    # acked within 3 s each (issue 23), and most at once: one ping right after the 300 connections were opened took
    # 0.61 s on a loaded 2-core CI (session 51), so the bound on every one is the issue's, the tight one the median's
    assert latencies and max(latencies) < 3.0 and sorted(latencies)[len(latencies) // 2] < 0.5, latencies
    wait_until(lambda: bot.srv.open_connections <= 2, 5, "the server let go of the stalled connections")


# --- the connection limits ------------------------------------------------------------------------------

STALLS = {"head": b"POST /echo HTTP/1.1\r\nHost: t\r\n",  # the head never ends
          "body": b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n"}  # the body never comes


def stall(srv: Background, n: int, *, source: str = "", kind: str = "body") -> list[socket.socket]:
    """`n` connections that send a request head (or part of one) and then nothing, oldest first."""
    out = []
    for i in range(n):
        s = connect(srv, source)
        s.sendall(STALLS[kind] if kind in STALLS else list(STALLS.values())[i % 2])
        out.append(s)
    return out


def closed_by_server(sock: socket.socket) -> bool:
    """True when the server has closed `sock` (whatever it sent first); False while it stays open."""
    sock.setblocking(False)
    try:
        while sock.recv(65536):
            pass
        return True
    except BlockingIOError:
        return False
    except OSError:  # reset
        return True


def open_files_for(connections: int) -> None:
    """Skip when this process may not open both ends of `connections` sockets (the server raises its soft
    limit to the hard one when it starts; the hard limit is the machine's)."""
    import resource

    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard < 2 * connections + 512:
        pytest.skip(f"the hard limit on open files ({hard}) is below both ends of {connections} connections")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


@pytest.mark.parametrize("soft, hard, then_soft, connections", [
    (512, 8192, 4096 + 256, 4096),  # raised to fit the default 4,096 connections and 256 other files
    (512, 1024, 1024, 1024 - 256),  # the hard limit is short: the connections are fitted to it
])
def test_the_open_file_limit_is_raised_to_fit_the_connections_or_they_are_fitted_to_it(soft, hard, then_soft,
                                                                                        connections):
    import subprocess
    import sys

    code = ("import resource\n"
            f"resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard}))\n"
            "from bot.edges.server import Limits, fit_open_files\n"
            "limits = fit_open_files(Limits())\n"
            "print(resource.getrlimit(resource.RLIMIT_NOFILE)[0], limits.max_connections)\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                         capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == [str(then_soft), str(connections)], run.stderr
    assert ("serving at most" in run.stderr) == (connections < 4096)


def test_when_every_connection_is_busy_new_ones_get_503_at_once_logged_once(slack, executor, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="rulebot.server")
    b = serve(tmp_path, slack, executor, probes=lambda path: (200, "text/plain", "ok"), read_timeout=5.0,
              max_connections=4)
    try:
        busy = [connect(b.srv) for _ in range(4)]
        for s in busy:
            s.sendall(b"GET /hold HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        wait_until(lambda: b.srv.open_connections == 4, 5, "four connections admitted")
        time.sleep(0.2)  # let the four reach their handler (nothing to poll from outside)
        for _ in range(3):
            data, seconds = read_to_close(connect(b.srv))
            assert data.startswith(b"HTTP/1.1 503") and seconds < 1
        b.gate.set()  # the busy ones are answered, not dropped
        for s in busy:
            data, _ = read_to_close(s)
            assert data.startswith(b"HTTP/1.1 200") and data.endswith(b"held")
        wait_until(lambda: b.srv.open_connections == 0, 5, "the served connections released")
        fresh = connect(b.srv)
        fresh.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        assert read_to_close(fresh)[0].startswith(b"HTTP/1.1 200")
    finally:
        b.gate.set()
        b.srv.stop()
    refusing = [r for r in caplog.records if r.getMessage().startswith("refusing new connections")]
    assert len(refusing) == 1


def test_at_the_limit_the_oldest_stalled_connection_makes_room_and_signed_requests_are_answered(
        slack, executor, tmp_path):
    """300 stalled connections (heads never finished, bodies never sent) against a limit of 64: each new
    connection closes the oldest stalled one, a busy one is never closed, and every signed request is
    answered within 3 s."""
    b = serve(tmp_path, slack, executor, read_timeout=30.0, max_connections=64, max_connections_per_address=0)
    try:
        busy = connect(b.srv)
        busy.sendall(b"GET /hold HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        wait_until(lambda: b.srv.open_connections == 1, 5, "the busy connection admitted")
        time.sleep(0.2)  # let it reach its handler
        stalled = stall(b.srv, 300, kind="mixed")
        wait_until(lambda: closed_by_server(stalled[300 - 64]), 5, "the oldest stalled connections closed")
        acks = [b.send.command("/ping", "") for _ in range(40)]
        assert [(a.status, a.body) for a in acks] == [(200, "pong")] * 40
        assert max(a.seconds for a in acks) < 3, [round(a.seconds, 3) for a in acks]
        assert b.srv.open_connections <= 64
        closed = [closed_by_server(s) for s in stalled]
        cut = closed.index(False)
        assert all(closed[:cut]) and not any(closed[cut:]), "closed oldest first"
        assert 300 - cut >= 64 - 1 - 40 - 1  # the newest stalled ones are still held
        b.gate.set()
        data, _ = read_to_close(busy)
        assert data.startswith(b"HTTP/1.1 200") and data.endswith(b"held")
        for s in stalled:
            s.close()
    finally:
        b.gate.set()
        b.srv.stop()


def test_a_connection_lost_before_its_body_is_read_is_no_traceback_and_a_real_error_still_is(tmp_path, caplog):
    """Past the connection limit, a connection closed to admit another can be lost between its head and the first
    read of its body: aiohttp then raised "Connection closed." and logged it as an error with a 15-line traceback
    (53 in a run of 6,000 stalled connections).  Built here exactly: the connection closed just before its body is
    read.  Nothing is logged at error for it, nothing is sent; a handler's own error is still logged with its
    traceback."""
    caplog.set_level(logging.DEBUG)

    async def broken(request: web.Request) -> web.Response:
        raise RuntimeError("a real error in a handler")

    async def echo(request: web.Request) -> web.Response:
        return web.Response(body=await request.read())

    @web.middleware
    async def lose_it(request: web.Request, handler):  # closed as an eviction closes it, once the body's read began
        if request.path == "/lost":
            asyncio.get_running_loop().call_soon(request.protocol.evict)
        return await handler(request)

    app = build_app(settings(tmp_path), [Mount(routes=(("POST", "/lost", echo), ("POST", "/broken", broken)))],
                    probes=None)
    app.middlewares.insert(0, lose_it)
    srv = Background(app).start()
    try:
        for _ in range(20):
            sock = connect(srv)
            sock.sendall(b"POST /lost HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n")
            assert read_to_close(sock)[0] == b"", "nobody to answer"
            sock.close()
        wait_until(lambda: sum("lost its connection before its body was read" in r.getMessage()
                               for r in caplog.records) == 20, 10, "the twenty connections lost")
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        sock = connect(srv)
        sock.sendall(b"POST /broken HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        assert read_to_close(sock)[0].startswith(b"HTTP/1.1 500")
        errors = wait_until(lambda: [r for r in caplog.records if r.levelno >= logging.ERROR], 10, "the error logged")
        assert len(errors) == 1 and errors[0].exc_info and "a real error in a handler" in str(errors[0].exc_info[1])
    finally:
        srv.stop()


def test_one_address_past_its_limit_closes_its_own_stalled_connections_not_others(slack, executor, tmp_path):
    b = serve(tmp_path, slack, executor, read_timeout=30.0, max_connections=64, max_connections_per_address=16)
    try:
        others = stall(b.srv, 10, source="127.0.0.3")
        wait_until(lambda: b.srv.open_connections == 10, 5, "the other address's connections admitted")
        flood = stall(b.srv, 200, source="127.0.0.2")
        wait_until(lambda: closed_by_server(flood[200 - 16 - 1]), 5, "the flood's oldest closed")
        assert [(a.status, a.body) for a in (b.send.command("/ping", "") for _ in range(10))] == [(200, "pong")] * 10
        assert not any(closed_by_server(s) for s in others), "another address's connections were closed"
        assert not any(closed_by_server(s) for s in flood[-16:])  # the flood keeps its newest 16
        assert b.srv.open_connections <= 10 + 16 + 1
        for s in others + flood:
            s.close()
    finally:
        b.srv.stop()


def test_two_thousand_stalled_connections_and_a_reopening_client_leave_signed_requests_answered(
        slack, executor, tmp_path):
    """The default limits: 2,000 stalled connections from 8 addresses are all held (an async server keeps
    an idle socket for a few KB) with threads and memory bounded, while every signed request is acked
    within 3 s; then a client that re-opens each connection the server closes does not starve them either."""
    open_files_for(2400)
    defaults = Settings.load(env={})
    b = serve(tmp_path, slack, executor)  # the default limits: 4,096 connections, 256 per address, 10 s
    try:
        for _ in range(3):  # warm the executors, so their threads are counted in `before`
            assert b.send.command("/ping", "").status == 200
        threads, rss = threading.active_count(), rss_mb()
        stalled = [s for i in range(8) for s in stall(b.srv, 250, source=f"127.0.0.{2 + i}")]
        wait_until(lambda: b.srv.open_connections >= 2000, 10, "the server holds the 2,000 stalled connections")
        acks = [b.send.command("/ping", "") for _ in range(40)]
        assert sum(a.status == 200 for a in acks) == 40 and max(a.seconds for a in acks) < 3
        assert threading.active_count() - threads < 10
        assert rss_mb() - rss < 200, "memory grew by more than 200 MB for 2,000 connections (both ends)"
        assert not any(closed_by_server(s) for s in stalled[-100:])  # held, not refused: under the limits
        for s in stalled:
            s.close()
        wait_until(lambda: b.srv.open_connections <= 2, 10, "the server let go of them")

        stop = threading.Event()

        def reopen() -> None:  # one client keeping 300 stalled connections open, re-opening each that closes
            sel = selectors.DefaultSelector()
            for s in stall(b.srv, 300, source="127.0.0.2"):
                sel.register(s, selectors.EVENT_READ)
            while not stop.is_set():
                for key, _ in sel.select(timeout=0.05):
                    if closed_by_server(key.fileobj):
                        sel.unregister(key.fileobj)
                        key.fileobj.close()
                        sel.register(stall(b.srv, 1, source="127.0.0.2")[0], selectors.EVENT_READ)
            for key in list(sel.get_map().values()):
                key.fileobj.close()

        attacker = threading.Thread(target=reopen, daemon=True)
        attacker.start()
        try:
            wait_until(lambda: b.srv.open_connections >= defaults.max_connections_per_address, 10,
                       "the re-opening client at its limit")
            acks = [b.send.command("/ping", "") for _ in range(50)]
        finally:
            stop.set()
            attacker.join(10)
        assert sum(a.status == 200 for a in acks) == 50 and max(a.seconds for a in acks) < 3
    finally:
        b.srv.stop()


# --- run(): blocking, until a signal -----------------------------------------------------------------------

def test_run_serves_until_sigterm_then_runs_the_cleanups(tmp_path):
    cleaned: list[bool] = []
    answered: list[int] = []
    previous = signal.getsignal(signal.SIGTERM)

    async def cleanup() -> None:
        cleaned.append(True)

    def then_stop(url: str) -> None:
        conn = http.client.HTTPConnection(url.removeprefix("http://"), timeout=10)
        conn.request("GET", "/healthz")
        answered.append(conn.getresponse().status)
        os.kill(os.getpid(), signal.SIGTERM)

    def announce(line: str) -> None:
        threading.Thread(target=then_stop, args=(line.rsplit(" ", 1)[-1],), daemon=True).start()

    run(settings(tmp_path), [Mount(cleanup=cleanup)], port=0, probes=lambda path: (200, "text/plain", "ok"),
        announce=announce)
    assert answered == [200] and cleaned == [True]
    assert signal.getsignal(signal.SIGTERM) == previous
