"""Feedback that teaches, end to end over the real Slack app (issue 24's "done when").

A lawyer asks, gets the wrong paragraph first, votes 👎 and says why (choosing the paragraph that answers); an
administrator verifies it with `rulebot feedback verify`; a paraphrase of the question is then answered with that
paragraph first, marked verified; a reindex that takes the paragraph out suspends it (not shown, listed for the
admins in the CLI and the App Home); `rulebot eval --firm` reports the question.  The Bolt app is served over
HTTP with signed requests and the Slack Web API stand-in, the answers come from the real engine over a
one-document corpus (so the reindex is quick), the CLI is called in-process on the same data directory.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from bot.admin.verified import verified_from_settings
from bot.answering.engine import Engine
from bot.chat import messages as CM
from bot.cli import main
from bot.settings import Settings
from chat_support import served_chat
from slack_standin import SlackAPIStandIn, SlackSender, buttons
from test_slack_app import ADMIN, SECRET, response, settings_for

ASKED = "Can we resubmit the protective order after the judge rejected it?"
PARAPHRASE = "Are we allowed to resubmit our protective order once the judge has rejected it?"
ANSWERING = "The parties may submit a revised Stipulation and [Proposed] Protective Order for the Court's consideration."
REASON = "It quotes the caption paragraph; the order says we may submit a revised one."


@pytest.fixture
def loop(embedder, tmp_path):
    corpus = tmp_path / "corpus" / "orders"
    corpus.mkdir(parents=True)
    shipped = Settings.load(env={"RULEBOT_HOME": str(tmp_path)}).corpus_dir / "orders"
    for name in ("cdcal-segal-protective-order.md", "cdcal-segal-protective-order.terms.yaml"):
        shutil.copy(shipped / name, corpus / name)
    with SlackAPIStandIn() as slack:
        settings = settings_for(slack, tmp_path / "home", RULEBOT_CORPUS=str(corpus.parent))
        engine = Engine(settings, embedder=embedder, verified=verified_from_settings(settings))
        engine.reindex(who="pytest")
        with served_chat(settings, engine) as srv:
            yield SimpleNamespace(settings=settings, engine=engine, slack=slack, chat=srv.chat,
                                  send=SlackSender(srv.slack_url, SECRET), order=corpus / "cdcal-segal-protective-order.md")


def ask(loop, name, question):
    sent = loop.send.command("/rules", question, response_url=loop.slack.response_url(name))
    assert sent.status == 200
    return response(loop.slack, name)


def first_cited(call) -> str:
    """The pin cite of the citation shown first (its head block: "*[1] CITE* (...)")."""
    heads = [b["text"]["text"] for b in call.blocks if b["type"] == "section" and b["text"]["text"].startswith("*[1] ")]
    return heads[0][len("*[1] "):].split("*")[0] if heads else ""


def cli(*argv, capsys, home):
    code = main(["--home", str(home), *argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_a_downvote_with_a_reason_becomes_a_verified_answer_a_paraphrase_gets_and_a_reindex_suspends(loop, capsys):
    home = loop.settings.home
    # 1. a lawyer asks; nothing is verified yet
    answer = ask(loop, "q1", ASKED)
    assert "Verified by" not in answer.text  # (the engine may or may not quote the right paragraph first)

    # 2. 👎 (Slack's feedback buttons), then the follow-up: a reason and the paragraph that should have answered
    key = buttons(answer)["feedback"][0]
    loop.send.block_action({"type": "feedback_buttons", "action_id": "rulebot_feedback", "value": f"down:{key}"},
                           response_url=loop.slack.response_url("q1-down"), is_ephemeral=True)
    form = response(loop.slack, "q1-down")
    assert CM.FEEDBACK_THANKS["down"] in form.text and CM.DOWNVOTE_ASK in form.text
    vote = buttons(form)["rulebot_feedback_why"][0]
    menu = next(b["element"] for b in form.blocks if b.get("block_id") == "passage")
    chosen = next(o["value"] for o in menu["options"] if loop.engine.passage(o["value"]).text == ANSWERING)
    state = {"reason": {"reason": {"type": "plain_text_input", "value": REASON}},
             "passage": {"passage": {"type": "static_select", "selected_option": {"value": chosen}}},
             "pin": {"pin": {"type": "plain_text_input", "value": None}}}
    loop.send.block_action({"action_id": "rulebot_feedback_why", "value": vote}, state=state,
                           response_url=loop.slack.response_url("q1-why"), is_ephemeral=True)
    assert CM.REASON_THANKS in response(loop.slack, "q1-why").text

    # 3. an administrator reviews the 👎 and verifies that paragraph from the command line
    (row,) = json.loads(cli("feedback", "list", "--down", "--json", capsys=capsys, home=home))
    assert (row["id"], row["question"], row["reason"], row["state"]) == (vote, ASKED, REASON, "awaiting review")
    assert row["citations"] and row["suggested"] == loop.engine.passage(chosen).cite
    said = cli("feedback", "verify", vote, row["suggested"], "--by", "Ann Lee", capsys=capsys, home=home)
    today = datetime.now(timezone.utc).date().isoformat()
    assert f"Verified: “{ASKED}” is now answered with {row['suggested']} first (verified by Ann Lee on {today})" in said
    time.sleep(1.1)  # the engine reads the verified answers again at most once a second

    # 4. a paraphrase is answered with that paragraph first, quoting it, marked verified
    again = ask(loop, "q2", PARAPHRASE)
    assert first_cited(again) == row["suggested"]
    assert again.text.startswith(f"“{ANSWERING}” [1]") and f"Verified by Ann Lee on {today}." in again.text

    # 5. the firm's evaluation set holds the question; `rulebot eval --firm` measures it with the same table
    report = cli("eval", "--firm", "--train-also", "none", capsys=capsys, home=home)
    assert "firm" in report and "1 questions" in report
    assert CM.REVIEW_SUSPENDED not in report and "Verified answers: 1 cited first for their questions, 0 suspended" in report

    # 6. a reindex that takes the paragraph out suspends the verified answer: not shown, listed for the admins
    loop.order.write_text(loop.order.read_text().replace(ANSWERING + "\n", ""))
    loop.engine.reindex(who="pytest")
    time.sleep(1.1)
    after = ask(loop, "q3", PARAPHRASE)
    assert "Verified by" not in after.text and ANSWERING not in after.text
    (off,) = json.loads(cli("feedback", "list", "--suspended", "--json", capsys=capsys, home=home))
    assert off["question"] == ASKED and off["why"] in ("changed", "removed")
    since = len(loop.slack.calls_to("views.publish"))
    loop.send.event({"type": "app_home_opened", "user": ADMIN, "channel": f"D{ADMIN}", "tab": "home",
                     "event_ts": str(time.time())})
    [home_view] = loop.slack.wait_for(lambda calls: [c for c in loop.slack.calls_to("views.publish")[since:]
                                                     if c.args.get("user_id") == ADMIN])
    shown = json.dumps(home_view.args["view"], ensure_ascii=False)
    assert CM.REVIEW_SUSPENDED.format(n=1) in shown and f"rulebot feedback verify {vote} PIN_CITE" in shown
    report = cli("eval", "--firm", "--train-also", "none", capsys=capsys, home=home)
    assert "Verified answers: 0 cited first for their questions, 1 suspended" in report
