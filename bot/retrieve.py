"""Retrieve step: BM25 and dense candidates for a question, fused, boosted and filtered.

`SearchIndex` is one loaded index version: its passages, its BM25 index and
its Chroma collection.  `search()` is pure with respect to the index: the same
question gives the same hits.

Fusion is reciprocal rank fusion (`bot.fuse.rrf`); a passage that *is* a rule
the question names (`L.R. 37-1`, `Rule 26(c)`) is boosted to the top, and one
that merely mentions it gets a smaller lift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bot.errors import IndexUnavailable
from bot.fuse import rrf
from bot.query import Question, RuleRef
from bot.rerank import SentenceScorer
from bot.types import Filters, Hit, Passage, court_key, judge_key
from indexers.chunk import parent_id
from indexers.lexical import LexicalIndex, tokenize

Mode = Literal["hybrid", "bm25", "dense"]
POOL = 50
EXACT_BOOST = 0.05
MENTION_BOOST = 0.006
CASE_BOOST = 0.01
COURT_BOOST = 0.004


@dataclass
class SearchIndex:
    version: str
    passages: list[Passage]
    lexical: LexicalIndex
    collection: object  # chromadb Collection (embedded or HTTP)
    embedder: object
    model: str = ""

    def __post_init__(self):
        self.by_id = {p.id: p for p in self.passages}
        self.position = {p.id: i for i, p in enumerate(self.passages)}
        self._court = np.array([court_key(p.court) for p in self.passages], dtype=object)
        self._judge = np.array([judge_key(p.judge) for p in self.passages], dtype=object)
        self._type = np.array([p.doc_type for p in self.passages], dtype=object)
        self._rules: dict[tuple[str, str], list[Passage]] = {}
        for p in self.passages:
            if p.doc_type in ("local_rules", "federal_rules"):
                for key in section_prefixes(p.section.lower()):
                    self._rules.setdefault((p.doc_type, key), []).append(p)
        self.titles = sorted({p.title for p in self.passages})
        self._by_title: dict[str, list[str]] = {}
        for p in self.passages:
            self._by_title.setdefault(p.title.lower(), []).append(p.id)
        # BM25 indexes views (windows of passages): map each view row to its passage row
        self._view_parent = np.array([self.position.get(parent_id(v), -1) for v in self.lexical.ids], dtype=np.int64)

    # --- filters ----------------------------------------------------------------
    def _mask(self, f: Filters) -> np.ndarray | None:
        if not f:
            return None
        mask = np.ones(len(self.passages), dtype=bool)
        if f.court:
            mask &= self._court == court_key(f.court)
        if f.judge:
            mask &= self._judge == judge_key(f.judge)
        if f.doc_type:
            mask &= self._type == f.doc_type
        return mask

    @staticmethod
    def _where(f: Filters) -> dict | None:
        conds = []
        if f.court:
            conds.append({"court_key": court_key(f.court)})
        if f.judge:
            conds.append({"judge_key": judge_key(f.judge)})
        if f.doc_type:
            conds.append({"doc_type": f.doc_type})
        if not conds:
            return None
        return conds[0] if len(conds) == 1 else {"$and": conds}

    # --- the two retrievers ---------------------------------------------------------
    def bm25(self, tokens: list[str], mask: np.ndarray | None, n: int = POOL) -> list[tuple[str, float]]:
        """Top passages by their best-scoring view."""
        scores = self.lexical.scores(tokens)
        if mask is not None:
            scores = np.where(mask[self._view_parent], scores, 0.0)
        m = min(n * 3, int((scores > 0).sum()))
        if m <= 0:
            return []
        top = np.argpartition(-scores, m - 1)[:m]
        top = top[np.argsort(-scores[top], kind="stable")]
        return _collapse(((self.passages[self._view_parent[i]].id, float(scores[i])) for i in top), n)

    def dense(self, vector: np.ndarray, f: Filters, n: int = POOL) -> list[tuple[str, float]]:
        """Top passages by their closest view (cosine similarity)."""
        try:
            res = self.collection.query(query_embeddings=[vector], n_results=min(n * 3, len(self.lexical.ids)),
                                        where=self._where(f), include=["distances"])
        except IndexUnavailable:  # a server store's retries already gave up, with a reference id
            raise
        except Exception as exc:  # chromadb raises many types; the caller sees one clear error
            if "no" in str(exc).lower() and "result" in str(exc).lower():
                return []
            raise unavailable(exc) from exc
        ids = res["ids"][0]
        dists = res["distances"][0]
        return _collapse(((parent_id(vid), 1.0 - float(d)) for vid, d in zip(ids, dists)), n)

    # --- search -------------------------------------------------------------------
    def search(self, q: Question, *, filters: Filters = Filters(), k: int = 5, mode: Mode = "hybrid",
               context: str = "") -> list[Hit]:
        """Top `k` hits for the question (`context`: earlier questions of a thread, weighted lower)."""
        text = f"{q.text} {context}".strip() if context else q.text
        mask = self._mask(filters)
        bm = self.bm25(tokenize(text), mask) if mode in ("hybrid", "bm25") else []
        de: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            vec = self.embedder.encode([q.text if not context else f"{q.text} ({context})"])[0]
            de = self.dense(vec, filters)
        fused = rrf([[pid for pid, _ in bm], [pid for pid, _ in de]]) if mode == "hybrid" else \
            {pid: 1.0 / (60 + r + 1) for r, (pid, _) in enumerate(bm or de)}
        bm_rank = {pid: r for r, (pid, _) in enumerate(bm)}
        de_rank = {pid: r for r, (pid, _) in enumerate(de)}
        de_sim = dict(de)
        boosted: set[str] = set()
        if mode == "hybrid":
            for pid, lift in self._boosts(q, mask).items():
                fused[pid] = fused.get(pid, 0.0) + lift
                if lift >= EXACT_BOOST / 2:  # the passage is a rule the question names
                    boosted.add(pid)
            fused = SentenceScorer(self.lexical.idf).rerank(q, fused, self.by_id)
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], self.position.get(kv[0], 0)))
        hits = []
        for pid, score in ranked:
            p = self.by_id.get(pid)
            if p is None:
                continue
            hits.append(Hit(passage=p, score=score, bm25_rank=bm_rank.get(pid), dense_rank=de_rank.get(pid),
                            dense_sim=de_sim.get(pid), boosted=pid in boosted))
            if len(hits) >= k:
                break
        return hits

    def _boosts(self, q: Question, mask: np.ndarray | None) -> dict[str, float]:
        lifts: dict[str, float] = {}
        for ref in q.refs:
            exact = self.rule_passages(ref)
            for p in exact:
                lifts[p.id] = max(lifts.get(p.id, 0.0), EXACT_BOOST if _exact(ref, p) else EXACT_BOOST / 2)
            if not exact:
                for p in self.mentions(ref)[:10]:
                    lifts[p.id] = max(lifts.get(p.id, 0.0), MENTION_BOOST)
        for case in q.cases:
            name = case.first_party.lower()
            for title, ids in self._by_title.items():
                if title.startswith(name):
                    for pid in ids:
                        lifts[pid] = max(lifts.get(pid, 0.0), CASE_BOOST)
        for key in q.courts:
            for i in np.flatnonzero(self._court == key):
                pid = self.passages[i].id
                lifts[pid] = lifts.get(pid, 0.0) + COURT_BOOST
        if mask is not None:
            lifts = {pid: v for pid, v in lifts.items() if mask[self.position[pid]]}
        return lifts

    # --- lookups used by answers and drafts ----------------------------------------------
    def rule_passages(self, ref: RuleRef) -> list[Passage]:
        """Passages that are the named rule (or a subdivision of it)."""
        kind = {"local": "local_rules", "federal": "federal_rules"}.get(ref.kind)
        if kind is None:
            return []
        return list(self._rules.get((kind, ref.number.lower()), ()))

    def has_title(self, first_party: str) -> bool:
        name = first_party.lower()
        return any(t.startswith(name) for t in self._by_title)

    def mentions(self, ref: RuleRef) -> list[Passage]:
        """Passages whose text mentions the rule number.  The BM25 index keeps rule numbers as
        tokens, so only passages holding that token are checked (no scan of the whole corpus)."""
        token = ref.number.lower()
        if token not in self.lexical.vocab:
            return []
        rows = np.flatnonzero(self.lexical.scores([token]) > 0)
        parents = sorted({int(self._view_parent[r]) for r in rows if self._view_parent[r] >= 0})
        rx = re.compile(rf"(?<![\w.-]){re.escape(ref.number)}(?![\w-]|\.\d)", re.I)
        return [self.passages[i] for i in parents if rx.search(self.passages[i].text)]

    def find_cite(self, cite: str) -> list[Passage]:
        c = cite.strip().lower()
        return [p for p in self.passages if p.cite.lower() == c or _section_matches(p.cite.lower(), c)]


def unavailable(exc: BaseException) -> IndexUnavailable:
    """The one-line "index unavailable" error for the user, with a reference id logged beside the detail."""
    import logging
    import secrets

    from bot import messages

    ref = "RB-" + secrets.token_hex(4).upper()
    detail = (str(exc).splitlines() or [type(exc).__name__])[0][:300]
    logging.getLogger("rulebot.retrieve").warning("index store failed [ref %s]: %s", ref, detail)
    return IndexUnavailable(messages.INDEX_UNAVAILABLE.format(detail="the index store did not answer", ref=ref))


def _collapse(pairs, n: int) -> list[tuple[str, float]]:
    """Keep each passage's first (best) view, in order, up to `n` passages."""
    seen: dict[str, float] = {}
    for pid, score in pairs:
        if pid not in seen:
            seen[pid] = score
            if len(seen) >= n:
                break
    return list(seen.items())


def section_prefixes(section: str) -> list[str]:
    """'26(c)(1)' -> ['26', '26(c)', '26(c)(1)']; '79-5.2.2' -> ['79-5', '79-5.2', '79-5.2.2'];
    '37-2.1(a)' -> ['37-2', '37-2.1', '37-2.1(a)'] (a rule is found by any enclosing number)."""
    section = section.split(" ")[0]
    m = re.match(r"^(\d+(?:\.\d+)?)((?:-\d+)?)((?:\.\d+)*)((?:\([a-z0-9]+\))*)$", section)
    if not m:
        return [section]
    out = []
    base = m.group(1)
    if not m.group(2):
        out.append(base)
    else:
        base += m.group(2)
        out.append(base)
    for part in re.findall(r"\.\d+", m.group(3)):
        base += part
        out.append(base)
    for part in re.findall(r"\([a-z0-9]+\)", m.group(4)):
        base += part
        out.append(base)
    return out


def _section_matches(section: str, num: str) -> bool:
    if section == num:
        return True
    if section.startswith(num):
        nxt = section[len(num):len(num) + 1]
        return nxt in ("(", ".", " ") and not (nxt == "." and num[-1:].isalpha())
    return False


def _exact(ref: RuleRef, p: Passage) -> bool:
    return p.section.lower() == ref.number.lower()
