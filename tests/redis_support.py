"""A real `redis-server` for tests, on a free loopback port in a temp dir.

`RedisServer` can be stopped and started again on the SAME port and dir, so a test can
simulate an outage and its recovery, and check that what Redis acknowledged (with
``appendfsync always``) survives a restart.  The `redis_server` fixture gives each test
its own server (starting one takes a few milliseconds); import it from a conftest or a
test module:

    from redis_support import redis_server  # noqa: F401  (a pytest fixture)

No redis-server on PATH fails the test with how to install it (never a silent skip).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

INSTALL_HINT = ("redis-server is not installed: `apt-get install -y redis-server` "
                "(CI's .ci/run installs it when it is missing).")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """One `redis-server` process (no daemon, AOF on, fsync on every write); `with RedisServer() as s: s.url`."""

    def __init__(self, *, port: int | None = None, dir: Path | str | None = None, ready_timeout: float = 10.0):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise FileNotFoundError(INSTALL_HINT)
        self._own_dir = dir is None
        self.dir = Path(dir) if dir is not None else Path(tempfile.mkdtemp(prefix="rulebot-redis-"))
        self.port = port or free_port()
        self.ready_timeout = ready_timeout
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log_path(self) -> Path:
        return self.dir / "redis.log"

    def start(self) -> "RedisServer":
        """Start (again) on the same port and dir; returns once it answers PING."""
        if self.proc is not None and self.proc.poll() is None:
            return self
        args = [self.binary, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--dir", str(self.dir), "--port", str(self.port), "--bind", "127.0.0.1", "--daemonize", "no",
                "--hz", "100"]  # serverCron, which acts on SIGTERM, runs every 10 ms: a quick stop()
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}:\n{self._log_tail()}")
            if self.ping():
                return
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not answer PING within {self.ready_timeout} s:\n"
                                   f"{self._log_tail()}")
            time.sleep(0.005)

    def ping(self) -> bool:
        """True when the server answers PING with PONG (not while it is still loading its AOF)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Terminate (redis flushes its AOF on SIGTERM) and wait for the process to end."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.cleanup()

    def __repr__(self) -> str:
        running = self.proc is not None and self.proc.poll() is None
        return f"RedisServer(url={self.url!r}, {'running' if running else 'stopped'})"


@pytest.fixture
def redis_server(tmp_path):
    """A running `RedisServer` of this test's own (stop/start it to simulate an outage)."""
    try:
        server = RedisServer(dir=tmp_path / "redis")
    except FileNotFoundError as e:
        pytest.fail(str(e), pytrace=False)
    server.dir.mkdir(parents=True, exist_ok=True)
    with server:
        yield server


class RoundTrips:
    """A loopback TCP proxy in front of a Redis server that counts round trips: a client speaking again after
    the server has answered it.  A plain command is one, so is a pipeline or a script; `url` is where clients
    connect instead of the server.

        with RoundTrips(server.port) as trips:
            st = RedisState(trips.url)
            before = trips.count
            st.claim("k", ttl=60)
            assert trips.count - before == 1

    `connections` counts the clients' connections (redis-py speaks a few times on each new one)."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.count = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._stopped = False
        self._thread = threading.Thread(target=self._accept, name="redis-round-trips", daemon=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            turn = ["server"]  # who spoke last on this connection
            with self._lock:
                self.connections += 1
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, "client", turn), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, "server", turn), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, side: str, turn: list[str]) -> None:
        try:
            while data := src.recv(65536):
                with self._lock:  # counted before it is passed on: the answer cannot overtake it
                    if side == "client" and turn[0] == "server":
                        self.count += 1
                    turn[0] = side
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def start(self) -> "RoundTrips":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped = True
        self._listener.close()
        with self._lock:
            for s in self._sockets:
                with contextlib.suppress(OSError):
                    s.close()

    def __enter__(self) -> "RoundTrips":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
