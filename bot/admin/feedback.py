"""Feedback on answers (👍/👎), kept in SQLite or Redis and exported as CSV or JSON.

Shared by the Slack and Teams adapters through one interface, `FeedbackSink`:

- `FeedbackStore`: a local SQLite file (one server) with two tables, ``answers``
  (every answer served to a chat user, under a short key that the answer's buttons
  carry, so a vote still finds its question after a restart) and ``feedback`` (one
  row per vote);
- `RedisFeedback`: the same in Redis, for several replicas behind a load balancer.

`feedback_from_settings(settings)` picks one: Redis when `settings.redis_url` is set.

>>> import tempfile, pathlib
>>> store = FeedbackStore(pathlib.Path(tempfile.mkdtemp()) / "fb.sqlite3")
>>> store.record(Feedback(source="slack", user="U1", question="q?", answer="a [1]",
...                      citations=["Fed. R. Civ. P. 26(c)(1)"], verdict="up"))
1
>>> store.export("json").count('"verdict": "up"')
1
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Protocol

from bot.edges.redis_link import REDIS_ERRORS, Outage, connect
from bot.errors import RulebotError
from bot.edges.ops import open_private
from indexers.fetch import redact

VERDICTS = ("up", "down")
FORMATS = ("csv", "json")
EXPORT_COLUMNS = ("id", "at", "source", "user", "verdict", "question", "answer", "citations", "answer_key",
                  "comment")

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
    comment TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    user TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL
);
"""


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring a feedback file made by an earlier version up to this schema (columns added since)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
    if "comment" not in columns:
        with conn:
            conn.execute("ALTER TABLE feedback ADD COLUMN comment TEXT NOT NULL DEFAULT ''")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "citations", tuple(self.citations))
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {self.verdict!r}")


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "citations", tuple(self.citations))


class FeedbackSink(Protocol):
    """Where votes and served answers are kept (what the Slack and Teams adapters use)."""

    def record(self, fb: Feedback) -> int | str:
        """Store one vote durably; returns its id.  Raises `RulebotError` rather than lose it silently."""

    def remember(self, served: ServedAnswer) -> None:
        """Keep a served answer so that a later vote knows what it was."""

    def recall(self, key: str) -> ServedAnswer | None: ...

    def all(self) -> list[dict]:
        """Every vote, oldest first, as plain dicts with the keys `EXPORT_COLUMNS` (citations as a list)."""

    def export(self, fmt: str = "csv") -> str: ...


class FeedbackStore:
    """SQLite store at `path` (normally `settings.feedback_db`); safe to share between threads.

    It holds questions, so the file is created 0600 (SQLite gives its journal the same mode)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            os.close(open_private(self.path, os.O_RDWR))
        conn = sqlite3.connect(self.path, timeout=30)
        if not self._ready:
            conn.executescript(_SCHEMA)
            _migrate(conn)
            self._ready = True
        return conn

    def record(self, fb: Feedback) -> int:
        """Store one vote; returns its row id."""
        with self._lock:
            conn = self._connect()
            try:
                with conn:
                    cur = conn.execute(
                        "INSERT INTO feedback (at, source, user, verdict, question, answer, citations, answer_key,"
                        " comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (fb.at, fb.source, fb.user, fb.verdict, fb.question, fb.answer,
                         json.dumps(list(fb.citations)), fb.answer_key, fb.comment),
                    )
                return int(cur.lastrowid)
            finally:
                conn.close()

    def remember(self, served: ServedAnswer) -> None:
        """Keep a served answer so that a later vote (even after a restart) knows what it was."""
        with self._lock:
            conn = self._connect()
            try:
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO answers (key, at, source, user, question, answer, citations)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (served.key, served.at, served.source, served.user, served.question, served.answer,
                         json.dumps(list(served.citations))),
                    )
            finally:
                conn.close()

    def recall(self, key: str) -> ServedAnswer | None:
        with self._lock:
            conn = self._connect()
            try:
                row = conn.execute(
                    "SELECT key, source, user, question, answer, citations, at FROM answers WHERE key = ?", (key,)
                ).fetchone()
            finally:
                conn.close()
        if row is None:
            return None
        return ServedAnswer(key=row[0], source=row[1], user=row[2], question=row[3], answer=row[4],
                            citations=tuple(json.loads(row[5])), at=row[6])

    def all(self) -> list[dict]:
        """Every vote, oldest first, as plain dicts (citations as a list)."""
        with self._lock:
            conn = self._connect()
            try:
                rows = conn.execute(
                    "SELECT id, at, source, user, verdict, question, answer, citations, answer_key, comment"
                    " FROM feedback ORDER BY id"
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
ANSWER_DAYS = 90  # served answers stay votable this long in Redis

# KEYS: the vote counter, the vote list.  ARGV[1]: the vote as a JSON object without its id.
# The id and the append happen together, so ids are unique and in list order across replicas.
_APPEND_VOTE = """
local id = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], '{"id": ' .. id .. ', ' .. string.sub(ARGV[1], 2))
return id
"""


class RedisFeedback:
    """`FeedbackSink` in Redis under `prefix`: served answers as keys that expire after `answer_days`,
    votes appended to one list (as durable as the server's persistence: run Redis with ``appendonly yes``).

    Redis down: `record` raises `RulebotError` (a vote is never acknowledged unless stored), `remember` logs
    one warning per outage and carries on (the answer was still served), `recall` gives None, and
    `all`/`export` raise `RulebotError`."""

    def __init__(self, url: str, *, prefix: str = "rulebot:", answer_days: float = ANSWER_DAYS):
        self._url, self._prefix = url, prefix
        self._answer_ttl = int(answer_days * 86400)
        self._r = connect(url)
        self._append = self._r.register_script(_APPEND_VOTE)
        self._outage = Outage(url, what="feedback votes cannot be recorded")

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
        row = {"at": fb.at, "source": fb.source, "user": fb.user, "verdict": fb.verdict, "question": fb.question,
               "answer": fb.answer, "citations": list(fb.citations), "answer_key": fb.answer_key,
               "comment": fb.comment}
        keys = [self._prefix + "feedback:next_id", self._prefix + "feedback:votes"]
        try:
            return int(self._call(lambda: self._append(keys=keys, args=[json.dumps(row, ensure_ascii=False)])))
        except REDIS_ERRORS as e:
            raise RulebotError(VOTE_NOT_RECORDED) from e

    def remember(self, served: ServedAnswer) -> None:
        text = json.dumps({"key": served.key, "source": served.source, "user": served.user,
                           "question": served.question, "answer": served.answer,
                           "citations": list(served.citations), "at": served.at}, ensure_ascii=False)
        key = self._prefix + "feedback:answer:" + served.key
        try:
            self._call(lambda: self._r.set(key, text, ex=self._answer_ttl))
        except REDIS_ERRORS:
            pass  # logged once per outage; a later vote on this answer finds no question

    def recall(self, key: str) -> ServedAnswer | None:
        try:
            text = self._call(lambda: self._r.get(self._prefix + "feedback:answer:" + key))
        except REDIS_ERRORS:
            return None
        if text is None:
            return None
        d = json.loads(text)
        return ServedAnswer(key=d["key"], source=d["source"], user=d["user"], question=d["question"],
                            answer=d["answer"], citations=tuple(d["citations"]), at=d["at"])

    def all(self) -> list[dict]:
        """Every vote, oldest first, as plain dicts (citations as a list)."""
        try:
            rows = self._call(lambda: self._r.lrange(self._prefix + "feedback:votes", 0, -1))
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
    """`RedisFeedback` when `settings.redis_url` is set, else `FeedbackStore` at `settings.feedback_db`."""
    url = (getattr(settings, "redis_url", "") or "").strip()
    return RedisFeedback(url) if url else FeedbackStore(settings.feedback_db)


def _to_json(rows: Iterable[dict]) -> str:
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"


def _to_csv(rows: Iterable[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(EXPORT_COLUMNS)
    for r in rows:
        w.writerow([("; ".join(r[c]) if c == "citations" else r[c]) for c in EXPORT_COLUMNS])
    return buf.getvalue()
