"""The link to Redis that the chat state (bot/chat/state.py) and the feedback store (bot/admin/feedback.py)
share: a client with short timeouts and no retries, the outage tracker that makes them fall back at once
while Redis is down, and `Kept`, what one of them hands the other to write in its own round trip (a served answer,
kept for votes with the question's ticket release).  Its own module, so that neither package imports the other.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot.errors import RulebotError
from indexers.fetch import redact

log = logging.getLogger("rulebot.state")

Clock = Callable[[], float]
SOCKET_TIMEOUT = 0.5  # seconds; a Redis outage must never stall an answer
RETRY_AFTER = 1.0  # seconds between attempts to reach Redis while it is down (calls in between fall back at once)

BAD_URL = ("RULEBOT_REDIS_URL {url} is not a Redis URL ({detail}): use redis://[:password@]host:port/db, "
           "rediss://... for TLS, or leave it empty for in-process state.")


def connect(url: str):
    """A `redis.Redis` client for `url` with short timeouts and no retries (callers fall back instead of waiting).

    A malformed URL raises a one-line `RulebotError` (without the URL's password)."""
    parts = urlsplit(url)
    detail = ""
    if parts.scheme not in ("redis", "rediss", "unix"):
        detail = "it must start with redis://, rediss:// or unix://"
    elif parts.scheme != "unix" and parts.path.strip("/") and not parts.path.strip("/").isdigit():
        detail = "the database after the last / must be a number"
    if not detail:
        try:
            return redis.Redis.from_url(url, socket_connect_timeout=SOCKET_TIMEOUT, socket_timeout=SOCKET_TIMEOUT,
                                        retry=Retry(NoBackoff(), 0), decode_responses=True)
        except ValueError as e:
            detail = redact(str(e)).rstrip(".")
    raise RulebotError(BAD_URL.format(url=redact(url), detail=detail))


# what a Redis that answers but takes no writes says: out of memory under `noeviction`, a read-only replica, fewer
# replicas than `min-replicas-to-write`, a failing snapshot with `stop-writes-on-bgsave-error`
_WRITE_REFUSALS = ("OOM", "READONLY", "NOREPLICAS", "MISCONF")


def refuses_writes(exc: BaseException) -> bool:
    """Whether `exc` is Redis refusing a write while it answers (it cannot keep a claim), not Redis out of reach.

    >>> refuses_writes(redis.exceptions.OutOfMemoryError("command not allowed when used memory > 'maxmemory'."))
    True
    >>> refuses_writes(redis.ResponseError("NOREPLICAS Not enough good replicas to write.")), refuses_writes(OSError())
    (True, False)
    """
    return isinstance(exc, (redis.exceptions.OutOfMemoryError, redis.exceptions.ReadOnlyError)) or (
        isinstance(exc, redis.ResponseError) and str(exc).split(" ", 1)[0] in _WRITE_REFUSALS)


class Outage:
    """Tracks whether Redis at `url` is reachable and takes writes; logs ONE warning per outage and one line when
    it is back.

    While down, `due()` is True at most once per `retry_after` seconds, so calls in between fall back
    at once instead of each waiting for a connection.  `refusing`: it answers but refuses writes (full, read-only)."""

    def __init__(self, url: str, *, what: str, clock: Clock = time.monotonic, retry_after: float = RETRY_AFTER):
        self.where = f"Redis at {redact(url)}"
        self.what = what  # what is lost while it is down, for the log and /readyz
        self._clock, self._retry_after = clock, retry_after
        self._lock = threading.Lock()
        self.detail = ""  # "" while up
        self.refusing = False  # it answers but takes no writes (`refuses_writes`)
        self._next_try = 0.0

    def due(self) -> bool:
        with self._lock:
            if not self.detail:
                return True
            now = self._clock()
            if now < self._next_try:
                return False
            self._next_try = now + self._retry_after
            return True

    def failed(self, exc: BaseException) -> None:
        detail = redact(" ".join(str(exc).split()).rstrip(".") or type(exc).__name__)
        with self._lock:
            first = not self.detail
            self.detail = detail
            self.refusing = refuses_writes(exc)
            self._next_try = self._clock() + self._retry_after
        if first:
            log.warning("%s until it %s.", self.health(), "takes writes again" if self.refusing else "returns")

    def ok(self) -> None:
        with self._lock:
            was_down, self.detail, self.refusing = bool(self.detail), "", False
        if was_down:
            log.warning("%s is back.", self.where)

    def health(self) -> str:
        """"" while up; else one line: where, what went wrong, what is lost meanwhile."""
        detail = self.detail
        if not detail:
            return ""
        return f"{self.where} {'refuses writes' if self.refusing else 'unreachable'}: {detail}; {self.what}"


# under the prefix, the count of verifications made (`bot.admin.verified`: each adds one), which is the verified
# answers' version: a question's arrival reads it (`bot.chat.state`), so the list is read again only when it changed
VERIFIED_COUNT = "feedback:verified:next_id"

REDIS_ERRORS = (redis.RedisError, OSError)  # what an outage looks like (connection refused, timeout, loading...)


@dataclass(frozen=True)
class Kept:
    """A value for Redis to keep under `key` for `ttl` seconds, made by one store for another to write in the same
    round trip as its own (`bot.admin.feedback.RedisFeedback.entry`: a served answer, which `RedisState.finish` writes
    with the question's ticket release)."""

    key: str
    text: str
    ttl: int

    def __repr__(self) -> str:
        return f"Kept({self.key!r}, {len(self.text)} characters, ttl={self.ttl})"
