"""The Slack app end to end over real HTTP, the way bolt-python's own tests do it.

The app's HTTP server runs on a free loopback port; its Web API client points at
a loopback stand-in that answers like Slack and records every call; requests are
posted exactly as Slack sends them and signed with the signing secret.  Answers
come from the session's real engine over the shipped corpus (wrapped in a spy
that records the calls, and can be told to fail on one question).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from types import SimpleNamespace

import pytest

from bot.admin.feedback import FeedbackStore
from bot.settings import Settings
from bot.chat.service import Chat
from bot.slack.app import build_app
from chat_support import served_chat
from slack_standin import BOT_USER, SlackAPIStandIn, SlackSender, buttons
from bot.types import Filters

SECRET = "e1f4b2c3d4a5968778695a4b3c2d1e0f"
ADMIN = "U0ADMIN"
Q = "Who has the burden of establishing the law enforcement privilege?"
PRIVILEGE_SPAN = "have the burden of establishing that the privilege applies"
FOLLOW_UP = "what about under seal?"


class SpyEngine:
    """The real engine, recording each call; `fail_on` questions raise (to test error handling)."""

    def __init__(self, real):
        self.real = real
        self.calls: list[tuple] = []
        self.fail_on: set[str] = set()
        self.repeat_citations: dict[str, int] = {}  # question -> how many citations, the real ones repeated

    def answer(self, question, *, history=(), filters=Filters(), k=None):
        self.calls.append(("answer", question, tuple(history)))
        if question in self.fail_on:
            raise RuntimeError("simulated failure inside the engine")
        ans = self.real.answer(question, history=history, filters=filters, k=k)
        count = self.repeat_citations.get(question, 0)
        if count and ans.citations:  # a very long answer, to exercise "Show more" (whatever the real one quotes)
            real = list(ans.citations)
            cits = [replace(real[i % len(real)], n=i + 1) for i in range(count)]
            ans = replace(ans, citations=tuple(cits))
        return ans

    def passage(self, pid):
        self.calls.append(("passage", pid))
        return self.real.passage(pid)

    def reindex(self, **kw):
        self.calls.append(("reindex", kw.get("who")))
        return self.real.reindex(**kw)

    def status(self):
        return self.real.status()

    def __getattr__(self, name):
        return getattr(self.real, name)


def settings_for(slack: SlackAPIStandIn, home, **env) -> Settings:
    return Settings.load(env={"RULEBOT_HOME": str(home), "SLACK_BOT_TOKEN": slack.token,
                              "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url,
                              "RULEBOT_ADMINS": f"{ADMIN},U0OTHERADMIN",
                              "RULEBOT_FETCH_ALLOW": "127.0.0.1",  # the court stand-in is a loopback server
                              **env})


@pytest.fixture(scope="module")
def slack():
    with SlackAPIStandIn() as s:
        yield s


@pytest.fixture(scope="module")
def bot(engine, slack, tmp_path_factory):
    settings = settings_for(slack, tmp_path_factory.mktemp("slack-home"))
    spy = SpyEngine(engine)
    with served_chat(settings, spy) as srv:
        yield SimpleNamespace(settings=settings, spy=spy, server=srv.server, chat=srv.chat, rt=srv.chat,
                              send=SlackSender(srv.slack_url, SECRET))


_barriers = iter(range(1, 10**6))


def settle(bot, slack, timeout=60.0):
    """Wait until everything sent before now has been handled: a later mention's answer has arrived and
    the answering workers are idle (instead of sleeping and hoping nothing else comes)."""
    n = next(_barriers)
    channel, ts = f"C0BARRIER{n}", f"1800000000.{n:06d}"
    bot.send.event(mention(f"<@{BOT_USER}> {Q}", channel=channel, ts=ts), event_id=f"Ev0BARRIER{n}")
    slack.wait_for(lambda calls: posts(slack, channel), timeout)
    assert bot.chat.workers.wait_idle(timeout)


def response(slack, name, timeout=30.0):
    """The one response_url post named `name` (waits for it, then checks no second one follows)."""
    slack.wait_for(lambda calls: slack.responses(name), timeout)
    time.sleep(0.2)
    got = slack.responses(name)
    assert len(got) == 1, f"{len(got)} responses to {name}"
    return got[0]


def posts(slack, channel):
    return [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def ask(bot, slack, name, question=Q, **kw):
    sent = bot.send.command("/rules", question, response_url=slack.response_url(name), **kw)
    assert sent.status == 200, sent
    return sent, response(slack, name)


# ---------------------------------------------------------------------------- /rules

def test_rules_is_acked_fast_then_answered_with_the_al_otro_lado_passage(bot, slack):
    sent, answer = ask(bot, slack, "rules-1")
    assert sent.seconds < 1.0, f"ack took {sent.seconds:.3f} s"
    assert "Searching the rules" in sent.body
    assert answer.args["response_type"] == "ephemeral" and answer.args["replace_original"] is True
    assert "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A" in answer.text
    assert PRIVILEGE_SPAN in answer.text
    b = buttons(answer)
    assert b["share_answer"] and b["feedback"]
    cited = [bot.spy.real.passage(pid) for pid in b["show_passage"]]
    assert all(p is not None for p in cited) and any(PRIVILEGE_SPAN in p.text for p in cited)


def test_empty_rules_command_explains_how_to_ask(bot, slack):
    sent = bot.send.command("/rules", "   ", response_url=slack.response_url("rules-empty"))
    assert sent.status == 200 and "Type your question after the command" in sent.body
    settle(bot, slack)
    assert slack.responses("rules-empty") == []


@pytest.mark.parametrize("how", ["forged signature", "stale timestamp", "body changed after signing"])
def test_forged_or_stale_requests_get_401_and_nothing_is_processed(bot, slack, how):
    name = "forged-" + how.replace(" ", "-")
    engine_calls, slack_calls = len(bot.spy.calls), len(slack.calls)
    kw: dict = {}
    if how == "forged signature":
        kw["signature"] = "v0=" + "a" * 64
    elif how == "stale timestamp":
        kw["timestamp"] = int(time.time()) - 6 * 60  # correctly signed, but more than 5 minutes old
    else:
        other = bot.send.verifier.generate_signature(timestamp=str(int(time.time())), body="text=something+else")
        kw["signature"] = other
    sent = bot.send.command("/rules", Q, response_url=slack.response_url(name), **kw)
    assert sent.status == 401
    settle(bot, slack)
    assert not slack.responses(name), "nothing was answered"
    assert len([c for c in bot.spy.calls[engine_calls:] if c[0] == "answer"]) == 1, "only the barrier's question"


def test_url_verification_challenge(bot):
    sent = bot.send.post(json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"}),
                         "application/json")
    assert sent.status == 200 and "c-123" in sent.body


# ---------------------------------------------------------------------------- mentions, DMs, threads

def mention(text, *, channel, ts, thread_ts=None, type="app_mention", **extra):
    ev = {"type": type, "user": "U0LAWYER", "text": text, "ts": ts, "channel": channel, "event_ts": ts, **extra}
    if thread_ts:
        ev["thread_ts"] = thread_ts
    return ev


def test_a_mention_and_slacks_retries_of_it_get_exactly_one_threaded_reply(bot, slack):
    ev = mention(f"<@{BOT_USER}> {Q}", channel="C0MENTION", ts="1700000000.000100")
    asked = sum(1 for c in bot.spy.calls if c[:2] == ("answer", Q))
    first = bot.send.event(ev, event_id="Ev0MENTION1")
    retries = [bot.send.event(ev, event_id="Ev0MENTION1", retry_num=n) for n in (1, 2)]
    assert [s.status for s in [first] + retries] == [200, 200, 200]
    slack.wait_for(lambda calls: posts(slack, "C0MENTION"))
    settle(bot, slack)
    [reply] = posts(slack, "C0MENTION")
    assert reply.args["thread_ts"] == "1700000000.000100"
    assert PRIVILEGE_SPAN in reply.text and "Al Otro Lado" in reply.text
    assert sum(1 for c in bot.spy.calls if c[:2] == ("answer", Q)) == asked + 2, "the mention and the barrier"


def test_a_dm_delivered_as_two_events_is_answered_once(bot, slack):
    ts = "1700000001.000200"
    dm = mention(Q, channel="D0LAWYER", ts=ts, type="message", channel_type="im")
    also = mention(f"<@{BOT_USER}> {Q}", channel="D0LAWYER", ts=ts)
    assert bot.send.event(dm, event_id="Ev0DM1").status == 200
    assert bot.send.event(also, event_id="Ev0DM2").status == 200
    slack.wait_for(lambda calls: posts(slack, "D0LAWYER"))
    settle(bot, slack)
    [reply] = posts(slack, "D0LAWYER")
    assert reply.args["thread_ts"] == ts and PRIVILEGE_SPAN in reply.text


def test_edits_bot_posts_and_channel_chatter_are_ignored(bot, slack):
    for i, ev in enumerate([
        mention("edited", channel="C0QUIET", ts="1.1", type="message", subtype="message_changed", channel_type="channel"),
        mention("chatter", channel="C0QUIET", ts="1.2", type="message", channel_type="channel"),
        mention(f"<@{BOT_USER}> hi", channel="C0QUIET", ts="1.3", bot_id="B0OTHER"),
    ]):
        assert bot.send.event(ev, event_id=f"Ev0QUIET{i}").status == 200
    settle(bot, slack)
    assert posts(slack, "C0QUIET") == []


def reply_cites(call) -> list[str]:
    return buttons(call).get("show_passage", [])


def test_a_follow_up_in_the_thread_is_read_with_the_earlier_question(bot, slack):
    real = bot.spy.real
    with_history = [c.passage.id for c in real.answer(FOLLOW_UP, history=(Q,)).citations]
    without = [c.passage.id for c in real.answer(FOLLOW_UP).citations]
    assert with_history != without  # precondition: the context changes the answer

    root = "1700000002.000100"
    bot.send.event(mention(f"<@{BOT_USER}> {Q}", channel="C0THREAD", ts=root), event_id="Ev0THREAD1")
    slack.wait_for(lambda calls: posts(slack, "C0THREAD"))
    bot.send.event(mention(f"<@{BOT_USER}> {FOLLOW_UP}", channel="C0THREAD", ts="1700000002.000300", thread_ts=root),
                   event_id="Ev0THREAD2")
    slack.wait_for(lambda calls: len(posts(slack, "C0THREAD")) >= 2)
    first, second = posts(slack, "C0THREAD")
    assert second.args["thread_ts"] == root
    assert ("answer", FOLLOW_UP, (Q,)) in bot.spy.calls
    assert reply_cites(second) == with_history


def test_a_follow_up_in_a_thread_the_app_never_saw_reads_the_thread(bot, slack):
    root = "1700000003.000100"
    slack.threads[("C0OLD", root)] = [
        {"type": "message", "user": "U0LAWYER", "ts": root, "text": f"<@{BOT_USER}> {Q}"},
        {"type": "message", "user": BOT_USER, "bot_id": "BBOT", "ts": "1700000003.000200", "text": "an earlier answer"},
    ]
    bot.send.event(mention(f"<@{BOT_USER}> {FOLLOW_UP}", channel="C0OLD", ts="1700000003.000300", thread_ts=root),
                   event_id="Ev0OLD1")
    slack.wait_for(lambda calls: posts(slack, "C0OLD"))
    assert [c.args["channel"] for c in slack.calls_to("conversations.replies")].count("C0OLD") == 1
    assert ("answer", FOLLOW_UP, (Q,)) in bot.spy.calls


# ---------------------------------------------------------------------------- buttons

def test_feedback_is_recorded_and_exported(bot, slack):
    _, answer = ask(bot, slack, "fb-1")
    key = buttons(answer)["feedback"][0]
    for verdict, name in (("up", "fb-1-up"), ("down", "fb-1-down")):  # Slack's feedback_buttons action payload
        sent = bot.send.block_action({"type": "feedback_buttons", "action_id": "rulebot_feedback",
                                      "value": f"{verdict}:{key}", "text": {"type": "plain_text", "text": "👍"}},
                                     response_url=slack.response_url(name), is_ephemeral=True)
        assert sent.status == 200
        thanks = response(slack, name)
        assert "was recorded" in thanks.text and thanks.args["replace_original"] is False
    rows = [r for r in FeedbackStore(bot.settings.feedback_db).all() if r["answer_key"] == key]
    assert [r["verdict"] for r in rows] == ["up", "down"]
    assert rows[0]["question"] == Q and rows[0]["user"] == "U0LAWYER" and rows[0]["source"] == "slack"
    assert any(c.startswith("Al Otro Lado, Inc. v. Wolf") for c in rows[0]["citations"])
    assert PRIVILEGE_SPAN in rows[0]["answer"]
    exported = json.loads(FeedbackStore(bot.settings.feedback_db).export("json"))
    assert [r["verdict"] for r in exported if r["answer_key"] == key] == ["up", "down"]


def test_share_posts_the_answer_in_the_channel_and_removes_the_private_copy(bot, slack):
    _, answer = ask(bot, slack, "share-1")
    key = buttons(answer)["share_answer"][0]
    bot.send.block_action({"action_id": "share_answer", "value": key}, response_url=slack.response_url("share-1-act"),
                          is_ephemeral=True)
    slack.wait_for(lambda calls: len(slack.responses("share-1-act")) >= 2)
    shared, delete = slack.responses("share-1-act")
    assert shared.args["response_type"] == "in_channel" and "Shared by <@U0LAWYER>" in shared.text
    assert PRIVILEGE_SPAN in shared.text
    assert delete.args == {"delete_original": True}


def test_show_passage_opens_a_modal_with_the_whole_passage(bot, slack):
    _, answer = ask(bot, slack, "passage-1")
    pid = buttons(answer)["show_passage"][0]
    sent = bot.send.block_action({"action_id": "show_passage:1", "value": pid},
                                 response_url=slack.response_url("passage-1-act"), is_ephemeral=True)
    assert sent.status == 200
    opened = slack.wait_for(lambda calls: [c for c in slack.calls_to("views.open")
                                           if pid.split("::")[0] in json.dumps(c.args)
                                           or bot.spy.real.passage(pid).cite in json.dumps(c.args, ensure_ascii=False)])
    view = opened[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    body = "".join(x["text"] for b in view["blocks"] if b["type"] == "rich_text"
                   for el in b["elements"] for x in el["elements"])
    p = bot.spy.real.passage(pid)
    assert view["title"]["text"] == "Passage" and view["blocks"][0]["text"]["text"] == p.cite[:150]
    assert body == p.text  # the whole passage, verbatim


def test_show_passage_of_a_passage_no_longer_indexed(bot, slack):
    bot.send.block_action({"action_id": "show_passage:1", "value": "gone::§_9::0"},
                          response_url=slack.response_url("passage-gone"), is_ephemeral=True)
    assert "no longer in the index" in response(slack, "passage-gone").text


def test_a_long_answer_is_paged_with_show_more(bot, slack):
    question = "Who bears the burden of establishing the law enforcement privilege, in detail?"
    bot.spy.repeat_citations[question] = 80  # more than one page holds, even at one block a citation
    _, page = ask(bot, slack, "more-1", question)
    shown = list(buttons(page)["show_passage"])
    n_pages = 1
    while "show_more" in buttons(page):
        assert len(page.blocks) <= 50
        [more] = buttons(page)["show_more"]
        name = f"more-1-page{n_pages + 1}"
        bot.send.block_action({"action_id": "show_more", "value": more}, response_url=slack.response_url(name),
                              is_ephemeral=True)
        page = response(slack, name)
        n_pages += 1
        assert f"Continued ({n_pages} of" in page.text and page.args["replace_original"] is False
        shown += buttons(page)["show_passage"]
    expected = [c.passage.id for c in bot.spy.answer(question).citations]
    assert n_pages >= 2 and shown == expected


@pytest.mark.parametrize("question", ["What does Fed. R. Crim. P. 16 require?", "What is the capital of France?"])
def test_an_abstention_says_what_was_searched_and_how_to_add_the_rule(bot, slack, question):
    expected = bot.spy.real.answer(question)
    assert expected.abstained  # precondition: the corpus does not answer these
    _, reply = ask(bot, slack, "abstain-" + str(abs(hash(question))), question)
    assert "The rules and orders I have do not answer this question." in reply.text
    assert expected.searched in reply.text
    for m in expected.missing:
        assert m in reply.text
    assert "rulebot corpus add" in reply.text  # how to add the missing rule
    assert "show_passage" not in reply.text and buttons(reply)["feedback"]


# ---------------------------------------------------------------------------- errors and load

def test_an_error_while_answering_is_an_apology_with_a_reference_and_the_app_keeps_serving(bot, slack, caplog):
    bot.spy.fail_on.add("Please fail on this question?")
    with caplog.at_level(logging.ERROR, logger="rulebot.slack"):
        sent, apology = ask(bot, slack, "err-1", "Please fail on this question?")
    assert sent.status == 200
    ref = re.search(r"RB-[0-9A-F]{8}", apology.text).group(0)
    assert "Sorry, something went wrong" in apology.text and "Traceback" not in apology.text
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and "simulated failure" in str(logged[0].exc_info[1])
    _, answer = ask(bot, slack, "err-2")
    assert PRIVILEGE_SPAN in answer.text


def test_a_bad_question_gets_the_cores_own_message(bot, slack):
    _, reply = ask(bot, slack, "bad-1", "x" * (bot.settings.max_question_chars + 50))
    assert "RB-" not in reply.text and "characters" in reply.text


def test_a_burst_of_50_commands_is_all_acked_within_3_s_and_answered_once(bot, slack):
    names = [f"burst-{i}" for i in range(50)]
    with ThreadPoolExecutor(50) as pool:
        sent = list(pool.map(lambda n: bot.send.command("/rules", Q, response_url=slack.response_url(n)), names))
    assert all(s.status == 200 for s in sent)
    assert max(s.seconds for s in sent) < 3.0, sorted(s.seconds for s in sent)[-5:]
    slack.wait_for(lambda calls: all(slack.responses(n) for n in names), timeout=120)
    settle(bot, slack)
    assert [len(slack.responses(n)) for n in names] == [1] * 50
    assert all(PRIVILEGE_SPAN in slack.responses(n)[0].text for n in names)


# ---------------------------------------------------------------------------- admin

def test_a_non_admin_is_refused_politely_and_the_attempt_is_logged(bot, slack, caplog):
    with caplog.at_level(logging.WARNING, logger="rulebot.slack"):
        sent = bot.send.command("/rules-admin", "reindex", user="U0INTRUDER", channel="C0ADM",
                                response_url=slack.response_url("adm-refused"))
    assert sent.status == 200 and "for rulebot administrators only" in sent.body
    assert any("U0INTRUDER" in r.getMessage() and "refused" in r.getMessage() for r in caplog.records)
    settle(bot, slack)
    assert not any(c[0] == "reindex" for c in bot.spy.calls)
    assert posts(slack, "C0ADM") == [] and slack.responses("adm-refused") == []


def test_admin_status_shows_documents_chunks_last_reindex_model_store(bot, slack):
    sent = bot.send.command("/rules-admin", "status", user=ADMIN, response_url=slack.response_url("adm-status"))
    assert sent.status == 200
    text = response(slack, "adm-status").text
    st = bot.spy.real.status()
    for phrase in (f"*Documents:* {st['documents']}", f"*Passages (chunks):* {st['chunks']}",
                   f"*Last reindex:* {st['built_at']}", f"*Embedding model:* {st['model']}", "*Store:* embedded chromadb"):
        assert phrase in text


def test_admin_usage(bot, slack):
    assert "Admin commands: `reindex`, `status`, `sync`" in bot.send.command("/rules-admin", "explode", user=ADMIN).body


@pytest.fixture
def small(slack, memo_embedder, tmp_path):
    """An app over its own one-document corpus, so reindexing does not touch the session index (its passages
    embedded once for the session)."""
    from bot.answering.engine import Engine

    corpus = tmp_path / "corpus"
    (corpus / "orders").mkdir(parents=True)
    shutil.copy(Settings.load(env={"RULEBOT_HOME": str(tmp_path)}).corpus_dir / "orders/cdcal-segal-protective-order.md",
                corpus / "orders")
    settings = settings_for(slack, tmp_path / "home", RULEBOT_CORPUS=str(corpus))
    eng = Engine(settings, embedder=memo_embedder)
    with served_chat(settings, eng, progress_interval=0.0) as srv:
        yield SimpleNamespace(settings=settings, engine=eng, rt=srv.chat, send=SlackSender(srv.slack_url, SECRET))


def started_ts(slack, channel):
    [posted] = [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == channel]
    return posted.result["ts"]


def test_admin_reindex_reports_progress_in_one_message_then_the_summary(small, slack):
    sent = small.send.command("/rules-admin", "reindex", user=ADMIN, channel="C0REINDEX",
                              response_url=slack.response_url("adm-reindex"))
    assert sent.status == 200 and sent.seconds < 1.0
    done = slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.update") if "Reindex finished" in c.text],
                          timeout=120)
    [started] = posts(slack, "C0REINDEX")
    assert "Reindex started by <@U0ADMIN>" in started.text
    updates = [c for c in slack.calls_to("chat.update") if c.args["channel"] == "C0REINDEX"]
    assert {u.args["ts"] for u in updates} == {started_ts(slack, "C0REINDEX")}  # one message, updated in place
    assert any("Reindexing: " in u.text for u in updates)
    assert small.engine.last_report.summary() in done[-1].text
    assert small.engine.status()["documents"] == 1


def test_admin_reindex_while_another_runs_says_who_holds_it(small, slack):
    from indexers.store import reindex_lock

    with reindex_lock(small.settings.index_dir, "slack:U0OTHERADMIN"):
        small.send.command("/rules-admin", "reindex", user=ADMIN, channel="C0BUSY",
                           response_url=slack.response_url("adm-busy"))
        busy = slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.update") if c.args["channel"] == "C0BUSY"])
    assert "already running" in busy[-1].text and "U0OTHERADMIN" in busy[-1].text


# ---------------------------------------------------------------------------- /draft

@pytest.fixture
def drafting(bot):
    return bot.chat.drafting


def opened_views(slack, callback_id):
    out = []
    for c in slack.calls_to("views.open") + slack.calls_to("views.update"):
        v = c.args["view"]
        v = json.loads(v) if isinstance(v, str) else v
        if v.get("callback_id") == callback_id:
            out.append(v)
    return out


def test_draft_opens_a_modal_and_the_submission_posts_the_draft_with_a_docx(bot, slack, drafting):
    kind = drafting.kinds["good-cause"]
    before = len(opened_views(slack, "draft_submit"))
    sent = bot.send.command("/draft", "good-cause", user="U0DRAFTER", response_url=slack.response_url("draft-1"))
    assert sent.status == 200 and sent.seconds < 1.0
    view = slack.wait_for(lambda calls: opened_views(slack, "draft_submit")[before:])[-1]
    assert [b["block_id"] for b in view["blocks"]] == [f.name for f in kind.fields]

    missing = bot.send.view_submission(view, {}, user="U0DRAFTER")
    assert missing.status == 200 and missing.json()["response_action"] == "errors"
    assert set(missing.json()["errors"]) == {f.name for f in kind.fields if f.required}

    values = {"case_name": "Rivera v. Northwind Logistics, Inc.", "case_number": "2:25-cv-01234-ABC-DEF",
              "court": "United States District Court for the Central District of California",
              "nature_of_case": "Plaintiff alleges that Defendant misappropriated its customer pricing data.",
              "parties": "Rivera | Plaintiff\nNorthwind Logistics, Inc. | Defendant",
              "categories": "customer pricing data | would let competitors undercut Plaintiff's bids"}
    values = {k: v for k, v in values.items() if k in {f.name for f in kind.fields}}
    for f in kind.fields:
        if f.required and f.name not in values:
            values[f.name] = f.choices[0] if f.choices else "See the complaint."
    ok = bot.send.view_submission(view, values, user="U0DRAFTER")
    assert ok.status == 200 and not ok.body
    done = slack.wait_for(lambda calls: slack.calls_to("files.completeUploadExternal"), timeout=120)
    assert done[-1].args["channel_id"] == "DU0DRAFTER"
    [upload] = [c for c in slack.calls if c.kind == "upload"][-1:]
    assert slack.uploads[upload.name][:2] == b"PK"  # a .docx is a zip
    drafted = posts(slack, "DU0DRAFTER")
    assert drafted and "Draft: " in drafted[0].text and "Rivera v. Northwind Logistics" in "".join(d.text for d in drafted)


def test_draft_without_a_kind_opens_a_picker_that_turns_into_the_form(bot, slack, drafting):
    bot.send.command("/draft", "", user="U0PICKER", response_url=slack.response_url("draft-pick"))
    picker = slack.wait_for(lambda calls: opened_views(slack, "draft_pick"))[-1]
    names = [o["value"] for o in picker["blocks"][0]["accessory"]["options"]]
    assert names == list(drafting.kinds)
    bot.send.block_action({"action_id": "draft_pick", "type": "static_select",
                           "selected_option": {"value": names[0], "text": {"type": "plain_text", "text": "x"}}},
                          user="U0PICKER", view={**picker, "id": "V0PICK", "hash": "h1"})
    slack.wait_for(lambda calls: [c for c in slack.calls_to("views.update") if c.args.get("view_id") == "V0PICK"])
    unknown = bot.send.command("/draft", "no-such-kind")
    assert "Choose what to draft" in unknown.body and names[0] in unknown.body


@pytest.fixture
def court_site(tmp_path):
    """A loopback web server standing in for a court's website, serving one order as Markdown."""
    import http.server
    import threading

    order = (Settings.load(env={"RULEBOT_HOME": str(tmp_path)}).corpus_dir
             / "orders/al-otro-lado-v-wolf-2020.md").read_bytes()

    class Site(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown")
            self.send_header("Content-Length", str(len(order)))
            self.end_headers()
            self.wfile.write(order)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/orders/al-otro-lado.md"
    httpd.shutdown()
    httpd.server_close()


def test_admin_sync_fetches_new_sources_then_reindexes_in_one_message(small, slack, court_site):
    (small.settings.corpus_dir / "sources.toml").write_text(f"""
[[source]]
id = "al-otro-lado-v-wolf-2020-06-26"
url = "{court_site}"
type = "order"
""")
    sent = small.send.command("/rules-admin", "sync", user=ADMIN, channel="C0SYNC",
                              response_url=slack.response_url("adm-sync"))
    assert sent.status == 200 and sent.seconds < 1.0
    done = slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.update")
                                         if c.args["channel"] == "C0SYNC" and "Reindex finished" in c.text], 120)
    assert "sync: 1 added, 0 changed, 0 unchanged, 0 failed" in done[-1].text
    assert {u.args["ts"] for u in slack.calls_to("chat.update") if u.args["channel"] == "C0SYNC"} == \
        {started_ts(slack, "C0SYNC")}
    assert small.engine.status()["documents"] == 2
    assert any(PRIVILEGE_SPAN in c.quote for c in small.engine.answer(Q).citations)


def test_admin_sync_with_an_unreachable_source_says_which_and_why(small, slack):
    (small.settings.corpus_dir / "sources.toml").write_text(
        '[[source]]\nid = "gone"\nurl = "http://127.0.0.1:9/nothing.pdf"\ntype = "order"\n')
    small.send.command("/rules-admin", "sync", user=ADMIN, channel="C0SYNCFAIL",
                       response_url=slack.response_url("adm-sync-fail"))
    done = slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.update")
                                         if c.args["channel"] == "C0SYNCFAIL" and "Sync finished" in c.text], 60)
    assert "could not sync gone" in done[-1].text and "cannot reach the server" in done[-1].text
    assert "Nothing new to index" in done[-1].text


# ---------------------------------------------------------------------------- serve

@pytest.mark.parametrize("env,kw,message", [
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, {"port": None, "socket_mode": True}, "Socket Mode needs SLACK_APP_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, {"port": 0, "socket_mode": False}, "SLACK_SIGNING_SECRET is not set"),
    ({"SLACK_SIGNING_SECRET": "s"}, {"port": 0, "socket_mode": False}, "SLACK_BOT_TOKEN is not set"),
])
def test_serve_explains_missing_settings(tmp_path, env, kw, message):
    from argparse import Namespace

    from bot.cli.serve import cmd_serve
    from bot.errors import RulebotError

    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), **env})
    with pytest.raises(RulebotError, match=message):  # refused before any engine, lock or port
        cmd_serve(Namespace(front_end="slack", host=None, no_auth=False, **kw), settings)


def test_a_token_slack_refuses_is_a_clear_error(slack, tmp_path):
    from bot.errors import RulebotError

    settings = settings_for(slack, tmp_path, SLACK_BOT_TOKEN="xoxb-revoked")
    with pytest.raises(RulebotError, match="Slack did not accept the bot token"):
        build_app(settings, None)


def test_socket_mode_acks_over_the_websocket_and_answers(engine, slack, tmp_path):
    from bot.slack.app import socket_mode_handler
    from slack_standin import SocketModeStandIn

    settings = settings_for(slack, tmp_path, SLACK_SIGNING_SECRET="", SLACK_APP_TOKEN=slack.app_token)
    with SocketModeStandIn() as socket:
        slack.socket_url = socket.url
        chat = Chat.from_settings(settings, engine)
        app = build_app(settings, chat, socket_mode=True)
        handler = socket_mode_handler(app, settings)
        try:
            handler.connect()
            socket.wait_connected()
            t0 = time.monotonic()
            eid = socket.send("slash_commands", {
                "command": "/rules", "text": Q, "user_id": "U0SOCKET", "channel_id": "C0SOCKET",
                "team_id": "T0RULES", "response_url": slack.response_url("socket-1"), "trigger_id": "1.t"})
            at, payload = socket.wait_ack(eid)
            assert at - t0 < 1.0 and "Searching the rules" in json.dumps(payload)
            assert PRIVILEGE_SPAN in response(slack, "socket-1").text
            ev = mention(f"<@{BOT_USER}> {Q}", channel="C0SOCKETM", ts="1700000009.000100")
            body = {"type": "event_callback", "event_id": "Ev0SOCK", "team_id": "T0RULES", "event": ev}
            socket.send("events_api", body)
            socket.send("events_api", body, retry_attempt=1, retry_reason="timeout")
            slack.wait_for(lambda calls: posts(slack, "C0SOCKETM"))
            time.sleep(0.7)
            assert len(posts(slack, "C0SOCKETM")) == 1
        finally:
            handler.close()
            chat.close()


def test_admin_reindex_from_a_channel_the_bot_is_not_in_reports_in_the_admins_dm(small, slack):
    slack.fail["chat.postMessage"] = lambda args: "not_in_channel" if args.get("channel") == "C0PRIVATE" else None
    try:
        small.send.command("/rules-admin", "reindex", user=ADMIN, channel="C0PRIVATE",
                           response_url=slack.response_url("adm-private"))
        done = slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.update")
                                             if c.args["channel"] == f"D{ADMIN}" and "Reindex finished" in c.text], 120)
    finally:
        slack.fail.pop("chat.postMessage", None)
    assert done and started_ts(slack, f"D{ADMIN}") == done[-1].args["ts"]


def test_a_reindex_that_fails_says_the_old_index_still_answers(slack, tmp_path, caplog):
    class FailingReindex(SpyEngine):
        def reindex(self, **kw):
            raise OSError("disk full")

    settings = settings_for(slack, tmp_path)
    with served_chat(settings, FailingReindex(None), sync=None) as srv, \
            caplog.at_level(logging.ERROR, logger="rulebot.chat"):
        SlackSender(srv.slack_url, SECRET).command("/rules-admin", "reindex", user=ADMIN, channel="C0BROKEN",
                                                   response_url=slack.response_url("adm-broken"))
        failed = slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.update")
                                               if c.args["channel"] == "C0BROKEN"])
    ref = re.search(r"RB-[0-9A-F]{8}", failed[-1].text).group(0)
    assert "previous index is still answering questions" in failed[-1].text
    assert any(ref in r.getMessage() and "disk full" in str(r.exc_info[1]) for r in caplog.records)


def test_an_unreachable_web_api_is_a_clear_error(slack, tmp_path):
    from bot.errors import RulebotError

    settings = settings_for(slack, tmp_path, SLACK_API_URL="http://127.0.0.1:9/api/")
    with pytest.raises(RulebotError, match=r"Could not reach Slack's Web API at http://127.0.0.1:9/api/"):
        build_app(settings, None)


def test_when_the_answering_queue_is_full_the_user_is_told_to_ask_again(engine, slack, tmp_path):
    import threading

    gate = threading.Event()

    class Gated(SpyEngine):
        def answer(self, question, **kw):
            gate.wait(30)
            return super().answer(question, **kw)

    settings = settings_for(slack, tmp_path, RULEBOT_MAX_PENDING="1", RULEBOT_ANSWER_WORKERS="1")
    with served_chat(settings, Gated(engine)) as srv:
        send = SlackSender(srv.slack_url, SECRET)
        first = send.command("/rules", Q, response_url=slack.response_url("queue-1"))
        second = send.command("/rules", Q, response_url=slack.response_url("queue-2"))
        assert first.status == second.status == 200
        busy = response(slack, "queue-2")
        gate.set()
        answered = response(slack, "queue-1")
    assert "answering many questions right now" in busy.text and busy.args["replace_original"] is True
    assert PRIVILEGE_SPAN in answered.text
