"""The real embedding model, remembering each text's vector: for tests about indexing, storing and serving,
where the same passages would otherwise be embedded again in every test.

    memo = MemoEmbedder(embedder)                 # or the session fixture `memo_embedder` (tests/conftest.py)
    memo = MemoEmbedder.seeded_from(engine.embedder, engine.settings.index_dir / "embeddings.sqlite")

What `build_index` asks of the embedder, and what it reports as embedded, are unchanged: only the model's
work for a text it has already embedded is saved.
"""

from __future__ import annotations

from pathlib import Path


class MemoEmbedder:
    """The real embedder, remembering each text's vector (by content hash, like the index's embedding
    cache, from which it can be seeded): a rebuild re-stores every vector without paying for the
    model twice.  The tests are about storage and serving, not embedding speed."""

    def __init__(self, inner, seed: dict | None = None):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._memo: dict[str, object] = dict(seed or {})
        self.calls = 0

    @classmethod
    def seeded_from(cls, inner, sqlite_path: Path) -> "MemoEmbedder":
        return cls(inner).remember(sqlite_path)

    def remember(self, sqlite_path: Path) -> "MemoEmbedder":
        """Take in the vectors an index's embedding cache holds for this model (nothing when there is none)."""
        import sqlite3

        import numpy as np

        if Path(sqlite_path).exists():
            db = sqlite3.connect(str(sqlite_path))
            try:
                for h, blob in db.execute("SELECT hash, vec FROM emb WHERE model=?", (self.name,)):
                    self._memo.setdefault(h, np.frombuffer(blob, dtype=np.float32))
            finally:
                db.close()
        return self

    @property
    def model(self):
        return self.inner.model

    def encode(self, texts, *, batch_size: int = 64):
        import numpy as np

        from bot.types import content_hash

        keys = [content_hash(t) for t in texts]
        todo = {k: t for k, t in zip(keys, texts) if k not in self._memo}
        if todo:
            self.calls += 1
            for k, v in zip(todo, self.inner.encode(list(todo.values()), batch_size=batch_size)):
                self._memo[k] = v
        return np.stack([self._memo[k] for k in keys]) if keys else np.zeros((0, self.dim), dtype=np.float32)
