"""The steps every piece of chat work passes through, written once, in one chain.

A surface turns what arrived (an event, a command, a button, a card action) into a `Request` and hands it
with its work to `Chat.handle`; the chain does the rest, the way bolt-python's middleware
(`IgnoringSelfEvents`, `RequestVerification`) wraps its listeners:

1. `once`: a retried or redelivered request (any of its `delivery` ids seen before, across replicas when
   the state is Redis) is skipped;
2. `admins_only`: an admin request from anyone else is refused (logged by size, never by content);
3. `back_pressure`: the work goes to the answer workers (or a lane of its own: the admin workers, the review
   workers, where users take turns and one user has a few at most), or the user is told "busy" when too many
   are pending; so a listener acknowledges at once.  A question bound for the answer
   workers is claimed here, with its admission (`claimed_on_admission`: one call to the shared state, one
   Redis round trip, where `once` and this step would make two; nothing in between acts on it), and what its
   `arrival` asks of the shared state (the question remembered, its thread and channel read) rides along;
4. `audited`: answers given inside the work are recorded with who asked and where (`bot.edges.ops.caller`);
5. `guarded`: an error reaches the user as one line (a `RulebotError`'s own, else an apology with a
   reference `RB-…`), never as a traceback, and never escapes into the surface's thread.

A step is a function ``(chat, request, next) -> bool`` that calls ``next()`` to go on; True means the
request was taken.  The chain is passed in (``Chat(steps=...)``), so a deployment can add its own.

>>> from bot.chat.types import Asker
>>> class Say:
...     def notice(self, text): print(text)
>>> r = Request("question", Say(), Asker("slack", "U1"), delivery=("slack:event:Ev1",))
>>> r.who
'slack:U1'
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Protocol, Sequence

from bot.chat import messages as M
from bot.chat.state import Admission, Memory, Recalled
from bot.chat.types import Asker, Reply
from bot.edges.ops import caller
from bot.errors import RulebotError
from indexers.errors import new_ref

log = logging.getLogger("rulebot.chat")

# where a request's work runs (`Request.queue`): the answer workers, a lane of its own (admin jobs; reviews of shared
# files, which may take a document's whole budget and must never hold the threads that answer questions), or inline
ANSWERS, ADMIN, REVIEWS, INLINE = "answers", "admin", "reviews", ""


class Arrival:
    """What a question asks of the shared state as it arrives, in the same call as its claim and admission
    (`StateStore.arrive`: one Redis round trip): to be remembered in `memories` (each list read as it was before),
    and `bindings` read.  `Host.submit` leaves the admission here for the work (`admitted`); the work reads what it
    `recalled`, and may `take_ticket` to release it itself (with the answer it keeps: `Answers.keep`).

    >>> a = Arrival(); a.recalled is None
    True
    >>> a.admitted(Admission(True, "t1")); a.take_ticket(), a.take_ticket()
    ('t1', None)
    """

    def __init__(self, memories: Sequence[Memory] = (), bindings: Sequence[str] = ()):
        self.memories, self.bindings = tuple(memories), tuple(bindings)
        self._lock = threading.Lock()
        self._admission: Admission | None = None
        self._taken = False

    def __repr__(self) -> str:
        return (f"Arrival({len(self.memories)} memories, bindings={self.bindings!r}, "
                f"admitted={self._admission is not None})")

    def admitted(self, admission: Admission) -> None:
        with self._lock:
            self._admission = admission

    @property
    def recalled(self) -> Recalled | None:
        """What the admission read (None: not admitted, or not through `Host.submit`)."""
        with self._lock:
            return None if self._admission is None else self._admission.recalled

    def take_ticket(self) -> str | None:
        """The admission's ticket, once: whoever takes it releases it (None: no ticket, or already taken)."""
        with self._lock:
            if self._admission is None or self._taken:
                return None
            self._taken = True
            return self._admission.ticket


@dataclass(frozen=True)
class Request:
    """One piece of chat work as the steps see it."""

    what: str  # what the user asked for, in words for logs and apologies ("answer", "feedback", "review")
    reply: Reply
    asker: Asker | None = None
    delivery: tuple[str, ...] = ()  # the surface's ids of this delivery (event id, message ts): seen once
    admin: bool = False  # admins only
    size: int = 0  # characters of what the user sent (a refusal is logged by size, never by content)
    queue: str = ANSWERS  # ANSWERS, ADMIN or REVIEWS workers (busy past their limit), or INLINE on the caller's thread
    apology: str = M.APOLOGY  # what an unexpected error says ({ref}, {what})
    arrival: Arrival | None = None  # a question's: what its admission also asks of the shared state

    @property
    def who(self) -> str:
        return f"{self.asker.surface}:{self.asker.user}" if self.asker else "?"


class Unheard:
    """The reply of work nobody waits to read (a context change): what it would say is logged."""

    def notice(self, text: str) -> None:
        log.info("(not shown) %s", text)

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: log.info("(not shown) %s", name)


Next = Callable[[], bool]


class Host(Protocol):
    """What the steps need of the chat service."""

    def first(self, *keys: str) -> bool: ...

    def is_admin(self, asker: Asker) -> bool: ...

    def submit(self, job: Callable[[], Any], *, on_busy: Callable[[], Any], claim: Sequence[str] = (),
               arrival: Arrival | None = None) -> bool:
        """Run `job` on the answer workers, or `on_busy`; with `claim`, only when they are `first` (else False);
        with `arrival`, what it asks of the shared state is done in the same call as the admission."""

    def submit_lane(self, queue: str, job: Callable[[], Any], *, on_busy: Callable[[], Any],
                    who: str = "", on_over: Callable[[int], Any] | None = None) -> bool:
        """Run `job` on the workers of lane `queue` (ADMIN, REVIEWS), or `on_busy` when they are full (`on_over(n)`
        when `who` has as many jobs there as one user may)."""


Step = Callable[[Host, Request, Next], bool]


def claimed_on_admission(req: Request) -> bool:
    """Whether `back_pressure` claims the request's deliveries, with its admission, instead of `once`: a
    request for the answer workers that `admins_only` lets through whoever asks."""
    return bool(req.delivery) and req.queue == ANSWERS and not req.admin


def once(chat: Host, req: Request, nxt: Next) -> bool:
    if req.delivery and not claimed_on_admission(req) and not chat.first(*req.delivery):
        _repeat(req)
        return False
    return nxt()


def _repeat(req: Request) -> None:
    log.info("skipping a repeat of %s (%s)", req.what, ", ".join(req.delivery))


def admins_only(chat: Host, req: Request, nxt: Next) -> bool:
    if req.admin and (req.asker is None or not chat.is_admin(req.asker)):
        user = req.asker.user if req.asker else ""
        log.warning("refused %s (%d characters) from non-admin %s in %s", req.what, req.size, req.who,
                    req.asker.channel if req.asker else "")
        quietly(req.what, lambda: req.reply.notice(M.ADMIN_REFUSED.format(command=req.what, user_id=user)))
        return False
    return nxt()


def back_pressure(chat: Host, req: Request, nxt: Next) -> bool:
    if req.queue == INLINE:
        nxt()
        return True
    if req.queue != ANSWERS:
        return chat.submit_lane(req.queue, nxt, on_busy=lambda: req.reply.notice(M.BUSY), who=req.who,
                                on_over=lambda n: req.reply.notice(M.REVIEWS_PER_USER.format(n=n)))
    busy: list[bool] = []

    def on_busy() -> None:
        busy.append(True)
        req.reply.notice(M.BUSY)

    claim = req.delivery if claimed_on_admission(req) else ()
    if chat.submit(nxt, on_busy=on_busy, claim=claim, arrival=req.arrival):
        return True
    if claim and not busy:
        _repeat(req)
    return False


def audited(chat: Host, req: Request, nxt: Next) -> bool:
    if req.asker is None:
        return nxt()
    with caller(req.asker.surface, req.asker.user, req.asker.channel):
        return nxt()


def guarded(chat: Host, req: Request, nxt: Next) -> bool:
    guard(req.what, req.reply, nxt, req.apology)
    return True


STEPS: tuple[Step, ...] = (once, admins_only, back_pressure, audited, guarded)


def run(chat: Host, steps: Sequence[Step], req: Request, work: Callable[[], Any]) -> bool:
    """Pass `req` through `steps`, then do `work`; True when the request was taken."""
    def at(i: int) -> bool:
        if i == len(steps):
            work()
            return True
        return steps[i](chat, req, lambda: at(i + 1))

    return at(0)


def guard(what: str, reply: Reply, work: Callable[[], Any], apology: str = M.APOLOGY) -> None:
    """Run `work`; a `RulebotError` reaches the user as its own one-line message, anything else as an
    apology with a reference (`RB-…`, the traceback logged under it).  Never raises."""
    try:
        work()
    except RulebotError as e:
        said = str(e)
        log.info("%s: %s", what, said)
        quietly(what, lambda: reply.notice(said))
    except Exception:
        ref = new_ref()
        log.exception("%s failed [ref %s]", what, ref)
        quietly(what, lambda: reply.notice(apology.format(ref=ref, what=what)))


def quietly(what: str, deliver: Callable[[], Any]) -> None:
    """Tell the user something; a failure to tell is logged, never raised."""
    try:
        deliver()
    except Exception:
        log.exception("%s: could not tell the user", what)


@contextlib.contextmanager
def task(reply: Reply, key: str, title: str, *, done: str | Callable[[], str] = "") -> Iterator[None]:
    """Show a step of slow work on the reply (in progress, then complete or error); a surface that cannot
    stream ignores it, and a failure to show it never stops the work."""
    def show(status: str, details: str = "") -> None:
        try:
            reply.task(key, title, status, details)
        except Exception:
            log.debug("could not show task %s", key, exc_info=True)

    show("in_progress")
    try:
        yield
    except BaseException:
        show("error")
        raise
    show("complete", done() if callable(done) else done)
