"""The chat service: one conversation logic behind Slack and Teams.

An adapter parses its payload into our values (`Asker`, `Thread`, a question
or a form), calls one method here, and renders what reaches its `Reply`.  The
service owns everything else, written once:

- de-duplication (`first`): a retried event or redelivered activity is handled once, across replicas
  when the state is Redis;
- back-pressure (`submit`): past `settings.max_pending` questions pending (across replicas), "busy";
- follow-up memory: a thread's earlier questions, one window for both surfaces;
- answers, passages, votes, drafts from form values, admin jobs with progress;
- error references (one format, `RB-…`), the audit record (`bot.edges.ops.caller` around each answer),
  and every user-facing message (`bot.chat.messages`).

Methods that do work (`ask`, `vote`, ...) run on the caller's thread and never raise: errors reach the
user through the `Reply`.  Adapters hand them to `submit` so that listeners acknowledge at once.

    chat = Chat(settings, engine, state=MemoryState(), feedback=FeedbackStore(path))
    if chat.first(event_id) and not chat.submit(lambda: chat.ask(asker, text, thread, reply), on_busy=...):
        ...
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping, Protocol, Sequence

from bot.admin.feedback import Feedback, FeedbackSink, ServedAnswer
from bot.chat import messages as M
from bot.chat.state import StateStore
from bot.chat.suggest import Indexed, indexed
from bot.chat.types import AnswerView, Asker, DraftView, History, Reply, Thread
from bot.chat.workers import AnswerCache, Throttle, Workers
from bot.errors import ReindexBusy, RulebotError
from bot.edges.ops import caller
from bot.settings import Settings
from bot.types import Answer, Filters, Passage, Progress, judge_key

log = logging.getLogger("rulebot.chat")

ADMIN_COMMANDS = ("reindex", "status", "sync", "channel")
RECENT_SECONDS = 30 * 24 * 3600.0  # a user's last questions are kept this long (App Home lists them)
RECENT_KEEP = 5
VERDICTS = ("up", "down")
MAX_HISTORY = 3
MAX_COMMENT = 2000  # characters of a feedback comment kept


class Engine(Protocol):
    """What the service needs of the core (`bot.answering.engine.Engine`, or `bot.edges.ops.ObservedEngine` around it)."""

    def answer(self, question: str, *, history: tuple[str, ...] = ...) -> Answer: ...

    def passage(self, passage_id: str) -> Passage | None: ...

    def status(self) -> dict: ...

    def passages(self) -> list[Passage]: ...

    def reindex(self, *, progress: Callable[[Progress], None] | None = ..., who: str = ...) -> Any: ...


@dataclass(frozen=True)
class Drafting:
    """The drafting step: kinds by name, `parse_form(kind_name, {field: text}) -> facts`,
    `compose(kind_name, facts, engine) -> Draft` and `to_docx(draft) -> bytes`."""

    kinds: Mapping[str, Any]
    parse_form: Callable[[str, Mapping[str, str]], Any]
    compose: Callable[..., Any]
    to_docx: Callable[[Any], bytes]

    @classmethod
    def default(cls, settings: Settings) -> "Drafting":
        from bot.draft import compose, docx, facts, kinds

        return cls(kinds=dict(kinds.KINDS), parse_form=facts.from_form, compose=compose.drafter(settings),
                   to_docx=docx.exporter(settings))


Sync = Callable[[Settings], Any]  # fetch what changed among the official sources; returns a SyncReport


def default_sync(settings: Settings) -> Any:
    """`bot.admin.corpus.sync` over the admin's ``sources.toml`` (as ``rulebot corpus sync`` reads it)."""
    from bot.admin.corpus import sync

    return sync(settings, settings.corpus_dir / "sources.toml")


def new_ref() -> str:
    """The reference printed to the user and written beside the log detail: ``RB-`` and 8 hex digits.

    >>> len(new_ref()), new_ref()[:3]
    (11, 'RB-')
    """
    return "RB-" + secrets.token_hex(4).upper()


def summary(report: Any) -> str:
    """A core report's one-line ``summary()`` (BuildReport, SyncReport), else its str()."""
    method = getattr(report, "summary", None)
    return str(method()) if callable(method) else str(report)


def progress_text(p: Progress) -> str:
    """One line for a reindex `Progress`, the same on every surface.

    >>> progress_text(Progress("embed", 40, 200, 81.2))
    'Reindexing: embedding passages, 40 of 200 (81 passages/s).'
    """
    rate = M.REINDEX_RATE.format(rate=p.chunks_per_s) if p.chunks_per_s else ""
    text = M.REINDEX_PROGRESS.format(stage=M.STAGES.get(p.stage, p.stage), done=p.done, total=p.total or "?",
                                     rate=rate)
    return f"{text} {p.message}".strip() if p.message else text


def sync_text(report: Any) -> str:
    """The sync summary, then each source that could not be synced."""
    lines = [M.SYNC_DONE.format(summary=summary(report))]
    lines += [M.SYNC_FAILED_SOURCE.format(name=name, reason=reason) for name, reason in getattr(report, "failed", ())]
    return "\n".join(lines)


REVIEW_WORDS = re.compile(r"\b(review|check|look (?:at|over)|proof ?read|flag)\b", re.I)


def wants_review(text: str) -> bool:
    """Whether a message that carries a file asks for it to be reviewed ("review this", "can you check
    this PO?", or nothing but the file).

    >>> wants_review("review this"), wants_review(""), wants_review("what does rule 26(c) say?")
    (True, True, False)
    """
    return not text.strip() or bool(REVIEW_WORDS.search(text))


def parse_admin(text: str) -> str:
    """The admin command named by a message ("" when none).

    >>> parse_admin("  Reindex now"), parse_admin(""), parse_admin("status")
    ('reindex', '', 'status')
    """
    words = text.split()
    return words[0].lower() if words else ""


class Chat:
    """The surface-neutral chat service (see the module docstring)."""

    def __init__(self, settings: Settings, engine: Engine, *, state: StateStore, feedback: FeedbackSink,
                 drafting: Drafting | None = None, sync: Sync | None = default_sync,
                 workers: Workers | None = None, admin_workers: Workers | None = None,
                 progress_interval: float = 2.0):
        self.settings = settings
        self.engine = engine
        self.state = state
        self.feedback = feedback
        self.drafting = drafting if drafting is not None else Drafting.default(settings)
        self.sync = sync
        self.workers = workers or Workers(settings.answer_workers, max_pending=max(1, settings.max_pending),
                                          name="rulebot-answer")
        # admin work has its own threads so questions keep being answered; two, so that a second reindex
        # reaches the engine's lock and is told who holds it instead of queueing
        self.admin_workers = admin_workers or Workers(2, max_pending=10, name="rulebot-admin")
        self.progress_interval = progress_interval
        self.answers: AnswerCache[Answer] = AnswerCache()
        self._indexed: tuple[str, Indexed] | None = None  # (index version, what it holds): see `indexed`

    @classmethod
    def from_settings(cls, settings: Settings, engine: Engine, **options: Any) -> "Chat":
        """The service with the state and feedback stores the settings name (Redis when
        `settings.redis_url`, else in-process state and the SQLite feedback file)."""
        from bot.admin.feedback import feedback_from_settings
        from bot.chat.state import state_from_settings

        return cls(settings, engine, state=state_from_settings(settings), feedback=feedback_from_settings(settings),
                   **options)

    # ------------------------------------------------------------------ middleware steps

    def first(self, *keys: str) -> bool:
        """True the first time any of `keys` is seen (within `settings.dedupe_seconds`); a retry or a
        second delivery of the same message is False.  Keys are namespaced by the caller."""
        return self.state.claim(*keys, ttl=self.settings.dedupe_seconds)

    def submit(self, job: Callable[[], Any], *, on_busy: Callable[[], Any]) -> bool:
        """Run `job` on the answer workers when fewer than `settings.max_pending` questions are pending
        (across replicas when the state is shared); otherwise call `on_busy` (say "busy") and return False."""
        ticket = self.state.admit(self.settings.max_pending)
        if ticket is None:
            log.warning("%d questions pending; told the user to ask again", self.state.pending())
            self._quietly("busy", on_busy)
            return False

        def run() -> None:
            try:
                job()
            finally:
                self.state.release(ticket)

        if not self.workers.submit(run, on_cancel=lambda: self.state.release(ticket)):
            self.state.release(ticket)
            self._quietly("busy", on_busy)
            return False
        return True

    def submit_admin(self, job: Callable[[], Any], *, on_busy: Callable[[], Any]) -> bool:
        if self.admin_workers.submit(job):
            return True
        self._quietly("busy", on_busy)
        return False

    def guard(self, what: str, reply: Reply, work: Callable[[], Any], apology: str = M.APOLOGY) -> None:
        """Run `work`; a `RulebotError` reaches the user as its own one-line message, anything else as an
        apology with a reference (`RB-…`, the traceback logged under it).  Never raises."""
        try:
            work()
        except RulebotError as e:
            log.info("%s: %s", what, e)
            self._quietly(what, lambda: reply.notice(str(e)))
        except Exception:
            ref = new_ref()
            log.exception("%s failed [ref %s]", what, ref)
            self._quietly(what, lambda: reply.notice(apology.format(ref=ref, what=what)))

    @staticmethod
    def _quietly(what: str, deliver: Callable[[], Any]) -> None:
        try:
            deliver()
        except Exception:
            log.exception("%s: could not tell the user", what)

    def close(self, wait: bool = True) -> None:
        self.workers.shutdown(wait=wait)
        self.admin_workers.shutdown(wait=wait)
        self.state.close()

    # ------------------------------------------------------------------ questions

    def earlier(self, thread: Thread | None, history: History | None = None) -> tuple[str, ...]:
        """A follow-up's context: the thread's remembered questions, else the surface's own record."""
        if thread is None or not thread.follow_up:
            return ()
        remembered = self.state.earlier(thread.key)
        if remembered or history is None:
            return remembered[-MAX_HISTORY:]
        try:
            return tuple(history())[-MAX_HISTORY:]
        except Exception as e:  # the surface could not read the thread: answer without context
            log.info("no thread history for %s: %s", thread.key, e)
            return ()

    def ask(self, asker: Asker, text: str, reply: Reply, *, thread: Thread | None = None,
            history: History | None = None) -> Answer | None:
        """Answer `text` (with the thread's earlier questions as context) and remember it for votes and
        follow-ups.  Returns the answer (None when it failed; the user has been told)."""
        question = text.strip()
        done: list[Answer] = []

        def work() -> None:
            if not question:
                reply.notice(M.EMPTY_QUESTION)
                return
            context = self.earlier(thread, history)
            if thread is not None:
                self.state.remember(thread.key, question, window=self.settings.thread_window, keep=MAX_HISTORY)
            self.state.remember(_user_key(asker), question, window=RECENT_SECONDS, keep=RECENT_KEEP)
            answer = self._answer(asker, question, context)
            key = self.keep(answer, asker)
            done.append(answer)
            reply.answer(AnswerView(answer, key))

        self.guard("answer", reply, work)
        return done[0] if done else None

    def _answer(self, asker: Asker, question: str, context: tuple[str, ...] = ()) -> Answer:
        """The engine's answer, for the channel's matter when it is bound to one (preferred court and judge,
        named in the answer), with who asked and where for the audit record."""
        matter = self.matter(asker)
        with caller(asker.surface, asker.user, asker.channel):
            if matter is None:
                return self.engine.answer(question, history=context)
            return replace(self.engine.answer(question, history=context, prefer=matter.prefer), context=matter.label)

    def search_cited(self, asker: Asker, text: str, reply: Reply) -> Answer | None:
        """Answer `text` for a search box (Teams' compose box), returning the answer instead of showing it:
        not remembered as a question of a thread or of the user.  A failure reaches `reply.notice`; None then."""
        question = text.strip()
        if not question:
            self._quietly("search", lambda: reply.notice(M.EMPTY_QUESTION))
            return None
        done: list[Answer] = []
        self.guard("search", reply, lambda: done.append(self._answer(asker, question)))
        return done[0] if done else None

    def indexed(self) -> Indexed:
        """What is indexed (documents by type, with dates), for greetings, prompts and App Home: read from
        the passages once per index version, not on every event; empty when the index cannot be read."""
        try:
            status = self.engine.status()
            version = str(status.get("version") or "")
            cached = self._indexed
            if cached is None or cached[0] != version:
                cached = self._indexed = (version, indexed(status, self.engine.passages()))
            return cached[1]
        except Exception as e:  # no index yet, or the store is unreachable: say nothing is indexed
            log.warning("could not read what is indexed: %s", e)
            return Indexed(())

    def recent(self, asker: Asker) -> tuple[str, ...]:
        """The asker's own last questions, newest first (App Home, suggestions)."""
        return tuple(reversed(self.state.earlier(_user_key(asker))))

    def keep(self, answer: Answer, asker: Asker) -> str:
        """Remember a served answer (memory for paging, the feedback store for votes); returns its key."""
        key = secrets.token_hex(6)
        self.answers.put(key, answer)
        try:
            self.feedback.remember(ServedAnswer(key=key, source=asker.surface, user=asker.user,
                                                question=answer.question, answer=answer.text,
                                                citations=tuple(c.cite for c in answer.citations)))
        except Exception:  # the answer is still shown; only a later vote on it would lack its text
            log.warning("could not remember answer %s for feedback", key, exc_info=True)
        return key

    def recall(self, key: str, asker: Asker | None = None) -> Answer | None:
        """The answer behind a button: from memory, else asked again from the stored question (for the
        asker's channel and its matter, with an audit record, when `asker` is given)."""
        answer = self.answers.get(key)
        if answer is not None:
            return answer
        served = self.feedback.recall(key) if key else None
        if served is None:
            return None
        answer = self._answer(asker, served.question) if asker else self.engine.answer(served.question)
        self.answers.put(key, answer)
        return answer

    def show_answer(self, key: str, reply: Reply) -> None:
        """Show a served answer again (Slack's "show more" and "share"; Teams' full answer)."""
        def work() -> None:
            answer = self.recall(key)
            if answer is None:
                reply.notice(M.ANSWER_EXPIRED)
            else:
                reply.answer(AnswerView(answer, key))

        self.guard("show answer", reply, work)

    def passage(self, passage_ids: Sequence[str], reply: Reply) -> None:
        """Show the full passages behind citations."""
        def work() -> None:
            for pid in list(passage_ids)[:20]:
                found = self.engine.passage(pid) if pid else None
                if found is None:
                    reply.notice(M.PASSAGE_GONE)
                else:
                    reply.passage(found)

        self.guard("show passage", reply, work)

    def vote(self, asker: Asker, key: str, verdict: str, reply: Reply, *, question: str = "",
             comment: str = "") -> None:
        """Record 👍/👎 on a served answer, with the user's `comment` when there is one (Teams' feedback form);
        the thanks is only said once the vote is stored.  When the served answer is no longer known, a vote
        that carries its `question` is still recorded."""
        def work() -> None:
            if verdict not in VERDICTS:
                reply.notice(M.UNKNOWN_ACTION)
                return
            served = self.feedback.recall(key) if key else None
            if served is None and question:
                served = ServedAnswer(key=key, source=asker.surface, user="", question=question, answer="",
                                      citations=())
            if served is None:
                reply.notice(M.ANSWER_EXPIRED)
                return
            self.feedback.record(Feedback(source=asker.surface, user=asker.user, question=served.question,
                                          answer=served.answer, citations=served.citations, verdict=verdict,
                                          answer_key=served.key, comment=comment.strip()[:MAX_COMMENT]))
            log.info("feedback %s from %s:%s on %s", verdict, asker.surface, asker.user, key)
            reply.notice(M.FEEDBACK_THANKS[verdict])

        self.guard("feedback", reply, work)

    # ------------------------------------------------------------------ drafting

    def find_kind(self, wanted: str) -> str | None:
        """The draft kind a user names (see `find_kind`)."""
        return find_kind(self.drafting.kinds, wanted)

    def draft_usage(self) -> str:
        names = list(self.drafting.kinds)
        return M.DRAFT_USAGE.format(kinds=", ".join(f"`{n}`" for n in names),
                                    example=names[0] if names else "good-cause")

    def check_form(self, kind_name: str, form: Mapping[str, str]) -> tuple[Any, dict[str, str]]:
        """The facts a submitted form holds, or the errors to show on the form: {field: message}.
        Facts left out are not errors: the draft marks them as placeholders."""
        kind = self.drafting.kinds[kind_name]
        try:
            return self.drafting.parse_form(kind_name, form), {}
        except RulebotError as e:  # the facts do not fit the kind: say so on the form
            first = kind.fields[0].name if getattr(kind, "fields", ()) else "form"
            return None, {first: str(e)}

    def draft(self, asker: Asker, kind_name: str, facts: Any, reply: Reply) -> None:
        """Compose a draft from checked facts and hand it, with its Word file, to the reply."""
        def work() -> None:
            kind = self.drafting.kinds[kind_name]
            with caller(asker.surface, asker.user, asker.channel):
                draft = self.drafting.compose(kind_name, facts, self.engine)
            title = getattr(draft, "title", "") or getattr(kind, "title", kind_name)
            reply.draft(DraftView(draft, title=title, filename=f"{kind_name}-draft.docx",
                                  docx=self.drafting.to_docx(draft)))

        self.guard("draft", reply, work, apology=M.DRAFT_APOLOGY)

    # ------------------------------------------------------------------ case channels

    def matter(self, asker: Asker) -> Matter | None:
        """The matter the asker's channel is bound to (`channel court=… judge=… docket=…`), if any."""
        if not asker.channel:
            return None
        found = self.state.binding(_channel_key(asker))
        return Matter.of(found) if found else None

    def bind(self, asker: Asker, rest: Sequence[str]) -> str:
        """`channel` shows the binding, `channel clear` removes it, `channel court="C.D. Cal." judge="Segal"
        docket="2:26-cv-04417"` sets it; returns what to tell the admin."""
        arg = rest[0].strip() if rest else ""
        if not asker.channel:
            return M.CHANNEL_NONE
        if not arg:
            current = self.matter(asker)
            return M.CHANNEL_SHOW.format(matter=current.describe()) if current else M.CHANNEL_UNBOUND
        if arg.lower() == "clear":
            self.state.put_binding(_channel_key(asker), None)
            return M.CHANNEL_CLEARED
        matter = Matter.parse(arg)
        self.state.put_binding(_channel_key(asker), matter.as_dict())
        log.info("channel %s bound by %s:%s to %s", asker.channel, asker.surface, asker.user, matter.describe())
        return M.CHANNEL_BOUND.format(matter=matter.describe())

    def prefill(self, asker: Asker) -> dict[str, str]:
        """Draft form values from the channel's matter: court (in full), judge, case number."""
        matter = self.matter(asker)
        return matter.form() if matter else {}

    def review(self, asker: Asker, name: str, fetch: Callable[[int], bytes], reply: Reply, *, size: int = 0,
               kind: str = "protective-order") -> None:
        """Review a shared document as `rulebot check` does (the same reader and the same findings), within
        the ingestion budgets; nothing of it is kept.  `fetch(max_bytes)` downloads it with the surface's
        own credentials; `size` is what the platform says it weighs (a larger file is not fetched)."""
        limit = self.settings.max_document_bytes

        def work() -> None:
            from bot.draft.read import document_text
            from bot.draft.review import review

            if size > limit:
                reply.notice(M.REVIEW_TOO_LARGE.format(name=name, size=size, limit=limit))
                return
            try:
                data = fetch(limit)
            except RulebotError as e:
                reply.notice(M.REVIEW_FETCH.format(name=name, reason=e))
                return
            text = document_text(data, name, budgets=self.settings.budgets)
            with caller(asker.surface, asker.user, asker.channel):
                findings = review(kind, text, self.engine)
            log.info("reviewed a %d-byte file for %s:%s: %d finding(s)", len(data), asker.surface, asker.user,
                     len(findings))
            reply.findings(name, findings)

        self.guard("review", reply, work)

    # ------------------------------------------------------------------ admin

    def is_admin(self, asker: Asker) -> bool:
        return bool(asker.user) and asker.user in self.settings.admins

    def admin(self, asker: Asker, text: str, reply: Reply, *, command_name: str = "admin",
              done: Callable[[], Any] | None = None) -> bool:
        """An admin command ("reindex", "status", "sync"): refused for non-admins (logged by size, never
        by content), usage for anything else; the job itself runs on the admin workers, and `done` is
        called when it has finished.  True when a job was started."""
        command = parse_admin(text)
        if not self.is_admin(asker):
            log.warning("refused %s (%d characters) from non-admin %s:%s in %s", command_name, len(text),
                        asker.surface, asker.user, asker.channel)
            self._quietly("admin", lambda: reply.notice(M.ADMIN_REFUSED.format(command=command_name,
                                                                              user_id=asker.user)))
            return False
        if command not in ADMIN_COMMANDS:
            self._quietly("admin", lambda: reply.notice(M.ADMIN_USAGE))
            return False
        if command == "sync" and self.sync is None:
            self._quietly("admin", lambda: reply.notice(M.SYNC_UNAVAILABLE))
            return False
        if command == "channel":
            self.guard("channel", reply, lambda: reply.notice(self.bind(asker, text.split(None, 1)[1:])))
            if done is not None:
                done()
            return True
        log.info("admin %s by %s:%s", command, asker.surface, asker.user)
        job = {"status": self._status, "reindex": self._reindex_job, "sync": self._sync_job}[command]

        def run() -> None:
            try:
                job(asker, reply)
            finally:
                if done is not None:
                    done()

        return self.submit_admin(run, on_busy=lambda: reply.notice(M.BUSY))

    def _status(self, asker: Asker, reply: Reply) -> None:
        def work() -> None:
            status = dict(self.engine.status())
            job = self.state.job()
            if job:
                status["last_admin_job"] = f"{job.get('what', '?')} by {job.get('who', '?')}: {job.get('text', '')}"
            reply.status(status)

        self.guard("status", reply, work)

    def _job(self, what: str, asker: Asker, reply: Reply) -> Callable[[str], None]:
        """Show a job's line in its one message and in the shared state (any replica's `status` shows it)."""
        started = time.time()

        def show(text: str) -> None:
            self.state.put_job({"what": what, "who": f"{asker.surface}:{asker.user}", "text": text,
                                "started": started, "at": time.time()})
            reply.progress(text)

        return show

    def _reindex_into(self, asker: Asker, show: Callable[[str], None], *, before: str = "") -> None:
        throttle = Throttle(self.progress_interval)
        prefix = before + "\n" if before else ""

        def progress(p: Progress) -> None:
            if p.stage == "done" or not throttle.ready():
                return
            try:
                show(prefix + progress_text(p))
            except Exception:  # progress is best effort; the reindex goes on
                log.warning("could not update reindex progress", exc_info=True)

        try:
            report = self.engine.reindex(progress=progress, who=f"{asker.surface}:{asker.user}")
        except ReindexBusy as e:
            show(prefix + str(e))
            return
        log.info("reindex by %s:%s finished: %s", asker.surface, asker.user, summary(report))
        show(prefix + M.REINDEX_DONE.format(summary=summary(report)))

    def _reindex_job(self, asker: Asker, reply: Reply) -> None:
        show = self._job("reindex", asker, reply)

        def work() -> None:
            show(M.REINDEX_STARTED.format(user=asker.label))
            self._reindex_into(asker, show)

        self.guard("reindex", _Progressing(reply), work, apology=M.ADMIN_APOLOGY)

    def _sync_job(self, asker: Asker, reply: Reply) -> None:
        assert self.sync is not None
        show = self._job("sync", asker, reply)

        def work() -> None:
            show(M.SYNC_STARTED.format(user=asker.label))
            report = self.sync(self.settings)
            text = sync_text(report)
            log.info("sync by %s:%s finished: %s", asker.surface, asker.user, summary(report))
            if getattr(report, "touched", False):
                self._reindex_into(asker, show, before=text)
            else:
                show(text + "\n" + M.SYNC_NOTHING_NEW)

        self.guard("sync", _Progressing(reply), work, apology=M.ADMIN_APOLOGY)


class _Progressing:
    """A reply whose notices (an admin job's errors) land in the job's one progress message."""

    def __init__(self, reply: Reply):
        self._reply = reply

    def notice(self, text: str) -> None:
        self._reply.progress(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reply, name)


@dataclass(frozen=True)
class Matter:
    """The case a channel is bound to.

    >>> m = Matter.parse('court="C.D. Cal." judge="Segal" docket="2:26-cv-04417"')
    >>> m.label, m.prefer.court
    ('C.D. Cal., Judge Segal, No. 2:26-cv-04417', 'C.D. Cal.')
    >>> Matter.parse("court=“N.D. Cal.”").describe()
    'court N.D. Cal.'
    """

    court: str = ""
    judge: str = ""
    docket: str = ""

    FIELDS = ("court", "judge", "docket")

    @classmethod
    def parse(cls, text: str) -> "Matter":
        import shlex

        from indexers.courts import find

        text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
        try:
            words = shlex.split(text)
        except ValueError:
            raise RulebotError(M.CHANNEL_USAGE) from None
        values: dict[str, str] = {}
        for word in words:
            key, eq, value = word.partition("=")
            if not eq or key.lower() not in cls.FIELDS or not value.strip():
                raise RulebotError(M.CHANNEL_USAGE)
            values[key.lower()] = value.strip()
        if "court" in values:
            court = find(values["court"])
            if court is None:
                raise RulebotError(M.CHANNEL_COURT_UNKNOWN.format(court=values["court"]))
            values["court"] = court.cite
        if "judge" in values:  # the surname as typed ("McDonald"), found by the one judge-name rule
            key = judge_key(values["judge"])
            typed = [w.strip(".,") for w in values["judge"].split() if w.strip(".,").lower() == key]
            values["judge"] = typed[-1] if typed else values["judge"]
        return cls(**values)

    @classmethod
    def of(cls, values: Mapping[str, str]) -> "Matter":
        return cls(**{k: str(values.get(k, "") or "") for k in cls.FIELDS})

    def as_dict(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in self.FIELDS if getattr(self, k)}

    @property
    def prefer(self) -> Filters:
        return Filters(court=self.court, judge=self.judge)

    @property
    def label(self) -> str:
        parts = [self.court, f"Judge {self.judge}" if self.judge else "", f"No. {self.docket}" if self.docket else ""]
        return ", ".join(p for p in parts if p)

    def describe(self) -> str:
        return "; ".join(f"{k} {getattr(self, k)}" for k in self.FIELDS if getattr(self, k))

    def form(self) -> dict[str, str]:
        from indexers.courts import full_name

        out = {"court": full_name(self.court) if self.court else "", "judge": self.judge,
               "case_number": self.docket}
        return {k: v for k, v in out.items() if v}


def _channel_key(asker: Asker) -> str:
    return f"{asker.surface}:{asker.channel}"


def _user_key(asker: Asker) -> str:
    return f"user:{asker.surface}:{asker.user}"


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def find_kind(kinds: Mapping[str, Any], wanted: str) -> str | None:
    """The draft kind a user names ("good cause", "Good-Cause statement", "meet and confer"): names and
    titles compared as slugs, a prefix either way matching.

    >>> find_kind({"good-cause": None, "meet-and-confer": None}, "good cause statement")
    'good-cause'
    """
    slug = _slug(wanted)
    if not slug:
        return None
    for name, kind in kinds.items():
        names = {_slug(name), _slug(getattr(kind, "title", "") or "")}
        if slug in names or any(n and (slug.startswith(n) or n.startswith(slug)) for n in names):
            return name
    return None
