"""Embed step, the question's half: a linear map that carries a question's vector nearer the passages it asks about.

The bundled model was trained on general English; lawyers' questions and the rules' own words sit further apart
in it than they should ("keep him off the stand" and "not allowed to use that information or witness").  A
corpus directory may ship `vectors/<model>.query.npy`: a square matrix `W`, fit by `fit` on questions written from
the corpus's passages (`bench/written/`, two per passage, by people who saw nothing but the passage), that the
question side applies to a question's vector before searching (`AdaptedEmbedder`).  The passages' vectors are
untouched, so an index, its shipped seed vectors and the passages an admin adds are what they were; `W` is held
near the identity (its L2 pull towards it is chosen by cross-validation, `bench/train_adapter.py`), which leaves
documents it was not fit on about where they were (measured: see the README).

Written by `python bench/train_adapter.py --write`; switched off with `RULEBOT_QUERY_ADAPTER=off`, or another
file named there.  A file that is not a finite `dim` x `dim` matrix is ignored with a warning.

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> write_adapter(adapter_path(d, "m"), np.eye(3, dtype=np.float32) * 2)
>>> read_adapter(adapter_path(d, "m"), dim=3).tolist()[0]
[2.0, 0.0, 0.0]
>>> read_adapter(adapter_path(d, "m"), dim=4) is None  # another model's width
True
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Sequence

import numpy as np

from indexers.seed import SEED_DIR

log = logging.getLogger("rulebot.index")

MAX_BYTES = 16 * 1024 * 1024  # a 1,024-wide model's matrix is 4 MB


def adapter_path(corpus_dir: Path, model: str) -> Path:
    return Path(corpus_dir) / SEED_DIR / f"{model}.query.npy"


def write_adapter(path: Path, w: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.asarray(w, dtype=np.float32), allow_pickle=False)


def read_adapter(path: Path, *, dim: int | None = None) -> np.ndarray | None:
    """The matrix at `path`, or None (with a warning when a file is there but is not a finite square one, `dim`
    wide when given).  A model's width is known only once it is loaded: `AdaptedEmbedder` checks it again then."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        try:
            w = np.load(path, allow_pickle=False)
        except ValueError:
            raise ValueError("not a .npy matrix") from None
        square = w.ndim == 2 and w.shape[0] == w.shape[1] and (dim is None or w.shape[0] == dim)
        if not square or not np.issubdtype(w.dtype, np.floating) or not np.isfinite(w).all():
            raise ValueError(f"not a finite {f'{dim} x {dim}' if dim else 'square'} matrix")
    except (OSError, ValueError) as exc:
        log.warning("question adapter %s ignored: %s", path, exc)
        return None
    return np.asarray(w, dtype=np.float32)


class AdaptedEmbedder:
    """An embedder whose questions are mapped by `w` (passages are embedded by `inner` as they were): the index,
    its seed vectors and its manifest name the inner model."""

    def __init__(self, inner, w: np.ndarray):
        self.inner = inner
        self.w = np.asarray(w, dtype=np.float32)
        self.name = inner.name
        self.adapted = True
        self._misfit = False

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def model(self):
        """The inner model (loading it): what readiness and the server's warm-up load."""
        return self.inner.model

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        return self.inner.encode(texts, batch_size=batch_size)

    def encode_query(self, texts: list[str]) -> np.ndarray:
        fn = getattr(self.inner, "encode_query", None)
        v = fn(texts) if fn is not None else self.inner.encode(texts)
        if v.ndim != 2 or v.shape[1] != self.w.shape[0]:
            if not self._misfit:  # a matrix for another model's width (a custom model path): the model's own vectors
                self._misfit = True
                log.warning("question adapter ignored: %d wide, the model's vectors %d", self.w.shape[0], v.shape[-1])
            return v
        return adapt(v, self.w)


def unadapted(embedder):
    """The embedder without its question adapter: comparing two questions (a verified answer's and a new one) is
    done on the model's own vectors, whose similarities the thresholds were set on."""
    return getattr(embedder, "inner", embedder) if getattr(embedder, "adapted", False) else embedder


def adapt(vectors: np.ndarray, w: np.ndarray) -> np.ndarray:
    """`vectors` (rows) mapped by `w` and made unit length again."""
    out = np.asarray(vectors, dtype=np.float32) @ w.T
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def fit(questions: np.ndarray, answers: Sequence[Sequence[int]], views: np.ndarray, parents: np.ndarray, *,
        pull: float, epochs: int = 200, temperature: float = 0.05, rate: float = 1e-3, seed: int = 0) -> np.ndarray:
    """The matrix that ranks each question's passages (`answers`: their rows) first among all passages, a passage
    scored by its closest view (`views`: unit vectors; `parents`: each view's passage row), held towards the
    identity by `pull` (L2 on W - I).  Full-batch Adam on the softmax over every passage (a corpus of a few thousand
    views fits in memory)."""
    import torch

    torch.manual_seed(seed)
    q = torch.tensor(np.asarray(questions, dtype=np.float32))
    e = torch.tensor(np.asarray(views, dtype=np.float32))
    par = torch.tensor(np.asarray(parents, dtype=np.int64))
    n = int(par.max().item()) + 1
    dim = q.shape[1]
    mask = torch.zeros(len(q), n, dtype=torch.bool)
    for i, rows in enumerate(answers):
        mask[i, list(rows)] = True
    eye = torch.eye(dim)
    w = torch.eye(dim, requires_grad=True)
    opt = torch.optim.Adam([w], lr=rate)
    index = par.expand(len(q), -1)
    for _ in range(epochs):
        x = q @ w.T
        x = x / x.norm(dim=1, keepdim=True)
        scores = torch.full((len(q), n), -9.0).scatter_reduce(1, index, x @ e.T, reduce="amax") / temperature
        loss = (torch.logsumexp(scores, 1) - torch.logsumexp(scores.masked_fill(~mask, -1e9), 1)).mean() + \
            pull * ((w - eye) ** 2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return w.detach().numpy().astype(np.float32)


def rank_of_answer(questions: np.ndarray, answers: Sequence[Sequence[int]], views: np.ndarray,
                   parents: np.ndarray) -> np.ndarray:
    """Each question's place (0 = first) of its best-placed answer among all passages, scored by their closest
    view: how `fit` is measured."""
    n = int(np.max(parents)) + 1
    sims = np.asarray(questions, dtype=np.float32) @ np.asarray(views, dtype=np.float32).T
    best = np.full((len(sims), n), -9.0, dtype=np.float32)
    np.maximum.at(best, (slice(None), np.asarray(parents)), sims)  # each passage: its closest view
    out = np.empty(len(sims), dtype=np.int64)
    for i, rows in enumerate(answers):
        top = max(best[i, list(rows)])
        out[i] = int((best[i] > top).sum())
    return out
