"""One conversation script, run through Slack and through Teams: both surfaces behave the same by construction.

The script (`SCRIPT`) is a table of surface-neutral steps: ask, follow up, vote, show a passage, a
redelivered message, busy, an admin command refused, an admin reindex.  Each step talks to a
`Driver`, which speaks its surface's real protocol to ONE `served_chat` server (Slack and Teams
mounted on one port) and reads what the user sees from its stand-in:

- `SlackDriver`: signed events, commands and button clicks (`SlackSender`); replies from the Web API
  stand-in (chat.postMessage, response_url posts, views.open, chat.update);
- `TeamsDriver`: Activities posted over plain HTTP; replies from the Bot Connector stand-in, run on
  a background event loop (POSTed and PUT activities, invoke responses).

Answers come from the session's real engine over the shipped corpus, wrapped in a spy that records
what it was asked (with which history), can hold questions at a gate, and refuses to reindex the
shared index; the reindex step runs on a second server over a one-document corpus.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import shutil
import threading
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable

import pytest

from bot.chat import messages as M
from bot.settings import Settings
from bot.teams import cards
from bot.types import Filters
from chat_support import served_chat
from slack_standin import BOT_USER, SlackAPIStandIn, SlackSender
from teams_support import Connector, feedback_invoke, find_actions, invoke_action, message, texts, user

SECRET = "e1f4b2c3d4a5968778695a4b3c2d1e0f"
SLACK_ADMIN, TEAMS_ADMIN = "U0ADMIN", "aad-admin-1"
TIMEOUT = 30.0  # seconds any one reply may take

Q = "Who has the burden of establishing the law enforcement privilege?"
PHRASE = "have the burden of establishing that the privilege applies"  # quoted verbatim in the answer
PIN_CITE = "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A"
FOLLOW_UP = "What must they show first?"
RETRIED = "Who bears the burden of showing that the law enforcement privilege applies?"
LATER = "And what about under seal?"
HELD = "Who may invoke the law enforcement privilege?"
SECRET_WORD = "hunter2"  # typed after a refused admin command: must reach neither the log nor the reply


# ---------------------------------------------------------------------------- the engine behind the chat

class SpyEngine:
    """The session engine, recording every question with its history and the answer given.  While
    `gate` is clear, questions wait at it (`entered` says one has); reindexing the shared index is refused."""

    def __init__(self, real):
        self.real = real
        self.asked: list[tuple[str, tuple[str, ...]]] = []
        self.answers: dict[str, Any] = {}
        self.gate, self.entered = threading.Event(), threading.Event()
        self.gate.set()
        self.reindexed = 0

    def answer(self, question, *, history=(), filters=Filters(), k=None):
        self.asked.append((question, tuple(history)))
        self.entered.set()
        assert self.gate.wait(TIMEOUT), "the gate was never opened"
        self.answers[question] = ans = self.real.answer(question, history=history, filters=filters, k=k)
        return ans

    def passage(self, pid):
        return self.real.passage(pid)

    def status(self):
        return self.real.status()

    def reindex(self, **kw):
        self.reindexed += 1
        raise AssertionError("the session index is shared by other tests: never reindex it")

    def __getattr__(self, name):
        return getattr(self.real, name)


# ---------------------------------------------------------------------------- what a driver returns

@dataclass(frozen=True)
class Post:
    """One message the user sees: its id, its text, and whether it replaced an earlier one in place."""

    id: str
    text: str
    updated: bool = False


@dataclass(frozen=True)
class Reply:
    """A message that reached the user: its text, the thread to follow up in, and the surface's own
    message (its buttons) for the driver's next action on it."""

    text: str
    thread: Any = None
    message: Any = field(default=None, repr=False)


@dataclass
class Sent:
    """A message the user sent: its thread, how many messages the thread held before it, and what it
    takes to deliver it again."""

    thread: Any
    seen: int
    delivery: Any = field(default=None, repr=False)
    posted: Any = field(default=None, repr=False)  # Teams: the pending HTTP request (a turn lasts until it is done)
    deliveries: int = 1


class Driver:
    """What the script needs of a surface; `SlackDriver` and `TeamsDriver` implement it."""

    surface: str  # as the feedback store records it
    user_id: str  # the asking (non-admin) user, as the chat service names them

    def __init__(self, srv: SimpleNamespace):
        self.srv = srv
        self.chat = srv.chat

    def settle(self) -> None:
        """Wait until the service has finished earlier work (its pending slot is free again)."""
        assert self.chat.workers.wait_idle(TIMEOUT), "the answer workers never became idle"

    def ask(self, text: str, thread: Any = None, *, settle: bool = True) -> Reply:
        return self.reply_to(self.send(text, thread, settle=settle))

    # implemented by each surface
    def send(self, text: str, thread: Any = None, *, settle: bool = True) -> Sent: ...
    def redeliver(self, sent: Sent) -> None: ...
    def reply_to(self, sent: Sent) -> Reply: ...
    def posts(self, thread: Any) -> list[Post]: ...
    def vote(self, reply: Reply, verdict: str) -> Reply: ...
    def show_passage(self, reply: Reply, n: int = 1) -> Reply: ...
    def admin(self, text: str, *, admin: bool, until: str) -> list[Post]: ...


def slack_text(fallback: str, blocks: list) -> str:
    """What a Slack message shows: every block's text (rich text verbatim, mrkdwn unescaped), or its
    fallback text when it has no blocks."""
    if not blocks:
        return fallback
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for x in node:
                walk(x)
        elif isinstance(node, dict):
            if str(node.get("type", "")).startswith("rich_text_"):
                out.append("".join(e.get("text", "") for e in node.get("elements", []) if isinstance(e, dict)))
                return
            if isinstance(node.get("text"), str):
                out.append(node["text"].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value)

    walk(blocks)
    return "\n".join(out)


# ---------------------------------------------------------------------------- Slack

class SlackDriver(Driver):
    """Questions as `app_mention` events in a channel (a thread per question), buttons as `block_actions`,
    admin commands as `/rules-admin`; replies read from the Web API stand-in."""

    surface = "slack"
    user_id = "U0LAWYER"
    channel = "C0CONVERSE"

    def __init__(self, srv: SimpleNamespace, api: SlackAPIStandIn):
        super().__init__(srv)
        self.api = api
        self.send_as = SlackSender(srv.slack_url, SECRET)
        self._n = itertools.count(1)

    def _ts(self) -> str:
        return f"1800000000.{next(self._n):06d}"

    def posts(self, thread) -> list[Post]:
        return [Post(c.result["ts"], slack_text(c.args.get("text", ""), c.blocks)) for c in self._calls(thread)]

    def _calls(self, thread) -> list:
        channel, root = thread
        return [c for c in self.api.calls_to("chat.postMessage")
                if c.args.get("channel") == channel and c.args.get("thread_ts") == root]

    def send(self, text, thread=None, *, settle=True) -> Sent:
        if settle:
            self.settle()
        ts = self._ts()
        root = thread[1] if thread else ts
        event = {"type": "app_mention", "user": self.user_id, "text": f"<@{BOT_USER}> {text}", "ts": ts,
                 "channel": self.channel, "event_ts": ts}
        if thread:
            event["thread_ts"] = root
        sent = Sent((self.channel, root), len(self.posts((self.channel, root))), (event, f"Ev0CONV{ts}"))
        assert self.send_as.event(event, event_id=sent.delivery[1]).status == 200
        return sent

    def redeliver(self, sent) -> None:
        event, event_id = sent.delivery  # Slack retries with the same event_id and a retry number
        assert self.send_as.event(event, event_id=event_id, retry_num=sent.deliveries).status == 200
        sent.deliveries += 1

    def reply_to(self, sent) -> Reply:
        call = self.api.wait_for(lambda calls: self._calls(sent.thread)[sent.seen:], TIMEOUT)[0]
        return Reply(slack_text(call.args.get("text", ""), call.blocks), sent.thread, call)

    def _button(self, reply, action_id: str) -> dict:
        for block in reply.message.blocks:
            for el in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
                if el.get("type") == "button" and el.get("action_id") == action_id:
                    return el
        raise AssertionError(f"no {action_id} button in {reply.text[:300]}")

    def _feedback(self, reply, verdict: str) -> dict:
        """Slack's own feedback buttons (a context_actions block): what a click on 👍 or 👎 sends."""
        for block in reply.message.blocks:
            for el in block.get("elements", []) if block.get("type") == "context_actions" else ():
                if el.get("type") == "feedback_buttons":
                    side = el["positive_button" if verdict == "up" else "negative_button"]
                    return {"action_id": el["action_id"], "value": side["value"], "text": side["text"],
                            "type": "feedback_buttons"}
        raise AssertionError(f"no feedback buttons in {reply.text[:300]}")

    def _click(self, reply, button: dict) -> str:
        name = f"click-{next(self._n)}"
        sent = self.send_as.block_action({"action_id": button["action_id"], "value": button["value"],
                                          "text": button["text"], "type": button.get("type", "button")},
                                         user=self.user_id, channel=reply.thread[0],
                                         message_ts=reply.message.result["ts"], thread_ts=reply.thread[1],
                                         response_url=self.api.response_url(name))
        assert sent.status == 200
        return name

    def vote(self, reply, verdict) -> Reply:
        self.settle()
        name = self._click(reply, self._feedback(reply, verdict))
        said = self.api.wait_for(lambda calls: self.api.responses(name), TIMEOUT)[0]
        return Reply(slack_text(said.args.get("text", ""), said.blocks), reply.thread, said)

    def show_passage(self, reply, n=1) -> Reply:
        self.settle()
        before = len(self.api.calls_to("views.open"))
        self._click(reply, self._button(reply, f"show_passage:{n}"))
        opened = self.api.wait_for(lambda calls: self.api.calls_to("views.open")[before:], TIMEOUT)[0]
        view = opened.args["view"]
        view = json.loads(view) if isinstance(view, str) else view
        return Reply(slack_text("", view["blocks"]), reply.thread, opened)

    def admin(self, text, *, admin, until) -> list[Post]:
        self.settle()
        n = next(self._n)
        channel, name = f"C0ADMIN{n}", f"admin-{n}"
        sent = self.send_as.command("/rules-admin", text, user=SLACK_ADMIN if admin else self.user_id,
                                    channel=channel, response_url=self.api.response_url(name))
        assert sent.status == 200
        ack = (sent.json() or {}).get("text", "") if sent.body.startswith("{") else sent.body

        def seen(calls) -> list[Post]:
            posts = [Post("ack", ack)] if ack else []
            for c in calls:
                in_channel = c.args.get("channel") == channel
                if c.kind == "api" and c.name in ("chat.postMessage", "chat.update") and in_channel:
                    updated = c.name == "chat.update"
                    posts.append(Post(c.args["ts"] if updated else c.result["ts"],
                                      slack_text(c.args.get("text", ""), c.blocks), updated))
                elif c.kind == "response" and c.name == name:
                    posts.append(Post(f"response:{name}", slack_text(c.args.get("text", ""), c.blocks)))
            return posts if any(until in p.text for p in posts) else []

        return self.api.wait_for(seen, TIMEOUT * 4)


# ---------------------------------------------------------------------------- Teams

class IdConnector(Connector):
    """The Bot Connector stand-in, also noting the id it gave each posted activity (`Call.given`)."""

    async def _record(self, request):
        response = await super()._record(request)
        self.calls[-1].given = json.loads(response.body)["id"]  # no await since the append: still this call
        return response


class TeamsDriver(Driver):
    """Questions as message Activities (a personal conversation per question thread), buttons as
    `adaptiveCard/action` invokes, admin commands as `admin …` messages; replies read from the connector."""

    surface = "teams"
    user_id = "aad-user-1"

    def __init__(self, srv: SimpleNamespace, connector: IdConnector, loop: asyncio.AbstractEventLoop,
                 pool: ThreadPoolExecutor):
        super().__init__(srv)
        self.connector, self.loop, self.pool = connector, loop, pool
        self.who, self.admin_who = user(self.user_id, "Ada Associate"), user(TEAMS_ADMIN, "Alex Admin")

    def _post(self, activity: dict) -> Future:
        """POST the Activity as Teams does, on a pool thread (a turn can last until its answer is sent)."""
        def post() -> tuple[int, Any]:
            req = urllib.request.Request(self.srv.teams_url, data=json.dumps(activity).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                    body = resp.read()
                    return resp.status, json.loads(body) if body.strip() else None
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()

        return self.pool.submit(post)

    def _wait(self, pred: Callable[[list], Any], timeout: float = TIMEOUT) -> Any:
        """Wait (on the connector's loop) until `pred(calls)` is truthy; returns its value."""
        box: list[Any] = []

        def check(calls) -> bool:
            value = pred(list(calls))
            if value:
                box.append(value)
            return bool(value)

        asyncio.run_coroutine_threadsafe(self.connector.wait_for(check, timeout), self.loop).result(timeout + 5)
        return box[-1]

    def _calls(self, thread) -> list:
        return [c for c in self.connector.for_conversation(thread) if c.type != "typing"]

    @staticmethod
    def _post_of(c) -> Post:
        shown = "\n".join([c.text] + [texts(card) for card in c.cards])
        return Post(c.activity_id if c.method == "PUT" else c.given, shown, c.method == "PUT")

    def posts(self, thread) -> list[Post]:
        return [self._post_of(c) for c in self._calls(thread)]

    def send(self, text, thread=None, *, settle=True) -> Sent:
        if settle:
            self.settle()
        activity = message(self.connector.url, text, conversation_id=thread, who=self.who)
        thread = activity["conversation"]["id"]
        return Sent(thread, len(self._calls(thread)), activity, posted=self._post(activity))

    def redeliver(self, sent) -> None:
        status, _ = self._post(sent.delivery).result(TIMEOUT)  # the same Activity, the same id
        assert status == 200

    def reply_to(self, sent) -> Reply:
        call = self._wait(lambda calls: self._calls(sent.thread)[sent.seen:])[0]
        status, _ = sent.posted.result(TIMEOUT)
        assert status == 200
        return Reply(self._post_of(call).text, sent.thread, call)

    def _invoke(self, reply, action: dict) -> Any:
        status, body = self._post(invoke_action(self.connector.url, action["verb"], action["data"],
                                                conversation_id=reply.thread, who=self.who)).result(TIMEOUT)
        assert status == 200, body
        return body

    def vote(self, reply, verdict) -> Reply:
        """Teams' own 👍/👎 on the answer (a chat's one set of feedback controls): a ``message/submitAction``
        invoke naming the answer's message; Teams itself shows that it was sent, so the bot answers nothing."""
        self.settle()
        assert not [a for card in reply.message.cards for a in find_actions(card, cards.FEEDBACK)], "one set only"
        activity = feedback_invoke(self.connector.url, reply.message.given, "like" if verdict == "up" else "dislike",
                                   conversation_id=reply.thread, who=self.who)
        status, body = self._post(activity).result(TIMEOUT)
        assert status == 200, body
        return Reply("", reply.thread, body)

    def show_passage(self, reply, n=1) -> Reply:
        """Citation `n`'s passage: fetched with its "Show the whole passage" action when the card has one,
        else revealed in the card by its "Show passage" toggle (as the Teams client does, no request)."""
        self.settle()
        [card] = reply.message.cards
        action_sets = [a for a in _all(card, "ActionSet") if any(
            x.get("type") == "Action.ToggleVisibility" or (x.get("data") or {}).get("rulebot") == cards.PASSAGE
            for x in a.get("actions", []))]
        actions = action_sets[n - 1]["actions"]
        fetch = [a for a in actions if (a.get("data") or {}).get("rulebot") == cards.PASSAGE]
        if fetch:
            seen = len(self._calls(reply.thread))
            self._invoke(reply, fetch[0])
            call = self._wait(lambda calls: self._calls(reply.thread)[seen:])[0]
            return Reply(self._post_of(call).text, reply.thread, call)
        [toggle] = [a for a in actions if a.get("type") == "Action.ToggleVisibility"]
        shown = [c for c in _all(card, "Container") if c.get("id") in toggle["targetElements"]]
        return Reply("\n".join(texts(c) for c in shown), reply.thread, toggle)

    def admin(self, text, *, admin, until) -> list[Post]:
        self.settle()
        activity = message(self.connector.url, f"admin {text}", who=self.admin_who if admin else self.who)
        thread = activity["conversation"]["id"]
        posted = self._post(activity)

        def finished(calls) -> list[Post]:
            posts = self.posts(thread)
            return posts if any(until in p.text for p in posts) else []

        posts = self._wait(finished, TIMEOUT * 4)
        status, _ = posted.result(TIMEOUT)  # the turn is over: whatever the command started has started
        assert status == 200
        return posts


def _all(node: Any, kind: str) -> list[dict]:
    """Every element of type `kind` in a card, in order."""
    out: list[dict] = []
    if isinstance(node, dict):
        if node.get("type") == kind:
            out.append(node)
        for v in node.values():
            out += _all(v, kind)
    elif isinstance(node, list):
        for v in node:
            out += _all(v, kind)
    return out


# ---------------------------------------------------------------------------- the script

@dataclass
class Scene:
    """What the steps share: the surface's driver on the main server and on the one-document server,
    the spy engine, the log capture, and what earlier steps left for later ones."""

    d: Driver
    small: Driver
    spy: SpyEngine
    caplog: Any
    memo: dict = field(default_factory=dict)


def ask(s: Scene) -> None:
    first = s.memo["first"] = s.d.ask(Q)
    assert PHRASE in first.text and PIN_CITE in first.text, first.text[:1500]


def follow_up(s: Scene) -> None:
    first = s.memo["first"]
    answered = s.d.ask(FOLLOW_UP, thread=first.thread)
    assert answered.text.strip() and "Sorry" not in answered.text
    assert (FOLLOW_UP, (Q,)) in s.spy.asked, s.spy.asked
    # the follow-up's answer came after the first one's: the first question had exactly one answer
    assert [p.text for p in s.d.posts(first.thread)] == [first.text, answered.text]


def vote(s: Scene) -> None:
    thanks = s.d.vote(s.memo["first"], "up")
    if s.d.surface == "slack":  # Teams shows its own confirmation of its native buttons
        assert M.FEEDBACK_THANKS["up"] in thanks.text
    [row] = s.d.chat.feedback.all()
    assert (row["source"], row["user"], row["verdict"], row["question"]) == (s.d.surface, s.d.user_id, "up", Q)


def show_passage(s: Scene) -> None:
    shown = s.d.show_passage(s.memo["first"], 1)
    cited = s.spy.answers[Q].citations[0].passage
    assert cited.text in shown.text, (cited.text[:200], shown.text[:500])


def redelivered(s: Scene) -> None:
    sent = s.d.send(RETRIED)
    s.d.redeliver(sent)  # racing the first delivery, as a retry does
    first = s.d.reply_to(sent)
    s.d.redeliver(sent)  # and once more after the answer
    later = s.d.ask(LATER, thread=sent.thread)  # its answer comes after anything the retries caused
    assert [p.text for p in s.d.posts(sent.thread)] == [first.text, later.text]
    assert [q for q, _ in s.spy.asked].count(RETRIED) == 1


def busy(s: Scene) -> None:
    s.d.settle()
    s.spy.gate.clear()
    s.spy.entered.clear()
    try:
        held = s.d.send(HELD)  # takes the one pending slot (max_pending=1) and waits at the gate
        assert s.spy.entered.wait(TIMEOUT), "the held question never reached the engine"
        turned_away = s.d.ask(Q, settle=False)
    finally:
        s.spy.gate.set()
    assert M.BUSY in turned_away.text
    assert "Sorry" not in s.d.reply_to(held).text  # the held question is still answered
    assert [q for q, _ in s.spy.asked].count(HELD) == 1


def admin_refused(s: Scene) -> None:
    command = f"reindex {SECRET_WORD}"
    with s.caplog.at_level(logging.INFO):
        posts = s.d.admin(command, admin=False, until="administrators only")
    assert s.d.chat.admin_workers.wait_idle(TIMEOUT)  # anything it had started would have run by now
    refused = template(M.ADMIN_REFUSED, user_id=s.d.user_id)
    assert [p for p in posts if refused.search(p.text)], posts
    assert not any(SECRET_WORD in p.text or "Reindex" in p.text for p in posts), posts
    assert s.spy.reindexed == 0 and s.d.chat.state.job() is None
    lines = [r.getMessage() for r in s.caplog.records]
    assert [m for m in lines if "refused" in m and s.d.user_id in m and f"({len(command)} characters)" in m], lines
    assert not [m for m in lines if SECRET_WORD in m]  # logged by size, never by content


def admin_reindex(s: Scene) -> None:
    posts = s.small.admin("reindex", admin=True, until="Reindex finished")
    [start] = [i for i, p in enumerate(posts) if "Reindex started by" in p.text]
    started, *updates = posts[start:]
    assert not started.updated and updates and all(u.updated and u.id == started.id for u in updates), posts
    assert any(u.text.strip().startswith("Reindexing: ") for u in updates), posts
    summary = s.small.srv.engine.last_report.summary()
    assert "Reindex finished" in updates[-1].text and summary in updates[-1].text
    assert s.small.srv.engine.status()["documents"] == 1


SCRIPT: list[tuple[str, Callable[[Scene], None]]] = [
    ("ask", ask),
    ("follow-up in the thread", follow_up),
    ("vote up", vote),
    ("show passage", show_passage),
    ("redelivered message", redelivered),
    ("busy", busy),
    ("admin refused", admin_refused),
    ("admin reindex", admin_reindex),
]


def template(message: str, **known: str) -> re.Pattern:
    """A pattern for a `bot.chat.messages` template: `known` fields filled in, the others any text."""
    parts = re.split(r"(\{\w+\})", message)
    return re.compile("".join(
        (re.escape(known[p[1:-1]]) if p[1:-1] in known else ".+?") if re.fullmatch(r"\{\w+\}", p) else re.escape(p)
        for p in parts))


# ---------------------------------------------------------------------------- servers and stand-ins

def settings_for(api: SlackAPIStandIn, home, **env) -> Settings:
    return Settings.load(env={"RULEBOT_HOME": str(home), "SLACK_BOT_TOKEN": api.token, "SLACK_SIGNING_SECRET": SECRET,
                              "SLACK_API_URL": api.api_url, "RULEBOT_ADMINS": f"{SLACK_ADMIN},{TEAMS_ADMIN}", **env})


@pytest.fixture(scope="module")
def slack_api():
    with SlackAPIStandIn() as api:
        yield api


@pytest.fixture(scope="module")
def teams_connector():
    """The Bot Connector stand-in on its own event loop thread, and a pool to post Activities from."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True, name="connector-standin")
    thread.start()
    connector = asyncio.run_coroutine_threadsafe(IdConnector().start(), loop).result(10)
    with ThreadPoolExecutor(8, thread_name_prefix="teams-client") as pool:
        yield connector, loop, pool
    asyncio.run_coroutine_threadsafe(connector.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


@pytest.fixture
def small_server(slack_api, embedder, tmp_path):
    """Both surfaces over an engine of their own on a one-document corpus: a reindex here touches nothing shared."""
    from bot.answering.engine import Engine

    tmp = tmp_path / "small"
    corpus = tmp / "corpus"
    (corpus / "orders").mkdir(parents=True)
    shutil.copy(Settings.load(env={"RULEBOT_HOME": str(tmp)}).corpus_dir / "orders/cdcal-segal-protective-order.md",
                corpus / "orders")
    settings = settings_for(slack_api, tmp / "home", RULEBOT_CORPUS=str(corpus))
    with served_chat(settings, Engine(settings, embedder=embedder), teams_no_auth=True, progress_interval=0.0) as srv:
        yield srv


@pytest.fixture
def spy(engine):
    return SpyEngine(engine)


@pytest.fixture
def main_server(spy, slack_api, tmp_path):
    """Both surfaces on one port over the session engine; one question pending at a time (`busy`)."""
    settings = settings_for(slack_api, tmp_path / "home", RULEBOT_MAX_PENDING="1")
    with served_chat(settings, spy, teams_no_auth=True) as srv:
        yield srv


@pytest.mark.parametrize("surface", ["slack", "teams"])
def test_the_conversation_script_runs_the_same_on_both_surfaces(surface, main_server, small_server, spy,
                                                                slack_api, teams_connector, caplog):
    def driver(srv) -> Driver:
        return SlackDriver(srv, slack_api) if surface == "slack" else TeamsDriver(srv, *teams_connector)

    scene = Scene(d=driver(main_server), small=driver(small_server), spy=spy, caplog=caplog)
    for name, step in SCRIPT:
        try:
            step(scene)
        except BaseException as e:
            e.add_note(f"in the {surface} run, step {name!r}")
            raise
