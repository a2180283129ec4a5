"""Small in-memory state of the Teams bot: activities already answered, recent questions."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from typing import Callable


class Seen:
    """Remembers recent activity keys so a redelivered Activity is answered once.

    >>> s = Seen(); s.first("c|1"), s.first("c|1")
    (True, False)
    """

    def __init__(self, size: int = 5000, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        self._keys: OrderedDict[str, float] = OrderedDict()
        self._size, self._ttl, self._clock = size, ttl, clock

    def first(self, key: str) -> bool:
        now = self._clock()
        while self._keys and (len(self._keys) >= self._size or next(iter(self._keys.values())) < now - self._ttl):
            self._keys.popitem(last=False)
        if key in self._keys:
            return False
        self._keys[key] = now
        return True


class History:
    """Earlier questions per conversation, handed to the engine as context for follow-ups.

    A channel thread (conversation id with ``;messageid=``) is one topic, so its questions
    stay relevant for a while; in a chat only a question asked minutes ago is.
    """

    def __init__(self, keep: int = 3, thread_window: float = 1800.0, chat_window: float = 300.0,
                 clock: Callable[[], float] = time.monotonic):
        self._items: dict[str, deque[tuple[float, str]]] = {}
        self._keep, self._thread, self._chat, self._clock = keep, thread_window, chat_window, clock

    def get(self, conversation_id: str) -> tuple[str, ...]:
        window = self._thread if ";messageid=" in conversation_id else self._chat
        now = self._clock()
        return tuple(q for at, q in self._items.get(conversation_id, ()) if at >= now - window)

    def add(self, conversation_id: str, question: str) -> None:
        if len(self._items) > 10_000:
            self._items.clear()
        self._items.setdefault(conversation_id, deque(maxlen=self._keep)).append((self._clock(), question))
