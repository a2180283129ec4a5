"""Typed value objects of the question side: retrieval `Hit`s and the `Answer` with its `Citation`s.

Documents and passages are the document side's (`indexers.types`); they are
re-exported here so the question pipeline imports its types from one place.

>>> p = Passage(id="x", doc_id="d", cite="Fed. R. Civ. P. 1", section="1", text="These rules govern.")
>>> Citation(n=1, passage=p, quote="These rules govern.").cite
'Fed. R. Civ. P. 1'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.currency import currency
from indexers.types import (DOC_TYPES, Amendment, DocMeta, Document, Passage, Progress, content_hash,  # noqa: F401
                            court_key, judge_key)


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval by metadata (exact match, case-insensitive)."""

    court: str = ""
    judge: str = ""
    doc_type: str = ""

    def __bool__(self) -> bool:
        return bool(self.court or self.judge or self.doc_type)


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its scores."""

    passage: Passage
    score: float  # fused score
    bm25_rank: int | None = None
    dense_rank: int | None = None
    dense_sim: float | None = None
    boosted: bool = False  # the passage is a rule the question names (e.g. 'Rule 26(c)(1)')
    item: tuple[str, ...] = ()  # the question names an item inside the passage: ('(G)',) for 26(c)(1)(G)
    preferred: float = 0.0  # of the matter the channel is bound to (1.0 its judge's, 0.5 its court's), or of a
    # document the question names (1.0); else 0
    named: bool = False  # of a judge's order or a case the question names: quoted before the rules


VERIFIED_BY = "Verified by {by} on {on}"  # a citation an administrator verified for the question


@dataclass(frozen=True)
class Verification:
    """Who verified a citation for its question, and on what date (bot.answering.verified).

    >>> Verification("Ann Lee", "2026-01-05").label
    'Verified by Ann Lee on 2026-01-05'
    """

    by: str
    on: str  # YYYY-MM-DD

    @property
    def label(self) -> str:
        return VERIFIED_BY.format(by=self.by, on=self.on)

    def as_dict(self) -> dict[str, str]:
        return {"by": self.by, "on": self.on, "label": self.label}


@dataclass(frozen=True)
class Citation:
    """A verified citation printed with an answer: `quote` appears verbatim in `passage.text`."""

    n: int
    passage: Passage
    quote: str
    score: float = 0.0
    pin: str = ""  # a deeper pin than the passage's when the quote is one item of it: 'Fed. R. Civ. P. 26(c)(1)(G)'
    verification: Verification | None = None  # an administrator verified this passage for the question
    # further quotes of the same passage shown in the answer under the same number (one passage, one citation)
    more: tuple[str, ...] = ()

    @property
    def cite(self) -> str:
        return self.pin or self.passage.cite

    @property
    def quotes(self) -> tuple[str, ...]:
        """Every quote the answer shows from this passage, in the order shown."""
        return (self.quote, *self.more)

    def as_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "n": self.n, "cite": self.cite, "title": p.title, "doc_id": p.doc_id, "section": p.section,
            "quote": self.quote, "quotes": list(self.quotes), "text": p.text, "source": p.source, "score": round(self.score, 6),
            "verified": self.verification.as_dict() if self.verification else None,
            **currency(self).as_dict(),  # as_of, as_of_kind, as_of_label, currency_warning, superseded_by
        }


SEE_ALSO = "See also (not quoted): {cites}"  # passages near an answer that it does not quote


@dataclass(frozen=True)
class Answer:
    """What the core returns for a question.

    `text` is the short answer with numbered markers ``[1]`` that refer to
    `citations`.  When `abstained` is true, `citations` is empty and `text`
    explains what was searched and what is missing.  `flags` lists problems
    found and removed by verification (e.g. an LLM's invented citation).
    """

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    searched: str = ""
    missing: tuple[str, ...] = ()  # rules/cases named in the question that the corpus lacks
    flags: tuple[str, ...] = ()
    answerer: str = "extractive"
    nearest: tuple[Citation, ...] = ()  # when abstaining: the closest passages, shown as "not an answer"
    confidence: float | None = None  # the answer decision's probability that the corpus answers
    context: str = ""  # the matter the answer was given for, in a bound channel: "C.D. Cal., Judge Segal"
    # passages near the answer that it does not quote: named apart ("See also"), lighter, never as its authority
    see_also: tuple[Citation, ...] = ()

    def quotes_in_text(self, c: Citation, shown: str | None = None) -> bool:
        """The answer's text (or the part of it a surface `shown`) already holds this citation's quotes: then the
        surface does not print them twice."""
        return bool(c.quote.strip()) and not self.quotes_missing(c, shown)

    def quotes_missing(self, c: Citation, shown: str | None = None) -> tuple[str, ...]:
        """This citation's quotes that the answer's text (or the part of it a surface `shown`: a card's clipped
        text) does not hold: a surface prints these under the citation, and only these."""
        text = " ".join((self.text if shown is None else shown).split())
        return tuple(q for q in c.quotes if q.strip() and " ".join(q.split()) not in text)

    def see_also_line(self, esc=str) -> str:
        """'See also (not quoted): A; B' for the passages named apart ("" when none); `esc` escapes each cite for
        the surface it is drawn on."""
        return SEE_ALSO.format(cites="; ".join(esc(c.cite) for c in self.see_also)) if self.see_also else ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question, "answer": self.text, "abstained": self.abstained,
            "citations": [c.as_dict() for c in self.citations],
            "see_also": [c.as_dict() for c in self.see_also],
            "nearest": [c.as_dict() for c in self.nearest],
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "searched": self.searched, "missing": list(self.missing), "flags": list(self.flags),
            "answerer": self.answerer, "context": self.context,
        }
