"""Thread context: a follow-up in a thread is read with the thread's earlier questions.

Two sources, in this order:

1. `ThreadMemory`: the questions this process has answered in each thread;
2. the thread itself (`conversations.replies`), for threads the bot has not
   seen since it started: `history_from_replies` keeps the human messages
   before the follow-up, without the bot's own answers.

>>> mem = ThreadMemory()
>>> mem.remember("C1", "1.0", "Who bears the burden?")
>>> mem.earlier("C1", "1.0")
('Who bears the burden?',)
>>> history_from_replies([{"ts": "1.0", "user": "U1", "text": "<@UBOT> Who bears the burden?"},
...                       {"ts": "1.1", "user": "UBOT", "bot_id": "B1", "text": "The party asserting..."},
...                       {"ts": "1.2", "user": "U1", "text": "<@UBOT> what about under seal?"}],
...                      bot_user="UBOT", before_ts="1.2")
('Who bears the burden?',)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Iterable, Mapping

from bot.slack.inbound import clean_text

MAX_HISTORY = 3  # earlier questions passed to the engine


class ThreadMemory:
    """Bounded map (channel, thread_ts) -> questions asked there, oldest first."""

    def __init__(self, *, max_threads: int = 5000, per_thread: int = MAX_HISTORY):
        self.max_threads = max_threads
        self.per_thread = per_thread
        self._threads: OrderedDict[tuple[str, str], list[str]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, channel: str, thread_ts: str, question: str) -> None:
        if not (channel and thread_ts and question):
            return
        with self._lock:
            qs = self._threads.pop((channel, thread_ts), [])
            qs.append(question)
            self._threads[(channel, thread_ts)] = qs[-self.per_thread:]
            while len(self._threads) > self.max_threads:
                self._threads.popitem(last=False)

    def earlier(self, channel: str, thread_ts: str) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._threads.get((channel, thread_ts), ()))


def history_from_replies(messages: Iterable[Mapping[str, Any]], *, bot_user: str, before_ts: str,
                         limit: int = MAX_HISTORY) -> tuple[str, ...]:
    """The human questions of a thread that come before `before_ts` (at most `limit`, oldest first)."""
    out: list[str] = []
    for m in messages:
        if _ts(m.get("ts")) >= _ts(before_ts):
            continue
        if m.get("bot_id") or m.get("subtype") or not m.get("user") or m.get("user") == bot_user:
            continue
        text = clean_text(str(m.get("text", "")), bot_user=bot_user)
        if text:
            out.append(text)
    return tuple(out[-limit:])


def _ts(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
