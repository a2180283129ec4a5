"""The grammar of legal references: rule citations of every rule set, other bodies of law, case names.

One module (in the spirit of eyecite's ``regexes.py``) that the question side reads a question with
(`bot.answering.query`) and the answer decision consults, so that "criminal Rule 16" is never read as the civil
Rule 16, and a question about a state code, a filing fee or another court's local rules is recognised as
one.  Patterns only: nothing here knows what is indexed.

>>> [(r.kind, r.number, r.code) for r in rule_refs("Under L.R. 37-2.2 and Rule 26(c), and FRE 502(d)")]
[('local', '37-2.2', ''), ('federal', '26(c)', ''), ('other', '502(d)', 'Fed. R. Evid.')]
>>> [(r.kind, r.number, r.code) for r in rule_refs("what does criminal rule 16 require")]
[('other', '16', 'Fed. R. Crim. P.')]
>>> [(r.kind, r.number, r.code) for r in rule_refs("bankruptcy rule 7026 and 9th Cir. R. 27-1")]
[('other', '7026', 'Fed. R. Bankr. P.'), ('other', '27-1', '9th Cir. R.')]
>>> [(r.number, r.code) for r in rule_refs("bankr. R. 7056, crim. R. 16 and evid. R. 502(b)")]
[('7056', 'Fed. R. Bankr. P.'), ('16', 'Fed. R. Crim. P.'), ('502(b)', 'Fed. R. Evid.')]
>>> [(r.kind, r.number, r.court) for r in rule_refs("SDNY local civ rule 37.2 - need a pre-motion conference?")]
[('local', '37.2', 'S.D.N.Y.')]
>>> [(r.number, r.court) for r in rule_refs("N.D. Cal. Civil L.R. 79-5 and C.D. Cal. L.R. 37-1")]
[('79-5', 'N.D. Cal.'), ('37-1', 'C.D. Cal.')]
>>> [b.label for b in other_bodies("what's the filing fee in California superior court under CCP 2030.300")]
['court filing fees', 'California state court procedure', 'Cal. Code Civ. Proc. 2030.300']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexers import courts


@dataclass(frozen=True)
class RuleRef:
    kind: str  # "local" | "federal" (civil) | "other" (another rule set: `code` names it)
    number: str  # "37-1", "26(c)", "502"
    text: str  # as written
    code: str = ""  # for kind "other": e.g. "Fed. R. Evid."
    implied: bool = False  # named by what it is ("the safe harbor"), not by number (bot.answering.names)
    court: str = ""  # for kind "local": the court named with it ("N.D. Cal."), "" when none is named
    start: int = field(default=-1, compare=False)  # where `text` starts in what was read

    def label(self) -> str:
        if self.kind == "local":
            return f"{self.court + ' ' if self.court else ''}L.R. {self.number}"
        if self.kind == "federal":
            return f"Fed. R. Civ. P. {self.number}"
        return f"{self.code} {self.number}".strip()


@dataclass(frozen=True)
class Body:
    """A body of law or a kind of source a question is about that is not a numbered rule (a state's
    procedure, court fees): `label` names it to the user."""

    label: str
    text: str  # as written
    doc_type: str = ""  # the kind of corpus document that would answer it (a judge's procedures), when there is one
    court: str = ""  # the court whose own practice it is ("N.D. Cal."): held when the corpus has that court's documents
    statute: str = ""  # a statute cited by number ("28 U.S.C. § 1927"): what a rule that cites it may apply


_SUB = r"(?:\([a-zA-Z0-9]{1,4}\))*"
_CRIM = r"Crim(?:inal)?\.?\s*(?:P(?:roc(?:edure)?)?\.?)?"
_EVID = r"Evid(?:ence)?\.?"
_APP = r"App(?:ellate)?\.?\s*(?:P(?:roc(?:edure)?)?\.?)?"
_BANKR = r"Bankr(?:uptcy)?\.?\s*(?:P(?:roc(?:edure)?)?\.?)?"
# Another federal rule set, written as a citation ("Fed. R. Evid. 502", "FRE 502", "FRAP 4") or in words
# ("criminal rule 16", "Rule 16 of the Federal Rules of Criminal Procedure", "bankruptcy rule 7026").
_SETS = (
    ("Fed. R. Crim. P.", rf"Fed(?:eral)?\.?\s*R(?:ules?)?\.?\s*(?:of\s+)?{_CRIM}|F\.?R\.?Cr(?:im)?\.?P\.?|FRCrP|FRCRP|"
                         r"(?:federal\s+)?criminal(?:\s+procedure)?\s+rules?|crim\.?\s+(?:rules?|R\.?)"),
    ("Fed. R. Evid.", rf"Fed(?:eral)?\.?\s*R(?:ules?)?\.?\s*(?:of\s+)?{_EVID}|F\.?R\.?E\.?|FRE|"
                      r"(?:federal\s+)?evidence\s+rules?|evid\.?\s+(?:rules?|R\.?)"),
    ("Fed. R. App. P.", rf"Fed(?:eral)?\.?\s*R(?:ules?)?\.?\s*(?:of\s+)?{_APP}|F\.?R\.?A\.?P\.?|FRAP|"
                        r"(?:federal\s+)?appellate(?:\s+procedure)?\s+rules?|app\.?\s+(?:R\.?|rules?)"),
    ("Fed. R. Bankr. P.", rf"Fed(?:eral)?\.?\s*R(?:ules?)?\.?\s*(?:of\s+)?{_BANKR}|FRBP|bankruptcy\s+rules?|bankr\.?\s+(?:rules?|R\.?)"),
    ("9th Cir. R.", r"(?:9th|ninth)\s+Cir(?:cuit)?\.?\s*R(?:ules?)?\.?|circuit\s+rules?"),
)
_OTHER = re.compile(r"\b(" + "|".join(f"(?P<s{i}>{rx})" for i, (_, rx) in enumerate(_SETS)) + r")\s*"
                    rf"(\d{{1,4}}(?:[-.]\d+)*{_SUB})(?![\w-])", re.I)
_WORDS = {"criminal": "Fed. R. Crim. P.", "evidence": "Fed. R. Evid.", "appellate": "Fed. R. App. P.",
          "bankruptcy": "Fed. R. Bankr. P."}
# "Rule 16 of the Federal Rules of Criminal Procedure", "rule 16 (criminal)", "Rule 502 of the evidence rules"
# (only with an explicit connector: "Rule 56 evidence" is the civil Rule 56 about evidence)
_OTHER_AFTER = re.compile(
    rf"\bRule\s+(\d{{1,4}}{_SUB})\s*(?:of\s+the\s+(?:Federal\s+)?Rules\s+of\s+(criminal|evidence|appellate|bankruptcy)\b|"
    r"of\s+the\s+(criminal|evidence|appellate|bankruptcy)\s+rules\b|\(\s*(criminal|appellate|bankruptcy)\s*\))", re.I)
_CIVIL_WORD = r"(?:Civil\s+|Civ\.?\s+)?"  # "Local Civil Rule", "local civ rule", "Civ. L.R."
_LOCAL = re.compile(
    r"(?:\b(?P<court>" + courts.cite_regex() + r")\s+" + _CIVIL_WORD + r"(?:L\.\s?R\.?|Local\s+" + _CIVIL_WORD +
    r"Rules?|LR|Civ\.\s*L\.\s?R\.)\s*"
    r"|\b(?:Civil\s+)?(?:L\.\s?R\.?|Local\s+" + _CIVIL_WORD + r"Rules?|LR)\s*|\bRule\s+)?"
    r"(?<![\d(.-])(?P<num>\d{1,3}-\d+(?:\.\d+)*(?:\([a-z0-9]\))*)"
    r"|(?:\b(?P<court2>" + courts.cite_regex() + r")\s+)?\bLocal\s+" + _CIVIL_WORD +
    r"Rules?\s+(?P<num2>\d{1,3}(?:\.\d+)+(?:\([a-z0-9]\))*)"
    # a local rule by its number alone ("local rule 37", "L.R. 37", "LR 79"): the whole chapter
    r"|(?:\b(?P<court3>" + courts.cite_regex() + r")\s+" + _CIVIL_WORD + r")?\b(?:Civil\s+)?(?:L\.\s?R\.?|Local\s+" +
    _CIVIL_WORD + r"Rules?|LR)\s*(?P<num3>\d{1,3})(?![\d.(-]|\s*\((?:[a-zA-Z]|\d{1,2}|[ivx]{2,4})\))", re.I)
_FEDERAL = re.compile(
    r"\b(?:Fed(?:eral)?\.?\s*R(?:ules?)?\.?\s*(?:of\s+)?Civ(?:il)?\.?\s*P(?:roc(?:edure)?)?\.?|F\.?R\.?C\.?P\.?|FRCP|"
    r"Federal\s+Rule\s+of\s+Civil\s+Procedure|Rule)\s*(\d{1,2}(?:\.\d)?(?:\([a-zA-Z0-9]{1,4}\))*)(?![\d-])"
    # a bare number with a subdivision ("a 12(b)(6) motion", "the 26(f) conference") names a civil rule
    r"|(?<![\w.(-])(\d{1,2}(?:\.\d)?(?:\([a-z]\))(?:\([a-zA-Z0-9]{1,4}\))*)(?![\w-])"
    # ... and the rules numbered with a point, bare ("65.1 - surety won't pay", "is a 7.1 statement due"): never an
    # amount, a measure or a version ("$5.1 million", "4.1 miles", "v4.1")
    r"|(?<![\w.(,$€£/-])(?<!version\s)(?<!ver\.\s)((?:4\.1|5\.[12]|7\.1|23\.[12]|44\.1|65\.1|71\.1)(?:\([a-zA-Z0-9]{1,4}\))*)"
    r"(?![\w.%/-]|,\d|\s*(?:%|percent|miles?|mi\b|km|hours?|hrs?|days?|weeks?|months?|years?|pages?|million|billion|bn\b|"
    r"mm\b|k\b|m\b|lbs?|pounds?|kg|feet|ft\b|inch\w*|acres?|degrees?|points?|x\b|times\b))", re.I)


# what a bare dotted number ("7.1") belongs to when it is no civil rule: a local rule, a document's part, a version
_NOT_A_RULE_BEFORE = re.compile(r"(?:\bL\.?\s?R\.?|\bLR|\blocal\s+(?:civ(?:il|\.)?\s+)?rules?|\bsections?|\bsec\.|§+|¶+|\bparagraphs?|"
                                r"\bparas?\.?|\bexhibits?|\bex\.|\bversion|\bver\.?|\bv\.?|\bart(?:icle)?\.?|\bitem|\bclause|"
                                r"\bstep|\bphase|\bschedule|\bpart|\bappendix|\bchapter|\bch\.)\s*$", re.I)


def _set_code(m: re.Match) -> str:
    for i, (code, _) in enumerate(_SETS):
        if m.group(f"s{i}"):
            return code
    return ""


# what a bare "30-35" counts when it is a range, not a local rule's number: the word before it, or after it
_RANGE_BEFORE = re.compile(r"(?:\b(?:paras?|paragraphs?|pp|pgs?|pages?|lines?|days|weeks|months|years|hours|"
                           r"exhibits?|exs?|counts|claims|numbers|items|questions|topics|requests|rogs|"
                           r"interrogatories|RFAs|RFPs|docs|documents|dkt|ECF|ages|Bates|prod)\.?|\bnos?\.|[¶§]{1,2})\s*$", re.I)
# words before a range that also come before one local rule ("rules 30-32" but "rules 37-1 to 37-4"): a range only
# when its second number is the larger
_RANGE_MAYBE = re.compile(r"\b(?:rules|between|from)\s*$", re.I)
_RANGE_AFTER = re.compile(r"^\s*(?:(?:days?|weeks?|months?|years?|hours?|pages?|pp|lines?|words?|people|percent|"
                          r"miles?|yrs?|mins?|minutes?)\b|%)", re.I)


# a jury's or a court's tally ("came back 5-1", "a 6-2 verdict", "voted 7-3 for D"), not a local rule's number
# (numbers a jury's size allows, beside a word of voting: "L.R. 38-1 jury demand", "37-2 stip" are local rules)
_TALLY_BEFORE = re.compile(r"\b(?:came\s+back|comes\s+back|voted?|vote\s+of|split|verdict\s+(?:was|of))\s*$", re.I)
_TALLY_AFTER = re.compile(r"^\s*(?:verdicts?|votes?|split|decisions?|majority|in\s+favou?r)\b", re.I)


def _a_range(text: str, start: int, end: int) -> bool:
    """The bare number at text[start:end] ("30-35") is a range of paragraphs, pages, days or rules, or a tally of
    votes ("the jury came back 5-1").

    >>> [_a_range(t, t.index("3"), t.index("3") + 5) for t in ("skipped paras 30-35", "rules 30-32 apply",
    ...     "about 30-45 days", "what does 37-10 say", "we had no 37-1 conference", "between 37-1 and 37-2", "30-40%")]
    [True, True, True, False, False, False, True]
    >>> [_a_range(t, t.index("-") - 1, t.index("-") + 2) for t in ("jury came back 5-1 for P", "a 6-2 verdict",
    ...     "the panel voted 2-1", "see 7-3 for the conference", "did we do the 7-3 conference")]
    [True, True, True, False, False]
    >>> [_a_range(t, t.index("-") - 2, t.index("-") + 2) for t in ("do we need a 38-1 jury demand notation",
    ...     "OC returned 37-2 stip unsigned")]
    [False, False]
    >>> [_a_range(t, t.index("1-"), t.index("1-") + n) for t, n in (("see docs produced, Bates 1-40000", 7),
    ...     ("they dumped 1-500 on us", 5), ("is 1-3 still good law", 3))]
    [True, True, False]
    """
    before = text[max(0, start - 30):start]
    if re.fullmatch(r"\d+-\d{3,}", text[start:end]):
        return True  # "1-40000", "2-500": page or Bates numbers; a local rule's part is never numbered past 99
    if _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(text[end:end + 20]):
        return True
    votes = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text[start:end])
    if votes and max(int(votes.group(1)), int(votes.group(2))) <= 12 and (
            _TALLY_BEFORE.search(before) or _TALLY_AFTER.match(text[end:end + 20])):
        return True
    low, _, high = text[start:end].partition("-")
    return bool(_RANGE_MAYBE.search(before)) and low.isdigit() and high.isdigit() and int(high) > int(low)


def rule_refs(text: str) -> tuple[RuleRef, ...]:
    """Every rule citation in `text`, in the order written: another rule set's first (so that its number is
    never read as a civil rule's), then local rules (with the court named before them), then civil rules."""
    refs: list[RuleRef] = []
    spans: list[tuple[int, int]] = []

    def taken(pos: int) -> bool:
        return any(s <= pos < e for s, e in spans)

    for m in _OTHER.finditer(text):
        refs.append(RuleRef("other", m.group(m.lastindex), m.group(0), code=_set_code(m), start=m.start()))
        spans.append(m.span())
    for m in _OTHER_AFTER.finditer(text):
        if not taken(m.start()):
            word = next(g for g in m.groups()[1:] if g)
            refs.append(RuleRef("other", m.group(1), m.group(0), code=_WORDS[word.lower()], start=m.start()))
            spans.append(m.span())
    for m in _LOCAL.finditer(text):
        g = "num" if m.group("num") else "num2" if m.group("num2") else "num3"
        if taken(m.start(g)):
            continue
        if g == "num" and m.group(0).strip() == m.group(g) and _a_range(text, m.start(g), m.end(g)):
            continue  # "paras 30-35", "rules 30-32", "30-45 days": a range of something else, not a local rule
        named = m.group("court") or m.group("court2") or m.group("court3")
        court = courts.find(named) if named else None
        if court is None and g in ("num2", "num3") and len(set(courts_named(text))) == 1:
            court = courts.find(courts_named(text)[0])  # "SDNY local civ rule 37.2": a numbering C.D. Cal.'s is not
        refs.append(RuleRef("local", m.group(g).lower(), m.group(0).strip(), court=court.cite if court else "",
                            start=m.start() + len(m.group(0)) - len(m.group(0).lstrip())))
        spans.append(m.span())
    for m in _FEDERAL.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i))
        if taken(m.start(g)):
            continue
        if g == 3 and (_NOT_A_RULE_BEFORE.search(text[max(0, m.start() - 30):m.start()]) or
                       re.match(r"\s*(?:rev|version)\b", text[m.end():], re.I)):
            continue  # "L.R. 7.1", "section 5.2 of the PO", "exhibit 5.1", "v 4.1": a local rule's or a document's number
        refs.append(RuleRef("federal", m.group(g), m.group(0).strip(), start=m.start()))
        spans.append(m.span())
    context = context_rule_set(text)
    if context and not _CIVIL_CONTEXT.search(text):  # "crim case - what does the govt disclose under rule 16": Rule 16 of the criminal rules
        refs = [RuleRef("other", r.number, r.text, code=context, start=r.start)
                if r.kind == "federal" and re.match(r"(?:Rule\b|\d)", r.text, re.I) else r for r in refs]
    return tuple(sorted(refs, key=lambda r: r.start))


_ROMAN = re.compile(r"\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)\)")


def outline_level(marker: str, roman: bool) -> int:
    """Depth of an item marker in the Federal Rules' outline: (a) 1, (1) 2, (A) 3, (i) 4 (`roman`: a lower-case
    numeral is read as roman, not as a letter).

    >>> [outline_level(m, r) for m, r in (("(b)", False), ("(2)", True), ("(C)", True), ("(ii)", True), ("(i)", False))]
    [1, 2, 3, 4, 1]
    """
    inner = marker.strip("()")
    if inner.isdigit():
        return 2
    if inner.isupper():
        return 3
    if roman and _ROMAN.fullmatch(marker):
        return 4
    return 1


def same_or_higher_level(nxt: str, marker: str) -> bool:
    """True when the marker `nxt` starts an item at `marker`'s level or above (so `marker`'s item ends)."""
    roman = outline_level(marker, True) >= 3  # below an (A) item, (i) is a roman numeral
    return outline_level(nxt, roman) <= outline_level(marker, True)


def cites(ref: RuleRef, text: str) -> bool:
    """Whether `text` cites the rule `ref` names (or one of its subdivisions): "FRAP 8" is cited by
    "Fed. R. App. P. 8(a)", not by "FRAP 80" nor by a civil Rule 8.

    >>> cites(RuleRef("other", "8", "FRAP 8", code="Fed. R. App. P."), "see Fed. R. App. P. 8(a)(1)")
    True
    >>> cites(RuleRef("other", "8", "FRAP 8", code="Fed. R. App. P."), "under FRAP 80 or Rule 8")
    False
    """
    def same(found: RuleRef) -> bool:
        if (found.kind, found.code) != (ref.kind, ref.code) or (ref.court and found.court and found.court != ref.court):
            return False
        return found.number == ref.number or found.number.startswith((ref.number + "(", ref.number + "-", ref.number + "."))

    return any(same(found) for found in rule_refs(text))


# A question set in another kind of proceeding: a bare "Rule 16" in it is that rule set's.
_CONTEXTS = (
    ("Fed. R. Crim. P.", re.compile(r"\b(?:federal\s+)?crim(?:inal|\.)?\s+(?:case|trial|matter|prosecution|"
                                    r"discovery)s?\b|\b(?:indictment|indicted|arraign\w*|prosecutors?|"
                                    r"grand\s+jury)\b", re.I)),
    ("Fed. R. Bankr. P.", re.compile(r"\bbankruptcy\s+(?:case|court|proceeding|petition|judge|trustee)s?\b|"
                                     r"\badversary\s+proceeding\b|\bchapter\s+(?:7|11|13)\b", re.I)),
)


_CIVIL_CONTEXT = re.compile(r"\bcivil\b|\bparallel\b|\bFRCP\b|\bFed\.?\s*R\.?\s*Civ", re.I)


# The question names the federal civil rules as such ("FRCP 26", "the federal rule 26"), not a state's rule 26.
_FEDERAL_CIVIL_SET = re.compile(r"\bFRCP\b|\bFed\.?\s*R\.?\s*Civ|\bfederal\s+rules?\s+(?:of\s+civil\s+procedure\s+)?\d",
                                re.I)


def names_civil_rules(text: str) -> bool:
    """The text names the federal civil rules as such: a bare "rule 26" beside a state court is that court's.

    >>> names_civil_rules("is delaware chancery rule 26 the same as FRCP 26?"), names_civil_rules("chancery rule 26")
    (True, False)
    """
    return bool(_FEDERAL_CIVIL_SET.search(text))


# A party's corporate form ("Inc.", "LLC", "N.A."): not part of its name ("Al Otro Lado, Inc." is Al Otro Lado).
CORPORATE_FORM = r"(?:inc|llc|l\.l\.c|corp|co|ltd|l\.p|lp|llp|n\.a|p\.c|s\.a)\.?"
_TRAILING_FORM = re.compile(r",?\s+" + CORPORATE_FORM + r"$", re.I)


def without_corporate_form(name: str) -> str:
    """`name` without a trailing corporate form.

    >>> without_corporate_form("al otro lado, inc."), without_corporate_form("Acme Co")
    ('al otro lado', 'Acme')
    """
    return _TRAILING_FORM.sub("", name.strip())


def context_rule_set(text: str) -> str:
    """The rule set a question's setting names ("in our crim case", "in the bankruptcy case"), or ""."""
    for code, rx in _CONTEXTS:
        if rx.search(text):
            return code
    return ""


STATE_NAMES = "|".join(sorted((re.escape(n.title()) for n in courts.STATES if n not in ("puerto rico", "columbia")),
                              key=len, reverse=True))  # the one table of states (indexers/courts.py)
# Not numbered rules but bodies of law the question is about.  Each is recognised only when the question
# is plainly about it ("filing fee", "superior court", "CCP 2030"), never from a word alone that the federal
# rules also use ("state court" after removal, "fees" of an expert or an attorney).
# a writ of mandamus sought in a district court (Rule 81(b) abolished it), not of a court of appeals
_DISTRICT_MANDAMUS = r"\bmandamus\b[^?]{0,40}\b(?:in|from|before|at)\s+(?:the\s+|a\s+)?district\s+(?:court|ct)\b"
# The time to oppose or reply to a motion: a court's local rules set it (C.D. Cal. L.R. 7-9, 7-10), the federal rules
# only the time for opposing affidavits (6(c)(2), 59(c)) and 3 days more after service by mail (6(d)).  A motion
# decided, a pleading answered, a hearing's notice are the rules' own.
_A_MOTION = (r"(?:(?:the|a|an|their|our|its|his|her|opposing\s+counsel'?s|OC'?s|defendants?'?|plaintiffs?'?|d'?s|p'?s)\s+)?"
           r"(?:(?!(?:complaint|pleading|answer|counterclaim|crossclaim|after|before|since|with|and)\b)[\w()'-]+\s+){0,4}?(?:motions?|MTDs?|MSJs?|12b6|mot\.)\b")
_OPPOSING = re.compile(
    # (a default judgment's notice is 55(b)(2)'s; facts unavailable to oppose summary judgment are 56(d)'s)
    r"^(?![^?]{0,300}(?:\baffidavits?\b|\bdeclarations?\b|\bmail\w*\b|\bextra\s+(?:\w+\s+)?days?\b|\b(?:3|three)\s+(?:extra\s+)?days\b|"
    r"\bnew\s+trial\b|\bobjection|\bdenied\b|\bgranted\b|\bruled\b|\b6\([cd]\)|\b59\b|\bdefault|\b56\(d\)|"
    r"\b(?:more|need|needs|needed|without|before)\s+(?:\w+\s+)?discovery\b|\bcan'?t\s+(?:yet\s+)?oppose|\bcannot\s+(?:yet\s+)?oppose|"
    r"\bfacts?\s+(?:we|they)\s+(?:need|don'?t\s+have)))[^?]{0,300}?(?:"
    r"\b(?:how\s+long|how\s+many\s+days|how\s+much\s+time|when|deadline|due\s+date|last\s+day|time\s+to|respond\s+by)\b[^?]{0,60}?"
    r"\b(?:(?:to\s+)?oppos(?:e|ing)|(?:to\s+)?(?:respond|reply)\s+to|(?:an?\s+|our\s+|the\s+)?(?:opposition|opp|reply|response)\s+"
    r"(?:brief\s+)?(?:to|for|on|against|in\s+support\s+of))\s+" + _A_MOTION +
    r"|\b(?:opposition|opp|reply|response)\s+(?:brief\s+|papers\s+)?(?:to|for|on|against|in\s+support\s+of)\s+" + _A_MOTION +
    r"[^?]{0,40}\b(?:due|deadline|when|how\s+long|how\s+many\s+days|timing)\b"
    r"|\b(?:response|opposition|opp|reply)\s+(?:deadline|due\s+date)\s+(?:for|on|to)\s+" + _A_MOTION +
    # the motion named in an earlier sentence: "they filed an MTD. how long do we have to oppose?"
    r"|\b(?:motions?|MTDs?|MSJs?|12b6)\b[^?]{0,120}?\b(?:how\s+long|when|deadline|due\s+date|time\s+to)\b[^?]{0,40}?"
    r"\b(?:to\s+)?(?:oppose|file\s+(?:an?\s+|our\s+)?(?:opposition|opp|reply))\b(?!\s+(?:the\s+)?(?:subpoena|request|designation))"
    r"|\b(?:motions?|MTDs?|MSJs?|12b6)\b[^?]{0,120}?\b(?:opposition|opp|reply)\s+(?:is\s+)?due\b)", re.I)
_BODIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # the time to appeal is the appellate rules' (Fed. R. App. P. 4), not the civil rules'
    ("Fed. R. App. P. 4 (time to appeal)", re.compile(
        # the civil rules' own parts in an appeal are theirs: a stay or injunction pending appeal (62), a fee
        # motion's effect on the time to appeal (58(e)), a class-certification appeal (23(f)), the clerk's notice
        # of entry (77(d)), a partial final judgment (54(b))
        r"^(?![^?]{0,300}(?:\bstay|\binjunction|\bsupersedeas|\bbond\b|\bfees?\b|\bcosts\b|\bclass\b|\bcertif|"
        r"\bpermission\s+to\s+appeal|\bnotice\s+(?:of\s+(?:the\s+)?entry|that\s+(?:the\s+)?judgment)|\bnever\s+(?:got|received|sent|gave)\b|"
        r"\b(?:lack\s+of|no|without)\s+notice\b(?!\s+of\s+appeal)|\bdid\s?n[o']?t\s+(?:get|receive)\s+notice\b|"
        r"\bclerk|\bfewer\s+than\s+all|\bpartial\s+(?:final\s+)?judgment|\b(?:23\(f\)|58\(e\)|77\(d\)|54\(b\)|62)|"
        # when a judgment is entered (58(c)), a separate document (58(a)): the civil rules' own
        r"\bseparate\s+(?:judgment|document|doc)|\bwhen\s+(?:is|was|does|did)\s+(?:the\s+|a\s+)?judgment\s+['\"‘“]?entered|"
        r"\b58\b))[^?]{0,300}?"
        r"\b(?:notice\s+of\s+appeal|time\s+to\s+appeal|deadline\s+to\s+appeal|appeal\s+deadline|"
        r"(?:how\s+long|how\s+many\s+days|when)\b[^?.]{0,60}\b(?:to\s+)?(?:file\s+(?:an?\s+|our\s+)?)?appeal)\b"
        r"(?![^?]{0,80}\bmagistrate)(?<!magistrate)", re.I)),
    # what one judge wants beyond the rules: the judge's own procedures
    ("the judge's own procedures (chambers copies, hearing days, standing orders)", re.compile(
        r"\b(?:chambers|courtesy|mandatory)\s+cop(?:y|ies)\b|\bhearing\s+days?\b|\bstanding\s+orders?\b|"
        r"\bchambers'?\s+(?:rules|procedures|requirements)\b|"
        r"\b(?:judge'?s?|chambers'?)\s+(?:preferences|individual\s+(?:rules|practices))\b", re.I)),
    # page and word limits are set by a court's local rules and its judges' procedures, never by the federal rules
    ("page and word limits (the court's local rules and judges' procedures)", re.compile(
        r"\b(?:page|word)[- ](?:limits?|limitations?|counts?|caps?)\b|\bhow\s+(?:many|long)\s+(?:pages|words)\b|"
        r"\b\d+[- ]page\s+(?:limit|max\w*)\b", re.I)),
    # a brief beyond the motion, its opposition and reply is for a court's local rules and its judges to allow
    ("surreplies (the court's local rules and judges' procedures)", re.compile(r"\bsur-?\s?repl(?:y|ies)\b", re.I)),
    ("the time to oppose or reply to a motion (the court's local rules and judges' procedures)", _OPPOSING),
    ("Fed. R. Crim. P. (criminal cases)", re.compile(
        r"\b(?:federal\s+)?crim(?:inal|\.)?\s+(?:case|trial|matter|prosecution)s?\b|\b(?:indictment|arraign\w*|grand\s+jury)\b|"
        # a criminal proceeding's own terms of art, which the civil rules never use
        r"\bindict(?:ed|s)?\b|\bprosecutors?\b|\bthe\s+prosecution\b|\bBrady\s+(?:material|violation|obligations?|disclosures?|request)s?\b|"
        r"\bBrady\b\s*[:,-]|\bGiglio\b|"
        r"\bMiranda\b|\bJencks\b|\bspeedy\s+trial\b|"
        r"\bsearch\s+warrants?\b|\bplea\s+(?:deal|agreement|bargain)s?\b|\bsentencing\b",
        re.I)),
    # perjury is a crime (18 U.S.C. §§ 1621, 1623): its punishment is no rule of civil procedure's
    ("the criminal law of perjury (18 U.S.C. §§ 1621, 1623)", re.compile(
        r"\b(?:penalt(?:y|ies)|punishment|sentence|prosecut\w*|charged?|jail|prison)\s+(?:\w+\s+){0,2}?for\s+perjury\b|"
        r"\bperjury\s+(?:charges?|prosecutions?|statute)\b", re.I)),
    # the law of evidence (what a jury may hear), not procedure: the terms of art the civil rules never use
    ("Fed. R. Evid. (the law of evidence)", re.compile(
        # (a deposition's use at trial is the civil rules' own, Rule 32(a); so is proving foreign law, 44.1)
        # (so are an objection that summary-judgment material would not be admissible, 56(c)(2), and whether a
        # harmless error in admitting evidence is ground for a new trial, 61)
        r"^(?![^?]{0,300}\b(?:depo|deposition|transcript|foreign|44\.1|discover\w*|RFAs?|admissions?|interrogator\w*)s?\b|"
        r"[^?]{0,300}\b(?:MSJ|SJ|summary\s+judgment)\b[^?]{0,200}\b(?:object\w*|inadmissib\w*|admissible\s+form)|"
        r"[^?]{0,300}(?:\bharmless\b|\b(?:did|does)\s?n[o'’]?t\s+(?:matter|affect|change)\b)[^?]{0,200}\bnew\s+trial\b|"
        r"[^?]{0,300}\b(?:german|french|mexican|chinese|japanese|"
        r"english|swiss|dutch|italian|spanish|korean|canadian|british|israeli|brazilian)\s+law\b)[^?]*?(?:"
        r"\bhearsay\b|\bbest\s+evidence\s+rule\b|\blay\s+(?:witness(?:es|'s)?\s+)?opinions?\b|\blay\s+witness(?:es)?\b[^?]{0,40}\bopinions?\b|\bcharacter\s+evidence\b|"
        r"\bprior\s+bad\s+acts?\b|\bsubsequent\s+remedial\s+measures?\b|\bexcited\s+utterances?\b|\bDaubert\b|"
        r"\b(?:settlement|compromise|mediation)\b[^?]{0,60}\badmissib|\badmissib\w*\b[^?]{0,60}\b(?:settlement|compromise|mediation)\b|"
        r"\b(?:is|are|was|were|be)\s+(?:\S+\s+){0,8}?admissible\s+(?:to|for)\s+(?:prove|impeach|show|establish)\b|"
        r"\bimpeach\w*\s+(?:\w+\s+){0,3}with\s+(?:\w+\s+){0,3}convictions?\b|\b(?:post-?accident|post-?incident)\s+(?:repairs?|changes?|fix\w*)\b|"
        r"\bjudicial(?:ly)?\s+noti(?:ce|ced)\b|\bnot\s+subject\s+to\s+reasonable\s+dispute\b|"
        # the evidence rules by their numbers (the civil rules end at 86): "under 803(6)", "a 403 objection"
        r"\b(?:under|per|rule|FRE|a|an)\s+(?:40[1-9]|41[0-5]|50[1-2]|60[1-9]|61[0-5]|70[1-6]|80[1-7]|90[1-3]|100[1-8])(?:\([a-z0-9]+\))*(?!\s*(?:days?|pages?|miles?|hours?|\$|dollars?))\b|"
        r"\bbusiness[- ]records?\s+(?:exception|hearsay|foundation)\b|\bauthenticat\w*\s+(?:\w+\s+){0,3}(?:at|for)\s+trial\b)",
        re.I)),
    # federal jurisdiction and venue statutes asked about by their subject
    ("removal and remand (28 U.S.C. §§ 1441-1447)", re.compile(
        r"\b(?:deadline|time|window)\s+(?:to|for)\s+remov(?:e|al|ing)\b|\bremove\b[^?]{0,60}\b(?:after|within|past)\s+\d+\s+days\b|"
        r"\b(?:how\s+long|how\s+many\s+days|how\s+much\s+time|last\s+day|too\s+late)\b[^?]{0,40}\bto\s+remove\b|"
        r"\bremov(?:e|al)\b[^?]{0,40}\b(?:late|untimely|timely)\b|"
        # a "remand" is removal's, unless it is a court of appeals' ("on remand", "in case of a remand", "remand
        # from the 9th circuit")
        r"(?<!\bon\s)(?<!\bof\sa\s)\bremand\b(?![^?]{0,40}\b(?:from|by)\s+(?:the\s+)?(?:\d+(?:st|nd|rd|th)|ninth|"
        r"court\s+of\s+appeals|circuit|cir)\b)|"
        r"\bremov(?:e|al|ing)\b(?!\s+(?:the\s+|a\s+|any\s+|its\s+)?(?:confidential\w*|designat\w*|labels?|markings?|legends?|stamps?))"
        r"[^?]{0,60}\b(?:more\s+than\s+(?:a|one)\s+year|consent|unanim\w*|bad\s+faith|forum\s+defendant|snap)\b|"
        r"\b(?:consent\w*|unanim\w*)\b[^?]{0,30}\b(?:to|in|of)\s+(?:the\s+)?remov(?:al|e)\b", re.I)),
    ("diversity jurisdiction (28 U.S.C. § 1332)", re.compile(
        # (its lack raised late, or found by the court, is the rules' own: 12(h)(3) dismisses "at any time")
        r"^(?![^?]{0,300}\b(?:disclos\w*|citizenship|7\.1|members?|too\s+late|at\s+any\s+time|waiv\w*|rais\w*|"
        r"forfeit\w*|12\(h\)(?:\(3\))?)(?![\w(]))[^?]{0,300}?(?:\bamount\s+in\s+controversy\b|"
        r"\bcomplete\s+diversity\b|\bdiversity\s+jurisdiction\b)",
        re.I)),
    ("transfer of venue (28 U.S.C. §§ 1404, 1406)", re.compile(
        r"\b(?:§+\s*|section\s+|sec\.\s*)140[46]\b|\b140[46]\s*\([ab]\)|\b140[46]\s+(?:motion|transfer)|\btransfer(?:ring)?\s+(?:of\s+)?venue\b|\bvenue\s+transfer\b|\bforum\s+non\s+conveniens\b",
        re.I)),
    # (a judgment's error, interest among them, is corrected under the civil rules: 59(e), 60(a))
    ("interest on judgments (28 U.S.C. § 1961)", re.compile(
        r"^(?![^?]{0,300}(?:\balter\s+(?:or|/)\s*amend|\bamend\s+the\s+judgment|\bcorrect\w*\s+(?:the\s+)?(?:judgment|error|mistake)|"
        r"\bclerical|\bmiscalculat\w*|\b59\(e\)|\b60\([ab]\)|\bbond\w*|\bsupersedeas|\bcosts?\b|\btax\w*))[^?]{0,300}?"
        r"(?:\bpost-?\s?judgment\s+interest\b|\bprejudgment\s+interest\b|\binterest\s+(?:rate\s+)?(?:on|accru\w*\s+on)\s+"
        r"(?:an?\s+|the\s+|our\s+)?(?:(?:federal|money|civil)\s+){0,2}judgments?\b|\bjudgment\s+interest\s+rate\b)", re.I)),
    ("the Federal Arbitration Act", re.compile(r"\bcompel(?:ling)?\s+arbitration\b|\bmanifest\s+disregard\b|"
                                                r"\bvacat\w*\s+(?:an?\s+|the\s+)?arbitra\w*\s+awards?\b|\barbitration\s+(?:clause|agreement|provision)s?\b|"
                                                # an arbitration as the forum, its hearing and its panel (not the
                                                # defence of "arbitration and award", 8(c)(1))
                                                r"^(?![^?]{0,300}\b(?:stay\w*|dismiss\w*|serv\w*|depos\w*|4\(m\)|summary|SJ|MSJ)(?![\w(]))"
                                                r"[^?]{0,300}?(?:\bin\s+(?:an?\s+|the\s+|our\s+)?arbitration\b(?!\s+and\s+award)|"
                                                r"\barbitration\s+(?:hearing|proceeding|panel|rules|forum)s?\b)", re.I)),
    # lawyers' ethics: a state's rules of professional conduct, not the rules of procedure
    ("the rules of professional conduct (lawyers' ethics)", re.compile(
        r"\brules?\s+of\s+professional\s+(?:conduct|responsibility)\b|\bethics\b|\bno[- ]contact\s+rule\b|\bduty\s+of\s+candor\b|"
        r"\badverse\s+(?:controlling\s+)?(?:legal\s+)?authority\b|"
        # a complaint to the bar about a lawyer (not a State Bar number in a caption)
        r"\b(?:complaint|grievance|report)\w*\s+(?:\w+\s+){0,4}?(?:to|with)\s+the\s+state\s+bar\b(?!\s+(?:number|no\b|#))|"
        r"\bgrievance\s+(?:\w+\s+){0,3}?(?:to|with)\s+the\s+bar\b|\bbar\s+(?:grievance|discipline|disciplinary)\w*\b|"
        r"\bcontact\w*\b[^?]{0,60}\bwithout\s+(?:going\s+through|telling|notifying|asking|involving)\s+(?:their\s+|its\s+|his\s+|her\s+|the\s+|"
        r"opposing\s+|defense\s+)?(?:counsel|lawyers?|attorneys?|OC)\b|"
        r"\b(?:contact|email|e-mail|call|phone|text|talk\s+to|speak\s+(?:to|with)|reach\s+out\s+to)\s+(?:\w+\s+){0,4}?"
        r"(?:represented\s+(?:party|parties|person|defendant|plaintiff)|(?:the\s+)?other\s+side'?s\s+client|opposing\s+part(?:y|ies))"
        r"(?:\s+\w+){0,3}\s+directly\b", re.I)),
    # whether a communication is privileged at all is the law of privilege (Fed. R. Evid. 501, a state's evidence
    # code), not procedure: the rules say only how a privilege is claimed, logged or clawed back, and the one
    # privilege an indexed order decides is the law enforcement privilege
    ("the law of attorney-client privilege (Fed. R. Evid. 501 and state law)", re.compile(
        r"^(?![^?]{0,300}\b(?:law\s+enforcement|LE\s+priv|official\s+information|deliberative|log|claw|produc|inadvertent|expert|"
        r"work[- ]product|draft|waiv|withh[eo]ld|sequester|subpoena|assert|designat|seal|accident|mistake|sent)\w*)(?:"
        r"[^?]{0,300}?(?:\bcrime[- ]fraud\b|\bprimary[- ]purpose\s+test\b|\bUpjohn\b|\bcommon[- ]interest\s+(?:doctrine|privilege|"
        r"exception)\b|\bprotected\s+by\s+(?:the\s+)?attorney[- ]client\b|\blegal\s+and\s+business\s+advice\b|"
        r"\bbusiness\s+and\s+legal\s+advice\b|"
        r"\b(?:does|do|would|will|can)\s+(?:the\s+)?(?:attorney[- ]client\s+)?privilege\s+(?:cover|protect|apply\s+to|extend\s+to|reach)\b)|"
        r"(?=[^?]{0,300}\b(?:attorney|lawyer|counsel|GC|in-house|legal\s+advice|law\s+firm)s?\b)"
        r"[^?]{0,300}\b(?:is|are|was|were)\s+(?:[\w'’-]+\s+){1,6}?(?:privileged|covered\s+by\s+(?:the\s+)?(?:attorney[- ]client\s+)?"
        r"privilege)\b)", re.I)),
    # the other privileges a court may recognise (Fed. R. Evid. 501): governmental ones beside the law enforcement
    # privilege an indexed order decides, and the evidentiary ones between persons
    ("the law of other privileges (Fed. R. Evid. 501: deliberative process, state secrets, and others)", re.compile(
        r"\bdeliberative[- ]process\b|\bpre-?decisional\b|\bstate[- ]secrets?\b|\bexecutive\s+privilege\b|"
        r"\b(?:reporter|journalist|spous\w*|marital|physician|doctor|psychotherapist|therapist|clergy|priest|"
        r"self-?critical(?:[- ]analysis)?|peer[- ]review|accountant|mediation)(?:'s|s'|s)?(?:[- ](?:client|patient|penitent))?"
        r"[- ]privilege\b|\bReynolds\s+privilege\b", re.I)),
    # sealing a dispositive motion's records takes "compelling reasons" (Kamakana, Ctr. for Auto Safety); the one
    # sealing standard an indexed order states is good cause for non-dispositive motions
    ("the compelling-reasons standard for sealing dispositive motions' records (Ninth Circuit case law)", re.compile(
        # (a discovery motion's, a non-dispositive motion's records take good cause: Al Otro Lado says so)
        r"^(?![^?]{0,300}\b(?:non-?\s?dispositive|discovery|privilege)\b)(?:[^?]{0,300}?\bcompelling[- ]reasons?\b|"
        r"(?=[^?]{0,300}\bseal\w*)[^?]{0,300}?(?:(?<!non-)(?<!non)\bdispositive\s+motions?\b|"
        r"\b(?:summary\s+judgment|MSJ|SJ)\s+(?:motion\s+)?(?:exhibits?|records?|briefs?|papers?|filings?)\b|"
        r"\b(?:exhibits?|records?|briefs?|papers?|filings?|documents?)\s+(?:\w+\s+){0,4}?(?:to|for|with|in|supporting)\s+"
        r"(?:\w+\s+){0,2}?(?:summary\s+judgment|MSJ|SJ)\b))", re.I)),
    # a witness's Fifth Amendment privilege is constitutional law, not procedure
    ("the privilege against self-incrimination (Fifth Amendment)", re.compile(
        r"\b(?:takes?|took|taking|plead\w*|invok\w*|assert\w*)\s+the\s+fifth\b|\bfifth\s+amendment\b|\bself-?incriminat\w*", re.I)),
    # whether an order can be appealed before final judgment is the appellate courts' jurisdiction (28 U.S.C.
    # §§ 1291, 1292, the collateral-order doctrine): the civil rules' own are a class-certification appeal (23(f)),
    # a partial final judgment (54(b)) and an injunction pending appeal (62)
    ("appellate jurisdiction before final judgment (28 U.S.C. §§ 1291, 1292)", re.compile(
        # (and so are a judgment on some of several claims, "2 of our 5 claims", "the rest of the case", 54(b); a jury
        # instruction not objected to, 51(d)(2); and mandamus in a district court, which 81(b) abolished)
        r"^(?![^?]{0,300}(?:\bclass\b|\bcertif|\b23\(f\)|\b54\(b\)|\bfewer\s+than\s+all|\bpartial\s+(?:final\s+)?judgment|\binjunction|"
        r"\bstay\b|\b(?:claims?|part(?:y|ies))\b[^?]{0,200}\bjudgment\b|\bjudgment\b[^?]{0,200}\b(?:claims?|part(?:y|ies))\b|"
        r"\b(?:some|one|two|three|four|\d+)\s+of\s+(?:(?:our|the|their|its|his|her)\s+)?(?:\d+\s+)?(?:claims|counts)\b|"
        r"\b(?:rest|remainder)\s+of\s+the\s+(?:case|claims|action)\b|\bremaining\s+claims\b|\bjury\s+instructions?\b|"
        r"\bobject\w*\b[^?]{0,60}\binstructions?\b|\binstructions?\b[^?]{0,60}\bobject|"
        + _DISTRICT_MANDAMUS + r"|\b81\(b\)))"
        r"[^?]{0,300}?(?:\binterlocutory\s+appeal\w*|\bcollateral[- ]order\b|\b(?:immediately|right\s+away)\s+appeal|"
        r"(?<!\bon\s)\bappeal\s+(?:it\s+|that\s+|this\s+)?(?:immediately|now|right\s+away|before\s+(?:final\s+)?judgment)|"
        # ... an order named between ("appeal the denial of our MSJ right away")
        # (not a magistrate judge's order taken to the district judge, 72(a), nor a notice of appeal's time)
        r"(?<!\bon\s)(?<!\bof\s)\bappeal\s+(?:the|this|that|an?|our|their|its|his|her)\s+"
        r"(?:(?!(?:magistrate|MJ|DJ|district|R&R)\b)[\w'’&-]+\s+){0,6}?"
        r"(?:immediately|right\s+away|before\s+(?:final\s+)?judgment)\b|"
        r"\bwrit\s+of\s+mandamus\b)|\b(?:§+\s*)?129[12]\s*\([ab]\)|"
        # mandamus is the courts of appeals', except a writ sought in a district court, which Rule 81(b) abolished
        r"^(?![^?]{0,300}" + _DISTRICT_MANDAMUS + r"|[^?]{0,300}\b81\(b\))"
        r"[^?]{0,300}?\bmandamus\b", re.I)),
    # how a court of appeals reviews a district court's ruling is the circuit's case law, not the civil rules
    # (the district judge's review of a magistrate judge or a master is the rules' own: 72, 53(f))
    ("appellate standards of review (circuit case law)", re.compile(
        # (a bench trial's findings of fact "must not be set aside unless clearly erroneous" is Rule 52(a)(6)'s own)
        r"^(?![^?]{0,300}\b(?:magistrate|master|MJ|R&R|bench\s+trial|find(?:ing)?s\s+of\s+fact|fact[- ]?findings?|"
        r"R\.?\s*52|Rule\s+52|52\(a\))(?![\w(]))[^?]{0,300}?(?:\b(?:9th|ninth|\d+(?:st|nd|rd|th)|fed(?:eral)?)\s+cir(?:cuit|\.)?\b"
        r"[^?]{0,80}\bstandards?\s+of\s+review\b|\bstandards?\s+of\s+review\b[^?]{0,80}\b(?:on\s+appeal|appellate|court\s+of\s+appeals|"
        r"(?:9th|ninth)\s+cir)|\breviewed?\s+(?:de\s+novo|for\s+(?:an\s+)?abuse\s+of\s+discretion)\s+on\s+appeal\b)", re.I)),
    # the standard for preliminary relief is the courts' (Winter, Nken), not Rule 65's words
    ("the case law on preliminary relief (likelihood of success, sliding scale)", re.compile(
        r"\blikelihood\s+of\s+success\b|\bserious\s+questions\s+(?:going\s+to\s+the\s+merits|test|standard)\b|\bsliding[- ]scale\b|"
        r"\bWinter\s+(?:factors|test|standard)\b|\bNken\b|\bstay\s+pending\s+appeal\s+(?:factors|test|standard)\b|"
        r"\bfactors\s+for\s+(?:a\s+)?stay\s+pending\s+appeal\b|"
        # what it takes to win a preliminary injunction (Rule 65(a) says only how one is sought: notice, a hearing)
        # (not its bond, hearing, motion or order: 65(a), (c), (d))
        r"\b(?:standard|test|factors|elements|showing)\s+(?:for|to\s+(?:get|obtain|win)|of)\s+(?:a\s+|the\s+)?"
        r"(?:preliminary\s+injunctions?|PIs?(?!\s+(?:case|claim|plaintiff|lawyer|attorney|action)s?\b))"
        r"(?!\s+(?:bond|hearing|motion|order|security)s?\b)|"
        r"\b(?:preliminary\s+injunction|PI)\s+(?:standard|test|factors)\b", re.I)),
    # what damages the law allows is the substantive law's (a state's or a statute's), not procedure's; the rules
    # speak only of disclosing a computation of damages and of demanding them (26(a)(1)(A)(iii), 8(a)(3), 54(c))
    ("the substantive law of damages (state law and statutes)", re.compile(
        # (asked whether they can be had: not how they are pleaded, struck, tried, disclosed or discovered)
        r"^(?![^?]{0,300}\b(?:disclos\w*|discover\w*|produc\w*|interrogator\w*|rogs|RFPs?|computation|net\s+worth|"
        r"demand\w*|plead\w*|default|depos\w*|strike|struck|dismiss\w*|12\(b\)|bifurcat\w*|jury|alleg\w*|complaint)\b)"
        r"(?=[^?]{0,300}\b(?:get|recover\w*|award\w*|availab\w*|allow\w*|entitl\w*|cap|capped|limit\w*)\b)"
        r"[^?]{0,300}?\b(?:punitive|treble|exemplary|emotional[- ]distress)\s+damages\b", re.I)),
    # what a claim or defence is made of (its elements) is the substantive law, not procedure: the rules say only how
    # it is pleaded (8(a), 9(b)) and decided
    ("the substantive law of claims and defenses (their elements)", re.compile(
        r"^(?![^?]{0,300}\b(?:plead\w*|pled|particular\w*|alleg\w*|complaint|12\(b\)|MTD|dismiss\w*|9\(b\)|8\(a\)|jury|"
        r"instruct\w*|verdict|summary\s+judgment|MSJ|SJ|partial|privilege|interrogator\w*|rogs?|admi(?:t|ssion)\w*|RFAs?|"
        r"discover\w*|experts?|testif\w*|burden|prove|relief|spoliat\w*|reopen\w*|vacat\w*|amend\w*|bifurcat\w*|"
        r"stipulat\w*|default|den(?:y|ial|ied)|answer\w*)(?![\w(]))[^?]{0,300}?"
        r"\belements\s+of\s+(?:an?\s+|the\s+)?(?:(?:[\w'-]+\s+){0,5}?(?:claims?|causes?\s+of\s+action|torts?|"
        r"(?:affirmative\s+)?defen[cs]es?)\b|"
        # ... or a claim named by what it is (the common torts and contract claims), asked only as what it is made of:
        # the question ends there or names the law it is under ("... under CA law"), not a rule's use of the words
        # ("the elements of fraud or misconduct to reopen a judgment": 60(b)(3))
        r"(?:common[- ]law\s+)?(?:tortious\s+interference|negligence|fraud|defamation|libel|slander|conversion|"
        r"unjust\s+enrichment|promissory\s+estoppel|(?:negligent\s+)?misrepresentation|malicious\s+prosecution|"
        r"trespass|nuisance|battery|assault|breach\s+of\s+(?:contract|fiduciary\s+duty|warranty)|IIED|"
        r"intentional\s+infliction\s+of\s+emotional\s+distress|misappropriation|civil\s+conspiracy|quantum\s+meruit)"
        r"(?:\s+(?:with|of)\s+(?:an?\s+|the\s+)?[\w'-]+(?:\s+[\w'-]+)?)?"
        r"(?:\s+(?:claims?|causes?\s+of\s+action))?\s*(?:[?.!]*\s*$|[-—–,]?\s*(?:under|in|per)\s+(?:the\s+)?"
        r"(?:[\w.'-]+\s+){0,2}?(?:state\s+)?law\b))", re.I)),
    # an employment claim's administrative steps are its statutes' (Title VII, the ADEA, the ADA)
    ("federal employment statutes (Title VII, ADEA, ADA)", re.compile(
        r"\bEEOC\b|\bright[- ]to[- ]sue\s+letter\b|\bexhaust\w*\s+(?:\w+\s+)?administrative\s+remed\w*|\bDFEH\b|\bCRD\s+complaint\b", re.I)),
    # a state's special motion against suits that chill speech is its own statute's (Cal. Code Civ. Proc. § 425.16)
    ("state law (anti-SLAPP statutes)", re.compile(r"\banti-?\s?SLAPP\b", re.I)),
    # deposing a party's lawyer is limited by case law (Shelton v. American Motors Corp., 8th Cir. 1986), not by a
    # rule (30(a)(1) lets a party depose "any person"); who may be the deposition's officer is 28(c)'s
    ("the case law on deposing opposing counsel (Shelton v. American Motors Corp.)", re.compile(
        r"^(?![^?]{0,300}\b(?:officers?|reporters?|stenograph\w*|notar\w*|videographer|before\s+whom)\b)[^?]{0,300}?"
        r"\bdepos(?:e|ing|ition\s+of)\s+(?:(?:the\s+)?(?:opposing|other\s+side'?s|their|a\s+party'?s|the\s+party'?s|"
        r"(?:plaintiffs?|defendants?|P|D)'s?|OC'?s|our|its|his|her)\s+)?(?:(?:trial|litigation|lead|outside|in-?house|defense|"
        r"plaintiffs?'?|defendants?'?)\s+)?"
        r"(?:counsel|attorneys?|lawyers?)\b(?!['’])|\bdepos(?:e|ing|ition\s+of)\s+OC\b(?!['’])|"
        r"\b(?:take|notice|subpoena)\w*\s+(?:the\s+)?(?:OC|opposing\s+counsel)(?:'s)?\s+(?:for\s+(?:a\s+|the\s+)?)?(?:depo|deposition)\b|"
        r"\bsubpoena\w*\s+(?:the\s+)?(?:OC|opposing\s+counsel)\b(?!['’])[^?]{0,30}\bdepo", re.I)),
    # a court's admission of out-of-state counsel is its local rules', never the federal rules'
    ("the court's local rules on attorney admission (pro hac vice)", re.compile(r"\bpro\s+hac\s+vice\b|\bPHV\b", re.I)),
    # who may appear for a party at all is a statute's and the case law's (28 U.S.C. § 1654; an entity appears through
    # counsel): the rules say only who signs (11(a)) and who testifies for an entity (30(b)(6))
    ("who may appear for a party in court (28 U.S.C. § 1654 and case law)", re.compile(
        r"^(?![^?]{0,300}\b(?:depo\w*|deposition|30\(b\)\(6\)|designee|witness|testif\w*|sign\w*|class|default\w*)\b)[^?]{0,300}?(?:"
        r"\b(?:owner|CEO|president|founder|officer|member|manager)s?\b[^?]{0,60}\b(?:file|argue|appear|represent|defend)\w*\b[^?]{0,40}"
        r"\bfor\s+(?:the\s+|our\s+|its\s+|his\s+|her\s+|their\s+)?(?:company|corporation|LLC|entity|business|partnership)\b|"
        r"\b(?:corporations?|corp|LLCs?|compan(?:y|ies)|entit(?:y|ies)|business(?:es)?|partnerships?|trusts?|associations?)\b"
        r"[^?]{0,60}\b(?:appear|represent|litigat|proceed|defend|sue|file)\w*\b[^?]{0,40}?(?:\bwithout\s+(?:an?\s+)?(?:licensed\s+)?"
        r"(?:lawyer|counsel|attorney)s?\b|\bpro\s+se\b|\bthrough\s+(?:its|their|an?|the)\s+(?:owner|CEO|president|officers?|"
        r"employees?|members?|non-?lawyers?|founder)s?\b)|"
        r"\b(?:corporations?|LLCs?|compan(?:y|ies)|entit(?:y|ies))\s+(?:\w+\s+){0,3}?pro\s+se\b|"
        r"\b(?:non-?lawyers?|non-?attorneys?|paralegals?)\s+(?:\w+\s+){0,3}?(?:appear|represent|argue)\w*\b|"
        r"\brepresent\s+(?:itself|himself|herself|themselves)\b)", re.I)),
    # a court of appeals' own rules
    ("Fed. R. App. P. (appeals and circuit rules)", re.compile(
        r"\bexcerpts?\s+of\s+record\b|\bcircuit\s+rules?\s+\d|\b(?:9th|ninth|\d+(?:st|nd|rd|th))\s+cir(?:cuit|\.)?\s+(?:rules?|requires?)\b|"
        r"\bopening\s+brief\s+on\s+appeal\b|\bFRAP\b(?!\s*\d)", re.I)),
    ("Fed. R. Bankr. P. (bankruptcy cases)", re.compile(
        r"\bch(?:apter|\.)?\s*(?:7|11|13)\b(?!\s*(?:of|days?))|\b(?:§\s*)?362(?:\(a\))?\s+(?:automatic\s+)?stay\b|\b(?:rule\s+)?2004\s+exam\w*|"
        r"^\s*bankruptcy\s*[:,-]|\bbankruptcy\s+(?:case|court|petition|judge|trustee)s?\b|"
        r"\b(?:in|filed(?:\s+for)?|files(?:\s+for)?|declared?)\s+bankruptcy\b|\bdischargeab\w*|\bdischarg\w*\s+(?:of\s+)?(?:a\s+|the\s+|their\s+)?debts?\b|"
        r"\bproof\s+of\s+claim\b|\bpreferential\s+transfers?\b|\bnon-?debtors?\b|\bbankruptcy\s+(?:automatic\s+)?stay\b|"
        r"\bautomatic\s+stay\b[^?]{0,200}\bbankruptcy\b|\bbankruptcy\b[^?]{0,200}\bautomatic\s+stay\b", re.I)),
    # an ex parte application (notice, opposition) is a court's local-rule device (C.D. Cal. L.R. 7-19), not a
    # federal rule's (a temporary restraining order without notice is Rule 65(b)'s own)
    ("the court's local rules on ex parte applications", re.compile(
        r"^(?![^?]{0,300}\b(?:TRO|temporary\s+restraining|65\(b\))\b)[^?]{0,300}?\bex\s+parte\s+app(?:lication|lications|s)?\b",
        re.I)),
    # what a reasonable fee is (the lodestar, hourly rates) is fee case law; Rule 54(d)(2) is only how fees are asked for
    ("attorney's fee case law (lodestar, reasonable rates)", re.compile(
        r"\blodestar\b|\breasonable\s+hourly\s+rates?\b|\bprevailing\s+market\s+rates?\b", re.I)),
    # prices: a reporter's per-page rate, a vendor's hosting charge
    ("prices and market rates (court reporters, vendors)", re.compile(
        r"\bper[- ](?:page|GB|gigabyte)\s+(?:rates?|charges?|fees?|costs?|prices?)\b|\b(?:rates?|charges?|fees?|costs?)\s+per\s+(?:page|GB|gigabyte)\b|"
        r"\bhosting\s+(?:rates?|fees?|costs?|charges?)\b|\b(?:vendor|reporter)'?s?\s+(?:rates?|pricing|prices?)\b", re.I)),
    # a firm's own practice: who books what, its vendors, its billing (asked within the firm, never of the rules)
    ("the firm's own practices, vendors and billing", re.compile(
        r"\bfirm'?s\s+(?:own\s+)?(?:polic(?:y|ies)|preferred|vendors?|templates?|billing)\b|"
        r"\bpreferred\s+(?:vendor|reporter|provider|court\s+reporter)s?\b|"
        r"\bwho\s+(?:here|at\s+the\s+firm|in\s+the\s+firm)\s+(?:books|handles|schedules|does|manages|orders)\b|"
        r"\blit(?:igation)?\s+support\b|\bRelativity\s+(?:access|license|login|seat|workspace)s?\b|"
        r"\b(?:our|the\s+firm'?s)\s+(?:docketing|billing|IT|records|calendaring|conflicts|marketing|HR)\s+(?:department|team|group|people|"
        r"folks|staff)\b|\bfirm'?s\s+IT\b|\bconflicts?\s+check\b|"
        r"\b(?:bill|charge|invoice)\s+(?:the\s+|our\s+|a\s+)?clients?\b", re.I)),
    ("the court's CM/ECF filing procedures", re.compile(r"\bCM\s*/\s*ECF\b|\bECF\s+event\b|\be-?filing\s+event\b", re.I)),
    ("court filing fees", re.compile(
        r"\b(?:filing|docketing|appeal|pro hac vice|PHV|court)\s+fees?\b|"
        r"(?<!attorney's )(?<!attorneys' )(?<!attorney )(?<!expert's )(?<!expert )\bfees?\s+(?:to|for)\s+(?:file|filing|appeal|"
        r"docket)(?!\s+(?:a|the|an|our|their)\s+motion)|\bhow\s+much\b[^?]{0,40}\b(?:cost|pay|charge)\b[^?]{0,30}\b(?:file|filing|appeal|docket)", re.I)),
    ("{state} state court procedure", re.compile(
        rf"\b(?P<state>{STATE_NAMES})\s+(?:state\s+court|superior\s+court|supreme\s+court|court\s+of\s+appeals?|"
        r"courts?\s+of\s+appeal|rules\s+of\s+court|state\s+rules?|civil\s+procedure|evidence\s+code)", re.I)),
    ("New York state court procedure (CPLR)", re.compile(r"\bN\.?\s?Y\.?\s*C\.?P\.?L\.?R\.?|\bCPLR\b", re.I)),
    ("state court procedure", re.compile(
        # (an earlier dismissal in state court counts toward the civil rules' two-dismissal rule, 41(a)(1)(B))
        r"^(?![^?]{0,300}\b(?:dismiss|drop)\w*\b[^?]{0,200}\b(?:again|twice|second|previously|once|before|already)\b|"
        r"[^?]{0,300}\b(?:again|twice|second|previously|once|before|already)\b[^?]{0,200}\b(?:dismiss|drop))[^?]{0,300}?(?:"
        r"\b(?:superior|chancery|county|municipal)\s+court\b|\bin\s+state\s+court\b|"
                                         r"\bcourt\s+of\s+chancery\b|\bchancery\s+(?:court\s+)?rules?\b)", re.I)),
    # the Supreme Court's own rules (a petition for certiorari), not the district courts'
    ("U.S. Supreme Court rules (certiorari)", re.compile(
        r"\bpetition\s+for\s+(?:a\s+)?(?:writ\s+of\s+)?cert(?:iorari)?\b|\bcert(?:iorari)?\s+petitions?\b|"
        r"\bSup\.\s?Ct\.\s?R\.|\bSupreme\s+Court\s+Rules?\b", re.I)),
    # a federal statute by name: the corpus holds rules of procedure and orders, not the statutes they apply
    ("federal statutes ({statute})", re.compile(
        r"\b(?P<statute>Title\s+VII|Lanham\s+Act|Fair\s+Labor\s+Standards\s+Act|Sherman\s+Act|Clayton\s+Act|"
        r"Americans\s+with\s+Disabilities\s+Act|Family\s+and\s+Medical\s+Leave\s+Act|Copyright\s+Act|Patent\s+Act|"
        r"Securities\s+Exchange\s+Act|Class\s+Action\s+Fairness\s+Act|Federal\s+Arbitration\s+Act|"
        r"Federal\s+Tort\s+Claims\s+Act|Civil\s+Rights\s+Act|(?:Section|§)\s?(?:1981|1983|1985|1988)|(?:1983|1988)(?=\s+(?:fees?|claims?|suits?|actions?|cases?|plaintiffs?)\b)|"
        # abbreviations only in capitals ("rico" may be a name)
        r"Private\s+Securities\s+Litigation\s+Reform\s+Act|Computer\s+Fraud\s+and\s+Abuse\s+Act|Stored\s+Communications\s+Act|"
        r"Defend\s+Trade\s+Secrets\s+Act|Telephone\s+Consumer\s+Protection\s+Act|"
        r"(?-i:ERISA|FLSA|RICO|FMLA|ADEA|FDCPA|FCRA|TCPA|CAFA|FTCA|PSLRA|SLUSA|CFAA|DMCA|ECPA|DTSA))\b", re.I)),
)
# The kind of corpus document that would answer a body above, when there is one (`Body.doc_type`): a court's local
# rules set page limits, surreplies and the time to oppose a motion; a judge's own procedures the rest of chambers
# practice.  Said here, not read from the labels' words.
_BODY_SOURCES: dict[str, str] = {
    "the judge's own procedures (chambers copies, hearing days, standing orders)": "judge_procedures",
    "page and word limits (the court's local rules and judges' procedures)": "local_rules",
    "surreplies (the court's local rules and judges' procedures)": "local_rules",
    "the time to oppose or reply to a motion (the court's local rules and judges' procedures)": "local_rules",
}
# A federal statute by citation ("28 U.S.C. § 1927", "28 usc 1332"): the corpus does not hold the U.S. Code.
_STATUTE = re.compile(r"\b(?P<title>\d{1,2})\s*U\.?\s?S\.?\s?C\.?\s*(?:A\.?\s*)?(?:§+|sec(?:tion|\.)?)?\s*"
                      r"(?P<sec>\d{1,5}[a-z]?(?:\([a-z0-9]{1,4}\))*)", re.I)
_STATE_CODE = re.compile(
    r"\b(?:(?P<cal>Cal(?:ifornia)?\.?\s*)?(?:Code\s+(?:of\s+)?Civ(?:il)?\.?\s*Proc(?:edure)?\.?|C\.?C\.?P\.?|"
    r"Civ\.\s*Proc\.\s*Code)(?:\s*(?:§+|section|sec\.)\s*|\s+)(?P<num>\d{2,4}(?:\.\d+)*(?:\([a-z0-9]\))*)"
    r"|\b(?:Cal(?:ifornia)?\.?\s*)?Evid(?:ence)?\.?\s*Code(?:\s*(?:§+|section)\s*|\s+)(?P<evnum>\d{2,4}(?:\.\d+)*))", re.I)


# The question asks for a number: how long, how many, when, a deadline or a limit.
ASKS_NUMBER = re.compile(r"\bhow\s+(?:long|many|much|soon|far)\b|\bdeadline\b|\bwhen\s+(?:is|are|must|do|does)\b|"
                         r"\bhow\s+(?:\w+\s+)?days\b|\blimit\b", re.I)
# ... and, narrower, a figure only a practice's own text gives (how long or how many, a deadline, a page, word or
# time limit, when something is due): what an order's mention of its court's rules does not answer ("to limit who
# sees it" asks none; bot.answering.engine)
ASKS_A_FIGURE = re.compile(r"\bhow\s+(?:long|many|much|soon)\b|\bdeadlines?\b|\bhow\s+(?:\w+\s+)?days\b|"
                           r"\b(?:page|word|time|length)\s+limits?\b|\bwhen\s+(?:is|are)\b[^?]{0,40}\bdue\b", re.I)


# A district's own practice (its local rules, standing orders, letter briefs, judges' procedures): the question
# names the court ("nd cal discovery letter brief", "SDNY local rule").  Federal rules apply in every district, so
# a court named alone ("in N.D. Cal., how many interrogatories") is not another body of law.
_LOCAL_PRACTICE = re.compile(r"\blocal\s+(?:civil\s+)?rules?\b|\bL\.?\s?R\.?\s*\d|\bstanding\s+orders?\b|"
                             r"\bletter\s+briefs?\b|\bpre-?motion\s+(?:conference|letter)s?\b|\bindividual\s+(?:practices|rules)\b|"
                             r"\bjudges?'?\s+procedures\b|\bchambers\b", re.I)
_COURT_ABBREV = re.compile(r"\b(?P<region>[NSEWCM])\.?\s?D\.?\s?(?P<state>[A-Z][a-z]{1,5}\.?|[A-Z]{2,4})\b|"
                           r"\b(?P<flat>(?:[nsecwm]d)(?:ny|cal|ill|tex|fla|pa|ga|ohio|wash|mich|va|nc|la|ala|ind|wis|ok|mo|tn))\b", re.I)


def courts_named(text: str) -> tuple[str, ...]:
    """The district courts a question names, in their cite form ("nd cal" -> "N.D. Cal.", "SDNY" -> "S.D.N.Y.")."""
    out: list[str] = []
    for m in courts.cite_pattern().finditer(text):
        c = courts.find(m.group(0))
        if c and c.district:
            out.append(c.cite)
    for m in re.finditer(r"\b([nsecwm])\.?\s?d\.?\s?(cal|ny|n\.y|ill|tex|fla|pa)\b\.?", text, re.I):
        c = courts.find(f"{m.group(1).upper()}.D. {m.group(2).replace('.', '').title()}.") or \
            courts.find(f"{m.group(1)}d {m.group(2)}")
        if c and c.district and c.cite not in out:
            out.append(c.cite)
    for m in re.finditer(r"\b([nsecw])dny\b|\b([nsecw])d(cal|ill|tex|fla)\b", text, re.I):
        name = f"{(m.group(1) or m.group(2)).upper()}.D.N.Y." if m.group(1) else \
            f"{m.group(2).upper()}.D. {m.group(3).title()}."
        c = courts.find(name)
        if c and c.district and c.cite not in out:
            out.append(c.cite)
    return tuple(out)


_REMOVAL = re.compile(r"\bremov(?:e|ed|al|ing)\b", re.I)
_CIVIL = re.compile(r"\bcivil\b|\bparallel\b", re.I)
_BANKRUPTCY = re.compile(r"\bbankruptcy\b", re.I)
# what comes just before a body of law named only to compare with the civil rule asked about ("still 30 days like
# under the CCP?", "an automatic stay like in bankruptcy")
COMPARED = re.compile(r"\b(?:like|as|unlike)\s+(?:in|under)\s+(?:the\s+|a\s+)?$", re.I)
# ... and what comes just before a rule named only to compare with the one asked about ("28 days like a 59e?",
# "instead of a 60(b) motion"): the question's situation, not its subject (bot.answering.query.context_refs); not a
# hedge ("feels like a rule 11 issue", "looks like 37(e) applies")
# The words that may stand just before a rule's number ("Fed. R.", "rule", "FRCP"), as the end of a pattern that reads
# what comes before a number (COMPARED_RULE here; bot.answering.query's PROPOSED and _AS_DONE)
BEFORE_NUMBER = r"(?:(?:fed\.?\s*)?(?:rule|r\.|frcp)\s*)?"
COMPARED_RULE = re.compile(r"(?<!\bfeels\s)(?<!\blooks\s)(?<!\bseems\s)(?<!\bsounds\s)(?<!\bfelt\s)(?<!\blooked\s)(?<!\bseemed\s)"
                           r"(?<!\bsounded\s)\b(?:like|unlike|as\s+(?:with|in|under)|same\s+as|instead\s+of|rather\s+than)"
                           r"\s+(?:(?:a|an|the|under|in|with|for|our|their)\s+){0,2}(?:(?:normal|regular|ordinary|usual|typical|"
                           r"standard|mj|magistrate(?:\s+judge)?(?:'s)?|party's)\s+)?" + BEFORE_NUMBER + "$", re.I)
# ... and what comes just after a rule offered as one guess beside an open other ("R11 motion, or is there a different
# hook?", "12(b)(6) - or something else?"): the asker's guess, not the subject (bot.answering.query.guessed_refs); not
# a list ("a 50(b) motion or other post-trial motion", "docs or other tangible things": a reviewer's probes)
OR_ANOTHER = re.compile(r"(?:\s*[\w'-]+){0,2}?\s*[,;]?\s*(?:-\s*)?or\s+(?:(?:(?:is|are)\s+there|(?:do|should)\s+we\s+(?:need|use))\s+"
                        r"(?:a\s+|an\s+|some\s+)?(?:different|another|other|separate)\b|(?:something|anything)\s+else\b|"
                        r"(?:a\s+|an\s+)?(?:different|separate|another|some\s+other)\s+(?:rule|hook|route|vehicle|basis|"
                        r"mechanism|motion|way|option|avenue|path|remedy|procedure|sanction)s?\b)", re.I)
# ... and what comes just before a rule of another set named only as the other side of an either-or about the civil
# rule ("can we post a supersedeas bond in district court or is that only a FRAP 8 thing?", "or only under FRAP 8"):
# the question is the corpus's, and the other rule is noted as not indexed
ALTERNATIVE = re.compile(r"\bor\s+(?:is\s+(?:that|it|this)\s+|(?:do|does|would|will|must|should)\s+(?:we|it|that|they|you)\s+"
                         r"(?:\w+\s+){0,3}?)?(?:only|just|strictly|solely)\s+(?:(?:a|an|the|under|in|by|through|per)\s+){0,2}$",
                         re.I)


def only_alternative(text: str, ref: RuleRef) -> bool:
    """`ref`, a rule of another set, is named in `text` (where it was read) only as the other side of an either-or.

    >>> t = "can we post a supersedeas bond in district court or is that only a FRAP 8 thing?"
    >>> [only_alternative(t, r) for r in rule_refs(t)]
    [True]
    >>> [only_alternative(t, r) for r in rule_refs("is the stay under FRAP 8 only?")]
    [False]
    """
    return ref.kind == "other" and ref.start >= 0 and bool(ALTERNATIVE.search(text[:ref.start]))


def only_compared(text: str, word: re.Pattern[str]) -> bool:
    """`word` occurs in `text`, and every time only to compare.

    >>> only_compared("is there an automatic stay like in bankruptcy?", _BANKRUPTCY)
    True
    >>> only_compared("D is in bankruptcy: is there an automatic stay like in bankruptcy?", _BANKRUPTCY)
    False
    """
    found = list(word.finditer(text))
    return bool(found) and all(COMPARED.search(text[:m.start()]) for m in found)


def _statute_name(written: str) -> str:
    """'title vii' -> 'Title VII', 'lanham  act' -> 'Lanham Act', 'ERISA' kept, '1988' -> '42 U.S.C. § 1988'."""
    number = re.fullmatch(r"(?:section|§)?\s?(\d{4})", written.strip(), re.I)
    if number:
        return f"42 U.S.C. § {number.group(1)}"
    words = written.split()
    return " ".join(w.upper() if re.fullmatch(r"[ivxl]+", w, re.I) or w.isupper() else
                    w.lower() if w.lower() in ("and", "of", "with") else w.capitalize() for w in words)


def other_bodies(text: str) -> tuple[Body, ...]:
    """The bodies of law other than a numbered rule that `text` asks about (see `_BODIES`), federal statutes by
    citation ("28 U.S.C. § 1927") and state code sections ("CCP 2030.300", "Cal. Evid. Code § 1040")."""
    out: list[Body] = []
    for label, rx in _BODIES:
        m = rx.search(text)
        if m and label.endswith("state court procedure") and _REMOVAL.search(text):
            continue  # a removed action is the federal rules' (Rule 81(c))
        if m and label.startswith("Fed. R. Crim. P.") and _CIVIL.search(text):
            continue  # "a parallel criminal case" in a civil question
        if m and label.startswith("Fed. R. Bankr. P.") and only_compared(text, _BANKRUPTCY):
            continue  # "is there an automatic stay like in bankruptcy?": a civil question by comparison
        if m:
            state, statute = m.groupdict().get("state"), m.groupdict().get("statute")
            out.append(Body(label.format(state=state.title() if state else "", statute=_statute_name(statute or "")),
                            m.group(0), _BODY_SOURCES.get(label, "")))
    if any(b.label.startswith("federal statutes (") for b in out):  # "Title VII ... EEOC": the statute named says it
        out = [b for b in out if not b.label.startswith("federal employment statutes")]
    if any(b.label.endswith("state court procedure") and b.label != "state court procedure" for b in out):
        out = [b for b in out if b.label != "state court procedure"]
    if _LOCAL_PRACTICE.search(text):
        for cite in courts_named(text):
            out.append(Body(f"{cite} local rules and judges' procedures", text, "", cite))
    for m in _STATUTE.finditer(text):
        cite = f"{m.group('title')} U.S.C. § {m.group('sec')}"
        # the statute named by citation says what its subject's label would ("diversity jurisdiction (28 U.S.C. § 1332)")
        out = [b for b in out if not (b.label.endswith(")") and re.search(rf"\b{m.group('title')} U\.S\.C\. §+ [^)]*\b"
                                                                           rf"{re.escape(m.group('sec'))}\b", b.label))]
        out.append(Body(cite, m.group(0), statute=cite))
    for m in _STATE_CODE.finditer(text):
        if m.group("evnum"):
            out.append(Body(f"Cal. Evid. Code {m.group('evnum')}", m.group(0)))
        else:
            out.append(Body(f"Cal. Code Civ. Proc. {m.group('num')}", m.group(0)))
    return tuple(out)


# --- case names as a question writes them ("Kamakana v. City & County of Honolulu") ------------------------
_PARTY_WORD = r"(?:[A-Z][\w.'&,-]*|&|and|of|the|for|de|la|del)"
CASE_NAME = re.compile(r"\b((?:[A-Z][\w.'&-]*\s){0,4}[A-Z][\w.'&-]*)\s+v\.?\s+([A-Z][\w.'&,-]*(?:\s" + _PARTY_WORD +
                       r"){0,7})")
# The same typed in lower case, as associates do ("what did chambers v. nasco hold"): only with "v." ("depo vs.
# rogs" compares); a party is at most four words, and stops at a word that asks or links ("what did", "hold", "re").
CASE_NAME_LOWER = re.compile(r"(?<![\w.])([a-z][\w'&-]*(?:\s[a-z][\w'&-]*){0,3}),?\s+v\.\s+"
                             r"([a-z][\w'&-]*(?:\s[a-z][\w'&-]*){0,3})")
# A case asked about by one party's name, as lawyers shorten it: "what did Twombly hold", "Did Kamakana decide
# ...", "Kamakana held that ...".  Only as the one asked about ("what did X hold", a question opening "did X hold")
# or cited for a holding ("X held that"): "Judge Carter held a hearing" is what happened.  Roles, institutions and
# everyday words are no name (the caller decides); the engine decides whether it is an indexed case.
CASE_SHORT = re.compile(r"(?:(?:^|[.?!;:]\s+|\b(?i:what|how|where|why|when|which)\s+(?:\w+\s+){0,2}?)(?i:did|does|do)\s+"
                        r"([A-Za-z][a-z'-]{3,})\s+(?:actually\s+|really\s+)?(?i:hold|decide|rule|find)\b)"
                        r"|\b([A-Z][a-z'-]{3,})\s+(?:held|decided)\s+that\b")
# Cases lawyers cite by one party's name as the name of a standard ("Twombly/Iqbal", "the Celotex burden"):
# leading Supreme Court and circuit decisions of civil procedure, written from the law, not from questions.
# Only names that are not everyday words ("Winter", "Erie", "Hanna" are left out), nor cases the shipped orders cite
# and apply (Kamakana, Foltz: a question about them is one about the order's use of them).
LANDMARK_CASES = {
    "twombly": "Bell Atlantic Corp. v. Twombly", "iqbal": "Ashcroft v. Iqbal", "conley": "Conley v. Gibson",
    "celotex": "Celotex Corp. v. Catrett", "matsushita": "Matsushita Elec. Indus. Co. v. Zenith Radio Corp.",
    "daubert": "Daubert v. Merrell Dow Pharmaceuticals, Inc.", "kumho": "Kumho Tire Co. v. Carmichael",
    "swierkiewicz": "Swierkiewicz v. Sorema N.A.", "hickman": "Hickman v. Taylor", "upjohn": "Upjohn Co. v. United States",
    "zubulake": "Zubulake v. UBS Warburg LLC", "dukes": "Wal-Mart Stores, Inc. v. Dukes",
    "amchem": "Amchem Products, Inc. v. Windsor", "comcast": "Comcast Corp. v. Behrend",
    "pioneer": "Pioneer Inv. Servs. Co. v. Brunswick Assocs.", "foman": "Foman v. Davis",
    "mathews": "Mathews v. Eldridge", "lujan": "Lujan v. Defenders of Wildlife", "spokeo": "Spokeo, Inc. v. Robins",
    "daimler": "Daimler AG v. Bauman", "goodyear": "Goodyear Dunlop Tires Operations, S.A. v. Brown",
    "shady grove": "Shady Grove Orthopedic Assocs. v. Allstate Ins. Co.", "international shoe":
    "International Shoe Co. v. Washington", "liberty lobby": "Anderson v. Liberty Lobby, Inc.",
    "rooker-feldman": "Rooker v. Fidelity Trust Co.; D.C. Court of Appeals v. Feldman", "monell":
    "Monell v. Department of Social Services", "younger": "Younger v. Harris", "ebay": "eBay Inc. v. MercExchange, L.L.C.",
}
# Names that are also companies, surnames or words ("comcast", "dukes", "pioneer"): a party of the user's own case
# may bear them, so they count only as a standard ("the Pioneer factors") or applied ("under Foman").
_COMMON_NAMES = frozenset("comcast goodyear ebay pioneer younger dukes mathews hickman daimler conley foman lujan "
                          "monell upjohn".split())


def _names(names) -> str:
    return "|".join(sorted((re.escape(n).replace(r"\ ", r"\s+") for n in names), key=len, reverse=True))


_DISTINCT = _names(n for n in LANDMARK_CASES if n not in _COMMON_NAMES)
_ANY = _names(LANDMARK_CASES)
_APPLIED = r"\b(?:under|per|applying|post-?|pre-?)\s*"
_AS_STANDARD = r"\s+(?:standard|test|factors?|analysis|burden|framework)\b"
# ... asked about as a standard: applied ("under Celotex", "post-Daubert") or named as a test ("the Foman factors");
# a distinctive name also when the question opens with it ("twombly/iqbal - ...") or pairs it ("Twombly and Iqbal");
# a name used of a party ("a Monell defendant", "Comcast, our client") is not asked about
LANDMARK = re.compile(rf"{_APPLIED}(?P<a>{_ANY})\b|\b(?P<b>{_ANY})(?={_AS_STANDARD})|"
                      rf"^\W*(?P<c>{_DISTINCT})\b(?=\s*(?:[-—–:?]|(?:/|and|&)\s*(?:{_DISTINCT})\b))|"
                      rf"\b(?P<d>{_DISTINCT})\s*(?:/|and|&)\s*(?P<e>{_DISTINCT})\b|"
                      # ... or a distinctive name asked of as what governs ("does Twombly apply to affirmative defenses")
                      rf"\b(?:does|do|did|would|will|can)\s+(?P<f>{_DISTINCT})\s+(?:still\s+|even\s+|also\s+)?"
                      rf"(?:apply|govern|extend|reach|control|require)\b|"
                      rf"\b(?P<g>{_DISTINCT})\s+(?:applies|governs|extends|controls|requires)\b|"
                      # ... or asked what it said, by a distinctive name and the number of its opinion ("Zubulake IV")
                      rf"\b(?:what|how|where|when)\s+(?:did|does)\s+(?P<h>{_DISTINCT})(?:\s+[IVX]{{1,4}}\s+"
                      rf"(?:say|said|hold|decide|rule|find|require|define|mean)|\s+(?:hold|decide|rule))\b"
                      rf"(?!\s+(?:back|up|off|out)\b)", re.I)


def landmark_cases(text: str) -> tuple[str, ...]:
    """The leading cases `text` asks about by one name (LANDMARK_CASES), as their full names.

    >>> landmark_cases("twombly/iqbal — how do courts define the plausibility standard?")
    ('Bell Atlantic Corp. v. Twombly', 'Ashcroft v. Iqbal')
    >>> landmark_cases("do we need a Daubert hearing for their damages expert?")
    ()
    >>> landmark_cases("under celotex, what's our burden as movant without the burden of proof at trial?")
    ('Celotex Corp. v. Catrett',)
    >>> landmark_cases("suing a monell defendant - how do we serve the county?")
    ()
    >>> [landmark_cases(t) for t in ("in mathews, the plaintiff served 30 rogs - how many?", "dukes - answer due when?",
    ...  "comcast and goodyear are codefendants - joint answer?", "the comcast motion to dismiss was denied")]
    [(), (), (), ()]
    >>> landmark_cases("missed the deadline - do the pioneer factors apply?")
    ('Pioneer Inv. Servs. Co. v. Brunswick Assocs.',)
    >>> landmark_cases("does Twombly apply to affirmative defenses?"), landmark_cases("does comcast apply to us?")
    (('Bell Atlantic Corp. v. Twombly',), ())
    >>> landmark_cases("what did Zubulake IV say about the duty to preserve?"), landmark_cases("what did Celotex hold?")
    (('Zubulake v. UBS Warburg LLC',), ('Celotex Corp. v. Catrett',))
    >>> landmark_cases("what did comcast say in its answer?"), landmark_cases("what did Kumho say in its rog responses?")
    ((), ())
    """
    found: list[str] = []
    for m in LANDMARK.finditer(text):
        for g in ("a", "b", "c", "d", "e", "f", "g", "h"):
            if m.group(g):
                found.append(LANDMARK_CASES[re.sub(r"\s+", " ", m.group(g).lower())])
        tail = re.match(rf"\s*(?:/|and|&)\s*({_DISTINCT})\b", text[m.end():], re.I)
        if m.group("c") and tail:
            found.append(LANDMARK_CASES[re.sub(r"\s+", " ", tail.group(1).lower())])
    return tuple(dict.fromkeys(found))


NOT_A_PARTY = frozenset("""a an the in per under see cf what whats what's did does do is was were how why when where which
    who can could would should will hold held holds holding say said says re about on for to of at and or but with
    require requires required allow allows allowed decide decides decided find finds found establish established
    from as by case decision court opinion order ruling rule standard test mean means apply applied under if so
    plaintiff plaintiffs defendant defendants p d pl def party parties us them we they govt gov't government
    circuit circuits judge judges justice magistrate counsel client clients defense mediation mediator everyone
    anyone nobody someone""".split())

# --- citations as a draft writes them (bot/draft/verify.py checks each against the corpus) ---------------
# "Fed. R. Civ. P. 26(c)(1)", "Fed. R. Evid. 502(d)"; "Federal Rule of Civil Procedure 26(c)"; "L.R. 37-1, 37-2.1";
# a short "Rule 26(c)" after one of them; "Smith v. Jones, No. 2:25-cv-1 (C.D. Cal. 2025)"; a pin "§ II.A", "¶ 6".
FED_CITATION = re.compile(r"Fed\.\s?R\.\s?(?P<set>Civ\.\s?P|Crim\.\s?P|App\.\s?P|Bankr\.\s?P|Evid)\.\s?"
                          r"(?P<num>\d+(?:\.\d+)?)(?P<sub>(?:\([A-Za-z0-9]{1,4}\))*)")
FED_WORDS = re.compile(r"Federal\s+Rules?\s+of\s+(?P<set>Civil|Criminal|Appellate|Bankruptcy)\s+Procedure\s+"
                        r"(?P<num>\d+(?:\.\d+)?)(?P<sub>(?:\([A-Za-z0-9]{1,4}\))*)|Federal\s+Rules?\s+of\s+"
                        r"(?P<ev>Evidence)\s+(?P<evnum>\d+)(?P<evsub>(?:\([A-Za-z0-9]{1,4}\))*)")
RULE_SETS = {"civ": "Civ. P.", "civil": "Civ. P.", "crim": "Crim. P.", "criminal": "Crim. P.", "app": "App. P.",
         "appellate": "App. P.", "bankr": "Bankr. P.", "bankruptcy": "Bankr. P.", "evid": "Evid.",
         "evidence": "Evid."}
LOCAL_LIST = re.compile(r"(?:(?P<court>" + courts.cite_regex() + r")\s+)?(?:(?:Civil\s+|Civ\.\s?)?(?:Local\s+Rules?|L\.\s?R\.))"
                    r"\s+(?P<nums>\d+(?:-\d+)+(?:\.\d+)*(?:\([a-z0-9]{1,3}\))*"
                    r"(?:\s*(?:,|and|&)\s*(?:and\s+)?\d+-\d+(?:\.\d+)*(?:\([a-z0-9]{1,3}\))*)*)")
SHORT_RULE = re.compile(r"\bRules?\s+(?P<num>\d+(?:\.\d+)?)(?P<sub>(?:\([A-Za-z0-9]{1,4}\))*)")
_NAME_WORD = r"(?:[A-Z][\w.'&-]*|of|the|and|de|la|del|ex|rel\.|&|et al\.)"
DOCKET_CASE = re.compile(r"(?P<name>" + _NAME_WORD + r"(?:,?\s+" + _NAME_WORD + r"){0,8}\s+v\.\s+[^;\n()]{1,100}?),\s+"
                          r"No\.\s+(?P<docket>[\w:.-]+(?:\s?[\w:.-]+)?)[^()\n]{0,40}\((?P<court>[^()\n]*?\d{4})\)")
PIN = re.compile(r",?\s*(?P<pin>§\s?[IVXL]+(?:\.[A-Z0-9]+)*|¶+\s?\d+)")

# --- docket numbers ----------------------------------------------------------------------------------
# As a document writes them ("Case No. 3:17-cv-02366-BAS-KSC"), and bare ("3:17-cv-2366").
DOCKET = re.compile(r"\b(?:Case\s+)?No(?:s)?\.?:?\s*((?:\d:)?\d{2}-(?:cv|cr|mc|md|mj|bk|ap)-\d{3,6}(?:-[A-Z]{2,5}){0,3})",
                    re.I)
DOCKET_BARE = re.compile(r"\b(\d:\d{2}-(?:cv|cr|mc|md|mj)-\d{3,6}(?:-[A-Z]{2,5}){0,3})\b", re.I)
# As channel names and topics write them: "3:17-cv-02366" in a topic, "case-3-17-cv-2366-x" in a channel name
# (which cannot hold a colon).
DOCKET_LOOSE = re.compile(r"(?<![\w])(?:(\d)[-_:])?(\d{2})[-_]?(cv|cr|mc|md|mj|bk|ap)[-_]?(\d{3,6})(?!\d)", re.I)
