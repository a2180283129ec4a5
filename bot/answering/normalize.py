"""Normalize step: a question as associates type it, made searchable.

Associates write in Slack shorthand: lower case, abbreviations ("joint stip",
"PO", "MTC", "AEO", "30b6", "R. 26"), chatty lead-ins ("hey, quick q:") and
typos ("privelege").  `expand()` rewrites the shorthand into the words the
rules and orders use, and `Speller` corrects words the corpus does not know to
the nearest word it does.  Both only add search words: the question the user
typed is kept as is for display and for the audit record.

The abbreviation table is written from ordinary litigation usage, not from any
evaluation question; each row is a table test in tests/test_normalize.py.

>>> expand("joint stip re the PO? see R. 26 & 30b6")
'joint stipulation re the protective order? see Rule 26 & 30(b)(6)'
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterable

# (pattern, replacement); patterns are matched case-insensitively on word boundaries unless noted.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"stips?", "stipulation"),
    (r"POs?", "protective order"),
    (r"MTCs?", "motion to compel"),
    (r"MTDs?", "motion to dismiss"),
    (r"MSJs?", "motion for summary judgment"),
    (r"SJ", "summary judgment"),
    (r"MILs?", "motion in limine"),
    (r"JMOL", "judgment as a matter of law"),
    (r"TROs?", "temporary restraining order"),
    (r"OSCs?", "order to show cause"),
    (r"AEO", "attorneys' eyes only"),
    (r"ESI", "electronically stored information"),
    (r"RFPs?", "requests for production"),
    (r"RFAs?", "requests for admission"),
    (r"rogs?", "interrogatories"),
    (r"depos?", "deposition"),
    (r"dep", "deposition"),
    (r"privs?", "privilege"),
    (r"gov'?t|govt", "government"),
    (r"(?:pltf|pl'?tf|plf)s", "plaintiffs"),
    (r"pltf|pl'?tf|plf|pl", "plaintiff"),
    (r"defs?\.|deft|dft", "defendant"),
    (r"defs", "defendants"),
    (r"def(?='s\b)", "defendant"),
    (r"docs", "documents"),
    (r"info", "information"),
    (r"sanx", "sanctions"),
    (r"disco", "discovery"),
    (r"PJ", "personal jurisdiction"),
    # "PI" is a preliminary injunction, except where it is a personal-injury case, claim, lawyer or the like
    (r"PIs?(?!\s+(?:cases?|actions?|claims?|plaintiffs?|suits?|lawsuits?|lawyers?|attorneys?|firms?|practice|matters?|"
     r"litigation|damages|victims?|injur\w*|insurance|defense|bar|verdicts?|settlements?|trials?)\b)", "preliminary injunction"),
    (r"LE(?=\s+priv)", "law enforcement"),  # "LE privilege", "LE priv"
    (r"3P(?=\s+(?:plaintiffs?|defendants?|defs?|complaints?|claims?|practice|summons)\b)", "third-party"),
    (r"3P", "nonparty"),
    (r"SMJ", "subject-matter jurisdiction"),
    (r"SOL", "statute of limitations"),
    (r"CMC", "case management conference"),
    # "conf" is a conference, except where it marks material confidential ("conf docs", "conf/AEO")
    (r"conf(?=\s*/\s*aeo|\s+(?:designat\w*|docs?|documents?|info\w*|materials?|tiers?|treatment|versions?)\b)", "confidential"),
    (r"confs?", "conference"),
    (r"cert(?=\s+of\s+(?:service|compliance|interested))", "certificate"),
    (r"cert(?!\s+(?:petitions?|pet)\b)", "certification"),  # "class cert"; a cert petition is the Supreme Court's
    (r"decls", "declarations"),
    (r"decl", "declaration"),
    (r"sched", "scheduling"),
    (r"mgmt", "management"),
    (r"paras", "paragraphs"),
    (r"para", "paragraph"),
    (r"ADR", "alternative dispute resolution"),
    (r"IME", "mental or physical examination"),
    (r"FAC", "first amended complaint"),
    (r"SAC", "second amended complaint"),
    (r"OC", "opposing counsel"),
    (r"m&c|M&C", "meet and confer"),
    (r"MJ", "magistrate judge"),
    # "DJ" is the district judge, except in "DJ action" / "DJ claim" (a declaratory judgment)
    (r"DJ(?!\s+(?:actions?|claims?|act|relief|complaints?|counterclaims?))", "district judge"),
    (r"R&Rs?|F&Rs?", "recommended disposition"),
    (r"jx|juris", "jurisdiction"),
    (r"MJOP|MJP", "motion for judgment on the pleadings"),
    (r"recon", "reconsideration"),
    (r"opp|oppo", "opposition"),
    (r"IFP", "in forma pauperis"),
    (r"SDTs?", "subpoena to produce documents"),
    (r"PMKs?|PMQs?", "organization's designated witness"),
    (r"attys?", "attorney"),
    (r"wks?", "weeks"),
    (r"mos", "months"),
    (r"yrs?", "years"),
    (r"hrs?", "hours"),
    (r"bounced?|bouncing|kicked back|shot down|nixed|tossed", "rejected"),
    (r"w/o", "without"),
    (r"w/", "with "),
    (r"b/c", "because"),
    # Rule 14's impleader is "third-party" practice (a third-party complaint, plaintiff, defendant, claim): kept
    (r"(?:3rd|3d)[- ]party(?=\s+(?:plaintiffs?|defendants?|defs?|complaints?|claims?|practice|summons)\b)", "third-party"),
    (r"non-?party|(?:3rd|3d|third)[- ]party(?!\s+(?:plaintiffs?|defendants?|defs?|complaints?|claims?|practice|summons)\b)",
     "nonparty"),
    (r"e-?fil(?:e|ing|ed)", "electronic filing"),
    (r"re-?produce", "produce again"),
)
# Everyday words for what the rules name otherwise: the rule's word is added beside the user's
# (never replacing it), so the question still matches text that uses the everyday word.
LAY_TERMS: tuple[tuple[str, str], ...] = (
    (r"update[sd]?|updating", "supplement correct"),
    (r"fix(?:es|ed|ing)?", "correct"),
    (r"late|belated(?:ly)?", "untimely"),
    (r"deadlines?|cut-?offs?", "time"),
    (r"missed", "failed"),
    (r"drop(?:s|ped|ping)?", "dismiss"),
    (r"lawyers?", "attorney"),
    (r"compan(?:y|ies)|corporations?|entit(?:y|ies)", "organization"),
    (r"punish(?:ed|ment)?|penalt(?:y|ies)", "sanctions"),
    (r"hand(?:ed)? over|turn(?:ed)? over", "produce"),
    (r"show(?:ed)? up|attend(?:ed)?", "appear"),
    (r"throw(?:n)? out|thrown out|toss(?:ed)? out", "dismiss strike"),
    (r"sue[ds]?|suing|lawsuit", "action"),
    (r"third part(?:y|ies)(?!\s+(?:plaintiffs?|defendants?|defs?|complaints?|claims?|practice|summons)\b)|outsiders?",
     "nonparty"),
    (r"docket", "filed"),
    (r"sua sponte", "on its own"),
    (r"pled", "pleaded"),
    (r"implead(?:s|ed|ing|er)?|impleader", "third-party"),
    (r"supersedeas", "bond stay"),
    (r"voir dire", "examine prospective jurors"),
    (r"errata(?: sheets?)?", "changes in form or substance"),
    (r"boilerplate", "specificity"),
)
# Rule-number shorthand: "R. 26" / "r26" -> "Rule 26"; "30b6" / "12b6" -> "30(b)(6)" / "12(b)(6)".
_RULE_PREFIX = re.compile(r"(?<![\w.])(?:R|r)\.?\s?(?=\d{1,2}(?:\(|\b|[a-h]\d))")
_COMPACT = re.compile(r"(?<![\w(.-])(\d{1,2})\s?\(?([a-h])\)?\s?\(?(\d{1,2})\)?(?:\(?([A-H])\)?)?(?![\w)-])")
LEAD_INS = re.compile(
    r"^\s*(?:(?:hey|hi|hello|ok|okay|so|quick (?:q|question)|qq|sorry|dumb question|random question|question)"
    r"[\s,:;!.-]+)+", re.I)

def expand(text: str) -> str:
    """The question with shorthand written out (see the module doc)."""
    out = LEAD_INS.sub("", text)
    out = _RULE_PREFIX.sub("Rule ", out)
    out = _COMPACT.sub(_compact, out)
    out = _SUBDIVISION.sub(_subdivision, out)
    out = _PARTY.sub(_party, out)
    for rx, rep in _ABBREV_RX:
        out = rx.sub(lambda m, rep=rep: m.group(0) if _NEGATED.search(out[:m.start()]) else rep, out)
    added = [rep for rx, rep in _LAY_RX if rx.search(out)]
    if added:
        out = out.rstrip() + " (" + " ".join(added) + ")"
    return re.sub(r"\s{2,}", " ", out).strip()


# The parties as lawyers' notes write them: "P", "D" (capitals only), "π", "Δ", with "'s" or a plural "s".
# Not a letter of a name or a cite ("C.D. Cal.", "26(b)(4)(D)", "D-1", "P&G"), nor a label ("Exhibit D").
_PARTY = re.compile(r"(?<![\w'/&.(\[-])([PDπΔ])(s?)(?=(?:'s)?(?:[^\w.)\]/&'-]|$|\.(?![A-Za-z])))")
_PARTY_WORD = {"P": "plaintiff", "π": "plaintiff", "D": "defendant", "Δ": "defendant"}
_LABELS = re.compile(r"\b(?:exhibits?|ex|schedules?|appendix|annex|attachments?|forms?|parts?|plans?|types?|class|"
                     r"category|grade|items?|tabs?|sections?|vitamin|column|row|option|step|phase|group|level|"
                     r"civ|crim|app|evid|bankr|r)\.?\s+$", re.I)  # and a rule set's "Civ. P."


def _after_label(m: re.Match) -> bool:
    """What `m` matched follows a label or a rule set's name ("Exhibit D", "Civ. P.")."""
    return bool(_LABELS.search(m.string[max(0, m.start() - 20):m.start()]))


def _party(m: re.Match) -> str:
    return m.group(0) if _after_label(m) else _PARTY_WORD[m.group(1)] + m.group(2)


# "26f", "12b", "59e" -> "26(f)", "12(b)", "59(e)": a rule and its subdivision; not "2d"/"3d" (second, third), an
# amount ("$5b") or a label ("Exhibit 12b").
_SUBDIVISION = re.compile(r"(?<![\w(.$-])(?!(?:2|3)d\b)(\d{1,2})([a-h])(?![\w)'-])")


def _subdivision(m: re.Match) -> str:
    return m.group(0) if _after_label(m) else f"{m.group(1)}({m.group(2)})"


def _compact(m: re.Match) -> str:
    num, sub, para, item = m.group(1), m.group(2), m.group(3), m.group(4)
    if m.group(0).count("(") == 2 + bool(item) and m.group(0).count(")") == 2 + bool(item):
        return m.group(0)  # already written out
    return f"{num}({sub})({para})" + (f"({item})" if item else "")


def _compile(pat: str) -> re.Pattern:
    # Upper-case abbreviations (PO, SJ, OC) match in any case only when they are at least 3 letters
    # or written in capitals, so that ordinary words ("so", "po" in a name) are left alone.
    letters = re.sub(r"[^A-Za-z]", "", pat.replace("s?", ""))
    if letters.isupper() and len(letters) <= 2:
        return re.compile(rf"(?<![\w'/&-])(?:{pat}|{pat.lower()}){_END}")
    return re.compile(rf"(?<![\w'/&-])(?:{pat}){_END}", re.I)


# An abbreviation ends where a word would, or before a possessive "'s" ("OC's expert", "the MJ's order").
_END = r"(?![\w/&-]|'(?!s\b))"


# "(a discovery order, not an R&R)": what the question says a thing is not is not written out as a search word
_NEGATED = re.compile(r"\bnot\s+(?:an?\s+|the\s+)?$", re.I)
_ABBREV_RX = tuple((_compile(pat), rep) for pat, rep in ABBREVIATIONS)
_LAY_RX = tuple((re.compile(rf"(?<![\w'-])(?:{pat})(?![\w'-])", re.I), rep) for pat, rep in LAY_TERMS)

_WORD = re.compile(r"[A-Za-z][a-z]{5,}")
# Everyday English (Zipf >= 3.3, about twice in a million words) is a word, never a typo of one a letter away
# ("factory" is not "factors", "driver" not "drive", "holder" not "older"); misspellings common enough to be
# listed ("untill", "recieve", "seperate") stay under 3.  British spellings of the rules' words are written
# the rules' way.
EVERYDAY_WORD = 3.3
SPELLING_VARIANTS = {"judgement": "judgment", "judgements": "judgments", "acknowledgement": "acknowledgment",
                     "defence": "defense", "defences": "defenses", "offence": "offense", "licence": "license",
                     "practise": "practice", "favour": "favor", "behaviour": "behavior", "labour": "labor",
                     "organisation": "organization", "authorise": "authorize", "authorised": "authorized",
                     "recognise": "recognize", "summarise": "summarize", "characterise": "characterize"}


class Speller:
    """Corrects a word the corpus does not know to the most frequent corpus word one edit away
    (a letter added, dropped, changed or two swapped): 'privelege' -> 'privilege',
    'statment' -> 'statement'.  Words under six letters and words whose stem the index knows
    (`known_stem`) are left alone, so that a real word the corpus lacks is not bent into one it has
    more often than a typo is fixed; and a word is never "corrected" into a rarer English word
    ("besides" is not a typo of "resides", nor "factory" of "factors"; "judgement" becomes "judgment", "recieve"
    "receive": wordfreq's everyday frequencies).  Lookups use a table of one-letter deletions (SymSpell), so a
    correction costs a few dictionary lookups, not a search."""

    def __init__(self, words: Iterable[str], known_stem: Callable[[str], bool] = lambda w: False):
        self.counts = Counter(w.lower() for w in words)
        self.known_stem = known_stem
        self._deletes: dict[str, list[str]] = {}
        for w in self.counts:
            if len(w) >= 5:
                for d in _deletes(w):
                    self._deletes.setdefault(d, []).append(w)

    @classmethod
    def from_texts(cls, texts: Iterable[str], known_stem: Callable[[str], bool] = lambda w: False) -> "Speller":
        words: list[str] = []
        for t in texts:
            words.extend(re.findall(r"[A-Za-z]{2,}", t))
        return cls(words, known_stem)

    def correct_word(self, word: str) -> str:
        w = word.lower()
        if w in SPELLING_VARIANTS:
            return SPELLING_VARIANTS[w]
        if len(w) < 6 or w in self.counts or self.known_stem(w):
            return word
        mine = _english(w)
        if mine >= EVERYDAY_WORD:  # a common word is a word, not a typo ("factory", "driver", "thinks")
            return word
        dels = _deletes(w)
        cands = {c for d in dels | {w} for c in self._deletes.get(d, ()) if _one_edit(w, c)}
        cands |= {d for d in dels if d in self.counts}  # a letter too many: "judgement", "privilegee"
        if not cands:
            return word
        best = max(cands, key=lambda c: (self.counts[c], c))
        return best if _english(best) >= mine else word

    def correct(self, text: str) -> str:
        return _WORD.sub(lambda m: self.correct_word(m.group(0)), text)


def _english(word: str) -> float:
    """How common a word is in everyday English (wordfreq's Zipf scale, bundled: nothing is downloaded).

    >>> _english("besides") > _english("resides"), _english("judgment") > _english("judgement")
    (True, True)
    """
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _deletes(w: str) -> set[str]:
    return {w[:i] + w[i + 1:] for i in range(len(w))}


def _one_edit(a: str, b: str) -> bool:
    """True when b is one insertion, deletion, substitution or adjacent swap away from a."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    if len(a) > len(b):
        return a[i + 1:] == b[i:]
    return a[i:] == b[i + 1:]
