"""Retrieve step: BM25 and dense candidates for a question, fused, boosted and filtered.

`SearchIndex` is one loaded index version: its passages, its BM25 index and
its Chroma collection.  `search()` is pure with respect to the index: the same
question gives the same hits.

Fusion is reciprocal rank fusion (`bot.answering.fuse.rrf`); a passage that *is* a rule
the question names (`L.R. 37-1`, `Rule 26(c)`) is boosted to the top, and one
that merely mentions it gets a smaller lift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np

from bot.errors import IndexUnavailable
from bot.answering.fuse import rrf
from bot.answering.normalize import Speller
from bot.answering.query import Question, RuleRef
from indexers.grammar import cites, same_or_higher_level, without_corporate_form
from bot.answering.rerank import SentenceScorer
from bot.types import Filters, Hit, Passage, court_key, judge_key
from indexers.chunk import is_terms_view, parent_id
from indexers.embed import Embedder, encode_query
from indexers.lexical import LexicalIndex, _stemmer, tokenize
from indexers.store import Collection
from indexers.types import RULE_TYPES

Mode = Literal["hybrid", "bm25", "dense"]
POOL = 50
# Weight of the dense list against BM25's in the fusion: 1.0 was kept by nested cross-validation over 0.5, 1.0,
# 1.5 and 2.0 (chosen in 14 of 15 folds; bench/tune_gate.py --choose bot.answering.retrieve.DENSE_WEIGHT=...).
DENSE_WEIGHT = 1.0
# BM25 score of a passage's terms view (what it governs, in practitioners' words; indexers/terms.py) against its
# text views': 1.0 = alike.  Chosen by nested cross-validation (bench/tune_gate.py --choose).
TERMS_WEIGHT = 1.5  # chosen in 12 of 15 folds over 0.7, 1.0, 1.5, 2.0 (held-out shown 0.67-0.70 against 0.67 at 1.0)
EXACT_BOOST = 0.05
# A rule named by name ("the safe harbor", "a protective order": bot.answering.names): a lift, not a guarantee.  Nested
# cross-validation preferred 0 (11 of 15 folds over 0, 0.006, 0.01; held-out shown 0.79 either way), but without it
# "On what grounds may a court issue a protective order?" no longer cites Rule 26(c)(1) at all: kept at 0.01.
IMPLIED_BOOST = 0.01
MENTION_BOOST = 0.006
CONTEXT_BOOST = 0.006  # a rule named only in the situation when the asking sentence names another
CASE_BOOST = 0.01
# A question asking how a named order or opinion came out ("what did the court order?", "the outcome in X") that
# names none of its parts lifts its conclusion ("IV. CONCLUSION") above its other passages: set by hand, not fitted.
OUTCOME_BOOST = 0.01
_CONCLUSION = re.compile(r"^(?:[IVXLC]+\.|\d+\.|[A-Z]\.)?\s*(?:conclusion|disposition|orders?)\s*$", re.I)
_ASKS_OUTCOME = re.compile(r"\bwhat\s+(?:did|does)\s+(?:the\s+|that\s+|judge\s+\w+\s+)?(?:court|judge|magistrate(?:\s+judge)?|she|he)?\s*"
                           r"(?:order|orders|rule|decide|hold|conclude|do)\b(?!\s+(?:about|on|with|as\s+to|regarding|re)\b)|"
                           r"\b(?:outcome|come\s+out|came\s+out|bottom\s+line|disposition)\b", re.I)
RULES_IN_POOL = 2  # passages of a rule the question names by its name that are always weighed for the answer
NAMED_IN_POOL = 3  # passages of a judge's order or a case the question names that are always weighed for the answer
# A channel bound to a matter (court, judge) prefers that court's and judge's documents: a lift among the
# passages already retrieved, never a filter (the federal rules still answer).  On the RRF scale (the top
# passage scores about 1/61 = 0.016 from each list), a judge's own passage moves up a few places.
PREFER_COURT = 0.002
PREFER_JUDGE = 0.006
# No lift for passages of a court the question names ("C.D. Cal."): checked on held-out folds it did not
# help (dev questions, 5-fold: refused 0.08 without, 0.09 with; see bench/tune_gate.py).


def _make_room(ranked: list[tuple[str, float]], k: int, missing: list[tuple[str, float]],
               keep: tuple[set[str], ...]) -> list[tuple[str, float]]:
    """`ranked` with `missing` (passages below its first `k`) among its first `k`: each takes the place of the lowest
    of them outside the first set of `keep` (tried in turn) that leaves one, and follows them in its own order.

    >>> _make_room([("a", 5), ("b", 4), ("c", 3), ("r", 1)], 3, [("r", 1)], ({"r"},))
    [('a', 5), ('b', 4), ('r', 1), ('c', 3)]
    >>> _make_room([("r1", 5), ("r2", 4), ("x", 3)], 2, [("x", 3)], ({"r1", "r2"},))  # nothing to give way
    [('r1', 5), ('r2', 4), ('x', 3)]
    """
    top = ranked[:k]
    placed = []
    for kv in missing:
        last = next((max(spare) for kept in keep if (spare := [i for i, t in enumerate(top) if t[0] not in kept])),
                    None)
        if last is None:
            break
        del top[last]
        placed.append(kv)
    return top + placed + [kv for kv in ranked if kv not in top and kv not in placed]


def heading_parts(heading: str) -> tuple[str, str]:
    """A passage's heading as (its parent heading, its own): "II. THE PRIVILEGE DISPUTE — A. Legal Standard" gives
    ("II. THE PRIVILEGE DISPUTE", "A. Legal Standard"); a heading with no parent gives ("", heading)."""
    parent, _, own = (heading or "").rpartition(" — ")
    return parent, own


def outline_of(passages: list[Passage]) -> dict[tuple[str, str], frozenset[str]]:
    """The headings of each document (not a rule set) under each parent heading: ("al-otro-lado...", "II. THE
    PRIVILEGE DISPUTE") -> {"A. Legal Standard ...", "B. SENTRI Email and Embedded Images", ...}."""
    out: dict[tuple[str, str], set[str]] = {}
    for p in passages:
        parent, own = heading_parts(p.heading)
        if parent and p.doc_type not in RULE_TYPES:
            out.setdefault((p.doc_id, parent), set()).add(own)
    return {key: frozenset(v) for key, v in out.items()}


@lru_cache(maxsize=4096)
def heading_words(heading: str) -> frozenset[str]:
    """The words of a heading a question names its part by ("field", "report" of "C. Field Information Report")."""
    return frozenset(t for t in tokenize(heading) if len(t) >= 3)


def parts_named(asked: set[str], outline: dict[tuple[str, str], frozenset[str]],
                docs: set[str]) -> set[tuple[str, str, str]]:
    """The parts (document, parent heading, own heading) of `docs` that a question's tokens `asked` name by the words
    of their own heading ("the field information report" names "C. Field Information Report")."""
    return {(doc, parent, own) for (doc, parent), heads in outline.items() if doc in docs
            for own in heads if asked & heading_words(own)}


@dataclass
class SearchIndex:
    version: str
    passages: list[Passage]
    lexical: LexicalIndex
    collection: Collection  # chromadb Collection (embedded or HTTP)
    embedder: Embedder
    model: str = ""

    def __post_init__(self):
        self.by_id = {p.id: p for p in self.passages}
        self.position = {p.id: i for i, p in enumerate(self.passages)}
        self._court = np.array([court_key(p.court) for p in self.passages], dtype=object)
        self._judge = np.array([judge_key(p.judge) for p in self.passages], dtype=object)
        self._type = np.array([p.doc_type for p in self.passages], dtype=object)
        self._doc = np.array([p.doc_id for p in self.passages], dtype=object)
        self._judges = sorted({j for j in self._judge if j and len(j) >= 3})
        self._rules: dict[tuple[str, str], list[Passage]] = {}
        for p in self.passages:
            if p.doc_type in RULE_TYPES:
                for key in section_prefixes(p.section.lower()):
                    self._rules.setdefault((p.doc_type, key), []).append(p)
        self.titles = sorted({p.title for p in self.passages})
        # an order's name as a question writes it: its first party ("al otro lado"), when it is distinctive
        self._doc_names: dict[str, tuple[str, ...]] = {}
        self._doc_initials: dict[str, str] = {}
        self._title_tokens: dict[str, frozenset[str]] = {}  # a document's title's own words ("inc" of "Al Otro Lado, Inc.")
        for p in self.passages:
            if p.doc_type not in RULE_TYPES and p.doc_id not in self._doc_names:
                first = re.split(r"\s+v\.?\s+", p.title, maxsplit=1)[0] if " v" in p.title else ""
                first = " ".join(_words(without_corporate_form(first.lower())))
                self._doc_names[p.doc_id] = (first,) if len(first) >= 6 else ()
                initials = "".join(w[0] for w in first.split())
                if len(initials) >= 3:  # "AOL" for "al otro lado": a name only beside the case's own words
                    self._doc_initials[p.doc_id] = initials
                    self._title_tokens[p.doc_id] = frozenset(tokenize(p.title))
        self._by_title: dict[str, list[str]] = {}
        for p in self.passages:
            self._by_title.setdefault(p.title.lower(), []).append(p.id)
        # BM25 indexes views (windows of passages): map each view row to its passage row
        self._view_parent = np.array([self.position.get(parent_id(v), -1) for v in self.lexical.ids], dtype=np.int64)
        self._terms_rows = np.array([is_terms_view(v) for v in self.lexical.ids], dtype=bool)
        # the words of the terms views are the corpus's words too ("inflammatory", "garnish"): a misspelling is
        # corrected to them as to the passages' own
        self.speller = Speller.from_texts((f"{p.text}\n{p.terms}" if p.terms else p.text for p in self.passages),
                                          known_stem=lambda w: _stem(w) in self.lexical.vocab)

    def prepare(self, q: Question) -> Question:
        """The question with words the corpus does not know corrected to the nearest word it does."""
        corrected = self.speller.correct(q.query)
        return q if corrected == q.query else replace(q, search=corrected)

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
        if TERMS_WEIGHT != 1.0:
            scores = np.where(self._terms_rows, scores * TERMS_WEIGHT, scores)
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
               context: str = "", prefer: Filters = Filters()) -> list[Hit]:
        """Top `k` hits for the question (`context`: earlier questions of a thread, weighted lower; `prefer`:
        the court and judge whose documents are lifted, as in a channel bound to a matter)."""
        text = f"{q.query} {context}".strip() if context else q.query
        mask = self._mask(filters)
        bm = self.bm25(tokenize(text), mask) if mode in ("hybrid", "bm25") else []
        de: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            vec = encode_query(self.embedder, [q.query if not context else f"{q.query} ({context})"])[0]
            de = self.dense(vec, filters)
        ranked_lists = [[pid for pid, _ in bm], [pid for pid, _ in de]]
        fused = rrf(ranked_lists, weights=[1.0, DENSE_WEIGHT]) if mode == "hybrid" else \
            {pid: 1.0 / (60 + r + 1) for r, (pid, _) in enumerate(bm or de)}
        bm_rank = {pid: r for r, (pid, _) in enumerate(bm)}
        de_rank = {pid: r for r, (pid, _) in enumerate(de)}
        de_sim = dict(de)
        boosted: set[str] = set()
        preferred: dict[str, float] = {}
        items: dict[str, tuple[str, ...]] = {}
        named_docs: set[str] = set()
        if mode == "hybrid":
            named_rows = self._named_rows(q)
            lifts, boosted = self._boosts(q, mask, items, named_rows)
            for pid, lift in lifts.items():
                fused[pid] = fused.get(pid, 0.0) + lift
            if prefer:
                preferred = self._prefer(fused, prefer)
            named_docs = {self.passages[i].id for i in named_rows} & set(lifts)
            for pid in named_docs:  # the judge or case the question names: its passages are the ones asked about
                preferred[pid] = 1.0
            fused = SentenceScorer(self.lexical.idf).rerank(q, fused, self.by_id)
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], self.position.get(kv[0], 0)))
        ranked = [kv for kv in ranked if kv[0] in self.by_id]
        if mode == "hybrid" and k > NAMED_IN_POOL:
            # a rule the question names by its name ("deposed twice", "deemed admitted") is among those weighed,
            # however its words rank: it takes the place of the lowest passage not named
            rules = boosted - named_docs
            ranked = _make_room(ranked, k, [kv for kv in ranked[k:] if kv[0] in rules][:RULES_IN_POOL], (boosted,))
        if named_docs and k > NAMED_IN_POOL:
            # the named document's best passages are among those weighed, however the federal rules rank: "does
            # judge segal let us ..." is answered from her order when it says something of it.  They take the places
            # of the lowest passages of other documents (not of a rule named by its name, while there are others)
            best = [kv for kv in ranked if kv[0] in named_docs][:NAMED_IN_POOL]
            ranked = _make_room(ranked, k, [kv for kv in best if kv not in ranked[:k]], (named_docs | boosted, named_docs))
        hits = []
        for pid, score in ranked:
            p = self.by_id.get(pid)
            if p is None:
                continue
            hits.append(Hit(passage=p, score=score, bm25_rank=bm_rank.get(pid), dense_rank=de_rank.get(pid),
                            dense_sim=de_sim.get(pid), boosted=pid in boosted, item=items.get(pid, ()),
                            preferred=preferred.get(pid, 0.0), named=pid in named_docs))
            if len(hits) >= k:
                break
        return hits

    def _prefer(self, fused: dict[str, float], prefer: Filters) -> dict[str, float]:
        """Lift the bound matter's judge's and court's passages among those retrieved; returns how much each is
        the matter's (1.0 its judge's, 0.5 its court's), which the answer's ordering of quotes honours too."""
        court, judge = court_key(prefer.court) if prefer.court else "", judge_key(prefer.judge) if prefer.judge else ""
        preferred: dict[str, float] = {}
        for pid in list(fused):
            i = self.position.get(pid)
            if i is None:
                continue
            if court and self._court[i] == court:
                fused[pid] += PREFER_COURT
                preferred[pid] = 0.5
            if judge and self._judge[i] == judge:
                fused[pid] += PREFER_JUDGE
                preferred[pid] = 1.0
        return preferred

    def _boosts(self, q: Question, mask: np.ndarray | None, items: dict[str, tuple[str, ...]],
                named_rows: list[int]) -> tuple[dict[str, float], set[str]]:
        """The lift of each passage the question points to, and the passages it names: a rule by number or by
        name, a judge or a case (`named_rows`: `_named_rows`; not a rule it mentions only as what happened, or one
        another passage cites)."""
        lifts: dict[str, float] = {}
        named: set[str] = set()
        # a rule named by number ("rule 8") and a part of it named by its subject ("half true" is 8(b)(4)): the part
        # is what is asked about, lifted as if named by number (every passage of the rule is lifted alike)
        by_number = {r.number for r in q.refs if not r.implied and r.kind == "federal" and r not in q.context}
        for ref in q.refs:
            exact = self.resolve(ref)
            within = ref.implied and any(ref.number != n and ref.number.startswith(n + "(") for n in by_number)
            if ref in q.context:  # named as what happened, not as what is asked about: a lift, as a mention
                for p, _ in exact:
                    lifts[p.id] = max(lifts.get(p.id, 0.0), CONTEXT_BOOST)
                continue
            for p, item in exact:
                lift = EXACT_BOOST if within or ((_exact(ref, p) or item) and not ref.implied) else \
                    IMPLIED_BOOST if ref.implied else EXACT_BOOST / 2
                lifts[p.id] = max(lifts.get(p.id, 0.0), lift)
                named.add(p.id)
                if item:
                    items[p.id] = item
            if not exact and not ref.implied:
                for p in self.mentions(ref)[:10]:
                    lifts[p.id] = max(lifts.get(p.id, 0.0), MENTION_BOOST)
        # a judge or a case the question names ("judge segal", "in al otro lado", "X v. Wolf"): its documents
        outcome = bool(named_rows) and _ASKS_OUTCOME.search(q.text) and not self._names_a_part(q, named_rows)
        outlined = {doc for doc, _ in self.outline} if outcome else set()
        for i in named_rows:
            p = self.passages[i]
            # ... and, asked how it came out ("what did the court order?"), its conclusion first, and its opening
            # (before its first heading), which tells how it comes out
            ends = _CONCLUSION.match(p.heading or "") or (not p.heading and p.doc_id in outlined)
            lift = CASE_BOOST + OUTCOME_BOOST if outcome and ends else CASE_BOOST
            lifts[p.id] = max(lifts.get(p.id, 0.0), lift)
            named.add(p.id)
        if mask is not None:
            lifts = {pid: v for pid, v in lifts.items() if mask[self.position[pid]]}
        return lifts, named & set(lifts)

    def _names_a_part(self, q: Question, rows: list[int]) -> bool:
        """`q` names a part of a document it names, by the words of that part's own heading under its parent
        ("the field information report" of "II. ... — C. Field Information Report")."""
        return bool(parts_named(set(tokenize(q.query)), self.outline, {self.passages[i].doc_id for i in rows}))

    def _named_rows(self, q: Question) -> list[int]:
        """The passages (rows) of the documents the question names: by their judge or by a name a question uses for
        them ("judge segal", "in al otro lado"), without "v.", or as a case ("Al Otro Lado, Inc. v. Wolf")."""
        text = q.text.lower()
        words = set(re.findall(r"[a-z]+", text))
        spaced = " " + " ".join(re.findall(r"[a-z0-9]+", text)) + " "
        judges = [j for j in self._judges if j in words]
        docs = [d for d, names in self._doc_names.items() if any(f" {n} " in spaced for n in names)]
        docs += [d for d, initials in self._doc_initials.items() if initials in words and d not in docs
                 and self._by_initials(text, initials, d)]
        rows = np.flatnonzero(np.isin(self._judge, judges) | np.isin(self._doc, docs)).tolist() \
            if judges or docs else []
        for case in q.cases:
            for title, ids in self._by_title.items():
                if _is_case(title, case.first_party, case.second_party):
                    rows.extend(self.position[pid] for pid in ids)
        return rows

    def _by_initials(self, text: str, initials: str, doc: str) -> bool:
        """A case's initials ("AOL") name it only as a court's ("the AOL court", "per AOL"), as the subject a question
        opens with ("AOL - did the court seal ..."), or beside a word that only that document uses ("SENTRI", "CBP"):
        "can we subpoena AOL for the subscriber records" is about a company."""
        if re.search(rf"\b(?:the\s+{initials}\s+(?:court|opinion|order|decision|case|judge)|(?:per|under|in(?:\s+the)?)\s+"
                     rf"{initials}(?!'s|\s+(?:accounts?|e-?mails?|mailbox|inbox|records|subscribers?|terms|users?)))\b|"
                     rf"^\W*{initials}\s*[-—–:]", text):
            return True
        # opening the question as its topic, beside a word of a court's decision ("AOL ppt (ex 19) clawback result?",
        # "aol what does the decl need"), not as the subject of a verb ("AOL objects to our subpoena")
        if re.match(rf"\W*{initials}\s+(?!'s)[^.?!]*?\b(?:court|judge|order|ruling|ruled|held|hold|holding|decl\w*|exhibits?|"
                    r"ex|ppt|powerpoint|claw\s?back\w*|seal\w*|privilege|priv|LE)\b", text):
            return True
        # a word only that document uses (not its title's own words: "Inc." is in "Al Otro Lado, Inc.")
        return any(self._only_in(token, doc) for token in set(tokenize(text)) - {initials} - self._title_tokens[doc])

    def _only_in(self, token: str, doc: str) -> bool:
        """Every view that holds `token` (a passage's text or its terms) is of document `doc`."""
        rows = self._view_parent[self.lexical.views_with(token)]
        return len(rows) > 0 and bool(np.all(rows >= 0)) and bool(np.all(self._doc[rows] == doc))

    def named_courts(self, q: Question) -> frozenset[str]:
        """The courts (as court keys) of the documents the question names: "per the segal order" names a C.D. Cal.
        order."""
        return frozenset(str(self._court[i]) for i in self._named_rows(q) if self._court[i])

    # --- lookups used by answers and drafts ----------------------------------------------
    def rule_passages(self, ref: RuleRef) -> list[Passage]:
        """Passages that are the named rule, a subdivision of it, or the passage that holds it."""
        return [p for p, _ in self.resolve(ref)]

    def resolve(self, ref: RuleRef) -> list[tuple[Passage, tuple[str, ...]]]:
        """Passages for a rule reference at any depth, each with the item markers below the passage.

        `26(c)` gives every 26(c)(n) passage (no markers); `26(c)(1)(G)`, deeper than the index cuts,
        gives the 26(c)(1) passage with ('(G)',) when that passage holds an item (G); `45(d)(3)(A)(iii)`
        gives 45(d)(3) with ('(A)', '(iii)').  A reference is unresolved only when neither it nor a
        passage holding it is indexed."""
        if ref.kind == "other":  # another rule set: only a passage cited in that set answers it
            stem = f"{ref.code} {ref.number}".lower()
            return [(p, ()) for p in self.passages if p.cite.lower() == stem or p.cite.lower().startswith(stem + "(")]
        kind = {"local": "local_rules", "federal": "federal_rules"}.get(ref.kind)
        if kind is None:
            return []
        number = ref.number.lower()
        found = self._rules.get((kind, number))
        if found and ref.court:  # "N.D. Cal. L.R. 79-5" is not C.D. Cal.'s 79-5
            found = [p for p in found if court_key(p.court) == court_key(ref.court)]
        if found:
            return [(p, ()) for p in found]
        prefixes = section_prefixes(number)
        for depth in range(len(prefixes) - 2, -1, -1):
            for p in self._rules.get((kind, prefixes[depth]), ()):
                if p.section.lower() != prefixes[depth] or (ref.court and court_key(p.court) != court_key(ref.court)):
                    continue
                rest = tuple(re.findall(r"\([a-z0-9]+\)", number[len(prefixes[depth]):]))
                markers = item_markers(p.text, rest)
                if markers:
                    return [(p, markers)]
        return []

    def holds(self, label: str, doc_type: str = "", court: str = "") -> bool:
        """A document of the corpus is about `label` (a body of law: "California state court procedure",
        "court filing fees"): a document of `doc_type` is indexed, or every word of the label is in one
        document's title."""
        if doc_type and bool((self._type == doc_type).any()):
            return True
        if court:  # a district's own practice: held when the corpus has that court's local rules or judges' procedures
            return bool(((self._court == court_key(court)) & np.isin(self._type, ("local_rules", "judge_procedures"))).any())
        label = re.sub(r"\(.*?\)", "", label).strip()
        if label.startswith("Fed. R."):  # a rule of another federal rule set: passages cited in that set
            stem = re.sub(r"\s*\d.*$", "", label)
            return any(p.cite.startswith(stem) for p in self.passages)
        words = [w for w in re.findall(r"[a-z]+", label.lower()) if w not in ("state", "court", "procedure")] or \
            re.findall(r"[a-z]+", label.lower())
        return any(set(words) <= set(re.findall(r"[a-z]+", t.lower())) for t in self.titles)

    @cached_property
    def outline(self) -> dict[tuple[str, str], frozenset[str]]:
        """`outline_of` this index's passages, once per index version."""
        return outline_of(self.passages)

    def known(self, token: str) -> bool:
        """The corpus has this (stemmed) token."""
        return token in self.lexical.vocab

    def case_mentions(self, first_party: str) -> list[Passage]:
        """Passages that cite a case by its first party's name ('Kamakana v.', 'Kamakana, 447 F.3d'), found through
        the BM25 postings."""
        toks = [t for t in tokenize(first_party) if t in self.lexical.vocab]
        if not toks:
            return []
        # cited as a case ("Kelly v. City of San Jose", "Kelly, 114 F.R.D. at 660"), not the word ("in chambers")
        return self._holding(toks[0], re.compile(rf"\b{re.escape(first_party)}(?:\s+v\.?\s|,\s*\d)", re.I))

    def _holding(self, token: str, rx: re.Pattern[str]) -> list[Passage]:
        """The passages whose text `rx` finds, checked only among those the BM25 postings of `token` (one of the
        words `rx` looks for) hold: no scan of the whole corpus."""
        rows = np.flatnonzero(self.lexical.scores([token]) > 0)
        parents = sorted({int(self._view_parent[r]) for r in rows if self._view_parent[r] >= 0})
        return [self.passages[i] for i in parents if rx.search(self.passages[i].text)]

    def uses_words(self, phrase: str) -> bool:
        """Every word of `phrase` is in some passage as written, in lower case ("compelling reasons": yes;
        "kelly", "san jose": only capitalised, as names are)."""
        return all(self._uses_word(w) for w in phrase.split())

    def _uses_word(self, word: str) -> bool:
        toks = [t for t in tokenize(word) if t in self.lexical.vocab]
        if not toks:
            return not tokenize(word)  # a word the index leaves out ("of", "the") is no name
        return bool(self._holding(toks[0], re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")))

    def statute_mentions(self, cite: str) -> list[Passage]:
        """Passages that cite a statute ("28 U.S.C. § 1927"), however spaced."""
        title, _, section = cite.partition(" U.S.C. § ")
        rx = re.compile(rf"\b{re.escape(title)}\s*U\.\s?S\.\s?C\.\s*§+\s*{re.escape(section)}(?![\w(])")
        return [p for p in self.passages if rx.search(p.text)]

    def has_title(self, first_party: str, second_party: str = "") -> bool:
        """Whether a document of the corpus is the case named (`_is_case`)."""
        return any(_is_case(title, first_party, second_party) for title in self._by_title)

    def names_case(self, name: str) -> bool:
        """A party's name alone ("Twombly", "Wolf", "al otro lado") names a document of the corpus: one of its
        title's parties (first words), its judge ("Segal"), or a name a question uses for it."""
        words = _words(without_corporate_form(name.lower()))
        if not words:
            return False
        joined = " ".join(words)
        if joined in self._judges or any(joined in names for names in self._doc_names.values()):
            return True
        for title in self._by_title:
            for party in re.split(r"\s+v\.?\s+", title, maxsplit=1):
                party_words = _words(without_corporate_form(party))
                if party_words[:len(words)] == words:
                    return True
        return False

    def mentions(self, ref: RuleRef) -> list[Passage]:
        """Passages whose text mentions the rule number.  The BM25 index keeps rule numbers as
        tokens, so only passages holding that token are checked (no scan of the whole corpus)."""
        token = ref.number.lower()
        if token not in self.lexical.vocab:
            return []
        number = re.escape(ref.number)
        if ref.kind == "local" and re.fullmatch(r"\d+", ref.number):
            # a local rule by its number alone ("L.R. 37"): only where the text says it is a local rule
            number = rf"(?:L\.\s?R\.|Local\s+(?:Civil\s+)?Rules?)\s*{number}(?:-[\d.]+)?"
        found = self._holding(token, re.compile(rf"(?<![\w.-]){number}(?![\w-]|\.\d)", re.I))
        if ref.kind == "local" and ref.court:  # "N.D. Cal. L.R. 79-5": a C.D. Cal. order's 79-5 is another rule
            found = [p for p in found if court_key(p.court) == court_key(ref.court)]
        if ref.kind == "other":  # "16" of the criminal rules: only a passage citing that rule set's 16 mentions it
            found = [p for p in found if cites(ref, p.text)]
        return found

    def find_cite(self, cite: str) -> list[Passage]:
        c = cite.strip().lower()
        return [p for p in self.passages if p.cite.lower() == c or _section_matches(p.cite.lower(), c)]


def _stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def unavailable(exc: BaseException) -> IndexUnavailable:
    """The one-line "index unavailable" error for the user, with a reference id logged beside the detail."""
    import logging

    from bot import messages
    from indexers.errors import new_ref

    ref = new_ref()
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


def item_markers(text: str, path: tuple[str, ...]) -> tuple[str, ...]:
    """The item markers of `path` as the passage writes them, when its text holds that item
    (each marker at the start of a line, in order): ('(g)',) -> ('(G)',) for Rule 26(c)(1)."""
    out, pos = [], 0
    for marker in path:
        m = re.compile(r"(?m)^\s*" + re.escape(marker), re.I).search(text, pos)
        if not m:
            return ()
        out.append(text[m.end() - len(marker):m.end()])
        pos = m.end()
    return tuple(out)


def item_span(text: str, markers: tuple[str, ...]) -> tuple[int, int] | None:
    """(start, end) of the item named by `markers` in a passage's text: its line, through its sub-items."""
    pos, start = 0, -1
    for marker in markers:
        m = re.compile(r"(?m)^\s*" + re.escape(marker)).search(text, pos)
        if not m:
            return None
        start, pos = m.end() - len(marker), m.end()
    if start < 0:
        return None
    depth_rx = re.compile(r"(?m)^\s*\((?:[a-z]|[A-Z]|\d+|[ivx]+)\)")
    end = len(text)
    for m in depth_rx.finditer(text, pos):
        nxt = m.group(0).strip()
        if same_or_higher_level(nxt, markers[-1]):
            end = m.start()
            break
    return start, len(text[:end].rstrip())


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text)


def _is_case(title: str, first_party: str, second_party: str = "") -> bool:
    """Whether a document's (lower-case) title is the case named: its first party's whole name (a corporate form
    aside), or that party's initials with the second party ("AOL v. Wolf" for "al otro lado, inc. v. wolf"); a
    second party named must be the title's (its first word).  A title that is not "X v. Y" is no case.

    >>> t = "al otro lado, inc. v. wolf"
    >>> [_is_case(t, *n) for n in [("Al Otro Lado", ""), ("Al Otro Lado", "Wolf"), ("AOL", "Wolf"), ("AOL", "Smith"),
    ...                            ("Al", "Smith"), ("Al Otro Lado", "Trump"), ("AOL", "W"), ("Al Otro", "Wolf"),
    ...                            ("aol", "wolf"), ("al otro lado", "wolf")]]
    [True, True, True, False, False, False, False, False, True, True]
    >>> _is_case("order re stipulated protective order (segal, m.j.)", "Order", "Smith")
    False
    """
    parties = re.split(r"\s+v\.?\s+", title, maxsplit=1)
    if len(parties) < 2:
        return False
    t_first, t_second = _words(without_corporate_form(parties[0])), _words(parties[1])
    q_first, q_second = _words(without_corporate_form(first_party.lower())), _words(second_party.lower().split(",")[0])
    if q_second and t_second and q_second[0] != t_second[0]:
        return False
    if q_first and q_first == t_first:
        return True
    return bool(q_second) and bool(re.fullmatch(r"[A-Z]{2,6}|[a-z]{2,6}", first_party)) and \
        "".join(w[0] for w in t_first) == first_party.lower()


def _section_matches(section: str, num: str) -> bool:
    if section == num:
        return True
    if section.startswith(num):
        nxt = section[len(num):len(num) + 1]
        return nxt in ("(", ".", " ") and not (nxt == "." and num[-1:].isalpha())
    return False


def _exact(ref: RuleRef, p: Passage) -> bool:
    return p.section.lower() == ref.number.lower()
