"""The chat service's `Reply` on Teams: render Adaptive Cards (`cards.py`), send through a `Channel`.

The service runs on worker threads and the Bot Framework on the event loop:
each call is handed to the loop (`run_coroutine_threadsafe`) and waited for,
so replies arrive in order.  A reply starts on the turn's channel and is
`detach`ed to a proactive one when the turn ends before the work does (an
answer past Teams' 15 seconds, a reindex).  For an ``adaptiveCard/action``
invoke, notices are collected as the invoke's response instead of sent.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Mapping

from bot.chat.types import AnswerView, DraftView
from bot.teams import cards
from bot.teams.inbound import Channel, Outbound
from bot.teams.reports import format_status
from bot.types import Passage

log = logging.getLogger("rulebot.teams")
SEND_TIMEOUT = 60.0


class TeamsReply:
    def __init__(self, loop: asyncio.AbstractEventLoop, channel: Channel, *, collect: bool = False):
        self.loop = loop
        self.channel = channel
        self.collect = collect
        self.notices: list[str] = []
        self._progress_id = ""

    def detach(self) -> None:
        """From now on, reply proactively (the turn is over)."""
        self.channel = self.channel.proactive()
        self.collect = False

    def _call(self, make: Callable[[Channel], Awaitable[Any]]) -> Any:
        coro = make(self.channel)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:  # called on the loop itself: schedule, never block it
            task = self.loop.create_task(coro)
            task.add_done_callback(_log_failure)
            return None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(SEND_TIMEOUT)

    def send(self, out: Outbound) -> str:
        return self._call(lambda ch: ch.send(out)) or ""

    # -- Reply

    def answer(self, view: AnswerView) -> None:
        self.send(Outbound(card=cards.answer_card(view.answer, key=view.key)))

    def notice(self, text: str) -> None:
        if self.collect:
            self.notices.append(text)
        else:
            self.send(Outbound(text=text))

    def passage(self, passage: Passage) -> None:
        self.send(Outbound(card=cards.passage_card(passage)))

    def draft(self, view: DraftView) -> None:
        for out in cards.draft_replies(view.draft, title=view.title):
            self.send(out)

    def status(self, status: Mapping[str, Any]) -> None:
        self.send(Outbound(text=format_status(status)))

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
