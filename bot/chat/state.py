"""The chat service's shared state: retries seen, thread memory, pending questions, admin job, channel bindings,
files waiting for the user (a Teams draft's Word file until its consent card is answered).

One interface (`StateStore`), two implementations:

- `MemoryState`: in this process (one `rulebot serve`);
- `RedisState`: in Redis, shared by every replica behind a load balancer.  If Redis
  goes away, answering carries on without it (see `RedisState`) and resumes sharing
  when it returns.

`state_from_settings(settings)` picks one: Redis when `settings.redis_url` is set.  With
``audit_hash_questions`` no question text is written to Redis: a thread's questions and a user's
last questions stay in the replica's memory (`RedisState(keep_text=False)`).

>>> now = [0.0]
>>> st = MemoryState(clock=lambda: now[0])
>>> st.claim("event:Ev1", "msg:C1/1.0", ttl=60), st.claim("event:Ev2", "msg:C1/1.0", ttl=60)
(True, False)
>>> st.remember("C1/1.0", "Who bears the burden?", window=1800)
>>> st.earlier("C1/1.0")
('Who bears the burden?',)
>>> now[0] = 1800.0; st.earlier("C1/1.0")
()
>>> ticket = st.admit(1); st.admit(1) is None
True
>>> st.release(ticket); st.pending()
0
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Protocol, Sequence

from bot.edges.redis_link import REDIS_ERRORS, RETRY_AFTER, VERIFIED_COUNT, Clock, Kept, Outage, connect
from indexers.fetch import redact

log = logging.getLogger("rulebot.state")


@dataclass(frozen=True)
class HeldFile:
    """A file kept for a user until they take it (`StateStore.put_file`)."""

    name: str
    data: bytes

    def __repr__(self) -> str:
        return f"HeldFile({self.name!r}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class Memory:
    """A question to append to one list of recent questions (`StateStore.remember`'s arguments)."""

    thread: str
    question: str
    window: float
    keep: int = 3


@dataclass(frozen=True)
class Recalled:
    """What `StateStore.remember_all` read: each list's questions from before, each binding asked for."""

    earlier: Mapping[str, tuple[str, ...]]
    bindings: Mapping[str, dict | None]


@dataclass(frozen=True)
class Admission:
    """What `StateStore.arrive` decided: a repeat (not `first`), busy (no `ticket`), or admitted, with what it
    `recalled` for the work (as `remember_all` reads it; nothing unless admitted)."""

    first: bool
    ticket: str | None = None
    recalled: Recalled = field(default_factory=lambda: Recalled({}, {}))
    verified: int | None = None  # the verified answers' version it read (Redis: how many were made); None: not read


class StateStore(Protocol):
    def claim(self, *keys: str, ttl: float) -> bool:
        """True when none of `keys` was claimed in the last `ttl` seconds, and claims them all, atomically
        (across replicas with Redis: one Lua script). Empty keys are ignored; no keys -> True."""

    def remember(self, thread: str, question: str, *, window: float, keep: int = 3) -> None:
        """Append a question to a thread's memory (at most `keep`, oldest dropped); the thread expires `window` s
        after its last question."""

    def earlier(self, thread: str) -> tuple[str, ...]:
        """The thread's remembered questions, oldest first ((), when expired or unknown)."""

    def remember_all(self, memories: Sequence[Memory], *, bindings: Sequence[str] = ()) -> Recalled:
        """`remember` each of `memories`, and read what a question needs: each list as `earlier` gave it just
        before, and each of `bindings` as `binding` gives it.  Redis: one round trip (a MULTI/EXEC pipeline)."""

    def admit(self, limit: int, *, lease: float = 300.0) -> str | None:
        """A ticket when fewer than `limit` questions are pending across all replicas (the ticket counts as pending
        until released or until `lease` seconds pass, so a crashed replica cannot leak slots), else None. Redis: a
        sorted set of tickets scored by expiry, pruned and counted in one Lua script."""

    def arrive(self, *keys: str, ttl: float, limit: int, lease: float = 300.0, memories: Sequence[Memory] = (),
               bindings: Sequence[str] = ()) -> Admission:
        """A question's arrival in one call (Redis: one Lua script, one round trip): `claim(*keys)`; when that was
        the first time, `admit(limit)`; when admitted, `remember_all(memories, bindings=bindings)`, its reads in the
        admission's `recalled`.  A claim made stays made when there is no room; nothing is remembered then."""

    def release(self, ticket: str) -> None: ...

    def finish(self, ticket: str, *, kept: Kept | None = None, memories: Sequence[Memory] = ()) -> bool:
        """`release(ticket)`, keep `kept`, and `remember` each of `memories` (where an answer was shown: Teams' message
        id -> its key), in the same call (Redis: one round trip, on the server this state uses); True when `kept` was
        kept.  Only a Redis state keeps `kept` (`MemoryState`: False; the caller keeps it another way:
        `FeedbackSink.remember`); `memories` are remembered as `remember` does, whatever becomes of `kept`."""

    def pending(self) -> int: ...

    def put_job(self, job: Mapping[str, Any]) -> None:
        """Store the latest admin job's status/progress (JSON-able dict) so any replica can show it."""

    def job(self) -> dict | None: ...

    def put_binding(self, channel: str, binding: Mapping[str, str] | None) -> None:
        """Per-channel settings (None clears them)."""

    def binding(self, channel: str) -> dict | None: ...

    def put_file(self, key: str, file: HeldFile, *, ttl: float) -> None:
        """Keep `file` under `key` for `ttl` seconds, for whichever replica the user's answer reaches."""

    def file(self, key: str) -> HeldFile | None:
        """The file kept under `key` (None when expired, dropped or unknown)."""

    def drop_file(self, key: str) -> None: ...

    def health(self) -> str:
        """"" when working; else a one-line detail for /readyz ("Redis at redis://127.0.0.1:6380/0 unreachable: ...;
        de-duplicating in this replica only, ...")."""

    def readiness(self) -> tuple[bool, str]:
        """(ready, `health()`): not ready while the shared state answers but refuses writes (out of memory, read-only):
        a retry landing on another replica would be answered twice there; ready (degraded) while it is out of reach."""

    def close(self) -> None: ...


# --- in this process ------------------------------------------------------------------------------


class MemoryState:
    """`StateStore` in this process: thread-safe, bounded (oldest entries dropped first), `clock` injectable."""

    def __init__(self, *, clock: Clock = time.monotonic, max_keys: int = 50_000, max_threads: int = 5_000,
                 max_bindings: int = 10_000, max_files: int = 200):
        self._clock = clock
        self._max_keys, self._max_threads, self._max_bindings = max_keys, max_threads, max_bindings
        self._max_files = max_files
        self._lock = threading.Lock()
        self._claims: OrderedDict[str, float] = OrderedDict()  # key -> expires at
        self._threads: OrderedDict[str, tuple[float, tuple[str, ...]]] = OrderedDict()  # -> (expires at, questions)
        self._tickets: dict[str, float] = {}  # ticket -> expires at
        self._job: dict | None = None
        self._bindings: OrderedDict[str, dict] = OrderedDict()
        self._files: OrderedDict[str, tuple[float, HeldFile]] = OrderedDict()  # key -> (expires at, file)

    def __repr__(self) -> str:
        return f"MemoryState(claims={len(self._claims)}, threads={len(self._threads)}, pending={len(self._tickets)})"

    def claim(self, *keys: str, ttl: float) -> bool:
        keys = tuple(k for k in keys if k)
        with self._lock:
            now = self._clock()
            while self._claims and next(iter(self._claims.values())) <= now:  # oldest first (ttls are alike)
                self._claims.popitem(last=False)
            if any(self._claims.get(k, now) > now for k in keys):
                return False
            for k in keys:
                self._claims.pop(k, None)
                self._claims[k] = now + ttl
            while len(self._claims) > self._max_keys:
                self._claims.popitem(last=False)
            return True

    def remember(self, thread: str, question: str, *, window: float, keep: int = 3) -> None:
        if not (thread and question):
            return
        with self._lock:
            now = self._clock()
            expires, questions = self._threads.pop(thread, (now, ()))
            if expires <= now:
                questions = ()
            self._threads[thread] = (now + window, (*questions, question)[-keep:] if keep > 0 else ())
            while len(self._threads) > self._max_threads:
                self._threads.popitem(last=False)

    def earlier(self, thread: str) -> tuple[str, ...]:
        with self._lock:
            expires, questions = self._threads.get(thread, (0.0, ()))
            if expires <= self._clock():
                self._threads.pop(thread, None)
                return ()
            return questions

    def remember_all(self, memories: Sequence[Memory], *, bindings: Sequence[str] = ()) -> Recalled:
        earlier = {}
        for m in (m for m in memories if m.thread):
            earlier[m.thread] = self.earlier(m.thread)
            self.remember(m.thread, m.question, window=m.window, keep=m.keep)
        return Recalled(earlier, {b: self.binding(b) for b in bindings})

    def admit(self, limit: int, *, lease: float = 300.0) -> str | None:
        with self._lock:
            now = self._prune_tickets()
            if len(self._tickets) >= limit:
                return None
            ticket = uuid.uuid4().hex
            self._tickets[ticket] = now + lease
            return ticket

    def arrive(self, *keys: str, ttl: float, limit: int, lease: float = 300.0, memories: Sequence[Memory] = (),
               bindings: Sequence[str] = ()) -> Admission:
        if not self.claim(*keys, ttl=ttl):
            return Admission(False)
        ticket = self.admit(limit, lease=lease)
        if ticket is None:
            return Admission(True)
        return Admission(True, ticket, self.remember_all(memories, bindings=bindings))

    def release(self, ticket: str) -> None:
        with self._lock:
            self._tickets.pop(ticket, None)

    def finish(self, ticket: str, *, kept: Kept | None = None, memories: Sequence[Memory] = ()) -> bool:
        self.release(ticket)
        for m in memories:
            self.remember(m.thread, m.question, window=m.window, keep=m.keep)
        return False

    def pending(self) -> int:
        with self._lock:
            self._prune_tickets()
            return len(self._tickets)

    def _prune_tickets(self) -> float:
        now = self._clock()
        for t in [t for t, expires in self._tickets.items() if expires <= now]:
            del self._tickets[t]
        return now

    def put_job(self, job: Mapping[str, Any]) -> None:
        copy = json.loads(json.dumps(dict(job)))  # what Redis would give back: no shared mutable parts
        with self._lock:
            self._job = copy

    def job(self) -> dict | None:
        with self._lock:
            return None if self._job is None else json.loads(json.dumps(self._job))

    def put_binding(self, channel: str, binding: Mapping[str, str] | None) -> None:
        with self._lock:
            self._bindings.pop(channel, None)
            if binding is not None:
                self._bindings[channel] = dict(binding)
                while len(self._bindings) > self._max_bindings:
                    self._bindings.popitem(last=False)

    def binding(self, channel: str) -> dict | None:
        with self._lock:
            found = self._bindings.get(channel)
            return None if found is None else dict(found)

    def put_file(self, key: str, file: HeldFile, *, ttl: float) -> None:
        with self._lock:
            self._files.pop(key, None)
            self._files[key] = (self._clock() + ttl, file)
            while len(self._files) > self._max_files:  # the oldest go first
                self._files.popitem(last=False)

    def file(self, key: str) -> HeldFile | None:
        with self._lock:
            expires, found = self._files.get(key, (0.0, None))
            if found is not None and expires <= self._clock():
                del self._files[key]
                return None
            return found

    def drop_file(self, key: str) -> None:
        with self._lock:
            self._files.pop(key, None)

    def health(self) -> str:
        return ""

    def readiness(self) -> tuple[bool, str]:
        return True, ""

    def close(self) -> None:
        pass


# --- in Redis -------------------------------------------------------------------------------------

# KEYS[1] in the scripts that admit: the sorted set of tickets scored by expiry (server ms), pruned first.
# The server's clock scores every ticket, so replicas' clocks need not agree.
_NOW = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
"""

# KEYS[{first}] to KEYS[{last}]: the keys to claim; ARGV[1]: ttl in ms.  All or nothing: {repeat} when any was
# claimed before.
_CLAIMS = """
for i = {first}, {last} do
  if redis.call('EXISTS', KEYS[i]) == 1 then return {repeat} end
end
for i = {first}, {last} do
  redis.call('SET', KEYS[i], '1', 'PX', ARGV[1])
end
"""

# ARGV[{a}], ARGV[{a} + 1], ARGV[{a} + 2]: limit, lease ms, ticket.  {busy} when the limit is reached.
_ADMITS = """
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[{a}]) then return {busy} end
local lease = tonumber(ARGV[{a} + 1])
redis.call('ZADD', KEYS[1], now + lease, ARGV[{a} + 2])
if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
"""

# After the claims and the admission: KEYS[c + 1 + j] the j-th of m lists, KEYS[c + m + 2] the bindings hash,
# KEYS[c + m + 3] the count of verifications; ARGV[7..]: each list's question ('' to read it only), how many to keep,
# window ms, then the bindings to read.  After a 2 (admitted), the count of verifications (the verified answers'
# version), each list as it was before, then each binding (nil when unbound).
_RECALLS = """
local out = {2, redis.call('GET', KEYS[c + m + 3]) or '0'}
for j = 1, m do
  local key, at = KEYS[c + 1 + j], 7 + 3 * (j - 1)
  out[#out + 1] = redis.call('LRANGE', key, 0, -1)
  if ARGV[at] ~= '' then
    redis.call('RPUSH', key, ARGV[at])
    redis.call('LTRIM', key, -tonumber(ARGV[at + 1]), -1)
    redis.call('PEXPIRE', key, ARGV[at + 2])
  end
end
for i = 7 + 3 * m, #ARGV do
  out[#out + 1] = redis.call('HGET', KEYS[c + m + 2], ARGV[i])
end
return out
"""

_CLAIM = _CLAIMS.format(first=1, last="#KEYS", repeat=0) + "return 1"  # KEYS: the keys; ARGV: ttl
_ADMIT = _NOW + _ADMITS.format(a=1, busy=0) + "return 1"  # KEYS: the tickets; ARGV: limit, lease, ticket
_PENDING = _NOW + "return redis.call('ZCARD', KEYS[1])"  # how many tickets have not expired
# KEYS: the tickets, the c keys to claim, the m lists, the bindings hash, the count of verifications; ARGV: ttl, limit, lease, ticket, c, m, then
# as `_RECALLS`.  {0}: a repeat (nothing changes); {1}: claimed, but no room; {2, ...}: claimed, admitted, recalled
_ARRIVE = (_NOW + "local c, m = tonumber(ARGV[5]), tonumber(ARGV[6])\n" +
           _CLAIMS.format(first=2, last="c + 1", repeat="{0}") + _ADMITS.format(a=2, busy="{1}") + _RECALLS)

_DEGRADED = ("de-duplicating in this replica only, no thread memory, back-pressure per replica, a Teams draft's Word "
             "file only on the replica that made it")


class RedisState:
    """`StateStore` in Redis under `prefix`, shared by every replica that uses the same URL.

    Redis down never breaks answering: each call that cannot reach it falls back (`claim` -> this replica's own
    claims, so a retry reaching this replica again is still answered once; `earlier` -> (); `remember`/`put_*` ->
    nothing; `job`/`binding` -> None; `admit` -> an in-process counter, so back-pressure still holds per replica),
    ONE warning is logged per outage, `health()` says so, and it is used again within `retry_after` seconds of its
    return (at once after `health()`).  Every claim is also made in this replica's memory, whatever Redis does with
    it: a claim Redis took before it failed is still known here, and one made here while it was failing is never
    asked of Redis again.  A Redis that answers but refuses writes (out of memory under `noeviction`, a read-only
    replica) counts as failing until a write is taken again, and `readiness()` says not ready.
    `clock` drives the in-process fallback and the retry pacing; lease and claim expiry use the Redis server's clock.

    Without `keep_text`, question text never reaches Redis: `remember`/`earlier` use this replica's memory
    (a follow-up that lands on another replica reads the thread from Slack or Teams instead)."""

    def __init__(self, url: str, *, prefix: str = "rulebot:", clock: Clock = time.monotonic,
                 retry_after: float = RETRY_AFTER, keep_text: bool = True):
        self._url, self._prefix = url, prefix
        self._keep_text = keep_text
        self._r = connect(url)
        self._claim = self._r.register_script(_CLAIM)
        self._admit = self._r.register_script(_ADMIT)
        self._arrive = self._r.register_script(_ARRIVE)
        self._pending = self._r.register_script(_PENDING)
        self._local = MemoryState(clock=clock)  # admit/release while Redis is down
        self._outage = Outage(url, what=_DEGRADED, clock=clock, retry_after=retry_after)
        if not keep_text:
            self._try(self._forget_threads, lambda: None)

    def _forget_threads(self) -> None:
        """Delete the threads' remembered questions an earlier run kept under `keep_text` (plain text, up to a
        user's 30-day window): with it off, no question text stays in Redis."""
        with self._r.pipeline(transaction=False) as p:  # one round trip for the deletes, not one per thread
            for key in self._r.scan_iter(match=self._key("thread", "*"), count=1000):
                p.unlink(key)
            p.execute()

    def __repr__(self) -> str:
        return f"RedisState({redact(self._url)!r}, prefix={self._prefix!r})"

    def _try(self, call: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        if not self._outage.due():
            return fallback()
        try:
            result = call()
        except REDIS_ERRORS as e:
            self._outage.failed(e)
            return fallback()
        if self._outage.refusing:  # a call that worked is no sign that writes are taken again (a read, a script)
            self._write_probe()
        else:
            self._outage.ok()
        return result

    def _write_probe(self) -> None:
        """Whether Redis takes a plain write now (a short-lived key): ok, or failing (read-only, out of memory)."""
        try:
            self._r.set(self._key("health"), "1", px=10_000)
        except REDIS_ERRORS as e:
            self._outage.failed(e)
        else:
            self._outage.ok()

    def _key(self, kind: str, name: str = "") -> str:
        return f"{self._prefix}{kind}:{name}" if name else f"{self._prefix}{kind}"

    def claim(self, *keys: str, ttl: float) -> bool:
        names = [self._key("claim", k) for k in keys if k]
        if not names:
            return True
        # claimed in this replica's memory first: a retry that reaches it again is not answered twice, whether Redis
        # took the first claim (then failed) or could not take it (down, read-only, out of memory)
        if not self._local.claim(*keys, ttl=ttl):
            return False
        return self._try(lambda: bool(self._claim(keys=names, args=[_ms(ttl)])), lambda: True)

    def remember(self, thread: str, question: str, *, window: float, keep: int = 3) -> None:
        if not (thread and question):
            return
        if not self._keep_text:
            self._local.remember(thread, question, window=window, keep=keep)
            return
        key = self._key("thread", thread)

        def call() -> None:
            with self._r.pipeline(transaction=True) as p:
                p.rpush(key, question).ltrim(key, -keep, -1).pexpire(key, _ms(window)).execute()

        self._try(call, lambda: None)

    def earlier(self, thread: str) -> tuple[str, ...]:
        if not thread:
            return ()
        if not self._keep_text:
            return self._local.earlier(thread)
        return self._try(lambda: tuple(self._r.lrange(self._key("thread", thread), 0, -1)), lambda: ())

    def remember_all(self, memories: Sequence[Memory], *, bindings: Sequence[str] = ()) -> Recalled:
        memories = [m for m in memories if m.thread]
        local = self._local.remember_all(memories) if not self._keep_text else Recalled({}, {})
        shared = memories if self._keep_text else []  # without `keep_text`, only the bindings are read from Redis

        def call() -> Recalled:
            with self._r.pipeline(transaction=True) as p:
                reads = []  # where each list's LRANGE answer is
                for m in shared:
                    key = self._key("thread", m.thread)
                    reads.append(len(p))
                    p.lrange(key, 0, -1)
                    if m.question:
                        p.rpush(key, m.question).ltrim(key, -m.keep, -1).pexpire(key, _ms(m.window))
                for b in bindings:
                    p.hget(self._key("bindings"), b)
                got = p.execute()
            found = got[len(got) - len(bindings):]
            return Recalled({m.thread: tuple(got[i]) for m, i in zip(shared, reads)},
                            {b: _binding(text) for b, text in zip(bindings, found)})

        def fallback() -> Recalled:
            return Recalled({m.thread: () for m in shared}, {b: None for b in bindings})

        got = self._try(call, fallback) if shared or bindings else fallback()
        return Recalled({**local.earlier, **got.earlier}, got.bindings)

    def admit(self, limit: int, *, lease: float = 300.0) -> str | None:
        def call() -> str | None:
            ticket = uuid.uuid4().hex
            room = limit - self._local.pending()  # tickets handed out during an outage still count here
            if room <= 0 or not self._admit(keys=[self._key("pending")], args=[room, _ms(lease), ticket]):
                return None
            return ticket

        return self._try(call, lambda: self._admit_here(limit, lease))

    def _admit_here(self, limit: int, lease: float) -> str | None:
        """A ticket from this replica's own count (while Redis is down)."""
        ticket = self._local.admit(limit, lease=lease)
        return None if ticket is None else f"local-{ticket}"

    def arrive(self, *keys: str, ttl: float, limit: int, lease: float = 300.0, memories: Sequence[Memory] = (),
               bindings: Sequence[str] = ()) -> Admission:
        names = [self._key("claim", k) for k in keys if k]
        if names and not self._local.claim(*keys, ttl=ttl):  # seen by this replica (see `claim`): no round trip
            return Admission(False)
        memories = [m for m in memories if m.thread]
        shared = memories if self._keep_text else []  # without `keep_text`, only the bindings are read from Redis

        def call() -> Admission:
            ticket = uuid.uuid4().hex
            room = limit - self._local.pending()  # tickets handed out during an outage still count here
            args: list[Any] = [_ms(ttl), room, _ms(lease), ticket, len(names), len(shared)]
            for m in shared:
                args += [m.question, m.keep, _ms(m.window)]
            got = self._arrive(keys=[self._key("pending"), *names, *(self._key("thread", m.thread) for m in shared),
                                     self._key("bindings"), self._key(VERIFIED_COUNT)], args=[*args, *bindings])
            if int(got[0]) < 2:
                return Admission(int(got[0]) == 1)
            lists, found = got[2:2 + len(shared)], got[2 + len(shared):]
            return Admission(True, ticket, Recalled({m.thread: tuple(q) for m, q in zip(shared, lists)},
                                                    {b: _binding(text) for b, text in zip(bindings, found)}),
                             verified=int(got[1]))

        def fallback() -> Admission:  # as `claim`, `admit` and `remember_all` fall back: in this replica, or nothing
            ticket = self._local.admit(limit, lease=lease)  # (claimed here above)
            if ticket is None:
                return Admission(True)
            return Admission(True, f"local-{ticket}", Recalled({m.thread: () for m in shared},
                                                               {b: None for b in bindings}))

        got = self._try(call, fallback)
        if got.ticket is None or self._keep_text or not memories:
            return got
        here = self._local.remember_all(memories)  # question text stays in this replica
        return replace(got, recalled=Recalled({**got.recalled.earlier, **here.earlier}, got.recalled.bindings))

    def release(self, ticket: str) -> None:
        self.finish(ticket)

    def finish(self, ticket: str, *, kept: Kept | None = None, memories: Sequence[Memory] = ()) -> bool:
        """Not a transaction: a server that refuses `kept` (out of memory) still takes the release; while Redis is
        down, a ticket it gave is left to its lease and `memories` are lost, as `remember`'s are.  Without
        `keep_text`, `memories` stay in this replica, as `remember`'s do.  Raises nothing (False: not kept)."""
        memories = [m for m in memories if m.thread and m.question]
        if not self._keep_text:
            for m in memories:
                self._local.remember(m.thread, m.question, window=m.window, keep=m.keep)
        listed = memories if self._keep_text else []
        shared = not ticket.startswith("local-")
        if not shared:
            self._local.release(ticket.removeprefix("local-"))
            if kept is None and not listed:
                return False

        def call() -> bool:
            with self._r.pipeline(transaction=False) as p:
                if shared:
                    p.zrem(self._key("pending"), ticket)
                if kept is not None:
                    p.set(kept.key, kept.text, ex=kept.ttl)
                for m in listed:
                    key = self._key("thread", m.thread)
                    p.rpush(key, m.question).ltrim(key, -m.keep, -1).pexpire(key, _ms(m.window))
                done = p.execute(raise_on_error=False)
            for result in done:
                if isinstance(result, Exception):
                    raise result
            return kept is not None

        return self._try(call, lambda: False)

    def pending(self) -> int:
        local = self._local.pending()
        return local + self._try(lambda: int(self._pending(keys=[self._key("pending")])), lambda: 0)

    def put_job(self, job: Mapping[str, Any]) -> None:
        text = json.dumps(dict(job))
        self._try(lambda: self._r.set(self._key("job"), text), lambda: None)

    def job(self) -> dict | None:
        text = self._try(lambda: self._r.get(self._key("job")), lambda: None)
        return None if text is None else json.loads(text)

    def put_binding(self, channel: str, binding: Mapping[str, str] | None) -> None:
        key = self._key("bindings")
        if binding is None:
            self._try(lambda: self._r.hdel(key, channel), lambda: None)
        else:
            text = json.dumps(dict(binding))
            self._try(lambda: self._r.hset(key, channel, text), lambda: None)

    def binding(self, channel: str) -> dict | None:
        return _binding(self._try(lambda: self._r.hget(self._key("bindings"), channel), lambda: None))

    # a file is kept in Redis as JSON, its bytes in base64 (the client decodes replies as text); without
    # `keep_text` (a draft holds the user's facts) and while Redis is down, in this replica's memory

    def put_file(self, key: str, file: HeldFile, *, ttl: float) -> None:
        if not self._keep_text:
            self._local.put_file(key, file, ttl=ttl)
            return
        text = json.dumps({"name": file.name, "data": base64.b64encode(file.data).decode("ascii")})
        if not self._try(lambda: self._r.set(self._key("file", key), text, px=_ms(ttl)), lambda: False):
            self._local.put_file(key, file, ttl=ttl)  # the user's answer must reach this replica

    def file(self, key: str) -> HeldFile | None:
        if self._keep_text:
            text = self._try(lambda: self._r.get(self._key("file", key)), lambda: None)
            if text is not None:
                return _held(text)
        return self._local.file(key)  # kept here while Redis was down (or always, without `keep_text`)

    def drop_file(self, key: str) -> None:
        self._local.drop_file(key)
        if self._keep_text:
            self._try(lambda: self._r.delete(self._key("file", key)), lambda: None)

    def health(self) -> str:
        """Pings Redis now (whatever the retry pacing) and writes a short-lived key, so /readyz tells the truth:
        a Redis that answers but takes no writes (read-only, out of memory) cannot de-duplicate across replicas."""
        return self.readiness()[1]

    def readiness(self) -> tuple[bool, str]:
        try:
            self._r.ping()
        except REDIS_ERRORS as e:
            self._outage.failed(e)
        else:
            self._write_probe()
        return not self._outage.refusing, self._outage.health()

    def close(self) -> None:
        self._r.close()


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


def _binding(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


def _held(text: str) -> HeldFile | None:
    """A file as `RedisState.put_file` stored it (None when it is not one: another version's value)."""
    try:
        d = json.loads(text)
        return HeldFile(str(d["name"]), base64.b64decode(d["data"], validate=True))
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


def state_from_settings(settings) -> StateStore:
    """`RedisState` when `settings.redis_url` is set, else `MemoryState`.

    >>> from types import SimpleNamespace
    >>> state_from_settings(SimpleNamespace(redis_url=""))
    MemoryState(claims=0, threads=0, pending=0)
    >>> from bot.errors import RulebotError
    >>> try:
    ...     state_from_settings(SimpleNamespace(redis_url="http://:s3cret@cache:6379"))
    ... except RulebotError as e:
    ...     print(e)  # doctest: +ELLIPSIS
    RULEBOT_REDIS_URL http://***@cache:6379 is not a Redis URL (it must start with redis://, rediss:// or unix://): ...
    """
    url = (getattr(settings, "redis_url", "") or "").strip()
    keep_text = not getattr(settings, "audit_hash_questions", False)
    return RedisState(url, keep_text=keep_text) if url else MemoryState()
