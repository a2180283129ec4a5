"""What the Teams bot does with each inbound event: parse, call the chat service, render.

`Handlers.handle(inbound, channel)` is called by the adapter for every
`Message`, `Submit` and `MembersAdded`.  The conversation logic (de-duplication,
back-pressure, follow-up memory, answers, votes, drafts, admin jobs, every
message) is `bot.chat.service.Chat`, the same as Slack's; here we only read a
message as a command or a question, hand the work to the service's workers,
and wait for it up to `answer_deadline` seconds: a slower answer is delivered
later as a proactive message (Teams gives a turn about 15 seconds).

    handlers = Handlers(chat)
    await handlers.handle(Message(...), channel)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from bot.chat import messages as CM
from bot.chat import steps
from bot.chat.service import ADMIN_COMMANDS, Chat, parse_admin, wants_review
from bot.chat.steps import INLINE, REVIEWS, Request
from bot.chat.types import Asker, Thread
from bot.teams import cards
from bot.teams.review import VERIFY, pin_input
from bot.teams import messages as say
from bot.teams.commands import parse_command
from bot.teams.inbound import (Channel, ComposeQuery, FileConsent, Inbound, InvokeResult, MembersAdded, Message,
                               NativeFeedback, Outbound, Submit)
from bot.teams.files import download
from bot.teams.native import NativeFlows
from bot.teams.reply import TeamsReply
from bot.teams.work import in_thread, submitted
from bot.teams.uploads import DraftFiles

log = logging.getLogger("rulebot.teams")
SURFACE = "teams"
MAX_REVIEWED_FILES = 3  # files reviewed from one message


def asker(event: Message | Submit | NativeFeedback | ComposeQuery) -> Asker:
    """Who asked, and where: a channel's threads share the channel (its matter binding applies to all)."""
    channel = event.conversation_id.split(";messageid=")[0]
    return Asker(SURFACE, event.user.key, channel, mention=event.user.name or event.user.key)


def admin_name(arg: str) -> str:
    """How to name an admin command in a reply or a log line: never more of the user's text than a
    known command word (a mistyped command can carry anything, even a secret).

    >>> admin_name("reindex now"), admin_name("sync https://user:pw@host/")
    ('admin reindex', 'admin sync')
    >>> admin_name("tell me everything")
    'admin'
    """
    word = parse_admin(arg)
    return f"admin {word}" if word in ADMIN_COMMANDS else "admin"


def asks(msg: Message) -> bool:
    """Whether a message is a question (not help, a draft, an admin command, or a document to review).

    >>> from bot.teams.inbound import User
    >>> [asks(Message("1", "c", User("u"), t)) for t in ("What is Rule 26?", "help", "admin status", "")]
    [True, False, False, False]
    """
    return parse_command(msg.text).name == "question" and not (msg.files and wants_review(msg.text))


def thread(event: Message) -> Thread:
    """A Teams conversation (a channel thread, or a chat) is one thread: its recent questions are context."""
    return Thread(f"{SURFACE}:{event.conversation_id}", follow_up=True)


class Handlers:
    def __init__(self, chat: Chat, *, answer_deadline: float = 10.0, files: DraftFiles | None = None):
        self.chat = chat
        self.answer_deadline = answer_deadline
        # the service is called on threads of our own: a reply sent from one waits for the event loop,
        # whose default executor the Bot Framework needs for its HTTP calls; sharing it could starve both
        self.pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="rulebot-teams")
        self.native = NativeFlows(chat, files or DraftFiles(chat.state), deadline=answer_deadline, pool=self.pool)

    def _reply(self, channel: Channel, conversation_type: str, *, collect: bool = False) -> TeamsReply:
        """A reply rendering for the conversation's type (native citations in chats, cards in channels)."""
        return TeamsReply(asyncio.get_running_loop(), channel, collect=collect, conversation_type=conversation_type,
                          files=self.native.files, on_answer=self.native.remember_answer)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, lambda: self.chat.close(wait=False))
        self.pool.shutdown(wait=False, cancel_futures=True)

    async def _in_thread(self, fn: Callable[[], Any]) -> Any:
        """Call the service off the event loop (its replies come back to the loop)."""
        return await in_thread(self.pool, fn)

    async def _submitted(self, request: Request, job: Callable[[], Any], *, deadline: float | None) -> bool:
        """Hand `request` and its `job` to the service and wait for it up to `deadline` seconds (None: do not
        wait).  False when it did not finish in time: the reply then continues proactively."""
        reply = request.reply
        finished = await submitted(self.chat, self.pool, request, job, deadline=deadline)
        if finished is False:
            reply.detach()
            return False
        return True

    # -- entry point

    async def handle(self, event: Inbound, channel: Channel) -> InvokeResult | None:
        """Handle one inbound event once (a redelivery is skipped).  A question's activity is claimed with its
        admission (`chat.question`: one call to the shared state); any other, here first."""
        delivery = (f"teams:activity:{event.conversation_id}|{event.activity_id}",) if event.activity_id else ()
        if isinstance(event, Message) and asks(event):
            await self.on_message(event, channel, delivery=delivery)
            return None
        seen = Request("activity", steps.Unheard(), delivery=delivery, queue=INLINE)  # the chain claims it
        if delivery and not await self._in_thread(lambda: self.chat.handle(seen, lambda: None)):
            log.info("teams: activity %s delivered again; already handled", event.activity_id)
            if isinstance(event, (NativeFeedback, ComposeQuery, FileConsent)):
                return InvokeResult(raw={})
            return InvokeResult(message=CM.ALREADY_HANDLED) if isinstance(event, Submit) and event.invoke else None
        if isinstance(event, NativeFeedback):
            return await self.native.on_feedback(event, asker(event))
        if isinstance(event, ComposeQuery):
            return await self.native.on_compose(event, asker(event))
        if isinstance(event, FileConsent):
            return await self.native.on_file_consent(event, channel)
        if isinstance(event, Message):
            await self.on_message(event, channel)
            return None
        if isinstance(event, Submit):
            return await self.on_submit(event, channel)
        if isinstance(event, MembersAdded) and event.bot_added:
            await channel.send(Outbound(card=cards.notice_card(say.WELCOME_TITLE, CM.WELCOME)))
        return None

    # -- messages

    async def on_message(self, msg: Message, channel: Channel, *, delivery: tuple[str, ...] = ()) -> None:
        """A command, a document to review, or a question (claimed by its `delivery` ids with its admission)."""
        command = parse_command(msg.text)
        loop = asyncio.get_running_loop()
        if command.name == "help":
            await channel.send(Outbound(card=cards.notice_card(say.WELCOME_TITLE, CM.WELCOME)))
        elif command.name == "admin":
            # replies are proactive from the start: a reindex outlives the turn
            reply = TeamsReply(loop, channel.proactive())
            finished = asyncio.Event()
            started = await self._in_thread(lambda: self.chat.admin(
                asker(msg), command.arg, reply, command_name=admin_name(command.arg),
                done=lambda: loop.call_soon_threadsafe(finished.set)))
            if started:  # a quick job (status) is answered inside the turn
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(finished.wait(), self.answer_deadline)
        elif command.name == "draft":
            await self.on_draft_request(command.arg, channel, who=asker(msg))
        elif msg.files and wants_review(msg.text):  # a proposed order attached, "review this"
            await channel.typing()
            reply = TeamsReply(loop, channel, conversation_type=msg.conversation_type)
            who, timeout = asker(msg), self.chat.settings.fetch_timeout

            def review_all() -> None:
                for f in msg.files[:MAX_REVIEWED_FILES]:
                    self.chat.review(who, cards.inert(f.name), lambda limit, f=f: download(
                        f.url, service_url=msg.service_url, max_bytes=limit, timeout=timeout,
                        proxies=self.chat.settings.proxies), reply, size=f.size)

            if not await self._submitted(Request("review", reply, who, queue=REVIEWS), review_all,
                                         deadline=self.answer_deadline):
                await channel.send(Outbound(text=CM.STILL_WORKING))
        else:
            reply, who = self._reply(channel, msg.conversation_type), asker(msg)
            request, work = self.chat.question(who, command.arg, reply, thread=thread(msg), delivery=delivery)

            def typed() -> None:  # claimed and admitted: a redelivery or a busy refusal shows no typing
                reply.typing()
                work()

            finished = await self._submitted(request, typed, deadline=self.answer_deadline)
            if not finished:
                await channel.send(Outbound(text=CM.STILL_WORKING))

    # -- card actions

    async def on_submit(self, event: Submit, channel: Channel) -> InvokeResult | None:
        verb, data = event.verb, event.data
        reply = self._reply(channel, event.conversation_type, collect=event.invoke)
        who = asker(event)
        if verb == cards.FEEDBACK:
            key, verdict = str(data.get("key", "")), str(data.get("verdict", ""))
            await self._submitted(Request("feedback", reply, who), lambda: self.chat.vote(who, key, verdict, reply,
                                                                question=str(data.get("q", ""))),
                                  deadline=self.answer_deadline)
        elif verb in (cards.PASSAGE, cards.PASSAGES):
            ids = [str(data.get("id", ""))] if verb == cards.PASSAGE else \
                [str(i) for i in (data.get("ids") if isinstance(data.get("ids"), list) else [])]
            reply.collect = False
            await self._submitted(Request("show passage", reply, who), lambda: self.chat.passage(ids, reply),
                                  deadline=self.answer_deadline)
            reply.notices.append(say.PASSAGE_SENT)
        elif verb == cards.FULL_ANSWER:
            await channel.typing()
            reply.collect = False
            key, question = str(data.get("key", "")), str(data.get("q", "")).strip()
            await self._submitted(Request("full answer", reply, who), lambda: self._full_answer(who, key, question, reply),
                                  deadline=self.answer_deadline)
        elif verb == cards.DRAFT_FORM:
            await self.on_draft_request(str(data.get("kind", "")), channel, who=who)
            reply.notices.append(say.DRAFT_FORM_SENT)
        elif verb == cards.DRAFT:
            await self.on_draft_submit(event, reply)
        elif verb == VERIFY:  # the admin card's Verify: `admin feedback verify ID PIN_CITE`, admins only
            vote = str(data.get("vote", "")).strip()
            pin = " ".join(str(data.get(pin_input(vote), "")).split())
            later = TeamsReply(asyncio.get_running_loop(), channel.proactive())  # the result outlives the invoke
            started: list[bool] = []
            # a refusal answers the invoke itself; the verification is said in the conversation when it is done
            await self._in_thread(lambda: self.chat.handle(
                Request("admin feedback", reply, who, admin=True, queue=INLINE, size=len(pin)),
                lambda: started.append(self.chat.admin(who, f"feedback verify {vote} {pin}", later,
                                                       command_name="admin feedback"))))
            if started and started[0]:
                reply.notices.append(say.VERIFYING)
        else:
            log.info("teams: unknown action verb %r", verb)
            reply.notice(CM.UNKNOWN_ACTION)
        if event.invoke:
            return InvokeResult(message=reply.notices[-1] if reply.notices else say.DONE)
        return None

    def _full_answer(self, who: Asker, key: str, question: str, reply: TeamsReply) -> None:
        """The whole answer as plain messages (the chain guards it: `bot.chat.steps`)."""
        answer = self.chat.recall(key, who) if key else None
        if answer is None and question:
            answer = self.chat.ask(who, question, _Silent())
        if answer is None:
            reply.notice(CM.ANSWER_EXPIRED)
            return
        unquoted = [f"[{c.n}] {c.cite}: “{q}”" for c in answer.citations for q in answer.quotes_missing(c)]
        full = "\n\n".join(x for x in (answer.text, *unquoted, answer.see_also_line()) if x)
        for part in cards.full_text_messages(full):
            reply.send(Outbound(text=part))

    # -- drafting

    async def on_draft_request(self, wanted: str, channel: Channel, *, who: Asker | None = None) -> None:
        name = self.chat.find_kind(wanted) if wanted else None
        kinds = self.chat.drafting.kinds
        if name is None:
            if wanted:
                await channel.send(Outbound(text=CM.DRAFT_UNKNOWN.format(
                    kind=cards.inert(wanted), kinds=", ".join(f"`{n}`" for n in kinds))))
            await channel.send(Outbound(card=cards.kinds_card((n, getattr(k, "title", n)) for n, k in kinds.items())))
            return
        initial = await self._in_thread(lambda: self.chat.prefill(who)) if who else {}
        await channel.send(Outbound(card=cards.draft_form_card(kinds[name], initial=initial)))

    async def on_draft_submit(self, event: Submit, reply: TeamsReply) -> None:
        name = str(event.data.get("kind", ""))
        kind = self.chat.drafting.kinds.get(name)
        if kind is None:
            reply.collect = False
            reply.notice(CM.DRAFT_UNKNOWN.format(kind=name, kinds=", ".join(f"`{n}`" for n in self.chat.drafting.kinds)))
            return
        facts, errors = await self._in_thread(lambda: self.chat.check_form(name, cards.form_from_card(kind, event.data)))
        if errors:
            reply.notice(" ".join(dict.fromkeys(errors.values())))
            return
        await reply.channel.typing()
        collect, reply.collect = reply.collect, False
        who = asker(event)
        await self._submitted(Request("draft", reply, who, apology=CM.DRAFT_APOLOGY),
                              lambda: self.chat.draft(who, name, facts, reply), deadline=self.answer_deadline)
        if collect:
            reply.notices.append(say.DRAFT_SENT)


class _Silent:
    """A reply that shows nothing (an answer recomputed only to be shown in full)."""

    def __getattr__(self, name: str) -> Any:
        return lambda *a, **k: None
