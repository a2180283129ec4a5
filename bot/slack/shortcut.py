"""The message shortcut "Find the rule for this": on any message, its text is asked as a question and the
answer shown only to the user who chose the shortcut, with the "Share in channel" button.

In a thread the answer is posted ephemerally in that thread (`chat.postEphemeral`); elsewhere, or when the
app is not in the channel, it comes through the shortcut's `response_url` (which needs no membership).

>>> s = shortcut_from({"type": "message_action", "callback_id": "find_rule", "user": {"id": "U1"},
...                    "channel": {"id": "C1"}, "message": {"ts": "2.0", "thread_ts": "1.0", "text": "See L.R. 37-1?"},
...                    "response_url": "https://hooks.slack.com/app/x"})
>>> s.text, s.thread_ts, s.channel
('See L.R. 37-1?', '1.0', 'C1')
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Mapping

from slack_bolt import Ack, App, BoltContext
from slack_sdk.errors import SlackApiError

from bot.chat import messages as CM
from bot.chat.service import Chat
from bot.chat.steps import INLINE, Request
from bot.chat.types import Asker
from bot.slack import blocks as B
from bot.slack.blocks import SlackMessage
from bot.chat.types import SharedFile
from bot.slack.inbound import clean_text, files_of
from bot.slack.outbound import Outbox
from bot.slack.reply import SlackReply, review_files

log = logging.getLogger("rulebot.slack")

FIND_RULE = "find_rule"
SHORTCUTS = (FIND_RULE,)


@dataclass(frozen=True)
class MessageShortcut:
    """A message shortcut chosen on a message: who chose it, where, and the message's own text (mrkdwn)."""

    callback_id: str
    user: str
    channel: str
    text: str
    message_ts: str = ""
    thread_ts: str = ""  # set when the message is in a thread
    response_url: str = ""
    trigger_id: str = ""
    files: tuple[SharedFile, ...] = ()  # the message's files: a proposed order to review


def shortcut_from(body: Mapping[str, Any]) -> MessageShortcut:
    message = body.get("message") or {}
    return MessageShortcut(
        callback_id=str(body.get("callback_id", "")),
        user=str((body.get("user") or {}).get("id", "")),
        channel=str((body.get("channel") or {}).get("id", "")),
        text=str(message.get("text", "") or ""),
        message_ts=str(message.get("ts", "") or ""),
        thread_ts=str(message.get("thread_ts", "") or ""),
        response_url=str(body.get("response_url", "") or ""),
        trigger_id=str(body.get("trigger_id", "") or ""),
        files=tuple(files_of(message.get("files"))),
    )


def shortcut_reply(out: Outbox, sc: MessageShortcut) -> SlackReply:
    """Privately to the user: in the message's thread when it has one, else (or when that fails) through
    the shortcut's response_url; the answer carries "Share in channel"."""
    def send(m: SlackMessage) -> None:
        if sc.thread_ts and sc.channel:
            try:
                out.post_ephemeral(sc.channel, sc.user, m, thread_ts=sc.thread_ts)
                return
            except SlackApiError as e:  # not in the channel: the response_url reaches the user anyway
                log.info("ephemeral reply in %s failed (%s); answering through the response_url",
                         sc.channel, e.response.get("error"))
        out.respond(sc.response_url, m)

    return SlackReply(out, send, user=sc.user, channel=sc.channel, shareable=True, trigger_id=sc.trigger_id)


def register(app: App, chat: Chat, out: Outbox) -> None:
    @app.shortcut(FIND_RULE)
    def find_rule(ack: Ack, body: dict, context: BoltContext) -> None:
        ack()
        sc = shortcut_from(body)
        if sc.files and sc.channel:  # a message carrying a proposed order: review it, in its thread
            review_files(chat, out, Asker("slack", sc.user, sc.channel, mention=f"<@{sc.user}>"), sc.files,
                         SlackReply.to_thread(out, sc.channel, sc.thread_ts or sc.message_ts, user=sc.user))
            return
        reply = shortcut_reply(out, sc)
        question = B.trim(clean_text(sc.text, bot_user=context.bot_user_id or ""), chat.settings.max_question_chars)
        if not question:
            chat.handle(Request("shortcut", reply, queue=INLINE), lambda: reply.notice(CM.SHORTCUT_EMPTY))
            return
        who = Asker("slack", sc.user, sc.channel, mention=f"<@{sc.user}>")
        chat.handle(*chat.question(who, question, reply))
