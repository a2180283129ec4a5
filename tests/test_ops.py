"""Operations: probes, metrics, the audit log, JSON logs, and the one-server-per-data-directory rule,
on the real Slack HTTP server and the real Teams aiohttp app."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import json
import logging
import os
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.admin.feedback import Feedback, FeedbackStore
from bot.answering.engine import Engine
from bot.errors import BadQuestion, RulebotError
from bot.edges.ops import (REQUEST_ID, AuditLog, Caller, JsonFormatter, Ops, QuestionHash, caller, configure_logging,
                           probe)
from bot.settings import Settings

Q = "Who has the burden of establishing the law enforcement privilege?"
CITE = "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A"
ABSTAIN_Q = "What is the capital of France?"
SECRET = "e1f4b2c3d4a5968778695a4b3c2d1e0f"


def sample(ops: Ops, name: str, labels: dict) -> float:
    return ops.metrics.registry.get_sample_value(name, labels) or 0.0


def audit_lines(home: Path) -> list[dict]:
    return [json.loads(line) for p in sorted((home / "audit").glob("audit-*.jsonl"))
            for line in p.read_text().splitlines()]


@pytest.fixture
def observed(engine, tmp_path):
    settings = engine.settings.with_(home=tmp_path / "ops-home")
    ops = Ops(settings, surface="slack")
    return ops, ops.wrap(engine)


# --- probes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, status, body", [
    ("/healthz", 200, {"ok": True}),
    ("/healthz?probe=k8s", 200, {"ok": True}),
    ("/readyz", 200, {"ready": True}),
    ("/readyz/", 200, {"ready": True}),
])
def test_probes_on_a_loaded_engine(observed, path, status, body):
    got = probe(path, observed[1])
    assert (got.status, json.loads(got.body)) == (status, body)


def test_unknown_paths_are_not_probes(observed):
    assert probe("/slack/events", observed[1]) is None and probe("/", observed[1]) is None


def test_not_ready_without_an_index_says_what_to_do(engine, tmp_path):
    empty = Engine(Settings.load(env={"RULEBOT_HOME": str(tmp_path / "empty")}), embedder=engine.embedder)
    got = probe("/readyz", Ops(empty.settings, surface="teams").wrap(empty))
    body = json.loads(got.body)
    assert got.status == 503 and body["ready"] is False and "rulebot index" in body["reason"]


# --- metrics and the audit log around answers -------------------------------------------------------

def test_answers_are_counted_timed_and_audited_with_who_and_where(observed):
    ops, eng = observed
    with caller("slack", user="U0LAWYER", channel="C0LIT"):
        answered = eng.answer(Q)
    abstained = eng.answer(ABSTAIN_Q, caller=Caller("slack", "U0OTHER", "D0DM"))
    with pytest.raises(BadQuestion):
        eng.answer("   ")
    assert CITE in [c.passage.cite for c in answered.citations] and abstained.abstained
    assert sample(ops, "rulebot_questions_total", {"surface": "slack", "outcome": "answered"}) == 1
    assert sample(ops, "rulebot_questions_total", {"surface": "slack", "outcome": "abstained"}) == 1
    assert sample(ops, "rulebot_questions_total", {"surface": "slack", "outcome": "error"}) == 1
    assert sample(ops, "rulebot_abstentions_total", {"surface": "slack"}) == 1
    assert sample(ops, "rulebot_errors_total", {"surface": "slack", "kind": "bad_question"}) == 1
    assert sample(ops, "rulebot_answer_seconds_count", {"surface": "slack"}) == 3
    body = probe("/metrics", eng).body.decode()
    assert 'rulebot_questions_total{outcome="answered",surface="slack"} 1.0' in body

    first, second, third = audit_lines(ops.settings.home)
    assert (first["user"], first["channel"], first["question"], first["outcome"]) == ("U0LAWYER", "C0LIT", Q, "answered")
    assert CITE in first["citations"] and first["answer"] and len(first["request_id"]) == 12
    assert (second["user"], second["channel"], second["abstained"]) == ("U0OTHER", "D0DM", True)
    assert third["outcome"] == "error" and third["error"].startswith("bad_question")
    assert len({first["request_id"], second["request_id"], third["request_id"]}) == 3


def test_hashed_audit_keeps_no_question_or_answer_text(engine, tmp_path):
    settings = engine.settings.with_(home=tmp_path / "hashed", audit_hash_questions=True)
    eng = Ops(settings, surface="teams").wrap(engine)
    eng.answer(Q)
    (line,) = audit_lines(settings.home)
    assert line["question_sha256"] == QuestionHash.from_settings(settings)(Q)
    assert "question" not in line and "answer" not in line and CITE in line["citations"]
    raw = "".join(p.read_text() for p in (settings.home / "audit").iterdir())
    assert "law enforcement privilege" not in raw


def test_a_hashed_question_cannot_be_confirmed_by_hashing_a_guess(engine, tmp_path):
    """The hash is keyed: the SHA-256 of the question (a guess) is not what is kept.  The key is made once, 0600
    in the audit folder, and read again (a restart, a replica sharing the home: the same question hashes alike,
    in the audit log and the feedback store); RULEBOT_AUDIT_HASH_KEY gives replicas with separate homes one key."""
    settings = engine.settings.with_(home=tmp_path / "a", audit_hash_questions=True)
    Ops(settings, surface="slack").wrap(engine).answer(Q)
    (line,) = audit_lines(settings.home)
    assert line["question_sha256"] != hashlib.sha256(Q.encode()).hexdigest()
    key = settings.home / "audit" / "hash.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 64
    assert [p.name for p in key.parent.iterdir() if p.name.startswith(".")] == []  # nothing left aside
    again = QuestionHash.from_settings(settings)
    assert again(Q) == line["question_sha256"]
    feedback = FeedbackStore(tmp_path / "fb.sqlite3", hashed=again)
    feedback.record(Feedback("slack", "U1", Q, "answer", (CITE,), "up"))
    assert json.loads(feedback.export("json"))[0]["question_sha256"] == line["question_sha256"]
    other_home = QuestionHash.from_settings(settings.with_(home=tmp_path / "b"))
    assert other_home(Q) != line["question_sha256"]  # another home, another key
    shared = [QuestionHash.from_settings(settings.with_(home=tmp_path / h, audit_hash_key="firm-secret")) for h in "cd"]
    assert shared[0](Q) == shared[1](Q) != line["question_sha256"]
    assert QuestionHash.from_settings(settings.with_(audit_hash_questions=False)) is None
    assert "firm-secret" not in repr(settings.with_(audit_hash_key="firm-secret")) + repr(shared[0])


def test_audit_retention_deletes_old_days(tmp_path):
    now = [dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc)]
    audit = AuditLog(tmp_path / "audit", retention_days=30, clock=lambda: now[0], writer="pod-1")
    audit.record(question="q1", outcome="answered")
    now[0] += dt.timedelta(days=10)
    audit.record(question="q2", outcome="answered")
    now[0] += dt.timedelta(days=25)  # day 1 is now 35 days old, day 11 is 25
    audit.record(question="q3", outcome="answered")
    assert sorted(p.name for p in (tmp_path / "audit").iterdir()) == [
        "audit-2026-01-11-pod-1.jsonl", "audit-2026-02-05-pod-1.jsonl"]


def test_zero_retention_keeps_no_audit_log(tmp_path):
    audit = AuditLog(tmp_path / "audit", retention_days=0)
    assert audit.record(question="q", outcome="answered") is None
    assert not (tmp_path / "audit").exists()


def test_reindex_duration_is_measured(observed):
    ops, eng = observed
    report = eng.reindex(who="pytest-ops")  # the session index is current: nothing changes
    assert not report.changed
    assert sample(ops, "rulebot_reindex_seconds_count", {"outcome": "unchanged"}) == 1


# --- logs ----------------------------------------------------------------------------------------

def test_json_logs_carry_the_request_id(tmp_path):
    stream = io.StringIO()
    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_LOG_JSON": "1"})
    assert settings.log_json
    root = logging.getLogger()
    old_level, old_handlers = root.level, list(root.handlers)
    try:
        configure_logging(settings, stream=stream)
        token = REQUEST_ID.set("abc123def456")
        logging.getLogger("rulebot.test").info("answered", extra={"ms": 12, "surface": "slack"})
        REQUEST_ID.reset(token)
    finally:
        root.handlers[:] = old_handlers
        root.setLevel(old_level)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["msg"] == "answered" and line["request_id"] == "abc123def456"
    assert (line["ms"], line["surface"], line["level"], line["logger"]) == (12, "slack", "INFO", "rulebot.test")


def test_json_formatter_keeps_exceptions_on_one_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    out = JsonFormatter().format(record)
    assert "\n" not in out and "ValueError: boom" in json.loads(out)["exc"]


# --- one server per embedded data directory ----------------------------------------------------------

def test_a_second_server_on_the_same_data_directory_is_refused(tmp_path):
    from bot.cli.serve import serve_lock

    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path / "home")})
    with serve_lock(settings, "slack"):
        with pytest.raises(RulebotError) as err:
            with serve_lock(settings, "teams"):
                pass
        msg = str(err.value)
        assert str(settings.home) in msg and "slack" in msg and "RULEBOT_CHROMA_URL" in msg and "\n" not in msg
    with serve_lock(settings, "teams"):  # released when the first server stops
        pass
    server = settings.with_(chroma_url="http://127.0.0.1:9")
    with serve_lock(server, "slack"), serve_lock(server, "slack"):  # replicas of a Chroma server: no lock
        pass


def _get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.mark.model  # the first server's /readyz loads the model
def test_two_serve_processes_on_one_data_directory(tmp_path):
    from chroma_support import free_port

    port = free_port()
    env = dict(os.environ, RULEBOT_HOME=str(tmp_path / "home"), HF_HUB_OFFLINE="1", RULEBOT_LOG_JSON="1")
    env.pop("RULEBOT_CHROMA_URL", None)
    cmd = [sys.executable, "-m", "bot.cli", "serve", "teams", "--no-auth", "--port"]
    root = Path(__file__).resolve().parent.parent
    first = subprocess.Popen(cmd + [str(port)], env=env, cwd=root, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline, "first server did not start"
            time.sleep(0.3)
        # not ready: no index yet, and the probe says what to do
        status, body = _get(f"http://127.0.0.1:{port}/readyz", timeout=120)  # loads the model first
        assert status == 503 and "rulebot index" in json.loads(body)["reason"]
        second = subprocess.run(cmd + [str(free_port())], env=env, cwd=root, capture_output=True, text=True,
                                timeout=90)
        assert second.returncode == 2
        assert "Another rulebot server is already running" in second.stderr and "Traceback" not in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=20)
    logged = [json.loads(line) for line in first.stderr.read().splitlines() if line.startswith("{")]
    assert any(r["level"] == "WARNING" and "--no-auth" in r["msg"] for r in logged), logged  # JSON log lines


# --- the real servers ------------------------------------------------------------------------------

def test_slack_server_serves_probes_and_counts_answers(engine, tmp_path):
    from chat_support import served_chat
    from slack_standin import SlackAPIStandIn, SlackSender

    with SlackAPIStandIn() as slack:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path / "slack"), "SLACK_BOT_TOKEN": slack.token,
                                      "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url})
        ops = Ops(settings, surface="slack")
        with served_chat(settings, ops.wrap(engine)) as server:
            base = server.url
            assert _get(base + "/healthz") == (200, '{"ok": true}')
            assert _get(base + "/readyz") == (200, '{"ready": true}')
            sent = SlackSender(server.slack_url, SECRET).command("/rules", Q, response_url=slack.response_url("q1"))
            assert sent.status == 200
            slack.wait_for(lambda calls: slack.responses("q1"), 60)
            status, metrics = _get(base + "/metrics")
            assert status == 200 and 'rulebot_questions_total{outcome="answered",surface="slack"} 1.0' in metrics
            assert 'rulebot_ready 1.0' in metrics
            assert _get(base + "/nothing-here")[0] == 404
            (line,) = audit_lines(settings.home)
            assert line["surface"] == "slack" and CITE in line["citations"]


def test_teams_server_serves_probes(engine, tmp_path):
    from aiohttp import ClientSession, web

    from bot.teams.app import build_web_app

    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path / "teams")})
    ops = Ops(settings, surface="teams")

    from bot.chat.service import Chat

    async def main():
        app = build_web_app(settings, Chat.from_settings(settings, ops.wrap(engine)), no_auth=True)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        out = {}
        try:
            async with ClientSession() as s:
                for path in ("/healthz", "/readyz", "/metrics"):
                    async with s.get(f"http://127.0.0.1:{port}{path}") as r:
                        out[path] = (r.status, await r.text())
        finally:
            await runner.cleanup()
        return out

    ops.wrap(engine).answer(Q)
    got = asyncio.run(main())
    assert got["/healthz"] == (200, '{"ok": true}') and got["/readyz"] == (200, '{"ready": true}')
    assert got["/metrics"][0] == 200
    assert 'rulebot_questions_total{outcome="answered",surface="teams"} 1.0' in got["/metrics"][1]


def test_the_question_hash_key_is_one_key_however_many_processes_start_at_once(tmp_path):
    """Processes starting together (replicas sharing a home) agree on one key, and leave nothing aside."""
    path = tmp_path / "audit" / "hash.key"
    code = "import sys; from pathlib import Path; from bot.edges.ops import _home_key; print(_home_key(Path(sys.argv[1])).decode())"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(keys) == 1 and keys == {path.read_text()} and len(keys.pop()) == 64
    assert [p.name for p in path.parent.iterdir()] == ["hash.key"]


def test_a_bad_question_hash_key_file_is_one_line_naming_it(tmp_path):
    from bot.edges.ops import _home_key
    from bot.errors import SettingError

    path = tmp_path / "hash.key"
    path.write_bytes(b"  \n")
    with pytest.raises(SettingError, match=f"{path}: the question-hash key is empty"):
        _home_key(path)
    path.write_bytes(b"k" * 64)
    path.chmod(0o644)  # left readable by others: made private when read
    assert _home_key(path) == b"k" * 64 and stat.S_IMODE(path.stat().st_mode) == 0o600
