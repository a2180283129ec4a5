"""Operations at the edges: health and readiness probes, Prometheus metrics, JSON logs, the audit log.

The core stays pure: the servers hold an `ObservedEngine`, a wrapper around
`Engine` whose `answer` and `reindex` count, time and audit each call, and
they route ``GET /healthz``, ``/readyz`` and ``/metrics`` to `probe`.

    ops = Ops(settings, surface="slack")
    engine = ops.wrap(Engine(settings))          # hand this to the Slack app / Teams bot
    probe("/readyz", engine)                      # -> Probe(503, ..., '{"ready": false, ...}')

Who asked and where: an adapter that knows it says so around the call,
``with caller("slack", user="U1", channel="C1"): engine.answer(q)``, or passes
``caller=Caller(...)`` to `ObservedEngine.answer`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from bot.errors import BadQuestion, IndexMissing, IndexUnavailable, RulebotError, SettingError
from indexers.fetch import redact

log = logging.getLogger("rulebot.ops")

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("rulebot_request_id", default="")


@dataclass(frozen=True)
class Caller:
    """Who asked, from where (the adapter knows; the core does not)."""

    surface: str = ""  # "slack", "teams", "cli"
    user: str = ""
    channel: str = ""


CALLER: contextvars.ContextVar[Caller | None] = contextvars.ContextVar("rulebot_caller", default=None)


@contextlib.contextmanager
def caller(surface: str, user: str = "", channel: str = "") -> Iterator[Caller]:
    """Name the asker for the audit log of the answers given inside the block."""
    c = Caller(surface, user, channel)
    token = CALLER.set(c)
    try:
        yield c
    finally:
        CALLER.reset(token)


def new_request_id() -> str:
    return secrets.token_hex(6)


# --- structured logs ------------------------------------------------------------------------

class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and any `extra` fields."""

    SKIP = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = getattr(record, "request_id", "") or REQUEST_ID.get()
        if rid:
            out["request_id"] = rid
        for k, v in record.__dict__.items():
            if k not in self.SKIP and k != "request_id" and not k.startswith("_"):
                out[k] = v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class Redacted(logging.Formatter):
    """Another formatter's lines (message, fields and traceback) with the credentials of every URL
    in them replaced by ``***``."""

    def __init__(self, inner: logging.Formatter):
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record))


PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that may log a request or message body at INFO or DEBUG (Bolt logs a refused request's body).
BODY_LOGGERS = ("slack_bolt", "slack_sdk", "botbuilder", "botframework", "aiohttp.access", "aiohttp.server",
                "rulebot.slack.bolt")


def library_log_levels(settings) -> None:
    """With `audit_hash_questions`, the libraries in `BODY_LOGGERS` log at WARNING or above only
    (their lower levels can carry request bodies, so questions); without it they follow the root
    level.  Their warnings about bodies are filtered where they are raised (`bot.slack.app`)."""
    for name in BODY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING if settings.audit_hash_questions else logging.NOTSET)


def configure_logging(settings, stream=None) -> None:
    """Root logging for a server: JSON lines when `settings.log_json`, else plain text; level from settings.
    Credentials in URLs never reach a line; with `audit_hash_questions` no library logs below WARNING."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(Redacted(JsonFormatter() if settings.log_json else logging.Formatter(PLAIN_FORMAT)))
    root = logging.getLogger()
    for h in list(root.handlers):  # one format per process: replace what `rulebot` main set up
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler):
            root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(getattr(logging, str(settings.log_level).upper(), logging.INFO))
    for noisy in ("httpx", "httpcore", "chromadb.telemetry", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    library_log_levels(settings)


# --- metrics ----------------------------------------------------------------------------------

class Metrics:
    """Prometheus metrics in their own registry (one per `Ops`, so tests and replicas do not mix)."""

    def __init__(self, registry=None):
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.requests = Counter("rulebot_questions", "Questions answered, by surface and outcome",
                                ["surface", "outcome"], registry=r)
        self.latency = Histogram("rulebot_answer_seconds", "Time to answer a question", ["surface"],
                                 buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60), registry=r)
        self.abstentions = Counter("rulebot_abstentions", "Questions the corpus does not answer", ["surface"],
                                   registry=r)
        self.errors = Counter("rulebot_errors", "Questions that failed, by error kind", ["surface", "kind"],
                              registry=r)
        self.reindex = Histogram("rulebot_reindex_seconds", "Duration of reindex runs", ["outcome"],
                                 buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600), registry=r)
        self.index_passages = Gauge("rulebot_index_passages", "Passages in the served index version", registry=r)
        self.ready = Gauge("rulebot_ready", "1 when the index and the model are loaded", registry=r)

    def render(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(self.registry), CONTENT_TYPE_LATEST


# --- the audit log ------------------------------------------------------------------------------

class QuestionHash:
    """What is kept of a question with ``RULEBOT_AUDIT_HASH_QUESTIONS=1`` (audit log, feedback store): a keyed
    SHA-256 (HMAC) of its UTF-8 text, in hex.  Keyed, so that whoever reads the files cannot confirm a guess
    ("did anyone ask about sealing the Acme exhibits?") by hashing it; the same question hashes alike wherever
    it is kept, so a vote and the audit line of its question still match.

    >>> h = QuestionHash(b"k"); h("q?") == h("q?") != QuestionHash(b"other")("q?"), len(h("q?"))
    (True, 64)
    >>> h("q?") != hashlib.sha256(b"q?").hexdigest()
    True
    """

    def __init__(self, key: bytes):
        if not key:
            raise ValueError("a question hash needs a key")
        self._key = key

    def __call__(self, question: str) -> str:
        return hmac.new(self._key, question.encode("utf-8"), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "QuestionHash(<key>)"

    @classmethod
    def from_settings(cls, settings) -> "QuestionHash | None":
        """None unless questions are hashed; the key is ``RULEBOT_AUDIT_HASH_KEY`` (give every replica the same one
        when they keep their homes apart), else ``<home>/audit/hash.key``, made at first use (32 random bytes,
        0600 in a 0700 folder; replicas sharing the home share it)."""
        if not getattr(settings, "audit_hash_questions", False):
            return None
        key = getattr(settings, "audit_hash_key", "")
        return cls(key.encode("utf-8") if key else _home_key(settings.home / "audit" / "hash.key"))


def _home_key(path: Path) -> bytes:
    """The key kept at `path`, made when there is none: written aside and linked into place, so that a process
    starting beside this one reads the whole key or makes its own attempt, and one key wins (a volume without
    hard links: created in place, exclusively).  A key file left readable by others is made 0600; one that is
    empty or unreadable stops the start with one line naming it."""
    def read() -> bytes | None:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SettingError(f"{path}: the question-hash key cannot be read ({exc.strerror}); fix its owner and mode "
                               "or set RULEBOT_AUDIT_HASH_KEY") from None
        with os.fdopen(fd, "rb") as f:
            if os.fstat(fd).st_mode & 0o077:
                os.fchmod(fd, 0o600)
            key = f.read().strip()
        if not key:
            raise SettingError(f"{path}: the question-hash key is empty; delete the file (a new key is made, and "
                               "earlier hashes no longer match) or set RULEBOT_AUDIT_HASH_KEY")
        return key

    key = read()
    if key is not None:
        return key
    def write(where: Path) -> None:  # created here, exclusively, 0600; on disk before anyone may read it
        fd = open_private(where, os.O_WRONLY | os.O_EXCL)
        try:
            os.write(fd, made)
            os.fsync(fd)
        finally:
            os.close(fd)

    made = secrets.token_hex(32).encode("ascii")
    aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        write(aside)
        try:
            os.link(aside, path)  # fails if another process made it first: theirs is the key
        except FileExistsError:
            pass
        except OSError:  # no hard links on this volume
            with contextlib.suppress(FileExistsError):
                write(path)
    finally:
        aside.unlink(missing_ok=True)
    key = read()
    if key is None:
        raise SettingError(f"{path}: the question-hash key could not be made; set RULEBOT_AUDIT_HASH_KEY")
    return key


class AuditLog:
    """Questions, answers and citations, one JSON line each, in ``<home>/audit/audit-YYYY-MM-DD-<host>.jsonl``
    (one file per day and per writer, so replicas sharing a volume never interleave lines).

    `hashed` (a `QuestionHash`) keeps only a keyed SHA-256 of each question and no answer text (citations stay:
    they are public law).  A rejected question (empty, too long) is recorded by its size and the
    reason, never its text.  The folder is created 0700 and the files 0600 (only the bot's user
    reads them).  Files older than `retention_days` are deleted (0 = no audit log kept).
    """

    def __init__(self, directory: Path, *, retention_days: int = 90, hashed: QuestionHash | None = None,
                 clock=lambda: dt.datetime.now(dt.timezone.utc), writer: str | None = None):
        import re
        import socket

        self.dir = Path(directory)
        self.writer = re.sub(r"[^A-Za-z0-9_.-]", "_", writer if writer is not None else socket.gethostname())
        self.retention_days = retention_days
        self.hashed = hashed
        self.clock = clock
        self._lock = threading.Lock()
        self._pruned_on = ""

    @classmethod
    def from_settings(cls, settings) -> "AuditLog":
        return cls(settings.home / "audit", retention_days=settings.audit_retention_days,
                   hashed=QuestionHash.from_settings(settings))

    def record(self, *, question: str, answer=None, caller: Caller | None = None, request_id: str = "",
               outcome: str = "", seconds: float = 0.0, error: str = "", rejected: bool = False) -> dict | None:
        if self.retention_days <= 0:
            return None
        now = self.clock()
        c = caller or Caller()
        entry: dict[str, Any] = {"ts": now.isoformat(timespec="seconds"), "request_id": request_id,
                                 "surface": c.surface, "user": c.user, "channel": c.channel, "outcome": outcome,
                                 "ms": round(seconds * 1000)}
        if rejected:
            entry["question_chars"] = len(question)
        elif self.hashed:
            entry["question_sha256"] = self.hashed(question)
        else:
            entry["question"] = question
        if answer is not None:
            entry["abstained"] = bool(getattr(answer, "abstained", False))
            entry["citations"] = [c.cite for c in getattr(answer, "citations", ())]
            if not self.hashed:
                entry["answer"] = getattr(answer, "text", "")
        if error:
            entry["error"] = error
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            with private_append(self.dir / f"audit-{now:%Y-%m-%d}-{self.writer}.jsonl") as f:
                f.write(line.encode("utf-8"))
            if self._pruned_on != f"{now:%Y-%m-%d}":
                self._pruned_on = f"{now:%Y-%m-%d}"
                self.prune(now)
        return entry

    def prune(self, now: dt.datetime | None = None) -> list[str]:
        """Delete audit files older than the retention period; returns their names."""
        now = now or self.clock()
        cutoff = (now - dt.timedelta(days=self.retention_days)).date()
        removed = []
        for path in sorted(self.dir.glob("audit-*.jsonl")):
            try:
                day = dt.date.fromisoformat(path.stem[len("audit-"):len("audit-YYYY-MM-DD")])
            except ValueError:
                continue
            if day < cutoff:
                path.unlink(missing_ok=True)
                removed.append(path.name)
        return removed


def open_private(path: Path, flags: int) -> int:
    """A descriptor for `path` (flags as `os.open`), the file created 0600 in a folder created 0700:
    files that hold questions are readable by the bot's user only."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, flags | os.O_CREAT, 0o600)
    if os.fstat(fd).st_mode & 0o077:  # a file left by an older version: make it private too
        os.fchmod(fd, 0o600)
    return fd


@contextlib.contextmanager
def private_append(path: Path) -> Iterator[Any]:
    """`path` opened for appending bytes (see `open_private`)."""
    with os.fdopen(open_private(path, os.O_WRONLY | os.O_APPEND), "ab") as f:
        yield f


# --- the wrapper the servers hold --------------------------------------------------------------

def _kind(exc: BaseException) -> str:
    for cls, name in ((BadQuestion, "bad_question"), (IndexUnavailable, "index_unavailable"),
                      (IndexMissing, "index_missing"), (RulebotError, "rulebot")):
        if isinstance(exc, cls):
            return name
    return "internal"


class Ops:
    """Metrics and the audit log for one server process."""

    def __init__(self, settings, *, surface: str, metrics: Metrics | None = None, audit: AuditLog | None = None):
        self.settings = settings
        self.surface = surface
        self.metrics = metrics or Metrics()
        self.audit = audit or AuditLog.from_settings(settings)

    def wrap(self, engine) -> "ObservedEngine":
        return ObservedEngine(engine, self)


class ObservedEngine:
    """`Engine` with metrics, a request id and an audit line around `answer` and `reindex`; every
    other attribute is the engine's own."""

    def __init__(self, engine, ops: Ops):
        self._engine = engine
        self.ops = ops

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    @property
    def engine(self):
        return self._engine

    def answer(self, question: str, *args: Any, caller: Caller | None = None, **kwargs: Any):
        ops = self.ops
        surface = (caller or CALLER.get() or Caller(ops.surface)).surface or ops.surface
        who = caller or CALLER.get() or Caller(surface)
        rid = REQUEST_ID.get() or new_request_id()
        token = REQUEST_ID.set(rid)
        t0 = time.perf_counter()
        try:
            ans = self._engine.answer(question, *args, **kwargs)
        except Exception as exc:
            seconds = time.perf_counter() - t0
            kind = _kind(exc)
            ops.metrics.requests.labels(surface, "error").inc()
            ops.metrics.errors.labels(surface, kind).inc()
            ops.metrics.latency.labels(surface).observe(seconds)
            log.warning("question failed", extra={"event": "answer", "outcome": "error", "error_kind": kind,
                                                  "ms": round(seconds * 1000), "surface": surface,
                                                  "question_chars": len(question or "")})
            self._audit(question, None, who, rid, "error", seconds, f"{kind}: {str(exc)[:300]}",
                        rejected=kind == "bad_question")
            REQUEST_ID.reset(token)
            raise
        seconds = time.perf_counter() - t0
        outcome = "abstained" if getattr(ans, "abstained", False) else "answered"
        ops.metrics.requests.labels(surface, outcome).inc()
        ops.metrics.latency.labels(surface).observe(seconds)
        if outcome == "abstained":
            ops.metrics.abstentions.labels(surface).inc()
        log.info("question answered", extra={"event": "answer", "outcome": outcome, "ms": round(seconds * 1000),
                                             "surface": surface, "citations": len(getattr(ans, "citations", ()))})
        self._audit(question, ans, who, rid, outcome, seconds, "")
        REQUEST_ID.reset(token)
        return ans

    def _audit(self, question, ans, who, rid, outcome, seconds, error, rejected: bool = False) -> None:
        try:
            self.ops.audit.record(question=question or "", answer=ans, caller=who, request_id=rid, outcome=outcome,
                                  seconds=seconds, error=error, rejected=rejected)
        except OSError:  # the audit log must never cost the user an answer
            log.exception("could not write the audit log")

    def reindex(self, *args: Any, **kwargs: Any):
        t0 = time.perf_counter()
        outcome = "error"
        try:
            report = self._engine.reindex(*args, **kwargs)
            outcome = "published" if getattr(report, "changed", True) else "unchanged"
            return report
        finally:
            self.ops.metrics.reindex.labels(outcome).observe(time.perf_counter() - t0)
            log.info("reindex finished", extra={"event": "reindex", "outcome": outcome,
                                                "seconds": round(time.perf_counter() - t0, 1)})


# --- probes -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Probe:
    status: int
    content_type: str
    body: bytes


def _json(status: int, data: dict) -> Probe:
    return Probe(status, "application/json", json.dumps(data).encode("utf-8"))


def readiness(engine) -> tuple[bool, dict]:
    """Ready when the model is loaded and the index version is reachable and loaded.
    The body is ``{"ready": true}``, or ``{"ready": false, "reason": ...}``."""
    try:
        embedder = getattr(engine, "embedder", None)
        if embedder is not None and hasattr(embedder, "model"):
            embedder.model  # noqa: B018 - loads the model on first use
        if hasattr(engine, "index"):
            engine.index()  # raises IndexUnavailable / IndexMissing with the reason
        store = getattr(engine, "store", None)
        if store is not None and hasattr(store, "current_version"):
            store.current_version()  # the store answers now, not only a second ago
        ok = bool(engine.ready()) if hasattr(engine, "ready") else True
    except RulebotError as exc:
        return False, {"ready": False, "reason": redact(str(exc))}
    except Exception as exc:  # a probe answers; it never raises
        log.exception("readiness check failed")
        return False, {"ready": False, "reason": redact(f"{type(exc).__name__}: {str(exc)[:200]}")}
    return ok, {"ready": ok} if ok else {"ready": False, "reason": "the index is not loaded"}


def ops_engine(engine):
    """The plain engine inside an `ObservedEngine` (or the engine itself)."""
    return engine.engine if isinstance(engine, ObservedEngine) else engine


def probe(path: str, engine=None, state=None) -> Probe | None:
    """The answer for ``GET path`` when it is an operations endpoint, else None (the caller 404s).

    `state` is the chat state store: when it reports a problem, ``/readyz`` names it as ``"state"``.  Redis out of
    reach leaves it ready, since questions are still answered (de-duplicated in each replica only); Redis answering
    but refusing writes (out of memory, read-only: a misconfiguration to fix) makes it not ready, with that reason."""
    path = path.partition("?")[0].rstrip("/") or "/"
    ops: Ops | None = getattr(engine, "ops", None) if isinstance(engine, ObservedEngine) else None
    if path == "/healthz":
        return _json(200, {"ok": True})
    if path == "/readyz":
        if engine is None:
            return _json(503, {"ready": False, "reason": "no engine"})
        ok, detail = readiness(engine)
        writable, problem = state.readiness() if state is not None else (True, "")
        if not writable:
            ok, detail = False, {"ready": False, "reason": detail.get("reason") or problem}
        if problem:
            detail = {**detail, "state": problem}
        if ops is not None:
            ops.metrics.ready.set(1 if ok else 0)
            idx = getattr(ops_engine(engine), "_index", None)
            if idx is not None:
                ops.metrics.index_passages.set(len(idx.passages))
        return _json(200 if ok else 503, detail)
    if path == "/metrics":
        if ops is None:
            from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

            return Probe(200, CONTENT_TYPE_LATEST, generate_latest(REGISTRY))
        body, ctype = ops.metrics.render()
        return Probe(200, ctype, body)
    return None
