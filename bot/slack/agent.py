"""Slack's agent messaging experience (`agent_view` in the manifest): the app's Messages tab is where a user
talks to rulebot, beside whatever they are viewing.

- When the Messages tab opens (`app_home_opened` with ``tab: messages``), rulebot offers suggested questions
  drawn from what is indexed (`assistant.threads.setSuggestedPrompts` with the conversation only: an agent app
  that passes a ``thread_ts`` there is ignored without an error) and greets the user the first time.
- `app_context_changed` says what the user is viewing (its entities, most relevant first); rulebot remembers
  the channel, so a question asked in the Messages tab is answered for that channel's matter (`channel
  court=… judge=…`), as a question asked in that channel would be.

Installs made from the earlier `assistant_view` manifest keep working: their assistant threads are
`bot.slack.assistant`'s.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Mapping

from slack_bolt import App

from bot.chat import messages as CM
from bot.chat import suggest
from bot.chat.service import Chat
from bot.chat.steps import Request
from bot.chat.types import Asker
from bot.slack.outbound import Outbox
from bot.slack.reply import SlackReply

log = logging.getLogger("rulebot.slack")

EVENTS = ("app_context_changed",)
GREETED_SECONDS = 90 * 24 * 3600.0  # a user is greeted in the Messages tab once in this long
CHANNEL_ENTITY = "slack#/types/channel_id"


def viewing_key(user: str) -> str:
    return f"slack:viewing:{user}"


def viewed_channel(context: Mapping[str, Any]) -> str:
    """The channel the user is viewing, from an `app_context_changed` context ("" when none).

    >>> viewed_channel({"entities": [{"type": "slack#/types/canvas_id", "value": "F1"},
    ...                              {"type": "slack#/types/channel_id", "value": "C0LIT"}]})
    'C0LIT'
    >>> viewed_channel({})
    ''
    """
    for entity in context.get("entities") or ():
        if isinstance(entity, Mapping) and entity.get("type") == CHANNEL_ENTITY and entity.get("value"):
            return str(entity["value"])
    return ""


def asked_from(chat: Chat, user: str, dm_channel: str) -> str:
    """Where a question typed in the Messages tab comes from: the channel the user is viewing (its matter
    applies), else the conversation itself."""
    found = chat.state.binding(viewing_key(user)) if user else None
    return str((found or {}).get("channel_id") or dm_channel)


def open_messages_tab(chat: Chat, out: Outbox, event: Mapping[str, Any], body: Mapping[str, Any]) -> None:
    """The Messages tab opened: suggested questions (no thread), and a greeting the first time."""
    user, channel = str(event.get("user", "")), str(event.get("channel", ""))
    if not user or not channel:
        return
    reply = SlackReply(out, lambda m: out.post(channel, m), user=user, channel=channel)
    event_id = str(body.get("event_id") or "")

    def work() -> None:
        idx = chat.indexed()
        prompts = suggest.prompts(idx)
        if prompts:
            out.client.assistant_threads_setSuggestedPrompts(
                channel_id=channel, title=CM.PROMPTS_TITLE,
                prompts=[{"title": p.title, "message": p.message} for p in prompts])
        if chat.state.claim(f"slack:greeted:{user}", ttl=GREETED_SECONDS):
            reply.notice(suggest.greeting(idx))

    chat.handle(Request("agent greeting", reply, Asker("slack", user, channel),
                        delivery=(f"slack:event:{event_id}",) if event_id else ()), work)


def register(app: App, chat: Chat, out: Outbox) -> None:
    @app.event("app_context_changed")
    def context_changed(event: dict) -> None:
        user, channel = str(event.get("user", "")), viewed_channel(event.get("context") or {})
        if not user:
            return
        try:
            chat.state.put_binding(viewing_key(user), {"channel_id": channel, "at": str(int(time.time()))}
                                   if channel else None)
        except Exception:  # the state is down: questions are answered for the conversation itself
            log.warning("could not remember what %s is viewing", user, exc_info=True)
