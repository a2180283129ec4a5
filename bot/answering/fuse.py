"""Fuse step: reciprocal rank fusion of several ranked lists.

>>> sorted(rrf([["a", "b"], ["b", "c"]]).items(), key=lambda kv: -kv[1])[0][0]
'b'
"""

from __future__ import annotations

RRF_K = 60


def rrf(rankings: list[list[str]], *, k: int = RRF_K, weights: list[float] | None = None) -> dict[str, float]:
    """score(d) = sum over lists of weight / (k + rank(d)), rank starting at 1."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    return scores
