"""Core benchmark: indexing throughput, unchanged reindex, query latency at 3 sizes, peak RSS.

    .venv/bin/python bench/bench_core.py [--sizes 10000,100000] [--queries 200]

Prints Markdown tables.  The shipped corpus is indexed for real (real model,
real embedded chromadb), with --rebuild (every view embedded), and once more in a fresh home as a new machine's
first `rulebot index` does (the vectors shipped with the corpus read, the rest embedded).  The synthetic corpora (10k and 100k passages) are made
of real corpus sentences shuffled into new passages; their vectors are random
unit-length mixtures of real passage embeddings, because embedding 100k
passages with MiniLM on this 2-core machine would take most of an hour and
query latency depends on the index size, not on what the vectors mean.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchstats import pct  # noqa: E402  (bench/ is the script's own folder)
from bot.answering.engine import Engine  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.types import Passage  # noqa: E402
from indexers.chunk import passage_views, split_sentences  # noqa: E402
from indexers.lexical import build_bm25  # noqa: E402
from indexers.store import EmbeddedStore, Manifest  # noqa: E402

QUESTIONS = [
    "Who has the burden of establishing the law enforcement privilege?",
    "Can the parties agree to file all confidential documents under seal?",
    "What must a motion for a protective order include?",
    "What standard governs sealing documents attached to a non-dispositive motion?",
    "How many interrogatories may a party serve?",
    "What is the scope of discovery?",
    "What does Rule 26(c)(1) provide?",
    "Is an evasive answer treated as a failure to answer?",
    "What heading must precede the good cause paragraph?",
    "What is the statute of limitations for breach of contract in New York?",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_queries(engine: Engine, n: int) -> tuple[list[float], list[float]]:
    idx = engine.index()
    from bot.answering.query import parse_question

    for q in QUESTIONS[:3]:  # warm up
        engine.answer(q)
    retr, full = [], []
    for i in range(n):
        q = QUESTIONS[i % len(QUESTIONS)]
        t = time.perf_counter()
        idx.search(parse_question(q), k=5)
        retr.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        engine.answer(q)
        full.append((time.perf_counter() - t) * 1000)
    return retr, full


def synthetic_index(home: Path, base: Engine, n: int, seed: int = 7) -> EmbeddedStore:
    rng = random.Random(seed)
    idx = base.index()
    sentences = [s for p in idx.passages for s in split_sentences(p.text) if len(s) > 30]
    terms = [p.terms for p in idx.passages if p.terms]  # every passage gets a terms view, as shipped ones do
    base_vecs = base.embedder.encode([p.index_text() for p in idx.passages[:400]])
    passages, views = [], []
    for i in range(n):
        text = " ".join(rng.sample(sentences, rng.randint(2, 5)))
        doc = f"synthetic-{i // 50}"
        p = Passage(id=f"{doc}::§ {i % 50}::0", doc_id=doc, cite=f"Synthetic Order {i // 50}, ¶ {i % 50}",
                    section=f"¶ {i % 50}", text=text, title=f"Synthetic Order {i // 50}", court="C.D. Cal.",
                    doc_type="order", ordinal=i % 50, terms=rng.choice(terms) if terms else "")
        passages.append(p)
        views.extend(passage_views(p))
    mix = np.random.default_rng(seed)
    weights = mix.random((len(views), 3)).astype(np.float32)
    picks = mix.integers(0, len(base_vecs), (len(views), 3))
    vecs = (base_vecs[picks] * weights[..., None]).sum(axis=1)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    store = EmbeddedStore(home / "index")
    writer = store.begin()
    writer.add(views, vecs.astype(np.float32), {p.id: p for p in passages})
    manifest = Manifest(version=writer.version, built_at="synthetic", model=base.embedder.name,
                        documents={}, chunks={p.id: p.hash for p in passages}, skipped=[])
    writer.finish(passages, manifest, lambda d: build_bm25(d, views))
    store.publish(writer.version)
    return store


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rulebot-bench-"))
    try:
        # Indexing uses every core (as `rulebot index` does); answering uses one torch thread per
        # encode (as `rulebot ask` and `rulebot serve` do): see RULEBOT_TORCH_THREADS.
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp / "shipped")}, torch_threads=0)
        engine = Engine(settings)
        engine.embedder.encode(["warm up"])  # load the model outside the timings

        t = time.perf_counter()
        report = engine.reindex(rebuild=True, who="bench")
        build_s = time.perf_counter() - t
        views = [v for p in engine.index().passages for v in passage_views(p)]
        t = time.perf_counter()
        engine.embedder.encode([v.text for v in views], batch_size=64)
        encode_s = time.perf_counter() - t
        t = time.perf_counter()
        again = engine.reindex(who="bench")
        unchanged_s = time.perf_counter() - t
        assert not again.changed
        # a fresh machine's first `rulebot index`: the vectors shipped with the corpus (indexers/seed.py), the rest
        # embedded
        fresh = Engine(Settings.load(env={"RULEBOT_HOME": str(tmp / "fresh")}, torch_threads=0),
                       embedder=engine.embedder)
        t = time.perf_counter()
        first = fresh.reindex(who="bench")
        first_s = time.perf_counter() - t

        print("## Indexing (shipped corpus)\n")
        print(f"| passages | views embedded | build (s) | build views/s | raw encode (s) | raw encode views/s | overhead | unchanged reindex (s) | first index, shipped vectors (s) |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print(f"| {report.chunks} | {len(views)} | {build_s:.1f} | {len(views) / build_s:.0f} | {encode_s:.1f} | "
              f"{len(views) / encode_s:.0f} | {100 * (build_s - encode_s) / encode_s:+.0f}% | {unchanged_s:.2f} | "
              f"{first_s:.1f} ({first.seeded} read, {first.embedded} embedded) |\n")

        import torch

        torch.set_num_threads(1)
        rows = []
        r, f = time_queries(engine, args.queries)
        rows.append(("shipped", report.chunks, len(views), r, f))
        for n in [int(x) for x in args.sizes.split(",") if x]:
            home = tmp / f"syn{n}"
            t = time.perf_counter()
            store = synthetic_index(home, engine, n)
            built = time.perf_counter() - t
            syn = Engine(Settings.load(env={"RULEBOT_HOME": str(home)}), embedder=engine.embedder, store=store)
            r, f = time_queries(syn, args.queries)
            rows.append((f"synthetic ({built:.0f} s to build)", n, len(syn.index().lexical.ids), r, f))
        print(f"## Query latency, in process ({args.queries} queries each, ms)\n")
        print("| corpus | passages | views | retrieval p50 | retrieval p95 | full answer p50 | full answer p95 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, n, nv, r, f in rows:
            print(f"| {name} | {n:,} | {nv:,} | {statistics.median(r):.1f} | {pct(r, 95):.1f} | "
                  f"{statistics.median(f):.1f} | {pct(f, 95):.1f} |")
        print(f"\nPeak RSS: {peak_rss_mb():,.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
