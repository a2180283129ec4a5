"""The chat service: one conversation logic behind Slack and Teams.

An adapter parses its payload into our values (`Asker`, `Thread`, a question or a form), wraps what it
wants done in a `Request` and hands it to `Chat.handle`, and renders what reaches its `Reply`.  The
service is written once, by concern:

- `bot.chat.steps`: the chain every request passes (de-duplication, the admin check, back-pressure, the
  audit record, one-line errors with a reference `RB-…`);
- `bot.chat.answers`: questions with follow-up memory, passages, the answer kept for paging, votes;
- `bot.chat.drafts`: draft kinds, forms, drafts with their Word file, review of a shared document;
- `bot.chat.matters`: a channel bound to a matter;
- `bot.chat.admin`: admin jobs (reindex, status, sync, channel, feedback) with one progress message;
- `bot.chat.review`: what a 👎 says was wrong, and the administrators' review and verified answers;
- every user-facing message in `bot.chat.messages`.

    chat = Chat(settings, engine, state=MemoryState(), feedback=FeedbackStore(path))
    chat.handle(*chat.question(asker, text, reply, thread=thread, delivery=(f"slack:event:{event_id}",)))

Methods that do work (`ask`, `vote`, ...) never raise: errors reach the user through the `Reply`.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Protocol, Sequence

from bot.admin.feedback import FeedbackSink
from bot.admin.verified import VerifiedSink
from bot.chat import messages as M
from bot.chat import steps
from bot.chat.admin import ADMIN_COMMANDS, AdminJobs, Sync, default_sync, parse_admin, progress_text, sync_text
from bot.chat.answers import Answers
from bot.chat.drafts import Drafting, Drafts, find_kind, wants_review
from bot.chat.lanes import FairLane
from bot.chat.matters import Matter, Matters
from bot.chat.review import Reviews
from bot.chat.state import StateStore
from bot.chat.steps import ADMIN, REVIEWS, STEPS, Arrival, Request, Step, new_ref
from bot.chat.suggest import Indexed
from bot.chat.types import Reply
from bot.chat.workers import AnswerCache, Workers
from bot.settings import Settings
from bot.types import Answer, Passage, Progress

log = logging.getLogger("rulebot.chat")

MAX_PENDING_REVIEWS = 20  # shared files waiting for, or in, a review (then "busy")

__all__ = ["Chat", "Engine", "Request", "ADMIN_COMMANDS", "Drafting", "Matter", "find_kind", "new_ref",
           "parse_admin", "progress_text", "sync_text", "wants_review"]


class Engine(Protocol):
    """What the service needs of the core (`bot.answering.engine.Engine`, or `bot.edges.ops.ObservedEngine` around it)."""

    def answer(self, question: str, *, history: tuple[str, ...] = ...) -> Answer: ...

    def passage(self, passage_id: str) -> Passage | None: ...

    def status(self) -> dict: ...

    def passages(self) -> list[Passage]: ...

    def reindex(self, *, progress: Callable[[Progress], None] | None = ..., who: str = ...) -> Any: ...

    def index(self) -> Any:
        """The served index (`bot.answering.retrieve.SearchIndex`): pin cites are looked up in it."""


class Chat(Answers, Drafts, Matters, AdminJobs, Reviews):
    """The surface-neutral chat service (see the module docstring)."""

    def __init__(self, settings: Settings, engine: Engine, *, state: StateStore, feedback: FeedbackSink,
                 drafting: Drafting | None = None, sync: Sync | None = default_sync,
                 workers: Workers | None = None, admin_workers: Workers | None = None,
                 review_workers: FairLane | None = None,
                 progress_interval: float = 2.0, steps: Sequence[Step] = STEPS, verified: VerifiedSink | None = None):
        self.settings = settings
        self.engine = engine
        self.state = state
        self.feedback = feedback
        if verified is None:  # where the votes are: the feedback file, or Redis (bot.admin.verified)
            from bot.admin.verified import verified_from_settings

            verified = verified_from_settings(settings)
        self.verified = verified
        self.drafting = drafting if drafting is not None else Drafting.default(settings)
        self.sync = sync
        self.workers = workers or Workers(settings.answer_workers, max_pending=max(1, settings.max_pending),
                                          name="rulebot-answer")
        # admin work has its own threads so questions keep being answered; two, so that a second reindex
        # reaches the engine's lock and is told who holds it instead of queueing
        self.admin_workers = admin_workers or Workers(2, max_pending=10, name="rulebot-admin")
        # reviews of shared files have threads of their own too: a hostile file may take a document's whole budget
        # (RULEBOT_DOCUMENT_SECONDS) to be refused, and questions must keep being answered meanwhile; users take
        # turns on them, a file at a time, and one user has at most `reviews_per_user` reviews waiting or under way
        self.review_workers = review_workers or FairLane(settings.review_workers, max_pending=MAX_PENDING_REVIEWS,
                                                         per_user=settings.reviews_per_user, name="rulebot-review")
        self.lanes = {ADMIN: self.admin_workers, REVIEWS: self.review_workers}
        self.progress_interval = progress_interval
        self.steps = tuple(steps)
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

    # ------------------------------------------------------------------ the chain (bot.chat.steps)

    def handle(self, request: Request, work: Callable[[], Any]) -> bool:
        """Pass `request` through the steps, then do `work`: True when it was taken (not a repeat, not
        refused, not busy)."""
        return steps.run(self, self.steps, request, work)

    def first(self, *keys: str) -> bool:
        """True the first time any of `keys` is seen (within `settings.dedupe_seconds`); a retry or a
        second delivery of the same message is False.  Keys are namespaced by the caller."""
        return self.state.claim(*keys, ttl=self.settings.dedupe_seconds)

    def submit(self, job: Callable[[], Any], *, on_busy: Callable[[], Any], claim: Sequence[str] = (),
               arrival: Arrival | None = None) -> bool:
        """Run `job` on the answer workers when fewer than `settings.max_pending` questions are pending
        (across replicas when the state is shared); otherwise call `on_busy` (say "busy") and return False.
        With `claim` (a request's delivery ids), only the first time they are seen (as `first`; a repeat is
        False, and nothing is said), and with `arrival` (a question's), what it asks of the state: all in the
        same call to the state as the admission (`StateStore.arrive`).  The ticket is released when `job` ends,
        unless the job took it to release with its answer (`Arrival.take_ticket`)."""
        arrival = arrival if arrival is not None else Arrival()
        admission = self.state.arrive(*claim, ttl=self.settings.dedupe_seconds, limit=self.settings.max_pending,
                                      memories=arrival.memories, bindings=arrival.bindings)
        if not admission.first:
            return False
        if admission.ticket is None:
            log.warning("%d questions pending; told the user to ask again", self.state.pending())
            self._quietly("busy", on_busy)
            return False
        arrival.admitted(admission)
        if admission.verified is not None:  # the verified answers are read again only when they changed
            self.verified.seen(admission.verified)

        def release() -> None:
            ticket = arrival.take_ticket()
            if ticket is not None:
                self.state.release(ticket)

        def run() -> None:
            try:
                job()
            finally:
                release()

        if not self.workers.submit(run, on_cancel=release):
            release()
            self._quietly("busy", on_busy)
            return False
        return True

    def submit_lane(self, queue: str, job: Callable[[], Any], *, on_busy: Callable[[], Any],
                    who: str = "", on_over: Callable[[int], Any] | None = None) -> bool:
        """Run `job` on lane `queue`'s workers (admin jobs, reviews), or `on_busy` when they are full; on the reviews'
        lane `who` takes turns with other users, and `on_over(n)` is called instead when `who` has `n` there
        already, as many as one user may."""
        lane = self.lanes[queue]
        if isinstance(lane, FairLane):
            if lane.submit(job, who=who):
                return True
            held = lane.held(who)
            if on_over is not None and held >= lane.per_user:
                log.info("%s has %d reviews waiting or under way; told them to wait", who, held)
                self._quietly("busy", lambda: on_over(held))
                return False
        elif lane.submit(job):
            return True
        self._quietly("busy", on_busy)
        return False

    def guard(self, what: str, reply: Reply, work: Callable[[], Any], apology: str = M.APOLOGY) -> None:
        """Run `work`; errors reach the user as one line (see `bot.chat.steps.guard`).  Never raises."""
        steps.guard(what, reply, work, apology)

    @staticmethod
    def _quietly(what: str, deliver: Callable[[], Any]) -> None:
        steps.quietly(what, deliver)

    def close(self, wait: bool = True) -> None:
        self.workers.shutdown(wait=wait)
        self.admin_workers.shutdown(wait=wait)
        self.review_workers.shutdown(wait=wait)
        self.state.close()
