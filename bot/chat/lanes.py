"""A lane shared fairly between users: the reviews of files shared in chat.

One user's files must not hold the lane while another user waits (eight stalling files from one user made
another user's review wait 89 s on the one review thread).  So:

- at most `max_pending` jobs wait or run (then "busy"), and at most `per_user` of them are one user's (then that
  user is told so; their earlier jobs go on);
- a job taken starts on a thread of its own but works only while it holds one of `turns` turns; a turn that
  comes free goes to the waiting user who had one longest ago (or never), not to the job that came first;
- between pieces of its work (a review's next file) a job calls `pass_turn`: when another user waits, the turn
  is theirs and the job queues again behind them.  Another user then waits for at most one piece of work.

>>> lane = FairLane(1, max_pending=4, per_user=1, name="doc")
>>> lane.submit(lambda: None, who="slack:U1"), lane.wait_idle(5)
(True, True)
>>> lane.shutdown()
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

log = logging.getLogger("rulebot.chat")


class FairLane:
    """Jobs of many users on `turns` turns at once, each user's in rotation (see the module docstring)."""

    def __init__(self, turns: int = 1, *, max_pending: int = 20, per_user: int = 2, name: str = "rulebot-lane"):
        self.turns, self.max_pending, self.per_user = max(1, turns), max(1, max_pending), max(1, per_user)
        self._pool = ThreadPoolExecutor(max_workers=self.max_pending, thread_name_prefix=name)
        self._cond = threading.Condition()
        self._free = self.turns
        self._waiting: dict[str, deque[int]] = {}  # user -> their tickets waiting for a turn, in order
        self._granted: set[int] = set()
        self._tickets = itertools.count()
        self._held: Counter[str] = Counter()  # user -> jobs waiting or running
        self._served: dict[str, int] = {}  # user -> when they last had a turn (a count): the longest unserved goes next
        self._turn_count = itertools.count()
        self._closed = False
        self._mine = threading.local()  # the user whose job this thread runs

    # ---------------------------------------------------------------- jobs

    def submit(self, fn: Callable[[], Any], *, who: str = "", on_cancel: Callable[[], Any] | None = None) -> bool:
        """Take `fn`, `who`'s job; False when the lane is full or `who` holds `per_user` jobs already (`held` says
        which).  `on_cancel` runs instead of `fn` when a shutdown comes before it had a turn."""
        with self._cond:
            if self._closed or sum(self._held.values()) >= self.max_pending or self._held[who] >= self.per_user:
                return False
            self._held[who] += 1

        def run() -> None:
            self._mine.who, self._mine.worked = who, False
            try:
                if not self._take(who):
                    if on_cancel is not None:
                        on_cancel()
                    return
                try:
                    fn()
                finally:
                    self._give()
            except Exception:  # jobs guard themselves; this is the last line of defence
                log.exception("unguarded job failed")
            finally:
                self._mine.who = None
                with self._cond:
                    self._held[who] -= 1
                    if not self._held[who]:
                        del self._held[who]
                        self._served.pop(who, None)
                    self._cond.notify_all()

        try:
            self._pool.submit(run)
        except RuntimeError:  # shut down meanwhile
            with self._cond:
                self._held[who] -= 1
                if not self._held[who]:
                    del self._held[who]
            return False
        return True

    def held(self, who: str) -> int:
        """How many of `who`'s jobs wait or run."""
        with self._cond:
            return self._held[who]

    @property
    def pending(self) -> int:
        with self._cond:
            return sum(self._held.values())

    def pass_turn(self) -> None:
        """Called by a job before each piece of its work (a review's file): when it has done a piece in this turn
        and another user's job waits for one, give it this turn and wait for the next.  Nothing (at once) when none
        waits, before the job's first piece in a turn, or outside a job of this lane."""
        who = getattr(self._mine, "who", None)
        if who is None:
            return
        worked, self._mine.worked = self._mine.worked, True
        if not worked:
            return
        with self._cond:
            if not any(w != who for w in self._waiting):
                return
        self._give()
        self._take(who)

    def wait_idle(self, timeout: float | None = None) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._held, timeout)

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking jobs; with `wait`, let those taken run; without, cancel those that never had a turn (their
        `on_cancel` runs) and let every other go on at once."""
        with self._cond:
            if not wait:
                self._closed = True
                self._cond.notify_all()
        self._pool.shutdown(wait=wait)
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    # ---------------------------------------------------------------- turns

    def _take(self, who: str) -> bool:
        """Wait for a turn, users in rotation; False when the lane closed meanwhile (then no turn is held)."""
        with self._cond:
            if self._free and not self._waiting:
                self._free -= 1
                self._served[who] = next(self._turn_count)
                return True
            ticket = next(self._tickets)
            self._waiting.setdefault(who, deque()).append(ticket)
            self._cond.wait_for(lambda: ticket in self._granted or self._closed)
            if ticket in self._granted:
                self._granted.discard(ticket)
                return True
            queue = self._waiting.get(who)
            if queue is not None and ticket in queue:
                queue.remove(ticket)
                if not queue:
                    del self._waiting[who]
            return False

    def _give(self) -> None:
        """Hand this turn to the waiting user who had one longest ago (or never: the first of those to come), or
        free it."""
        with self._cond:
            if not self._waiting:
                self._free += 1
                return
            user = min(self._waiting, key=lambda u: self._served.get(u, -1))
            queue = self._waiting[user]
            self._granted.add(queue.popleft())
            if not queue:
                del self._waiting[user]
            self._served[user] = next(self._turn_count)
            self._cond.notify_all()
