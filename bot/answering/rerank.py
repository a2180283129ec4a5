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

from bot.answering.query import Question
from bot.types import Passage
from indexers.chunk import LEGAL_ABBREVIATIONS
from indexers.grammar import ASKS_NUMBER, outline_level
from indexers.lexical import tokenize
from indexers.types import RULE_TYPES

QUOTE_MAX = 450
# Reranking the fused top 20 by sentence coverage: the weight was 0.02, fit to 12 questions.  Chosen again by
# nested 5-fold cross-validation over the dev and extra questions (bench/tune_gate.py --choose
# bot.answering.rerank.RERANK_WEIGHT=0,0.01,0.02,0.04): 0 in 12 of 15 folds with either embedding model.  So it is off;
# sentence coverage still picks and orders the quotes of the answer (bot.answering.answer).
RERANK_DEPTH = 20
RERANK_WEIGHT = 0.0
# Words of the question's form rather than its subject: not counted as evidence.
# ("law" and "order" are not here: they are the subject in "law enforcement privilege", "protective order".)
GENERIC = frozenset(tokenize(
    "court courts rule rules legal question federal case party parties say says require requires "
    "required what when which who how can could doe let lets allow allows allowed permit permits permitted "
    "subdivision subdivisions provision provisions section sections paragraph clause need needs apply applies "
    "mean means happen happens tell explain describe give anything something provide provides"))
# ... and preferred by that much when the question asks what something must include (kept by nested
# cross-validation over 0, 0.25, 0.5: chosen in 15 of 15 folds).  A like bonus for sentences stating a number
# when the question asks "how many / how long" was tried and not kept (0 chosen in 10 of 15 folds).
LIST_BONUS = 0.25
LIST_MAX = 1600
PAIR_MAX = 700  # two adjacent sentences are quoted together when they are no longer than this ...
PAIR_COST = 0.1  # ... and together cover this much more of the question than the first alone  # a lead-in ending in ':' is quoted with its list items, up to this many characters
_HEADING = re.compile(r"^(?:\(?[0-9A-Za-z]{1,4}[.)]\s*)?(?:[A-Z][\w’'-]*|and|or|of|to|the|a|an|for|in|on|by|as|[-—,;&])"
                      r"(?:\s+(?:[A-Z][\w’'-]*|and|or|of|to|the|a|an|for|in|on|by|as|[-—,;&]))*\.?$")
_SIGNATURE = re.compile(r"^[A-Z][A-Z .,'-]+,\s*(?:United States |U\.\s?S\.\s)?(?:Chief |Magistrate |District )*Judge\.?$")
_CITATION = re.compile(r"^[A-Z][\w.'&, -]{0,80}?,? \d+ (?:WL|F\.|U\.S\.|S\. ?Ct\.|F\. ?Supp\.)")
_INLINE_LIST = re.compile(r":\s*\((?:1|a|i|A)\)\s")  # a lead-in whose numbered items follow on the same line
_ITEM = re.compile(r"^\s*\((?:[a-z]{1,4}|[A-Z]|\d{1,2})\)")
_SMALL = frozenset("a an and or of to the for in on by as at with without not nor its their under after before from if is "
                   "are be upon into than that when".split())
# A party's position, not the court's: "Defendants argue", "Plaintiffs contend", "according to CBP".
_ATTRIBUTED = re.compile(
    r"\b(?:Defendants?|Plaintiffs?|Respondents?|Petitioners?|Movants?|Appellants?|Appellees?|[Tt]he\s+[Gg]overnment|"
    r"[Tt]he\s+parties|CBP|(?:Defendants'|Plaintiffs'|[Tt]he\s+[Gg]overnment's|[Tt]heir)\s+declarants?)"
    r"(?:\s+and\s+(?:their|its|his|her)\s+declarants?)?"  # "Defendants and their declarant treat ..."
    r"\s+(?:also\s+|further\s+|nonetheless\s+|instead\s+)?"
    r"(?:argues?|argued|contends?|contended|asserts?|asserted|maintains?|maintained|claims?|claimed|insists?|"
    r"posits?|urges?|urged|counters?|countered|responds?|responded|suggests?|suggested|states?|stated|"
    r"explains?|explained|avers?|describes?|declares?|declared|represents?|represented|treats?|treated|"
    r"characteri[sz]es?|characteri[sz]ed)\b|"
    # any other named party, with a verb of argument only ("the Circuit explained" is not a party's position)
    r"\b(?!Court\b|Circuit\b|Congress\b|It\b|Rule\b)[A-Z][a-z]+(?:'s)?\s+(?:also\s+|further\s+)?"
    r"(?:argues?|argued|contends?|contended|asserts?|asserted|insists?|urges?|urged)\b|"
    r"\b(?:[Aa]ccording\s+to|[Ii]n\s+the\s+view\s+of)\s+(?:Defendants?|Plaintiffs?|the\s+[Gg]overnment|CBP)\b|"
    r"\b(?:Defendants?|Plaintiffs?)'\s+(?:argument|position|contention)\b")
# The question asks what a party argued ("what did CBP argue", "what was the government's position"), not what
# the court did with the argument ("CBP argued X; did the court agree?").
_ASKS_ARGUMENT = re.compile(
    r"\bwhat\b[^?]{0,40}\b(?:argue|argued|argument|arguments|contend|contended|contention|position|assert|asserted|"
    r"claim|claimed)\b|\bhow\s+did\s+(?:the\s+)?(?:defendants?|plaintiffs?|government|parties|they|cbp)\s+"
    r"(?:argue|justify|support)\b", re.I)
# The court speaking for itself: its holding, its finding, its ruling ("The Court finds" opens most of them; the
# rules' lower-case "the court may" is a rule, not a holding).
_HOLDING = re.compile(r"\b(?:[Tt]he|[Tt]his)\s+Court\s+(?:therefore\s+|thus\s+|also\s+)?(?:finds?|found|holds?|held|concludes?|"
                      r"agrees?|disagrees?|rejects?|declines?|is\s+not\s+persuaded|reaches|GRANTS|DENIES|ORDERS|grants|denies|"
                      r"orders|will\s+(?:not|permit|allow|grant|deny|order|require|seal|unseal)|cannot|may\s+not)\b|\bIT\s+IS\s+(?:SO\s+)?ORDERED\b|"
                      # a ruling stated in the order's own capitals: "Defendants' request ... is DENIED"
                      r"\b(?:is|are)\s+(?:hereby\s+)?(?:GRANTED|DENIED|SUSTAINED|OVERRULED)\b")
# A sentence that only moves the opinion along ("With these principles in mind, the Court turns to ...", "The
# Court addresses each in turn."): it decides nothing, so it is quoted only as a heading would be.
_TRANSITION = re.compile(r"^(?:[\w ,']{0,60},\s*)?(?:the|this)\s+Court\s+(?:now\s+|next\s+|therefore\s+)?"
                         r"(?:turns\s+to|addresses\s+(?:each|them|these|the\s+\w+\s+in\s+turn)|will\s+address)\b"
                         r"(?:(?!\b(?:finds?|holds?|concludes?|because|grants?|denies|agrees?|rejects?)\b)[^.;]){0,160}"
                         r"[.:]$", re.I)
# Words of a title that are also what a question is about ("Order re Stipulated Protective Order"): kept.
_SUBJECT_WORDS = frozenset(tokenize("protective order stipulated stipulation privilege seal sealing discovery "
                                    "motion rules civil procedure federal"))
# A caption or docket line: "AL OTRO LADO, INC., et al., Plaintiffs, v. CHAD F. WOLF, ...", "Case No.: 3:17-cv-2366".
_CAPTION = re.compile(r"\bPlaintiffs?,?\s+v\.\s|\bet al\.,\s+Defendants?\.?$|^Case No\.?:?\s|^No\.\s+\d", re.I)
# A sentence stating a number, when the question asks how long, how many or when: 0.05 chosen by nested
# cross-validation in 13 of 15 folds over 0, 0.05, 0.1, 0.2 (held-out shown 0.733 against 0.72 without).  A like
# bonus for sentences stating a duty or power (must, may, shall) was tried and not kept (0 in 14 of 15 folds).
NUMBER_BONUS = 0.05
# ... a quantity of something: a number before what it counts, at most two words apart ("25 written
# interrogatories", "within 30 days", "one day of 7 hours", "100 miles"), never a citation ("Rules 26 and 37",
# "28 U.S.C. § 1915") nor a year ("the 2015 amendments")
_UNITS = (r"(?:days?|hours?|minutes?|weeks?|months?|years?|miles?|pages?|words?|percent|interrogatories|depositions?|"
          r"requests?|copies|persons?|members?|jurors?|times|subparts|witnesses|business|calendar)")
QUANTITY = re.compile(r"(?<![\w§(.\-])(?:\d{1,3}|(?i:one|two|three|five|seven|ten|fourteen|twenty-one|twenty-eight|"
                     r"thirty|sixty|ninety))(?:[\s-]+[a-z]+){0,2}?[\s-]+" + _UNITS + r"\b")
# Set by hand, then checked by nested cross-validation (bench/tune_gate.py --choose): 0.5 over 0.25 and 0.1 in 15 of
# 15 folds; 0.05 over 0.1 and 0.2 in 14 of 15 (the dev questions barely tell them apart).
ATTRIBUTION_FACTOR = 0.5  # a sentence stating a party's argument counts half, unless the question asks for it
# A sentence citing other authority ("See also Hemstreet, ... (noting that ...)", "Id.") is the court leaning on
# another court's words, not its own: it counts this share. 0.45 chosen by nested cross-validation (5 folds x 3
# splits, 1,799 read and written questions) over 0.6 (the value set by hand before) and 0.3, in 14 of 15 folds.
CITATION_FACTOR = 0.45
HOLDING_BONUS = 0.05  # the court's own finding or ruling, ahead of an equal sentence that is not
TOPIC_TIE = 0.01  # a sentence's own mention of its heading's words, between sentences equal under it (set by hand)
# ... and this much when the question asks what the court decided (its ruling, the outcome, whether a request was
# granted): set by hand, not fitted
RULING_BONUS = 0.15
_ASKS_RULING = re.compile(r"(?<!\blitigation\s)\b(?:hold(?!\s+(?:back|up|off|on|onto|out)\b)|held|holding|ruled|ruling|"
                          r"rulings|decide[ds]?|deciding|decision|outcome|(?<!\bas\sa\s)result|"
                          r"disposition|granted|denied|grant|deny|sustained|overruled|win|won|prevail\w*|"
                          r"what\s+did\s+(?:the\s+)?(?:court|judge)\s+(?:do|say|find|order)|"
                          r"did\s+(?:the\s+)?(?:court|judge)\s+(?:let|allow|permit|agree|accept|buy|side))\b", re.I)


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

    _asks_argument = False  # the question asks what a party argued (then an attributed sentence is the answer)
    _asks_number = False  # the question asks how long, how many, when
    _asks_ruling = False  # the question asks what the court decided

    def __init__(self, idf):
        self.idf = idf  # token -> inverse document frequency (from the BM25 index)
        self._spans: dict[tuple, list[tuple[float, str, int, int]]] = {}  # (weighted terms, passage, ...) -> its
        # candidate quotes, best first, for one question
        self._identities: dict[tuple, frozenset[str]] = {}
        self._topics: dict[str, frozenset[str]] = {}  # a heading -> its own words (`_topic`)

    def rerank(self, q: Question, scored: dict[str, float], passages: dict[str, Passage], *,
               depth: int | None = None, weight: float | None = None) -> dict[str, float]:
        """Add `weight` x best-sentence coverage to the `depth` best fused scores."""
        depth = RERANK_DEPTH if depth is None else depth
        weight = RERANK_WEIGHT if weight is None else weight
        if weight == 0:
            return scored
        terms = self.query_terms(q)
        top = sorted(scored.items(), key=lambda kv: -kv[1])[:depth]
        out = dict(scored)
        for pid, score in top:
            out[pid] = score + weight * self.best_span(terms, passages[pid])[0]
        return out

    def query_terms(self, q: Question) -> dict[str, float]:
        self._asks_argument = bool(_ASKS_ARGUMENT.search(q.text))
        self._asks_number = bool(ASKS_NUMBER.search(q.text))
        self._asks_ruling = bool(_ASKS_RULING.search(q.text))
        terms = {t: self.idf(t) for t in tokenize(q.query) if t not in GENERIC}
        return terms or {t: self.idf(t) for t in tokenize(q.query)}

    def best_span(self, terms: dict[str, float], p: Passage, lists: bool = False) -> tuple[float, str]:
        ranked = self.ranked_spans(terms, p, lists)
        return ranked[0][:2] if ranked else (-1.0, "")

    def ranked_spans(self, terms: dict[str, float], p: Passage,
                     lists: bool = False) -> list[tuple[float, str, int, int]]:
        """Every candidate quote of the passage, best first: (score, quote, start, end of the text it was cut from)."""
        key = (tuple(sorted(terms.items())), p.id, p.text, p.heading, p.doc_type, lists, self._asks_argument,
               self._asks_number, self._asks_ruling, NUMBER_BONUS, CITATION_FACTOR, RULING_BONUS)
        if key not in self._spans:
            self._spans[key] = self._ranked_spans(terms, p, lists)
        return self._spans[key]

    def _ranked_spans(self, terms: dict[str, float], p: Passage,
                      lists: bool = False) -> list[tuple[float, str, int, int]]:
        """The passage's sentences (or lists, or clauses), best covering the question's words first.

        Scored by the share of the question's rare-word weight it holds (rule numbers aside: a
        sentence never repeats its own number).  Headings ("(1) In General.") and bare citations
        score lower; a lead-in ending in ':' is scored and quoted together with its list items;
        between equal sentences the earlier one wins (a rule's operative sentence comes first).
        `lists`: the question asks what something must include, so a list is preferred."""
        # The words that name the document (its title, cite, judge: "Al Otro Lado", "Segal") say which document
        # the question is about, not which of its sentences answers it: they do not pick the sentence.
        # A rule's sentence never repeats its own number, so rule numbers do not pick a rule's sentence; an order's
        # sentence that cites the rule asked about ("must comply with Civil Local Rule 79-5") is what it says of it.
        identity = self._identity(p)
        numbers = p.doc_type not in RULE_TYPES
        words = {t: w for t, w in terms.items() if (numbers or not t[:1].isdigit()) and t not in identity} or \
            {t: w for t, w in terms.items() if not t[:1].isdigit()}
        # An opinion's sentence is read under its heading ("A. Legal Standard Regarding the Law Enforcement
        # Privilege"): the heading's words count as said by every sentence under it, so the rest of the question's
        # words pick the sentence.
        topic = self._topic(p)
        total = sum(words.values()) or 1.0
        picking = {t: w for t, w in words.items() if t not in topic} or words  # (a long sentence's clause)

        def share(text: str) -> tuple[float, float]:
            """Its share of the words asked, read under the heading, and its own mentions' (TOPIC_TIE of them: they
            order sentences equal under the heading, so that the first is not quoted for being first)."""
            toks = set(tokenize(text))
            said = sum(w for t, w in words.items() if t in toks or t in topic) / total
            return said, (TOPIC_TIE * sum(w for t, w in words.items() if t in toks) / total if topic else 0.0)

        ranked: list[tuple[float, float, str, int, int]] = []
        spans = sentence_spans(p.text)
        for i, (s, e) in enumerate(spans):
            quote = p.text[s:e]
            is_list = quote.rstrip().endswith(":") and i + 1 < len(spans) and bool(_ITEM.match(p.text[spans[i + 1][0]:]))
            if is_list:
                e = _list_end(p.text, spans, i)
                if lists:  # quote the list with its whole lead-in paragraph ("... The report must contain:")
                    para = p.text.rfind("\n", 0, s) + 1
                    while para < s and p.text[para].isspace():
                        para += 1
                    lead = [a for a, b in spans[:i] if a >= para and not _HEADING.match(p.text[a:b])]
                    s = lead[0] if lead and e - lead[0] <= LIST_MAX else s
                quote = p.text[s:e]
            elif len(quote) > QUOTE_MAX:
                clause = self._clause(picking, quote)
                if _INLINE_LIST.search(quote) and len(quote) <= LIST_MAX and (lists or _INLINE_LIST.search(clause)):
                    is_list = True  # "Factors ... include: (1) ...; (2) ...; (10) ...": the lead-in with its items
                else:
                    quote = clause
            score, own = share(quote)
            heading = bool(_HEADING.match(quote) or _SIGNATURE.match(quote) or len(quote) < 25 or is_heading(quote)
                           or _CAPTION.search(quote) or _TRANSITION.match(quote))
            lead_in = not is_list and quote.rstrip().endswith(":")  # a lead-in whose list is not quoted with it
            if not is_list and not heading and i + 1 < len(spans) and "\n" not in p.text[e:spans[i + 1][0]] \
                    and spans[i + 1][1] - s <= PAIR_MAX:
                # this sentence and the next, when together they hold more of the question
                pair = p.text[s:spans[i + 1][1]]
                pair_score, pair_own = share(pair)
                if pair_score - PAIR_COST > score:
                    quote, score, own, e = pair, pair_score - PAIR_COST, pair_own, spans[i + 1][1]
            ranked.append((self._adjusted(score, quote, i, heading or lead_in, lists and is_list), own, quote, s, e))
        ranked.sort(key=lambda x: -(x[0] + x[1]))  # stable: the earlier of equal candidates first
        return [(score, quote, s, e) for score, _, quote, s, e in ranked]

    def _adjusted(self, score: float, quote: str, i: int, heading: bool, listed: bool) -> float:
        """A candidate quote's share of the question's words, weighed for what kind of sentence it is."""
        if cites_other_authority(quote):
            score *= CITATION_FACTOR  # a citation, not a holding
        if heading:
            # a heading, a lead-in without its list, a signature line (<= 0 however many words it shares): quoted
            # only when nothing else is
            score = score * 0.1 - 0.1
        else:
            score += 0.001 / (1 + i)  # earlier wins ties
            if _ATTRIBUTED.search(quote) and not self._asks_argument:
                score *= ATTRIBUTION_FACTOR  # a party's argument is not the rule
            elif _HOLDING.search(quote):
                score += RULING_BONUS if self._asks_ruling else HOLDING_BONUS
            if NUMBER_BONUS and self._asks_number and QUANTITY.search(quote):
                score += NUMBER_BONUS
        if listed:
            score += LIST_BONUS
        return score

    def aside(self, quote: str) -> bool:
        """A citation to other authority, or a party's position (when the question does not ask for it): weighed
        lower as a quote (`_ranked_spans`), and never quoted beside a better sentence of its passage."""
        return cites_other_authority(quote) or self.argued(quote)

    def argued(self, quote: str) -> bool:
        """A party's position ("Defendants argue ...", "Defendants' declarant states ..."), when the question does not
        ask for it."""
        return bool(_ATTRIBUTED.search(quote) and not self._asks_argument)

    def own_words(self, sentence: str) -> bool:
        """The court's own words: not a citation to other authority or a party's position (`aside`), a caption, a
        signature, or a sentence that only moves the opinion along ("the Court turns to ...")."""
        return not (self.aside(sentence) or _CAPTION.search(sentence) or _SIGNATURE.match(sentence)
                    or _TRANSITION.match(sentence))

    def _identity(self, p: Passage) -> frozenset[str]:
        key = (p.title, p.judge)
        found = self._identities.get(key)
        if found is None:
            names = re.split(r"\s+v\.?\s+", p.title, maxsplit=1)[0] if re.search(r"\sv\.?\s", p.title) else \
                " ".join(re.findall(r"\(([^()]*)\)", p.title))  # "Order re ... (Segal, M.J.)": the judge in it
            # a judge's title beside the judge's name ("Judge Segal"); not a case's other party or its initials
            # (tried in session 44: "Wolf", "AOL" left out moved held-apart questions of the opinion both ways)
            titles = "judge magistrate" if p.judge else ""
            found = self._identities[key] = frozenset(tokenize(f"{names} {p.judge} {titles}")) - _SUBJECT_WORDS
        return found

    def _topic(self, p: Passage) -> frozenset[str]:
        """The words of a court's document's own heading (an order's "C. Field Information Report", its last part):
        what all its sentences are about.  Not a rule's: its heading is its own first words, and a neighbouring
        part's heading would pass the part asked about (README, session 48)."""
        if p.doc_type in RULE_TYPES or not p.heading:
            return frozenset()
        found = self._topics.get(p.heading)
        if found is None:
            own = p.heading.rsplit(" — ", 1)[-1]
            found = self._topics[p.heading] = frozenset(tokenize(re.sub(r"^[IVX\d]+\.\s+|^[A-Z]\.\s+", "", own)))
        return found

    def _clause(self, terms: dict[str, float], sentence: str) -> str:
        """The clause of a long sentence (cut at ';' and ':') holding most of the question's words; a lead-in
        ("the scope of discovery is as follows:") is quoted with the clause it introduces, never alone."""
        cuts = [0] + [m.end() for m in re.finditer(r"(?<=[;:])\s+", sentence)] + [len(sentence)]
        parts = [(a, b) for a, b in zip(cuts, cuts[1:]) if sentence[a:b].strip()]
        if len(parts) == 1:
            return sentence
        scored = [sum(w for t, w in terms.items() if t in set(tokenize(sentence[a:b]))) for a, b in parts]
        j = max(range(len(parts)), key=lambda i: (scored[i], -i))
        a, b = parts[j]
        if sentence[a:b].rstrip().endswith(":") and j + 1 < len(parts):
            b = parts[j + 1][1]
        return sentence[a:b].strip()



# The citation an opinion gives right after a sentence it quotes from another case: "Chinn v. Blankenship, No. 09-5119,
# 2010 WL 11591399, at *6 (W.D. Wash. Feb. 26, 2010)".  A quote that is itself a quotation is quoted with it, so
# that the words are not taken for the opinion's own (a lawyer cites "(quoting Chinn ...)").
_SOURCE_AFTER = re.compile(r"[ \t]*(?!(?:Id|See|Cf|But|Accord|Compare|The|This|That|In|Plaintiffs?|Defendants?)\b)"
                           r"([A-Z](?:(?!\.\s+[A-Z][a-z])[\w.'&, -]){0,80}? v\. (?:(?!\.\s+[A-Z][a-z]{2,}\s)[^()\"“”\n])"
                           r"{1,160}?\((?:[^()\n]|\([^()\n]*\)){0,60}?\b\d{4}\)\.?)")
_OPENS = "\"“"
_CLOSES = "\"”"


def with_source(text: str, quote: str) -> str:
    """`quote` (a span of `text`) with the citation that follows it when the whole sentence is a quotation of
    another case.

    >>> t = '"A qualified privilege." Chinn v. Blankenship, 2010 WL 1, at *6 (W.D. Wash. 2010). Next.'
    >>> with_source(t, '"A qualified privilege."')
    '"A qualified privilege." Chinn v. Blankenship, 2010 WL 1, at *6 (W.D. Wash. 2010).'
    >>> with_source(t, 'Next.')
    'Next.'
    >>> with_source('"A privilege." Id. at 6. The Court agrees with Doe v. Roe, 1 F.3d 1 (9th Cir. 2000).', '"A privilege."')
    '"A privilege."'
    >>> with_source('"A privilege." See Doe v. Roe, 1 F.3d 1 (9th Cir. 2000).', '"A privilege."')
    '"A privilege."'
    """
    q = quote.rstrip()
    if not (q[:1] in _OPENS and (q[-1:] in _CLOSES or q[-2:-1] in _CLOSES)):
        return quote
    at = text.find(quote)
    if at < 0:
        return quote
    m = _SOURCE_AFTER.match(text, at + len(quote))
    return text[at:m.end()] if m else quote


def cites_other_authority(quote: str) -> bool:
    """"See Hemstreet, 2007 WL ...", "Id.", "(quoting ...)": a citation, not the court's own words."""
    return bool(re.match(r"^(See|Cf\.|Id\.|\(|\[citation)", quote) or _CITATION.match(quote)) and not _ITEM.match(quote)


def is_heading(quote: str) -> bool:
    """A title rather than a sentence: '(3) Time to Respond; Effect of Not Responding.', 'Scope in General.'
    (every word capitalised or a small word, no verb-bearing sentence), or a line in capitals.

    >>> is_heading("(e) STAY WITHOUT BOND ON AN APPEAL BY THE UNITED STATES, ITS OFFICERS, OR ITS AGENCIES.")
    True
    >>> is_heading("The court must not require a bond, obligation, or other security from the appellant.")
    False
    """
    body = re.sub(r"^\s*(?:\(?[0-9A-Za-z]{1,4}[.)]\s*)+", "", quote).strip().rstrip(".:") or \
        re.sub(r"^\s*(?:\([0-9A-Za-z]{1,4}\)\s*)+", "", quote).strip().rstrip(".:")  # a title of 1-4 letters: "(c) USE."
    ws = [w.strip(";,()—-’'") for w in body.split()]
    ws = [w for w in ws if w]
    if _HOLDING.search(quote):  # "The Court GRANTS the Motion to Seal." is a ruling, not a title
        return False
    if len(ws) >= 2 and not re.search(r"[a-z]", body) and len(body) <= 200:
        return True  # a title in capitals, however long: "(e) STAY WITHOUT BOND ON AN APPEAL BY THE UNITED STATES, ..."
    return bool(ws) and len(ws) <= 14 and all(w[0].isupper() or w.lower() in _SMALL or not w[0].isalpha() for w in ws)


_ASKS_FOR_LIST = re.compile(
    r"\bwhat\b[^?]*\b(?:include|includes|contain|contains|in|cover|covers|state|list|requirements?|elements?|"
    r"factors?|items?|things?)\b|\b(?:requirements?|elements?|factors|contents?)\b\s+(?:of|for)\b|"
    # "what sanctions can the court impose", "which remedies are there": the answer is the rule's list of them
    r"\b(?:what|which)\s+(?:kinds?\s+of\s+|types?\s+of\s+|sorts?\s+of\s+)?(?:sanctions|remedies|options|orders|relief|"
    r"grounds|defenses|methods|ways|conditions|exceptions)\b", re.I)


def asks_for_list(text: str) -> bool:
    """'What must the report include?', 'what has to be in the notice', 'requirements for a motion'.

    >>> asks_for_list("What sanctions can a court impose for failing to obey a discovery order?")
    True
    >>> asks_for_list("when are sanctions mandatory?")
    False
    """
    return bool(_ASKS_FOR_LIST.search(text))


def _list_end(text: str, spans: list[tuple[int, int]], i: int) -> int:
    """End offset of the list introduced by sentence `i`: the item lines that follow it (and the
    sentences continuing an item on its own line), within LIST_MAX characters."""
    start, end = spans[i][0], spans[i][1]
    level = None  # the level of the list's own items: an item of a higher level ends it ("(C)" after "(i)", "(ii)")
    for s, e in spans[i + 1:]:
        new_line = "\n" in text[end:s]
        item = _ITEM.match(text[s:e])
        if (new_line and not item) or e - start > LIST_MAX:
            break
        if new_line and item:
            marker = item.group(0).strip()
            if level is None:
                roman = not (marker[1:-1].islower() and marker != "(i)")  # in a list of (a), (b), ... "(i)" is a letter
                level = outline_level(marker, roman)
            elif outline_level(marker, roman) < level:
                break
        end = e
    return end
