"""Verified step: a question close to one an administrator verified is answered with that passage first.

An administrator verifies a passage for a question (`rulebot feedback verify`, `bot.admin.review`); the
`VerifiedAnswer` keeps the question, the passage (its id, pin cite and a hash of its text), the sentence
quoted and who verified it, when.  For each question the engine answers, `VerifiedFirst.apply`:

1. keeps the verified answers still `standing`: their passage is served with the same text.  A reindex
   that changed or removed the passage suspends the answer (it is not shown; admins see it listed to verify
   again);
2. finds the closest verified question (`Matcher`): the same words; or a paraphrase: the same rules named,
   the verified passage retrieved for the question among the first `WITHIN`, and the cosine of the two
   questions' embeddings with the served model at least `SIMILAR_ENOUGH`, or at least `SIMILARITY` with the
   verified passage holding `COVERAGE` of the question's rare words (chosen on the dev set, where then no
   question was captured by another: `bench/verified_match.py`);
3. cites the verified passage first (`cite_first`), quoting its sentence and marked "Verified by NAME on
   DATE", with the engine's own citations after it, renumbered; the result passes `verify_citations` against
   the served index like every answer.

>>> m = Matcher(lambda texts: np.array([[1.0, 0.0] if "seal" in t else [0.0, 1.0] for t in texts]))
>>> p = Passage(id="p1", doc_id="d", cite="Fed. R. Civ. P. 5.2(d)", section="5.2(d)", text="The court may order ...")
>>> v = VerifiedAnswer(1, "7", "May we file it under seal?", "p1", p.cite, text_hash(p), "The court may order ...",
...                    "Ann", "2026-01-05")
>>> m.closest("Can we file the exhibit under seal?", [(v, p)], retrieved=["p9", "p1"]).verified.by
'Ann'
>>> m.closest("When are initial disclosures due?", [(v, p)], retrieved=["p1"]) is None
True
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Collection, Iterable, Mapping, Protocol, Sequence

import numpy as np

from bot.types import Answer, Citation, Filters, Passage, Verification, content_hash, court_key, judge_key

log = logging.getLogger("rulebot.verified")

# Chosen on the dev set (bench/verified_match.py): each of its 71 answerable questions verified in turn and the
# other 83 asked: none was captured (one at 0.70 or at coverage 0.4); of the paraphrases written apart
# (bench/verified-paraphrases.jsonl), 17 of 24 were captured, and 1 of 12 near misses.
SIMILARITY = 0.75  # cosine of the two questions' embeddings (bundled all-MiniLM-L6-v2)
COVERAGE = 0.5  # share of the question's rare-word weight the verified passage (or its terms line) holds
WITHIN = 5  # the verified passage is among the passages retrieved for the question, at this rank or better
SIMILAR_ENOUGH = 0.85  # a cosine at which the words need not be checked against the passage
REFRESH_SECONDS = 1.0  # how often the verified answers are read again from the shared store

STANDING, CHANGED, REMOVED = "standing", "changed", "removed"  # a verified answer against the served index


@dataclass(frozen=True)
class VerifiedAnswer:
    """An administrator's verified answer: `question` is answered by the passage `passage_id` (pin cite `cite`,
    text hash `text_hash`), quoting `quote`; verified by `by` on `at` (ISO), from the 👎 `vote_id` if any."""

    id: int | str
    vote_id: str
    question: str
    passage_id: str
    cite: str
    text_hash: str
    quote: str
    by: str
    at: str

    @property
    def on(self) -> str:
        """The date it was verified (YYYY-MM-DD)."""
        return self.at[:10]

    @property
    def verification(self) -> Verification:
        return Verification(by=self.by, on=self.on)

    def as_dict(self) -> dict:
        return {"id": self.id, "vote_id": self.vote_id, "question": self.question, "passage_id": self.passage_id,
                "cite": self.cite, "text_hash": self.text_hash, "quote": self.quote, "by": self.by, "at": self.at}


def text_hash(p: Passage) -> str:
    """The hash a verified answer keeps of its passage's text (what a reindex must leave unchanged)."""
    return content_hash(p.text)


class Served(Protocol):
    """What the step needs of the served index (`bot.answering.retrieve.SearchIndex`)."""

    passages: Sequence[Passage]
    by_id: dict[str, Passage]


def standing(v: VerifiedAnswer, idx: Served) -> tuple[str, Passage | None]:
    """(STANDING, the served passage) when the passage is served with the same text (under its id, or under
    its pin cite after a reindex renamed it); else (CHANGED, None) when a passage with that pin cite is served
    with other text, (REMOVED, None) when none is.

    >>> p = Passage(id="d::1::0", doc_id="d", cite="R. 1", section="1", text="A.")
    >>> class Idx: passages = [p]; by_id = {p.id: p}
    >>> v = VerifiedAnswer(1, "", "q", p.id, p.cite, text_hash(p), "A.", "Ann", "2026-01-05")
    >>> standing(v, Idx)[0], standing(replace(v, text_hash="x"), Idx)[0], standing(replace(v, cite="R. 2", passage_id="?"), Idx)[0]
    ('standing', 'changed', 'removed')
    """
    p = idx.by_id.get(v.passage_id)
    if p is not None and p.cite == v.cite and text_hash(p) == v.text_hash:
        return STANDING, p
    same_cite = [q for q in idx.passages if q.cite == v.cite]
    for q in same_cite:
        if text_hash(q) == v.text_hash:
            return STANDING, q
    return (CHANGED if same_cite else REMOVED), None


# ---------------------------------------------------------------- how close a question is to a verified one

def rules_named(text: str) -> frozenset[str]:
    """The rules a question names by number, as labels (the one grammar: `bot.answering.query`)."""
    from bot.answering.query import find_refs

    return frozenset(r.label() for r in find_refs(text))


def coverage(terms: Mapping[str, float], tokens: Collection[str]) -> float:
    """Share of a question's rare-word weight (`terms`: stemmed word -> IDF, rule numbers aside) that a
    passage's `tokens` hold.

    >>> coverage({"burden": 3.0, "absolut": 1.0}, {"burden", "privileg"})
    0.75
    """
    words = {t: w for t, w in terms.items() if not t[:1].isdigit()} or dict(terms)
    return sum(w for t, w in words.items() if t in tokens) / (sum(words.values()) or 1.0)


@dataclass(frozen=True)
class Closeness:
    """How close a question is to a verified one, by the four checks `Matcher` makes: the cosine of the two
    questions' embeddings, the same rules named, the share of the question's rare words the verified passage
    holds (`coverage`), and where the verified passage is among those retrieved for the question (`rank`, 1 is
    first; None when it is not retrieved)."""

    similarity: float
    same_rules: bool
    coverage: float
    rank: int | None

    def close(self, similarity: float = SIMILARITY, share: float = COVERAGE, within: int = WITHIN,
              alone: float = SIMILAR_ENOUGH) -> bool:
        """The same rules named, the verified passage retrieved within `within`, and the questions' similarity at
        least `alone`, or at least `similarity` with the passage holding `share` of the question's rare words."""
        return (self.same_rules and self.rank is not None and self.rank <= within
                and (self.similarity >= alone or (self.similarity >= similarity and self.coverage >= share)))


SAME_WORDS = Closeness(1.0, True, 1.0, None)  # the question as verified (case, spacing and end mark aside)


def question_key(question: str) -> str:
    """A question's words, case, spacing and end mark aside: verified answers are kept one per key, and a
    question with the verified one's key is always close to it."""
    return " ".join(question.lower().split()).rstrip("?.! ")


@dataclass(frozen=True)
class Match:
    verified: VerifiedAnswer
    passage: Passage
    closeness: Closeness


@dataclass
class Matcher:
    """Finds the verified answer closest to a question (`closest`), or None when none is close enough.

    `embed(texts)` gives unit vectors (the served embedding model's query side); `normalize` is applied to both
    questions first (abbreviations written out, spelling corrected: `SearchIndex.prepare`); `cover(question,
    passage)` is the share of the question's rare words the passage holds (`coverage`)."""

    embed: Callable[[list[str]], np.ndarray]
    normalize: Callable[[str], str] = lambda text: text
    cover: Callable[[str, Passage], float] = lambda question, passage: 1.0
    similarity: float = SIMILARITY
    share: float = COVERAGE
    within: int = WITHIN
    alone: float = SIMILAR_ENOUGH
    _vectors: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of `texts` (normalized questions), remembered (verified questions are embedded once)."""
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if todo:
            found = np.asarray(self.embed(todo), dtype=np.float32)
            with self._lock:
                self._vectors.update(zip(todo, found))
        with self._lock:
            return np.stack([self._vectors[t] for t in texts])

    def closeness(self, question: str, candidates: Sequence[tuple[str, Passage]],
                  retrieved: Sequence[str]) -> list[Closeness]:
        """How close `question` is to each (verified question, its passage); `retrieved`: the ids of the passages
        retrieved for `question`, best first."""
        if not candidates:
            return []
        q = self.normalize(question)
        texts = [self.normalize(c) for c, _ in candidates]
        sims = self.vectors(texts) @ self.vectors([q])[0]
        rules = rules_named(q)
        rank = {pid: i + 1 for i, pid in reversed(list(enumerate(retrieved)))}
        return [Closeness(float(s), rules_named(t) == rules, self.cover(question, p), rank.get(p.id))
                for s, t, (_, p) in zip(sims, texts, candidates)]

    def closest(self, question: str, candidates: Sequence[tuple[VerifiedAnswer, Passage]],
                retrieved: Sequence[str]) -> Match | None:
        """The closest of `candidates` (verified answers with their served passages): the one asked in the same
        words, else the most similar of those close enough (`Closeness.close`)."""
        same = [Match(v, p, SAME_WORDS) for v, p in candidates if question_key(v.question) == question_key(question)]
        if same:
            return max(same, key=lambda m: m.verified.at)
        first = set(retrieved[:self.within])  # only these can be close: the others are not weighed at all
        near = [(v, p) for v, p in candidates if p.id in first]
        scored = self.closeness(question, [(v.question, p) for v, p in near], retrieved)
        found = [Match(v, p, c) for c, (v, p) in zip(scored, near)
                 if c.close(self.similarity, self.share, self.within, self.alone)]
        return max(found, key=lambda m: (m.closeness.similarity, m.verified.at)) if found else None


# ---------------------------------------------------------------- the answer, verified passage first

_MARK = re.compile(r"\[(\d{1,3})\]")


def allowed(p: Passage, filters: Filters) -> bool:
    """Whether a passage passes the question's metadata filters (court, judge, document type)."""
    return ((not filters.court or court_key(p.court) == court_key(filters.court))
            and (not filters.judge or judge_key(p.judge) == judge_key(filters.judge))
            and (not filters.doc_type or p.doc_type == filters.doc_type))


def cite_first(answer: Answer, v: VerifiedAnswer, passage: Passage) -> Answer:
    """`answer` with the verified passage cited first ([1], its verified sentence quoted, marked who verified
    it and when), the answer's own citations after it renumbered (the verified passage not twice).  An
    abstention becomes an answer: the verified passage, with the nearest passages named as "See also".

    >>> p = Passage(id="a", doc_id="d", cite="R. 2", section="2", text="Verified text. More.")
    >>> o = Passage(id="b", doc_id="d", cite="R. 3", section="3", text="Other text.")
    >>> ans = Answer("q", "“Other text.” [1] (R. 3)", citations=(Citation(1, o, "Other text."),))
    >>> v = VerifiedAnswer(1, "", "q", "a", "R. 2", text_hash(p), "Verified text.", "Ann Lee", "2026-01-05T10:00:00")
    >>> print(cite_first(ans, v, p).text)
    “Verified text.” [1] (R. 2)
    Verified by Ann Lee on 2026-01-05.
    “Other text.” [2] (R. 3)
    """
    first = Citation(n=1, passage=passage, quote=v.quote, score=1.0, verification=v.verification)
    head = f"“{v.quote}” [1] ({passage.cite})\n{v.verification.label}."
    if answer.abstained:
        also = _renumbered([c for c in answer.nearest if c.passage.id != passage.id][:2], start=2)
        return replace(answer, text=head, citations=(first,), see_also=also, abstained=False, nearest=(),
                       missing=())
    others = [c for c in answer.citations if c.passage.id != passage.id]
    numbers = {c.n: i + 2 for i, c in enumerate(others)}
    numbers.update({c.n: 1 for c in answer.citations if c.passage.id == passage.id})
    # a quote citing only the verified passage is quoted above: dropped whole, with every line of it (a list, two
    # sentences joined across a line break), not only the line that carries its number
    blocks: list[list[str]] = []
    open_quote = False
    for line in answer.text.splitlines():
        if open_quote:
            blocks[-1].append(line)
        else:
            blocks.append([line])  # a quote begins, or a line of its own (a note above the quotes)
            open_quote = line.startswith("“")
        if _MARK.search(line):
            open_quote = False
    kept = [line for b in blocks for line in b
            if not (_MARK.search(b[-1]) and all(numbers.get(int(n)) == 1 for n in _MARK.findall(b[-1])))]
    body = _MARK.sub(lambda m: f"[{numbers.get(int(m.group(1)), m.group(1))}]", "\n".join(kept)).strip()
    also = [c for c in answer.see_also if c.passage.id != passage.id]
    return replace(answer, text=head + ("\n" + body if body else ""),
                   citations=(first, *_renumbered(others, start=2)),
                   see_also=_renumbered(also, start=2 + len(others)))


def _renumbered(citations: Iterable[Citation], *, start: int) -> tuple[Citation, ...]:
    return tuple(replace(c, n=start + i) for i, c in enumerate(citations))


# ---------------------------------------------------------------- the step

class Source(Protocol):
    """Where verified answers are kept (`bot.admin.verified`): the current one for each question."""

    def current(self) -> list[VerifiedAnswer]: ...


class VerifiedFirst:
    """The step the engine runs after deciding (see the module docstring): reads `source` at most every
    `refresh` seconds, so a verification on one replica reaches the others within that."""

    def __init__(self, source: Source, *, refresh: float = REFRESH_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.source = source
        self.refresh = refresh
        self._clock = clock
        self._read: tuple[float, list[VerifiedAnswer]] = (-float("inf"), [])  # (when, what)

    def verified(self) -> list[VerifiedAnswer]:
        """The current verified answers, read again when `refresh` seconds have passed; while the store cannot
        be read, the ones read last (answers go on; the store logs the outage)."""
        when, found = self._read
        now = self._clock()
        if now - when >= self.refresh:
            try:
                found = list(self.source.current())
            except Exception as e:
                log.debug("verified answers not read again: %s", e)
            self._read = (now, found)
        return found

    def match(self, question: str, retrieved: Sequence[str], idx: Served, matcher: Matcher,
              filters: Filters = Filters()) -> Match | None:
        """The closest standing verified answer for `question` (None when none is close); `retrieved`: the ids
        of the passages retrieved for it, best first."""
        usable = []
        for v in self.verified():
            state, p = standing(v, idx)
            if state == STANDING and p is not None and allowed(p, filters):
                usable.append((v, p))
        return matcher.closest(question, usable, retrieved) if usable else None

    def apply(self, question: str, answer: Answer, retrieved: Sequence[str], idx: Served, matcher: Matcher,
              filters: Filters = Filters()) -> Answer:
        """`answer`, with the verified passage first when `question` is close to a verified one."""
        found = self.match(question, retrieved, idx, matcher, filters)
        return answer if found is None else cite_first(answer, found.verified, found.passage)
