"""Feedback on answers (👍/👎), kept in SQLite or Redis and exported as CSV or JSON.

Shared by the Slack and Teams adapters through one interface, `FeedbackSink`:

- `FeedbackStore`: a local SQLite file (one server) with two tables, ``answers``
  (every answer served to a chat user, under a short key that the answer's buttons
  carry, so a vote still finds its question after a restart) and ``feedback`` (one
  row per vote);
- `RedisFeedback`: the same in Redis, for several replicas behind a load balancer.

`feedback_from_settings(settings)` picks one: Redis when `settings.redis_url` is set, and passes the
audit settings down: with ``audit_hash_questions`` either store keeps only a keyed SHA-256 of each question
(`bot.edges.ops.QuestionHash`),
and no answer text and no comment (`Feedback.at_rest`), and rewrites rows an earlier run left in plain
text when it opens; rows and served answers older than ``audit_retention_days`` (at least a day:
`Settings.text_days`) are deleted when the store opens and then at most once an hour, on a write.

>>> import tempfile, pathlib
>>> store = FeedbackStore(pathlib.Path(tempfile.mkdtemp()) / "fb.sqlite3")
>>> store.record(Feedback(source="slack", user="U1", question="q?", answer="a [1]",
...                      citations=["Fed. R. Civ. P. 26(c)(1)"], verdict="up"))
1
>>> store.export("json").count('"verdict": "up"')
1
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable, Protocol

from bot.edges.redis_link import REDIS_ERRORS, Kept, Outage, connect
from bot.errors import RulebotError
from bot.edges.ops import QuestionHash, open_private
from indexers.fetch import redact

VERDICTS = ("up", "down")
FORMATS = ("csv", "json")
EXPORT_COLUMNS = ("id", "at", "source", "user", "verdict", "question", "answer", "citations", "answer_key",
                  "comment", "question_sha256")
PRUNE_EVERY_SECONDS = 3600.0  # a store deletes expired rows when it opens, then at most this often, on a write

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    user TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    answer_key TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    question_sha256 TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    user TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    question_sha256 TEXT NOT NULL DEFAULT ''
);
"""
# With hashing on, what an earlier run left in plain text: the question replaced by its hash, the rest blanked.
_HASH_ROWS = (
    "UPDATE feedback SET question_sha256 = CASE WHEN question = '' THEN question_sha256 "
    "ELSE rulebot_sha256(question) END, question = '', answer = '', comment = '' "
    "WHERE question != '' OR answer != '' OR comment != ''",
    "UPDATE answers SET question_sha256 = CASE WHEN question = '' THEN question_sha256 "
    "ELSE rulebot_sha256(question) END, question = '', answer = '' WHERE question != '' OR answer != ''",
)
# A 👎's reason (`bot.admin.verified`'s table in the same file, when it has been made): no user's words with hashing
_HASH_NOTES = "UPDATE vote_notes SET reason = '' WHERE reason != ''"
_NOTES_TABLE = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vote_notes'"


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring a feedback file made by an earlier version up to this schema (columns added since)."""
    for table, added in (("feedback", ("comment", "question_sha256")), ("answers", ("question_sha256",))):
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for column in added:
            if column not in columns:
                with conn:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Retention:
    """When a store deletes what is older than `days` (None: never): when it opens, then at most once
    per `PRUNE_EVERY_SECONDS`, on a write.  `clock` gives the time (UTC)."""

    def __init__(self, days: float | None, clock: Callable[[], datetime] = _utcnow):
        self.days, self.clock = days, clock
        self._next: datetime | None = None

    def cutoff(self) -> str | None:
        """The `at` before which rows are deleted (ISO 8601 in UTC, as `at` values are: they sort as text)."""
        return None if self.days is None else (self.clock() - timedelta(days=self.days)).isoformat(timespec="seconds")

    def due(self) -> str | None:
        """`cutoff()` when a clean-up is due now (and the next one is scheduled), else None."""
        now = self.clock()
        if self.days is None or (self._next is not None and now < self._next):
            return None
        self._next = now + timedelta(seconds=PRUNE_EVERY_SECONDS)
        return self.cutoff()


def _hidden(question: str, digest: str, hashed: QuestionHash) -> dict[str, str]:
    """What hashing keeps of a question: its hash (the one it came with, when it has no text)."""
    return {"question": "", "question_sha256": hashed(question) if question else digest}


@dataclass(frozen=True)
class Feedback:
    """One vote on one answer.  `citations` are the pin cites the answer printed."""

    source: str  # "slack" | "teams" | ...
    user: str
    question: str
    answer: str
    citations: tuple[str, ...]
    verdict: str  # "up" | "down"
    at: str = field(default_factory=_now)
    answer_key: str = ""
    comment: str = ""  # what the user wrote with the vote (Teams' feedback form), if anything
    question_sha256: str = ""  # kept instead of the question when questions are hashed

    def __post_init__(self) -> None:
        object.__setattr__(self, "citations", tuple(self.citations))
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {self.verdict!r}")

    def at_rest(self, hashed: QuestionHash | None) -> "Feedback":
        """What a store keeps: with `hashed`, the question's hash and no answer or comment text.

        >>> h = QuestionHash(b"key"); kept = Feedback("slack", "U1", "q?", "a", (), "up", at="t").at_rest(h)
        >>> (kept.question, kept.answer, kept.question_sha256 == h("q?"))
        ('', '', True)
        """
        return replace(self, answer="", comment="", **_hidden(self.question, self.question_sha256, hashed)) \
            if hashed else self


@dataclass(frozen=True)
class ServedAnswer:
    """An answer as served to a user, remembered under `key` for later votes."""

    key: str
    source: str
    user: str
    question: str
    answer: str
    citations: tuple[str, ...]
    at: str = field(default_factory=_now)
    question_sha256: str = ""  # kept instead of the question when questions are hashed (then it cannot be re-asked)

    def __post_init__(self) -> None:
        object.__setattr__(self, "citations", tuple(self.citations))

    def at_rest(self, hashed: QuestionHash | None) -> "ServedAnswer":
        """What a store keeps (see `Feedback.at_rest`)."""
        return replace(self, answer="", **_hidden(self.question, self.question_sha256, hashed)) if hashed else self


class FeedbackSink(Protocol):
    """Where votes and served answers are kept (what the Slack and Teams adapters use)."""

    def record(self, fb: Feedback) -> int | str:
        """Store one vote durably; returns its id.  Raises `RulebotError` rather than lose it silently."""

    def remember(self, served: ServedAnswer) -> None:
        """Keep a served answer so that a later vote knows what it was."""

    def recall(self, key: str) -> ServedAnswer | None: ...

    def entry(self, served: ServedAnswer) -> Kept | None:
        """`served` as this sink keeps it in the chat state's Redis, for the state to write with the question's ticket
        release (`bot.chat.state.StateStore.finish`: one round trip); None when it keeps served answers elsewhere
        (SQLite: `remember` them)."""

    def all(self) -> list[dict]:
        """Every vote, oldest first, as plain dicts with the keys `EXPORT_COLUMNS` (citations as a list)."""

    def export(self, fmt: str = "csv") -> str: ...


class FeedbackStore:
    """SQLite store at `path` (normally `settings.feedback_db`); safe to share between threads.

    It holds questions, so the file is created 0600 (SQLite gives its journal the same mode), and what
    it deletes is overwritten (``secure_delete``).  `hashed` and `retention_days` (None: kept
    until deleted by hand) as described in the module docstring; `clock` as `Retention`'s."""

    def __init__(self, path: Path | str, *, hashed: QuestionHash | None = None, retention_days: float | None = None,
                 clock: Callable[[], datetime] = _utcnow):
        self.path = Path(path)
        self.hashed = hashed
        self.retention = Retention(retention_days, clock)
        self._lock = threading.Lock()
        self._ready = False

    def _connect(self, *, writing: bool = False) -> sqlite3.Connection:
        if not self._ready:
            os.close(open_private(self.path, os.O_RDWR))
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("PRAGMA secure_delete = ON")
        if not self._ready:
            conn.executescript(_SCHEMA)
            _migrate(conn)
            if self.hashed:
                conn.create_function("rulebot_sha256", 1, self.hashed, deterministic=True)
                with conn:
                    for update in _HASH_ROWS:
                        conn.execute(update)
                    if conn.execute(_NOTES_TABLE).fetchone():
                        conn.execute(_HASH_NOTES)
            self._ready = True
            self._prune(conn)
        elif writing:
            self._prune(conn)
        return conn

    def _prune(self, conn: sqlite3.Connection) -> None:
        """Delete votes, served answers and 👎 reasons older than the retention, when due."""
        cutoff = self.retention.due()
        if cutoff is not None:
            with conn:
                tables = ("feedback", "answers") + (("vote_notes",) if conn.execute(_NOTES_TABLE).fetchone() else ())
                for table in tables:
                    conn.execute(f"DELETE FROM {table} WHERE at < ?", (cutoff,))

    def open_now(self) -> "FeedbackStore":
        """Apply the settings to what an earlier run left (hash its text, delete what is past the retention) now,
        at start, rather than at the first vote or question: an idle server keeps nothing it should not.  A file
        not made yet is left unmade."""
        if self.path.exists():
            with self._lock:
                self._connect().close()
        return self

    def record(self, fb: Feedback) -> int:
        """Store one vote; returns its row id."""
        fb = fb.at_rest(self.hashed)
        with self._lock:
            conn = self._connect(writing=True)
            try:
                with conn:
                    cur = conn.execute(
                        "INSERT INTO feedback (at, source, user, verdict, question, answer, citations, answer_key,"
                        " comment, question_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (fb.at, fb.source, fb.user, fb.verdict, fb.question, fb.answer,
                         json.dumps(list(fb.citations)), fb.answer_key, fb.comment, fb.question_sha256),
                    )
                return int(cur.lastrowid)
            finally:
                conn.close()

    def remember(self, served: ServedAnswer) -> None:
        """Keep a served answer so that a later vote (even after a restart) knows what it was."""
        served = served.at_rest(self.hashed)
        with self._lock:
            conn = self._connect(writing=True)
            try:
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO answers (key, at, source, user, question, answer, citations,"
                        " question_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (served.key, served.at, served.source, served.user, served.question, served.answer,
                         json.dumps(list(served.citations)), served.question_sha256),
                    )
            finally:
                conn.close()

    def recall(self, key: str) -> ServedAnswer | None:
        with self._lock:
            conn = self._connect()
            try:
                row = conn.execute(
                    "SELECT key, source, user, question, answer, citations, at, question_sha256 FROM answers"
                    " WHERE key = ?", (key,)
                ).fetchone()
            finally:
                conn.close()
        if row is None:
            return None
        return ServedAnswer(key=row[0], source=row[1], user=row[2], question=row[3], answer=row[4],
                            citations=tuple(json.loads(row[5])), at=row[6], question_sha256=row[7])

    def entry(self, served: ServedAnswer) -> None:
        """None: served answers are kept in this file (`remember`)."""
        return None

    def all(self) -> list[dict]:
        """Every vote, oldest first, as plain dicts (citations as a list)."""
        with self._lock:
            conn = self._connect()
            try:
                rows = conn.execute(
                    "SELECT id, at, source, user, verdict, question, answer, citations, answer_key, comment,"
                    " question_sha256 FROM feedback ORDER BY id"
                ).fetchall()
            finally:
                conn.close()
        out = []
        for r in rows:
            d = dict(zip(EXPORT_COLUMNS, r))
            d["citations"] = json.loads(d["citations"])
            out.append(d)
        return out

    def export(self, fmt: str = "csv") -> str:
        """All votes as CSV (citations joined by "; ") or as a JSON array."""
        if fmt not in FORMATS:
            raise RulebotError(f"Unknown export format {fmt!r}: use csv or json.")
        return _to_json(self.all()) if fmt == "json" else _to_csv(self.all())


VOTE_NOT_RECORDED = ("Your vote could not be recorded right now (the shared store is unreachable); "
                     "please try again in a minute.")
EXPORT_UNREACHABLE = ("Could not read the feedback: {where} is unreachable ({detail}). "
                      "Start Redis or correct RULEBOT_REDIS_URL, then try again.")
NOTES_KEY = "feedback:notes"  # under the prefix: a 👎's reason by vote id (bot.admin.verified.RedisVerified's)
ANSWER_DAYS = 90  # served answers stay votable this long in Redis, unless a retention is given

# KEYS: the vote counter, the vote list.  ARGV[1]: the vote as a JSON object without its id.
# The id and the append happen together, so ids are unique and in list order across replicas.
_APPEND_VOTE = """
local id = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], '{"id": ' .. id .. ', ' .. string.sub(ARGV[1], 2))
return id
"""

# KEYS[1]: the vote list (oldest first).  ARGV[1]: the cutoff `at`; ARGV[2]: at most this many removed per call.
_PRUNE_VOTES = """
local n = 0
while n < tonumber(ARGV[2]) do
  local row = redis.call('LINDEX', KEYS[1], 0)
  if not row then break end
  local at = cjson.decode(row)['at']
  if type(at) ~= 'string' or at >= ARGV[1] then break end
  redis.call('LPOP', KEYS[1])
  n = n + 1
end
return n
"""
PRUNE_BATCH = 10_000


def _hide_stored(text: str, hashed: QuestionHash) -> str | None:
    """A vote or served answer as Redis holds it (JSON), its text replaced as `Feedback.at_rest` does;
    None when it holds no text."""
    d = json.loads(text)
    if not (d.get("question") or d.get("answer") or d.get("comment")):
        return None
    d.update(answer="", **_hidden(d.get("question", ""), d.get("question_sha256", ""), hashed))
    if "comment" in d:
        d["comment"] = ""
    return json.dumps(d, ensure_ascii=False)


class RedisFeedback:
    """`FeedbackSink` in Redis under `prefix`: served answers as keys that expire after `retention_days`
    (default `ANSWER_DAYS`), votes appended to one list (as durable as the server's persistence: run Redis
    with ``appendonly yes``), the votes older than `retention_days` removed from its head (None: kept).
    `hashed` as in the module docstring.

    Redis down: `record` raises `RulebotError` (a vote is never acknowledged unless stored), `remember` logs
    one warning per outage and carries on (the answer was still served), `recall` gives None, and
    `all`/`export` raise `RulebotError`; the clean-up on opening is skipped (the next write's does it)."""

    def __init__(self, url: str, *, prefix: str = "rulebot:", hashed: QuestionHash | None = None,
                 retention_days: float | None = None, clock: Callable[[], datetime] = _utcnow):
        self._url, self._prefix = url, prefix
        self.hashed, self.retention = hashed, Retention(retention_days, clock)
        self._answer_ttl = max(1, int((ANSWER_DAYS if retention_days is None else retention_days) * 86400))
        self._r = connect(url)
        self._append = self._r.register_script(_APPEND_VOTE)
        self._prune_votes = self._r.register_script(_PRUNE_VOTES)
        self._outage = Outage(url, what="feedback votes cannot be recorded")
        try:
            self._call(self._clean_up_earlier_runs)
            self._prune()
        except REDIS_ERRORS:
            pass  # logged once per outage

    def _votes(self) -> str:
        return self._prefix + "feedback:votes"

    def _notes(self) -> str:
        return self._prefix + NOTES_KEY

    def _prune(self) -> None:
        """Remove votes older than the retention from the head of the list (oldest first), and 👎 reasons older
        than it, when due."""
        cutoff = self.retention.due()
        if cutoff is not None:
            self._call(lambda: self._prune_votes(keys=[self._votes()], args=[cutoff, PRUNE_BATCH]))
            self._call(lambda: self._rewrite_notes(cutoff))

    def _rewrite_notes(self, cutoff: str | None) -> None:
        """Delete the 👎 reasons older than `cutoff`; with hashing, blank the words of the rest."""
        with self._r.pipeline(transaction=False) as p:  # one round trip for the changes, not one per note
            for vote_id, text in self._r.hscan_iter(self._notes(), count=1000):
                note = json.loads(text)
                if cutoff is not None and str(note.get("at", "")) < cutoff:
                    p.hdel(self._notes(), vote_id)
                elif self.hashed and note.get("reason"):
                    p.hset(self._notes(), vote_id, json.dumps({**note, "reason": ""}, ensure_ascii=False))
            p.execute()

    def _clean_up_earlier_runs(self) -> None:
        """What an earlier run kept under other settings: served answers past this retention (they were given a
        longer time to live) and 👎 reasons past it are deleted; with hashing, text kept in served answers, votes and
        👎 reasons is rewritten as hashing keeps it."""
        cutoff = self.retention.cutoff()
        if cutoff is None and not self.hashed:
            return
        for key in self._r.scan_iter(match=self._served("*"), count=1000):
            text = self._r.get(key)
            if text is None:
                continue
            if cutoff is not None and str(json.loads(text).get("at", "")) < cutoff:
                self._r.delete(key)
            elif self.hashed and (hidden := _hide_stored(text, self.hashed)) is not None:
                self._r.set(key, hidden, keepttl=True, xx=True)
        self._rewrite_notes(cutoff)
        hashed = self.hashed
        if not hashed:
            return

        def rewrite(pipe) -> None:
            changed = [(i, h) for i, text in enumerate(pipe.lrange(self._votes(), 0, -1))
                       if (h := _hide_stored(text, hashed)) is not None]
            pipe.multi()
            for i, hidden in changed:
                pipe.lset(self._votes(), i, hidden)

        self._r.transaction(rewrite, self._votes())

    def __repr__(self) -> str:
        return f"RedisFeedback({redact(self._url)!r}, prefix={self._prefix!r})"

    def _call(self, call):
        try:
            result = call()
        except REDIS_ERRORS as e:
            self._outage.failed(e)
            raise
        self._outage.ok()
        return result

    def record(self, fb: Feedback) -> int:
        """Store one vote; returns its id (1, 2, ... across every replica)."""
        fb = fb.at_rest(self.hashed)
        row = {"at": fb.at, "source": fb.source, "user": fb.user, "verdict": fb.verdict, "question": fb.question,
               "answer": fb.answer, "citations": list(fb.citations), "answer_key": fb.answer_key,
               "comment": fb.comment, "question_sha256": fb.question_sha256}
        keys = [self._prefix + "feedback:next_id", self._votes()]
        try:
            vote_id = int(self._call(lambda: self._append(keys=keys, args=[json.dumps(row, ensure_ascii=False)])))
        except REDIS_ERRORS as e:
            raise RulebotError(VOTE_NOT_RECORDED) from e
        with contextlib.suppress(*REDIS_ERRORS):  # the vote is stored; a failed clean-up is retried on the next
            self._prune()
        return vote_id

    def entry(self, served: ServedAnswer) -> Kept:
        """How `served` rests in Redis (the one place that says so): JSON under ``{prefix}feedback:answer:{key}``, as
        `ServedAnswer.at_rest` keeps it, expiring after the retention.  `remember` writes it, `recall` reads it; the
        chat state writes it with the question's ticket release (`RedisState.finish`), on the same server: one
        RULEBOT_REDIS_URL names both."""
        served = served.at_rest(self.hashed)
        text = json.dumps({"key": served.key, "source": served.source, "user": served.user,
                           "question": served.question, "answer": served.answer,
                           "citations": list(served.citations), "at": served.at,
                           "question_sha256": served.question_sha256}, ensure_ascii=False)
        return Kept(self._served(served.key), text, self._answer_ttl)

    def _served(self, key: str) -> str:
        return self._prefix + "feedback:answer:" + key

    def remember(self, served: ServedAnswer) -> None:
        kept = self.entry(served)
        try:
            self._call(lambda: self._r.set(kept.key, kept.text, ex=kept.ttl))
        except REDIS_ERRORS:
            pass  # logged once per outage; a later vote on this answer finds no question

    def recall(self, key: str) -> ServedAnswer | None:
        try:
            text = self._call(lambda: self._r.get(self._served(key)))
        except REDIS_ERRORS:
            return None
        if text is None:
            return None
        d = json.loads(text)
        return ServedAnswer(key=d["key"], source=d["source"], user=d["user"], question=d["question"],
                            answer=d["answer"], citations=tuple(d["citations"]), at=d["at"],
                            question_sha256=d.get("question_sha256", ""))

    def all(self) -> list[dict]:
        """Every vote, oldest first, as plain dicts (citations as a list)."""
        try:
            rows = self._call(lambda: self._r.lrange(self._votes(), 0, -1))
        except REDIS_ERRORS as e:
            raise RulebotError(EXPORT_UNREACHABLE.format(where=self._outage.where, detail=self._outage.detail)) from e
        return [{c: d.get(c, "") for c in EXPORT_COLUMNS} for d in map(json.loads, rows)]

    def export(self, fmt: str = "csv") -> str:
        """All votes as CSV (citations joined by "; ") or as a JSON array, with the same columns as SQLite."""
        if fmt not in FORMATS:
            raise RulebotError(f"Unknown export format {fmt!r}: use csv or json.")
        return _to_json(self.all()) if fmt == "json" else _to_csv(self.all())

    def close(self) -> None:
        self._r.close()


def feedback_from_settings(settings) -> FeedbackSink:
    """`RedisFeedback` when `settings.redis_url` is set, else `FeedbackStore` at `settings.feedback_db`, each
    hashing questions and deleting what is older than the retention as the audit settings say."""
    url = (getattr(settings, "redis_url", "") or "").strip()
    kept = {"hashed": QuestionHash.from_settings(settings), "retention_days": settings.text_days}
    return RedisFeedback(url, **kept) if url else FeedbackStore(settings.feedback_db, **kept).open_now()


def _to_json(rows: Iterable[dict]) -> str:
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"


def _to_csv(rows: Iterable[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(EXPORT_COLUMNS)
    for r in rows:
        w.writerow([("; ".join(r[c]) if c == "citations" else r[c]) for c in EXPORT_COLUMNS])
    return buf.getvalue()
