"""What a 👎 said was wrong, and the answers administrators verified, kept where the votes are (SQLite or Redis).

- `VoteNote`: what the user told after a 👎 (the reason, and optionally the passage that should have answered:
  a pin cite, with the served passage's id when it was chosen from the answer's nearest passages);
- `VerifiedAnswer` (`bot.answering.verified`): an administrator's verified answer to a question.

`VerifiedStore` keeps both in the feedback SQLite file (its own tables, ``vote_notes`` and ``verified``, beside
the votes); `RedisVerified` under the feedback's prefix in Redis, for replicas.  `verified_from_settings` picks one
as `bot.admin.feedback.feedback_from_settings` does.  A verification is never edited: verifying a question
again adds one, and `current()` gives the latest for each question.

>>> import tempfile, pathlib
>>> store = VerifiedStore(pathlib.Path(tempfile.mkdtemp()) / "fb.sqlite3")
>>> store.current()
[]
>>> v = store.add(VerifiedAnswer(0, "3", "q?", "p1", "Fed. R. Civ. P. 26(b)(1)", "h", "Parties may obtain ...", "Ann", "2026-01-05"))
>>> [x.id for x in store.current()], v.cite
([1], 'Fed. R. Civ. P. 26(b)(1)')
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Iterable, Protocol

from bot.admin.feedback import _APPEND_VOTE, EXPORT_UNREACHABLE, NOTES_KEY, FeedbackStore, _now
from bot.answering.verified import VerifiedAnswer, question_key
from bot.edges.redis_link import REDIS_ERRORS, VERIFIED_COUNT, Outage, connect
from bot.errors import RulebotError
from bot.messages import VERIFIED_NOT_RECORDED
from indexers.fetch import redact

MAX_REASON = 2000  # characters of a reason kept


@dataclass(frozen=True)
class VoteNote:
    """What a user told after a 👎 on vote `vote_id`: `reason`, and the passage that should have answered
    (`cite`, with `passage_id` when chosen from the served passages; both "" when not said)."""

    vote_id: str
    reason: str = ""
    cite: str = ""
    passage_id: str = ""
    user: str = ""
    at: str = field(default_factory=_now)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vote_id", str(self.vote_id))
        object.__setattr__(self, "reason", " ".join(self.reason.split())[:MAX_REASON])


def latest(rows: Iterable[VerifiedAnswer]) -> list[VerifiedAnswer]:
    """The latest verification of each question (rows oldest first), in the order they were made."""
    last: dict[str, VerifiedAnswer] = {}
    for v in rows:
        last.pop(question_key(v.question), None)
        last[question_key(v.question)] = v
    return list(last.values())


class VerifiedSink(Protocol):
    """Where notes on 👎 and verified answers are kept (the CLI, the chat service and the engine use it)."""

    def note(self, note: VoteNote) -> None:
        """Keep what the user said about a 👎 (a later note on the same vote replaces it)."""

    def notes(self) -> dict[str, VoteNote]: ...

    def add(self, verified: VerifiedAnswer) -> VerifiedAnswer:
        """Store a verification; returns it with its id."""

    def all(self) -> list[VerifiedAnswer]:
        """Every verification made, oldest first (a question verified again appears twice)."""

    def current(self) -> list[VerifiedAnswer]:
        """The latest verification of each question."""

    def seen(self, version: int) -> None:
        """The verified answers' version as a question's arrival read it from the shared state (`bot.chat.state`:
        how many verifications were made): `current` reads the store again only once it has changed."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS vote_notes (
    vote_id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    reason TEXT NOT NULL,
    cite TEXT NOT NULL,
    passage_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS verified (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    vote_id TEXT NOT NULL,
    question TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    cite TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    quote TEXT NOT NULL,
    by TEXT NOT NULL
);
"""
_VERIFIED_COLUMNS = "id, vote_id, question, passage_id, cite, text_hash, quote, by, at"
_NOTE_COLUMNS = "vote_id, reason, cite, passage_id, user, at"


class VerifiedStore:
    """`VerifiedSink` in the feedback SQLite file at `path` (created 0600 on the first write; reading a file
    that does not exist yet finds nothing)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._votes = FeedbackStore(self.path)  # the same file: its connection makes it 0600 with the votes' tables
        self._lock = threading.Lock()
        self._ready = False

    def _rows(self, sql: str) -> list[tuple]:
        if not self.path.exists():
            return []
        with self._lock:
            conn = self._connect()
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()

    def _write(self, sql: str, values: tuple) -> int:
        with self._lock:
            conn = self._connect()
            try:
                with conn:
                    return int(conn.execute(sql, values).lastrowid or 0)
            finally:
                conn.close()

    def _connect(self) -> sqlite3.Connection:
        conn = self._votes._connect()
        if not self._ready:
            conn.executescript(_SCHEMA)
            self._ready = True
        return conn

    def note(self, note: VoteNote) -> None:
        self._write(f"INSERT OR REPLACE INTO vote_notes ({_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                    (note.vote_id, note.reason, note.cite, note.passage_id, note.user, note.at))

    def notes(self) -> dict[str, VoteNote]:
        return {r[0]: VoteNote(*r) for r in self._rows(f"SELECT {_NOTE_COLUMNS} FROM vote_notes")}

    def add(self, verified: VerifiedAnswer) -> VerifiedAnswer:
        v = verified
        new_id = self._write("INSERT INTO verified (vote_id, question, passage_id, cite, text_hash, quote, by, at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (v.vote_id, v.question, v.passage_id, v.cite, v.text_hash, v.quote, v.by, v.at))
        return replace(v, id=new_id)

    def all(self) -> list[VerifiedAnswer]:
        return [VerifiedAnswer(*r) for r in self._rows(f"SELECT {_VERIFIED_COLUMNS} FROM verified ORDER BY id")]

    def current(self) -> list[VerifiedAnswer]:
        return latest(self.all())

    def seen(self, version: int) -> None:
        """Nothing: the file is read each time (`VerifiedFirst` reads it at most once a second)."""


class RedisVerified:
    """`VerifiedSink` in Redis under `prefix` (the feedback's): notes in one hash by vote id, verifications
    appended to one list with ids unique across replicas.  Redis down: `note` and `add` raise `RulebotError`
    (nothing is acknowledged unless stored), the reads raise it too (the engine then keeps what it read last)."""

    def __init__(self, url: str, *, prefix: str = "rulebot:"):
        self._url, self._prefix = url, prefix
        self._r = connect(url)
        self._append = self._r.register_script(_APPEND_VOTE)
        self._outage = Outage(url, what="verified answers cannot be read or recorded")
        self._seen = -1  # the highest version arrivals read (-1: none; then `current` reads the list each time)
        self._read: tuple[int, list[VerifiedAnswer]] | None = None  # (version, the current ones) as read last

    def __repr__(self) -> str:
        return f"RedisVerified({redact(self._url)!r}, prefix={self._prefix!r})"

    def _call(self, call, *, failed: str):
        try:
            result = call()
        except REDIS_ERRORS as e:
            self._outage.failed(e)
            raise RulebotError(failed) from e
        self._outage.ok()
        return result

    def _unreachable(self) -> str:
        return EXPORT_UNREACHABLE.format(where=self._outage.where, detail=self._outage.detail)

    def note(self, note: VoteNote) -> None:
        text = json.dumps(asdict(note), ensure_ascii=False)
        self._call(lambda: self._r.hset(self._prefix + NOTES_KEY, note.vote_id, text),
                   failed=VERIFIED_NOT_RECORDED)

    def notes(self) -> dict[str, VoteNote]:
        found = self._call(lambda: self._r.hgetall(self._prefix + NOTES_KEY), failed=self._unreachable())
        return {k: VoteNote(**json.loads(v)) for k, v in found.items()}

    def add(self, verified: VerifiedAnswer) -> VerifiedAnswer:
        row = {k: v for k, v in verified.as_dict().items() if k != "id"}
        keys = [self._prefix + VERIFIED_COUNT, self._prefix + "feedback:verified"]
        new_id = self._call(lambda: self._append(keys=keys, args=[json.dumps(row, ensure_ascii=False)]),
                            failed=VERIFIED_NOT_RECORDED)
        return replace(verified, id=int(new_id))

    def all(self) -> list[VerifiedAnswer]:
        rows = self._call(lambda: self._r.lrange(self._prefix + "feedback:verified", 0, -1), failed=self._unreachable())
        return [VerifiedAnswer(**json.loads(r)) for r in rows]

    def seen(self, version: int) -> None:
        self._seen = max(self._seen, version)  # versions only grow (each verification adds one)

    def current(self) -> list[VerifiedAnswer]:
        """The latest verification of each question: the whole list is read (with its version, in one transaction)
        only when no arrival has read the version yet, or one read a version other than the list's as read last;
        else the list as read last, without a call to Redis."""
        read, seen = self._read, self._seen
        if read is not None and read[0] == seen:
            return read[1]
        key = self._prefix + "feedback:verified"

        def call() -> list:
            with self._r.pipeline(transaction=True) as p:
                return p.get(self._prefix + VERIFIED_COUNT).lrange(key, 0, -1).execute()

        version, rows = self._call(call, failed=self._unreachable())
        found = latest([VerifiedAnswer(**json.loads(r)) for r in rows])
        self._read = (int(version or 0), found)
        return found

    def close(self) -> None:
        self._r.close()


class ReasonsUnkept:
    """A `VerifiedSink` that keeps no user's words at rest (``RULEBOT_AUDIT_HASH_QUESTIONS``): a 👎's reason is
    dropped; the passage it pointed to (a pin cite of the index) is kept."""

    def __init__(self, sink: VerifiedSink):
        self._sink = sink

    def note(self, note: VoteNote) -> None:
        self._sink.note(replace(note, reason=""))

    def __getattr__(self, name: str):
        return getattr(self._sink, name)


def verified_from_settings(settings) -> VerifiedSink:
    """`RedisVerified` when `settings.redis_url` is set, else `VerifiedStore` in the feedback file (where the
    votes are, either way); with hashed questions, no reason text is kept (`ReasonsUnkept`)."""
    url = (getattr(settings, "redis_url", "") or "").strip()
    sink: VerifiedSink = RedisVerified(url) if url else VerifiedStore(settings.feedback_db)
    return ReasonsUnkept(sink) if getattr(settings, "audit_hash_questions", False) else sink
