"""The CLI edge: one-line messages and non-zero exits for bad input, JSON shapes, no tracebacks."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RULEBOT = [sys.executable, "-m", "bot.cli"]


def run(args, home, stdin=None, timeout=300):
    env = dict(os.environ, RULEBOT_HOME=str(home), HF_HUB_OFFLINE="1")
    return subprocess.run(RULEBOT + args, env=env, capture_output=True, text=True, input=stdin, timeout=timeout,
                          cwd=Path(__file__).resolve().parent.parent)


def one_line_error(proc):
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_ask_without_an_index_says_to_run_index(tmp_path):
    msg = one_line_error(run(["ask", "Who has the burden?"], tmp_path / "empty"))
    assert "rulebot index" in msg


@pytest.mark.parametrize("question", ["", "   ", "x" * 20_000, "\x01\x02\x03"])
def test_bad_questions(tmp_path, question):
    msg = one_line_error(run(["ask", question], tmp_path))
    assert "question" in msg.lower()


def test_question_from_stdin_too_long(tmp_path):
    msg = one_line_error(run(["ask", "-"], tmp_path, stdin="why " * 6000))
    assert "limit" in msg


def test_unknown_command_and_eval_file(tmp_path):
    proc = run(["frobnicate"], tmp_path)
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
    msg = one_line_error(run(["eval", str(tmp_path / "missing.jsonl")], tmp_path))
    assert "no such file" in msg


def test_ask_json_shape(engine, session_settings):
    proc = run(["ask", "Who has the burden of establishing the law enforcement privilege?", "--json"],
               session_settings.home)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) >= {"question", "answer", "abstained", "citations"}
    c = out["citations"][0]
    assert set(c) >= {"n", "cite", "title", "doc_id", "section", "quote", "text", "source", "score"}
    assert c["quote"] in c["text"]
    assert any("Al Otro Lado" in x["cite"] and "§ II.A" in x["cite"] for x in out["citations"])


def test_corrupt_index_gets_a_rebuild_message(engine, session_settings, tmp_path):
    home = tmp_path / "copy"
    shutil.copytree(session_settings.home, home)
    version = json.loads((home / "index" / "CURRENT").read_text())["version"]
    (home / "index" / "versions" / version / "passages.jsonl").write_text("{not json")
    msg = one_line_error(run(["ask", "Who has the burden?"], home))
    assert "--rebuild" in msg
