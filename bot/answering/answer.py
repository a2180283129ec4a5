"""Answer step: the offline, deterministic extractive answerer and the abstention rule.

The answer is made of the passages' own sentences, quoted verbatim, each with a
numbered citation; nothing is paraphrased, so nothing can be invented.  When
the evidence is weak or off-topic the answerer abstains and says what was
searched instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Mapping, NamedTuple

from bot import messages
from bot.answering.decide import Signals, signals
from bot.answering.names import out_of_scope, scope_key
from bot.answering.query import Question, RuleRef
from bot.answering.retrieve import POOL, heading_parts, item_span, outline_of, parts_named
from bot.types import Answer, Citation, Hit, Passage
from bot.answering.rerank import QUANTITY, QUOTE_MAX, SentenceScorer, cites_other_authority, asks_for_list, is_heading, sentence_spans, with_source  # noqa: F401 (re-exported)
from indexers.grammar import cites
from indexers.lexical import tokenize
from indexers.types import RULE_TYPES

QUOTE_SHARE = 0.6  # a further passage is quoted when its score is at least this share of the best one's
# A named item that holds this share of the question's words (rule numbers aside) is quoted alone: set by hand
# (not fitted), at four fifths: what is left of the question is then a word or two.
ITEM_HOLDS = 0.8
PIN_HOLDS = 0.15  # a named item is quoted first when its own words hold this share of what is asked (set by hand)
# The first quote's passage's next-best sentence is quoted too (after the others) at this share of the first's score:
# 0.6 chosen by nested cross-validation over 1 (never), 0.8, 0.6, 0.4 in 12 of 15 folds on 237 questions (dev,
# extra, sets 9 and 10), held-out shown 0.79 -> 0.80; on two sets written apart, shown 0.75 -> 0.77 and 0.77 -> 0.80.
SECOND_SHARE = 0.6
SEE_ALSO = 2  # further passages named apart, lighter, after the quoted ones
# Weight, in ordering the quotes, of how much of the question the passage's terms cover (what it governs in
# practitioners' words, indexers/terms.py): a sentence may share no word with a question put as a situation
# while its passage governs that situation.  Chosen by nested cross-validation (bench/tune_gate.py --choose).
# A question's word that is common in everyday English ("yet", "like", "single", "move") says little about
# which passage answers, however rarely the rules use it: in weighing a passage's terms (TERMS_ORDER) and a named
# item's own share, its weight is divided by 1 + ENGLISH_DAMP x (how far its everyday frequency, on wordfreq's
# Zipf scale, is above ENGLISH_COMMON).  The sentence quoted, and its score in the order, use the question's
# words as the answer decision weighs them (session 33: until then the top three hits did by accident of a
# cache and the rest used damped words; damped words for every hit lost on two of the three read sets).
# ENGLISH_DAMP was chosen before that change and not chosen again.
ENGLISH_DAMP = 1.0
ENGLISH_COMMON = 4.5  # Zipf 4.5: about 30 uses per million words ("judgment" 4.3, "discovery" 4.5, "yet" 5.5)
# Chosen again in session 49 by leave-one-file-out cross-validation (bench/tune_order.py) over the dev set, the ten
# read sets (916 answerable) and, in a second run, the 1,396 written questions too (weighed 0.3): 0.4 over 0.1-0.4 in
# every fold of both (the other weights as below in the second; the first also moved RANK_PRIOR and BM25_ORDER, not
# kept). Held out 0.813 -> 0.817 (read) and 0.845 -> 0.852 (with the written); 0.2 since session 37.
TERMS_ORDER = 0.4


# The order of the quotes, chosen together (session 37) by leave-one-set-out cross-validation for "cited first" over
# 1,687 questions: the six read sets (291 answerable) and 1,396 written by seven helpers from the passages' own text
# (each helper a slice of the corpus, two questions a passage: a situation naming no rule, and a direct question),
# the read sets weighed as much as the written ones, over RANK_PRIOR 0-0.12, BOOSTED_ORDER 0.05-0.2, TERMS_ORDER
# 0.2-0.8, DENSE_ORDER 0.6-1.8, BM25_ORDER 0-0.45 (720 combinations): held out, the written questions 0.73 -> 0.80,
# the read sets 0.81 -> 0.79 (they were what the earlier constants were chosen on). Questions written from a
# passage's text share more of its words than an associate's do, which favours BM25_ORDER: the three blind sets,
# run once after the choice, moved too (first 0.72/0.76/0.69 -> 0.78/0.80/0.77).
# The retrieval rank's say (RANK_PRIOR / (rank + 1) is added), and the lexical retriever's own rank's (BM25_ORDER /
# (its rank + 1)): the passage whose words and terms of art (indexers/terms.py) hold the question's rare words.
# Both count in a passage's words, so they decide which passages are quoted (QUOTE_SHARE), not only their order;
# BM25_ORDER is not scaled by the passage's fit, as it was chosen.
RANK_PRIOR = 0.03
BM25_ORDER = 0.3
BOOSTED_ORDER = 0.2  # a passage of a rule or document the question names
# How much the passage's meaning-similarity to the question (the dense retriever's cosine) counts in which quote
# comes first, beside its best sentence's words (1.2 until session 37, chosen on 212 questions).
DENSE_ORDER = 1.8
# A passage of the judge (1.0) or court (0.5) the channel is bound to is lifted among those quoted: the dense
# similarity of another judge's like words must not put that judge's procedures first in this judge's channel.
PREFER_ORDER = 0.1
SCOPE_FACTOR = 0.5  # a passage of a scoped rule whose subject the question does not name
BACKGROUND_FACTOR = 0.7  # an order's background or preamble, when the question does not ask what happened
_BACKGROUND = re.compile(r"\bbackground\b|\bprocedural\s+history\b|\bfactual\b|\bfacts\b", re.I)
_PREAMBLE = re.compile(r"^(?:The\s+Court\s+has\s+(?:received|reviewed|read)|Before\s+the\s+Court\s+(?:is|are)|"
                       r"Having\s+(?:considered|reviewed)|Pending\s+before)", re.I)
# A rule's exceptions (a subdivision headed "Exemptions from the Redaction Requirement", "Proceedings Exempt from
# Initial Disclosure", "Exceptions") answer a question about what is excepted, not about the rule they except: they
# count as a scoped rule's passage (SCOPE_FACTOR) unless the question asks what is exempt, excepted or excused.  Not
# a rule's "Inapplicability" (11(d): no Rule 11 sanctions for discovery objections): what a rule does not reach is
# often the answer to a question about using it.
_EXCEPTIONS = re.compile(r"\bexempt|\bexception", re.I)
_ASKS_EXCEPTION = re.compile(r"\bexempt|\bexcept|\bexcus|\bexclu|\bcarve[- ]?outs?\b|\bdo(?:es)?n'?t\s+(?:have\s+to\s+)?apply|"
                             r"\bdo(?:es)?\s+not\s+(?:have\s+to\s+)?apply|\bnot\s+(?:be\s+)?(?:required|covered|subject)|"
                             r"\bwhich\s+(?:cases|actions|proceedings)\b|\bapplies\s+to\b|\bwhen\s+(?:is|are)\s+\w+\s+not\b", re.I)
# An opinion that sets out its legal standard under a heading of its own ("A. Legal Standard Regarding the Law
# Enforcement Privilege") and applies it under the headings beside it ("B. SENTRI Email and Embedded Images"): a
# question about the standard (what must be shown, who bears the burden, the factors, whether something matters)
# that names none of the parts it is applied to is answered from the standard, not from where it was applied to one
# of them; a question naming one of those parts ("the field report") from that part, not from the others
# (STANDARD_FACTOR on the passages that do not fit: `_applications`).  Set by hand, not fitted.
STANDARD_FACTOR = 0.8
_STANDARD_HEADING = re.compile(r"\b(?:legal\s+standards?|standards?\s+of\s+review|applicable\s+law|governing\s+law|"
                               r"legal\s+framework)\b", re.I)
_ASKS_STANDARD = re.compile(r"\b(?:standard|test|burden|factors?|elements?|showing|threshold|requirements?|prongs?|"
                            r"balanc\w*|weigh\w*|presum\w*|qualified|absolute|invoke|invoking|"
                            r"(?:must|(?:have|has|need|needs|required)\s+to)\s+(?:\S+\s+){0,3}?(?:show|prove|establish|"
                            r"demonstrate|submit|put\s+(?:in|forward|up))|(?:does|did|do|would|why)\b[^.?!]{0,40}\bmatters?)\b",
                            re.I)
# ... but whether the standard was met ("did the government meet its burden?", "did they make the threshold
# showing?") is asked of where it was applied
_ASKS_IF_MET = re.compile(r"\b(?:did|was|were|has|had)\b[^.?!]{0,60}\b(?:meet|met|make|made|satisfy|satisfied|carry|"
                          r"carried|establish(?:ed)?|shown|showed|enough|sufficient|succeed\w*|fail\w*)\b", re.I)
_ASKS_HISTORY = re.compile(r"\bwhat\s+happened\b|\bbackground\b|\bhistory\b|\bfacts?\b|\bwho\s+(?:moved|filed)\b|"
                           r"\bwhat\s+(?:was|were)\s+(?:at\s+issue|the\s+documents)", re.I)


# Where a quote is placed, not whether it is quoted (`Extractive.placing`): asked when or how long, a rule's part
# headed "Time to Issue", "Time to Respond", "Timing" higher (not for a deadline only told: "we blew the deadline");
# a rule named only as what happened ("we blew the RFA deadline. how do we get out from under that?": 36(a)(3) told,
# 36(b) asked; `Question.context`, `Question.told`) lower, as one out of scope.
TIME_FIT = 1.15  # set by hand (session 46)
_ASKS_TIME = re.compile(r"\bhow\s+(?:long|soon)\b|\b(?:what(?:'s|s|\s+is)\s+the|any)\s+deadline|\bdeadline\s*\?|"
                        r"\bwhen\s+(?:is|are|must|do|does|should|can|will|has|have)\b|\bhow\s+(?:\w+\s+)?days\b|"
                        r"\bby\s+when\b|\bwhen\s+(?:is\s+)?(?:it|they|that|the\s+\w+)\s+due\b", re.I)
_TIME_HEADING = re.compile(r"(?:\(\w{1,4}\)\s*)?(?:Time|Timing)\b")
NEAREST = 3  # ... and what comes first only once it is damped is quoted when among the 3 nearest in meaning
CONTEXT_FACTOR = 0.5  # set by hand as SCOPE_FACTOR (session 46; 0.7 did the same on every set)
# A rule the question names only as the asker's guess, when it names no other (bot.answering.query.guessed_refs: "do we
# need a 60(b) motion to undo it?", "R11, or is there a different hook?"): its quote is placed this much lower, so
# that the rule the facts point to comes first when its words fit as well, and the guess when it is right still does.
GUESS_FACTOR = 0.8


class _Scored(NamedTuple):
    """A hit as the answer weighs it: `order` places its quote, `words` decides whether it is quoted at all (but see
    `Extractive.choose`: the first by retrieval and the first by `order` are always quoted)."""
    order: float
    s: float  # its best span's score (<= 0: a heading)
    quote: str
    hit: Hit
    pin: str
    words: float
    own: float | None  # its quote's share of the question's words (a named item's, not its 1.0; None: no words)
    holds: bool = True  # its quote holds a word of the question (not counting rule numbers)
    plain: float = 0.0  # `order` before `Weighed.placed`
    asked: bool = False  # `Weighed.asked`
    argued: bool = False  # `Weighed.argued`


class Weights(NamedTuple):
    """Each signal's say in the order of the quotes (the module's constants, chosen together by
    bench/tune_order.py)."""
    rank: float
    bm25: float
    boosted: float
    terms: float
    dense: float
    prefer: float

    @classmethod
    def current(cls) -> Weights:
        """The module's constants as they are now (bench/tune_gate.py --choose sets them)."""
        return cls(RANK_PRIOR, BM25_ORDER, BOOSTED_ORDER, TERMS_ORDER, DENSE_ORDER, PREFER_ORDER)


class Weighed(NamedTuple):
    """A hit's signals, before the weights: what its best quote holds and how the retrievers placed it."""
    hit: Hit
    rank: int  # its place in the fused retrieval
    s: float  # its best span's score (<= 0: a heading)
    quote: str
    pin: str
    governs: float  # the share of the question's words its terms hold (indexers/terms.py)
    fit: float  # how well its kind fits the question (`Extractive.fit`)
    similar: float  # its meaning-similarity over the least similar hit's
    own: float | None
    holds: bool = True  # its quote holds a word of the question (not counting rule numbers): a sentence's score is
    # no sign of that, since a holding, a number or a list is scored a bonus whatever words it holds
    placed: float = 1.0  # a factor on where its quote is placed, not on whether it is quoted (`Extractive.placing`)
    # the passage is the rule the question names by number as what it asks about ("what does Rule 1 say about how
    # the rules apply?"), though none of its sentences holds a word of the question: quoted all the same, first
    asked: bool = False
    # its quote is a party's position in a court's document (`SentenceScorer.argued`) when the question does not ask
    # for it: placed after the court's own sentences of that document quoted beside it
    argued: bool = False


def _make_room(chosen: list[_Scored], keep: _Scored | None = None) -> bool:
    """Room for one more of at most three quotes: the last chosen that is neither `keep` nor a passage of the order
    or case the question names gives way.  False when none may."""
    if len(chosen) < 3:
        return True
    drop = [i for i, x in enumerate(chosen) if x is not keep and not x.hit.named]
    if not drop:
        return False
    chosen.pop(drop[-1])
    return True


def _repeats(x: _Scored, chosen: list[_Scored]) -> bool:
    """`x`'s quote is one already chosen, or holds one, or is held by one."""
    return any(x.quote in y.quote or y.quote in x.quote for y in chosen)


def everyday(text: str) -> dict[str, float]:
    """How common each (stemmed) word of `text` is in everyday English: the Zipf frequency of its most common
    surface form (wordfreq's bundled lists; nothing is downloaded).

    >>> e = everyday("yet the deposition"); e[tokenize("yet")[0]] > 5 > e[tokenize("deposition")[0]]
    True
    """
    from wordfreq import zipf_frequency

    out: dict[str, float] = {}
    for word in re.findall(r"[A-Za-z][A-Za-z']+", text):
        for t in tokenize(word):
            out[t] = max(out.get(t, 0.0), zipf_frequency(word.lower(), "en"))
    return out


def _coverage(terms: dict[str, float], text: str) -> float | None:
    """Share of the question's word weight (rule numbers aside) that `text` holds; None when the question has no
    word but rule numbers ("What does Rule 37(e)(2) require?")."""
    words = {t: w for t, w in terms.items() if not t[:1].isdigit()}
    if not words:
        return None
    toks = set(tokenize(text))
    return sum(w for t, w in words.items() if t in toks) / sum(words.values())


def _only_as(named: tuple[RuleRef, ...], q: Question, p: Passage) -> bool:
    """`p` is a part of a rule of `named` (the question's rules told as what happened, or only guessed at), and of no
    rule the question names otherwise (a part named by number or by its subject is asked about)."""
    return any(r.kind == "federal" and _within(p.section, r.number) for r in named) and \
        not any(r.kind == "federal" and r not in named and (_within(p.section, r.number) or _within(r.number, p.section))
                for r in q.refs)


def _within(section: str, number: str) -> bool:
    """`section` is the rule `number` or a part of it ("12(a)(1)" is within "12(a)")."""
    return section == number or section.startswith(number + "(")


def _names_rule_of(q: Question, p: Passage) -> bool:
    """The question names this passage's rule by number ("Rule 45(c)"); for a scoped subdivision (72(b)), the rule
    as a whole or that subdivision: naming 72(a) does not name 72(b)."""
    rule = re.match(r"\d+(?:\.\d+)?", p.section)
    if not rule:
        return False
    sub = scope_key(p.section) or ""
    return any(r.kind == "federal" and re.match(rf"{re.escape(rule.group(0))}(?!\d)", r.number) and
               ("(" not in sub or r.number in (rule.group(0), sub) or r.number.startswith(sub + "("))
               for r in q.refs)


def _applications(q: Question, passages: list[Passage],
                  outline: Mapping[tuple[str, str], frozenset[str]] | None = None) -> set[str]:
    """The passages (ids) of an opinion that sets out a legal standard under a heading of its own and applies it
    under the headings beside it, that do not fit `q` (`STANDARD_FACTOR`): when `q` names parts it is applied to
    ("the field report"), the other parts; else, when `q` asks about the standard, every part it is applied to and
    the opinion's opening (which tells how it comes out).  `outline`: each document's headings under each parent
    heading (`SearchIndex.outline`; else read from `passages`).

    >>> from bot.answering.query import parse_question
    >>> def p(i, heading): return Passage(id=i, doc_id="d", cite=i, section=i, text=".", heading=heading)
    >>> ps = [p("o", ""), p("a", "II. DISPUTE — A. Legal Standard"), p("b", "II. DISPUTE — B. Field Report"),
    ...       p("c", "II. DISPUTE — C. PowerPoint Presentation"), p("d", "III. SEAL")]
    >>> sorted(_applications(parse_question("who bears the burden?"), ps))
    ['b', 'c', 'o']
    >>> sorted(_applications(parse_question("who bears the burden for the field report?"), ps))
    ['c']
    >>> sorted(_applications(parse_question("did the court let them redact the field report?"), ps[2:]))  # no § A
    []
    >>> outline = {("d", "II. DISPUTE"): frozenset({"A. Legal Standard", "B. Field Report", "C. PowerPoint"})}
    >>> sorted(_applications(parse_question("did the court let them redact the field report?"), ps[2:], outline))
    ['c']
    >>> sorted(_applications(parse_question("what did the court order?"), ps))
    []
    >>> sorted(_applications(parse_question("did they meet their burden?"), ps))  # whether it was met: applied
    []
    """
    parts, opening = {}, {}
    for p in passages:
        if p.doc_type in RULE_TYPES:
            continue
        parent, own = heading_parts(p.heading)
        if parent:
            parts[p.id] = (p.doc_id, parent, own)
        elif not p.heading:  # before its first heading
            opening[p.id] = p.doc_id
    outline = outline_of(passages) if outline is None else outline
    standards = {(doc, parent) for doc, parent, _ in parts.values()
                 if any(_STANDARD_HEADING.search(h) for h in outline.get((doc, parent), ()))}
    if not standards:
        return set()
    applied = {pid: (doc, parent, own) for pid, (doc, parent, own) in parts.items()
               if (doc, parent) in standards and not _STANDARD_HEADING.search(own)}
    named = {(doc, parent, own) for doc, parent, own in parts_named(set(tokenize(q.query)), outline,
                                                                      {doc for doc, _ in standards})
             if (doc, parent) in standards and not _STANDARD_HEADING.search(own)}
    if named:  # the question names a part the standard is applied to ("the field report"): that part answers
        return {pid for pid, part in applied.items() if part not in named and (part[0], part[1]) in
                {(doc, parent) for doc, parent, _ in named}}
    if not _ASKS_STANDARD.search(q.text) or _ASKS_IF_MET.search(q.text):
        return set()
    docs = {doc for doc, _ in standards}
    return set(applied) | {pid for pid, doc in opening.items() if doc in docs}


class Extractive(SentenceScorer):
    """Builds an answer from the best sentences of the top hits."""

    name = "extractive"

    def __init__(self, idf, known=None, outline: Mapping[tuple[str, str], frozenset[str]] | None = None):
        super().__init__(idf)
        self._tokens: dict[str, set[str]] = {}
        self._known = known  # token -> the corpus has it (None: every token counts)
        self._outline = outline  # each document's headings under each parent heading (SearchIndex.outline)

    def ordering_terms(self, q: Question, terms: dict[str, float] | None = None) -> dict[str, float]:
        """The question's words that can show which passage answers it: a word the corpus never uses ("wks",
        "havent") matches no passage and would only shrink every passage's coverage alike, leaving the order to
        the retrieval rank.  (The answer decision still weighs every word: `signals`.)  `terms`: the question's
        `query_terms`, when the caller has them."""
        terms = self.query_terms(q) if terms is None else terms
        if self._known is None:
            return terms
        kept = {t: w for t, w in terms.items() if t[:1].isdigit() or self._known(t)} or terms
        if not ENGLISH_DAMP:
            return kept
        common = everyday(q.query)
        return {t: w / (1.0 + ENGLISH_DAMP * max(0.0, common.get(t, 0.0) - ENGLISH_COMMON)) for t, w in kept.items()}

    def nearest(self, q: Question, hits: list[Hit], n: int = 3) -> tuple[Citation, ...]:
        """The closest passages, for an abstention: shown as "not an answer, but nearest"."""
        terms = self.query_terms(q)
        out = []
        for h in hits[:n]:
            _, quote, pin = self.quote(q, h, terms)
            if quote:
                out.append(Citation(n=len(out) + 1, passage=h.passage, quote=quote, score=h.score, pin=pin))
        return tuple(out)

    def passage_tokens(self, p: Passage) -> set[str]:
        toks = self._tokens.get(p.id)
        if toks is None:
            # what the passage governs in practitioners' words counts as evidence that it answers (never quoted)
            toks = self._tokens[p.id] = set(tokenize(p.index_text() + ("\n" + p.terms if p.terms else "")))
        return toks

    def fit(self, q: Question, p: Passage, quote: str) -> float:
        """How well a passage's kind fits the question, as a factor on its score: a rule of a special proceeding
        the question does not name (a subpoena rule for a party's production: bot.answering.names.SCOPED_RULES), a
        rule's exceptions when the question does not ask what is excepted, and an order's background or procedural
        preamble when the question does not ask what happened, count less."""
        factor = 1.0
        if p.doc_type == "federal_rules" and not _names_rule_of(q, p) and out_of_scope(p.section, q.text):
            factor *= SCOPE_FACTOR
        elif _EXCEPTIONS.search((p.heading or "").rsplit(" — ", 1)[-1]) and p.section not in q.query and \
                not _ASKS_EXCEPTION.search(q.text):
            factor *= SCOPE_FACTOR  # a rule's exceptions, when the question asks about the rule
        if p.doc_type != "federal_rules" and not _ASKS_HISTORY.search(q.text) and \
                (_BACKGROUND.search(p.heading or "") or _PREAMBLE.search(quote)):
            factor *= BACKGROUND_FACTOR
        return factor

    @staticmethod
    def placing(q: Question, p: Passage) -> float:
        """A factor on where a passage's quote is placed (`choose`), not on whether it is quoted: CONTEXT_FACTOR for a
        rule the question names only as what happened ("we blew the RFA deadline. how do we get out from under
        that?": the deadline's rule, 36(a)(3), told; its relief, 36(b), asked), GUESS_FACTOR for one it names only
        as the asker's guess ("do we need a 60(b) motion to undo it?"), TIME_FIT for a rule's part headed "Time to
        Respond" or "Timing" when the question asks when or how long."""
        if p.doc_type != "federal_rules":
            return 1.0
        factor = CONTEXT_FACTOR if _only_as(q.situation, q, p) else GUESS_FACTOR if _only_as(q.guessed, q, p) else 1.0
        if _ASKS_TIME.search(q.text) and any(_TIME_HEADING.match(h) for h in (p.heading or "").split(" — ")[1:]):
            factor *= TIME_FIT
        return factor

    def terms_coverage(self, terms: dict[str, float], p: Passage) -> float:
        """Share of the question's rare-word weight found in the passage's terms line; the words that name its
        document ("Judge Segal", "AOL") say which document is asked about, not which of its passages."""
        if not p.terms:
            return 0.0
        identity = self._identity(p)
        own = {t: w for t, w in terms.items() if t not in identity}
        return _coverage(own or terms, p.terms) or 0.0

    def signals(self, q: Question, hits: list[Hit], known) -> Signals:
        """The evidence for the answer decision (bot.answering.decide); `known(token)`: the corpus has the token."""
        return signals(q, hits, terms=self.query_terms(q), best_span=self.best_span, known=known,
                       passage_tokens=self.passage_tokens)

    def quote(self, q: Question, h: Hit, terms: dict[str, float] | None = None) -> tuple[float, str, str]:
        """(score, quote, pin) for one hit: the item the question names, or the best sentence."""
        if h.item:
            span = item_span(h.passage.text, h.item)
            if span:
                return 1.0, h.passage.text[span[0]:span[1]], h.passage.cite + "".join(h.item)
        s, quote = self.best_span(terms if terms is not None else self.query_terms(q), h.passage,
                                  asks_for_list(q.query))
        return s, with_source(h.passage.text, quote) if quote else quote, ""

    def weigh(self, q: Question, hits: list[Hit], words_asked: dict[str, float] | None = None) -> list[Weighed]:
        """Every hit's signals for the order of the quotes (`choose` weighs them); `words_asked`: the question's
        `query_terms`, when the caller has them."""
        # which sentence is quoted: every word of the question, as weighed
        words_asked = self.query_terms(q) if words_asked is None else words_asked
        terms = self.ordering_terms(q, words_asked)
        # meaning-similarity orders the quotes, over the least similar passage (one the dense list did not reach
        # counts as that one); which passages are quoted at all is decided on the words (QUOTE_SHARE of the best)
        floor = min((h.dense_sim for h in hits if h.dense_sim is not None), default=0.0)
        asked = {t for t in words_asked if not t[:1].isdigit()}
        applied = _applications(q, [h.passage for h in hits], self._outline)
        out = []
        not_asked = q.situation + q.proposed + q.guessed
        for rank, h in enumerate(hits):
            s, quote, pin = self.quote(q, h, words_asked)
            asked_rule = not pin and s >= 0 and bool(quote) and not asked & set(tokenize(quote)) and \
                h.passage.doc_type == "federal_rules" and any(
                r.kind == "federal" and not r.implied and r not in not_asked and r.number == h.passage.section
                for r in q.refs)
            if asked_rule:  # no sentence holds a word asked: the rule's opening words, or the whole rule when it is short
                quote = whole_rule(h.passage) or quote
            out.append(Weighed(h, rank, s, quote, pin, self.terms_coverage(terms, h.passage),
                               self.fit(q, h.passage, quote) * (STANDARD_FACTOR if h.passage.id in applied else 1.0),
                               max(h.dense_sim, floor) - floor if h.dense_sim is not None else 0.0,
                               _coverage(terms, quote) if pin else s,  # own None: no words but rule numbers
                               bool(asked & set(tokenize(quote))), self.placing(q, h.passage), asked_rule,
                               h.passage.doc_type not in RULE_TYPES and self.argued(quote)
                               and not cites_other_authority(quote)))
        return out

    @staticmethod
    def choose(weighed: list[Weighed], w: Weights) -> tuple[list[_Scored], list[_Scored]]:
        """The hits quoted (1-3), in the order shown, and every hit that has a quote (for "See also"), in retrieval
        order.  Which are quoted is decided on their words, plus the passage retrieval ranks first and the one first
        on all the signals; the order is on their words and meaning, after the item the question names by number
        and the passages of the order or case it names."""
        scored = []
        for x in weighed:
            h = x.hit
            base = (x.s + w.rank / (x.rank + 1) + (w.boosted if h.boosted else 0.0) + w.terms * x.governs) * x.fit
            retrieved = w.bm25 / ((POOL if h.bm25_rank is None else h.bm25_rank) + 1)
            words = base + retrieved
            meaning = w.dense * x.similar * x.fit
            mine = w.prefer * h.preferred  # the bound matter's judge or court: first among those quoted
            # a rule told as what happened is placed lower, a part headed "Time to ..." asked when higher
            # (`Extractive.placing`), but whether a passage is quoted at all is weighed without that
            order = (base + meaning) * x.placed + retrieved + mine
            scored.append(_Scored(order, x.s, x.quote, h, x.pin, words, x.own, x.holds, words + meaning + mine, x.asked,
                                  x.argued))
        # a heading (scored <= 0) only when nothing else is there; the rule asked about by number always
        usable = [x for x in scored if x.quote and (x.s > 0 or x.asked)]
        usable = usable or [x for x in scored[:1] if x.quote]
        by_words = sorted(usable, key=lambda x: -x.words)
        # the item of a rule named by number is quoted whole (scored 1.0): a further passage is weighed against
        # the best sentence found on its words, so that the passage the situation points to is quoted beside it
        # ("the 12(b)(6) motion attaches documents outside the complaint" -> 12(d)); but when the item's own words
        # hold what was asked ("What does Rule 37(e)(2) require?"), it is quoted alone
        found = [x.words for x in by_words if not x.pin]
        best = found[0] if found else by_words[0].words if by_words else 0.0
        items_own = max((1.0 if x.own is None else x.own for x in by_words if x.pin), default=None)
        chosen: list[_Scored] = [x for x in by_words if x.asked][:1]
        for x in by_words:
            if len(chosen) >= 3:
                break
            if x in chosen:
                continue
            if chosen and x.words < QUOTE_SHARE * (by_words[0].words if x.pin else best):
                continue
            if chosen and not x.pin and not x.holds:
                continue  # beside a first quote, a passage whose quote holds none of the question's words
            if chosen and not x.pin and items_own is not None and items_own >= ITEM_HOLDS and \
                    x.words < QUOTE_SHARE * by_words[0].words:
                continue  # the named item holds what was asked: nothing beside it
            if _repeats(x, chosen):
                continue  # no quote printed twice
            chosen.append(x)
        top = scored[0] if scored else None
        if top is not None and top in usable and top not in chosen and not _repeats(top, chosen) and \
                (top.holds or not chosen):
            # the passage retrieval ranks first (its words, its terms of art, its meaning) is quoted, in place
            # of the quote with the fewest of the question's words
            if not _make_room(chosen):
                chosen.pop()  # three passages of the named order: the last gives way to the retrieval-first
            chosen.append(top)
        first = max(usable, key=lambda x: x.order, default=None)
        plain = max(usable, key=lambda x: x.plain, default=None)
        if first is not plain and (first.hit.dense_rank is None or first.hit.dense_rank >= NEAREST):
            # first only once placed (the rule told as what happened damped): quoted when it is among the passages
            # nearest the question in meaning (the way out: "any way to still get a jury?" -> 39(b)), not when
            # it only shares words with it (a deadline of initial disclosures beside 72(a)'s, when no way out is
            # in the corpus)
            first = plain
        if first is not None and first not in chosen and first.holds and not _repeats(first, chosen) and \
                not any(x.pin for x in chosen):
            # the passage that would be quoted first on all its signals is quoted, in place of the last chosen
            # on its words alone
            if _make_room(chosen, keep=top):
                chosen.append(first)
        # the item the question names by number first; then the passages of the judge's order or the case the
        # question names ("in al otro lado, did the court let CBP claw back ...": the court, not the rule it
        # applied; a channel's bound judge only lifts hers, PREFER_ORDER)
        # ... but an item named only as the motion made ("we attached emails to our 12(b)(6) motion, any risk?"),
        # whose own words hold nothing asked, comes after a passage quoted that speaks of that motion (12(d): "If, on
        # a motion under Rule 12(b)(6) ..., matters outside the pleadings are presented")
        quoted = list(chosen)  # (a list being sorted reads as empty)
        # ... and a party's position after the court's own sentences of the same document quoted beside it ("why
        # weren't the gov't's hypotheticals enough?": the court's answer to the declarant's examples, then the examples)
        own = {x.hit.passage.doc_id for x in quoted if not x.argued}
        chosen.sort(key=lambda x: (_only_named(x, quoted), not (x.pin or x.asked), not x.hit.named,
                                   x.argued and x.hit.passage.doc_id in own, -x.order))
        return chosen, usable

    def __call__(self, q: Question, hits: list[Hit], *, missing: tuple[RuleRef, ...] = ()) -> Answer:
        """1-3 quotes, numbered [1], [2], ... in the order shown (the first passage's second sentence, when it
        has one, last); the citations are exactly the passages quoted; up to SEE_ALSO further passages are
        listed apart ("See also"), never quoted in the text."""
        words_asked = self.query_terms(q)  # which sentence is quoted: every word of the question, as weighed
        chosen, usable = self.choose(self.weigh(q, hits, words_asked), Weights.current())
        if chosen and not chosen[0].pin and chosen[0].s > 0:
            whole = whole_rule(chosen[0].hit.passage) or whole_paragraph(chosen[0].hit.passage, self.own_words)
            if whole and chosen[0].quote in whole:  # a rule or a court's paragraph short enough to read whole
                chosen[0] = chosen[0]._replace(quote=whole)
        second = self._second(q, chosen, words_asked) if len(chosen) < 3 else None
        if second is None and len(chosen) < 3:
            # (tried in place of a third passage quoted: a passage of the same section then went unseen, since a
            # cite already shown is not "seen also")
            second = self._continued(chosen)
        if second is not None:
            quote, at = second
            if at is None:
                # right after the first quote, under its number: a passage's quotes are read together, and the
                # numbers run in order ([1], [1], [2], not [1], [2], [1])
                chosen.insert(1, quote)
            else:
                chosen.insert(at, quote)  # the number asked for, beside the sentence it completes
        shown, citations = _numbered(_joined(chosen))
        quoted = {c.passage.id for c in citations}
        named = {c.cite for c in citations}  # a pin cite already shown is not "seen also" (one section, two chunks)
        rest: list[_Scored] = []
        for x in usable:
            cite = x.hit.passage.cite
            if x.hit.passage.id not in quoted and cite not in named and len(rest) < SEE_ALSO:
                rest.append(x)
                named.add(cite)
        see_also = tuple(Citation(n=len(citations) + i + 1, passage=x.hit.passage, quote=x.quote, score=x.hit.score,
                                  pin=x.pin) for i, x in enumerate(rest))
        text = "\n".join(f"“{quote}” [{c.n}] ({c.cite})" for quote, c in shown)
        if missing:
            text = not_indexed_note(missing, citations) + "\n" + text
        return Answer(question=q.text, text=text, citations=citations, answerer=self.name, see_also=see_also)

    def _continued(self, chosen: list[_Scored]) -> tuple[_Scored, None] | None:
        """The sentence that carries on the first quote ("To do so, Defendants must put forth competent evidence
        ..." -> "Such evidence should include a formal claim of privilege by a responsible official ..."): the next
        of its passage's own sentences (past the citations to other authority between them), when it opens by
        pointing back ("Such", "This", "These", "Those" and a word), and is not a party's position."""
        if not chosen or chosen[0].pin or chosen[0].s <= 0:
            return None
        lead = chosen[0]
        text = lead.hit.passage.text
        at = text.find(lead.quote)
        if at < 0:
            return None
        end = at + len(lead.quote)
        for s, e in sentence_spans(text):
            if s < end:
                continue
            sentence = text[s:e]
            if cites_other_authority(sentence):
                continue  # the source of the first quote, or a further citation: past it
            if not _CONTINUES.match(sentence) or self.aside(sentence) or len(sentence) > QUOTE_MAX:
                return None
            x = lead._replace(quote=with_source(text, sentence))
            return None if _repeats(x, chosen) else (x, None)
        return None

    def _second(self, q: Question, chosen: list[_Scored],
                terms: dict[str, float]) -> tuple[_Scored, int | None] | None:
        """The first quote's passage's next-best sentence, quoted after the others when it holds at least
        SECOND_SHARE of the first's score and is neither a bare citation nor a party's position: a rule's or an
        order's operative words (a deadline, a consequence) are often the sentence beside the one that shares most
        of the question's words.  With where it goes: None after the others, or (a number asked for) beside the
        first quote, in the passage's own order (0 before it, 1 after it)."""
        if not chosen or chosen[0].pin or SECOND_SHARE >= 1:
            return None
        lead = chosen[0]
        ranked = self.ranked_spans(terms, lead.hit.passage, asks_for_list(q.query))
        if not ranked or lead.s <= 0:
            return None
        text = lead.hit.passage.text
        at = text.find(lead.quote)  # the first quote as shown (its sentence, with its source: `with_source`)
        a, b = (at, at + len(lead.quote)) if at >= 0 else ranked[0][2:]
        # asked how long, how many or when, and the first quote states no number: its passage's sentence that states
        # one (and shares a word of the question) is its answer ("no more than 25 written interrogatories" beside
        # "Leave to serve additional interrogatories may be granted ...")
        wants_number = self._asks_number and not QUANTITY.search(lead.quote)
        words = {t for t in terms if not t[:1].isdigit()}
        candidates = []
        for score, quote, s, e in ranked[1:]:
            if score <= 0:
                break
            trimmed = wants_number and s < a < e
            if trimmed:  # a pair of sentences ending in the first quote: the sentence before it, if it states a number
                e = a
                quote = text[s:e].strip()
            # (sharing a word of the question, or the sentence right beside the first quote: "... issue a written
            # order stating the decision. A party may serve and file objections to the order within 14 days ...")
            beside = _only_space(text, b, s) or _only_space(text, e, a)
            numbered = wants_number and bool(QUANTITY.search(quote)) and (beside or bool(words & set(tokenize(quote))))
            if (score >= SECOND_SHARE * lead.s and not trimmed) or numbered:
                candidates.append((not numbered, score, quote, s, e))
        for _, score, quote, s, e in sorted(candidates, key=lambda c: c[0]):  # stable: numbered first, then as ranked
            if (e <= a or s >= b) and not self.aside(quote):  # apart from the first quote; not a citation or
                # a party's position
                x = lead._replace(s=score, quote=with_source(text, quote), own=score)
                if not _repeats(x, chosen):
                    if not (wants_number and QUANTITY.search(x.quote)):
                        return x, None
                    return x, 0 if at >= 0 and 0 <= text.find(x.quote) < at else 1
        return None


# a sentence that points back to the one before it: "Such evidence should include ...", "This balancing test is ..."
_CONTINUES = re.compile(r"^[\"“]?(?:Such|This|These|Those)\s+[a-z]")


def _only_named(x: _Scored, chosen: list[_Scored]) -> bool:
    """`x` is an item the question names by number whose own words hold less than PIN_HOLDS of what is asked,
    beside a passage quoted that cites it: the item is the motion made, the other passage what happens to it."""
    if not x.pin or x.own is None or x.own >= PIN_HOLDS or x.hit.passage.doc_type != "federal_rules":
        return False
    item = RuleRef("federal", x.hit.passage.section + "".join(x.hit.item), x.pin)
    return any(not y.pin and y.hit.passage.section != x.hit.passage.section and cites(item, y.hit.passage.text)
               for y in chosen)


def _only_space(text: str, i: int, j: int, *, one_line: bool = False) -> bool:
    """`text[i:j]` lies between two spans side by side: nothing but space (and no line break, `one_line`)."""
    return 0 <= i <= j and not text[i:j].strip() and not (one_line and "\n" in text[i:j])


def _joined(chosen: list[_Scored]) -> list[_Scored]:
    """Quotes shown one after the other that are consecutive sentences of one passage, in the passage's order, read
    as one quote (still verbatim: nothing but space lies between them in the passage).  The other way round they
    stay apart: the sentence chosen first is shown first ("The Court cannot adopt ..." before the sentence that
    precedes it in the order)."""
    out: list[_Scored] = []
    for x in chosen:
        if out and out[-1].hit.passage.id == x.hit.passage.id and out[-1].pin == x.pin:
            text, before = x.hit.passage.text, out[-1].quote
            a, b = text.find(before), text.find(x.quote)
            if a >= 0 and _only_space(text, a + len(before), b, one_line=True):  # (a line break parts items)
                out[-1] = out[-1]._replace(quote=text[a:b + len(x.quote)])
                continue
        out.append(x)
    return out


def _numbered(chosen: list[_Scored]) -> tuple[list[tuple[str, Citation]], tuple[Citation, ...]]:
    """Each quote as shown with its citation, and the citations: one per passage (and pin) quoted, numbered in the
    order first shown; a passage's further quotes keep its number (`Citation.more`), so a passage is never
    listed twice."""
    citations: dict[tuple[str, str], Citation] = {}
    shown: list[tuple[str, tuple[str, str]]] = []
    for x in chosen:
        key = (x.hit.passage.id, x.pin)
        c = citations.get(key)
        citations[key] = (Citation(n=len(citations) + 1, passage=x.hit.passage, quote=x.quote, score=x.hit.score,
                                   pin=x.pin) if c is None else replace(c, more=c.more + (x.quote,)))
        shown.append((x.quote, key))
    return [(quote, citations[key]) for quote, key in shown], tuple(citations.values())


def whole_rule(p: Passage) -> str:
    """A rule's subdivision whose sentences fit in one quote (QUOTE_MAX), without its heading: quoted whole, since
    its operative sentence and the one beside it (a number, an exception) are read together; "" when the passage
    is not a rule's, is one sentence, or is longer.

    >>> whole_rule(Passage(id="x", doc_id="d", cite="Fed. R. Civ. P. 43(a)", section="43(a)", doc_type="federal_rules",
    ...     text="(a) IN OPEN COURT. At trial, testimony must be taken in open court. For good cause, the court may "
    ...          "permit testimony by contemporaneous transmission."))
    'At trial, testimony must be taken in open court. For good cause, the court may permit testimony by contemporaneous transmission.'
    """
    if p.doc_type not in RULE_TYPES:
        return ""
    spans = _short_body(p, 2, None)
    return p.text[spans[0][0]:spans[-1][1]] if spans else ""


def _short_body(p: Passage, least: int, most: int | None) -> list[tuple[int, int]]:
    """The sentence spans of `p` after its leading headings, when there are `least` to `most` of them and together
    they fit in one quote (QUOTE_MAX); [] otherwise."""
    spans = sentence_spans(p.text)
    while spans and is_heading(p.text[spans[0][0]:spans[0][1]]):
        spans = spans[1:]
    if len(spans) < least or (most is not None and len(spans) > most) or spans[-1][1] - spans[0][0] > QUOTE_MAX:
        return []
    return spans


_ITEM_NEXT = re.compile(r"\s*(?:\d{1,2}\.|\(?[0-9a-zA-Z]{1,4}\))\s")


def whole_paragraph(p: Passage, own_words: Callable[[str], bool]) -> str:
    """An order's paragraph of two or three sentences that fit in one quote (QUOTE_MAX), each of them the court's own
    words (`own_words`: no citation to other authority, party's position or sentence moving the opinion along), read
    together ("The Court cautions that
    any party seeking to file material under seal must comply with Civil Local Rule 79-5 ... Parties may not agree
    to file all confidential documents under seal, without Court approval."); "" otherwise.

    >>> p = Passage(id="x", doc_id="d", cite="Order ¶ 6", section="6", doc_type="order",
    ...     text="The Court cautions that filing under seal requires approval. Parties may not agree to seal all documents.")
    >>> whole_paragraph(p, lambda s: True)
    'The Court cautions that filing under seal requires approval. Parties may not agree to seal all documents.'
    >>> whole_paragraph(p, lambda s: not s.startswith("Parties"))
    ''
    """
    if p.doc_type in RULE_TYPES:
        return ""
    spans = _short_body(p, 2, 3)
    if not spans or not all(own_words(p.text[a:b]) for a, b in spans):
        return ""
    if any(p.text[a:b].rstrip().endswith(":") and not _ITEM_NEXT.match(p.text, b) for a, b in spans):
        return ""  # a lead-in whose list the source lost ("shall include the following in the caption:")
    return p.text[spans[0][0]:spans[-1][1]]


def not_indexed_note(missing: tuple[RuleRef, ...], citations: tuple[Citation, ...]) -> str:
    """The note above an answer to a question that names rules the corpus does not hold: the passages quoted only
    mention them, or (none names them) the answer comes from what is indexed.

    >>> p = Passage(id="x", doc_id="d", cite="Fed. R. Civ. P. 62(b)", section="62(b)", text="A bond.")
    >>> not_indexed_note((RuleRef("other", "8", "FRAP 8", code="Fed. R. App. P."),), (Citation(1, p, "A bond.", 1.0),))
    'Note: Fed. R. App. P. 8 is not in the indexed corpus; the answer below comes from what is indexed, not from it.'
    """
    named = any(cites(r, c.passage.text) for r in missing for c in citations)
    return _note(messages.NOT_INDEXED_NOTE if named else messages.NOT_INDEXED_ASIDE, [r.label() for r in missing],
                 len(missing) > 1)


def not_covered_note(bodies: tuple[str, ...]) -> str:
    """The note above an answer from an indexed document about a body of law the corpus does not hold (a court's
    local rules, which an indexed order of that court applies).

    >>> not_covered_note(("C.D. Cal. local rules",))
    'Note: C.D. Cal. local rules are not in the indexed corpus; the answer below comes from what is indexed, not from them.'
    """
    return _note(messages.NOT_INDEXED_ASIDE, bodies, _plural(bodies))


def _plural(bodies) -> bool:
    """Bodies of law read as many: more than one, or one named in the plural ("local rules", "rules and procedures").

    >>> _plural(("C.D. Cal. local rules and judges' procedures",)), _plural(("28 U.S.C. § 1927",))
    (True, False)
    """
    return len(bodies) > 1 or any(b.endswith("s") or " and " in b for b in bodies)


def _note(template: str, labels, many: bool, **more) -> str:
    return template.format(refs=", ".join(labels), verb="are" if many else "is", it="them" if many else "it", **more)


def abstention(q: Question, searched: str, missing: tuple[RuleRef, ...], mentioned: dict[str, list[str]],
               missing_cases: tuple[str, ...] = (), nearest: tuple[Citation, ...] = (),
               confidence: float | None = None, bodies: tuple[str, ...] = ()) -> Answer:
    """The answer given when the corpus does not answer: what was searched, what is missing, where it is
    mentioned, how to add it, and the nearest passages (marked as not an answer)."""
    parts = [messages.ABSTAIN.format(searched=searched)]
    labels = [r.label() for r in missing] + list(missing_cases)
    if labels:
        kinds = {r.kind for r in missing}
        doc_type = "local_rules" if "local" in kinds else ("federal_rules" if kinds else "order")
        parts.append(_note(messages.NOT_INDEXED, labels, len(labels) > 1, type=doc_type,
                           example=_example(doc_type, missing)))
    if bodies:
        parts.append(_note(messages.NOT_COVERED, bodies, _plural(bodies), searched=_corpus_kinds(searched)))
        labels += list(bodies)
    for ref, where in mentioned.items():
        if where:
            parts.append(messages.MENTIONED_IN.format(ref=ref, where="; ".join(where[:3])))
    if nearest:
        parts.append(messages.NEAREST)
        parts.extend(f"[{c.n}] {c.cite}: “{_clip(c.quote)}”" for c in nearest)
    return Answer(question=q.text, text="\n".join(parts), abstained=True, searched=searched,
                  missing=tuple(labels), nearest=nearest, confidence=confidence)


def _example(doc_type: str, missing: tuple[RuleRef, ...]) -> str:
    """Where to get what is missing; the C.D. Cal. address only for C.D. Cal.'s (or an unnamed court's) rules."""
    other_court = any(r.kind == "local" and r.court and r.court != "C.D. Cal." for r in missing)
    return " with that court's Local Rules PDF" if doc_type == "local_rules" and other_court else \
        messages.NOT_INDEXED_EXAMPLES[doc_type]


def _corpus_kinds(searched: str) -> str:
    """'3 documents, 729 passages (A; B; C)' -> 'A; B; C' (what the corpus holds, for a decline)."""
    inside = searched[searched.find("(") + 1: searched.rfind(")")] if "(" in searched else searched
    return inside or searched


def _clip(quote: str, n: int = 240) -> str:
    """A nearest passage's quote shortened for display (the full verified quote is in `Answer.nearest`)."""
    quote = " ".join(quote.split())
    return quote if len(quote) <= n else quote[:n].rsplit(" ", 1)[0] + " …"
