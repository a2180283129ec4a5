"""Two `rulebot serve` replicas sharing a real Redis, with no sticky routing between them.

Each replica is the chat service plus the one server with both surfaces mounted (as `rulebot serve`
runs it), with its own worker pools and caches; all they share is `RULEBOT_REDIS_URL` (and the
index, read-only).  Slack's retries, thread follow-ups, Teams' redeliveries and the answer to a
draft's file consent card land on the other replica; Redis goes down and comes back.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import threading
import urllib.error
import urllib.request

import pytest

from chat_support import served_chat
from redis_support import redis_server  # noqa: F401  (fixture)
from slack_standin import BOT_USER, SlackAPIStandIn, SlackSender
from bot.chat import messages as CM
from bot.teams import cards
from teams_support import CONSENT, DRAFT_INPUTS, FILE_INFO, Connector, file_consent, find_actions, invoke_action, message
from fixtures.waiting import wait_until

SECRET = "5a4b3c2d1e0f96877869a5b4c3d2e1f0"
Q = "Who has the burden of establishing the law enforcement privilege?"
FOLLOW_UP = "what about under seal?"
SPAN = "have the burden of establishing that the privilege applies"


class Spy:
    """The real engine; records the history each question was answered with."""

    def __init__(self, real):
        self.real = real
        self.asked: list[tuple[str, tuple[str, ...]]] = []
        self.lock = threading.Lock()

    def answer(self, question, *, history=(), **kw):
        with self.lock:
            self.asked.append((question, tuple(history)))
        return self.real.answer(question, history=history, **kw)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def replicas(engine, session_settings, redis_server, tmp_path):
    """Two replicas (A, B) over one Redis, a Slack Web API stand-in and a Bot Connector stand-in."""
    spy = Spy(engine)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    connector = asyncio.run_coroutine_threadsafe(Connector().start(), loop).result(10)
    with SlackAPIStandIn() as slack, contextlib.ExitStack() as stack:
        replicas = []
        for name in ("a", "b"):
            settings = session_settings.with_(
                home=tmp_path / f"replica-{name}", redis_url=redis_server.url, slack_bot_token=slack.token,
                slack_signing_secret=SECRET, slack_api_url=slack.api_url, admins=("U0ADMIN",))
            served = stack.enter_context(served_chat(settings, spy, teams_no_auth=True))
            served.send = SlackSender(served.slack_url, SECRET)
            replicas.append(served)
        yield replicas[0], replicas[1], slack, connector, spy, redis_server
    asyncio.run_coroutine_threadsafe(connector.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def mention(text, *, channel, ts, thread_ts=None):
    ev = {"type": "app_mention", "user": "U0LAWYER", "text": f"<@{BOT_USER}> {text}", "ts": ts, "channel": channel,
          "event_ts": ts}
    if thread_ts:
        ev["thread_ts"] = thread_ts
    return ev


def posts(slack, channel):
    return [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def post_activity(url: str, activity: dict) -> int:
    req = urllib.request.Request(url, data=json.dumps(activity).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status


def test_a_mention_and_its_retry_on_the_other_replica_get_one_reply_and_the_follow_up_has_context(replicas):
    a, b, slack, _, spy, _ = replicas
    first = mention(Q, channel="C0REPL", ts="1700000100.000100")
    assert a.send.event(first, event_id="Ev0REPL1").status == 200
    assert b.send.event(first, event_id="Ev0REPL1", retry_num=1).status == 200  # Slack's retry, other replica
    # the follow-up goes to B, which never saw the first question: its context comes from Redis
    follow = mention(FOLLOW_UP, channel="C0REPL", ts="1700000100.000200", thread_ts="1700000100.000100")
    assert b.send.event(follow, event_id="Ev0REPL2").status == 200
    wait_until(lambda: len(posts(slack, "C0REPL")) >= 2)
    wait_until(lambda: any(q == FOLLOW_UP for q, _ in spy.asked))
    replies = posts(slack, "C0REPL")
    assert len(replies) == 2, "one reply to the mention (its retry skipped), one to the follow-up"
    assert all(r.args.get("thread_ts") == "1700000100.000100" for r in replies)
    # the two replicas answer at once: either reply may be posted first
    assert any(SPAN in r.text for r in replies), "the mention's answer"
    assert [q for q, _ in spy.asked].count(Q) == 1
    assert (FOLLOW_UP, (Q,)) in spy.asked, "answered on B with A's question as context"


def test_a_teams_activity_delivered_to_both_replicas_is_answered_once(replicas):
    a, b, _, connector, spy, _ = replicas
    activity = message(connector.url, Q, conversation_id="a:replicas-teams")
    statuses = []
    both = [threading.Thread(target=lambda u=u: statuses.append(post_activity(u, activity))) for u in
            (a.teams_url, b.teams_url)]
    for t in both:
        t.start()
    for t in both:
        t.join(60)
    assert statuses == [200, 200]
    later = message(connector.url, "What must a party do before filing a discovery motion?",
                    conversation_id="a:replicas-teams")
    post_activity(b.teams_url, later)  # a barrier: once its answer is in, a duplicate would be too
    wait_until(lambda: len([c for c in connector.for_conversation("a:replicas-teams", type="message")
                            if c.cards]) >= 2)
    answers = [c for c in connector.for_conversation("a:replicas-teams", type="message") if c.cards]
    assert len(answers) == 2, "the redelivered activity was answered once"


def test_with_redis_down_answers_go_on_readyz_says_so_and_it_recovers(replicas):
    a, b, slack, _, spy, redis = replicas
    redis.stop()
    try:
        assert a.send.command("/rules", Q, response_url=slack.response_url("down-1")).status == 200
        got = slack.wait_for(lambda calls: slack.responses("down-1"), 60)
        assert SPAN in got[0].text, "answered although Redis is down"
        with urllib.request.urlopen(a.url + "/readyz", timeout=10) as resp:
            ready = json.loads(resp.read())
        assert ready["ready"] is True and "unreachable" in ready["state"]
    finally:
        redis.start()
    # back: de-duplication across replicas works again without a restart
    again = mention(Q, channel="C0BACK", ts="1700000200.000100")
    wait_until(lambda: a.chat.state.health() == "" and b.chat.state.health() == "", 30)
    a.send.event(again, event_id="Ev0BACK1")
    b.send.event(again, event_id="Ev0BACK1", retry_num=1)
    barrier = mention("When must parties meet and confer?", channel="C0BACK", ts="1700000200.000300")
    b.send.event(barrier, event_id="Ev0BACK2")
    wait_until(lambda: len(posts(slack, "C0BACK")) >= 2)
    wait_until(lambda: any("meet and confer" in q for q, _ in spy.asked))
    assert len(posts(slack, "C0BACK")) == 2
    with urllib.request.urlopen(b.url + "/readyz", timeout=10) as resp:
        assert "state" not in json.loads(resp.read())


def readyz(replica) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(replica.url + "/readyz", timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_with_redis_full_a_retry_is_answered_once_and_readyz_says_not_ready(replicas):
    """The issue's probe: Redis at `maxmemory` under `noeviction` (it answers, it refuses writes), a Slack event
    delivered and retried to one replica, a Teams activity delivered again and again: each answered once (30 of
    30 were answered twice); /readyz is 503 with the reason in one line; mended, ready again."""
    import redis as R

    a, b, slack, connector, spy, server = replicas
    admin = R.Redis.from_url(server.url)
    try:
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", "1")
        ev = mention(Q, channel="C0FULL", ts="1700000300.000100")
        for i in range(6):
            assert a.send.event(ev, event_id="Ev0FULL1", retry_num=i or None).status == 200
        activity = message(connector.url, "What must a party do before filing a discovery motion?",
                           conversation_id="a:full-teams")
        for _ in range(4):
            assert post_activity(a.teams_url, activity) == 200
        barrier = mention("When must parties meet and confer?", channel="C0FULL", ts="1700000300.000200")
        a.send.event(barrier, event_id="Ev0FULL2")  # once its answer is in, a duplicate would be too
        wait_until(lambda: len(posts(slack, "C0FULL")) >= 2)
        wait_until(lambda: [c for c in connector.for_conversation("a:full-teams", type="message") if c.cards])
        wait_until(lambda: any("meet and confer" in q for q, _ in spy.asked))
        assert len(posts(slack, "C0FULL")) == 2, "the event and its five retries: one answer"
        assert len([c for c in connector.for_conversation("a:full-teams", type="message") if c.cards]) == 1
        status, body = readyz(a)
        assert status == 503 and body["ready"] is False and "refuses writes" in body["reason"]
        assert "\n" not in body["reason"] and body["state"] == body["reason"]
    finally:
        admin.config_set("maxmemory", "0")
    assert wait_until(lambda: readyz(a) == (200, {"ready": True}), 30, "ready again once Redis takes writes")
    admin.close()


def offered_draft(replica, connector, cid: str) -> dict:
    """Ask `replica` for a good cause draft in the personal chat `cid`; the file consent card it offers."""
    assert post_activity(replica.teams_url, message(connector.url, "draft good cause", conversation_id=cid)) == 200
    form = wait_until(lambda: [card for c in connector.for_conversation(cid, type="message") for card in c.cards])[0]
    execute = find_actions(form, cards.DRAFT)[0]
    act = invoke_action(connector.url, execute["verb"], {**execute["data"], **DRAFT_INPUTS}, conversation_id=cid)
    assert post_activity(replica.teams_url, act) == 200
    return wait_until(lambda: [a for c in connector.for_conversation(cid) for a in c.attached(CONSENT)])[0]


def accept(replica, connector, cid: str, offer: dict) -> int:
    """The user's Allow on the consent card, as Teams sends it (a ``fileConsent/invoke``) to `replica`."""
    return post_activity(replica.teams_url, file_consent(
        connector.url, "accept", offer["content"]["acceptContext"], name=offer["name"],
        upload_url=connector.upload_url(offer["name"]), conversation_id=cid))


def test_a_word_file_prepared_on_one_replica_is_uploaded_by_the_other(replicas):
    import docx

    a, b, _, connector, _, _ = replicas
    cid = "a:replicas-draft"
    offer = offered_draft(a, connector, cid)
    assert accept(b, connector, cid, offer) == 200  # the consent lands on B, which never saw the draft
    (put,) = connector.uploads
    assert put.name == offer["name"] and len(put.body) == offer["content"]["sizeInBytes"]
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(put.body)).paragraphs)
    assert "Rivera v. Northwind Logistics, Inc." in words
    (info,) = [f for c in connector.for_conversation(cid) for f in c.attached(FILE_INFO)]
    assert info["name"] == offer["name"]
    assert accept(a, connector, cid, offer) == 200  # and once uploaded it is gone from both
    assert len(connector.uploads) == 1
    assert CM.DRAFT_WORD_EXPIRED in connector.for_conversation(cid, type="message")[-1].text


def test_with_redis_down_a_word_file_is_uploaded_by_its_own_replica_and_the_other_says_why_not(replicas):
    a, b, _, connector, _, redis = replicas
    cid = "a:replicas-draft-down"
    redis.stop()
    try:
        offer = offered_draft(a, connector, cid)  # kept in A's memory
        assert accept(b, connector, cid, offer) == 200
        said = connector.for_conversation(cid, type="message")[-1].text
        assert said == CM.DRAFT_WORD_UNREACHABLE and connector.uploads == []
        assert accept(a, connector, cid, offer) == 200
        (put,) = connector.uploads
        assert len(put.body) == offer["content"]["sizeInBytes"]
    finally:
        redis.start()
