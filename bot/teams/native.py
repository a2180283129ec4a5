"""The Teams-native flows: built-in feedback, compose-box search, and Word files through file consent.

`Handlers` hands these events here; like everything else they only parse, call the
chat service (`bot.chat.service.Chat`) and render:

- `on_feedback`: a ``message/submitAction`` vote (👍/👎 and the user's comment) on one of our
  messages becomes `Chat.vote` on the answer that message holds (noted in the shared state when it
  was sent, so any replica finds it: with the answer, `bot.teams.reply.answer_note`; an answer shown
  again, `remember_answer`);
- `on_compose`: a ``composeExtension/query`` runs the question through the engine
  (`Chat.search_cited`, on the service's workers, with its back-pressure) and lists one result
  per cited passage; choosing one inserts the quote card (`cards.quote_card`);
- `on_file_consent`: a ``fileConsent/invoke`` accepted uploads the draft's .docx to the URL Teams
  gave (`bot.teams.uploads`; the .docx waits in the shared state, so any replica can) and shows
  the file; declined, it is acknowledged and forgotten.

Each returns the invoke's response: Teams waits for it, and nothing else is sent for a vote.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from typing import Any, Callable
from urllib.parse import urlsplit

from bot.chat import messages as CM
from bot.chat.service import Chat
from bot.chat.steps import INLINE, Request
from bot.chat.types import Asker
from bot.errors import RulebotError
from bot.teams import cards
from bot.teams.inbound import Channel, ComposeQuery, FileConsent, InvokeResult, NativeFeedback, Outbound
from bot.teams.reply import answer_note, message_key
from bot.teams.uploads import CONTEXT_KEY, DraftFiles, file_info_attachment, upload
from bot.teams.work import in_thread, submitted

log = logging.getLogger("rulebot.teams")

REACTIONS = {"like": "up", "dislike": "down"}
SEARCH_COMMAND = "searchRules"  # the compose extension's command id in deploy/teams/manifest.json
EMPTY = InvokeResult(raw={})


class _Collected:
    """A `Reply` that keeps what the service says (an invoke answers with it, or with nothing)."""

    def __init__(self) -> None:
        self.notices: list[str] = []

    def notice(self, text: str) -> None:
        self.notices.append(text)

    def downvoted(self, view: Any) -> None:  # the form's comment is the reason: thanks only
        self.notices.append(view.thanks)

    def __getattr__(self, name: str) -> Any:
        return lambda *a, **k: None


class NativeFlows:
    def __init__(self, chat: Chat, files: DraftFiles, *, deadline: float = 10.0, pool: Executor | None = None):
        self.chat = chat
        self.files = files
        self.deadline = deadline
        self.pool = pool  # the handlers' own threads (never the loop's default executor: see Handlers)

    async def _in_thread(self, fn: Callable[[], Any]) -> Any:
        return await in_thread(self.pool, fn)

    # -- built-in feedback

    def remember_answer(self, activity_id: str, key: str) -> None:
        """Note that our message `activity_id` holds the served answer `key` (called as an answer is shown again;
        a question's answer is noted with the answer itself: `TeamsReply.place`)."""
        note = answer_note(activity_id, key)
        self.chat.state.remember(note.thread, note.question, window=note.window, keep=note.keep)

    def answer_key(self, activity_id: str) -> str:
        found = self.chat.state.earlier(message_key(activity_id)) if activity_id else ()
        return found[-1] if found else ""

    async def on_feedback(self, event: NativeFeedback, who: Asker) -> InvokeResult:
        verdict = REACTIONS.get(event.reaction, "")
        reply = _Collected()

        def vote() -> None:
            key = self.answer_key(event.reply_to_id)
            self.chat.vote(who, key, verdict, reply, comment=event.comment)

        await self._in_thread(lambda: self.chat.handle(Request("feedback", reply, who, queue=INLINE), vote))
        if reply.notices and reply.notices[-1] not in CM.FEEDBACK_THANKS.values():
            log.info("teams: a native vote on %s was not recorded: %s", event.reply_to_id, reply.notices[-1])
        return EMPTY

    # -- compose-box search

    async def on_compose(self, event: ComposeQuery, who: Asker) -> InvokeResult:
        if event.command_id and event.command_id != SEARCH_COMMAND:
            log.info("teams: unknown compose extension command %r", event.command_id)
            return InvokeResult(raw=cards.search_message(CM.SEARCH_HINT))
        if event.initial_run or not event.text:
            return InvokeResult(raw=cards.search_message(CM.SEARCH_HINT))
        reply, found = _Collected(), []
        finished = await submitted(self.chat, self.pool, Request("search", reply, who),
                                   lambda: found.append(self.chat.search_cited(who, event.text, reply)),
                                   deadline=self.deadline)
        if finished is None:
            return InvokeResult(raw=cards.search_message(CM.BUSY))
        if finished is False:
            return InvokeResult(raw=cards.search_message(CM.SEARCH_SLOW))
        answer = found[0] if found else None
        if answer is None:
            return InvokeResult(raw=cards.search_message(reply.notices[-1] if reply.notices else CM.SEARCH_HINT))
        return InvokeResult(raw=cards.search_results(answer))

    # -- drafts as Word files

    async def on_file_consent(self, event: FileConsent, channel: Channel) -> InvokeResult:
        key = str(event.context.get(CONTEXT_KEY, ""))
        if event.action == "decline":
            await self._in_thread(lambda: self.files.drop(key))
            await channel.send(Outbound(text=CM.DRAFT_WORD_DECLINED))
            return EMPTY
        if event.action != "accept":
            return EMPTY
        found = await self._in_thread(lambda: self.files.get(key))  # the shared state (Redis): off the loop
        if found is None:
            down = await self._in_thread(self.files.unreachable)
            if down:
                log.warning("teams: a draft's Word file was asked for while the shared state is down: %s", down)
            await channel.send(Outbound(text=CM.DRAFT_WORD_UNREACHABLE if down else CM.DRAFT_WORD_EXPIRED))
            return EMPTY
        try:
            await upload(event.upload_url, found.data, service_url=event.service_url)
        except RulebotError as e:
            log.warning("teams: did not upload a draft to %s: %s", urlsplit(event.upload_url).hostname or "?", e)
            await channel.send(Outbound(text=CM.DRAFT_WORD_FAILED.format(reason=e)))
            return EMPTY
        await self._in_thread(lambda: self.files.drop(key))
        log.info("teams: uploaded a %d-byte draft for %s", len(found.data), event.user.key)
        info = file_info_attachment(name=event.name or found.name, content_url=event.content_url,
                                    unique_id=event.unique_id, file_type=event.file_type)
        await channel.send(Outbound(text=CM.DRAFT_WORD_SAVED, attachments=(info,)))
        return EMPTY
