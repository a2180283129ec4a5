"""Store step, server flavour: index versions kept on a Chroma server (``RULEBOT_CHROMA_URL``).

Same interface as `indexers.store.EmbeddedStore`, on chromadb's own client/server
mode (`chromadb.HttpClient`), so that many bot replicas and a separate reindex
job share one index.  On the server::

    rulebot_<version>     one collection per index version: the views' vectors, texts and metadata
    rulebot_meta          small records (1-d dummy embeddings), all JSON documents:
        current                 {"version", "published_at"}: the served version (one upsert switches it)
        lock                    {"who", "since", "expires", "token"}: the single reindex; expires unless
                                its holder keeps renewing it, so a crashed job does not hold it forever
        version:<v>             the version's manifest, with state "building" or "finished" and the
                                sha256 of each file below
        blob:<v>:<file>:<i>     chunks of the version's files: passages.jsonl, manifest.json and the
                                BM25 index (bm25s files, base64) built by the reindex job

A replica reads `current` (the engine does so every second), downloads the
files of a version it has not seen into ``$RULEBOT_HOME/index-cache/<server>/<v>``
(checked against their sha256, renamed into place atomically) and serves
from them plus the version's collection.  Every replica therefore serves
exactly the BM25 index and passages the job built, and moves to a new
version on its next question after `publish`, without a restart.

Every call to the server has a bounded timeout and a few retries with
backoff; when the server cannot be reached the caller gets `IndexUnavailable`
("the index is unavailable right now ...; try again shortly. Reference: RB-...").
See docs/architecture.md.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import numpy as np

from indexers import messages
from indexers.errors import IndexMissing, IndexUnavailable, ReindexBusy, RulebotError, new_ref
from indexers.types import Passage
from indexers.fetch import redact_url
from indexers.store import (GC_GRACE_SECONDS, HNSW, KEEP_VERSIONS, EmbeddingCache, Manifest, _now, make_private,
                             new_version_name, private_dir, write_version_files)

log = logging.getLogger("rulebot.store.server")

PREFIX = "rulebot_"
META = PREFIX + "meta"
BLOB_CHARS = 1_000_000  # one meta document holds at most this many characters of a file
LOCK_TTL = 600.0  # seconds a reindex lock lives without being renewed
FILES = ("passages.jsonl", "manifest.json")  # plus bm25/* (whatever bm25s writes)
_DUMMY = [0.0]  # meta records carry a 1-d embedding: chroma requires one per record


def parse_url(url: str) -> tuple[str, int, bool]:
    """``http(s)://host[:port]`` -> (host, port, tls).

    >>> parse_url("https://chroma.internal")
    ('chroma.internal', 443, True)
    >>> parse_url("http://127.0.0.1:8000")
    ('127.0.0.1', 8000, False)
    """
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RulebotError(f"RULEBOT_CHROMA_URL is {redact_url(url)!r}; use http://HOST:PORT or https://HOST:PORT "
                           "(the address of the Chroma server).")
    tls = parts.scheme == "https"
    return parts.hostname, parts.port or (443 if tls else 8000), tls


def _unreachable(exc: BaseException) -> bool:
    """Errors that mean "the server did not answer" (worth a retry), not "the request was wrong"."""
    import httpx

    if isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError)):
        return True
    text = str(exc).lower()
    return ("could not connect" in text or "connection refused" in text or "timed out" in text
            or "bad gateway" in text or "service unavailable" in text or "gateway timeout" in text)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ServerStore:
    """Versions of the index on a Chroma server; see the module doc.

    >>> # store = ServerStore(Settings.load(env={"RULEBOT_CHROMA_URL": "http://127.0.0.1:8000"}))
    """

    kind = "server"

    def __init__(self, settings, *, timeout: float | None = None, attempts: int = 3, backoff: float = 0.25,
                 lock_ttl: float = LOCK_TTL):
        self.settings = settings
        self.url = redact_url(settings.chroma_url)  # shown in status, errors and logs: never its credentials
        self.host, self.port, self.tls = parse_url(settings.chroma_url)
        self.timeout = float(timeout if timeout is not None else getattr(settings, "chroma_timeout", 0) or 10.0)
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.lock_ttl = lock_ttl
        self.cache_root = settings.home / "index-cache" / f"{self.host}_{self.port}"
        self._client = None
        self._meta = None
        self._mu = threading.RLock()

    def describe(self) -> str:
        return f"Chroma server at {self.url}"

    # --- connection ----------------------------------------------------------------------
    def _connect(self):
        import chromadb
        import httpx
        from chromadb.config import Settings as ChromaSettings

        token = self.settings.chroma_token
        # both headers Chroma's token authentication accepts (and what a reverse proxy in front checks)
        headers = {"Authorization": f"Bearer {token}", "X-Chroma-Token": token} if token else None
        client = chromadb.HttpClient(host=self.host, port=self.port, ssl=self.tls, headers=headers,
                                     settings=ChromaSettings(anonymized_telemetry=False))
        session = getattr(getattr(client, "_server", None), "_session", None)
        if session is not None:  # chromadb's HTTP session waits forever by default
            session.timeout = httpx.Timeout(self.timeout, connect=min(3.0, self.timeout))
        return client

    def call(self, what: str, fn: Callable[[], Any]) -> Any:
        """Run `fn` (one request to the server) with retries and backoff; `IndexUnavailable` when it never answers."""
        delay = self.backoff
        last: BaseException | None = None
        start = time.monotonic()
        for attempt in range(self.attempts):
            try:
                return fn()
            except RulebotError:
                raise
            except Exception as exc:
                if not (_unreachable(exc) or what == "connect"):  # a server that will not even say hello
                    raise
                last = exc
                # retry a refused connection (a restarting server) with backoff, but never wait past
                # one timeout in all: a server that hangs costs the caller one timeout, not several
                if attempt + 1 < self.attempts and time.monotonic() - start + delay < self.timeout:
                    time.sleep(delay)
                    delay *= 2
                else:
                    break
        ref = new_ref()
        log.warning("Chroma server %s did not answer (%s) [ref %s]: %s", self.url, what, ref,
                    str(last).splitlines()[0][:300] if last else "")
        raise IndexUnavailable(messages.INDEX_UNAVAILABLE.format(
            detail=f"the index server at {self.url} does not answer", ref=ref))

    def client(self):
        with self._mu:
            if self._client is None:
                self._client = self.call("connect", self._connect)
            return self._client

    def meta(self):
        with self._mu:
            if self._meta is None:
                client = self.client()
                self._meta = self.call("open meta", lambda: client.get_or_create_collection(
                    META, metadata={"hnsw:space": "l2"}, embedding_function=None))
            return self._meta

    def _get(self, ids: list[str] | None = None, where: dict | None = None, include=("documents", "metadatas")):
        meta = self.meta()
        return self.call("read meta", lambda: meta.get(ids=ids, where=where, include=list(include)))

    def _put(self, ids: list[str], docs: list[str], metas: list[dict]) -> None:
        meta = self.meta()
        self.call("write meta", lambda: meta.upsert(ids=ids, embeddings=[_DUMMY] * len(ids), documents=docs,
                                                    metadatas=metas))

    def ping(self) -> None:
        client = self.client()
        self.call("heartbeat", client.heartbeat)

    # --- the reindex lock ------------------------------------------------------------------
    def _lock_record(self) -> dict | None:
        res = self._get(ids=["lock"])
        if not res["ids"]:
            return None
        try:
            return json.loads(res["documents"][0])
        except (TypeError, ValueError):
            return {"who": "unknown", "since": "unknown", "expires": 0, "token": res["metadatas"][0].get("token")}

    @contextlib.contextmanager
    def lock(self, who: str) -> Iterator[None]:
        """The single-reindex lock, shared by every process that uses this server (raises `ReindexBusy`)."""
        token = uuid.uuid4().hex
        rec = self._lock_record()
        if rec and rec.get("expires", 0) > time.time():
            raise ReindexBusy(rec.get("who", "unknown"), rec.get("since", "unknown"))
        meta = self.meta()
        if rec:  # expired: its holder died; remove exactly that record (a conditional delete)
            log.warning("reindex lock held by %s since %s expired; taking it over", rec.get("who"), rec.get("since"))
            self.call("take over lock", lambda: meta.delete(ids=["lock"], where={"token": rec.get("token", "")}))
        mine = {"who": who, "since": _now(), "expires": time.time() + self.lock_ttl, "token": token}
        # `add` leaves an existing id alone: of two jobs racing here, the first write wins.
        self.call("take lock", lambda: meta.add(ids=["lock"], embeddings=[_DUMMY], documents=[json.dumps(mine)],
                                                metadatas=[{"kind": "lock", "token": token}]))
        got = self._lock_record()
        if not got or got.get("token") != token:
            got = got or {}
            raise ReindexBusy(got.get("who", "unknown"), got.get("since", "unknown"))
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(self.lock_ttl / 3):
                try:
                    cur = self._lock_record()
                    if not cur or cur.get("token") != token:
                        log.error("reindex lock lost (now %s)", cur)
                        return
                    self._put(["lock"], [json.dumps(dict(mine, expires=time.time() + self.lock_ttl))],
                              [{"kind": "lock", "token": token}])
                except RulebotError as exc:
                    log.warning("could not renew the reindex lock: %s", exc)

        renewer = threading.Thread(target=renew, name="rulebot-lock-renew", daemon=True)
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join(timeout=5)
            with contextlib.suppress(RulebotError):
                self.call("release lock", lambda: meta.delete(ids=["lock"], where={"token": token}))

    def lock_holder(self) -> dict | None:
        rec = self._lock_record()
        if not rec or rec.get("expires", 0) <= time.time():
            return None
        return {k: rec[k] for k in ("who", "since") if k in rec}

    # --- readers ---------------------------------------------------------------------------
    def current_version(self) -> str | None:
        res = self._get(ids=["current"])
        if not res["ids"]:
            return None
        try:
            return json.loads(res["documents"][0]).get("version") or None
        except (TypeError, ValueError):
            return None

    def _finished(self) -> dict[str, dict]:
        """version -> its meta record's metadata, for finished versions."""
        res = self._get(where={"kind": "version"}, include=("metadatas",))
        return {m["version"]: m for m in res["metadatas"] if m.get("state") == "finished"}

    def local_dir(self, version: str) -> Path:
        """This replica's copy of the version's files (downloaded once)."""
        d = self.cache_root / version
        if (d / "manifest.json").exists():
            return d
        with self._mu:
            if not (d / "manifest.json").exists():
                self._download(version, d)
        return d

    def _download(self, version: str, dest: Path) -> None:
        res = self._get(ids=[f"version:{version}"], include=("metadatas",))
        if not res["ids"] or res["metadatas"][0].get("state") != "finished":
            raise IndexMissing(messages.CORRUPT_INDEX.format(
                detail=f"version {version} is not on the index server"))
        files: dict[str, dict] = json.loads(res["metadatas"][0]["files"])
        private_dir(self.cache_root)
        tmp = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=self.cache_root))
        try:
            for name, info in files.items():
                chunks: dict[int, str] = {}
                for start in range(0, info["chunks"], 8):  # a few MB per request, each within the timeout
                    ids = [f"blob:{version}:{name}:{i}" for i in range(start, min(start + 8, info["chunks"]))]
                    got = self._get(ids=ids)
                    for doc, md in zip(got["documents"], got["metadatas"]):
                        chunks[int(md["i"])] = doc
                if len(chunks) != info["chunks"]:
                    raise IndexMissing(messages.CORRUPT_INDEX.format(detail=f"{name} of {version} is incomplete"))
                data = base64.b64decode("".join(chunks[i] for i in range(info["chunks"])))
                if _sha(data) != info["sha256"]:
                    raise IndexMissing(messages.CORRUPT_INDEX.format(detail=f"{name} of {version} fails its checksum"))
                path = tmp / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            make_private(tmp)
            try:
                tmp.rename(dest)
            except OSError:  # another process of this replica got there first
                if not (dest / "manifest.json").exists():
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self._prune_local(keep={version})
        log.info("downloaded index version %s from %s (%d files)", version, self.url, len(files))

    def _prune_local(self, keep: set[str]) -> None:
        """Keep this replica's two newest downloaded versions (and `keep`)."""
        dirs = sorted(d for d in self.cache_root.iterdir() if d.is_dir() and not d.name.startswith("."))
        for d in dirs[:-KEEP_VERSIONS]:
            if d.name not in keep:
                shutil.rmtree(d, ignore_errors=True)

    def manifest(self, version: str) -> Manifest:
        path = self.local_dir(version) / "manifest.json"
        try:
            return Manifest.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError) as exc:
            raise IndexMissing(messages.CORRUPT_INDEX.format(detail=f"version {version}: {exc}")) from None

    def load_passages(self, version: str) -> list[Passage]:
        out = []
        with open(self.local_dir(version) / "passages.jsonl", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                out.append(Passage.from_stored(d["id"], d["text"], d["md"]))
        return out

    def bm25_dir(self, version: str) -> Path:
        return self.local_dir(version) / "bm25"

    def open_collection(self, version: str) -> "ServerCollection":
        client = self.client()
        col = self.call("open collection", lambda: client.get_collection(PREFIX + version, embedding_function=None))
        return ServerCollection(col, self)

    # --- writers ----------------------------------------------------------------------------
    def begin(self) -> "ServerVersionWriter":
        return ServerVersionWriter(self, new_version_name())

    def publish(self, version: str) -> None:
        """Switch every replica to `version`: one upsert of the `current` record.  The version it
        replaces is stamped `superseded_at`, which starts its grace period (see `gc`)."""
        finished = self._finished()
        if version not in finished:
            raise IndexMissing(messages.CORRUPT_INDEX.format(detail=f"version {version} is not finished"))
        previous = self.current_version()
        self._put(["current"], [json.dumps({"version": version, "published_at": _now()})],
                  [{"kind": "current", "version": version}])
        if previous and previous != version and previous in finished:
            rec = self._get(ids=[f"version:{previous}"])
            if rec["ids"]:
                self._put(rec["ids"], rec["documents"], [dict(rec["metadatas"][0], superseded_at=time.time())])

    def versions(self) -> list[str]:
        """Every version with a collection on the server (finished or not), oldest first."""
        client = self.client()
        cols = self.call("list collections", client.list_collections)
        names = [getattr(c, "name", c) for c in cols]
        return sorted(n[len(PREFIX):] for n in names if n.startswith(PREFIX) and n != META)

    def gc(self, keep: int = KEEP_VERSIONS, grace: float = GC_GRACE_SECONDS) -> list[str]:
        """Remove versions beyond the `keep` newest finished ones, and unfinished ones, once they were
        replaced (or, unfinished, created) more than `grace` seconds ago: a replica may still be
        answering from them.  Never the current one.  Call it under `lock`."""
        current = self.current_version()
        finished = sorted(self._finished())
        keep_set = set(finished[-keep:]) | ({current} if current else set())
        res = self._get(where={"kind": "version"}, include=("metadatas",))
        records = {m["version"]: m for m in res["metadatas"]}
        known = set(self.versions()) | set(records)
        now = time.time()
        removed = []
        for v in sorted(known - keep_set):
            md = records.get(v, {})
            since = float(md.get("superseded_at") or md.get("created") or 0.0)
            if now - since >= grace:
                self._drop(v)
                removed.append(v)
        return removed

    def _drop(self, version: str) -> None:
        client = self.client()
        meta = self.meta()
        with contextlib.suppress(ValueError, Exception):
            self.call("delete collection", lambda: client.delete_collection(PREFIX + version))
        self.call("delete version", lambda: meta.delete(where={"version": version}))

    def wipe(self) -> None:
        for v in self.versions():
            self._drop(v)
        meta = self.meta()
        self.call("wipe", lambda: meta.delete(ids=["current"]))
        shutil.rmtree(self.cache_root, ignore_errors=True)

    def embedding_cache(self) -> "ServerEmbeddingCache":
        return ServerEmbeddingCache(EmbeddingCache(self.settings.index_dir / "embeddings.sqlite"), self)


class ServerCollection:
    """A version's collection whose reads go through the store's timeouts and retries."""

    def __init__(self, col, store: ServerStore):
        self._col = col
        self._store = store
        self.name = col.name

    def query(self, **kwargs):
        return self._store.call("query", lambda: self._col.query(**kwargs))

    def get(self, **kwargs):
        return self._store.call("get", lambda: self._col.get(**kwargs))

    def count(self) -> int:
        return self._store.call("count", self._col.count)


class ServerEmbeddingCache:
    """The local embedding cache, backed by the vectors already on the server: a reindex job
    started on an empty disk (a Kubernetes Job) re-embeds only passages whose text changed."""

    def __init__(self, local: EmbeddingCache, store: ServerStore):
        self.local = local
        self.store = store

    def get_many(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        out = self.local.get_many(model, hashes)
        missing = [h for h in hashes if h not in out]
        current = self.store.current_version()
        if not missing or not current:
            return out
        try:
            if self.store.manifest(current).model != model:
                return out
            col = self.store.open_collection(current)
        except IndexMissing:
            return out
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(missing), 500):
            part = missing[i:i + 500]
            res = col.get(where={"view_hash": {"$in": part}}, include=["embeddings", "metadatas"])
            for md, vec in zip(res["metadatas"], res["embeddings"]):
                found[md["view_hash"]] = np.asarray(vec, dtype=np.float32)
        if found:
            self.local.put_many(model, found)
        out.update(found)
        return out

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        self.local.put_many(model, items)

    def close(self) -> None:
        self.local.close()


class ServerVersionWriter:
    """Builds one new version on the server; nothing is served until `ServerStore.publish`."""

    def __init__(self, store: ServerStore, version: str):
        self.store = store
        self.version = version
        client = store.client()
        self._col = store.call("create collection", lambda: client.create_collection(
            PREFIX + version, metadata=HNSW, embedding_function=None))
        self.created = time.time()
        store._put([f"version:{version}"], ["{}"], [{"kind": "version", "version": version, "state": "building",
                                                     "files": "{}", "created": self.created}])
        self._batch = min(1000, int(store.call("batch size", client.get_max_batch_size)))

    def add(self, views, vectors: np.ndarray, passages: dict[str, Passage], batch: int = 1000) -> None:
        """Store each view's vector, with its text and its passage's metadata (and `passage_id`, `view_hash`)."""
        step = min(batch, self._batch)
        for i in range(0, len(views), step):
            part = views[i:i + step]
            kwargs = dict(ids=[v.id for v in part], embeddings=vectors[i:i + step], documents=[v.text for v in part],
                          metadatas=[{**passages[v.passage_id].metadata(), "passage_id": v.passage_id,
                                      "view_hash": v.hash} for v in part])
            self.store.call("add", lambda: self._col.upsert(**kwargs))  # upsert: a retried batch is harmless

    def finish(self, passages: list[Passage], manifest: Manifest, bm25_dir_writer) -> None:
        """Upload the version's files (passages, BM25 index, manifest), then mark it finished."""
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.version}.", dir=private_dir(self.store.cache_root)))
        try:
            write_version_files(tmp, passages, manifest, bm25_dir_writer)
            files: dict[str, dict] = {}
            for path in sorted(p for p in tmp.rglob("*") if p.is_file()):
                name = path.relative_to(tmp).as_posix()
                data = path.read_bytes()
                text = base64.b64encode(data).decode("ascii")
                chunks = [text[i:i + BLOB_CHARS] for i in range(0, len(text), BLOB_CHARS)] or [""]
                for start in range(0, len(chunks), 8):
                    ids = [f"blob:{self.version}:{name}:{j}" for j in range(start, min(start + 8, len(chunks)))]
                    self.store._put(ids, chunks[start:start + 8],
                                    [{"kind": "blob", "version": self.version, "name": name, "i": j}
                                     for j in range(start, start + len(ids))])
                files[name] = {"sha256": _sha(data), "chunks": len(chunks), "bytes": len(data)}
            self.store._put([f"version:{self.version}"], [manifest.to_json()],
                            [{"kind": "version", "version": self.version, "state": "finished",
                              "files": json.dumps(files), "built_at": manifest.built_at,
                              "created": self.created}])
            dest = self.store.cache_root / self.version
            if not dest.exists():
                tmp.rename(dest)  # this process need not download what it just built
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def abandon(self) -> None:
        with contextlib.suppress(RulebotError, Exception):
            self.store._drop(self.version)
        shutil.rmtree(self.store.cache_root / self.version, ignore_errors=True)
