"""Store step: versioned index storage (dense vectors in chromadb, BM25 beside them).

Layout under ``$RULEBOT_HOME/index`` (embedded default)::

    CURRENT                  {"version": ..., "published_at": ...}: the version being served
    versions/<v>/chroma/     an embedded chromadb PersistentClient with collection "passages"
    versions/<v>/bm25/       the bm25s index over the same passages (same order as passages.jsonl)
    versions/<v>/passages.jsonl  passage ids, texts and metadata, in index order
    versions/<v>/manifest.json   documents (hash, path, chunk count), model, counts, build time
    embeddings.sqlite        embedding cache keyed by (model, passage hash): unchanged text is never re-embedded
    reindex.lock             held (flock) by the one reindex that may run; says who and since when

The index holds the documents' full text, so it is private to the bot's user, as the
documents are: folders 0700, files 0600 (`private_dir`, `make_private`; an index left by an
earlier version is made so at the next reindex).

A reindex writes a whole new version directory beside the served one and then
replaces CURRENT atomically (write + rename); readers switch on their next
query.  A failed or interrupted build leaves CURRENT untouched; its directory
is removed by the next `gc`.  Each version has its own Chroma directory, so a
reader process never shares a Chroma database with a writer.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping, Protocol

import numpy as np

from indexers.errors import IndexMissing, ReindexBusy
from indexers.locks import holder, owned_lock
from indexers.types import Passage

COLLECTION = "passages"
KEEP_VERSIONS = 2  # the served one and the one before it (readers may still hold it)
GC_GRACE_SECONDS = 120.0  # an older replaced version stays this long for readers still on it


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_version_name() -> str:
    return datetime.now(timezone.utc).strftime("v%Y%m%dT%H%M%S%fZ")


def private_dir(path: Path) -> Path:
    """`path` created if need be (with its parents) and set 0700: only the bot's user may enter it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def make_private(tree: Path) -> None:
    """Every folder under `tree` (and `tree`) 0700 and every file 0600: what chromadb, bm25s and SQLite wrote
    with the process's default mode.

    >>> import tempfile, stat
    >>> d = Path(tempfile.mkdtemp()); (d / "bm25").mkdir(); _ = (d / "bm25" / "vocab.json").write_text("{}")
    >>> make_private(d); oct(stat.S_IMODE((d / "bm25" / "vocab.json").stat().st_mode))
    '0o600'
    """
    for path in (tree, *tree.rglob("*")):
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)


def chroma_client(path: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


# --- embedding cache ------------------------------------------------------------

class EmbeddingCache:
    """(model, passage hash) -> vector, in SQLite.  Only the reindex (under the lock) writes it."""

    def __init__(self, path: Path):
        private_dir(path.parent)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY (model, hash))")
        path.chmod(0o600)

    def get_many(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(hashes), 500):
            part = hashes[i:i + 500]
            q = f"SELECT hash, vec FROM emb WHERE model=? AND hash IN ({','.join('?' * len(part))})"
            for h, blob in self._db.execute(q, [model, *part]):
                out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)",
                             [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()])
        self._db.commit()

    def close(self) -> None:
        self._db.close()


# --- the reindex lock -------------------------------------------------------------

def reindex_lock(index_dir: Path, who: str):
    """Hold the single reindex lock or raise `ReindexBusy` naming the holder."""
    return owned_lock(index_dir / "reindex.lock", {"who": who, "since": _now()},
                      busy=lambda o: ReindexBusy(o.get("who", "unknown"), o.get("since", "unknown")))


def lock_holder(index_dir: Path) -> dict | None:
    """Who holds the reindex lock right now (None when nobody does)."""
    return holder(index_dir / "reindex.lock")


# --- versions ----------------------------------------------------------------------

@dataclass(frozen=True)
class Manifest:
    version: str
    built_at: str
    model: str
    documents: dict  # doc_id -> {"hash", "path", "title", "type", "chunks"}
    chunks: dict  # passage id -> passage hash
    skipped: list  # [path, reason]
    pipeline: str = ""  # fingerprint of the cleaning/chunking code that built it

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        d = json.loads(text)
        defaults = {"documents": {}, "chunks": {}, "skipped": [], "pipeline": ""}
        return cls(**{k: d.get(k, defaults.get(k, "")) for k in cls.__dataclass_fields__})


class VersionWriter:
    """Builds one new version directory; nothing is visible to readers until `publish`."""

    def __init__(self, root: Path, version: str):
        self.root = root
        self.version = version
        self.dir = root / "versions" / version
        private_dir(root)
        private_dir(root / "versions")
        self.dir.mkdir(mode=0o700, exist_ok=False)
        self._client = chroma_client(self.dir / "chroma")
        self._col = self._client.get_or_create_collection(
            COLLECTION, metadata=HNSW, embedding_function=None)

    def add(self, views, vectors: np.ndarray, passages: dict[str, Passage], batch: int = 2000) -> None:
        """Store each view's vector, with its text and its passage's metadata (and `passage_id`)."""
        for i in range(0, len(views), batch):
            part = views[i:i + batch]
            self._col.add(ids=[v.id for v in part], embeddings=vectors[i:i + batch],
                          documents=[v.text for v in part],
                          metadatas=[{**passages[v.passage_id].metadata(), "passage_id": v.passage_id} for v in part])

    def finish(self, passages: list[Passage], manifest: Manifest, bm25_dir_writer) -> None:
        write_version_files(self.dir, passages, manifest, bm25_dir_writer)
        del self._col
        self._client = None

    def abandon(self) -> None:
        self._client = None
        shutil.rmtree(self.dir, ignore_errors=True)


def write_version_files(directory: Path, passages: list[Passage], manifest: Manifest, bm25_dir_writer) -> None:
    """A version's own files in `directory` (passages.jsonl, bm25/, manifest.json), then all of it private."""
    with open(directory / "passages.jsonl", "w", encoding="utf-8", opener=_private_opener) as f:
        for p in passages:
            f.write(json.dumps({"id": p.id, "text": p.text, "md": p.metadata()}, ensure_ascii=False) + "\n")
    bm25_dir_writer(directory / "bm25")
    (directory / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    make_private(directory)


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


# Vector search parameters.  Chroma's default search breadth (ef 10) made the dense list differ from one
# load of the same index to the next when many passages are about equally close (e5's similarities of
# 0.83 to 0.84 for a dozen rule passages): a passage at dense rank 6 in one process was missing in the next.
# A wider search and graph make it exact on corpora of this size and cost well under a millisecond.
HNSW = {"hnsw:space": "cosine", "hnsw:search_ef": 256, "hnsw:construction_ef": 256, "hnsw:M": 32}


class Collection(Protocol):
    """The vector side of one index version: a chromadb Collection, embedded or over HTTP."""

    def query(self, *, query_embeddings: Any, n_results: int, **kwargs: Any) -> Mapping[str, Any]: ...


class Store(Protocol):
    """Where index versions live (`EmbeddedStore`, or `indexers.store_server.ServerStore` on a Chroma
    server): the build writes a version beside the served one and publishes it; the engine reads the
    current one."""

    def describe(self) -> str: ...

    def lock(self, who: str) -> Any: ...

    def lock_holder(self) -> dict | None: ...

    def current_version(self) -> str | None: ...

    def manifest(self, version: str) -> "Manifest": ...

    def load_passages(self, version: str) -> list[Passage]: ...

    def open_collection(self, version: str) -> Collection: ...

    def bm25_dir(self, version: str) -> Path: ...

    def begin(self) -> "VersionWriter": ...

    def publish(self, version: str) -> None: ...

    def gc(self, keep: int = ..., grace: float = ...) -> list[str]: ...

    def embedding_cache(self) -> "EmbeddingCache": ...


class EmbeddedStore:
    """Versions of the index on local disk, one embedded Chroma per version."""

    kind = "embedded"

    def __init__(self, index_dir: Path):
        self.root = index_dir

    def describe(self) -> str:
        return f"embedded chromadb at {self.root}"

    def lock(self, who: str):
        """The single-reindex lock (raises `ReindexBusy` naming the holder)."""
        return reindex_lock(self.root, who)

    def lock_holder(self) -> dict | None:
        return lock_holder(self.root)

    # readers
    def current_version(self) -> str | None:
        try:
            data = json.loads((self.root / "CURRENT").read_text())
        except (OSError, ValueError):
            return None
        v = data.get("version")
        if v and (self.root / "versions" / v / "manifest.json").exists():
            return v
        return None

    def version_dir(self, version: str) -> Path:
        return self.root / "versions" / version

    def manifest(self, version: str) -> Manifest:
        try:
            return Manifest.from_json((self.version_dir(version) / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError) as exc:
            raise IndexMissing(f"The index version {version} cannot be read ({exc}); run `rulebot index --rebuild`.") from None

    def load_passages(self, version: str) -> list[Passage]:
        path = self.version_dir(version) / "passages.jsonl"
        out = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                out.append(Passage.from_stored(d["id"], d["text"], d["md"]))
        return out

    def open_collection(self, version: str):
        client = chroma_client(self.version_dir(version) / "chroma")
        return client.get_collection(COLLECTION, embedding_function=None)

    def bm25_dir(self, version: str) -> Path:
        return self.version_dir(version) / "bm25"

    # writers
    def begin(self) -> VersionWriter:
        return VersionWriter(self.root, new_version_name())

    def publish(self, version: str) -> None:
        previous = self.current_version()
        tmp = self.root / f".CURRENT.{os.getpid()}.{threading.get_ident()}"
        with open(tmp, "w", encoding="utf-8", opener=_private_opener) as f:
            f.write(json.dumps({"version": version, "published_at": _now()}))
        os.replace(tmp, self.root / "CURRENT")
        if previous and previous != version:
            with open(self.version_dir(previous) / "superseded_at", "w", opener=_private_opener) as f:
                f.write(str(time.time()))

    def gc(self, keep: int = KEEP_VERSIONS, grace: float = GC_GRACE_SECONDS) -> list[str]:
        """Remove old versions: beyond the `keep` newest, and only once they were replaced (or, if a
        build never finished, created) more than `grace` seconds ago, because a reader in this or
        another process may still be answering from them.  Never the current one."""
        vdir = self.root / "versions"
        if not vdir.is_dir():
            return []
        current = self.current_version()
        finished = sorted(d.name for d in vdir.iterdir() if (d / "manifest.json").exists())
        keep_set = set(finished[-keep:]) | ({current} if current else set())
        now = time.time()
        removed = []
        for d in vdir.iterdir():
            if d.name in keep_set:
                continue
            marker = d / "superseded_at"
            try:
                since = float(marker.read_text()) if marker.exists() else d.stat().st_mtime
            except (OSError, ValueError):
                since = 0.0
            if now - since >= grace:
                shutil.rmtree(d, ignore_errors=True)
                removed.append(d.name)
        return removed

    def wipe(self) -> None:
        shutil.rmtree(self.root / "versions", ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            (self.root / "CURRENT").unlink()

    def embedding_cache(self) -> EmbeddingCache:
        return EmbeddingCache(self.root / "embeddings.sqlite")
