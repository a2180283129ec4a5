"""Rerank step: score passages by their best sentence's coverage of the question.

Used twice: to reorder the fused candidates (a passage whose single sentence
holds the question's rare words ranks higher), and by the extractive answerer
to pick the sentence it quotes.  Spans are offsets into the passage text, so
every quote is the passage's own characters.

>>> text = "The rule applies. See Kamakana v. City, 447 F.3d at 1178. Next."
>>> [text[s:e] for s, e in sentence_spans(text)]
['The rule applies.', 'See Kamakana v. City, 447 F.3d at 1178.', 'Next.']
"""

from __future__ import annotations

import re

from bot.query import Question
from bot.types import Passage
from indexers.chunk import LEGAL_ABBREVIATIONS
from indexers.lexical import tokenize

QUOTE_MAX = 450
# Measured with `rulebot eval` on the dev set and 23 questions written apart from it
# (docs/retrieval.md): reranking the fused top 20 by sentence coverage raised MRR on both.
RERANK_DEPTH = 20
RERANK_WEIGHT = 0.02
# Words of the question's form rather than its subject: not counted as evidence.
GENERIC = frozenset(tokenize(
    "court courts rule rules law legal question federal case order party parties say says require requires "
    "required what when which who how can could doe let lets allow allows allowed permit permits permitted "
    "subdivision subdivisions provision provisions section sections paragraph clause need needs apply applies "
    "mean means happen happens tell explain describe give anything something"))


_SENT_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")
_ABBREV_END = re.compile(rf"(?:\b(?:{LEGAL_ABBREVIATIONS})\.|\b[A-Z]\.|^\d{{1,2}}\.)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences (and list items, one per line) of `text`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if not m.group(0).startswith("\n") else m.start()
        if not m.group(0).startswith("\n") and _ABBREV_END.search(text[start:end]):
            continue
        if text[start:end].strip():
            spans.append(_strip(text, start, end))
        start = m.end()
    if text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return spans


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


class SentenceScorer:
    """IDF-weighted coverage of the question's terms by one sentence of a passage."""

    def __init__(self, idf):
        self.idf = idf  # token -> inverse document frequency (from the BM25 index)
        self._spans: dict[tuple, tuple[float, str]] = {}  # (terms, passage id) -> best span, for one question

    def rerank(self, q: Question, scored: dict[str, float], passages: dict[str, Passage], *,
               depth: int = RERANK_DEPTH, weight: float = RERANK_WEIGHT) -> dict[str, float]:
        """Add `weight` x best-sentence coverage to the `depth` best fused scores."""
        terms = self.query_terms(q)
        top = sorted(scored.items(), key=lambda kv: -kv[1])[:depth]
        out = dict(scored)
        for pid, score in top:
            out[pid] = score + weight * self.best_span(terms, passages[pid])[0]
        return out

    def query_terms(self, q: Question) -> dict[str, float]:
        terms = {t: self.idf(t) for t in tokenize(q.text) if t not in GENERIC}
        return terms or {t: self.idf(t) for t in tokenize(q.text)}

    def best_span(self, terms: dict[str, float], p: Passage) -> tuple[float, str]:
        key = (tuple(sorted(terms)), p.id, p.text)
        if key not in self._spans:
            self._spans[key] = self._best_span(terms, p)
        return self._spans[key]

    def _best_span(self, terms: dict[str, float], p: Passage) -> tuple[float, str]:
        total = sum(terms.values()) or 1.0
        best = (-1.0, "")
        for s, e in sentence_spans(p.text):
            quote = p.text[s:e]
            if len(quote) > QUOTE_MAX:
                quote = self._clause(terms, quote)
            toks = set(tokenize(quote))
            score = sum(w for t, w in terms.items() if t in toks) / total
            if re.match(r"^(See|Cf\.|Id\.|\(|\[citation)", quote):
                score *= 0.6
            if len(quote) < 25:
                score *= 0.5
            if score > best[0]:
                best = (score, quote)
        return best

    def _clause(self, terms: dict[str, float], sentence: str) -> str:
        parts = [m for m in re.split(r"(?<=;)\s+|(?<=:)\s+", sentence) if m.strip()]
        if len(parts) == 1:
            return sentence
        scored = [(sum(w for t, w in terms.items() if t in set(tokenize(x))), x) for x in parts]
        return max(scored, key=lambda sx: sx[0])[1].strip()

