"""Bounded work for the chat service: a thread pool that says "full" instead of queueing without
limit, a small answer cache, and a throttle for progress updates.

>>> w = Workers(1, max_pending=1, name="doc"); w.submit(lambda: None); w.wait_idle(5); w.shutdown()
True
True
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Generic, TypeVar

log = logging.getLogger("rulebot.chat")
T = TypeVar("T")


class Workers:
    """A bounded thread pool: `max_workers` threads, at most `max_pending` jobs queued or running.
    `submit` returns False (instead of queueing without limit) when full."""

    def __init__(self, max_workers: int = 4, *, max_pending: int = 200, name: str = "rulebot-chat"):
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=name)
        self._slots = threading.BoundedSemaphore(max_pending)
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()

    def submit(self, fn: Callable[[], Any], *, on_cancel: Callable[[], Any] | None = None) -> bool:
        """Queue `fn`; False when full (or shut down).  `on_cancel` runs instead of `fn` when a shutdown
        cancels it before it started (so that what `fn` would have released is released)."""
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

        def cancelled(future: Any) -> None:
            if not future.cancelled():
                return
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()
            self._slots.release()
            if on_cancel is not None:
                try:
                    on_cancel()
                except Exception:
                    log.exception("a cancelled job's clean-up failed")

        try:
            self._pool.submit(run).add_done_callback(cancelled)
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


class AnswerCache(Generic[T]):
    """The last `size` answers served, by key, for "Show more" and "Share in channel"."""

    def __init__(self, size: int = 2000):
        self.size = size
        self._items: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, answer: T) -> None:
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, key: str) -> T | None:
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
