"""Wording step: facts as a filing states them, whatever shape the user typed them in.

The compose step runs each fact through the shape its field names in `bot.draft.kinds`
(``Field.shape``) before the template sees it:

- ``court``: the court named in full from the one table of courts (``indexers.courts``);
- ``case-number``: the number alone (the template writes "Case No.");
- ``sentence``: whole sentences.  A noun phrase gets the field's `lead` ("This action arises
  from ..."), a verb phrase ("would expose ...") gets its `subject` ("Disclosure of this
  information would expose ..."), a verb phrase that says what the material holds ("lists the
  account numbers ...", "contains trade secrets") gets the subject's material ("This information
  contains ..."), a lower-case sentence gets its capital, and every sentence ends with one period.

`tidy_punctuation` then removes what joining leaves behind: a doubled period ("Cal.."), a
space before a comma.

>>> as_sentence("breach of a warehousing contract", lead="This action arises from")
'This action arises from breach of a warehousing contract.'
>>> as_sentence("plaintiff alleges that Acme breached a supply contract.", lead="This action arises from")
'Plaintiff alleges that Acme breached a supply contract.'
>>> as_sentence("would expose salaries", subject="Disclosure of this information")
'Disclosure of this information would expose salaries.'
>>> as_sentence("The register lists the bank account numbers", subject="Public disclosure of this material")
'The register lists the bank account numbers.'
>>> court_name("C.D. Cal.")
'United States District Court for the Central District of California'
"""

from __future__ import annotations

import re
from typing import Iterable

from indexers import courts

_MODALS = frozenset("would could will may might can should must shall".split())
# Verbs that make a clause a sentence when they follow its first word ("Plaintiff alleges ...").
_VERBS = frozenset("""
allege alleges contend contends contended assert asserts asserted seek seeks sought sue sues sued arises arose
involves brings brought accuses denies maintains contains includes reveals describes says said asks
is are was were has have had does did
""".split())
# First words of noun phrases that an "-ed" word after them does not turn into a sentence ("Claims related to ...").
_NOUN_HEADS = frozenset("""
claim claims breach breaches violation violations misappropriation infringement fraud negligence action actions
dispute disputes allegations damages wrongful unpaid alleged unfair discrimination retaliation
""".split())
_STARTS_SENTENCE = re.compile(r"^(?:this|these|those|the\s+parties|it|they|we|i|plaintiffs?|defendants?|"
                              r"if|because|although|when)\b", re.I)
# "The register lists the ...", "Each file contains their ...": a determiner, a noun, a verb in -s and its object.
_DETERMINER = r"(?:the|this|that|these|those|its|their|his|her|our|each|every|a|an)"
_SUBJECT_VERB = re.compile(rf"^{_DETERMINER}\s+(?:[\w'’-]+\s+){{0,3}}?[a-z]+(?<![s'’])s\s+"
                           rf"(?:{_DETERMINER}|all|any|both|some|no|how|what|which|whether|who|\d)\b", re.I)
_END = re.compile(r"[.!?][\"'”’)\]*_]*$")
# A verb phrase with no subject that says what material holds: "contains trade secrets", "lists the account numbers".
# ("records the hours" is one, "records showing hours" a noun phrase: a word that may be a noun needs its object.)
_HOLDS = re.compile(rf"^(?:(?:contains|includes|reveals|describes|discloses|exposes|identifies|shows|is|has)\b"
                    rf"|[a-z]+(?<![s'’])s\s+(?:{_DETERMINER}|all|any|both|some|no|how|what|which|whether|who|\d)\b)", re.I)
# a clause giving a reason, typed as the harm ("because it would reveal our prices")
_REASON = re.compile(r"^because\s+\w", re.I)
# the head nouns of a noun phrase that names material ("Meridian's pricing formulas", "home addresses and medical leave
# records of ...", "records showing ..."), which disclosure would reveal; any other ("lost profits", "competitive
# harm", "exposure to identity theft") is a harm it would cause
_MATERIAL_NOUN = frozenset("""
record records file files report reports formula formulas data database databases address addresses number numbers
document documents list lists memorandum memoranda memo memos email emails e-mail e-mails contract contracts agreement
agreements log logs statement statements spreadsheet spreadsheets note notes minutes plan plans design designs drawing
drawings code price prices pricing rate rates salary salaries identity identities name names history histories result
results calculation calculations assessment assessments evaluation evaluations communications correspondence transcript
transcripts photograph photographs image images video videos recording recordings policy policies procedure procedures
manual manuals bulletin bulletins material materials information details terms margin margins specification
specifications schematic schematics algorithm algorithms projection projections forecast forecasts budget budgets
invoice invoices ledger ledgers payroll diagnoses diagnosis charts chart complaint complaints
""".split())
_NP_END = re.compile(r"\b(?:of|showing|that|which|who|with|for|from|to|protected|containing|in|on|about|regarding|"
                     r"concerning|listing|including|under|by)\b", re.I)


def _names_material(phrase: str) -> bool:
    """Whether the noun phrase's head (the last word before "of", "showing", ...; each of a list's) names material."""
    head = _NP_END.split(phrase, maxsplit=1)[0]
    parts = [p for p in re.split(r",|\band\b|\bor\b", head) if p.strip()]
    return any((_words(p) or [""])[-1].lower().strip("'’") in _MATERIAL_NOUN for p in parts)
_MATERIAL = re.compile(r"\bof\s+((?:this|these|that|those|the)\s+[\w-]+)$", re.I)  # "Disclosure of [this information]"


def _words(s: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’-]*", s)


def is_sentence(text: str) -> bool:
    """Whether `text` reads as a sentence (has a subject and a verb) rather than a noun or verb phrase."""
    words = _words(text)[:16]
    if not words:
        return False
    low = [w.lower().strip("'’") for w in words]
    if low[0] in _MODALS:
        return False
    if any(w in _MODALS or w in _VERBS for w in low[1:]):
        return True
    if "that" in low[2:] and low[low.index("that", 2) - 1].endswith("s"):
        return True  # "Plaintiff claims that ...", "The complaint charges that ..."
    if _SUBJECT_VERB.match(text):
        return True
    if low[0] not in _NOUN_HEADS:
        for i, w in enumerate(words[1:4], 1):
            if w.lower().endswith("ed") and all(x[:1].isupper() for x in words[:i]):
                return True  # "Acme breached ...", "Northwind Logistics failed ..."
    return bool(_STARTS_SENTENCE.match(text)) and len(words) > 3


def _lower_first(text: str, names: Iterable[str]) -> str:
    """Lower-case the first word of a phrase that follows other words, unless it is a name or an acronym."""
    m = re.match(r"([A-Za-z][\w'’-]*)", text)
    if not m:
        return text
    word = m.group(1)
    base = re.sub(r"['’]s$", "", word)
    proper = {n.lower() for n in names}
    if (base.lower() in proper or word.isupper() and len(word) > 1 or any(c.isupper() for c in word[1:])
            or any(c.isdigit() for c in word)):
        return text
    return word[0].lower() + text[1:]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _close(text: str) -> str:
    text = text.rstrip(" ,;:")
    return text if _END.search(text) else text + "."


def as_sentence(text: str, *, lead: str = "", subject: str = "", names: Iterable[str] = ()) -> str:
    """`text` as whole sentences (see the module doc); "" stays "".

    >>> as_sentence("Loss of customers.", subject="Disclosure of this information")
    'Disclosure of this information would cause loss of customers.'
    >>> as_sentence("contains trade secrets", subject="Public disclosure of this material")
    'This material contains trade secrets.'
    >>> as_sentence("Meridian's trade secret pricing formulas", subject="Public disclosure of this material",
    ...             names=["Meridian"])
    "Public disclosure of this material would reveal Meridian's trade secret pricing formulas."
    >>> as_sentence("because competitors would learn Northwind's margins", subject="Disclosure of this information")
    "Disclosure of this information would cause harm because competitors would learn Northwind's margins."
    """
    s = " ".join(str(text).split())
    if not s:
        return s
    names = tuple(names)
    first = (_words(s) or [""])[0].lower()
    if subject and first in _MODALS:
        return _close(f"{subject} {_lower_first(s, names)}")
    material = _MATERIAL.search(subject) if subject else None
    if material and _HOLDS.match(s):
        return _close(f"{_cap(material.group(1))} {_lower_first(s, names)}")
    if subject and _REASON.match(s) and not re.search(r"[,;:]", s):  # a bare "because ..." clause: the reason for a
        # harm it does not name ("Because Northwind does not publish its rates, competitors ..." is a sentence)
        return _close(f"{subject} would cause harm {_lower_first(s, names)}")
    if is_sentence(s):
        return _close(_cap(s))
    s = s.rstrip(" .")
    if lead:
        return _close(f"{lead} {_lower_first(s, names)}")
    if subject:  # a harm ("loss of customers") is what disclosure would cause; material named, what it would reveal
        verb = "would reveal" if _names_material(s) else "would cause"
        return _close(f"{subject} {verb} {_lower_first(s, names)}")
    return _close(_cap(s))


def court_name(text: str) -> str:
    """The court in full from the table of courts; a court it does not know, as written (no leading "the")."""
    return courts.full_name(text) if str(text).strip() else ""


def case_number(text: str) -> str:
    """The case number without a leading "Case No." or "No." (the templates write it)."""
    return re.sub(r"^\s*(?:case\s+)?(?:no|number)\.?:?\s*", "", str(text), flags=re.I).strip()


SHAPES = {"court": court_name, "case-number": case_number}


def tidy_punctuation(text: str) -> str:
    """One period where joining made two ("Cal..", "*Inc.*."), no space before a comma or period, no "()".

    >>> tidy_punctuation("pending in the C.D. Cal.. The *Id.*. Parties ( ) agree , now.")
    'pending in the C.D. Cal. The *Id.* Parties agree, now.'
    """
    text = re.sub(r"(?<!\.)\.(\*{1,2}|_)?\.(?!\.)", lambda m: "." + (m.group(1) or ""), text)
    text = re.sub(r"[ \t]*\(\s*\)", "", text)
    text = re.sub(r"(?<=\w)[ \t]+([,;.])(?=\s|$)", r"\1", text, flags=re.M)
    return text
