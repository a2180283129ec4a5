"""Answer each Slack event once, even when Slack retries it.

Slack re-sends an event (with `X-Slack-Retry-Num`) when it thinks we did not
acknowledge it in time, and may deliver one message twice under different
events (a mention in a DM arrives as `app_mention` and as `message.im`).  We
remember every event id and every (channel, message ts) we have taken on, for
`ttl` seconds, and refuse the second claim.

>>> seen = Seen()
>>> seen.claim("Ev1", ("C1", "1.0"))
True
>>> seen.claim("Ev2", ("C1", "1.0"))  # same message, another event
False
>>> seen.claim("Ev1")
False
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable, Hashable


class Seen:
    """Thread-safe, bounded, expiring set of keys with an atomic check-and-add (`claim`)."""

    def __init__(self, *, ttl: float = 3600.0, max_keys: int = 50_000, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.max_keys = max_keys
        self._clock = clock
        self._keys: OrderedDict[Hashable, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, *keys: Hashable) -> bool:
        """True if none of `keys` was claimed before (and claim them all now); False otherwise.
        Empty keys ("" or None, or tuples containing them) are ignored."""
        keys = tuple(k for k in keys if _usable(k))
        now = self._clock()
        with self._lock:
            self._expire(now)
            if any(k in self._keys for k in keys):
                return False
            for k in keys:
                self._keys[k] = now
            while len(self._keys) > self.max_keys:
                self._keys.popitem(last=False)
            return True

    def __len__(self) -> int:
        return len(self._keys)

    def _expire(self, now: float) -> None:
        while self._keys:
            k, t = next(iter(self._keys.items()))
            if now - t < self.ttl:
                break
            self._keys.popitem(last=False)


def _usable(key: Hashable) -> bool:
    if key is None or key == "":
        return False
    if isinstance(key, tuple):
        return all(_usable(k) for k in key)
    return True
