"""Embed step, first source: vectors shipped beside a corpus.

A corpus directory may hold `vectors/<model>.npy`: what that embedding model made of the corpus's
views (one record per view: the 24-character hash of its text and its vector).  A fresh machine then
indexes the shipped documents without embedding them again (two to three minutes on a small CPU); a
view whose text is not there (an edited terms line, a document an admin added) is embedded as usual.
The file is read only for the model it is named after, never on `--rebuild`, and a file that is not
what it should be is ignored with a warning: it can make indexing faster, never different.

Written from a built index by `python bench/seed_vectors.py`.

>>> import tempfile, numpy as np
>>> d = Path(tempfile.mkdtemp())
>>> write_seeds(seed_path(d, "m"), {"a" * 24: np.ones(3, np.float32)})
1
>>> read_seeds([d], "m", ["a" * 24, "b" * 24], dim=3)["a" * 24].tolist()
[1.0, 1.0, 1.0]
>>> read_seeds([d], "m", ["a" * 24], dim=4)  # another width: not this model's vectors
{}
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

import numpy as np

SEED_DIR = "vectors"
HASH_LEN = 24  # indexers.types.content_hash
MAX_BYTES = 64 * 1024 * 1024  # a shipped file for a few thousand views is a few MB
log = logging.getLogger("rulebot.index")


def seed_path(corpus_dir: Path, model: str) -> Path:
    return Path(corpus_dir) / SEED_DIR / f"{model}.npy"


def read_seeds(dirs: Iterable[Path], model: str, hashes: Iterable[str], *, dim: int) -> dict[str, np.ndarray]:
    """Vectors for those of `hashes` that a corpus directory ships for `model` (width `dim`)."""
    wanted = set(hashes)
    out: dict[str, np.ndarray] = {}
    for d in dirs:
        path = seed_path(d, model)
        if not wanted or not path.is_file():
            continue
        records = _load(path, dim)
        if records is None:
            continue
        for h, v in zip(records["hash"], records["vec"]):
            key = h.decode("ascii", "replace")
            if key in wanted:
                out[key] = np.array(v, dtype=np.float32)
                wanted.discard(key)
    return out


def _load(path: Path, dim: int):
    """The file's records, mapped rather than read (a header promising more than the file holds fails at once,
    allocating nothing), or None with one warning when it is not what `write_seeds` writes."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        records = np.load(path, mmap_mode="r", allow_pickle=False)
        if not isinstance(records, np.ndarray) or records.dtype.names != ("hash", "vec") \
                or records.dtype["hash"].kind != "S" or records.dtype["vec"].shape != (dim,) \
                or records.dtype["vec"].base != np.dtype("<f4"):
            raise ValueError(f"not {dim}-wide vectors keyed by text hash")
        if not np.isfinite(records["vec"]).all():
            raise ValueError("holds values that are not numbers")
        return records
    except Exception as exc:  # noqa: BLE001 (a damaged file only makes indexing slower: never a failed build)
        log.warning("%s: shipped vectors ignored (%s); every view is embedded", path, exc)
        return None


def write_seeds(path: Path, vectors: dict[str, np.ndarray]) -> int:
    """Write `vectors` (text hash -> vector), sorted by hash so that the same vectors give the same bytes."""
    if not vectors:
        raise ValueError("no vectors to write")
    dim = len(next(iter(vectors.values())))
    records = np.zeros(len(vectors), dtype=[("hash", f"S{HASH_LEN}"), ("vec", "<f4", (dim,))])
    for i, h in enumerate(sorted(vectors)):
        records[i] = (h.encode("ascii"), np.asarray(vectors[h], dtype=np.float32))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        np.save(f, records, allow_pickle=False)
    tmp.replace(path)
    return len(records)
