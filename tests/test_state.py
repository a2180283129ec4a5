"""Shared chat state and feedback storage, each implementation against the same tables.

`MemoryState` runs on an injected clock; `RedisState` and `RedisFeedback` on a real
`redis-server` (tests/redis_support.py), with short TTLs and polling under a deadline.
Two `RedisState` objects on one server stand for two replicas; stopping and starting the
server is the outage.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timezone
from typing import Callable

import pytest

from bot.admin.feedback import (EXPORT_COLUMNS, Feedback, FeedbackStore, RedisFeedback, ServedAnswer,
                                feedback_from_settings)
from bot.chat import messages as M
from bot.chat.service import Chat, Drafting
from bot.chat.state import Admission, HeldFile, Memory, MemoryState, Recalled, RedisState, state_from_settings
from bot.chat.steps import Request
from bot.chat.types import Asker, Thread
from bot.edges.redis_link import Kept
from bot.errors import RulebotError
from bot.settings import Settings
from bot.types import Answer
from redis_support import RoundTrips, free_port, redis_server  # noqa: F401  (a pytest fixture)
from fixtures.waiting import wait_until

LONG = 60.0  # a TTL no test outlives


class Harness:
    """A store plus how to let a short TTL run out: the memory store's clock jumps; Redis is polled."""

    def __init__(self, kind: str, make: Callable[..., object], short: float, clock: list[float] | None = None,
                 url: str = ""):
        self.kind, self.make, self.short, self._clock, self.url = kind, make, short, clock, url
        self.st = make()

    def after_short(self, pred: Callable[[], bool], what: str) -> None:
        """Assert `pred()` becomes true once `self.short` seconds have passed."""
        if self._clock is not None:
            self._clock[0] += self.short
            assert pred(), what
        else:
            wait_until(pred, 30, what)


@pytest.fixture(params=["memory", "redis"])
def h(request):
    if request.param == "memory":
        now = [1000.0]
        harness = Harness("memory", lambda: MemoryState(clock=lambda: now[0]), short=10.0, clock=now)
    else:
        server = request.getfixturevalue("redis_server")
        harness = Harness("redis", lambda: RedisState(server.url), short=0.3, url=server.url)
    yield harness
    harness.st.close()


# --- claim ------------------------------------------------------------------------------------

CLAIMS = [
    # (claims made before, the new claim, its result)
    ((), ("a",), True),
    ((), (), True),
    ((), ("", ""), True),
    ((("a",),), ("a",), False),
    ((("a",),), ("b",), True),
    ((("a", "b"),), ("b", "c"), False),  # shares b
    ((("a", "b"),), ("c", "d"), True),
    ((("a",),), ("", "a"), False),
    ((("a", ""),), ("",), True),
    ((("a",), ("a",)), ("a",), False),
]


@pytest.mark.parametrize("before, keys, expected", CLAIMS)
def test_claim_table(h, before, keys, expected):
    for ks in before:
        h.st.claim(*ks, ttl=LONG)
    assert h.st.claim(*keys, ttl=LONG) is expected


def test_refused_claim_claims_nothing(h):
    assert h.st.claim("a", "b", ttl=LONG)
    assert not h.st.claim("b", "c", ttl=LONG)
    assert h.st.claim("c", ttl=LONG)  # c was not taken by the refused claim


def test_claim_expires(h):
    assert h.st.claim("ev1", "msg1", ttl=h.short)
    assert not h.st.claim("msg1", ttl=h.short) or h.kind == "redis"  # (Redis: may already be gone on a slow box)
    h.after_short(lambda: h.st.claim("ev1", "msg1", ttl=LONG), "claim free again after its ttl")
    assert not h.st.claim("msg1", ttl=LONG)


def test_one_winner_among_racing_claims(h):
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: h.st.claim(f"event-{i}", "same-message", ttl=LONG), range(32)))
    assert results.count(True) == 1


# --- thread memory ----------------------------------------------------------------------------

MEMORY = [
    # (questions remembered in thread "t", keep, earlier("t"))
    ((), 3, ()),
    (("q1",), 3, ("q1",)),
    (("q1", "q2", "q3", "q4"), 3, ("q2", "q3", "q4")),
    (("q1", "q2"), 1, ("q2",)),
    (("q1", "", "q2"), 3, ("q1", "q2")),  # empty questions are not remembered
    (("§ 1983 — “verbatim”?",), 3, ("§ 1983 — “verbatim”?",)),
]


@pytest.mark.parametrize("questions, keep, expected", MEMORY)
def test_thread_memory_table(h, questions, keep, expected):
    for q in questions:
        h.st.remember("C1/1.0", q, window=LONG, keep=keep)
    assert h.st.earlier("C1/1.0") == expected
    assert h.st.earlier("C1/2.0") == ()
    assert h.st.earlier("") == ()


def test_thread_memory_expires(h):
    h.st.remember("t", "q1", window=h.short)
    h.st.remember("other", "q", window=LONG)
    h.after_short(lambda: h.st.earlier("t") == (), "thread forgotten after its window")
    assert h.st.earlier("other") == ("q",)
    h.st.remember("t", "q2", window=LONG)
    assert h.st.earlier("t") == ("q2",)  # a new start, not the expired question


def test_thread_window_counts_from_the_last_question():
    now = [0.0]
    st = MemoryState(clock=lambda: now[0])
    st.remember("t", "q1", window=10)
    now[0] = 8.0
    st.remember("t", "q2", window=10)
    now[0] = 17.9
    assert st.earlier("t") == ("q1", "q2")
    now[0] = 18.0
    assert st.earlier("t") == ()


REMEMBER_ALL = [
    # (questions already in thread "t", memories to add, bindings asked for, lists read, bindings read, "t" after)
    ((), [Memory("t", "q1", LONG)], (), {"t": ()}, {}, ("q1",)),
    (("q1",), [Memory("t", "q2", LONG), Memory("user:U1", "q2", LONG, keep=5)], ("C1", "C9"),
     {"t": ("q1",), "user:U1": ()}, {"C1": {"court": "nysd"}, "C9": None}, ("q1", "q2")),
    (("q1", "q2", "q3"), [Memory("t", "q4", LONG, keep=3)], (), {"t": ("q1", "q2", "q3")}, {}, ("q2", "q3", "q4")),
    (("q1",), [Memory("t", "", LONG)], ("C1",), {"t": ("q1",)}, {"C1": {"court": "nysd"}}, ("q1",)),  # reads only
    ((), [Memory("", "q", LONG)], (), {}, {}, ()),  # no thread: nothing to remember
    (("q1",), [], ("C1",), {}, {"C1": {"court": "nysd"}}, ("q1",)),
]


@pytest.mark.parametrize("before, memories, bindings, earlier, bound, after", REMEMBER_ALL)
def test_remember_all_table(h, before, memories, bindings, earlier, bound, after):
    for q in before:
        h.st.remember("t", q, window=LONG)
    h.st.put_binding("C1", {"court": "nysd"})
    got = h.st.remember_all(memories, bindings=bindings)
    assert (dict(got.earlier), dict(got.bindings)) == (earlier, bound)
    assert h.st.earlier("t") == after


def test_remember_all_is_what_earlier_and_remember_and_binding_do(h):
    """The one call reads and writes what the three calls it replaces would."""
    h.st.remember("t", "q1", window=LONG)
    h.st.put_binding("C1", {"court": "nysd"})
    got = h.st.remember_all([Memory("t", "q2", h.short, keep=2), Memory("u", "q2", LONG)], bindings=("C1",))
    assert got.earlier == {"t": ("q1",), "u": ()} and got.bindings == {"C1": {"court": "nysd"}}
    assert h.st.earlier("t") == ("q1", "q2") and h.st.earlier("u") == ("q2",)
    h.after_short(lambda: h.st.earlier("t") == (), "the thread's window counts from this question")
    assert h.st.earlier("u") == ("q2",)


# --- back-pressure ----------------------------------------------------------------------------


def test_admit_up_to_the_limit_and_release(h):
    t1, t2 = h.st.admit(2, lease=LONG), h.st.admit(2, lease=LONG)
    assert t1 and t2 and t1 != t2
    assert h.st.admit(2, lease=LONG) is None
    assert h.st.pending() == 2
    h.st.release(t1)
    assert h.st.pending() == 1
    t3 = h.st.admit(2, lease=LONG)
    assert t3 and h.st.admit(2) is None
    for t in (t2, t3, t3, "never-issued"):  # releasing twice, or a stranger's ticket, is harmless
        h.st.release(t)
    assert h.st.pending() == 0
    assert h.st.admit(0) is None


def test_lease_runs_out(h):
    """A replica that crashes holding tickets does not keep their slots."""
    assert h.st.admit(1, lease=h.short)
    h.after_short(lambda: h.st.admit(1, lease=LONG) is not None, "slot free after the lease")
    assert h.st.pending() == 1


ARRIVE_CLAIMS = [
    # (keys claimed before, tickets already pending, keys, limit, what it decides, pending after)
    ((), 0, ("ev1", "msg1"), 2, (True, True), 1),
    ((), 2, ("ev1",), 2, (True, False), 2),  # busy: claimed all the same (a retry is not answered later)
    (("msg1",), 0, ("ev2", "msg1"), 2, (False, False), 0),  # a repeat takes no ticket
    (("msg1",), 2, ("msg1",), 2, (False, False), 2),
    ((), 0, (), 1, (True, True), 1),  # nothing to claim: an admission
    ((), 0, ("ev1",), 0, (True, False), 0),
]


@pytest.mark.parametrize("before, pending, keys, limit, decided, after", ARRIVE_CLAIMS)
def test_arrive_claims_and_admits_table(h, before, pending, keys, limit, decided, after):
    for k in before:
        h.st.claim(k, ttl=LONG)
    for _ in range(pending):
        assert h.st.admit(pending, lease=LONG)
    got = h.st.arrive(*keys, ttl=LONG, limit=limit, lease=LONG)
    assert isinstance(got, Admission) and (got.first, got.ticket is not None) == decided
    assert h.st.pending() == after
    assert not h.st.claim(*keys, ttl=LONG) or not keys, "its keys are claimed whatever it decided"
    if got.ticket:
        h.st.release(got.ticket)
        assert h.st.pending() == after - 1


@pytest.mark.parametrize("before, memories, bindings, earlier, bound, after", REMEMBER_ALL)
def test_an_admitted_arrival_remembers_and_recalls_as_remember_all_does(h, before, memories, bindings, earlier, bound,
                                                                        after):
    """The `REMEMBER_ALL` table again, through `arrive`: what it recalls comes with its ticket."""
    for q in before:
        h.st.remember("t", q, window=LONG)
    h.st.put_binding("C1", {"court": "nysd"})
    got = h.st.arrive("ev1", ttl=LONG, limit=1, lease=LONG, memories=memories, bindings=bindings)
    assert got.first and got.ticket and got.recalled == Recalled(earlier, bound)
    assert h.st.earlier("t") == after and h.st.pending() == 1


ARRIVE_RECALLS = [
    # (claimed before, tickets pending, what it decides, what it recalls, "t" after)
    ((), 0, (True, True), Recalled({"t": ("q1",)}, {"C1": {"court": "nysd"}}), ("q1", "q2")),
    ((), 1, (True, False), Recalled({}, {}), ("q1",)),  # busy: nothing remembered, nothing read
    (("ev1",), 0, (False, False), Recalled({}, {}), ("q1",)),  # a repeat: nothing remembered
]


@pytest.mark.parametrize("before, pending, decided, recalled, after", ARRIVE_RECALLS)
def test_an_arrival_remembers_only_when_admitted(h, before, pending, decided, recalled, after):
    h.st.remember("t", "q1", window=LONG)
    h.st.put_binding("C1", {"court": "nysd"})
    for k in before:
        h.st.claim(k, ttl=LONG)
    for _ in range(pending):
        assert h.st.admit(1, lease=LONG)
    got = h.st.arrive("ev1", ttl=LONG, limit=1, lease=LONG, memories=[Memory("t", "q2", LONG)], bindings=("C1",))
    assert ((got.first, got.ticket is not None), got.recalled) == (decided, recalled)
    assert h.st.earlier("t") == after


NOTE = Memory("teams:message-answer:bot-7", "k1", LONG, keep=1)  # which message holds which answer

FINISH = [
    # (ticket: "shared" from `admit`, or one nobody issued; what is kept with it; what is remembered with it;
    #  what `finish` says: kept)
    ("shared", None, (), False),
    ("shared", Kept("rulebot:feedback:answer:k1", '{"key": "k1"}', 60), (), True),
    ("never-issued", Kept("rulebot:feedback:answer:k2", "{}", 60), (), True),
    ("shared", Kept("rulebot:feedback:answer:k1", '{"key": "k1"}', 60), (NOTE,), True),
    ("shared", None, (NOTE,), False),
    ("local-never-issued", None, (NOTE,), False),  # a ticket given while Redis was down: the note still goes
]


@pytest.mark.parametrize("ticket, kept, memories, said", FINISH)
def test_finish_releases_and_keeps_in_one_call(h, ticket, kept, memories, said):
    """A Redis state keeps what it is given (in the same round trip as the release); the memory state only releases
    (its owner, the feedback file, keeps served answers).  Both remember the memories, as `remember` does."""
    held = h.st.admit(5, lease=LONG)
    assert h.st.finish(held if ticket == "shared" else ticket, kept=kept, memories=memories) is \
        (said and h.kind == "redis")
    assert h.st.pending() == (0 if ticket == "shared" else 1)
    assert h.st.earlier(NOTE.thread) == (("k1",) if memories else ())
    if h.kind == "redis" and kept is not None:
        import redis

        r = redis.Redis.from_url(h.url, decode_responses=True)
        assert r.get(kept.key) == kept.text and 0 < r.ttl(kept.key) <= kept.ttl
        r.close()


def test_without_question_text_in_redis_finish_remembers_in_this_replica(redis_server):
    """`RULEBOT_AUDIT_HASH_QUESTIONS`: what `finish` remembers stays in this replica, as `remember`'s does."""
    st, other = RedisState(redis_server.url, keep_text=False), RedisState(redis_server.url)
    try:
        assert st.finish(st.admit(5, lease=LONG), memories=[NOTE]) is False
        assert st.earlier(NOTE.thread) == ("k1",) and other.earlier(NOTE.thread) == () and st.pending() == 0
    finally:
        st.close(), other.close()


def test_finish_releases_even_when_redis_refuses_what_it_keeps(redis_server):
    """Not a transaction: a server out of memory refuses the answer but takes the release; one that is down takes
    neither (the ticket's lease runs out), and a ticket given while it was down is released in this replica."""
    import redis

    st = RedisState(redis_server.url, retry_after=0.0)
    admin = redis.Redis.from_url(redis_server.url)
    kept = Kept("rulebot:feedback:answer:k9", "{}", 60)
    try:
        ticket = st.admit(5, lease=LONG)
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", "1")
        try:
            assert st.finish(ticket, kept=kept) is False
        finally:
            admin.config_set("maxmemory", "0")
        assert st.pending() == 0 and admin.get(kept.key) is None
        redis_server.stop()
        local = st.admit(5, lease=LONG)
        assert local.startswith("local-") and st.pending() == 1
        assert st.finish(local, kept=kept) is False and st.pending() == 0
    finally:
        st.close(), admin.close()


def test_without_question_text_in_redis_an_arrival_remembers_in_this_replica(redis_server):
    """`RULEBOT_AUDIT_HASH_QUESTIONS`: the question stays in this replica's memory; the channel's matter is still
    read from Redis, in the same round trip as the admission."""
    import redis

    st, other = RedisState(redis_server.url, keep_text=False), RedisState(redis_server.url)
    other.put_binding("C1", {"court": "nysd"})
    try:
        got = st.arrive("ev1", ttl=LONG, limit=5, memories=[Memory("t", "Who bears the burden?", LONG)],
                        bindings=("C1",))
        assert got.recalled == Recalled({"t": ()}, {"C1": {"court": "nysd"}})
        again = st.arrive("ev2", ttl=LONG, limit=5, memories=[Memory("t", "And under seal?", LONG)])
        assert again.recalled.earlier == {"t": ("Who bears the burden?",)} and other.earlier("t") == ()
        r = redis.Redis.from_url(redis_server.url)
        assert not [k for k in r.scan_iter() if b"burden" in (r.dump(k) or b"")]
        r.close()
    finally:
        st.close(), other.close()


def test_racing_arrivals_are_claimed_once_and_admitted_within_the_limit(h):
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda i: h.st.arrive(f"ev{i}", f"msg{i % 10}", ttl=LONG, limit=4, lease=LONG),
                            range(40)))
    assert sum(a.first for a in got) == 10, "one per message"
    assert sum(a.ticket is not None for a in got) == 4 == h.st.pending()


# --- admin job and channel bindings -----------------------------------------------------------


def test_job_and_binding_round_trip(h):
    assert h.st.job() is None and h.st.binding("C1") is None
    job = {"kind": "reindex", "state": "running", "done": 3, "of": 10, "by": "U1", "notes": ["§ 26(c)"]}
    h.st.put_job(job)
    got = h.st.job()
    assert got == job
    got["done"] = 99
    assert h.st.job()["done"] == 3  # a copy, as from Redis
    h.st.put_job({"kind": "reindex", "state": "done"})
    assert h.st.job() == {"kind": "reindex", "state": "done"}

    h.st.put_binding("C1", {"court": "nysd", "judge": "Failla"})
    h.st.put_binding("C2", {"court": "cand"})
    assert h.st.binding("C1") == {"court": "nysd", "judge": "Failla"}
    h.st.put_binding("C1", None)
    assert h.st.binding("C1") is None and h.st.binding("C2") == {"court": "cand"}
    h.st.put_binding("C9", None)  # clearing what was never set is harmless
    assert h.st.health() == ""


# --- files waiting for the user (a Teams draft's Word file) ---------------------------------------

DOCX = bytes(range(256)) * 40  # any bytes, NULs and high bytes included

FILES = [
    # (files put, key asked for, expected)
    ((), "k1", None),
    ((("k1", HeldFile("good-cause-draft.docx", DOCX)),), "k1", HeldFile("good-cause-draft.docx", DOCX)),
    ((("k1", HeldFile("a.docx", b"a")), ("k1", HeldFile("b.docx", b""))), "k1", HeldFile("b.docx", b"")),
    ((("k1", HeldFile("§ 26(c) “draft”.docx", b"x")),), "k1", HeldFile("§ 26(c) “draft”.docx", b"x")),
    ((("k1", HeldFile("a.docx", b"a")),), "k2", None),
]


@pytest.mark.parametrize("put, key, expected", FILES)
def test_files_table(h, put, key, expected):
    for k, f in put:
        h.st.put_file(k, f, ttl=LONG)
    assert h.st.file(key) == expected
    h.st.drop_file(key)
    assert h.st.file(key) is None
    h.st.drop_file("never-put")  # harmless


def test_a_file_expires(h):
    h.st.put_file("short", HeldFile("a.docx", b"a"), ttl=h.short)
    h.st.put_file("long", HeldFile("b.docx", b"b"), ttl=LONG)
    h.after_short(lambda: h.st.file("short") is None, "file forgotten after its ttl")
    assert h.st.file("long") == HeldFile("b.docx", b"b")


def test_a_file_put_on_one_replica_is_found_on_the_other(redis_server):
    a, b = RedisState(redis_server.url), RedisState(redis_server.url)
    a.put_file("teams:draft:k", HeldFile("good-cause-draft.docx", DOCX), ttl=LONG)
    assert b.file("teams:draft:k") == HeldFile("good-cause-draft.docx", DOCX)
    b.drop_file("teams:draft:k")
    assert a.file("teams:draft:k") is None
    hashing = RedisState(redis_server.url, keep_text=False)  # RULEBOT_AUDIT_HASH_QUESTIONS: never in Redis
    hashing.put_file("teams:draft:h", HeldFile("x.docx", b"facts"), ttl=LONG)
    assert hashing.file("teams:draft:h") == HeldFile("x.docx", b"facts") and a.file("teams:draft:h") is None
    for st in (a, b, hashing):
        st.close()


def test_while_redis_is_down_a_file_is_kept_by_the_replica_that_made_it(redis_server):
    a, b = RedisState(redis_server.url, retry_after=0.0), RedisState(redis_server.url, retry_after=0.0)
    redis_server.stop()
    a.put_file("k", HeldFile("a.docx", b"a"), ttl=LONG)
    assert a.file("k") == HeldFile("a.docx", b"a") and b.file("k") is None
    assert "unreachable" in b.health()
    redis_server.start()
    assert a.file("k") == HeldFile("a.docx", b"a"), "still here once Redis is back"
    a.drop_file("k")
    assert a.file("k") is None
    a.close()
    b.close()


def test_memory_state_is_bounded():
    st = MemoryState(max_keys=3, max_threads=2, max_bindings=2, max_files=2)
    for k in "abcde":
        assert st.claim(k, ttl=LONG)
    assert st.claim("a", ttl=LONG)  # the oldest were dropped
    assert not st.claim("e", ttl=LONG)
    for t in ("t1", "t2", "t3"):
        st.remember(t, "q", window=LONG)
    assert st.earlier("t1") == () and st.earlier("t3") == ("q",)
    for c in ("C1", "C2", "C3"):
        st.put_binding(c, {"court": c})
    assert st.binding("C1") is None and st.binding("C3") == {"court": "C3"}
    for f in ("f1", "f2", "f3"):
        st.put_file(f, HeldFile(f, b""), ttl=LONG)
    assert st.file("f1") is None and st.file("f3") == HeldFile("f3", b"")


# --- two replicas on one Redis ----------------------------------------------------------------


@pytest.fixture
def replicas(redis_server):
    a, b = RedisState(redis_server.url), RedisState(redis_server.url)
    yield a, b
    a.close()
    b.close()


def test_replicas_share_state(replicas, redis_server):
    a, b = replicas
    assert a.claim("ev1", "C1/1.0", ttl=LONG)
    assert not b.claim("ev2", "C1/1.0", ttl=LONG)  # the same message, delivered to the other replica
    a.remember("C1/1.0", "Who bears the burden?", window=LONG)
    b.remember("C1/1.0", "And under seal?", window=LONG)
    assert a.earlier("C1/1.0") == b.earlier("C1/1.0") == ("Who bears the burden?", "And under seal?")
    ta, tb = a.admit(2, lease=LONG), b.admit(2, lease=LONG)
    assert ta and tb and a.admit(2) is None and b.admit(2) is None
    assert a.pending() == b.pending() == 2
    a.release(tb)  # any replica may release (tickets are shared)
    assert b.pending() == 1
    a.put_job({"kind": "sync", "state": "running"})
    assert b.job() == {"kind": "sync", "state": "running"}
    b.put_binding("C1", {"court": "nysd"})
    assert a.binding("C1") == {"court": "nysd"}

    other = RedisState(redis_server.url, prefix="staging:")  # another deployment on the same server
    assert other.claim("C1/1.0", ttl=LONG) and other.earlier("C1/1.0") == () and other.pending() == 0
    other.close()


def test_racing_replicas_claim_once(replicas):
    a, b = replicas
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: (a, b)[i % 2].claim(f"ev{i}", "C1/7.0", ttl=LONG), range(40)))
    assert results.count(True) == 1


# --- Redis outage and recovery ----------------------------------------------------------------


def _records(caplog, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "rulebot.state" and text in r.getMessage()]


def test_outage_degrades_and_recovers(redis_server, caplog):
    caplog.set_level(logging.INFO, logger="rulebot.state")
    st = RedisState(redis_server.url)
    st.remember("t", "before", window=LONG)
    redis_server.stop()

    started = time.monotonic()
    assert st.claim("ev1", ttl=LONG) and not st.claim("ev1", ttl=LONG)  # de-duplicated in this replica only
    assert st.earlier("t") == ()
    st.remember("t", "during", window=LONG)
    local = [st.admit(2, lease=LONG) for _ in range(3)]
    assert local[0] and local[1] and local[2] is None  # back-pressure still holds in this replica
    assert st.pending() == 2
    st.put_job({"state": "x"})
    st.put_binding("C1", {"court": "x"})
    assert st.job() is None and st.binding("C1") is None
    assert st.remember_all([Memory("t", "q", LONG)], bindings=("C1",)).earlier == {"t": ()}
    arrival = st.arrive("ev3", "msg3", ttl=LONG, limit=2)  # here: one slot was left... and is taken
    assert arrival.first and arrival.ticket is None and st.pending() == 2
    st.release(local[1])
    arrival = st.arrive("ev4", ttl=LONG, limit=2, memories=[Memory("t", "q", LONG)], bindings=("C1",))
    assert arrival.ticket.startswith("local-") and arrival.recalled == Recalled({"t": ()}, {"C1": None})
    local[1] = arrival.ticket
    assert not st.arrive("msg3", ttl=LONG, limit=9).first  # de-duplicated in this replica
    detail = st.health()
    assert detail.startswith(f"Redis at {redis_server.url} unreachable: ") and "de-duplicating in this replica only" in detail
    assert st.readiness() == (True, detail), "out of reach: degraded, still ready"
    assert "\n" not in detail
    assert time.monotonic() - started < 2.0  # no call waited on the dead server
    assert len(_records(caplog, "unreachable")) == 1

    redis_server.start()
    wait_until(lambda: st.health() == "", 30, "recovery")
    assert len(_records(caplog, "is back")) == 1
    assert st.earlier("t") == ("before",)  # AOF kept it; "during" was never stored
    assert st.claim("ev2", ttl=LONG) and not st.claim("ev2", ttl=LONG)
    st.release(local[0])
    assert st.pending() == 1  # the other outage ticket still counts until released
    assert st.admit(2, lease=LONG) and st.admit(2, lease=LONG) is None
    st.release(local[1])
    assert st.pending() == 1
    assert len(_records(caplog, "unreachable")) == 1
    st.close()


def test_while_down_redis_is_tried_once_per_retry_period(redis_server):
    now = [0.0]
    st = RedisState(redis_server.url, clock=lambda: now[0], retry_after=1.0)
    redis_server.stop()
    assert st.claim("k", ttl=LONG)  # tried, failed: down (claimed in this replica)
    redis_server.start()
    other = RedisState(redis_server.url)  # another replica, on the shared state
    assert st.claim("k2", ttl=LONG) and other.claim("k2", ttl=LONG)  # not tried again yet: claimed here only
    now[0] += 1.0
    assert st.claim("k3", ttl=LONG) and not other.claim("k3", ttl=LONG)  # tried again: shared state is back
    st.close()
    other.close()


def test_password_never_shown(caplog):
    caplog.set_level(logging.INFO, logger="rulebot.state")
    url = f"redis://:s3cret-pw@127.0.0.1:{free_port()}/0"  # nobody listens there
    st = RedisState(url)
    assert st.claim("k", ttl=LONG)
    detail = st.health()
    assert detail and "***" in detail
    shown = [repr(st), detail, *(r.getMessage() for r in caplog.records)]
    assert shown[2:] and not [s for s in shown if "s3cret" in s]
    st.close()


@pytest.mark.parametrize("url", ["http://:s3cret@cache:6379", "redis://:s3cret@cache:notaport/0",
                                 "redis://:s3cret@cache:6379/zero", "cache:6379"])
def test_malformed_url_is_one_line(tmp_path, url):
    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_REDIS_URL": url})
    with pytest.raises(RulebotError) as err:
        state_from_settings(settings)
    assert "\n" not in str(err.value) and "s3cret" not in str(err.value) and "RULEBOT_REDIS_URL" in str(err.value)


def test_state_from_settings(tmp_path, redis_server):
    plain = Settings.load(env={"RULEBOT_HOME": str(tmp_path)})
    assert isinstance(state_from_settings(plain), MemoryState)
    shared = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_REDIS_URL": redis_server.url})
    st = state_from_settings(shared)
    assert isinstance(st, RedisState) and st.health() == ""
    st.close()


# --- feedback: SQLite and Redis ---------------------------------------------------------------

VOTES = [
    Feedback(source="slack", user="U1", question="Who bears the burden?", answer="The party asserting it [1].",
             citations=("Fed. R. Civ. P. 26(c)(1)",), verdict="up", at="2026-01-02T03:04:05+00:00", answer_key="k1"),
    Feedback(source="teams", user="Ana Díaz", question="§ 1983, “sealed”?", answer="No passage says so.",
             citations=(), verdict="down", at="2026-01-02T03:04:06+00:00"),
    Feedback(source="slack", user="U2", question="Page limits, SDNY?", answer="25 pages [1][2].",
             citations=("S.D.N.Y. L. Civ. R. 7.1(c)", "Failla Ind. R. 4(B)"), verdict="up",
             at="2026-01-02T03:04:07+00:00", answer_key="k2"),
]


@pytest.fixture(params=["sqlite", "redis"])
def sink(request, tmp_path):
    if request.param == "sqlite":
        yield FeedbackStore(tmp_path / "fb.sqlite3")
    else:
        store = RedisFeedback(request.getfixturevalue("redis_server").url)
        yield store
        store.close()


def test_feedback_record_and_recall(sink):
    assert [sink.record(v) for v in VOTES] == [1, 2, 3]
    rows = sink.all()
    assert [r["id"] for r in rows] == [1, 2, 3] and tuple(rows[0]) == EXPORT_COLUMNS
    assert rows[1]["user"] == "Ana Díaz" and rows[2]["citations"] == list(VOTES[2].citations)
    served = ServedAnswer(key="k1", source="slack", user="U1", question="Who bears the burden?",
                          answer="The party asserting it [1].", citations=["Fed. R. Civ. P. 26(c)(1)"],
                          at="2026-01-02T03:04:00+00:00")
    sink.remember(served)
    assert sink.recall("k1") == served and sink.recall("nope") is None
    with pytest.raises(RulebotError):
        sink.export("xml")


def test_feedback_exports_alike(tmp_path, redis_server):
    """The same votes export to the same CSV and JSON from either store."""
    sqlite, redis = FeedbackStore(tmp_path / "fb.sqlite3"), RedisFeedback(redis_server.url)
    for v in VOTES:
        sqlite.record(v)
        redis.record(v)
    for fmt in ("csv", "json"):
        assert redis.export(fmt) == sqlite.export(fmt)
    assert redis.export("csv").splitlines()[0] == ",".join(EXPORT_COLUMNS)
    assert [list(r) for r in json.loads(redis.export("json"))] == [list(EXPORT_COLUMNS)] * 3
    redis.close()


def test_acknowledged_vote_survives_a_restart_and_outage_refuses_votes(redis_server, caplog):
    store = RedisFeedback(redis_server.url)
    assert store.record(VOTES[0]) == 1
    redis_server.stop()
    with pytest.raises(RulebotError) as err:
        store.record(VOTES[1])
    assert str(err.value) == ("Your vote could not be recorded right now (the shared store is unreachable); "
                              "please try again in a minute.")
    store.remember(ServedAnswer(key="k5", source="slack", user="U1", question="q", answer="a", citations=()))
    assert store.recall("k1") is None
    with pytest.raises(RulebotError, match="unreachable"):
        store.export("csv")

    redis_server.start()
    assert [r["question"] for r in store.all()] == [VOTES[0].question]  # same object, reconnected
    fresh = RedisFeedback(redis_server.url)
    assert fresh.record(VOTES[2]) == 2 and [r["id"] for r in fresh.all()] == [1, 2]
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1
    store.close()
    fresh.close()


def test_feedback_from_settings_and_cli_export(tmp_path, redis_server, monkeypatch, capsys):
    from bot.cli import main

    plain = Settings.load(env={"RULEBOT_HOME": str(tmp_path)})
    store = feedback_from_settings(plain)
    assert isinstance(store, FeedbackStore) and store.path == plain.feedback_db
    monkeypatch.setenv("RULEBOT_REDIS_URL", redis_server.url)
    shared = Settings.load()
    assert isinstance(feedback_from_settings(shared), RedisFeedback)
    today = datetime.now(timezone.utc).isoformat(timespec="seconds")  # VOTES are older than the retention
    RedisFeedback(redis_server.url).record(replace(VOTES[1], at=today))

    assert main(["feedback", "export", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["question"] == VOTES[1].question and row["verdict"] == "down"


def test_concurrent_votes_get_distinct_ids(redis_server):
    stores = [RedisFeedback(redis_server.url) for _ in range(2)]
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: stores[i % 2].record(VOTES[i % 3]), range(40)))
    assert sorted(ids) == list(range(1, 41))
    assert [r["id"] for r in stores[0].all()] == list(range(1, 41))  # list order is id order
    for s in stores:
        s.close()


def test_threads_do_not_break_memory_state():
    st, errors = MemoryState(), []

    def work(i: int) -> None:
        try:
            for j in range(200):
                st.claim(f"k{i}-{j}", ttl=LONG)
                st.remember(f"t{i}", f"q{j}", window=LONG)
                t = st.admit(1000)
                st.release(t)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and st.pending() == 0 and st.earlier("t3") == ("q197", "q198", "q199")


# Redis answering but refusing writes, each way it happens: (break it, mend it) with an admin client
NO_WRITES = {
    "out of memory": (lambda r: (r.config_set("maxmemory-policy", "noeviction"), r.config_set("maxmemory", "1")),
                      lambda r: r.config_set("maxmemory", "0")),
    "read-only replica": (lambda r: r.execute_command("REPLICAOF", "127.0.0.1", str(free_port())),
                          lambda r: r.execute_command("REPLICAOF", "NO", "ONE")),
    "too few replicas": (lambda r: r.config_set("min-replicas-to-write", "1"),
                         lambda r: r.config_set("min-replicas-to-write", "0")),
}


@pytest.mark.parametrize("how", list(NO_WRITES))
def test_a_redis_that_takes_no_writes_still_de_duplicates_here_and_is_not_ready(redis_server, caplog, how):
    """Redis still answers PING but refuses writes: the event claimed through it before, then kept with its answer
    (a write that fails), is retried by Slack five times, between and at Redis's retries: never answered again here
    (it was answered twice: this replica fell back to its own claims, which had not seen it); an event first seen
    meanwhile is answered once too; /readyz's state says not ready in one line, logged once; mended, ready again."""
    import redis

    caplog.set_level(logging.INFO, logger="rulebot.state")
    now = [0.0]
    st = RedisState(redis_server.url, clock=lambda: now[0])
    admin = redis.Redis.from_url(redis_server.url)
    break_it, mend_it = NO_WRITES[how]
    delivery = ("slack:event:Ev1", "slack:msg:C1/1700000000.000100")
    try:
        first = st.arrive(*delivery, ttl=LONG, limit=5)
        assert first.first and first.ticket
        break_it(admin)
        assert st.finish(first.ticket, kept=Kept("rulebot:answer:k1", "the answer", 3600)) is False
        for _ in range(5):
            assert not st.arrive(*delivery, ttl=LONG, limit=5).first, "a retry is never answered again"
            assert not st.claim(*delivery, ttl=LONG)
            now[0] += 0.6
        fresh = st.arrive("slack:event:Ev2", ttl=LONG, limit=5)
        assert fresh.ticket and not st.arrive("slack:event:Ev2", ttl=LONG, limit=5).first
        ready, said = st.readiness()
        assert not ready and said.startswith(f"Redis at {redis_server.url} refuses writes: ") and "\n" not in said
        assert "de-duplicating in this replica only" in said
        assert len(_records(caplog, "refuses writes")) == 1 and not _records(caplog, "is back"), "one line"
    finally:
        mend_it(admin)
    try:
        assert st.readiness() == (True, ""), "writable again: ready again"
        assert len(_records(caplog, "is back")) == 1
    finally:
        st.close()
        admin.close()


# --- round trips to Redis per question ----------------------------------------------------------

class AskedWith:
    """What the chat service needs of the engine for a question; records what each was asked with."""

    def __init__(self):
        self.asked: list[tuple[str, tuple[str, ...], str]] = []

    def answer(self, question, *, history=(), prefer=None):
        self.asked.append((question, tuple(history), prefer.court if prefer else ""))
        return Answer(question, "The party asserting the privilege.")


class Shown:
    """A `Reply` that notes what it was given."""

    def __init__(self):
        self.done, self.said, self.keys = threading.Event(), [], []

    def answer(self, view):
        self.said.append(view.answer.text)
        self.keys.append(view.key)
        self.done.set()

    def notice(self, text):
        self.said.append(text)
        self.done.set()

    def task(self, *args):
        pass


class Failing(AskedWith):
    def answer(self, question, **kw):
        raise RuntimeError("the engine broke")


QUESTION_ENDS = [
    # (what is asked, the engine answering it, what the user is told, whether the answer is kept for votes)
    ("Who has the burden?", AskedWith, "The party asserting the privilege.", True),
    ("Who has the burden?", Failing, "went wrong", False),  # the ticket is released all the same
    ("   ", AskedWith, M.EMPTY_QUESTION, False),
]


@pytest.mark.parametrize("text, answering, told, kept", QUESTION_ENDS)
def test_a_question_ends_with_its_ticket_released_once(h, tmp_path, text, answering, told, kept):
    """However the work ends, its ticket is released (with the answer kept for votes, when there is one), and
    only once: a second release could free another question's slot."""
    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_REDIS_URL": h.url})
    sink = RedisFeedback(h.url) if h.url else FeedbackStore(tmp_path / "fb.sqlite3")
    chat = Chat(settings, answering(), state=h.st, feedback=sink, sync=None,
                drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes))
    shown, who = Shown(), Asker("slack", "U0LAWYER", "C0LIT")
    request, work = chat.question(who, text, shown, thread=Thread.of("slack", "C0LIT", "1.0"),
                                  delivery=("slack:event:Ev1",))
    try:
        assert chat.handle(request, work) and shown.done.wait(10) and chat.workers.wait_idle(10)
        assert told in shown.said[-1] and h.st.pending() == 0
        assert request.arrival.take_ticket() is None, "taken, and released, once"
        assert bool(shown.keys and sink.recall(shown.keys[-1]) is not None) is kept
    finally:
        chat.workers.shutdown(), chat.admin_workers.shutdown()  # the state is the fixture's to close
        if h.url:
            sink.close()


def test_a_question_costs_two_round_trips_to_redis(redis_server, tmp_path):
    """Counted on the wire (a proxy in front of the real server): its arrival (claimed, admitted, the question
    remembered, the thread's earlier questions and the channel's matter read: one script), and its end (the answer
    kept for votes, the ticket released: one pipeline).  Two moments, so two: whether to answer must be known before
    the work starts, and the answer only once it is done.  There were eight (claim, admit, thread, remember twice,
    binding, answer, release), then four.  A repeat costs none on the replica that saw it (every delivery is claimed
    in its own memory too) and is not answered; a busy one costs one (and one to count what is pending, for the log).
    The answers are votable from another replica."""
    with RoundTrips(redis_server.port) as trips:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_REDIS_URL": trips.url})
        engine, who = AskedWith(), Asker("slack", "U0LAWYER", "C0LIT")
        chat = Chat(settings, engine, state=RedisState(trips.url), feedback=RedisFeedback(trips.url),
                    drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes), sync=None)
        chat.bind(Asker("slack", "U0ADMIN", "C0LIT"), ['court="S.D.N.Y."'])

        keys: list[str] = []

        def ask(n: int, text: str, thread: str, *, repeat: bool = False, busy: bool = False) -> int:
            before, shown = trips.count, Shown()
            taken = chat.handle(*chat.question(who, text, shown, thread=Thread.of("slack", "C0LIT", thread,
                                                                                   follow_up=True),
                                               delivery=(f"slack:event:Ev{n}", f"slack:message:{n}")))
            assert taken is not (repeat or busy)
            assert repeat or shown.done.wait(10)
            assert chat.workers.wait_idle(10)
            assert busy is (shown.said == [M.BUSY])
            keys.extend(shown.keys)
            return trips.count - before

        other = Chat(settings, engine, state=RedisState(redis_server.url), feedback=RedisFeedback(redis_server.url),
                     sync=None)  # another replica
        try:
            ask(0, "What is the page limit?", "0.1")  # each connection's greetings; the scripts loaded
            connections = trips.connections
            costs = [ask(1, "Who has the burden?", "1.0"), ask(2, "And under seal?", "1.0"),
                     ask(2, "And under seal?", "1.0", repeat=True)]
            assert costs == [2, 2, 0] and trips.connections == connections
            assert engine.asked[1:] == [("Who has the burden?", (), "S.D.N.Y."),
                                        ("And under seal?", ("Who has the burden?",), "S.D.N.Y.")]
            assert chat.recent(who) == ("And under seal?", "Who has the burden?", "What is the page limit?")
            assert chat.state.pending() == 0

            held = [chat.state.admit(settings.max_pending, lease=LONG) for _ in range(settings.max_pending)]
            assert ask(3, "Is it sealed?", "3.0", busy=True) == 2 and trips.connections == connections
            for ticket in held:
                chat.state.release(ticket)

            voted = Shown()
            other.vote(Asker("slack", "U0PARTNER", "C0LIT"), keys[-1], "up", voted)
            (vote,) = other.feedback.all()
            assert voted.said == [M.FEEDBACK_THANKS["up"]]
            assert (vote["question"], vote["answer"]) == ("And under seal?", "The party asserting the privilege.")
        finally:
            chat.close()
            other.close()


class VerifiedAsked(AskedWith):
    """Answers as `AskedWith`, reading the verified answers first as the engine does (`VerifiedFirst`), here at every
    question (no pause between reads)."""

    def __init__(self, source):
        from bot.answering.verified import VerifiedFirst

        super().__init__()
        self.first, self.read = VerifiedFirst(source, refresh=0), []

    def answer(self, question, **kw):
        self.read.append([v.question for v in self.first.verified()])
        return super().answer(question, **kw)


def test_the_verified_answers_are_read_from_redis_only_when_they_changed(redis_server, tmp_path):
    """The engine read the whole list of verified answers (LRANGE) at most once a second per replica: a third round
    trip to Redis for a question in each second.  A question's arrival reads their version with everything else
    (one script), and the list is read again only when it changed: two round trips a question, and one more, once,
    after another replica verified an answer.  Counted on the wire and by Redis itself (`INFO commandstats`)."""
    from bot.admin.verified import RedisVerified
    from bot.answering.verified import VerifiedAnswer
    import redis

    with RoundTrips(redis_server.port) as trips:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_REDIS_URL": trips.url})
        verified = RedisVerified(trips.url)
        engine, who = VerifiedAsked(verified), Asker("slack", "U0LAWYER", "C0LIT")
        chat = Chat(settings, engine, state=RedisState(trips.url), feedback=RedisFeedback(trips.url), sync=None,
                    verified=verified, drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None,
                                                         to_docx=bytes))
        elsewhere = RedisVerified(redis_server.url)  # another replica's
        server = redis.Redis.from_url(redis_server.url)

        def lists_read() -> int:  # the verified answers are read in a transaction (MULTI ... EXEC); nothing else is
            return server.info("commandstats").get("cmdstat_exec", {}).get("calls", 0)

        def ask(n: int) -> tuple[int, int]:
            trips_before, reads_before, shown = trips.count, lists_read(), Shown()
            assert chat.handle(*chat.question(who, f"Who has the burden {n}?", shown,
                                              thread=Thread.of("slack", "C0LIT", f"{n}.0"),
                                              delivery=(f"slack:event:Ev{n}",)))
            assert shown.done.wait(10) and chat.workers.wait_idle(10)
            return trips.count - trips_before, lists_read() - reads_before

        try:
            ask(0)  # each connection's greetings; the scripts loaded; the list read once
            assert [ask(n) for n in (1, 2, 3)] == [(2, 0)] * 3
            elsewhere.add(VerifiedAnswer("", "7", "Who has the burden?", "p1", "Fed. R. Civ. P. 26(c)", "h", "q.",
                                         "Ann Lee", "2026-03-02T09:00:00+00:00"))
            assert [ask(n) for n in (4, 5)] == [(3, 1), (2, 0)], "read again once, after it changed"
            assert engine.read[-1] == ["Who has the burden?"] and engine.read[3] == []
        finally:
            chat.close()
            elsewhere.close()
            server.close()


class TeamsChannel:
    """A Teams conversation as the handlers see it (`bot.teams.inbound.Channel`): what was sent, each a new message id."""

    def __init__(self):
        self.sent: list[tuple[str, str]] = []  # (kind, text or "card"), in order; typing indicators too

    async def typing(self):
        self.sent.append(("typing", ""))

    async def send(self, out):
        self.sent.append((out.kind, out.text or "card"))
        return f"bot-{len(self.sent)}"

    async def update(self, activity_id, out):
        self.sent.append(("update", out.text))

    def proactive(self):
        return self


def test_a_teams_question_costs_two_round_trips_to_redis(redis_server, tmp_path):
    """As on Slack, counted on the wire: the activity claimed with the question's admission (one script), and the
    answer kept for votes with the message that holds it (for Teams' own 👍/👎, which names only the message) and
    the ticket released, once the answer is posted (one pipeline).  There were six (the activity's claim and the
    message's note one each), then four.  A redelivered activity costs none on the replica that saw it, and gets
    nothing, not even a typing indicator; a busy one is told so, without one.  A native vote on the answer is recorded by another replica."""
    import asyncio

    from bot.teams.handlers import Handlers
    from bot.teams.inbound import Message, NativeFeedback, User

    with RoundTrips(redis_server.port) as trips:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_REDIS_URL": trips.url})
        drafting = Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes)
        engine, user = AskedWith(), User("29:1", "aad-lawyer", "A. Lawyer")
        chat = Chat(settings, engine, state=RedisState(trips.url), feedback=RedisFeedback(trips.url),
                    drafting=drafting, sync=None)
        chat.bind(Asker("teams", "aad-admin", "19:chat-1"), ['court="S.D.N.Y."'])
        other = Chat(settings, engine, state=RedisState(redis_server.url), feedback=RedisFeedback(redis_server.url),
                     drafting=drafting, sync=None)  # another replica

        async def scenario() -> None:
            handlers, elsewhere = Handlers(chat), Handlers(other)

            async def ask(activity: str, text: str, *, told: list[str]) -> int:
                before, channel = trips.count, TeamsChannel()
                await handlers.handle(Message(activity, "19:chat-1", user, text, conversation_type="personal"),
                                      channel)
                assert await asyncio.get_running_loop().run_in_executor(None, chat.workers.wait_idle, 10)
                assert [kind for kind, _ in channel.sent] == told, channel.sent
                return trips.count - before

            try:
                await ask("a0", "What is the page limit?", told=["typing", "message"])  # greetings; scripts loaded
                connections = trips.connections
                costs = [await ask("a1", "Who has the burden?", told=["typing", "message"]),
                         await ask("a2", "And under seal?", told=["typing", "message"]),
                         await ask("a2", "And under seal?", told=[])]  # redelivered
                assert costs == [2, 2, 0] and trips.connections == connections
                assert engine.asked[1:] == [("Who has the burden?", ("What is the page limit?",), "S.D.N.Y."),
                                            ("And under seal?", ("What is the page limit?", "Who has the burden?"),
                                             "S.D.N.Y.")]
                assert chat.state.pending() == 0

                held = [chat.state.admit(settings.max_pending, lease=LONG) for _ in range(settings.max_pending)]
                assert await ask("a3", "Is it sealed?", told=["message"]) == 2  # busy (and what is pending, logged)
                for ticket in held:
                    chat.state.release(ticket)

                # the last answer was the channel's 2nd message ("bot-2"), a new channel each time
                vote = NativeFeedback("v1", "19:chat-1", User("29:2", "aad-partner"), reply_to_id="bot-2",
                                      reaction="like", comment="Right on point")
                assert (await elsewhere.handle(vote, TeamsChannel())).raw == {}
                (recorded,) = other.feedback.all()
                assert (recorded["question"], recorded["verdict"], recorded["comment"]) == \
                    ("And under seal?", "up", "Right on point")
            finally:
                await handlers.close()
                await elsewhere.close()

        asyncio.run(scenario())
