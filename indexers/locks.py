"""An exclusive file lock that records who holds it (flock: released if the holder dies).

By default a held lock is refused at once; with `wait` a second holder waits up to that many
seconds for it (then is refused, told who holds it).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.lock"
>>> with owned_lock(p, {"who": "me"}, busy=lambda owner: RuntimeError(owner)):
...     holder(p)["who"]
'me'
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from pathlib import Path
from typing import Callable, Iterator


@contextlib.contextmanager
def owned_lock(path: Path, owner: dict, *, busy: Callable[[dict], Exception], wait: float = 0.0) -> Iterator[None]:
    """Hold `path` exclusively while writing `owner` into it; if another holds it for more than
    `wait` seconds, raise `busy(their owner)`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise busy(_read(path)) from None
                time.sleep(0.05)  # flock has no timeout of its own: look again shortly
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({**owner, "pid": os.getpid()}).encode())
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def holder(path: Path) -> dict | None:
    """Who holds the lock at `path` right now (None when nobody does)."""
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read(path) or {"who": "unknown"}
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return {}
