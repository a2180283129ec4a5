"""The CLI edge: one-line messages and non-zero exits for bad input, JSON shapes, no tracebacks."""

import json
import re
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


def serve_env(home, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("Microsoft", "RULEBOT_", "SLACK_"))}
    return {**env, "RULEBOT_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}


def started_server(argv, env, deadline_s: float = 120):
    """`rulebot serve ...` as its own process; returns it and its stderr up to the "listening on" line."""
    import tempfile
    import time

    err = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen(RULEBOT + argv, env=env, stdout=subprocess.DEVNULL, stderr=err, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    deadline = time.monotonic() + deadline_s
    while True:
        err.seek(0)
        text = err.read()
        if "listening on" in text:
            return proc, err, text
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"rulebot serve did not start:\n{text}")
        time.sleep(0.1)


# with INFO every route listed is probed, /readyz too, which loads the model
@pytest.mark.parametrize("level", [pytest.param("INFO", marks=pytest.mark.model), "ERROR"])
def test_serve_no_auth_warns_once_and_lists_only_the_routes_it_serves(tmp_path, level):
    import re
    import signal
    import urllib.error
    import urllib.request

    proc, err, text = started_server(["serve", "--no-auth", "--port", "0"],
                                     serve_env(tmp_path / "home", RULEBOT_LOG_LEVEL=level))
    try:
        m = re.search(r"rulebot listening on (http://127\.0\.0\.1:(\d+)) \(serving teams; (.*)\)$", text, re.M)
        assert m and m.group(2) != "0", text
        base, listed = m.group(1), m.group(3).split(", ")
        assert text.count("--no-auth") == 1, text  # the warning, once, however the log is set
        assert f"UNAUTHENTICATED requests on {base}/api/messages" in text, text  # the address bound, not port 0
        assert sorted(listed) == ["GET /healthz", "GET /metrics", "GET /readyz", "POST /api/messages"], listed

        def status(method: str, path: str) -> int:
            req = urllib.request.Request(base + path, method=method, data=b"{}" if method == "POST" else None,
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        probed = listed if level == "INFO" else []  # the same server otherwise (/readyz waits for the model)
        for route in probed:  # every route listed is served...
            assert status(*route.split(" ", 1)) not in (404, 405), route
        for method, path in (("POST", "/slack/events"), ("GET", "/"), ("GET", "/api/messages")):  # ...and no other
            assert status(method, path) in (404, 405), (method, path)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        err.seek(0)
        final = err.read()
        err.close()
    assert final.count("--no-auth") == 1 and "Traceback" not in final, final


class Recording(dict):
    """An empty environment that remembers every name looked up in it."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []

    def get(self, name, default=None):
        self.asked.append(name)
        return default


def test_every_setting_the_environment_holds_is_in_the_readme_settings_table():
    from bot.settings import Settings

    env = Recording()
    Settings.load(env=env)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    table = readme[readme.index("### Settings"):readme.index("## The corpus")]
    missing = [name for name in dict.fromkeys(env.asked)
               if f"`{name}`" not in table and f"`{name.upper()}`" not in table]  # https_proxy: as HTTPS_PROXY
    assert len(env.asked) > 40 and missing == [], missing


@pytest.mark.parametrize("text,line", [
    ("To add it, an admin runs `rulebot corpus add FILE_OR_URL --type federal_rules` and reindexes.",
     "To add it, an admin runs rulebot corpus add FILE_OR_URL --type federal_rules and reindexes."),
    ("“at `2` and *4” [1]", "“at `2` and *4” [1]"),  # a quotation is verbatim
])
def test_answer_text_in_a_terminal_has_no_code_marks(text, line):
    from bot.cli.render_text import render_answer
    from bot.types import Answer

    assert render_answer(Answer(question="q", text=text, abstained=True)).splitlines()[0] == line


DRAFT_IN_A_TERMINAL = [
    # kind, lines the terminal shows as they are (headings as words, emphasis dropped, items as plain lines), a cite
    ("good-cause", ["GOOD CAUSE STATEMENT", "1. Payroll and timekeeping records of non-party dispatchers. These records show the pay rates,"],
     "Fed. R. Civ. P. 26(c)(1)(G)."),
    ("meet-and-confer", ["Re: Rivera v. Northwind Logistics, Inc., Case No. 2:25-cv-04417-MWF-PVC",
                         "Issue 1: Request for Production No. 4 (dispatch logs for the class period)",
                         "• March 9, 2026, 10:00 a.m. to noon"], "Fed. R. Civ. P. 26(b)(1)."),
    ("joint-stipulation", ["TABLE OF CONTENTS", "I. Introductory statements", "Issue 1: Request for Production No. 4",
                           "Trial                November 2, 2026", "REQUEST FOR PRODUCTION NO. 4:"],
     "Fed. R. Civ. P. 26(b)(1)."),
    ("sealing-application", ["APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL", "Dated: ____________________",
                             "By: /s/ Dana Whitfield"], "(S.D. Cal. June 26, 2020), § III."),
]


@pytest.mark.parametrize("kind,lines,cite", DRAFT_IN_A_TERMINAL, ids=[d[0] for d in DRAFT_IN_A_TERMINAL])
def test_a_draft_in_a_terminal_shows_no_markdown(kind, lines, cite):
    from bot.cli.draft import render_draft
    from bot.draft.compose import render
    from bot.draft.facts import load_facts
    from bot.draft.verify import Corpus
    from test_draft_shapes import ShippedIndex

    root = Path(__file__).resolve().parent.parent
    out = render_draft(render(kind, load_facts(kind, root / "examples" / "facts" / f"{kind}.yaml"),
                              Corpus(ShippedIndex())))
    shown = out.splitlines()
    for line in lines:
        assert line in shown, line
    for marker in ("**", "`", "|", "](", "\\"):
        assert marker not in out, marker
    assert not [ln for ln in shown if ln.lstrip().startswith(("#", ">", "- [", "* ", "---")) and not
                ln.startswith("- [")]  # "- [FACT]" is the list of facts still needed, after the draft
    assert not re.search(r"(?<![\w*])\*(?=\w)|(?<=\w)\*(?![\w*])", out)  # no emphasis
    assert max(map(len, shown)) <= 100 or kind == "sealing-application"  # wrapped (a table is as wide as it is)
    assert cite in out  # wrapped, a citation is never broken across lines


CLI_LINES = [
    # argv, words a person reads (a command shared with Slack as `code` is plain words in a terminal)
    (["ask", "Who has the burden?"], "Run rulebot index (it indexes the shipped corpus"),
    (["eval"], "Give an evaluation file (rulebot eval FILE.jsonl) or --firm for the firm's own set."),
    (["corpus", "add", "{order}", "--type", "order", "--court", "C.D. Cal.", "--title", "Doe v. Acme Corp.",
      "--date", "2026-03-03", "--no-index"], "Not indexed yet (--no-index): run rulebot index to make it searchable."),
]


@pytest.mark.parametrize("argv,words", CLI_LINES, ids=[" ".join(c[0][:2]) for c in CLI_LINES])
def test_the_cli_prints_commands_as_words_without_backticks(tmp_path, capsys, argv, words):
    from bot.cli.main import main

    order = tmp_path / "order.md"
    order.write_text("# Order re Discovery\n\nThe parties shall meet and confer before any discovery motion.\n")
    main(["--home", str(tmp_path / "home"), *(a.format(order=order) for a in argv)])
    out, err = capsys.readouterr()
    assert words in out + err and "`" not in out + err, out + err


def test_no_help_of_the_cli_shows_backticks(capsys):
    from bot.cli.main import build_parser

    parser = build_parser()
    helps = [parser.format_help()]
    subs = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subs.choices.items():
        helps.append(sub.format_help())
        for action in sub._actions:
            if getattr(action, "choices", None) and isinstance(action.choices, dict):  # e.g. corpus add|list|...
                helps += [p.format_help() for p in action.choices.values()]
    assert len(helps) > 10
    assert not [h.splitlines()[0] for h in helps if "`" in h]
