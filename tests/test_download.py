"""One downloader (`indexers.fetch`), two policies: the corpus's (public addresses, redirects followed) and a
chat platform's (its hosts only, its credentials, no redirects, a deadline on every phase).  Served by a real
HTTP server on loopback standing in for the platform's file host."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from indexers.errors import BadDocument
from indexers.fetch import Policy, fetch


class FileHost(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        FileHost.seen.append(dict(self.headers))
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.end_headers()
            return
        body = b"%PDF-1.4 not really" if self.path == "/file.pdf" else b"x" * 5000
        self.send_response(200)
        self.send_header("Content-Type", "application/x-unknown-binary")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def host():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), FileHost)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture()
def stalled():
    """A server that accepts and never sends a header."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(8)
    held = []
    threading.Thread(target=lambda: held.append(lsock.accept()), daemon=True).start()
    yield f"http://127.0.0.1:{lsock.getsockname()[1]}"
    lsock.close()


def platform(stand_in: str) -> Policy:
    return Policy.platform(("files.example.com",), stand_in=stand_in + "/api/", label="the file host",
                           headers={"Authorization": "Bearer xoxb-secret"})


def test_a_platform_file_comes_with_its_credentials_and_any_content_type(host):
    got = fetch(host + "/file.pdf", max_bytes=1000, timeout=5, policy=platform(host))
    assert got.body.startswith(b"%PDF") and FileHost.seen[-1].get("Authorization") == "Bearer xoxb-secret"


ROWS = [
    ("a redirect is never followed", "/redirect", dict(), "redirect, which is never followed"),
    ("a body over the limit", "/big", dict(max_bytes=1000), "over the 1 KB limit"),
    ("another host", None, dict(), "is not one of its hosts"),
]


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_a_platform_download_is_refused_in_one_line_naming_the_host(host, row):
    _, path, options, said = row
    url = host + path if path else "http://127.0.0.2:1/x"
    with pytest.raises(BadDocument) as e:
        fetch(url, **{"max_bytes": 10_000, "timeout": 5, **options}, policy=platform(host))
    text = str(e.value)
    assert said in text and text.startswith("the file host") and "\n" not in text and "xoxb" not in text


def test_a_file_host_that_never_sends_headers_is_cut_at_the_deadline(stalled):
    started = time.monotonic()
    with pytest.raises(BadDocument, match="did not answer within 1 s"):
        fetch(stalled + "/f", max_bytes=1000, timeout=1, policy=platform(stalled))
    assert time.monotonic() - started < 10  # cut at 1 s; wide for a loaded CI


def test_the_corpus_policy_still_refuses_loopback(host):
    with pytest.raises(BadDocument, match="loopback address"):
        fetch(host + "/file.pdf")
