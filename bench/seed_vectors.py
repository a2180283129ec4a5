"""Write the vectors shipped with the corpus (corpus/vectors/<model>.npy, indexers/seed.py).

    python bench/seed_vectors.py            # after changing a shipped document or its terms

Every view of the shipped corpus, embedded by the bundled model: taken from the embedding cache of the
index at RULEBOT_HOME when it has them (same model, same text), embedded otherwise.  A fresh machine's
first `rulebot index` then reads them instead of embedding 1,700 views.  Run it when the shipped
corpus changes: a view the file lacks is only embedded at index time, so a stale file costs time, never
correctness (`tests/test_seed.py` says how much of the corpus it still covers).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.answering.engine import make_embedder  # noqa: E402
from bot.settings import Settings, shipped_corpus_dir  # noqa: E402
from indexers.build import corpus_views  # noqa: E402
from indexers.seed import seed_path, write_seeds  # noqa: E402
from indexers.store import EmbeddingCache  # noqa: E402


def main() -> int:
    settings = Settings.load()
    embedder = make_embedder(settings)
    corpus = shipped_corpus_dir()
    views = corpus_views([corpus])
    cached = settings.index_dir / "embeddings.sqlite"
    known = EmbeddingCache(cached).get_many(embedder.name, list(views)) if cached.is_file() else {}
    todo = [h for h in views if h not in known]
    t0 = time.perf_counter()
    if todo:
        vecs = embedder.encode([views[h].text for h in todo], batch_size=64)
        known.update(zip(todo, vecs))
    path = seed_path(corpus, embedder.name)
    n = write_seeds(path, {h: known[h] for h in views})
    print(f"{path.relative_to(ROOT)}: {n} views ({len(views) - len(todo)} from {cached}, {len(todo)} embedded in "
          f"{time.perf_counter() - t0:.1f} s), {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
