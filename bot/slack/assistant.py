"""Slack's assistant panel ("Agents & AI Apps"): Bolt's `Assistant` middleware over the chat service.

- `assistant_thread_started`: a one-line greeting that says what is indexed, and 3 to 4 suggested
  questions drawn from the corpus (`bot.chat.suggest`).
- `assistant_thread_context_changed` (and the context a thread starts with): the channel the user is
  viewing is remembered per assistant thread in the chat service's shared state; when its name, topic or
  purpose carries a docket number, the answers say which case the question is taken to be about.
- a user's message in the thread: the status line ("is searching the rules…"), the thread's title from
  its first question, and the answer in the thread with the same Block Kit as everywhere else; a
  follow-up is read with the thread's earlier questions (`Chat.ask`).  The status and the title come once
  the question is claimed and admitted, and the title from what its admission read (so a question costs
  the shared state the thread's binding, read once, and the two calls of any question: three Redis round
  trips).

A direct-message thread the app did not see start as an assistant thread (no binding in the state) is
left to the ordinary message listener, which answers it the same way without the status line.
"""

from __future__ import annotations

import json

import logging
from typing import Any, Callable, Mapping

from slack_bolt import App, BoltContext
from slack_bolt.context.assistant.thread_context import AssistantThreadContext
from slack_bolt.context.assistant.thread_context_store.store import AssistantThreadContextStore
from slack_bolt.middleware.assistant import Assistant
from slack_sdk.errors import SlackApiError

from bot.chat import messages as CM
from bot.chat import suggest
from bot.chat.service import Chat
from bot.chat.steps import INLINE, Request, Unheard
from bot.chat.state import StateStore
from bot.chat.types import AnswerView, Asker, Thread
from bot.slack import blocks as B
from bot.slack.inbound import message_from
from bot.slack.outbound import Outbox
from bot.slack.reply import SlackReply
from bot.slack.threads import thread_reader

log = logging.getLogger("rulebot.slack")

EVENTS = ("assistant_thread_started", "assistant_thread_context_changed")
CONTEXT_KEYS = ("channel_id", "team_id", "enterprise_id")
MAX_TITLE = 100
BINDING = "rulebot_assistant_binding"  # where the matcher leaves the thread's binding in Bolt's context


def thread_key(channel: str, thread_ts: str) -> str:
    """Where an assistant thread's binding lives in the shared state.

    >>> thread_key("D1", "1.2")
    'slack:assistant:D1:1.2'
    """
    return f"slack:assistant:{channel}:{thread_ts}"


CONTEXT_SECONDS = 30 * 24 * 3600.0  # an assistant thread's context is kept this long after its last change


class StateContextStore(AssistantThreadContextStore):
    """Bolt's thread context store kept in the chat service's state (one binding per assistant thread,
    shared by replicas with Redis), instead of Bolt's default, which rewrites the bot's first message."""

    def __init__(self, state: StateStore):
        self.state = state

    def save(self, *, channel_id: str, thread_ts: str, context: Mapping[str, Any], **extra: str) -> None:
        key = thread_key(channel_id, thread_ts)
        current = self.binding(channel_id, thread_ts) or {}
        values = {k: str(context.get(k) or "") for k in CONTEXT_KEYS}
        # kept as the thread's one remembered value, expiring with it: never among the channels' matters
        self.state.remember(key, json.dumps({**current, **values, "assistant": "1", **extra}),
                            window=CONTEXT_SECONDS, keep=1)

    def find(self, *, channel_id: str, thread_ts: str) -> AssistantThreadContext | None:
        found = self.binding(channel_id, thread_ts)
        if not found or not found.get("channel_id"):
            return None
        return AssistantThreadContext({k: found.get(k) or None for k in CONTEXT_KEYS})

    def binding(self, channel_id: str, thread_ts: str) -> dict | None:
        found = self.state.earlier(thread_key(channel_id, thread_ts))
        try:
            return json.loads(found[-1]) if found else None
        except ValueError:
            return None


class AssistantReply(SlackReply):
    """Answers in the assistant thread; when the viewed channel names a case (and no channel binding
    already says which matter the answer is for), the answer starts with that one line."""

    def __init__(self, out: Outbox, channel: str, thread_ts: str, *, user: str, case: str = ""):
        super().__init__(out, lambda m: out.post(channel, m, thread_ts=thread_ts), user=user, channel=channel,
                         thread_ts=thread_ts)
        self.case = case

    def answer(self, view: AnswerView) -> None:
        msg = B.render_answer(view.answer, key=view.key)
        if not getattr(view.answer, "context", ""):
            msg = B.with_line(msg, self.case)
        self._send(msg)


def case_of(out: Outbox, channel_id: str, idx: suggest.Indexed) -> str:
    """The case line for the channel the user is viewing (`conversations.info`: name, topic, purpose);
    "" for a DM, a channel the app cannot see, or one that names no docket number."""
    if not channel_id or channel_id.startswith("D"):
        return ""
    try:
        info = out.client.conversations_info(channel=channel_id).get("channel") or {}
    except SlackApiError as e:  # not a member of a private channel, missing scope...: no case then
        log.info("conversations.info %s: %s", channel_id, e.response.get("error"))
        return ""
    return suggest.case_line({"name": info.get("name", ""), "topic": (info.get("topic") or {}).get("value", ""),
                              "purpose": (info.get("purpose") or {}).get("value", "")}, idx)


def _best_effort(what: str, call: Callable[[], Any]) -> None:
    """A status line or a title is decoration: if Slack refuses it, the answer still comes."""
    try:
        call()
    except SlackApiError as e:
        log.warning("assistant %s refused: %s", what, e.response.get("error"))
    except Exception as e:
        log.warning("assistant %s failed: %s", what, e)


def _delivery(body: Mapping[str, Any]) -> tuple[str, ...]:
    """The event's id: a retry of an event already handled is skipped (Slack redelivers when an ack is slow)."""
    event_id = str(body.get("event_id") or "")
    return (f"slack:event:{event_id}",) if event_id else ()


def register(app: App, chat: Chat, out: Outbox) -> Assistant:
    """Attach the assistant listeners to `app` (as Bolt middleware, ahead of the ordinary listeners)."""
    store = StateContextStore(chat.state)
    assistant = Assistant(thread_context_store=store)

    def remember(channel: str, thread_ts: str, context: Mapping[str, Any], idx: suggest.Indexed | None = None) -> None:
        viewed = str(context.get("channel_id") or "")
        case = case_of(out, viewed, idx if idx is not None else chat.indexed()) if viewed else ""
        store.save(channel_id=channel, thread_ts=thread_ts, context=context, case=case)

    @assistant.thread_started
    def started(body: dict, payload: dict, say: Callable, set_suggested_prompts: Callable) -> None:
        thread = payload["assistant_thread"]
        channel, ts, user = thread["channel_id"], thread["thread_ts"], thread.get("user_id", "")

        def work() -> None:
            idx = chat.indexed()
            remember(channel, ts, thread.get("context") or {}, idx)
            say(text=suggest.greeting(idx))
            prompts = suggest.prompts(idx)
            if prompts:
                set_suggested_prompts(prompts=[{"title": p.title, "message": p.message} for p in prompts],
                                      title=CM.PROMPTS_TITLE)

        chat.handle(Request("assistant greeting", SlackReply.to_thread(out, channel, ts, user=user),
                            delivery=_delivery(body), queue=INLINE), work)

    @assistant.thread_context_changed
    def context_changed(body: dict, payload: dict) -> None:
        thread = payload["assistant_thread"]

        def work() -> None:
            try:
                remember(thread["channel_id"], thread["thread_ts"], thread.get("context") or {})
            except Exception:
                log.exception("could not remember the context of assistant thread %s", thread.get("thread_ts"))

        chat.handle(Request("assistant context", Unheard(), delivery=_delivery(body), queue=INLINE), work)

    def known_thread(body: dict, context: BoltContext) -> bool:
        ev = body.get("event") or {}
        found = store.binding(str(ev.get("channel", "")), str(ev.get("thread_ts", "")))
        context[BINDING] = found  # for the listener: read once
        return found is not None

    @assistant.user_message(matchers=[known_thread])
    def asked(body: dict, context: BoltContext, set_status: Callable, set_title: Callable) -> None:
        bot_user = context.bot_user_id or ""
        msg = message_from(body, bot_user=bot_user)
        if msg is None:
            return
        binding = (context[BINDING] if BINDING in context else store.binding(msg.channel, msg.thread_ts)) or {}
        # the channel being viewed is where the question comes from (its matter, if bound, applies)
        who = Asker("slack", msg.user, binding.get("channel_id") or msg.channel, mention=f"<@{msg.user}>")
        thread = Thread.of("slack", msg.channel, msg.thread_ts, follow_up=True)
        reply = AssistantReply(out, msg.channel, msg.thread_ts, user=msg.user, case=binding.get("case", ""))
        history = thread_reader(out, msg.channel, msg.thread_ts, before_ts=msg.ts, bot_user=bot_user)
        request, work = chat.question(who, msg.text, reply, thread=thread, history=history,
                                      delivery=(f"slack:event:{msg.event_id}", f"slack:message:{msg.channel}:{msg.ts}"))

        def shown() -> None:  # claimed and admitted: a retry or a busy refusal gets no status line or title
            _best_effort("status", lambda: set_status(CM.ASSISTANT_STATUS))
            recalled = request.arrival.recalled if request.arrival is not None else None
            if msg.text and recalled is not None and not recalled.earlier.get(thread.key):  # the thread's first
                _best_effort("title", lambda: set_title(B.trim(msg.text, MAX_TITLE)))
            work()

        chat.handle(request, shown)

    app.assistant(assistant)
    return assistant
