"""The chat service's `Reply` on Teams: render Adaptive Cards (`cards.py`), send through a `Channel`.

The service runs on worker threads and the Bot Framework on the event loop:
each call is handed to the loop (`run_coroutine_threadsafe`) and waited for,
so replies arrive in order.  A reply starts on the turn's channel and is
`detach`ed to a proactive one when the turn ends before the work does (an
answer past Teams' 15 seconds, a reindex).  For an ``adaptiveCard/action``
invoke, notices are collected as the invoke's response instead of sent.

Where the Teams client shows native citations (chats: `conversation_type`
"personal" or "groupChat") an answer is its text with the citations entity
(`bot.teams.citations`); in channels it stays the Adaptive Card.  Every answer
carries the AI label and Teams' own feedback buttons.  A ``message/submitAction``
vote names only the message, so which message holds which served answer is
remembered (`answer_note`): for a question, `place` returns the note and the
service keeps it with the answer in the call that ends the question (one Redis
round trip); an answer shown again tells `on_answer(activity_id, key)`.  In a personal chat a draft also offers its Word
file with a file consent card (`bot.teams.uploads`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any, Awaitable, Callable, Mapping, Sequence

from bot.chat import messages as CM
from bot.chat.state import Memory
from bot.chat.types import AnswerView, Downvoted, DraftView, ReviewView
from bot.teams import cards, citations
from bot.teams.inbound import Channel, Outbound
from bot.teams.reports import format_status
from bot.teams.review import review_card
from bot.teams.uploads import DraftFiles, consent_attachment
from bot.types import Passage

log = logging.getLogger("rulebot.teams")
SEND_TIMEOUT = 60.0
MAX_INFORMATIVE = 1000  # characters of an informative update (Teams' limit)
ANSWER_MEMORY = 30 * 24 * 3600.0  # a message stays votable this long


def message_key(activity_id: str) -> str:
    """Where the shared state keeps the answer a message of ours holds."""
    return f"teams:message-answer:{activity_id}"


def answer_note(activity_id: str, key: str) -> Memory:
    """That our message `activity_id` holds the served answer `key`, as the shared state remembers it.

    >>> answer_note("bot-1", "a1b2c3")
    Memory(thread='teams:message-answer:bot-1', question='a1b2c3', window=2592000.0, keep=1)
    """
    return Memory(message_key(activity_id), key, ANSWER_MEMORY, keep=1)


class TeamsReply:
    def __init__(self, loop: asyncio.AbstractEventLoop, channel: Channel, *, collect: bool = False,
                 conversation_type: str = "", files: DraftFiles | None = None,
                 on_answer: Callable[[str, str], None] | None = None):
        self.loop = loop
        self.channel = channel
        self.collect = collect
        self.conversation_type = conversation_type
        self.files = files
        self.on_answer = on_answer
        self.notices: list[str] = []
        self._progress_id = ""
        self._stream_id = ""  # Teams' informative updates of slow work (personal chats), ended by the next message
        self._stream_seq = 0
        self._streaming = True  # False once an update has failed here

    def detach(self) -> None:
        """From now on, reply proactively (the turn is over)."""
        self.channel = self.channel.proactive()
        self.collect = False

    def _call(self, make: Callable[[Channel], Awaitable[Any]]) -> Any:
        if self.loop.is_closed():  # the server has stopped: nothing can be sent any more
            raise RuntimeError("the Teams server has stopped; the reply was not sent")
        coro = make(self.channel)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:  # called on the loop itself: schedule, never block it
            task = self.loop.create_task(coro)
            task.add_done_callback(_log_failure)
            return None
        try:
            future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        except RuntimeError:  # the loop closed meanwhile
            coro.close()
            raise
        return future.result(SEND_TIMEOUT)

    def send(self, out: Outbound) -> str:
        if self._stream_id and out.kind == "message":  # the result ends the stream of informative updates
            self._stream_seq += 1
            final = {"type": "streaminfo", "streamType": "final", "streamId": self._stream_id,
                     "streamSequence": self._stream_seq}
            out = dataclasses.replace(out, entities=(*out.entities, final))
            self._stream_id = ""
        return self._call(lambda ch: ch.send(out)) or ""

    def task(self, key: str, title: str, status: str, details: str = "") -> None:
        """What slow work is doing, as Teams' informative updates (a progress line) in a personal chat;
        nothing is streamed but the step's name, and the verified result ends the stream."""
        if self.conversation_type != "personal" or status != "in_progress" or not self._streaming or self.collect:
            return
        self._stream_seq += 1
        info: dict[str, Any] = {"type": "streaminfo", "streamType": "informative", "streamSequence": self._stream_seq}
        if self._stream_id:
            info["streamId"] = self._stream_id
        try:
            sent = self._call(lambda ch: ch.send(Outbound(kind="typing", text=title[:MAX_INFORMATIVE], entities=(info,))))
            self._stream_id = self._stream_id or sent or ""
        except Exception:
            log.info("teams: could not send an informative update; going on without", exc_info=True)
            self._streaming = False

    def typing(self) -> None:
        """The typing indicator (decoration: a failure to show it is logged, never raised)."""
        try:
            self._call(lambda ch: ch.typing())
        except Exception:
            log.info("teams: could not show the typing indicator", exc_info=True)

    # -- Reply

    def answer(self, view: AnswerView) -> None:
        activity_id = self._show(view)
        if activity_id and self.on_answer is not None:
            try:
                self.on_answer(activity_id, view.key)
            except Exception:  # the answer is shown; only a native vote on it would not find it
                log.warning("teams: could not remember which message holds answer %s", view.key, exc_info=True)

    def place(self, view: AnswerView) -> tuple[Memory, ...]:
        """Show the answer; the note of which message holds it (`answer_note`) when this reply notes answers
        (`on_answer`), for the service to keep with the answer (`bot.chat.types.Places`)."""
        activity_id = self._show(view)
        return (answer_note(activity_id, view.key),) if activity_id and self.on_answer is not None else ()

    def _show(self, view: AnswerView) -> str:
        """Send the answer; the id of the message that holds it ("" when unknown)."""
        if citations.uses_citations(self.conversation_type):
            out = citations.native_answer(view.answer, view.key)
        else:
            entity = citations.message_entity(view.answer)
            entity.pop("citation", None)  # the card shows them; the label and the feedback buttons stay
            out = Outbound(card=cards.answer_card(view.answer, key=view.key,
                                                  limit=cards.MAX_CARD_BYTES - cards.size(entity)),
                           entities=(entity,))  # in a channel the card's own 👍/👎 are the one set
        return self.send(out)

    def notice(self, text: str) -> None:
        if self.collect:
            self.notices.append(text)
        else:
            self.send(Outbound(text=text))

    def downvoted(self, view: Downvoted) -> None:
        """Teams' feedback form already asked what was wrong (`Chat.vote` keeps its comment): thanks only."""
        self.notice(view.thanks)

    def reviews(self, view: ReviewView) -> None:
        self.send(Outbound(card=review_card(view)))

    def passage(self, passage: Passage) -> None:
        self.send(Outbound(card=cards.passage_card(passage)))

    def draft(self, view: DraftView) -> None:
        for out in cards.draft_replies(view.draft, title=view.title):
            self.send(out)
        if self.conversation_type == "personal" and self.files is not None and view.docx:
            key = self.files.put(view.filename, view.docx)
            offer = consent_attachment(view.filename, len(view.docx), key,
                                       CM.DRAFT_WORD_DESCRIPTION.format(title=view.title))
            self.send(Outbound(text=CM.DRAFT_WORD_OFFER.format(title=view.title), attachments=(offer,)))

    def status(self, status: Mapping[str, Any]) -> None:
        self.send(Outbound(text=format_status(status)))

    def findings(self, name: str, findings: Sequence[Any]) -> None:
        self.send(Outbound(card=cards.findings_card(name, findings)))

    def progress(self, text: str) -> None:
        if self._progress_id:
            try:
                self._call(lambda ch: ch.update(self._progress_id, Outbound(text=text)))
                return
            except Exception:
                log.warning("teams: could not update the job's message; sending a new one", exc_info=True)
        self._progress_id = self.send(Outbound(text=text))


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("teams: a reply could not be sent", exc_info=task.exception())
