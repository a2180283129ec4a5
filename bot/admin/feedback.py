"""Feedback on answers (👍/👎), kept in a local SQLite file and exported as CSV or JSON.

Shared by the Slack and Teams adapters.  Two tables:

- ``answers``: every answer served to a chat user, under a short key that the
  answer's buttons carry (so a vote still finds its question after a restart);
- ``feedback``: one row per vote.

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
from typing import Iterable

from bot.errors import RulebotError
from bot.ops import open_private

VERDICTS = ("up", "down")
FORMATS = ("csv", "json")
EXPORT_COLUMNS = ("id", "at", "source", "user", "verdict", "question", "answer", "citations", "answer_key")

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
    answer_key TEXT NOT NULL DEFAULT ''
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
            self._ready = True
        return conn

    def record(self, fb: Feedback) -> int:
        """Store one vote; returns its row id."""
        with self._lock:
            conn = self._connect()
            try:
                with conn:
                    cur = conn.execute(
                        "INSERT INTO feedback (at, source, user, verdict, question, answer, citations, answer_key)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (fb.at, fb.source, fb.user, fb.verdict, fb.question, fb.answer,
                         json.dumps(list(fb.citations)), fb.answer_key),
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
                    "SELECT id, at, source, user, verdict, question, answer, citations, answer_key"
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


def _to_json(rows: Iterable[dict]) -> str:
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"


def _to_csv(rows: Iterable[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(EXPORT_COLUMNS)
    for r in rows:
        w.writerow([("; ".join(r[c]) if c == "citations" else r[c]) for c in EXPORT_COLUMNS])
    return buf.getvalue()
