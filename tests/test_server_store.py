"""The server store against a real `chroma run` on loopback: index, answer, several replicas,
a rebuild while questions are asked, the reindex lock, a failed build, and the server going
away and coming back (issue 7).

The shipped corpus is indexed into the server once per module; vectors come from the session
engine's embedding cache (same model), so the module pays for the model at most once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from chroma_support import ChromaServer
from embedding_support import MemoEmbedder

from bot.answering.engine import Engine
from bot.errors import IndexMissing, IndexUnavailable, ReindexBusy, RulebotError
from bot.edges.ops import probe
from bot.settings import Settings
from indexers.store_server import PREFIX, ServerStore, parse_url

QUESTION = "Who has the burden of establishing the law enforcement privilege?"
CITE = "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A"
TIMEOUT = 3.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ChromaServer(tmp_path_factory.mktemp("chroma") / "data") as s:
        yield s


@pytest.fixture(scope="module")
def memo(engine):
    """The session model, seeded with the vectors the session engine already computed."""
    return MemoEmbedder.seeded_from(engine.embedder, engine.settings.index_dir / "embeddings.sqlite")


@pytest.fixture(scope="module")
def replica_settings(server, tmp_path_factory):
    """Settings for one more replica: its own data directory, the same Chroma server."""
    def make(name: str) -> Settings:
        home = tmp_path_factory.mktemp(name)
        return Settings.load(env={"RULEBOT_HOME": str(home), "RULEBOT_CHROMA_URL": server.url,
                                  "RULEBOT_CHROMA_TIMEOUT": str(TIMEOUT)})
    return make


@pytest.fixture(scope="module")
def indexed(server, memo, replica_settings):
    """An engine that indexed the shipped corpus into the Chroma server."""
    eng = Engine(replica_settings("builder"), embedder=memo)
    report = eng.reindex(who="pytest")
    assert report.changed and report.chunks > 100, report.summary()
    return eng


@pytest.fixture
def every_answer_looks(monkeypatch):
    """Each answer looks for the served version on the server (not at most once a second): no test waits out
    the interval to reach the server."""
    import bot.answering.engine

    monkeypatch.setattr(bot.answering.engine, "VERSION_CHECK_SECONDS", 0.0)


def cites(answer) -> list[str]:
    return [c.passage.cite for c in answer.citations]


@pytest.mark.parametrize("url, expected", [
    ("http://127.0.0.1:8000", ("127.0.0.1", 8000, False)),
    ("https://chroma.firm.internal", ("chroma.firm.internal", 443, True)),
    ("http://chroma", ("chroma", 8000, False)),
    ("chroma:9000", ("chroma", 9000, False)),
])
def test_chroma_url_is_read(url, expected):
    assert parse_url(url) == expected


@pytest.mark.parametrize("url", ["ftp://chroma:21", "http://"])
def test_a_bad_chroma_url_says_what_to_set(url):
    with pytest.raises(RulebotError, match="RULEBOT_CHROMA_URL"):
        parse_url(url)


@pytest.mark.parametrize("error, unreachable", [
    (ConnectionRefusedError(111, "Connection refused"), True),
    (Exception("<html><body>502 Bad Gateway</body></html>"), True),
    (Exception("503 Service Unavailable"), True),
    (ValueError("Could not connect to a Chroma server. Are you sure it is running?"), True),
    (ValueError("Collection [rulebot_v1] does not exist"), False),
    (TypeError("bad argument"), False),
])
def test_which_errors_mean_the_server_did_not_answer(error, unreachable):
    from indexers.store_server import _unreachable

    assert _unreachable(error) is unreachable


class _Proxy:
    """A loopback HTTP server in front of nothing: records request headers, answers with `status`."""

    def __init__(self, status: int):
        import http.server

        seen: list[dict] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append(dict(self.headers))
                body = b"<html>Bad Gateway</html>"
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.seen = seen
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("status", [502, 500])
def test_a_broken_proxy_is_unavailable_and_gets_the_token(status, tmp_path):
    proxy = _Proxy(status)
    try:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_CHROMA_URL": proxy.url,
                                      "RULEBOT_CHROMA_TOKEN": "s3cret", "RULEBOT_CHROMA_TIMEOUT": "2"})
        with pytest.raises(IndexUnavailable, match="Reference: RB-"):
            ServerStore(settings).current_version()
    finally:
        proxy.close()
    assert proxy.seen and proxy.seen[0]["Authorization"] == "Bearer s3cret"
    assert proxy.seen[0]["X-Chroma-Token"] == "s3cret"


def test_answers_through_the_chroma_server(indexed, server):
    answer = indexed.answer(QUESTION)
    assert CITE in cites(answer)[:2]
    status = indexed.status()
    assert status["store"] == f"Chroma server at {server.url}"
    assert status["chunks"] > 100 and status["version"] == indexed.store.current_version()
    # the version lives on the server as its own collection, beside the meta collection
    names = {c.name for c in indexed.store.client().list_collections()}
    assert PREFIX + status["version"] in names and "rulebot_meta" in names


def test_a_new_replica_downloads_the_version_and_answers_the_same(indexed, memo, replica_settings):
    other = Engine(replica_settings("replica"), embedder=memo)
    assert other.store.cache_root != indexed.store.cache_root
    assert cites(other.answer(QUESTION)) == cites(indexed.answer(QUESTION))
    version = indexed.store.current_version()
    assert (other.store.cache_root / version / "bm25").is_dir()
    assert (other.store.cache_root / version / "passages.jsonl").read_bytes() == \
        (indexed.store.cache_root / version / "passages.jsonl").read_bytes()


def test_a_replica_refuses_a_damaged_download(indexed, replica_settings):
    import base64

    store = indexed.store
    version = store.current_version()
    blob_id = f"blob:{version}:manifest.json:0"
    orig = store._get(ids=[blob_id])
    doc, md = orig["documents"][0], orig["metadatas"][0]
    store._put([blob_id], [base64.b64encode(b'{"version": "tampered"}').decode()], [md])
    try:
        fresh = ServerStore(replica_settings("tampered"))
        with pytest.raises(IndexMissing, match="checksum"):
            fresh.manifest(version)
        assert not (fresh.cache_root / version).exists()
    finally:
        store._put([blob_id], [doc], [md])


def test_a_replica_keeps_serving_when_the_new_version_cannot_be_read(indexed, memo, replica_settings,
                                                                    every_answer_looks):
    store = indexed.store
    served = store.current_version()
    replica = Engine(replica_settings("keeps-serving"), embedder=memo)
    assert CITE in cites(replica.answer(QUESTION))[:2]
    store._put(["current"], [json.dumps({"version": "v0-never-finished"})], [{"kind": "current"}])
    try:
        assert CITE in cites(replica.answer(QUESTION))[:2]
        assert replica.index().version == served
    finally:
        store.publish(served)


def test_an_empty_disk_reuses_the_vectors_on_the_server(indexed, replica_settings):
    store = ServerStore(replica_settings("fresh-job"))
    version = store.current_version()
    passages = store.load_passages(version)[:5]
    from indexers.chunk import passage_views

    views = [v for p in passages for v in passage_views(p)]
    cache = store.embedding_cache()
    try:
        got = cache.get_many(indexed.embedder.name, [v.hash for v in views])
    finally:
        cache.close()
    assert set(got) == {v.hash for v in views}
    want = indexed.embedder.encode([views[0].text])[0]
    assert float(got[views[0].hash] @ want) > 0.999


def test_two_bot_processes_answer_at_once(indexed, replica_settings, tmp_path):
    settings = replica_settings("process")
    env = dict(os.environ, RULEBOT_HOME=str(settings.home), RULEBOT_CHROMA_URL=settings.chroma_url,
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "ask", QUESTION, "--json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    mine = []
    while proc.poll() is None and len(mine) < 200:  # this process keeps answering meanwhile
        mine.append(cites(indexed.answer(QUESTION)))
        time.sleep(0.05)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err[-2000:]
    theirs = [c["cite"] for c in json.loads(out)["citations"]]
    assert CITE in theirs[:2]
    assert mine and all(CITE in m[:2] for m in mine)


def test_rebuild_while_questions_are_asked_never_fails_one(indexed, memo, replica_settings):
    asker = Engine(replica_settings("asker"), embedder=memo)
    before = asker.index().version
    failures: list[str] = []
    answers: list[tuple[str, list[str]]] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                a = asker.answer(QUESTION)
                answers.append((asker.index().version, cites(a)))
            except Exception as exc:  # any failure fails the test
                failures.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        report = indexed.reindex(rebuild=True, who="pytest-rebuild")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (not answers or answers[-1][0] != report.version):
            time.sleep(0.2)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert not failures, failures[:3]
    assert report.version != before and report.changed
    versions = {v for v, _ in answers}
    assert before in versions and report.version in versions, versions
    assert all(CITE in c[:2] for _, c in answers)
    # garbage collection keeps the served version and the one before it
    assert indexed.store.versions() == sorted([before, report.version])


def test_a_replaced_version_is_collected_only_after_its_grace_period(indexed):
    store = indexed.store
    current, previous = store.current_version(), [v for v in store.versions() if v != store.current_version()]
    assert len(previous) == 1  # the rebuild above replaced the first version a moment ago
    with store.lock("pytest-gc"):
        assert store.gc(keep=1) == []  # within the grace period: a replica may still answer from it
        assert store.gc(keep=1, grace=0) == previous
    assert store.versions() == [current]
    assert CITE in cites(indexed.answer(QUESTION))[:2]


def test_one_reindex_at_a_time_across_processes(indexed, replica_settings):
    a = ServerStore(replica_settings("lock-a"))
    b = ServerStore(replica_settings("lock-b"))
    with a.lock("job-a"):
        assert b.lock_holder()["who"] == "job-a"
        with pytest.raises(ReindexBusy, match="job-a"):
            with b.lock("job-b"):
                pass
    assert b.lock_holder() is None
    with b.lock("job-b"):
        pass


def test_a_crashed_jobs_lock_expires(indexed, replica_settings):
    store = ServerStore(replica_settings("lock-crash"))
    dead = {"who": "crashed-job", "since": "2026-01-01T00:00:00Z", "expires": time.time() - 1, "token": "x"}
    store._put(["lock"], [json.dumps(dead)], [{"kind": "lock", "token": "x"}])
    assert store.lock_holder() is None
    with store.lock("next-job"):
        assert store.lock_holder()["who"] == "next-job"
    dead["expires"] = time.time() + 60
    store._put(["lock"], [json.dumps(dead)], [{"kind": "lock", "token": "x"}])
    try:
        with pytest.raises(ReindexBusy, match="crashed-job"):
            with store.lock("impatient"):
                pass
    finally:
        store.meta().delete(ids=["lock"])


def test_a_failed_build_leaves_the_served_version(indexed, memo, replica_settings):
    served = indexed.store.current_version()
    before = indexed.store.versions()

    def boom(p):
        if p.stage == "store" and p.done == 0:
            raise RuntimeError("disk full")

    eng = Engine(replica_settings("failing-job"), embedder=memo)
    with pytest.raises(RuntimeError, match="disk full"):
        eng.reindex(rebuild=True, progress=boom, who="pytest-fail")
    assert indexed.store.current_version() == served
    assert indexed.store.versions() == before  # the half-built collection was removed
    assert CITE in cites(indexed.answer(QUESTION))[:2]


def test_server_down_gives_a_clear_message_and_recovery_needs_no_restart(indexed, server, every_answer_looks):
    eng = indexed
    assert probe("/readyz", eng).status == 200
    server.stop()
    try:
        t0 = time.monotonic()
        with pytest.raises(IndexUnavailable) as err:
            eng.answer(QUESTION)
        took = time.monotonic() - t0
        msg = str(err.value)
        assert "unavailable" in msg and "try again shortly" in msg and "Reference: RB-" in msg, msg
        assert "\n" not in msg and "Traceback" not in msg
        assert took < TIMEOUT * 2 + 2, took
        ready = probe("/readyz", eng)
        assert ready.status == 503 and json.loads(ready.body)["ready"] is False
        assert probe("/healthz", eng).status == 200
    finally:
        server.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            assert CITE in cites(eng.answer(QUESTION))[:2]
            break
        except IndexUnavailable:
            assert time.monotonic() < deadline, "no recovery after the server came back"
            time.sleep(0.5)
    assert probe("/readyz", eng).status == 200


def test_a_hung_server_costs_one_timeout_not_a_hang(indexed, server, every_answer_looks):
    server.pause()
    try:
        t0 = time.monotonic()
        with pytest.raises(IndexUnavailable, match="Reference: RB-"):
            indexed.answer(QUESTION)
        assert time.monotonic() - t0 < TIMEOUT * 2 + 2
    finally:
        server.resume()
    assert CITE in cites(indexed.answer(QUESTION))[:2]
