"""The work done after Slack has been acknowledged: answering, drafting, reindexing.

Listeners (`handlers.py`) acknowledge within milliseconds and hand a job to a
bounded pool (`Workers`); the job calls the core and posts the result through
the `Outbox`.  Any exception in a job reaches the user as a short apology with
a reference id; the detail goes to the log under the same id.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from slack_sdk.errors import SlackApiError

from bot.ops import caller
from bot.errors import ReindexBusy, RulebotError
from bot.admin.feedback import Feedback, FeedbackStore, ServedAnswer
from bot.settings import Settings
from bot.slack import messages as M
from bot.slack.blocks import SlackMessage, notice, render_answer, render_draft, status_message
from bot.slack.dedupe import Seen
from bot.slack.inbound import Action, Command, Message
from bot.slack.outbound import Outbox
from bot.slack.threads import ThreadMemory, history_from_replies
from bot.types import Answer, Progress

log = logging.getLogger("rulebot.slack")
SOURCE = "slack"


def new_ref() -> str:
    """A short reference id printed to the user and written beside the log detail."""
    return "RB-" + secrets.token_hex(4).upper()


def new_key() -> str:
    return secrets.token_hex(6)


class Workers:
    """A bounded thread pool: `max_workers` threads, at most `max_pending` jobs queued or running.
    `submit` returns False (instead of queueing without limit) when full."""

    def __init__(self, max_workers: int = 4, *, max_pending: int = 200, name: str = "rulebot-slack"):
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=name)
        self._slots = threading.BoundedSemaphore(max_pending)
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()

    def submit(self, fn: Callable[[], Any]) -> bool:
        if not self._slots.acquire(blocking=False):
            return False
        with self._lock:
            self._pending += 1
            self._idle.clear()

        def run() -> None:
            try:
                fn()
            except Exception:  # jobs guard themselves; this is the last line of defence
                log.exception("unguarded job failed")
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()
                self._slots.release()

        try:
            self._pool.submit(run)
        except RuntimeError:  # shut down
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()
            self._slots.release()
            return False
        return True

    @property
    def pending(self) -> int:
        return self._pending

    def wait_idle(self, timeout: float | None = None) -> bool:
        return self._idle.wait(timeout)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


class AnswerCache:
    """The last `size` answers served, by key, for "Show more" and "Share in channel"."""

    def __init__(self, size: int = 2000):
        self.size = size
        self._items: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, answer: Answer) -> None:
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, key: str) -> Answer | None:
        with self._lock:
            return self._items.get(key)


class Throttle:
    """`ready()` is true at most once every `interval` seconds (and the first time)."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self._clock = clock
        self._last: float | None = None

    def ready(self) -> bool:
        now = self._clock()
        if self._last is not None and now - self._last < self.interval:
            return False
        self._last = now
        return True


@dataclass(frozen=True)
class Drafting:
    """The drafting step, when installed: kinds by name, `parse_form(kind_name, {field: text}) -> facts`,
    `compose(kind_name, facts, engine) -> Draft` and `to_docx(draft) -> bytes`."""

    kinds: dict
    parse_form: Callable[[str, dict], Any]
    compose: Callable[..., Any]
    to_docx: Callable[[Any], bytes]


@dataclass
class Runtime:
    """Everything the listeners and jobs share; built once per app and passed down."""

    settings: Settings
    engine: Any
    out: Outbox
    feedback: FeedbackStore
    workers: Workers
    admin_workers: Workers
    seen: Seen = field(default_factory=Seen)
    threads: ThreadMemory = field(default_factory=ThreadMemory)
    answers: AnswerCache = field(default_factory=AnswerCache)
    drafting: Drafting | None = None
    sync: Callable[..., Any] | None = None
    progress_interval: float = 2.0

    def keep(self, answer: Answer, *, user: str) -> str:
        """Remember a served answer (memory for paging, SQLite for votes); returns its key."""
        key = new_key()
        self.answers.put(key, answer)
        self.feedback.remember(ServedAnswer(key=key, source=SOURCE, user=user, question=answer.question,
                                            answer=answer.text,
                                            citations=tuple(c.cite for c in answer.citations)))
        return key

    def find_answer(self, key: str) -> Answer | None:
        """The answer behind a button: from memory, else asked again from the stored question."""
        answer = self.answers.get(key)
        if answer is None:
            served = self.feedback.recall(key)
            if served is None:
                return None
            answer = self.engine.answer(served.question)
            self.answers.put(key, answer)
        return answer

    def close(self, wait: bool = True) -> None:
        self.workers.shutdown(wait=wait)
        self.admin_workers.shutdown(wait=wait)


# ------------------------------------------------------------------ guard

def run_safely(what: str, deliver: Callable[[SlackMessage], Any], work: Callable[[], Any],
               apology: str = M.APOLOGY) -> None:
    """Run `work`; a `RulebotError` is shown as its own message, anything else as an apology with a
    reference id (traceback logged under it).  Never raises."""
    try:
        work()
    except RulebotError as e:
        log.info("%s: %s", what, e)
        _deliver(deliver, notice(str(e)))
    except Exception:
        ref = new_ref()
        log.exception("%s failed [ref %s]", what, ref)
        _deliver(deliver, notice(apology.format(ref=ref)))


def _deliver(deliver: Callable[[SlackMessage], Any], msg: SlackMessage) -> None:
    try:
        deliver(msg)
    except Exception:
        log.exception("could not tell the user about an error")


# ------------------------------------------------------------------ answering

def answer_command(rt: Runtime, cmd: Command) -> None:
    """`/rules <question>`: answer through response_url, replacing the "searching" note."""
    def work() -> None:
        with caller("slack", cmd.user, cmd.channel):  # who and where, for the audit log
            answer = rt.engine.answer(cmd.text)
        key = rt.keep(answer, user=cmd.user)
        rt.out.respond(cmd.response_url, render_answer(answer, key=key, shareable=True), replace=True)

    run_safely("/rules", lambda m: rt.out.respond(cmd.response_url, m, replace=True), work)


def thread_history(rt: Runtime, msg: Message, bot_user: str) -> tuple[str, ...]:
    """Earlier questions of the thread a follow-up is in (memory first, else the thread itself)."""
    if not msg.is_follow_up:
        return ()
    earlier = rt.threads.earlier(msg.channel, msg.thread_ts)
    if earlier:
        return earlier
    try:
        replies = rt.out.replies(msg.channel, msg.thread_ts)
    except SlackApiError as e:
        log.info("no thread history for %s/%s: %s", msg.channel, msg.thread_ts, e.response.get("error"))
        return ()
    return history_from_replies(replies, bot_user=bot_user, before_ts=msg.ts)


def answer_message(rt: Runtime, msg: Message, *, bot_user: str) -> None:
    """A mention or DM: answer in the thread, with the thread's earlier questions as context."""
    thread = msg.reply_thread

    def work() -> None:
        if not msg.text:
            rt.out.post(msg.channel, notice(M.EMPTY_MENTION), thread_ts=thread)
            return
        history = thread_history(rt, msg, bot_user)
        rt.threads.remember(msg.channel, thread, msg.text)
        with caller("slack", msg.user, msg.channel):
            answer = rt.engine.answer(msg.text, history=history)
        key = rt.keep(answer, user=msg.user)
        rt.out.post(msg.channel, render_answer(answer, key=key), thread_ts=thread)

    run_safely("mention", lambda m: rt.out.post(msg.channel, m, thread_ts=thread), work)


def reply_to_action(rt: Runtime, act: Action, msg: SlackMessage) -> None:
    """Answer a button click: ephemerally through response_url, else in the message's thread."""
    if act.response_url:
        rt.out.respond(act.response_url, msg)
    elif act.channel:
        rt.out.post_ephemeral(act.channel, act.user, msg, thread_ts=act.thread_ts)


def show_more(rt: Runtime, act: Action) -> None:
    key, _, page = act.value.rpartition(":")

    def work() -> None:
        answer = rt.find_answer(key)
        if answer is None:
            reply_to_action(rt, act, notice(M.ANSWER_EXPIRED))
            return
        msg = render_answer(answer, key=key, page=int(page or 0))
        if act.is_ephemeral or not act.channel:
            rt.out.respond(act.response_url, msg)
        else:
            rt.out.post(act.channel, msg, thread_ts=act.thread_ts or act.message_ts)

    run_safely("show more", lambda m: reply_to_action(rt, act, m), work)


def share(rt: Runtime, act: Action) -> None:
    """Post an ephemeral answer in the channel (as the app, naming who shared it), then remove the private copy."""
    def work() -> None:
        answer = rt.find_answer(act.value)
        if answer is None:
            reply_to_action(rt, act, notice(M.ANSWER_EXPIRED))
            return
        if rt.out.respond(act.response_url, render_answer(answer, key=act.value, shared_by=act.user),
                          in_channel=True):
            rt.out.delete_original(act.response_url)

    run_safely("share", lambda m: reply_to_action(rt, act, m), work)


def vote(rt: Runtime, act: Action, verdict: str) -> None:
    def work() -> None:
        served = rt.feedback.recall(act.value)
        if served is None:
            reply_to_action(rt, act, notice(M.ANSWER_EXPIRED))
            return
        rt.feedback.record(Feedback(source=SOURCE, user=act.user, question=served.question, answer=served.answer,
                                    citations=served.citations, verdict=verdict, answer_key=served.key))
        reply_to_action(rt, act, notice(M.FEEDBACK_THANKS[verdict]))

    run_safely("feedback", lambda m: reply_to_action(rt, act, m), work)


# ------------------------------------------------------------------ drafting

def compose_draft(rt: Runtime, kind: Any, facts: Any, *, user: str) -> None:
    """Compose a draft and send it to the user's DM: the text with its citations, then the .docx."""
    assert rt.drafting is not None
    where: dict[str, str] = {}

    def deliver(m: SlackMessage) -> None:
        rt.out.post(where.get("channel") or rt.out.dm_channel(user), m)

    def work() -> None:
        channel = where["channel"] = rt.out.dm_channel(user)
        draft = rt.drafting.compose(kind.name, facts, rt.engine)
        title = getattr(draft, "title", "") or kind.title
        for m in render_draft(draft, title=title):
            rt.out.post(channel, m)
        rt.out.upload(channel, filename=f"{kind.name}-draft.docx", data=rt.drafting.to_docx(draft),
                      title=f"{title} (draft)")

    run_safely("draft", deliver, work, apology=M.DRAFT_APOLOGY)


# ------------------------------------------------------------------ admin

def admin_status(rt: Runtime, cmd: Command) -> None:
    run_safely("status", lambda m: rt.out.respond(cmd.response_url, m),
               lambda: rt.out.respond(cmd.response_url, status_message(rt.engine.status())))


def progress_text(p: Progress) -> str:
    rate = f" ({p.chunks_per_s:.0f} passages/s)" if p.chunks_per_s else ""
    text = M.REINDEX_PROGRESS.format(stage=p.stage, done=p.done, total=p.total or "?", rate=rate)
    return text + (f" · {p.message}" if p.message else "")


class _AdminMessage:
    """The ONE message an admin job reports in: posted once, then updated in place."""

    def __init__(self, rt: Runtime, cmd: Command):
        self.rt, self.cmd = rt, cmd
        self.where: dict[str, str] = {}

    def show(self, text: str) -> None:
        if self.where:
            self.rt.out.update(self.where["channel"], self.where["ts"], notice(text))
        else:
            self.where.update(self.rt.out.post_somewhere(self.cmd.channel, self.cmd.user, notice(text)))

    def deliver(self, m: SlackMessage) -> None:
        """Errors: in the message when there is one, and privately to the admin."""
        if self.where:
            self.rt.out.update(self.where["channel"], self.where["ts"], m)
        self.rt.out.respond(self.cmd.response_url, m)


def _reindex_into(rt: Runtime, cmd: Command, msg: _AdminMessage, *, before: str = "") -> None:
    throttle = Throttle(rt.progress_interval)
    prefix = before + "\n" if before else ""

    def progress(p: Progress) -> None:
        if p.stage == "done" or not throttle.ready():
            return
        try:
            msg.show(prefix + progress_text(p))
        except Exception:  # progress is best effort; the reindex goes on
            log.warning("could not update reindex progress", exc_info=True)

    try:
        report = rt.engine.reindex(progress=progress, who=f"slack:{cmd.user}")
    except ReindexBusy as e:
        msg.show(prefix + f":hourglass: {e}")
        return
    summary = report.summary() if hasattr(report, "summary") else str(report)
    log.info("reindex by %s finished: %s", cmd.user, summary)
    msg.show(prefix + M.REINDEX_DONE.format(summary=summary))


def reindex(rt: Runtime, cmd: Command) -> None:
    """Reindex in the background; progress and the summary update ONE message (throttled)."""
    msg = _AdminMessage(rt, cmd)

    def work() -> None:
        msg.show(M.REINDEX_STARTED.format(user=cmd.user))
        _reindex_into(rt, cmd, msg)

    run_safely("reindex", msg.deliver, work, apology=M.REINDEX_APOLOGY.replace("{what}", "reindex"))


def sync(rt: Runtime, cmd: Command) -> None:
    """`/rules-admin sync`: fetch what changed among the official sources (corpus/sources.toml),
    then reindex when anything was added or changed; all reported in one message."""
    assert rt.sync is not None
    msg = _AdminMessage(rt, cmd)

    def work() -> None:
        msg.show(M.SYNC_STARTED.format(user=cmd.user))
        report = rt.sync(rt.settings, rt.settings.corpus_dir / "sources.toml")
        summary = report.summary() if hasattr(report, "summary") else str(report)
        lines = [M.SYNC_DONE.format(summary=summary)]
        lines += [f"• could not sync {name}: {reason}" for name, reason in getattr(report, "failed", ())]
        text = "\n".join(lines)
        log.info("sync by %s finished: %s", cmd.user, summary)
        if getattr(report, "touched", False):
            _reindex_into(rt, cmd, msg, before=text)
        else:
            msg.show(text + "\n" + M.SYNC_NOTHING_NEW)

    run_safely("sync", msg.deliver, work, apology=M.REINDEX_APOLOGY.replace("{what}", "sync"))
