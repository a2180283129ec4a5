"""Query step: validate a question and find the rules and cases it names.

>>> q = parse_question("Under L.R. 37-2.2 and Rule 26(c), who files the stipulation?")
>>> [(r.kind, r.number) for r in q.refs]
[('local', '37-2.2'), ('federal', '26(c)')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot import messages
from bot.errors import BadQuestion
from bot.names import named_rules
from bot.normalize import expand
from indexers import courts


@dataclass(frozen=True)
class RuleRef:
    kind: str  # "local" | "federal" | "other"
    number: str  # "37-1", "26(c)", "502"
    text: str  # as written in the question
    code: str = ""  # for kind "other": e.g. "Fed. R. Evid."
    implied: bool = False  # named by what it is ("the safe harbor"), not by number (bot.names)

    def label(self) -> str:
        if self.kind == "local":
            return f"L.R. {self.number}"
        if self.kind == "federal":
            return f"Fed. R. Civ. P. {self.number}"
        return f"{self.code} {self.number}".strip()


@dataclass(frozen=True)
class CaseRef:
    name: str  # "Kamakana v. City & County of Honolulu"
    first_party: str


@dataclass(frozen=True)
class Question:
    text: str  # as typed (cleaned of control characters)
    refs: tuple[RuleRef, ...] = ()  # numbered rules first, then rules named by name (implied)
    cases: tuple[CaseRef, ...] = ()
    search: str = ""  # the text with shorthand written out (bot.normalize), used for retrieval

    @property
    def query(self) -> str:
        return self.search or self.text

    @property
    def named(self) -> tuple[RuleRef, ...]:
        """The rules the question names by number (not those implied by a name)."""
        return tuple(r for r in self.refs if not r.implied)


_LOCAL = re.compile(
    r"(?:\b(?:" + courts.cite_regex() + r"\s+)?(?:Civil\s+)?(?:L\.\s?R\.?|Local\s+Rules?|LR)\s*|\bRule\s+)?"
    r"(?<![\d(.-])(\d{1,3}-\d+(?:\.\d+)*(?:\([a-z0-9]\))*)"
    r"|\bLocal\s+(?:Civil\s+)?Rules?\s+(\d{1,3}(?:\.\d+)+(?:\([a-z0-9]\))*)", re.I)
_FEDERAL = re.compile(
    r"\b(?:Fed(?:eral)?\.?\s*R(?:ules?)?\.?\s*(?:of\s+)?Civ(?:il)?\.?\s*P(?:roc(?:edure)?)?\.?|F\.?R\.?C\.?P\.?|FRCP|"
    r"Federal\s+Rule\s+of\s+Civil\s+Procedure|Rule)\s*(\d{1,2}(?:\.\d)?(?:\([a-zA-Z0-9]{1,4}\))*)(?![\d-])"
    # a bare number with a subdivision ("a 12(b)(6) motion", "the 26(f) conference") names a civil rule
    r"|(?<![\w.(-])(\d{1,2}(?:\.\d)?(?:\([a-z]\))(?:\([a-zA-Z0-9]{1,4}\))*)(?![\w-])", re.I)
_OTHER = re.compile(
    r"\b(Fed(?:eral)?\.?\s*R(?:ules?)?\.?\s*(?:of\s+)?(?:Evid(?:ence)?|Crim(?:inal)?\.?\s*P(?:roc(?:edure)?)?|"
    r"App(?:ellate)?\.?\s*P(?:roc(?:edure)?)?|Bankr(?:uptcy)?\.?\s*P(?:roc(?:edure)?)?)\.?|"
    r"F\.?R\.?E\.?|FRE|FRAP|FRCrP)\s*(\d{1,4}(?:\([a-zA-Z0-9]{1,4}\))*)", re.I)
_PARTY_WORD = r"(?:[A-Z][\w.'&,-]*|&|and|of|the|for|de|la|del)"
_CASE = re.compile(r"\b((?:[A-Z][\w.'&-]*\s){0,4}[A-Z][\w.'&-]*)\s+v\.?\s+([A-Z][\w.'&,-]*(?:\s" + _PARTY_WORD + r"){0,7})")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SKIP_FIRST = {"In", "See", "Under", "Does", "Did", "What", "Is", "Was", "Per", "In re", "Cf", "The"}


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def parse_question(text: str, *, max_chars: int = 2000) -> Question:
    """Validate and normalize a question; raise `BadQuestion` with a one-line reason."""
    if text is None or not str(text).strip():
        raise BadQuestion(messages.EMPTY_QUESTION)
    raw_len = len(text)
    text = clean_text(str(text))
    if not text or not re.search(r"\w", text):
        raise BadQuestion(messages.EMPTY_QUESTION)
    if raw_len > max_chars and len(text) > max_chars:
        raise BadQuestion(messages.LONG_QUESTION.format(n=len(text), max=max_chars))
    search = expand(text)
    refs = find_refs(search)
    numbers = {r.number.lower() for r in refs}
    implied = tuple(RuleRef("federal", n.number, n.why, implied=True) for n in named_rules(search)
                    if n.number.lower() not in numbers)
    return Question(text=text, refs=refs + implied, cases=find_cases(text), search=search)


def find_refs(text: str) -> tuple[RuleRef, ...]:
    refs: list[RuleRef] = []
    spans: list[tuple[int, int]] = []
    for m in _OTHER.finditer(text):
        code = re.sub(r"\s+", " ", m.group(1)).strip()
        refs.append(RuleRef("other", m.group(2), m.group(0), code=code))
        spans.append(m.span())
    for m in _LOCAL.finditer(text):
        g = 1 if m.group(1) else 2
        if any(s <= m.start(g) < e for s, e in spans):
            continue
        refs.append(RuleRef("local", m.group(g).lower(), m.group(0).strip()))
        spans.append(m.span())
    for m in _FEDERAL.finditer(text):
        g = 1 if m.group(1) else 2
        if any(s <= m.start(g) < e for s, e in spans):
            continue
        refs.append(RuleRef("federal", m.group(g), m.group(0).strip()))
        spans.append(m.span())
    order = {id(r): text.find(r.text) for r in refs}
    return tuple(sorted(refs, key=lambda r: order[id(r)]))


def find_cases(text: str) -> tuple[CaseRef, ...]:
    out = []
    for m in _CASE.finditer(text):
        words = m.group(1).split()
        while words and words[0] in _SKIP_FIRST:
            words = words[1:]
        if not words:
            continue
        first = " ".join(words)
        second = re.sub(r"(?:\s(?:and|of|the|for|de|la|del|&))+$", "", m.group(2).strip().rstrip(",?."))
        out.append(CaseRef(name=f"{first} v. {second}", first_party=first))
    return tuple(out)
