"""Read one document in a child process: a memory limit it cannot raise, a wall clock it cannot escape.

The extract step checks its budgets between pages and parts, but a single call can still run away: pdfminer
inflates a content stream in one call and turns every drawing operator of a page into Python objects, so a
21 KB PDF can take gigabytes and minutes before the clock is read again; Python 3.11's html.parser spends
minutes on 400 KB of unclosed tags in one `feed`.  `run` runs the read in a child forked from a fork server
(started once per process, about 0.5 s, with the readers imported; never forked from the threaded server
itself; each child costs about 20 ms) under ``RLIMIT_AS`` = `Budgets.memory_bytes` and ``RLIMIT_CPU`` just
past the wall clock, while the parent waits at most `Budgets.seconds` plus `GRACE` and then kills it.
At most `Budgets.reads` children run at once in one process (``RULEBOT_MAX_CONCURRENT_READS``: each may
take the whole memory budget; one count for the whole process, sized by the first read, a later read asking
for another size is told once in the log); a further read waits for one to end, and the wait counts against
its own `Budgets.seconds` (a read takes at most that, waiting included, plus `GRACE`): a read that finds no
place within it is refused in one line, no child started.
Whatever happens, the caller gets the answer back, or a one-line `BadDocument`: the child's own refusal,
or one naming ``RULEBOT_MAX_DOCUMENT_MEMORY_MB`` or ``RULEBOT_DOCUMENT_SECONDS``.  The child's warnings
(pdfminer's) are logged in the parent under their own logger names.  What the child writes to its standard error
(a "Fatal Python error" and its thread dump, when the interpreter itself runs out of memory and aborts) is read
by the parent, never passed to the server's log: a child that dies is one line there, with that error's first line.  Like any multiprocessing child it
imports the parent's main script first (as ``__mp_main__``): a script that reads documents keeps its work
under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import multiprocessing
import os
import pickle
import signal
import threading
import time
from multiprocessing.connection import wait
from typing import Any, Callable

from indexers.budgets import Budgets

log = logging.getLogger(__name__)

GRACE = 1.0  # seconds past the budget for the child to refuse by itself before it is killed
PRELOAD = ["indexers.isolate", "indexers.extract", "pdfplumber", "pdfminer.pdfpage", "docx", "lxml.etree",
           "bs4", "yaml"]
NO_MEMORY = 86  # the child's exit code when it had no memory left to answer
MAX_LOG_RECORDS = 20  # warnings of one read passed back to the parent (a broken PDF can log thousands)
MAX_STDERR = 4096  # bytes of the child's standard error kept (the rest is read and dropped)

_lock = threading.RLock()  # the first child, run while choosing the context, asks for it too
_context: Any = None
_slots: threading.BoundedSemaphore | None = None  # the reads running at once in this process
_slots_size = 0  # what it was sized to (the first read's `Budgets.reads`)
_sizes_told: set[int] = set()  # other sizes asked for, each told once


def run(budgets: Budgets, name: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` (a module-level function) in a child held to `budgets.memory_bytes` and
    `budgets.seconds`: its value, or what it raised, or a one-line `BadDocument` about `name` (a document)
    when the child ran out of memory or time.

    >>> run(Budgets(seconds=10), "note.txt", len, "Hello, court.")
    13
    """
    ctx = context()
    slots, size = _slots_for(budgets.reads)
    asked = time.monotonic()
    if not slots.acquire(timeout=budgets.seconds):
        raise dataclasses.replace(budgets, reads=size).busy(name)
    waited = time.monotonic() - asked
    try:
        answer, exitcode = _in_child(ctx, budgets, fn, args, kwargs, max(0.0, budgets.seconds - waited) + GRACE,
                                     name=name)
    finally:
        slots.release()
    return _answered(budgets, name, answer, exitcode, waited)


def _in_child(ctx: Any, budgets: Budgets, fn: Callable[..., Any], args: tuple, kwargs: dict,
              seconds: float, *, name: str = "a document") -> tuple[tuple | None, int | None]:
    """`fn` run in a child of `ctx` held to `budgets`, killed after `seconds`: `_wait`'s answer and exit code.
    The child's standard error comes to this process (`_Stderr`); a child that ended without an answer is one log
    line naming `name`, how it ended and the first line it wrote there."""
    reader, writer = ctx.Pipe(duplex=False)
    err_reader, err_writer = ctx.Pipe(duplex=False)  # the child's fd 2 (its bytes are read raw, not as messages)
    try:
        child = ctx.Process(target=_child, args=(writer, budgets, fn, args, kwargs, err_writer), name="rulebot-read",
                            daemon=True)
        try:
            child.start()
        finally:
            writer.close()  # the child holds the only write end: its death is the reader's end of file
            err_writer.close()
        stderr = _Stderr(err_reader)
        answer, exitcode = _wait(child, reader, seconds, stderr)
        stderr.drain()
        if answer is None:
            how = "killed at its deadline" if exitcode is None else (
                signal.Signals(-exitcode).name if exitcode < 0 else f"exit code {exitcode}")
            log.warning("the process reading %s ended without an answer (%s)%s", name, how,
                        f": {stderr.first_line}" if stderr.first_line else "")
        return answer, exitcode
    finally:
        reader.close()
        err_reader.close()


class _Stderr:
    """The child's standard error, read as it comes (a full pipe would stall the child) and kept up to
    `MAX_STDERR` bytes."""

    def __init__(self, conn: Any):
        self.conn, self.fd, self.kept, self.open = conn, conn.fileno(), b"", True

    def read(self) -> None:
        """One read (call when the pipe is ready): what came is kept, or the end is noted."""
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.open = False
        elif len(self.kept) < MAX_STDERR:
            self.kept = (self.kept + chunk)[:MAX_STDERR]

    def drain(self) -> None:
        """What is left once the child has ended (the end comes at once; a short wait at most)."""
        while self.open and wait([self.conn], timeout=0.5):
            self.read()

    @property
    def first_line(self) -> str:
        text = self.kept.decode("utf-8", "replace").strip()
        return text.splitlines()[0][:300] if text else ""


def _answered(budgets: Budgets, name: str, answer: tuple | None, exitcode: int | None, waited: float = 0.0) -> Any:
    """What the child answered: its value, what it raised, or the one-line refusal for how it ended."""
    if answer is None:
        _refuse_death(budgets, name, exitcode, waited)
    kind, value, records = answer
    for logger, level, message in records:
        logging.getLogger(logger).log(level, "%s", message)
    if kind == "memory":
        raise budgets.refuse("memory_bytes", name, "reading it needed more memory than")
    if kind == "raise":
        raise value
    return value


def _slots_for(reads: int) -> tuple[threading.BoundedSemaphore, int]:
    """The one count of reads running at once in this process, and its size: made by the first read, at its
    `reads`; a read asking for another size is told once (the settings are read once a process)."""
    global _slots, _slots_size
    with _lock:
        if _slots is None:
            _slots_size = max(1, reads)
            _slots = threading.BoundedSemaphore(_slots_size)
        elif max(1, reads) != _slots_size and reads not in _sizes_told:
            _sizes_told.add(reads)
            log.warning("%d documents may be read at once in this process (RULEBOT_MAX_CONCURRENT_READS when the "
                        "first was read), not %d: restart it for the new value", _slots_size, reads)
        return _slots, _slots_size


def _wait(child: Any, reader: Any, seconds: float, stderr: "_Stderr | None" = None) -> tuple[tuple | None, int | None]:
    """The child's answer (None if it had none) and how it ended (None: killed when `seconds` were up).

    The answer is read as soon as it comes, so a large one never waits on a full pipe (nor what it writes to
    `stderr`); the child is always ended and released before this returns."""
    answer, killed = None, False
    try:
        deadline = time.monotonic() + seconds
        while answer is None:
            watched = [reader, child.sentinel] + ([stderr.conn] if stderr is not None and stderr.open else [])
            ready = wait(watched, timeout=max(0.0, deadline - time.monotonic()))
            if stderr is not None and stderr.conn in ready:
                stderr.read()
                if not (reader in ready or child.sentinel in ready):
                    continue
            if reader in ready:
                try:
                    answer = reader.recv()
                except EOFError:
                    break  # it died without answering
            elif child.sentinel in ready:
                if not reader.poll():
                    break
            else:
                child.kill()
                killed = True
                break
    finally:
        exitcode = _reap(child)
    return answer, None if killed else exitcode


def context() -> Any:
    """The multiprocessing context the children come from: a fork server with the readers imported, when
    it imports this very copy of rulebot (Python 3.11's fork server imports from its own working directory,
    not the parent's ``sys.path``); else "spawn" (slower: each child imports the readers itself)."""
    global _context
    with _lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _context = ctx
            probe = Budgets(seconds=60)
            try:  # once a process, outside the count of reads at once (not a document)
                there = _answered(probe, "the reader's start", *_in_child(ctx, probe, _where, (), {}, 60 + GRACE))
            except Exception as exc:  # its preloads failed, or it could not start
                there = f"nowhere ({type(exc).__name__}: {exc})"
            if there != _where():
                log.warning("the fork server reads documents with %s, not %s: each document is read in a "
                            "spawned process instead (slower)", there, _where())
                _context = multiprocessing.get_context("spawn")
        return _context


def preload(*modules: str) -> None:
    """Have the fork server import `modules` too (a caller's own function run in children: `bot.draft.read`'s
    check), when it has not started yet; once started, each child imports them itself.

    >>> preload("json"); "json" in PRELOAD
    True
    """
    with _lock:
        PRELOAD.extend(m for m in modules if m not in PRELOAD)


def _where() -> str:
    return os.path.realpath(__file__)


def _reap(child: Any) -> int:
    """Wait for the child to end (killing it if it lingers), then release it (no zombie, no open pipe);
    its exit code (-N: killed by signal N)."""
    child.join(GRACE)
    if child.exitcode is None:
        child.kill()
        child.join()
    code = child.exitcode
    child.close()
    return code


def _refuse_death(budgets: Budgets, name: str, exitcode: int | None, waited: float = 0.0) -> None:
    """The child ended without an answer: killed by the parent's clock (`exitcode` None), by its CPU limit,
    by the kernel for memory, or it crashed (most likely a native library whose allocation failed).  `waited`:
    the seconds the read waited for its place, counted against its clock."""
    if exitcode is None or exitcode == -signal.SIGXCPU:
        waiting = f"waiting {waited:.0f} s for a place and " if waited >= 1 else ""
        raise budgets.refuse("seconds", name, f"{waiting}reading it took longer than")
    if exitcode in (NO_MEMORY, -signal.SIGKILL):
        raise budgets.refuse("memory_bytes", name, "reading it needed more memory than")
    if exitcode < 0:
        raise budgets.refuse("memory_bytes", name, f"the reader died ({signal.Signals(-exitcode).name}), "
                                                   "most likely past")
    raise RuntimeError(f"the process reading {name} stopped (exit code {exitcode}) without an answer")


class _Kept(logging.Handler):
    """The child's warnings, kept to be logged by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < MAX_LOG_RECORDS:
            self.records.append((record.name, record.levelno, record.getMessage()[:500]))


def _child(conn: Any, budgets: Budgets, fn: Callable[..., Any], args: tuple, kwargs: dict, err: Any = None) -> None:
    """In the child: its standard error to `err` (the parent reads it), limits, then `fn`; the answer (kind, value,
    warnings) goes back through `conn` (no memory left even for that: the exit code says so)."""
    if err is not None:
        os.dup2(err.fileno(), 2)
        err.close()
    try:
        _limit(budgets)
        kept = _Kept()
        logging.getLogger().addHandler(kept)
        answer = _answer(budgets, fn, args, kwargs)
        del args, kwargs
        try:
            conn.send((*answer, kept.records))
        except MemoryError:
            raise
        except Exception as exc:  # an answer that does not pickle
            conn.send(("raise", RuntimeError(f"the reader's answer could not be sent ({type(exc).__name__}: "
                                             f"{exc})"), kept.records))
    except MemoryError:
        os._exit(NO_MEMORY)
    finally:
        conn.close()


def _answer(budgets: Budgets, fn: Callable[..., Any], args: tuple, kwargs: dict) -> tuple:
    """("ok", what `fn` returned), ("raise", what it raised) or ("memory", None)."""
    try:
        return "ok", fn(*args, **kwargs)
    except BaseException as exc:  # everything goes back to the parent
        failed = exc
        cause: BaseException | None = exc
        for _ in range(20):  # drop the frames (and the objects they hold) before anything else is built
            if cause is None:
                break
            cause.__traceback__ = None
            cause = cause.__cause__ or cause.__context__
    return ("memory", None) if _ran_out(failed, budgets) else ("raise", _portable(failed))


def _portable(exc: BaseException) -> BaseException:
    """`exc` if the parent can unpickle it (as `BadDocument` can), else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _ran_out(exc: BaseException | None, budgets: Budgets) -> bool:
    """Whether the read failed for memory: a MemoryError anywhere in the chain (the readers turn most
    exceptions into "the PDF is damaged (...)"), or an error of any kind once the address space came
    near the limit (native code reports a failed allocation in its own ways: a SystemError, a zlib error)."""
    if _peak_bytes() >= 0.9 * budgets.memory_bytes:
        return True
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _peak_bytes() -> int:
    """The most address space this process has held (what RLIMIT_AS caps); 0 where /proc cannot say."""
    try:
        with open("/proc/self/status") as f:
            return next((int(line.split()[1]) * 1024 for line in f if line.startswith("VmPeak:")), 0)
    except OSError:
        return 0


def _limit(budgets: Budgets) -> None:
    """Address space capped at `memory_bytes`, CPU time just past the wall clock, no core files."""
    import resource

    cpu = math.ceil(budgets.seconds + GRACE) + 1
    for which, soft, hard in ((resource.RLIMIT_CORE, 0, 0),
                              (resource.RLIMIT_AS, budgets.memory_bytes, budgets.memory_bytes),
                              (resource.RLIMIT_CPU, cpu, cpu + 2)):
        _, old = resource.getrlimit(which)
        if old != resource.RLIM_INFINITY:
            soft, hard = min(soft, old), min(hard, old)
        resource.setrlimit(which, (soft, hard))
