"""What the Teams bot does with each inbound event, on our own types only.

`Handlers.handle(inbound, channel)` is called by the adapter for every
`Message`, `Submit` and `MembersAdded`; it replies through the `Channel`
(typing indicator, send, update) and returns an `InvokeResult` for
``adaptiveCard/action`` invokes.  The core does the work: `engine.answer`,
`engine.passage`, `engine.reindex`, `bot.draft.compose.draft`; blocking calls
run in a thread pool so the event loop keeps serving, and an answer that takes
longer than `answer_deadline` seconds is delivered later as a proactive message
(Teams gives a turn about 15 seconds).

Example (with any object that has the Engine's methods)::

    handlers = Handlers(settings, engine)
    await handlers.handle(Message(...), channel)
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import uuid
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import partial
from typing import Any, Callable, Mapping

from bot.errors import RulebotError
from bot.settings import Settings
from bot.teams import cards, messages as say
from bot.teams.commands import ADMIN_COMMANDS, find_kind, parse_command
from bot.teams.inbound import Channel, Inbound, InvokeResult, MembersAdded, Message, Outbound, Submit
from bot.teams.reports import format_progress, format_status, format_sync, summary
from bot.teams.state import History, Seen

log = logging.getLogger("rulebot.teams")


def _default_drafting(settings: Settings) -> tuple[Mapping[str, Any] | None, Callable | None]:
    from bot.draft.compose import drafter
    from bot.draft.kinds import KINDS

    return KINDS, drafter(settings)


def _default_sync() -> Callable | None:
    """``sync(settings)``: `bot.admin.corpus.sync` over the admin's ``sources.toml`` (in the corpus
    directory, as ``rulebot corpus sync`` reads it), or None when corpus sync is not installed."""
    from bot.admin.corpus import sync

    def sync_sources(settings: Settings) -> Any:
        return sync(settings, settings.corpus_dir / "sources.toml")

    return sync_sources


def asker(event: Message | Submit):
    """Name who asks, and where, for the audit log (`bot.ops.caller`) around core calls."""
    from bot.ops import caller

    return caller("teams", user=event.user.key, channel=event.conversation_id)


def _default_feedback(settings: Settings):
    from bot.admin.feedback import FeedbackStore

    return FeedbackStore(settings.feedback_db)


class Handlers:
    """The Teams bot's behaviour; everything it needs is passed in."""

    def __init__(self, settings: Settings, engine: Any, *, kinds: Mapping[str, Any] | None = None,
                 compose: Callable | None = None, feedback: Any = None, sync: Callable | None | str = "auto",
                 executor: Executor | None = None,
                 answer_deadline: float = 10.0, progress_interval: float = 1.0, max_pending: int = 200):
        self.settings = settings
        self.engine = engine
        if kinds is None and compose is None:
            kinds, compose = _default_drafting(settings)
        self.kinds, self.compose = kinds, compose
        self._feedback = feedback
        self.sync = _default_sync() if sync == "auto" else sync
        self.executor = executor or ThreadPoolExecutor(max_workers=4, thread_name_prefix="teams-answer")
        # admin work (reindex, sync) has its own threads, so that questions keep being answered; two, so
        # that a second reindex reaches the engine's lock and is told who holds it instead of queueing
        self._slow = ThreadPoolExecutor(max_workers=2, thread_name_prefix="teams-admin")
        self.answer_deadline = answer_deadline
        self.progress_interval = progress_interval
        # questions accepted but not yet answered (counted on the event loop); past this, a busy reply
        self.max_pending = max_pending
        self._pending = 0
        self.seen = Seen()
        self.history = History()
        self._tasks: set[asyncio.Task] = set()

    # -- lifecycle

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self.executor.shutdown(wait=False, cancel_futures=True)
        self._slow.shutdown(wait=False, cancel_futures=True)

    @property
    def feedback(self):
        if self._feedback is None:
            self._feedback = _default_feedback(self.settings)
        return self._feedback

    async def _run(self, fn: Callable, *args: Any, slow: bool = False, **kwargs: Any) -> Any:
        """Run blocking core work in a thread, with this task's context (who asks, request id)."""
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        return await loop.run_in_executor(self._slow if slow else self.executor,
                                          partial(context.run, fn, *args, **kwargs))

    # -- entry point

    async def handle(self, event: Inbound, channel: Channel) -> InvokeResult | None:
        """Answer one inbound event once; errors reach the user as a one-line message."""
        if event.activity_id and not self.seen.first(f"{event.conversation_id}|{event.activity_id}"):
            log.info("teams: activity %s delivered again; already answered", event.activity_id)
            return InvokeResult(message=say.ALREADY_HANDLED) if isinstance(event, Submit) and event.invoke else None
        try:
            if isinstance(event, Message):
                return await self.on_message(event, channel)
            if isinstance(event, Submit):
                return await self.on_submit(event, channel)
            if isinstance(event, MembersAdded):
                if event.bot_added:
                    await channel.send(Outbound(card=cards.notice_card(say.WELCOME_TITLE, say.WELCOME)))
                return None
        except RulebotError as err:
            log.info("teams: %s: %s", type(err).__name__, err)
            return await self._say(event, channel, str(err))
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("teams: error while handling activity %s (ref %s)", event.activity_id, ref)
            return await self._say(event, channel, say.APOLOGY.format(ref=ref))
        return None

    async def _say(self, event: Inbound, channel: Channel, text: str) -> InvokeResult | None:
        try:
            await channel.send(Outbound(text=text))
        except Exception:
            log.exception("teams: could not deliver a message to %s", event.conversation_id)
        return InvokeResult(message=text) if isinstance(event, Submit) and event.invoke else None

    # -- messages

    async def on_message(self, msg: Message, channel: Channel) -> None:
        command = parse_command(msg.text)
        if command.name == "help":
            await channel.send(Outbound(card=cards.notice_card(say.WELCOME_TITLE, say.WELCOME)))
        elif command.name == "admin":
            await self.on_admin(msg, command.arg, channel)
        elif command.name == "draft":
            await self.on_draft_request(command.arg, channel)
        else:
            await self.on_question(msg, command.arg, channel)

    async def on_question(self, msg: Message, question: str, channel: Channel) -> None:
        if self._pending >= self.max_pending:
            log.warning("teams: %d questions pending; told the user to ask again", self._pending)
            await channel.send(Outbound(text=say.BUSY))
            return
        await channel.typing()
        history = self.history.get(msg.conversation_id)
        with asker(msg):
            future = asyncio.ensure_future(self._run(self.engine.answer, question, history=history))
        self._pending += 1
        future.add_done_callback(self._answered)
        try:
            answer = await asyncio.wait_for(asyncio.shield(future), self.answer_deadline)
        except asyncio.TimeoutError:
            await channel.send(Outbound(text=say.STILL_WORKING))
            self._spawn(self._deliver_late(msg, question, future, channel.proactive()))
            return
        self.history.add(msg.conversation_id, question)
        key = await self._remember(msg, question, answer)
        await channel.send(Outbound(card=cards.answer_card(answer, key=key)))

    def _answered(self, _future: asyncio.Future) -> None:
        self._pending -= 1

    async def _deliver_late(self, msg: Message, question: str, future: asyncio.Future, channel: Channel) -> None:
        try:
            answer = await future
            self.history.add(msg.conversation_id, question)
            key = await self._remember(msg, question, answer)
            await channel.send(Outbound(card=cards.answer_card(answer, key=key)))
        except RulebotError as err:
            await self._say(msg, channel, str(err))
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("teams: late answer failed (ref %s)", ref)
            await self._say(msg, channel, say.APOLOGY.format(ref=ref))

    # -- admin

    def is_admin(self, event: Message | Submit) -> bool:
        return bool(event.user.aad_object_id) and event.user.aad_object_id in self.settings.admins

    async def on_admin(self, msg: Message, arg: str, channel: Channel) -> None:
        command = arg.split()[0] if arg.split() else ""
        if not self.is_admin(msg):
            log.warning("teams: refused 'admin' (%d characters) from non-admin user %s (aad %s, %s) in %s",
                        len(arg), msg.user.id, msg.user.aad_object_id or "-", msg.user.name or "-",
                        msg.conversation_id)
            await channel.send(Outbound(text=say.ADMIN_REFUSED.format(
                command=command or "commands", user=msg.user.aad_object_id or msg.user.id)))
            return
        if command not in ADMIN_COMMANDS:
            await channel.send(Outbound(text=say.ADMIN_USAGE))
            return
        log.info("teams: admin %s by %s (%s)", command, msg.user.aad_object_id, msg.user.name)
        who = f"teams:{msg.user.name or msg.user.aad_object_id}"
        if command == "status":
            await channel.typing()
            status = await self._run(self.engine.status)
            await channel.send(Outbound(text=format_status(status)))
        elif command == "reindex":
            progress_id = await channel.send(Outbound(text=say.REINDEX_STARTED.format(who=msg.user.name or who)))
            self._spawn(self._reindex(who, progress_id, channel.proactive()))
        else:
            await self.on_sync(msg, who, channel)

    async def _reindex(self, who: str, progress_id: str, channel: Channel) -> None:
        loop = asyncio.get_running_loop()
        latest: list[Any] = []
        changed = asyncio.Event()

        def on_progress(p: Any) -> None:  # called on the reindex thread
            def note() -> None:
                latest[:] = [p]
                changed.set()
            loop.call_soon_threadsafe(note)

        finished = False

        async def show_progress() -> None:
            # at most one update per `progress_interval`, always the latest report; never cut short
            while not finished:
                await changed.wait()
                changed.clear()
                if latest and not finished:
                    try:
                        await channel.update(progress_id, Outbound(text=format_progress(latest[0])))
                    except Exception:
                        log.warning("teams: could not update reindex progress", exc_info=True)
                    await asyncio.sleep(self.progress_interval)

        shower = asyncio.ensure_future(show_progress())
        try:
            report = await self._run(self.engine.reindex, progress=on_progress, who=who, slow=True)
            final = say.REINDEX_DONE.format(summary=summary(report))
        except RulebotError as err:
            final = str(err) if type(err).__name__ == "ReindexBusy" else say.REINDEX_FAILED.format(reason=err)
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("teams: reindex failed (ref %s)", ref)
            final = say.REINDEX_FAILED.format(reason=f"an internal error (reference {ref}).")
        finally:
            finished = True
            changed.set()
            await asyncio.gather(shower, return_exceptions=True)
        log.info("teams: reindex by %s: %s", who, final)
        try:
            await channel.update(progress_id, Outbound(text=final))
        except Exception:
            log.warning("teams: could not update the reindex message; sending a new one", exc_info=True)
            await channel.send(Outbound(text=final))

    async def on_sync(self, msg: Message, who: str, channel: Channel) -> None:
        """Fetch what changed among the official sources; when something did, reindex (progress
        in a second message, as for ``admin reindex``)."""
        if self.sync is None:
            await channel.send(Outbound(text=say.SYNC_UNAVAILABLE))
            return
        progress_id = await channel.send(Outbound(text=say.SYNC_STARTED.format(who=msg.user.name or who)))
        sync, later = self.sync, channel.proactive()

        async def run() -> None:
            report = None
            try:
                report = await self._run(sync, self.settings, slow=True)
                final = format_sync(report)
            except RulebotError as err:
                final = str(err)
            except Exception:
                ref = uuid.uuid4().hex[:8]
                log.exception("teams: sync failed (ref %s)", ref)
                final = say.APOLOGY.format(ref=ref)
            log.info("teams: sync by %s: %s", who, final)
            await later.update(progress_id, Outbound(text=final))
            if report is not None and getattr(report, "touched", False):
                reindex_id = await later.send(Outbound(text=say.REINDEX_STARTED.format(who=msg.user.name or who)))
                await self._reindex(who, reindex_id, later)

        self._spawn(run())

    # -- card actions

    async def on_submit(self, event: Submit, channel: Channel) -> InvokeResult | None:
        verb = event.verb
        if verb == cards.FEEDBACK:
            return await self.on_feedback(event, channel)
        if verb == cards.PASSAGE:
            await self._send_passages(channel, [str(event.data.get("id", ""))])
        elif verb == cards.PASSAGES:
            ids = event.data.get("ids") if isinstance(event.data.get("ids"), list) else []
            await self._send_passages(channel, [str(i) for i in ids[:20]])
        elif verb == cards.FULL_ANSWER:
            question = str(event.data.get("q", "")).strip()
            await channel.typing()
            with asker(event):
                answer = await self._run(self.engine.answer, question,
                                         history=self.history.get(event.conversation_id))
            full = answer.text + "\n\n" + "\n\n".join(f"[{c.n}] {c.cite}: “{c.quote}”" for c in answer.citations)
            for part in cards.full_text_messages(full):
                await channel.send(Outbound(text=part))
        elif verb == cards.DRAFT_FORM:
            return await self.on_draft_request(str(event.data.get("kind", "")), channel, invoke=event.invoke)
        elif verb == cards.DRAFT:
            return await self.on_draft_submit(event, channel)
        else:
            log.info("teams: unknown action verb %r", verb)
            return await self._say(event, channel, say.UNKNOWN_ACTION)
        return InvokeResult(message=say.PASSAGE_SENT) if event.invoke and verb in (cards.PASSAGE, cards.PASSAGES) else None

    async def _send_passages(self, channel: Channel, ids: list[str]) -> None:
        for pid in ids:
            passage = await self._run(self.engine.passage, pid) if pid else None
            if passage is None:
                await channel.send(Outbound(text=say.PASSAGE_GONE))
            else:
                await channel.send(Outbound(card=cards.passage_card(passage)))

    async def on_feedback(self, event: Submit, channel: Channel) -> InvokeResult | None:
        store = self.feedback
        if store is None:
            return await self._say(event, channel, say.FEEDBACK_UNAVAILABLE)
        from bot.admin.feedback import Feedback

        key = str(event.data.get("key", ""))
        served = await self._run(store.recall, key) if key else None
        verdict = str(event.data.get("verdict", ""))
        if verdict not in ("up", "down"):
            return await self._say(event, channel, say.UNKNOWN_ACTION)
        record = Feedback(source="teams", user=event.user.key,
                          question=served.question if served else str(event.data.get("q", "")),
                          answer=served.answer if served else "",
                          citations=served.citations if served else (),
                          verdict=verdict, answer_key=key)
        await self._run(store.record, record)
        log.info("teams: feedback %s from %s on %s", record.verdict, record.user, key or "-")
        if event.invoke:
            return InvokeResult(message=say.FEEDBACK_THANKS)
        await channel.send(Outbound(text=say.FEEDBACK_THANKS))
        return None

    async def _remember(self, event: Message, question: str, answer: Any) -> str:
        """Keep the served answer in the feedback store under a short key its buttons carry."""
        store = self.feedback
        key = uuid.uuid4().hex[:12]
        if store is None:
            return key
        from bot.admin.feedback import ServedAnswer

        served = ServedAnswer(key=key, source="teams", user=event.user.key, question=question,
                              answer=answer.text, citations=tuple(c.cite for c in answer.citations))
        try:
            await self._run(store.remember, served)
        except Exception:
            log.warning("teams: could not remember answer %s for feedback", key, exc_info=True)
        return key

    # -- drafting

    async def on_draft_request(self, wanted: str, channel: Channel, *, invoke: bool = False) -> InvokeResult | None:
        if not self.kinds or self.compose is None:
            await channel.send(Outbound(text=say.DRAFT_UNAVAILABLE))
            return None
        name = find_kind(self.kinds, wanted) if wanted else None
        if name is None:
            if wanted:
                await channel.send(Outbound(text=say.DRAFT_UNKNOWN.format(kind=wanted)))
            await channel.send(Outbound(card=cards.kinds_card(
                (n, getattr(k, "title", n)) for n, k in self.kinds.items())))
            return None
        await channel.send(Outbound(card=cards.draft_form_card(self.kinds[name])))
        return InvokeResult(message="The form is below.") if invoke else None

    async def on_draft_submit(self, event: Submit, channel: Channel) -> InvokeResult | None:
        if not self.kinds or self.compose is None:
            return await self._say(event, channel, say.DRAFT_UNAVAILABLE)
        name = str(event.data.get("kind", ""))
        kind = self.kinds.get(name)
        if kind is None:
            return await self._say(event, channel, say.DRAFT_UNKNOWN.format(kind=name))
        facts = cards.facts_from_form(kind, event.data)
        await channel.typing()
        with asker(event):
            result = await self._run(self.compose, name, facts, self.engine)
        for out in cards.draft_replies(result, title=getattr(kind, "title", name)):
            await channel.send(out)
        return InvokeResult(message=say.DRAFT_SENT) if event.invoke else None
