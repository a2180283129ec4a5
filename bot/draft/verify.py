"""Verify step: every citation in a draft must be found in the served corpus.

`verify(text, corpus)` finds the citations of a Markdown draft, resolves short
forms and ``Id.``, looks each one up in the index and checks that every quoted
phrase in front of a citation appears verbatim in the passage it cites.

- Case citations are found with eyecite (full, short, ``supra`` and ``Id.``)
  and, for decisions cited by docket number (``Al Otro Lado, Inc. v. Wolf,
  No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § III``), by the corpus's own
  citation stems and a docket pattern.  A case must be a document of the corpus.
- Rules (``Fed. R. Civ. P. 26(c)(1)(G)``, ``Rule 26(c)``, ``C.D. Cal. L.R. 79-5``,
  ``Local Rule 37-1``) and statutes are checked against the index's pin cites.
- Text inside square brackets (placeholders and drafting notes) is not authority
  and is skipped.

Nothing here changes the draft: the result lists the verified `Citation`s and a
`Check` per citation (``ok`` or ``flag``); a draft with any flag is not clean.

>>> # v = verify(draft_text, Corpus(engine)); v.clean, [c.passage.cite for c in v.citations]
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from bot.currency import within  # the one rule for 'this pin is that part or inside it'
from bot.draft import messages as M
from bot.draft.types import Check
from bot.types import Citation, Passage
from indexers import courts, grammar
from indexers.verbatim import ALTERED, verbatim
from indexers.types import RULE_TYPES
from indexers.verbatim import norm as _norm


class CiteIndex(Protocol):
    """The part of `bot.answering.engine.Engine` the drafting steps use."""

    def find_cite(self, cite: str) -> list[Passage]: ...

    def passages(self) -> list[Passage]: ...


# ---------------------------------------------------------------- text helpers

def norm(text: str) -> str:
    """Text as compared for verbatim quotes (indexers/verbatim.py: quote marks unified, whitespace collapsed)."""
    return _norm(text)


def plain(markdown: str) -> str:
    """Markdown with emphasis markers removed (citations are matched on this text)."""
    return re.sub(r"[*`]+", "", markdown)


def quote_in(quote: str, text: str) -> bool:
    """True when `quote` is `text`'s own words with Bluebook alterations (ellipses, bracketed letters), each
    checked: the one definition (indexers/verbatim.py), in the mode for drafts (ALTERED)."""
    return verbatim(quote, text, ALTERED)


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``[...]`` segments (placeholders, drafting notes)."""
    return [m.span() for m in re.finditer(r"\[[^\[\]\n]*\]", text)]


def placeholders(text: str) -> list[str]:
    """Bracketed placeholders written in capitals, e.g. ``[SPECIFIC HARM FROM ...]``."""
    return [m.group(1) for m in re.finditer(r"\[([^\[\]\n]{4,})\]", text)
            if sum(c.isalpha() for c in m.group(1)) >= 3 and m.group(1).upper() == m.group(1)]


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class DocInfo:
    doc_id: str
    stem: str
    title: str
    doc_type: str
    short: str  # short form of a case name ("Al Otro Lado"), "" when none


def _stem(p: Passage) -> str:
    if p.section and p.cite.endswith(p.section):
        return p.cite[: -len(p.section)].rstrip(" ,")
    return p.cite


def _short_name(title: str) -> str:
    if " v. " not in title:
        return ""
    first = title.split(" v. ", 1)[0]
    first = re.sub(r",?\s+(?:Inc|LLC|L\.L\.C|Corp|Co|Ltd|L\.P|LP|N\.A)\.?$", "", first.strip())
    first = re.sub(r",?\s+et al\.?$", "", first)
    return first.strip(" ,")


class Corpus:
    """The served index as the verifier sees it: pin-cite look-ups and the list of documents.

    Wraps anything with `find_cite` and `passages` (the `Engine`).
    """

    def __init__(self, index: CiteIndex):
        self.index = index
        self._passages: list[Passage] | None = None
        self._docs: dict[str, DocInfo] | None = None

    @property
    def passages(self) -> list[Passage]:
        if self._passages is None:
            self._passages = list(self.index.passages())
        return self._passages

    @property
    def docs(self) -> dict[str, DocInfo]:
        if self._docs is None:
            docs: dict[str, DocInfo] = {}
            for p in self.passages:
                if p.doc_id not in docs:
                    title = p.title or _stem(p)
                    docs[p.doc_id] = DocInfo(p.doc_id, _stem(p), title, p.doc_type, _short_name(title))
            self._docs = docs
        return self._docs

    def case_docs(self) -> list[DocInfo]:
        """Documents cited like decisions (orders, judges' procedures), longest stem first."""
        return sorted((d for d in self.docs.values() if d.doc_type not in RULE_TYPES and d.stem),
                      key=lambda d: -len(d.stem))

    def find(self, pin: str) -> list[Passage]:
        """Passages whose pin cite is `pin` or a subdivision of it, looked up through the index."""
        return [p for p in self.index.find_cite(pin) if within(p.cite, pin)]

    def find_rule(self, pin: str) -> tuple[list[Passage], str]:
        """Passages for a rule pin, falling back to the enclosing subdivision when items share a passage.

        ``Fed. R. Civ. P. 26(c)(1)(G)`` is verified by the passage ``Fed. R. Civ. P. 26(c)(1)`` when that
        passage's text holds item ``(G)``.  Returns the passages and the pin actually matched.
        """
        found = self.find(pin)
        if found:
            return found, pin
        parent, tail = pin, []
        while (m := re.search(r"\([A-Za-z0-9]+\)$", parent)):
            tail.insert(0, m.group(0))
            parent = parent[: m.start()]
            exact = [p for p in self.index.find_cite(parent) if p.cite == parent]
            if exact:
                ok = [p for p in exact if all(t in p.text for t in tail)]
                return ok, parent if ok else ""
        return [], ""

    def find_local_rule(self, number: str, court: str = "") -> list[Passage]:
        """Passages of a local rule by number (``37-1``), in any court's local rules unless `court` is given."""
        def scan(num: str) -> list[Passage]:
            rx = re.compile(r"(?:L\.\s?R\.|Local Rule)\s*" + re.escape(num) + r"(?![\d-])")
            return [p for p in self.passages
                    if (not p.doc_type or p.doc_type == "local_rules") and rx.search(p.cite)
                    and (not court or _same_court(court, p))]

        out = scan(number)
        tail: list[str] = []
        while not out and (m := re.search(r"\([a-z0-9]{1,3}\)$", number)):
            tail.insert(0, m.group(0))  # 79-5.2.2(b): the item may sit inside the passage for 79-5.2.2
            number = number[: m.start()]
            out = [p for p in scan(number) if all(t in p.text for t in tail)]
        return out

    def local_rule_cited_by(self, number: str, court: str) -> list[Passage]:
        """Passages of an indexed order or procedure of `court` that cite its local rule `number` by number ("must
        comply with Civil Local Rule 79-5", "C.D. Cal. L.R. 37-2, 37-2.1", read by the one grammar's LOCAL_LIST):
        the rule exists as that court cites it, though its text is not in the corpus.  A rule cited without its
        court is never taken from an order: "L.R. 79-5" is N.D. Cal.'s as well as C.D. Cal.'s."""
        if not court:
            return []
        out = []
        for p in self.passages:
            if p.doc_type in RULE_TYPES or not _same_court(court, p):
                continue
            for m in _LOCAL.finditer(p.text):
                named = courts.short_cite(m.group("court") or "")
                if (not named or courts.court_key(named) == courts.court_key(court)) and \
                        number in _LOCAL_NUMBER.findall(m.group("nums")):
                    out.append(p)
                    break
        return out

    def find_text(self, needle: str) -> list[Passage]:
        """Passages whose text contains `needle` verbatim (after `norm`)."""
        n = norm(needle)
        return [p for p in self.passages if n in norm(p.text)]


def _same_court(court: str, p: Passage) -> bool:
    """Whether passage `p` is of `court` (any way of writing it the table of courts knows)."""
    key = courts.court_key(court)
    in_cite = courts.find_in(p.cite)
    return bool(p.court and key == courts.court_key(p.court)) or bool(in_cite and in_cite.key == key)


# ---------------------------------------------------------------- finding citations

# The rule and case citation patterns are the one grammar's (indexers/grammar.py).
_FED, _FED_WORDS, _SETS, _LOCAL = grammar.FED_CITATION, grammar.FED_WORDS, grammar.RULE_SETS, grammar.LOCAL_LIST
_SHORT_RULE, _DOCKET_CASE, _PIN = grammar.SHORT_RULE, grammar.DOCKET_CASE, grammar.PIN
_LOCAL_NUMBER = re.compile(r"\d+(?:-\d+)+(?:\.\d+)*(?:\([a-z0-9]{1,3}\))*")  # each number of a LOCAL_LIST match's list


@dataclass(frozen=True)
class Found:
    """One citation found in the text, with what the corpus says about it."""

    kind: str  # case | case-short | id | supra | rule | local-rule | statute | other
    text: str
    start: int
    end: int
    key: str  # normalized cite, e.g. "Fed. R. Civ. P. 26(c)(1)(G)"
    status: str  # ok | flag
    message: str = ""
    passages: tuple[Passage, ...] = ()
    family: str = ""  # for rules: "Fed. R. Civ. P."; for cases: the document stem


@dataclass(frozen=True)
class Verification:
    found: tuple[Found, ...] = ()
    citations: tuple[Citation, ...] = ()
    checks: tuple[Check, ...] = ()

    @property
    def clean(self) -> bool:
        return not any(c.status == "flag" for c in self.checks)

    @property
    def flagged(self) -> tuple[Found, ...]:
        return tuple(f for f in self.found if f.status == "flag")


@dataclass
class _Finder:
    text: str
    corpus: Corpus
    out: list[Found] = field(default_factory=list)

    def taken(self, start: int, end: int) -> bool:
        return any(f.start < end and start < f.end for f in self.out)

    def add(self, f: Found) -> None:
        if not self.taken(f.start, f.end):
            self.out.append(f)


def _pin_after(text: str, end: int) -> tuple[str, int]:
    m = _PIN.match(text, end)
    if m:
        return " ".join(m.group("pin").split()), m.end()
    return "", end


def _doc_cite(corpus: Corpus, doc: DocInfo, pin: str, text: str, start: int, end: int, kind: str) -> Found:
    key = f"{doc.stem}, {pin}" if pin else doc.stem
    if not pin:
        ps = tuple(p for p in corpus.passages if p.doc_id == doc.doc_id)
        return Found(kind, text[start:end], start, end, key, "ok", "", ps, doc.stem)
    ps = tuple(corpus.find(key))
    if ps:
        return Found(kind, text[start:end], start, end, key, "ok", "", ps, doc.stem)
    return Found(kind, text[start:end], start, end, key, "flag",
                 M.PIN_NOT_IN_CORPUS.format(cite=key, title=doc.title, pin=pin), (), doc.stem)


def _find_corpus_cases(fd: _Finder) -> None:
    text, corpus = fd.text, fd.corpus
    for doc in corpus.case_docs():
        for m in re.finditer(re.escape(doc.stem), text):
            pin, end = _pin_after(text, m.end())
            fd.add(_doc_cite(corpus, doc, pin, text, m.start(), end, "case"))
        if doc.short:
            for m in re.finditer(re.escape(doc.short) + r"(?=,\s*(?:§|¶))", text):
                pin, end = _pin_after(text, m.end())
                if pin and not fd.taken(m.start(), end):
                    fd.add(_doc_cite(corpus, doc, pin, text, m.start(), end, "case-short"))


def _find_docket_cases(fd: _Finder) -> None:
    for m in _DOCKET_CASE.finditer(fd.text):
        if fd.taken(m.start(), m.end()):
            continue
        name = re.sub(r"^(?:See also|See|Cf\.|But see|Compare|accord|see also|see)\s+", "", m.group("name"))
        start = m.start() + (len(m.group("name")) - len(name))
        pin, end = _pin_after(fd.text, m.end())
        cite = fd.text[start:end]
        fd.add(Found("case", cite, start, end, " ".join(cite.split()), "flag",
                     M.CASE_NOT_IN_CORPUS.format(cite=" ".join(cite.split())), (), ""))


def _find_rules(fd: _Finder) -> None:
    text, corpus = fd.text, fd.corpus
    for m in _LOCAL.finditer(text):
        court = courts.short_cite(m.group("court") or "")
        if fd.taken(m.start(), m.end()):
            continue
        for num in _LOCAL_NUMBER.findall(m.group("nums")):
            key = f"{court + ' ' if court else ''}L.R. {num}"
            ps = corpus.find_local_rule(num, court)
            cited_by = [] if ps else corpus.local_rule_cited_by(num, court)
            if ps:
                f = Found("local-rule", m.group(0), m.start(), m.end(), key, "ok", "", tuple(ps), "L.R.")
            elif cited_by:  # not indexed, but an indexed order of the court cites it by this number
                f = Found("local-rule", m.group(0), m.start(), m.end(), key, "note",
                          M.LOCAL_RULE_AS_CITED.format(cite=key, where=cited_by[0].cite, it="it"), tuple(cited_by), "L.R.")
            else:
                f = Found("local-rule", m.group(0), m.start(), m.end(), key, "flag",
                          M.LOCAL_RULE_NOT_IN_CORPUS.format(cite=key), (), "L.R.")
            fd.out.append(f)  # several rules in one citation share its span
    for rx in (_FED, _FED_WORDS):
        for m in rx.finditer(text):
            if m.groupdict().get("ev"):
                family, num, sub = "Fed. R. Evid.", m.group("evnum"), m.group("evsub") or ""
            else:
                family = "Fed. R. " + _SETS[m.group("set").split(".")[0].lower()]
                num, sub = m.group("num"), m.group("sub") or ""
            fd.add(_rule(corpus, family, num, sub, text, m.start(), m.end(), "rule"))
    # the shorthands a question may use too ("FRCP 26(c)", "FRE 502(d)", "criminal Rule 16"): the one grammar
    for r in grammar.rule_refs(text):
        short = r.kind == "federal" and re.match(r"(?:Rule\b|\d)", r.text, re.I)
        if r.kind == "local" or short or r.start < 0 or fd.taken(r.start, r.start + len(r.text)):
            continue
        family = "Fed. R. Civ. P." if r.kind == "federal" else r.code
        num, sub = re.match(r"([\d.-]+?)((?:\([A-Za-z0-9]{1,4}\))*)$", r.number).groups()
        fd.add(_rule(corpus, family, num, sub, text, r.start, r.start + len(r.text), "rule"))


def _rule(corpus: Corpus, family: str, num: str, sub: str, text: str, start: int, end: int, kind: str) -> Found:
    key = f"{family} {num}{sub}"
    ps, matched = corpus.find_rule(key)
    if ps:
        return Found(kind, text[start:end], start, end, key, "ok", "", tuple(ps), family)
    return Found(kind, text[start:end], start, end, key, "flag",
                 M.SOURCE_NOT_IN_CORPUS.format(cite=key), (), family)


def _find_short_rules(fd: _Finder) -> None:
    """``Rule 26(c)`` after a full federal rule citation: the same set of rules."""
    text = fd.text
    for m in _SHORT_RULE.finditer(text):
        before = text[max(0, m.start() - 16): m.start()]
        if re.search(r"(?:Local|Federal|Civil|L\.)\s*$", before) or fd.taken(m.start(), m.end()):
            continue
        prior = [f for f in fd.out if f.kind == "rule" and f.end <= m.start()]
        family = max(prior, key=lambda f: f.end).family if prior else "Fed. R. Civ. P."
        fd.add(_rule(fd.corpus, family, m.group("num"), m.group("sub") or "", text, m.start(), m.end(), "rule"))


def _find_eyecite(fd: _Finder) -> None:
    from eyecite import get_citations
    from eyecite.models import (FullCaseCitation, FullLawCitation, IdCitation, ShortCaseCitation,
                                SupraCitation, UnknownCitation)

    logging.getLogger("eyecite").setLevel(logging.ERROR)
    text, corpus = fd.text, fd.corpus
    for c in get_citations(text):
        start, end = c.span()
        if fd.taken(start, end) or isinstance(c, UnknownCitation):
            continue
        matched = c.matched_text()
        if isinstance(c, IdCitation):
            pin = c.metadata.pin_cite or ""
            fd.add(Found("id", text[start:end], start, end, pin, "ok"))
        elif isinstance(c, ShortCaseCitation):
            g = c.groups
            fd.add(Found("case-short", matched, start, end, f"{g.get('volume')} {g.get('reporter')}", "ok"))
        elif isinstance(c, SupraCitation):
            fd.add(Found("supra", matched, start, end, c.metadata.antecedent_guess or "", "ok"))
        elif isinstance(c, FullCaseCitation):
            reporter = c.corrected_citation()
            docs = [d for d in corpus.case_docs() if reporter in d.stem]
            name = " v. ".join(x for x in (c.metadata.plaintiff, c.metadata.defendant) if x)
            label = f"{name}, {reporter}" if name else reporter
            if docs:
                fd.add(Found("case", matched, start, end, docs[0].stem, "ok", "",
                             tuple(p for p in corpus.passages if p.doc_id == docs[0].doc_id), docs[0].stem))
            else:
                fd.add(Found("case", matched, start, end, reporter, "flag",
                             M.CASE_NOT_IN_CORPUS.format(cite=label),
                             (), reporter))
        elif isinstance(c, FullLawCitation):
            ps = tuple(p for p in corpus.passages if norm(matched) in norm(p.cite))
            fd.add(Found("statute", matched, start, end, matched, "ok" if ps else "flag",
                         "" if ps else M.SOURCE_NOT_IN_CORPUS.format(cite=matched), ps))
        else:
            fd.add(Found("other", matched, start, end, matched, "flag",
                         M.SOURCE_NOT_IN_CORPUS.format(cite=matched)))


def _resolve(found: list[Found], corpus: Corpus) -> list[Found]:
    """Give short forms, supra and Id. the status and passages of what they refer to."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: f.start):
        if f.kind == "id":
            prev = next((g for g in reversed(out) if g.kind != "id" or g.passages), None)
            if prev is None:
                out.append(Found("id", f.text, f.start, f.end, "Id.", "flag",
                                 M.ID_WITHOUT_ANTECEDENT, ()))
                continue
            pin = re.search(r"(§\s?[IVXL]+(?:\.[A-Z0-9]+)*|¶+\s?\d+)", f.text)
            if pin and prev.family and prev.kind.startswith("case") and prev.status == "ok":
                doc = next((d for d in corpus.docs.values() if d.stem == prev.family), None)
                if doc:
                    r = _doc_cite(corpus, doc, " ".join(pin.group(1).split()), f.text, 0, len(f.text), "id")
                    out.append(Found("id", f.text, f.start, f.end, r.key, r.status, r.message, r.passages,
                                     prev.family))
                    continue
            out.append(Found("id", f.text, f.start, f.end, prev.key, prev.status,
                             prev.message and M.REFERS_TO_UNVERIFIED.format(short="Id.", cite=prev.key),
                             prev.passages, prev.family))
        elif f.kind in ("case-short", "supra") and not f.passages and f.status == "ok":
            ante = None
            for g in reversed(out):
                if g.kind != "case":
                    continue
                if f.kind == "case-short" and f.key and (f.key in g.key or f.key in g.text):
                    ante = g
                elif f.kind == "supra" and f.key and f.key.split()[0] in g.text:
                    ante = g
                if ante:
                    break
            if ante is None:
                out.append(Found(f.kind, f.text, f.start, f.end, f.key, "flag",
                                 M.SHORT_FORM_WITHOUT_FULL.format(short=f.text), ()))
            else:
                out.append(Found(f.kind, f.text, f.start, f.end, ante.key, ante.status,
                                 ante.message and M.REFERS_TO_UNVERIFIED.format(short=f.text, cite=ante.key),
                                 ante.passages, ante.family))
        else:
            out.append(f)
    return out


def find_citations(text: str, corpus: Corpus) -> list[Found]:
    """All citations in `text` (plain, not Markdown), in order, each looked up in the corpus."""
    fd = _Finder(text, corpus)
    brackets = bracket_spans(text)
    _find_corpus_cases(fd)
    _find_docket_cases(fd)
    _find_rules(fd)
    _find_short_rules(fd)
    _find_eyecite(fd)
    found = [f for f in fd.out if not any(s <= f.start and f.end <= e for s, e in brackets)]
    return _resolve(found, corpus)


# ---------------------------------------------------------------- quotes and the result

_QUOTE_RX = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"")


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return bounds


def quotes_before(text: str, found: list[Found]) -> dict[int, list[str]]:
    """For each citation (by index), the quotations it supports: those between it and the previous
    citation in the same paragraph.  One-word quotations (e.g. a designation like "CONFIDENTIAL")
    are not attributed."""
    out: dict[int, list[str]] = {}
    paras = _paragraph_bounds(text)
    for i, f in enumerate(found):
        ps, _ = next(((s, e) for s, e in paras if s <= f.start <= e), (0, len(text)))
        prev_end = max([g.end for g in found[:i] if ps <= g.end <= f.start] + [ps])
        seg = text[prev_end: f.start]
        qs = [m.group(1) or m.group(2) for m in _QUOTE_RX.finditer(seg)]
        out[i] = [q for q in qs if len(q.split()) >= 2]
    return out


def verify(markdown: str, corpus: Corpus) -> Verification:
    """Find, look up and quote-check every citation of a draft (see the module doc)."""
    text = plain(markdown)
    found = find_citations(text, corpus)
    quotes = quotes_before(text, found)
    checks: list[Check] = []
    cits: dict[tuple[str, str], Citation] = {}
    seen_ok: set[str] = set()
    for i, f in enumerate(found):
        if f.status == "flag":
            checks.append(Check("unverified-citation", "flag", f.message, f.key))
            continue
        if f.status == "note":  # a local rule cited as an indexed order cites it: its existence, not its text
            if f.key not in seen_ok:
                seen_ok.add(f.key)
                checks.append(Check("rule-cited-as-the-court-cites-it", "note", f.message, f.key))
            for q in quotes.get(i, []):  # the rule's words are not in the corpus: a quotation of them cannot be checked
                checks.append(Check("misquote", "flag", M.QUOTE_OF_UNINDEXED_RULE.format(quote=q, cite=f.key), f.key))
            continue
        for q in quotes.get(i, []):
            hit = next((p for p in f.passages if quote_in(q, p.text)), None)
            if hit is None:
                checks.append(Check("misquote", "flag",
                                    M.MISQUOTE.format(quote=q, cite=f.key), f.key))
                continue
            qn = q.strip().rstrip(".,;:")
            cits.setdefault((hit.id, qn), Citation(len(cits) + 1, hit, qn))
        if f.key not in seen_ok and f.kind != "id":
            seen_ok.add(f.key)
            checks.append(Check("verified-citation", "ok", M.VERIFIED.format(cite=f.key), f.key))
    for i, f in enumerate(found):  # cited without a quotation: list the passage once
        if f.status == "ok" and f.passages and not quotes.get(i) and f.kind != "id":
            cited = {c.passage.cite for c in cits.values()}
            p = f.passages[0]
            if p.cite not in cited and len(f.passages) <= 3:
                cits[(p.id, "")] = Citation(len(cits) + 1, p, "")
    return Verification(tuple(found), tuple(cits.values()), tuple(checks))


def unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return tuple(seen)
