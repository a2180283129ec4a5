"""Answer step: the offline, deterministic extractive answerer and the abstention rule.

The answer is made of the passages' own sentences, quoted verbatim, each with a
numbered citation; nothing is paraphrased, so nothing can be invented.  When
the evidence is weak or off-topic the answerer abstains and says what was
searched instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import messages
from bot.query import Question, RuleRef
from bot.types import Answer, Citation, Hit, Passage
from indexers.lexical import tokenize

# Evidence thresholds, calibrated on the dev set plus 28 questions written apart
# from it (14 answerable from the corpus, 14 outside it; see docs/retrieval.md):
# answer when the best passage is very close in meaning, or close and covering
# a fair share of the question's rare words; abstain otherwise.
STRONG_DENSE = 0.72
MIN_DENSE = 0.55
MIN_COVERAGE = 0.40
HIGH_COVERAGE = 0.80
MIN_DENSE_HIGH_COVERAGE = 0.50
QUOTE_MAX = 450
GENERIC = frozenset(tokenize("court rule rules law legal question federal case order party parties say says "
                             "require requires required what when which who how can could doe"))


@dataclass(frozen=True)
class Evidence:
    top_dense: float
    coverage: float

    def sufficient(self) -> bool:
        if self.top_dense >= STRONG_DENSE:
            return True
        if self.top_dense >= MIN_DENSE and self.coverage >= MIN_COVERAGE:
            return True
        return self.top_dense >= MIN_DENSE_HIGH_COVERAGE and self.coverage >= HIGH_COVERAGE


_SENT_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")
_ABBREV_END = re.compile(
    r"(?:\b(?:v|vs|No|Nos|Cal|Cir|Dkt|Ex|Exs|Inc|Co|Corp|Dep't|Civ|Fed|R|P|U\.S|S\.D|C\.D|N\.D|E\.D|W\.D|D|F|Supp|"
    r"App|e\.g|i\.e|al|Mr|Ms|Hon|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Oct|Nov|Dec|Wash|Or|Decl|Prot|Ord|Mot|Ct|Id|id|"
    r"at|Stat|Pub|L|Cong|Rec|Sec|Mag|Gov't|St|para|pp|Jr)\.|\b[A-Z]\.|\d\.)$")


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


class Extractive:
    """Builds an answer from the best sentences of the top hits."""

    name = "extractive"

    def __init__(self, idf):
        self.idf = idf  # token -> inverse document frequency (from the BM25 index)

    def query_terms(self, q: Question) -> dict[str, float]:
        terms = {t: self.idf(t) for t in tokenize(q.text) if t not in GENERIC}
        return terms or {t: self.idf(t) for t in tokenize(q.text)}

    def evidence(self, q: Question, hits: list[Hit]) -> Evidence:
        terms = self.query_terms(q)
        total = sum(terms.values()) or 1.0
        cov = 0.0
        for h in hits[:3]:
            toks = set(tokenize(h.passage.index_text()))
            cov = max(cov, sum(w for t, w in terms.items() if t in toks) / total)
        dense = max((h.dense_sim for h in hits if h.dense_sim is not None), default=0.0)
        return Evidence(top_dense=dense, coverage=cov)

    def best_span(self, terms: dict[str, float], p: Passage) -> tuple[float, str]:
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

    def __call__(self, q: Question, hits: list[Hit], *, missing: tuple[RuleRef, ...] = ()) -> Answer:
        terms = self.query_terms(q)
        scored = []
        for rank, h in enumerate(hits):
            s, quote = self.best_span(terms, h.passage)
            scored.append((s + 0.12 / (rank + 1) + (0.1 if h.boosted else 0.0), s, quote, h))
        citations = [Citation(n=i + 1, passage=h.passage, quote=quote, score=h.score)
                     for i, (_, s, quote, h) in enumerate(scored) if quote and (s > 0 or i == 0)]
        by_pid = {c.passage.id: c for c in citations}
        ranked = sorted((x for x in scored if x[3].passage.id in by_pid), key=lambda x: -x[0])
        chosen: list[Citation] = []
        for total, s, quote, h in ranked:
            if len(chosen) >= 3:
                break
            if chosen and total < 0.75 * ranked[0][0]:
                break
            c = by_pid[h.passage.id]
            if any(x.quote == c.quote for x in chosen):
                continue
            chosen.append(c)
        lines = [f"“{c.quote}” [{c.n}] ({c.passage.cite})" for c in chosen]
        text = "\n".join(lines)
        if missing:
            refs = ", ".join(r.label() for r in missing)
            text = messages.NOT_INDEXED_NOTE.format(refs=refs, verb="are" if len(missing) > 1 else "is",
                                                    it="them" if len(missing) > 1 else "it") + "\n" + text
        return Answer(question=q.text, text=text, citations=tuple(citations), answerer=self.name)


def abstention(q: Question, searched: str, missing: tuple[RuleRef, ...], mentioned: dict[str, list[str]],
               missing_cases: tuple[str, ...] = ()) -> Answer:
    """The answer given when the corpus does not answer: what was searched, what is missing, how to add it."""
    parts = [messages.ABSTAIN.format(searched=searched)]
    labels = [r.label() for r in missing] + list(missing_cases)
    if labels:
        kinds = {r.kind for r in missing}
        doc_type = "local_rules" if "local" in kinds else ("federal_rules" if "federal" in kinds else "order")
        parts.append(messages.NOT_INDEXED.format(refs=", ".join(labels), verb="are" if len(labels) > 1 else "is",
                                                 it="them" if len(labels) > 1 else "it", type=doc_type))
        for ref, where in mentioned.items():
            if where:
                parts.append(messages.MENTIONED_IN.format(ref=ref, where="; ".join(where[:3])))
    return Answer(question=q.text, text="\n".join(parts), abstained=True, searched=searched,
                  missing=tuple(labels))
