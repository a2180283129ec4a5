"""Where associates already look in Slack: the AI assistant panel, App Home, and the "Find the rule for this"
message shortcut.

First the pure builders as tables (what is indexed, suggested prompts, the case a channel names, the Home
view): no model, no server.  Then the real Bolt app over HTTP with signed `event_callback`s and a
`message_action` payload, against the loopback Web API stand-in, answering from the session's real engine.
"""

from __future__ import annotations

import json
import logging
import time
from types import SimpleNamespace

import pytest

from bot.admin.review import Review
from bot.chat import messages as CM
from bot.chat import suggest
from bot.chat.suggest import Indexed, IndexedDoc, Prompt, Sample, case_line, docket_in, indexed, prompts, topic
from bot.chat.types import ReviewView
from bot.settings import Settings
from bot.slack import home
from bot.slack.assistant import StateContextStore, thread_key
from bot.types import Filters, Passage
from chat_support import served_chat
from fixtures.waiting import wait_until
from redis_support import RoundTrips, redis_server  # noqa: F401  (a pytest fixture)
from slack_standin import BOT_USER, SlackAPIStandIn, SlackSender, buttons

SECRET = "5a1e7f00c0ffee00assistant0secret"
ADMIN = "U0ADMIN"
LAWYER = "U0LAWYER"
Q = "Who has the burden of establishing the law enforcement privilege?"
PRIVILEGE_SPAN = "have the burden of establishing that the privilege applies"
FOLLOW_UP = "what about under seal?"


# ================================================================ pure: what is indexed, prompts, cases

def passage(doc_id, n, *, title, doc_type, cite, heading="", date="", court="", judge="", source=""):
    return Passage(id=f"{doc_id}::{n}", doc_id=doc_id, cite=cite, section=str(n), text="…", heading=heading,
                   title=title, court=court, judge=judge, doc_type=doc_type, date=date, source=source, ordinal=n)


def local_rules(court="C.D. Cal.", n=6):
    return [passage(f"lr-{court}", i, title=f"Local Rules ({court})", doc_type="local_rules", court=court,
                    cite=f"{court} L.R. 37-{i}", heading=f"L.R. 37-{i} Discovery Motion Step {i}", date="2025-06-01")
            for i in range(1, n + 1)]


def order(doc_id, title, docket, *, n=3, date="2021-03-04"):
    return [passage(doc_id, i, title=title, doc_type="order", date=date, court="N.D. Cal.",
                    cite=f"{title}, No. {docket} (N.D. Cal. 2021), ¶ {i}") for i in range(1, n + 1)]


def procedures(n=4):
    return [passage("proc-x", i, title="Civil Standing Order (Judge Xu)", doc_type="judge_procedures", judge="Ann Xu",
                    cite=f"Xu Civ. Standing Order § {i}", heading=f"{i}. Topic {i}", date="2024-01-01")
            for i in range(1, n + 1)]


STATUS = {"chunks": 0, "built_at": "2026-02-03T04:05:06Z", "version": "v1"}

PROMPT_TABLE = [
    # (corpus, types of the prompts in order, how many)
    ("rules, procedures and an order: one per type first",
     local_rules() + procedures() + order("o1", "Acme Corp. v. Beta LLC", "4:21-cv-00123"),
     ["local_rules", "judge_procedures", "order", "local_rules"], 4),
    ("a single rule set still gives several questions, from different passages",
     local_rules(n=9), ["local_rules"] * 3, 3),
    ("two orders only: one question each (an order is named, not its paragraphs)",
     order("o1", "Acme Corp. v. Beta LLC", "4:21-cv-00123") + order("o2", "Order re Discovery (Xu, J.)", "unknown"),
     ["order", "order"], 2),
    ("nothing indexed: no prompts", [], [], 0),
]


def prompt_type(p: Prompt, corpus: list[Passage]) -> str:
    for ps in corpus:
        if ps.cite in p.message or ps.title in p.message:
            return ps.doc_type
    raise AssertionError(f"{p} names nothing in the corpus")


@pytest.mark.parametrize("name,corpus,types,n", PROMPT_TABLE, ids=[t[0] for t in PROMPT_TABLE])
def test_suggested_prompts_are_drawn_from_the_corpus(name, corpus, types, n):
    got = prompts(indexed(STATUS, corpus))
    assert len(got) == n
    assert [prompt_type(p, corpus) for p in got] == types
    assert len({p.message for p in got}) == n  # no question twice
    assert all(p.title and len(p.title) <= suggest.MAX_PROMPT_TITLE for p in got)


def test_an_order_named_as_a_case_is_asked_about_as_a_case():
    corpus = order("o1", "Acme Corp. v. Beta LLC", "4:21-cv-00123") + order("o2", "Order re Discovery (Xu, J.)", "x")
    assert [p.message for p in prompts(indexed(STATUS, corpus))] == [
        "What did the court decide in Acme Corp. v. Beta LLC?", "What does the Order re Discovery (Xu, J.) require?"]


@pytest.mark.parametrize("corpus,line", [
    (local_rules() + order("o1", "Acme Corp. v. Beta LLC", "4:21-cv-00123"),
     "1 set of local rules and 1 order (9 passages; index built 2026-02-03 04:05 UTC)"),
    (local_rules() + local_rules("N.D. Cal.") + procedures(),
     "2 sets of local rules and 1 judge's procedures (16 passages; index built 2026-02-03 04:05 UTC)"),
    ([], ""),
], ids=["rules and an order", "two rule sets and procedures", "empty"])
def test_what_is_indexed_and_the_greeting(corpus, line):
    idx = indexed(STATUS, corpus)
    assert suggest.what_is_indexed(idx) == line
    assert suggest.greeting(idx) == (CM.GREETING.format(what=line) if line else CM.INDEX_EMPTY)


@pytest.mark.parametrize("doc,dated", [
    (IndexedDoc("frcp", "Federal Rules of Civil Procedure", "federal_rules", date="2022-12-01"), "as amended to 2022-12-01"),
    (IndexedDoc("lr", "Local Rules", "local_rules", date="2025-06-01"), "as amended to 2025-06-01"),
    (IndexedDoc("o", "Acme v. Beta", "order", date="2021-03-04"), "dated 2021-03-04"),
    (IndexedDoc("p", "Standing Order", "judge_procedures", date="2024-01-01", source="… (as amended to Jan. 1, 2024)"),
     "as amended to 2024-01-01"),
    (IndexedDoc("o", "Order re PO", "order", date="unknown"), "date unknown"),
])
def test_dates_say_as_amended_to_for_rule_sets(doc, dated):
    assert doc.dated == dated


@pytest.mark.parametrize("heading,expected", [
    ("Rule 26. Duty to Disclose — (c) Protective Orders — (1) In General", "Protective Orders"),
    ("Rule 40. Scheduling Cases", "Scheduling Cases"),
    ("II. THE PRIVILEGE DISPUTE — A. Legal Standard", "Legal Standard"),
    ("", ""),
])
def test_topic_of_a_heading(heading, expected):
    assert topic(heading) == expected


@pytest.mark.parametrize("text,expected", [
    ("case-3-17-cv-02366-al-otro-lado", "3:17-cv-02366"),
    ("Smith v. Jones, No. 2:25-CV-01234-ABC-DEF; trial in May", "2:25-cv-01234"),
    ("lit-25cv1234-smith", "25-cv-1234"),
    ("general", None), ("rule-26-questions", None), ("2025-budget", None),
])
def test_docket_numbers_in_channel_names_and_topics(text, expected):
    found = docket_in(text)
    assert (str(found) if found else None) == expected


CASES = indexed(STATUS, local_rules() + order("aol", "Al Otro Lado, Inc. v. Wolf", "3:17-cv-2366"))


@pytest.mark.parametrize("channel,expected", [
    ({"name": "case-3-17-cv-02366-aol", "topic": ""},
     CM.CASE_INDEXED.format(docket="3:17-cv-02366", where="name", channel="case-3-17-cv-02366-aol",
                            title="Al Otro Lado, Inc. v. Wolf")),
    ({"name": "smith-jones", "topic": "Smith v. Jones, No. 2:25-cv-01234"},
     CM.CASE_NOT_INDEXED.format(docket="2:25-cv-01234", where="topic", channel="smith-jones")),
    ({"name": "aol-team", "topic": "", "purpose": "Al Otro Lado (17-cv-2366)"},
     CM.CASE_INDEXED.format(docket="17-cv-2366", where="purpose", channel="aol-team", title="Al Otro Lado, Inc. v. Wolf")),
    ({"name": "general", "topic": "Firm-wide announcements"}, ""),
], ids=["indexed case in the name", "unindexed case in the topic", "short form in the purpose", "no docket"])
def test_the_case_a_channel_names(channel, expected):
    assert case_line(channel, CASES) == expected


# ================================================================ pure: the Home view

SHIPPED_LIKE = Indexed((
    IndexedDoc("frcp", "Federal Rules of Civil Procedure", "federal_rules", court="United States district courts",
               date="2022-12-01", passages=668),
    IndexedDoc("aol", "Al Otro Lado, Inc. v. Wolf", "order", court="S.D. Cal.", judge="Karen S. Crawford",
               date="2020-06-26", passages=52),
), passages=720, built_at="2026-02-03T04:05:06Z", version="v7")


def view_text(view: dict) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def action_ids(view: dict) -> list[str]:
    ids = []
    for b in view["blocks"]:
        for el in b.get("elements", []) + ([b["accessory"]] if "accessory" in b else []):
            if el.get("type") == "button":
                ids.append(el["action_id"])
    return ids


HOME_TABLE = [
    # (name, index, recent questions, admin panel, phrases shown, phrases not shown, buttons)
    ("a lawyer with two earlier questions", SHIPPED_LIKE, (Q, "What is L.R. 37-1?"), None,
     ["Federal rules", "Federal Rules of Civil Procedure", "as amended to 2022-12-01", "Orders",
      "Al Otro Lado, Inc. v. Wolf", "Judge Karen S. Crawford", "dated 2020-06-26", "2026-02-03 04:05 UTC",
      "/rules", "Find the rule for this", "AI assistant panel", Q],
     ["Administration", "awaiting review"], ["home_ask", "home_ask"]),
    ("a lawyer who has asked nothing", SHIPPED_LIKE, (), None,
     [CM.HOME_NO_RECENT], ["Administration"], []),
    ("an admin: jobs and 👎", SHIPPED_LIKE, (Q,),
     home.AdminPanel(job={"what": "reindex", "who": "slack:U0ADMIN", "text": "Reindex finished: 3 documents"},
                     review=ReviewView(awaiting=(Review(id="4", at="2026-02-01T10:00:00+00:00", source="slack",
                                                        user="U0LAWYER", verdict="down",
                                                        question="Is L.R. 79-5 about sealing?",
                                                        citations=("C.D. Cal. L.R. 79-5.1",), reason="Wrong rule",
                                                        suggested="C.D. Cal. L.R. 79-5.2.2"),), total=1)),
     ["Administration", "Last admin job: reindex by slack:U0ADMIN: Reindex finished: 3 documents",
      "👎 awaiting review: 1", "Is L.R. 79-5 about sealing?", "<@U0LAWYER>", "Reason: Wrong rule",
      "Should have cited: C.D. Cal. L.R. 79-5.2.2", "rulebot feedback verify ID PIN_CITE", "rulebot feedback export"],
     [], ["home_ask", "home_reindex", "home_sync", "rulebot_verify"]),
    ("an admin before any job or vote", SHIPPED_LIKE, (), home.AdminPanel(),
     [CM.HOME_NO_JOB, CM.HOME_NO_DOWNVOTES], [], ["home_reindex", "home_sync"]),
    ("nothing indexed yet", Indexed(()), (), None, ["Nothing is indexed yet"], ["Federal rules"], []),
]


@pytest.mark.parametrize("name,idx,recent,admin,shown,hidden,buttons", HOME_TABLE, ids=[t[0] for t in HOME_TABLE])
def test_home_view(name, idx, recent, admin, shown, hidden, buttons):
    view = home.home_view(idx, recent=recent, admin=admin)
    text = view_text(view)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    for phrase in shown:
        assert phrase in text, phrase
    for phrase in hidden:
        assert phrase not in text, phrase
    assert action_ids(view) == buttons


def test_home_view_of_a_large_corpus_stays_within_slacks_limits():
    docs = tuple(IndexedDoc(f"o{i}", f"Case {i} v. Other {i}", "order", date="2020-01-01", passages=5) for i in range(400))
    view = home.home_view(Indexed(docs, passages=2000, built_at="2026-01-01T00:00:00Z"), recent=(Q,) * 5,
                          admin=home.AdminPanel())
    assert len(view["blocks"]) <= 100
    assert all(len(b["text"]["text"]) <= 3000 for b in view["blocks"] if b["type"] == "section")
    assert "… and 385 more" in view_text(view)


# ================================================================ end to end: the Bolt app over HTTP

class SpyEngine:
    """The real engine, recording the questions it is asked (with the earlier questions it was given)."""

    def __init__(self, real):
        self.real = real
        self.calls: list[tuple] = []

    def answer(self, question, *, history=(), filters=Filters(), k=None, **kw):
        self.calls.append(("answer", question, tuple(history)))
        return self.real.answer(question, history=history, filters=filters, k=k, **kw)

    def reindex(self, **kw):
        self.calls.append(("reindex", kw.get("who")))
        return self.real.reindex(**kw)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture(scope="module")
def slack():
    with SlackAPIStandIn() as s:
        yield s


@pytest.fixture(scope="module")
def bot(engine, slack, tmp_path_factory):
    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path_factory.mktemp("assistant-home")),
                                  "SLACK_BOT_TOKEN": slack.token, "SLACK_SIGNING_SECRET": SECRET,
                                  "SLACK_API_URL": slack.api_url, "RULEBOT_ADMINS": ADMIN})
    spy = SpyEngine(engine)
    with served_chat(settings, spy) as srv:
        yield SimpleNamespace(spy=spy, chat=srv.chat, send=SlackSender(srv.slack_url, SECRET),
                              corpus=srv.chat.indexed())


def settle(bot):
    assert bot.chat.workers.wait_idle(30)


def in_thread(slack, method, channel, thread_ts):
    return [c for c in slack.calls_to(method)
            if (c.args.get("channel_id") or c.args.get("channel")) == channel and c.args.get("thread_ts") == thread_ts]


def start_thread(bot, slack, channel, ts, *, viewing="C0GENERAL", user=LAWYER):
    """Open a new assistant thread as Slack does; returns the event (to redeliver it)."""
    thread = {"user_id": user, "channel_id": channel, "thread_ts": ts,
              "context": {"channel_id": viewing, "team_id": "T0RULES", "enterprise_id": None}}
    event = {"type": "assistant_thread_started", "assistant_thread": thread, "event_ts": ts}
    assert bot.send.event(event, event_id=f"Ev{channel}{ts}").status == 200
    slack.wait_for(lambda calls: in_thread(slack, "assistant.threads.setSuggestedPrompts", channel, ts))
    return event


_ts = iter(range(100, 10_000))


def say_in_thread(bot, channel, thread_ts, text, *, user=LAWYER):
    ts = f"1760000000.{next(_ts):06d}"
    ev = {"type": "message", "channel": channel, "channel_type": "im", "user": user, "text": text, "ts": ts,
          "thread_ts": thread_ts, "event_ts": ts}
    assert bot.send.event(ev).status == 200
    return ts


def test_a_new_assistant_thread_is_greeted_with_prompts_drawn_from_the_corpus(bot, slack):
    event = start_thread(bot, slack, "D0ASSIST1", "1760000001.000001")
    assert bot.send.event(event, event_id="EvD0ASSIST11760000001.000001", retry_num=1).status == 200  # a retry
    start_thread(bot, slack, "D0ASSIST1B", "1760000001.000002")  # handled after the retry was dropped
    [call] = in_thread(slack, "assistant.threads.setSuggestedPrompts", "D0ASSIST1", "1760000001.000001")
    offered = call.args["prompts"]
    assert 3 <= len(offered) <= 4
    passages = bot.spy.real.passages()
    for p in offered:  # each names a pin cite or a document of the index
        assert any(x.cite in p["message"] or x.title in p["message"] for x in passages), p
    kinds = {x.doc_type for x in passages}
    assert {x.doc_type for p in offered for x in passages if x.cite in p["message"] or x.title in p["message"]} == kinds
    [greeting] = in_thread(slack, "chat.postMessage", "D0ASSIST1", "1760000001.000001")
    orders = len({x.doc_id for x in passages if x.doc_type == "order"})
    assert f"{orders} orders" in greeting.text and f"{len(passages):,} passages" in greeting.text
    binding = StateContextStore(bot.chat.state).binding("D0ASSIST1", "1760000001.000001")
    assert binding["channel_id"] == "C0GENERAL"


def test_a_question_in_the_thread_gets_status_title_answer_and_follow_up_memory(bot, slack):
    channel, root = "D0ASSIST2", "1760000002.000001"
    start_thread(bot, slack, channel, root)
    say_in_thread(bot, channel, root, Q)
    answered = slack.wait_for(lambda calls: [c for c in in_thread(slack, "chat.postMessage", channel, root)
                                             if PRIVILEGE_SPAN in c.text])
    [status] = in_thread(slack, "assistant.threads.setStatus", channel, root)
    assert "searching the rules…" in status.args["status"]
    [title] = in_thread(slack, "assistant.threads.setTitle", channel, root)
    assert title.args["title"] == Q
    assert status.at <= answered[0].at
    b = buttons(answered[0])
    assert b["show_passage"] and b["feedback"]
    assert "Al Otro Lado, Inc. v. Wolf" in answered[0].text

    say_in_thread(bot, channel, root, FOLLOW_UP)
    slack.wait_for(lambda calls: len(in_thread(slack, "chat.postMessage", channel, root)) >= 3)
    settle(bot)
    assert ("answer", FOLLOW_UP, (Q,)) in bot.spy.calls
    posts = in_thread(slack, "chat.postMessage", channel, root)
    assert len(posts) == 3  # greeting, and one answer to each question (the ordinary DM listener stayed out)
    assert len(in_thread(slack, "assistant.threads.setTitle", channel, root)) == 1  # titled once, by the first question
    assert list(bot.chat.recent(_asker(LAWYER)))[:2] == [FOLLOW_UP, Q]  # App Home lists them


def _asker(user):
    from bot.chat.types import Asker

    return Asker("slack", user)


@pytest.mark.parametrize("viewing,info,line", [
    ("C0AOL", {"name": "case-3-17-cv-02366-aol", "topic": {"value": "Discovery team"}},
     "Taking this question to be about No. 3:17-cv-02366 (from the name of #case-3-17-cv-02366-aol): "
     "Al Otro Lado, Inc. v. Wolf"),
    ("C0SMITH", {"name": "smith-jones", "topic": {"value": "Smith v. Jones, No. 2:25-cv-01234-ABC"}},
     "no order from that case is in the index"),
    ("C0PLAIN", {"name": "general", "topic": {"value": "Announcements"}}, None),
], ids=["an indexed case", "a case not in the index", "no case"])
def test_the_channel_being_viewed_says_which_case_the_question_is_about(bot, slack, viewing, info, line):
    channel, root = f"D{viewing}", f"1760000003.{next(_ts):06d}"
    slack.channels[viewing] = info
    start_thread(bot, slack, channel, root, viewing="C0GENERAL")
    thread = {"user_id": LAWYER, "channel_id": channel, "thread_ts": root,
              "context": {"channel_id": viewing, "team_id": "T0RULES"}}
    assert bot.send.event({"type": "assistant_thread_context_changed", "assistant_thread": thread,
                           "event_ts": root}).status == 200
    wait_until(lambda: (StateContextStore(bot.chat.state).binding(channel, root) or {}).get("channel_id") == viewing,
               what="the viewed channel remembered")
    assert [c.args["channel"] for c in slack.calls_to("conversations.info")].count(viewing) == 1
    say_in_thread(bot, channel, root, Q)
    [answer] = slack.wait_for(lambda calls: [c for c in in_thread(slack, "chat.postMessage", channel, root)
                                             if PRIVILEGE_SPAN in c.text])
    first = answer.blocks[0]
    if line is None:
        assert "Taking this question" not in answer.text
    else:
        assert first["type"] == "context" and line in first["elements"][0]["text"]


def test_a_dm_thread_not_started_in_the_assistant_panel_is_answered_as_before(bot, slack):
    channel, root = "D0PLAINDM", "1760000004.000001"
    say_in_thread(bot, channel, root, Q)
    slack.wait_for(lambda calls: [c for c in in_thread(slack, "chat.postMessage", channel, root)
                                  if PRIVILEGE_SPAN in c.text])
    assert in_thread(slack, "assistant.threads.setStatus", channel, root) == []


def published(slack, user, since=0):
    return [c for c in slack.calls_to("views.publish")[since:] if c.args.get("user_id") == user]


def open_home(bot, slack, user):
    since = len(slack.calls_to("views.publish"))
    assert bot.send.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home",
                           "event_ts": str(time.time())}).status == 200
    [call] = slack.wait_for(lambda calls: published(slack, user, since))
    return call.args["view"]


def test_app_home_for_a_lawyer_then_for_an_admin_who_reindexes_from_it(bot, slack):
    answer = _rules(bot, slack, Q, "home-q1")  # the lawyer asks, then votes 👎 on the answer
    key = buttons(answer)["feedback"][0]
    bot.send.block_action({"type": "feedback_buttons", "action_id": "rulebot_feedback", "value": f"down:{key}"},
                          response_url=slack.response_url("home-down"),
                          is_ephemeral=True)
    slack.wait_for(lambda calls: slack.responses("home-down"))

    view = open_home(bot, slack, LAWYER)
    text = view_text(view)
    for doc in bot.corpus.docs:
        assert doc.title in text and doc.dated in text
    assert "as amended to 2022-12-01" in text and suggest.when(bot.corpus.built_at) in text
    assert Q in text and "home_ask" in action_ids(view)
    assert "home_reindex" not in action_ids(view) and "awaiting review" not in text

    view = open_home(bot, slack, ADMIN)
    text = view_text(view)
    assert {"home_reindex", "home_sync"} <= set(action_ids(view))
    assert "👎 awaiting review:" in text and Q in text and f"<@{LAWYER}>" in text

    since = len(slack.calls_to("views.publish"))
    bot.send.block_action({"action_id": "home_reindex", "value": "reindex"}, user=ADMIN, channel="",
                          view={"id": "VHOME", "type": "home"})
    republished = slack.wait_for(lambda calls: [c for c in published(slack, ADMIN, since)
                                                if "Last admin job: reindex by slack:U0ADMIN" in view_text(c.args["view"])],
                                 timeout=120)
    assert "Reindex finished" in view_text(republished[-1].args["view"])
    assert ("reindex", f"slack:{ADMIN}") in bot.spy.calls
    progress = [c for c in slack.calls_to("chat.postMessage") + slack.calls_to("chat.update")
                if c.args.get("channel") == f"D{ADMIN}"]
    assert any("Reindex" in c.text for c in progress)  # the job's one message, in the admin's DM


def test_a_lawyer_cannot_reindex_from_a_forged_home_button(bot, slack):
    before = sum(1 for c in bot.spy.calls if c[0] == "reindex")
    bot.send.block_action({"action_id": "home_reindex", "value": "reindex"}, user=LAWYER, channel="",
                          view={"id": "VHOME2", "type": "home"})
    refused = slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.postMessage")
                                            if c.args.get("channel") == f"D{LAWYER}" and "administrators only" in c.text])
    assert "`reindex`" in refused[0].text
    settle(bot)
    assert sum(1 for c in bot.spy.calls if c[0] == "reindex") == before


def test_ask_again_from_home_answers_by_dm(bot, slack):
    bot.send.block_action({"action_id": "home_ask", "value": Q}, user="U0ASKER", channel="",
                          view={"id": "VHOME3", "type": "home"})
    slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.postMessage")
                                  if c.args.get("channel") == "DU0ASKER" and PRIVILEGE_SPAN in c.text])


def _rules(bot, slack, question, name):
    assert bot.send.command("/rules", question, response_url=slack.response_url(name)).status == 200
    [answer] = slack.wait_for(lambda calls: slack.responses(name))
    return answer


def test_find_the_rule_for_this_answers_privately_with_the_share_button(bot, slack):
    message = {"ts": "1760000005.000001", "user": "U0PARTNER", "text": f"<@{BOT_USER}> {Q}"}
    assert bot.send.message_action("find_rule", message, channel="C0LIT",
                                   response_url=slack.response_url("shortcut-1")).status == 200
    [answer] = slack.wait_for(lambda calls: slack.responses("shortcut-1"))
    assert answer.args["response_type"] == "ephemeral" and answer.args["replace_original"] is False
    assert PRIVILEGE_SPAN in answer.text and "Al Otro Lado" in answer.text
    [key] = buttons(answer)["share_answer"]
    assert ("answer", Q, ()) in bot.spy.calls

    bot.send.block_action({"action_id": "share_answer", "value": key}, response_url=slack.response_url("shortcut-1-share"),
                          is_ephemeral=True)
    shared, removed = slack.wait_for(lambda calls: len(slack.responses("shortcut-1-share")) >= 2 and
                                     slack.responses("shortcut-1-share"))
    assert shared.args["response_type"] == "in_channel" and f"Shared by <@{LAWYER}>" in shared.text
    assert removed.args == {"delete_original": True}


def test_find_the_rule_for_a_message_in_a_thread_answers_in_that_thread(bot, slack):
    message = {"ts": "1760000006.000002", "thread_ts": "1760000006.000001", "user": "U0PARTNER", "text": Q}
    bot.send.message_action("find_rule", message, channel="C0THREADED", response_url=slack.response_url("shortcut-2"))
    [answer] = slack.wait_for(lambda calls: [c for c in slack.calls_to("chat.postEphemeral")
                                             if c.args.get("channel") == "C0THREADED"])
    assert answer.args["thread_ts"] == "1760000006.000001" and answer.args["user"] == LAWYER
    assert PRIVILEGE_SPAN in answer.text and buttons(answer)["share_answer"]
    assert slack.responses("shortcut-2") == []


def test_find_the_rule_on_a_message_without_text_says_so(bot, slack):
    bot.send.message_action("find_rule", {"ts": "1760000007.000001", "text": "", "files": [{"id": "F1"}]},
                            response_url=slack.response_url("shortcut-3"))
    [said] = slack.wait_for(lambda calls: slack.responses("shortcut-3"))
    assert "no text I can search for" in said.text


# ================================================================ the agent messaging experience (agent_view)

def test_the_messages_tab_offers_prompts_without_a_thread_and_greets_once(bot, slack):
    user, dm = "U0AGENT", "D0AGENT"
    for n in range(2):  # opened twice: prompts each time, the greeting once
        assert bot.send.event({"type": "app_home_opened", "user": user, "channel": dm, "tab": "messages",
                               "event_ts": f"1760000100.00000{n}"}, event_id=f"EvAgentOpen{n}").status == 200
    offered = slack.wait_for(lambda calls: len([c for c in slack.calls_to("assistant.threads.setSuggestedPrompts")
                                                if c.args.get("channel_id") == dm]) >= 2 and
                             [c for c in slack.calls_to("assistant.threads.setSuggestedPrompts")
                              if c.args.get("channel_id") == dm])
    assert all("thread_ts" not in c.args and c.result["ok"] for c in offered)  # an agent app passes no thread
    assert 3 <= len(offered[0].args["prompts"]) <= 4
    settle(bot)
    greetings = [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == dm]
    assert len(greetings) == 1 and "passages" in greetings[0].text
    assert not published(slack, user)  # the Messages tab publishes no Home view


def test_a_question_in_the_messages_tab_is_answered_for_the_channel_being_viewed(bot, slack):
    user, dm, viewing = "U0AGENT2", "D0AGENT2", "C0MATTER"
    bot.chat.state.put_binding(f"slack:{viewing}", {"court": "S.D. Cal.", "judge": "Crawford"})  # the channel's matter
    context = {"entities": [{"type": "slack#/types/channel_id", "value": viewing, "team_id": "T0RULES"}]}
    assert bot.send.event({"type": "app_context_changed", "user": user, "channel": dm, "context": context,
                           "event_ts": "1760000200.000001"}).status == 200
    wait_until(lambda: (bot.chat.state.binding(f"slack:viewing:{user}") or {}).get("channel_id") == viewing,
               what="the viewed channel remembered")
    ts = "1760000200.000002"
    assert bot.send.event({"type": "message", "channel": dm, "channel_type": "im", "user": user, "text": Q, "ts": ts,
                           "event_ts": ts}).status == 200
    [answer] = slack.wait_for(lambda calls: [c for c in in_thread(slack, "chat.postMessage", dm, ts)
                                             if PRIVILEGE_SPAN in c.text])
    first = answer.blocks[0]
    assert first["type"] == "context" and "S.D. Cal., Judge Crawford" in first["elements"][0]["text"]


class Burden:
    """An engine that knows one answer (the wire test needs no index)."""

    def __init__(self):
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def answer(self, question, *, history=(), **kw):
        from bot.types import Answer

        self.asked.append((question, tuple(history)))
        return Answer(question, "The party asserting the privilege.")


def test_a_question_in_the_assistant_panel_costs_three_round_trips_to_redis(slack, redis_server, tmp_path, caplog):
    """Counted on the wire: the thread's binding (read once, by the listener's matcher, which needs it to know the
    thread is ours), then what every question costs (its arrival; its end).  The status line and the title come
    once the question is admitted, the title from what its arrival read: there were five.  A retry to the same
    replica costs one (the binding; the claim is known in its memory) and shows nothing."""
    from bot.chat.service import Chat

    channel, root = "D0WIRE", "1760000009.000001"
    with RoundTrips(redis_server.port) as trips:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "SLACK_BOT_TOKEN": slack.token,
                                      "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url,
                                      "RULEBOT_REDIS_URL": trips.url})
        engine = Burden()
        with served_chat(settings, engine, chat=Chat.from_settings(settings, engine, sync=None)) as srv:
            send = SlackSender(srv.slack_url, SECRET)
            StateContextStore(srv.chat.state).save(channel_id=channel, thread_ts=root,
                                                   context={"channel_id": "C0GENERAL", "team_id": "T0RULES"})

            def ask(text: str, *, answers: int, event_id: str, retry: bool = False) -> int:
                before, ts = trips.count, f"1760000009.{next(_ts):06d}"
                ev = {"type": "message", "channel": channel, "channel_type": "im", "user": LAWYER, "text": text,
                      "ts": ts, "thread_ts": root, "event_ts": ts}
                assert send.event(ev, event_id=event_id, retry_num=1 if retry else None).status == 200
                if retry:  # the listener runs after the ack: done once it has skipped the repeat
                    wait_until(lambda: any(f"skipping a repeat of answer (slack:event:{event_id}" in r.getMessage()
                                           for r in caplog.records), 30, "the retry to be skipped")
                slack.wait_for(lambda calls: len([c for c in in_thread(slack, "chat.postMessage", channel, root)
                                                  if "asserting the privilege" in c.text]) >= answers)
                assert srv.chat.workers.wait_idle(10)
                return trips.count - before

            caplog.set_level(logging.INFO, logger="rulebot.chat")
            ask("What is the page limit?", answers=1, event_id="EvW0")  # each connection's greetings
            connections = trips.connections
            assert ask(Q, answers=2, event_id="EvW1") == 3 and trips.connections == connections
            statuses = len(in_thread(slack, "assistant.threads.setStatus", channel, root))
            assert ask(Q, answers=2, event_id="EvW1", retry=True) == 1
            assert len(in_thread(slack, "assistant.threads.setStatus", channel, root)) == statuses  # nothing shown
            assert engine.asked[1] == (Q, ("What is the page limit?",))
            [title] = in_thread(slack, "assistant.threads.setTitle", channel, root)  # by the first question only
            assert title.args["title"] == "What is the page limit?"
