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
from bot.answering.names import named_rules
from bot.answering.normalize import expand
from indexers.grammar import CASE_NAME, Body, RuleRef, other_bodies, rule_refs  # noqa: F401 (RuleRef re-exported)


@dataclass(frozen=True)
class CaseRef:
    name: str  # "Kamakana v. City & County of Honolulu"
    first_party: str


@dataclass(frozen=True)
class Question:
    text: str  # as typed (cleaned of control characters)
    refs: tuple[RuleRef, ...] = ()  # numbered rules first, then rules named by name (implied)
    cases: tuple[CaseRef, ...] = ()
    search: str = ""  # the text with shorthand written out (bot.answering.normalize), used for retrieval
    bodies: tuple[Body, ...] = ()  # other bodies of law it asks about: a state's procedure, court fees

    @property
    def query(self) -> str:
        return self.search or self.text

    @property
    def named(self) -> tuple[RuleRef, ...]:
        """The rules the question names by number (not those implied by a name)."""
        return tuple(r for r in self.refs if not r.implied)


_CASE = CASE_NAME  # the one grammar's (indexers/grammar.py)
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
    return Question(text=text, refs=refs + implied, cases=find_cases(text), search=search,
                    bodies=other_bodies(text))


def find_refs(text: str) -> tuple[RuleRef, ...]:
    """The rule citations of `text` (indexers.grammar: every rule set, in the order written)."""
    return rule_refs(text)


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
