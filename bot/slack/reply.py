"""The chat service's `Reply` on Slack: render with Block Kit (`blocks.py`), send with the `Outbox`.

Where a reply goes depends on how the user asked: a slash command answers
through its `response_url`, a mention or DM in the message's thread, a button
privately to whoever clicked it; a draft goes to the user's DM with its Word
file; an admin job's progress is ONE message, posted once and then updated.
"""

from __future__ import annotations

import logging
import re

from typing import Any, Callable, Mapping, Sequence

from slack_sdk.models.messages.chunk import TaskUpdateChunk

from bot.chat.steps import REVIEWS, Request
from bot.chat.types import AnswerView, Downvoted, DraftView, ReviewView
from bot.slack.blocks import (SlackMessage, notice, passage_message, passage_modal, render_answer, render_draft,
                              render_findings, status_message)
from bot.slack.inbound import Action, Command
from bot.slack.review import downvote_message, review_message
from bot.slack.outbound import Outbox
from bot.types import Passage

log = logging.getLogger("rulebot.slack")


class SlackReply:
    """`Reply` for one Slack request; `send` delivers a rendered message where the request came from."""

    def __init__(self, out: Outbox, send: Callable[[SlackMessage], Any], *, user: str, channel: str = "",
                 shareable: bool = False, trigger_id: str = "", on_error: Callable[[SlackMessage], Any] | None = None,
                 thread_ts: str = ""):
        self.out = out
        self._deliver = send
        self.thread_ts = thread_ts  # where slow work's tasks are streamed (a thread only)
        self._stream: Any = None  # the open stream of tasks; False once streaming has failed here
        self.user = user
        self.channel = channel
        self.shareable = shareable
        self.trigger_id = trigger_id
        self._on_error = on_error
        self._progress: dict[str, str] = {}

    # -- where a request's replies go

    @classmethod
    def to_command(cls, out: Outbox, cmd: Command, *, shareable: bool = True) -> "SlackReply":
        """Through the command's response_url, replacing the "searching" note."""
        return cls(out, lambda m: out.respond(cmd.response_url, m, replace=True), user=cmd.user,
                   channel=cmd.channel, shareable=shareable, trigger_id=cmd.trigger_id,
                   on_error=lambda m: out.respond(cmd.response_url, m))

    @classmethod
    def to_thread(cls, out: Outbox, channel: str, thread_ts: str, *, user: str) -> "SlackReply":
        return cls(out, lambda m: out.post(channel, m, thread_ts=thread_ts), user=user, channel=channel,
                   thread_ts=thread_ts)

    def _send(self, msg: SlackMessage) -> Any:
        self._end_stream()  # the tasks' message is finished before the result is posted under it
        return self._deliver(msg)

    # -- slow work, streamed (Slack's task updates); the result itself is posted only once verified

    def task(self, key: str, title: str, status: str, details: str = "") -> None:
        if not self.thread_ts or not self.channel or self._stream is False:
            return
        try:
            if self._stream is None:
                self._stream = self.out.stream(self.channel, self.thread_ts, user=self.user)
            self._stream.append(chunks=[TaskUpdateChunk(id=key, title=title, status=status, details=details or None)])
        except Exception as e:  # not an agent app, or Slack refused: the work goes on without the timeline
            log.info("slack: could not stream task %s: %s", key, e)
            self._stream = False

    def _end_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream:
            try:
                stream.stop()
            except Exception as e:
                log.info("slack: could not end the task stream: %s", e)

    @classmethod
    def to_action(cls, out: Outbox, act: Action) -> "SlackReply":
        """Privately to whoever clicked: through the action's response_url, else ephemerally in its thread."""
        def send(m: SlackMessage) -> None:
            if act.response_url:
                out.respond(act.response_url, m)
            elif act.channel:
                out.post_ephemeral(act.channel, act.user, m, thread_ts=act.thread_ts)

        return cls(out, send, user=act.user, channel=act.channel, trigger_id=act.trigger_id)

    @classmethod
    def to_dm(cls, out: Outbox, user: str) -> "SlackReply":
        return cls(out, lambda m: out.post(out.dm_channel(user), m), user=user)

    # -- Reply

    def answer(self, view: AnswerView) -> None:
        self._send(render_answer(view.answer, key=view.key, shareable=self.shareable))

    def notice(self, text: str) -> None:
        self._send(notice(text))

    def downvoted(self, view: Downvoted) -> None:
        self._send(downvote_message(view))

    def reviews(self, view: ReviewView) -> None:
        self._send(review_message(view))

    def passage(self, passage: Passage) -> None:
        if self.trigger_id:
            self.out.open_view(self.trigger_id, passage_modal(passage))
        else:
            self._send(passage_message(passage))

    def draft(self, view: DraftView) -> None:
        self._end_stream()
        channel = self.out.dm_channel(self.user)
        for m in render_draft(view.draft, title=view.title):
            self.out.post(channel, m)
        self.out.upload(channel, filename=view.filename, data=view.docx, title=f"{view.title} (draft)")

    def status(self, status: Mapping[str, Any]) -> None:
        self._send(status_message(status))

    def findings(self, name: str, findings: Sequence[Any]) -> None:
        for m in render_findings(name, findings):
            self._send(m)

    def progress(self, text: str) -> None:
        """An admin job's one message: posted in the channel (or the admin's DM) once, then updated."""
        msg = notice(text)
        if self._progress:
            self.out.update(self._progress["channel"], self._progress["ts"], msg)
            return
        try:
            self._progress.update(self.out.post_somewhere(self.channel, self.user, msg))
        except Exception:
            if self._on_error is None:
                raise
            self._on_error(msg)


MAX_REVIEWED_FILES = 3  # files reviewed from one message


def review_files(chat: Any, out: Outbox, who: Any, files: Sequence[Any], reply: SlackReply, *,
                 delivery: tuple[str, ...] = ()) -> None:
    """Review the files of one message (at most `MAX_REVIEWED_FILES`) on the chat service's workers,
    each fetched with the bot token; a file's name is shown as text, never as markup."""
    timeout = chat.settings.fetch_timeout

    def review_all() -> None:
        for f in list(files)[:MAX_REVIEWED_FILES]:
            name = re.sub(r"[<>&*_~`]", "_", f.name)
            chat.review(who, name, lambda limit, f=f: out.download(f.url, max_bytes=limit, timeout=timeout),
                        reply, size=f.size)

    chat.handle(Request("review", reply, who, delivery=delivery, queue=REVIEWS), review_all)
