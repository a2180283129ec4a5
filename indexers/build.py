"""Build step: corpus directories -> a new published index version.

`build_index` loads, cleans and chunks every document, re-embeds only passages
whose content hash is new, writes a complete new version beside the served one
and then switches to it.  An unchanged corpus returns at once without loading
the model.  A document that fails to load keeps its previously indexed
passages (reported in `skipped`), so bad input never loses what was indexed.

>>> # build_index(settings.corpus_dirs, EmbeddedStore(settings.index_dir), embedder)
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from indexers.errors import BadDocument
from indexers.types import Document, Passage, Progress
from indexers.chunk import View, chunk_document, passage_views
from indexers.clean import clean_document
from indexers.lexical import build_bm25
from indexers.load import load_corpus
from indexers.terms import attach_terms, sidecar_path
from indexers.registry import pipeline_fingerprint
from indexers.seed import read_seeds
from indexers.store import Manifest

ProgressFn = Callable[[Progress], None]
log = logging.getLogger("rulebot.index")


@dataclass(frozen=True)
class BuildReport:
    version: str
    documents: int
    chunks: int
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    seeded: int = 0  # views whose vectors came with the corpus (indexers/seed.py)
    seconds: float = 0.0
    changed: bool = True
    skipped: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def summary(self) -> str:
        head = "Index unchanged" if not self.changed else f"Index version {self.version} published"
        s = (f"{head}: {self.documents} documents, {self.chunks} chunks "
             f"({self.added} added, {self.updated} updated, {self.removed} removed, {self.unchanged} unchanged; "
             f"{self.embedded} embedded{f', {self.seeded} from shipped vectors' if self.seeded else ''}) "
             f"in {self.seconds:.1f} s")
        if self.skipped:
            s += f"; {len(self.skipped)} skipped"
        return s

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["skipped"] = [{"path": p, "reason": r} for p, r in self.skipped]
        return d


def _emit(progress: ProgressFn | None, stage: str, done: int, total: int, rate: float = 0.0, message: str = "") -> None:
    if progress:
        progress(Progress(stage, done, total, rate, message))


def chunk_all(docs: Iterable[Document]) -> tuple[dict[str, list[Passage]], list[tuple[str, str]]]:
    """Each document's passages, carrying what a citation needs to state its currency (the
    document's kind of date and the amendments known to postdate its text)."""
    out: dict[str, list[Passage]] = {}
    skipped: list[tuple[str, str]] = []
    for doc in docs:
        try:
            passages, stale = attach_terms(chunk_document(doc, clean_document(doc)), doc.terms)
            if stale:
                log.warning("%s: terms for %d key(s) no passage has (%s); indexed without them", sidecar_path(doc.path),
                            len(stale), ", ".join(stale[:5]))
            out[doc.id] = [replace(p, date_kind=doc.meta.date_kind, superseded=doc.meta.superseded_parts)
                           for p in passages]
        except BadDocument as exc:
            skipped.append((doc.path, str(exc)))
    return out, skipped


def corpus_views(dirs) -> dict[str, View]:
    """Every retrieval view of the documents under `dirs`, by the hash of its text (what the embedding cache and
    the shipped vectors are keyed by); raises BadDocument naming what does not index cleanly."""
    loaded = load_corpus([Path(d) for d in dirs])
    by_doc, skipped = chunk_all(loaded.documents)
    if skipped or loaded.skipped:
        raise BadDocument(f"does not index cleanly: {list(loaded.skipped) + skipped}")
    return {v.hash: v for passages in by_doc.values() for p in passages for v in passage_views(p)}


def stored_fingerprint() -> str:
    """`pipeline_fingerprint()` plus the code that decides what each passage stores
    (`indexers/types.py`: `Passage.metadata`): when the stored fields change, an incremental
    reindex re-stores every passage (embeddings of unchanged text still come from the cache)."""
    with open(Path(__file__).with_name("types.py"), "rb") as f:
        types_code = hashlib.sha256(f.read()).hexdigest()[:8]
    return f"{pipeline_fingerprint()}-{types_code}"


def build_index(dirs, store, embedder, *, rebuild: bool = False, progress: ProgressFn | None = None,
                who: str = "cli", batch_size: int = 64) -> BuildReport:
    """Index the documents under `dirs` into `store`; see the module doc."""
    t0 = time.perf_counter()
    dirs = [Path(d) for d in dirs]  # read twice: the documents, then the vectors shipped beside them
    with store.lock(who):
        loaded = load_corpus(dirs)
        _emit(progress, "load", len(loaded.documents), len(loaded.documents))
        current = store.current_version()
        old = store.manifest(current) if current else None
        if rebuild:
            old_passages: dict[str, Passage] = {}
        else:
            old_passages = {p.id: p for p in store.load_passages(current)} if current else {}

        doc_hashes = {d.id: d.hash for d in loaded.documents}
        pipeline = stored_fingerprint()
        if (old and not rebuild and not loaded.skipped and old.model == embedder.name and old.pipeline == pipeline
                and {k: v["hash"] for k, v in old.documents.items()} == doc_hashes):
            return BuildReport(version=current, documents=len(doc_hashes), chunks=len(old.chunks),
                               unchanged=len(old.chunks), changed=False, seconds=time.perf_counter() - t0)

        by_doc, chunk_skips = chunk_all(loaded.documents)
        skipped = list(loaded.skipped) + chunk_skips
        docs_meta = {d.id: {"hash": d.hash, "path": d.path, "title": d.meta.title, "type": d.meta.type,
                            "chunks": len(by_doc[d.id])} for d in loaded.documents if d.id in by_doc}
        # A document that used to index but now fails keeps its old passages.
        if old:
            bad_paths = {p for p, _ in skipped}
            for doc_id, info in old.documents.items():
                if doc_id not in by_doc and info.get("path") in bad_paths:
                    kept = [p for p in old_passages.values() if p.doc_id == doc_id]
                    if kept:
                        by_doc[doc_id] = sorted(kept, key=lambda p: p.ordinal)
                        docs_meta[doc_id] = dict(info, kept_previous=True)
        passages = [p for doc_id in sorted(by_doc) for p in by_doc[doc_id]]
        _emit(progress, "chunk", len(passages), len(passages))

        old_chunks = {} if (rebuild or not old) else old.chunks
        added = sum(1 for p in passages if p.id not in old_chunks)
        updated = sum(1 for p in passages if p.id in old_chunks and old_chunks[p.id] != p.hash)
        unchanged = len(passages) - added - updated
        new_ids = {p.id for p in passages}
        removed = sum(1 for pid in old_chunks if pid not in new_ids)

        views = [v for p in passages for v in passage_views(p)]
        vectors, embedded, seeded = _vectors(views, store, embedder, rebuild, progress, batch_size, dirs)

        writer = store.begin()
        try:
            _emit(progress, "store", 0, len(passages))
            writer.add(views, vectors, {p.id: p for p in passages})
            manifest = Manifest(version=writer.version, built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                model=embedder.name, documents=docs_meta,
                                chunks={p.id: p.hash for p in passages}, skipped=[list(s) for s in skipped],
                                pipeline=pipeline)
            writer.finish(passages, manifest, lambda d: build_bm25(d, views))
            store.publish(writer.version)
        except BaseException:
            writer.abandon()
            raise
        store.gc()
        _emit(progress, "done", len(passages), len(passages))
        return BuildReport(version=writer.version, documents=len(docs_meta), chunks=len(passages), added=added,
                           updated=updated, removed=removed, unchanged=unchanged, embedded=embedded, seeded=seeded,
                           seconds=time.perf_counter() - t0, skipped=tuple(skipped))


def _vectors(views: list[View], store, embedder, rebuild: bool, progress: ProgressFn | None,
             batch_size: int, dirs: list[Path]) -> tuple[np.ndarray, int, int]:
    """One vector per view: from the embedding cache when its text was embedded before, else from the vectors
    shipped with its corpus (indexers/seed.py), else from the model.  (vectors, embedded, seeded)"""
    cache = store.embedding_cache()
    try:
        hashes = [v.hash for v in views]
        known = {} if rebuild else cache.get_many(embedder.name, hashes)
        seeded = {} if rebuild else read_seeds(dirs, embedder.name,
                                               [h for h in hashes if h not in known], dim=embedder.dim)
        if seeded:
            cache.put_many(embedder.name, seeded)
            known.update(seeded)
        todo = [i for i, h in enumerate(hashes) if h not in known]
        # Longest first, across all batches (as sentence-transformers does within one call), so that
        # each batch pads to similar lengths; embedding in steps keeps progress reports flowing.
        todo.sort(key=lambda i: -len(views[i].text))
        t0 = time.perf_counter()
        step = max(batch_size * 4, 256)
        for start in range(0, len(todo), step):
            idx = todo[start:start + step]
            vecs = embedder.encode([views[i].text for i in idx], batch_size=batch_size)
            fresh = {hashes[i]: vecs[j] for j, i in enumerate(idx)}
            cache.put_many(embedder.name, fresh)
            known.update(fresh)
            done = start + len(idx)
            _emit(progress, "embed", done, len(todo), done / max(time.perf_counter() - t0, 1e-9))
        dim = len(next(iter(known.values()))) if known else embedder.dim  # the model's own width
        out = np.zeros((len(views), dim), dtype=np.float32)
        for i, h in enumerate(hashes):
            out[i] = known[h]
        return out, len(todo), len(seeded)
    finally:
        cache.close()
