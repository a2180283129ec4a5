"""A thin HTTP adapter: Bolt's request/response type over a threading `http.server`.

Bolt's own development server handles one request at a time; Slack expects
every request acknowledged within 3 seconds, so this one serves each request
on its own thread (acks are milliseconds; the answering happens in the
runtime's bounded pool).  `POST /slack/events` carries commands, events and
interactivity; `GET /healthz`, `/readyz` and `/metrics` are answered by `bot.ops.probe`.
A body over `MAX_BODY` is refused unread (413) and logged by its size and the
reason, never by its content.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from slack_bolt import App, BoltRequest, BoltResponse

log = logging.getLogger("rulebot.slack.http")
EVENTS_PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack's largest payloads (a view submission) are far smaller


class _Server(ThreadingHTTPServer):
    # Slack sends bursts: a listen backlog of 5 (the default) makes the 6th simultaneous
    # connection wait for a SYN retry (~1 s); allow a burst's worth.
    request_queue_size = 256
    daemon_threads = True


class SlackHTTPServer:
    """Serve `app` on `host:port` (port 0 = a free port, see `.port`)."""

    def __init__(self, app: App, *, host: str = "127.0.0.1", port: int = 0, path: str = EVENTS_PATH):
        self.app = app
        self.path = path
        self._thread: threading.Thread | None = None
        handler = _make_handler(app, path)
        self._httpd = _Server((host, port), handler)
        self._httpd.daemon_threads = True

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.path}"

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def start(self) -> "SlackHTTPServer":
        """Serve on a background thread (tests, benchmarks)."""
        self._thread = threading.Thread(target=self.serve_forever, name="rulebot-slack-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> "SlackHTTPServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def to_bolt_request(body: bytes, query: str, headers) -> BoltRequest:
    return BoltRequest(body=body.decode("utf-8"), query=query,
                       headers={k.lower(): [v] for k, v in headers.items()})


def _make_handler(app: App, path: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "rulebot"

        def log_message(self, fmt: str, *args) -> None:
            log.debug("%s " + fmt, self.address_string(), *args)

        def do_GET(self) -> None:
            from bot.ops import probe  # GET /healthz, /readyz, /metrics

            found = probe(self.path, getattr(getattr(app, "rulebot_runtime", None), "engine", None))
            if found is None:
                self._send(404, {}, "")
            else:
                self._send(found.status, {"Content-Type": found.content_type}, found.body.decode("utf-8"))

        def do_POST(self) -> None:
            request_path, _, query = self.path.partition("?")
            declared = self.headers.get("Content-Length") or "0"
            length = int(declared) if declared.isdigit() else -1
            if not 0 <= length <= MAX_BODY:
                log.warning("refused a request to %s: %s", request_path,
                            f"{length:,} bytes, over the {MAX_BODY:,}-byte limit" if length > 0
                            else "no valid Content-Length")
                self.close_connection = True  # its body is never read
                self._send(413 if length > 0 else 400, {"Connection": "close"}, "")
                return
            raw = self.rfile.read(length) if length else b""
            if request_path != path:
                self._send(404, {}, "")
                return
            try:
                resp: BoltResponse = app.dispatch(to_bolt_request(raw, query, self.headers))
            except Exception:
                log.exception("dispatch failed")
                self._send(500, {}, "")
                return
            self._send(resp.status, resp.headers, resp.body)

        def _send(self, status: int, headers: dict, body) -> None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
            self.send_response(status)
            for k, vs in headers.items():
                if k.lower() == "content-length":
                    continue
                for v in (vs if isinstance(vs, (list, tuple, set)) else [vs]):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
