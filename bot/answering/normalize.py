"""Normalize step: a question as associates type it, made searchable.

Associates write in Slack shorthand: lower case, abbreviations ("joint stip",
"PO", "MTC", "AEO", "30b6", "R. 26"), chatty lead-ins ("hey, quick q:") and
typos ("privelege").  `expand()` rewrites the shorthand into the words the
rules and orders use, and `Speller` corrects words the corpus does not know to
the nearest word it does.  Both only add search words: the question the user
typed is kept as is for display and for the audit record.

The shorthand table is the document side's (`indexers.shorthand`: a passage's terms line is read with
it too); the everyday words below are the question's own.  Each row is a table test in
tests/test_normalize.py.

>>> expand("joint stip re the PO? see R. 26 & 30b6")
'joint stipulation re the protective order? see Rule 26 & 30(b)(6)'
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterable

from indexers.shorthand import IMPLEADER, write_out

# Everyday words for what the rules name otherwise: the rule's word is added beside the user's
# (never replacing it), so the question still matches text that uses the everyday word.
_COUNTRY = (r"(?:japan|china|germany|france|canada|korea|india|brazil|(?<!new\s)england|the\s+UK|ireland|london|italy|spain|israel|taiwan|"
            r"switzerland|australia|singapore|hong\s+kong)")
_ABROAD_ACT = r"\b(?:serv\w*|depo\w*|subpoena\w*|witness\w*|defendants?|D|summons|process|discovery|documents?|testi\w*)\b"


def _beside(words: str, near: str, gap: int = 200) -> str:
    """`words` only in a question that also has `near` (a pattern starting at a word boundary), before or after it."""
    return rf"{words}(?=[^?]{{0,{gap}}}?{near})|{near}[^?]{{0,{gap}}}?\b{words}"

LAY_TERMS: tuple[tuple[str, ...], ...] = (  # (everyday words, the rules' words[, unless the question has these])
    (r"update[sd]?|updating", "supplement correct"),
    (r"fix(?:es|ed|ing)?", "correct"),
    (r"late|belated(?:ly)?", "untimely"),
    (r"deadlines?|cut-?offs?", "time"),
    (r"missed", "failed"),
    (r"drop(?:s|ped|ping)?", "dismiss"),
    (r"lawyers?", "attorney"),
    (r"compan(?:y|ies)|corporations?|entit(?:y|ies)", "organization"),
    (r"punish(?:ed|ment)?|penalt(?:y|ies)", "sanctions"),
    # a deposition on video is, in the rules' words, recorded by audiovisual means (30(b)(3))
    (r"video(?:tap(?:e|es|ed|ing))?|videograph\w*", "audiovisual recording",
     r"\bzoom\b|\bteams\b|\bwebex\b|\bskype\b|\bremote\w*|\bconferenc\w*|\bvirtual\w*"),
    # who pays is who "bears the costs" or "the expense" in the rules' words
    (r"pa(?:y|ys|id|ying)(?=\s+(?:for|the|our|their|its|his|her|a|an|any|all)\b)", "costs expense",
     r"\bfiling\s+fees?\b|\bjudgments?\b|\bsettlements?\b|\bwages?\b|\binvoices?\b"),
    (r"hand(?:ed)? over|turn(?:ed)? over", "produce"),
    (r"show(?:ed)? up|attend(?:ed)?", "appear"),
    (r"throw(?:n)? out|thrown out|toss(?:ed)? out", "dismiss strike"),
    # a case or claim got rid of is dismissed ("get the case kicked", "ask the court to toss it")
    (r"kick(?:s|ed)?\s+out(?!\s+of)|(?:get|have)\s+(?:the\s+|this\s+|their\s+)?(?:case|suit|complaint|claims?|it)\s+kicked|"
     r"toss(?:es|ing)?\s+(?:it|the\s+(?:case|complaint|suit|action|claims?))", "dismiss"),
    # a trial held again is a new trial (59)
    (r"do-?over(?:\s+trial)?|re-?do\s+(?:the\s+)?trial|retr(?:y|ied)\s+(?:the\s+)?case",
     "new trial"),
    # parts of a pleading cut out are struck (12(f))
    (r"(?:paras?|paragraphs?|allegations?)\b[^?]{0,60}?\b(?:taken\s+out|removed(?!\s+(?:to|from)\b)|cut\s+out|deleted|"
     r"scrubbed)|(?:take|get|have)\s+(?:\w+\s+){0,3}?(?:paras?|paragraphs?|allegations?)\s+(?:taken\s+)?(?:out|removed|cut)\b",
     "strike"),
    (r"sue[ds]?|suing|lawsuits?|suits?", "action"),
    # an agreement to how a paper is served is, in the rules' words, consent (5(b)(2)(E), (F)); (only where a paper is
    # served; emailing is not written out as "electronic means": 6(d)'s three days, asked about email service, are
    # the rule's own words, and a lay word added there moved the answer to 5(b)(2) on held-apart questions)
    (_beside(r"(?:agree[ds]?|agreeing|agreement)", r"\bserv\w*\b", gap=80), "consent",
     r"\bsettle\w*|\bcontract\w*|\bconfidentiality\s+agreement|\bprotective\s+order|\bPO\b|\bstipulat\w*|\barbitrat\w*"),
    # an allegation half true is, in the rules' words, true in part: admitted in part, denied in part (8(b)(4))
    (r"(?:half|partly|partially)\s+(?:true|right|correct|accurate|false|wrong|untrue|inaccurate)", "part true deny admit"),
    # what happened after a pleading was filed, added to it, is a supplemental pleading (15(d))
    (r"(?:new\s+(?:facts?|events?|developments?|conduct)|(?:something|things?|events?|facts?|conduct)\s+(?:\w+\s+){0,2}?"
     r"(?:happened|occurred|arose|came\s+up|changed))\b[^?]{0,80}?\b(?:add\w*|includ\w*|put|plead\w*|amend\w*|complaint|pleading)|"
     r"\b(?:add|include|put|plead)\b[^?]{0,60}?\b(?:new\s+(?:facts?|events?|developments?|conduct)|(?:happened|occurred|arose)\s+"
     r"(?:after|since))", "supplemental pleading event happened after"),
    # not knowing is, in the rules' words, lacking knowledge or information (8(b)(5), 36(a)(4))
    (r"(?:has|have|had)\s+no\s+idea|(?:do|does|did)n'?t\s+know|(?:do|does|did)\s+not\s+know|no\s+way\s+(?:of|to)\s+know\w*",
     "lacks knowledge or information"),
    # an objection or a right lost is waived (33(b)(4), 12(h)); documents held back are withheld (34(b)(2)(C))
    (r"(?:lose|lost|losing|forfeit\w*|give\s+up|gave\s+up|blow|blew)\s+(?:them|it|(?:our|the|their|any|those)\s+(?:\w+\s+)?"
     r"(?:objections?|defen[cs]es?|right|privilege))", "waived"),
    (r"held\s+back|holding\s+back|hold(?:s|ing)?\s+(?:\w+\s+){0,2}back|sitting\s+on\s+(?:documents|docs|stuff|responsive|them)|hiding",
     "withheld"),
    # a nonparty joining a pending case of its own accord intervenes (24); not a party joined by others (19, 20)
    (r"(?:join|get\s+into|jump\s+into|enter)\s+(?:a|an|the|this|that|their|our)\s+(?:pending\s+|existing\s+|ongoing\s+)?(?:law)?(?:suit|case|action|litigation)",
     "intervene intervention", r"\bjoinder\b|\bjoin\s+(?:a|the)\s+(?:party|defendant|plaintiff)|\bclass\b"),
    # an objection without its grounds is boilerplate: the rules want grounds stated with specificity (33(b)(4), 34(b)(2)(B))
    (r"(?:objection,?\s+)?overbroad(?:\s+and\s+unduly\s+burdensome)?|general\s+objections?|blanket\s+objections?", "specificity"),
    # a suit of its own is, in the rules' words, an independent action (60(d)(1), 65.1)
    # (not a claim left for a later suit: a compulsory counterclaim, 13(a); nor a suit refiled after dismissal, 41(d))
    (r"(?:separate|new|another|standalone|stand-alone|second|whole)\s+(?:law)?suits?|(?:separate|standalone|stand-alone)\s+(?:actions?|cases?)",
     "independent action", r"\bcounter-?\s?claim|\bcross-?\s?claim|\bdismiss\w*|\brefil\w*|\bpreclu\w*|\bres\s+judicata|\blater\b|"
     r"\bclaims?\b"),
    # a surety on a bond is, in the rules' words, a security provider (65.1)
    (r"sureties|surety|bond(?:ing)?\s+compan(?:y|ies)|bondsm[ae]n", "security provider"),
    (rf"third part(?:y|ies)(?!\s+{IMPLEADER}\b)|outsiders?",
     "nonparty"),
    (r"docket", "filed"),
    (r"sua sponte", "on its own"),
    (r"pled", "pleaded"),
    (r"implead(?:s|ed|ing|er)?|impleader", "third-party"),
    (r"supersedeas", "bond stay"),
    (r"voir dire", "examine prospective jurors"),
    (r"errata(?: sheets?)?", "changes in form or substance"),
    (r"boilerplate", "specificity"),
    (r"typos?|typographical(?: errors?)?|scrivener'?s errors?", "clerical mistake"),  # 60(a)
    # a judgment's arithmetic wrong is a clerical mistake too (60(a)); a deadline miscounted is neglect (6(b))
    (r"(?:math(?:ematical)?|arithmetic(?:al)?|calculation|computation) (?:errors?|mistakes?)|miscalculat\w*|"
     r"miscomput\w*", "clerical mistake", r"\bdeadlines?\b|\bdays?\b|\bdates?\b|\btime\s+to\b"),
    # a default or judgment one wants undone is, in the rules' words, set aside (55(c), 60(b)); not "get out of
    # a deposition" (quashed or protected against) nor "lift the stay"
    (r"(?:get|gets|getting|got)\s+(?:\w+\s+)?out\s+(?:from\s+under|of)\s+(?:\w+\s+){0,2}(?:default|judgment|verdict)s?|"
     r"(?:undo(?:ne|ing)?|undid|lift(?:ed|ing)?|vacat(?:e|es|ed|ing)|get(?:ting)?\s+rid\s+of)\s+(?:\w+\s+){0,2}"
     r"(?:default|judgment)s?|"
     # ... or named before it, and then undone ("default was entered last week, how do we get rid of it")
     r"\b(?:default|judgment)s?\b[^?]{0,80}?\b(?:undo|undid|lift|vacate|get(?:ting)?\s+rid\s+of|wipe\s+out)\s+"
     r"(?:it|that|this|them)\b", "set aside"),
    # a witness or evidence never disclosed, kept from trial: the party "is not allowed to use" it (37(c)(1)); not a
    # document kept out of the public record (sealing)
    (r"keep(?:s|ing)?\s+(?:\w+\s+){0,3}out\b(?!\s+of\s+(?:the\s+)?(?:public|record|file|docket|press))|"
     r"bar(?:red)?\s+(?:\w+\s+){0,3}from\s+(?:testifying|using)|preclud(?:e|ed|ing)\s+(?:\w+\s+){0,3}from",
     "not allowed to use", r"\bseal\w*|\bpublic\b|\bconfidential\w*|\bredact\w*|\bdepo\w*|\broom\b|\bhearing\b|\bmeeting\b"),
    # a person or a deposition abroad is, in the rules' words, in a foreign country (4(f), 4(m), 28(b), 45(b)(3));
    # not the asylum seekers at the border in Al Otro Lado
    # (a country by name only in a question about serving, deposing or discovering there)
    (r"abroad|overseas|out(?:side)?\s+(?:of\s+)?(?:the\s+)?(?:country|US|U\.S\.|united\s+states)|another\s+country|"
     r"hague(?:\s+service)?(?:\s+convention)?|" + _beside(_COUNTRY, _ABROAD_ACT), "foreign country",
     r"\bmexic\w*|\basylum\b|\bborder\b|\bCBP\b|\bmigrants?\b|\bports?\s+of\s+entry\b"),
    # a say before the court acts is, in the rules' words, notice and an opportunity to be heard (53(b)(1), 53(f)(1))
    (r"weigh(?:s|ing)?\s+in|(?:a\s+)?(?:chance|opportunity)\s+to\s+(?:object|respond|speak|argue|comment|be\s+heard|"
     r"weigh\s+in|say\s+anything)|(?:without|before)\s+(?:hearing|asking)\s+(?:from\s+)?(?:us|the\s+parties|them|either\s+side)",
     "opportunity to be heard notice"),
    # a quarrel between counsel is, in the rules' and the orders' words, a dispute; not fighting a subpoena or a motion
    (r"fights?|spats?|squabbles?|beefs?|skirmish(?:es)?|battles?", "dispute",
     r"\bfight(?:ing)?\s+(?:the|a|an|this|that|their|it|back|OC|opposing|his|her|its|our)\b|\bfights?\s+broke\b"),
    # a protective order or an order broken is violated, in the orders' and the rules' words; not a contract's breach
    (r"breach(?:es|ed|ing)?", "violation violate",
     r"\bcontracts?\b|\bwarrant\w*|\bfiduciar\w*|\bduty\b|\bduties\b|\bdata\s+breach|\bsecurity\s+breach|\bsettle\w*|"
     r"\bagreements?\b|\blease\b|\bbreach(?:es|ed|ing)?\s+(?:of\s+(?:the\s+)?(?:contract|warranty)\s+)?claims?\b|\bdeals?\b|"
     r"\binvoices?\b|\bsupply\s+(?:deal|contract|agreement|order)s?\b"),
    (r"(?<!\ball\s)caps?(?!\s+table)|capped", "limit"),  # "is there a cap on depositions": the rules set limits
    # "L.R. 37-1" is how a question cites a local rule, "Local Rule 37-1" how an order applies it (Judge Segal's)
    (r"(?:Civ\.\s?)?L\.\s?R\.?|LR", "local rule"),
    # evidence destroyed or deleted is, in the rules' words, information lost that should have been preserved (not
    # a privileged or confidential document a clawback or protective order has destroyed: 26(b)(5)(B))
    (r"destroy(?:s|ed|ing)?|delet(?:e|es|ed|ing)|wip(?:e|es|ed|ing)|shred(?:s|ded|ding)?", "lost preserved",
     r"\bclaw\w*|\bprivileg\w*|\bprotective\s+order|\bPO\b|\bsequester\w*|\breturn\w*|\bconfidential\w*|\binadvertent\w*"),
)
LEAD_INS = re.compile(
    r"^\s*(?:(?:hey|hi|hello|ok|okay|so|quick (?:q|question)|qq|sorry|dumb question|random question|question)"
    r"[\s,:;!.-]+)+", re.I)


def written_out(text: str) -> str:
    """The question with its lead-ins dropped and shorthand written out, without the rules' words added."""
    return write_out(LEAD_INS.sub("", text))


def expand(text: str) -> str:
    """The question with shorthand written out (see the module doc)."""
    out = written_out(text)
    added = [rep for rx, rep, unless in _LAY_RX if rx.search(out) and not (unless and unless.search(out))]
    if added:
        out = out.rstrip() + " (" + " ".join(added) + ")"
    return re.sub(r"\s{2,}", " ", out).strip()


_LAY_RX = tuple((re.compile(rf"(?<![\w'-])(?:{row[0]})(?![\w'-])", re.I), row[1],
                 re.compile(row[2], re.I) if len(row) > 2 else None) for row in LAY_TERMS)

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
        prefix = _PREFIX.match(w)
        if prefix and (prefix.group(2) in self.counts or self.known_stem(prefix.group(2))):
            # a known word written solid with its prefix ("prefiling", "nonretained"): hyphenated, as the rules write
            # them, never "corrected" into another word one letter away ("refiling", "retained")
            return f"{word[:len(prefix.group(1))]}-{word[len(prefix.group(1)):]}"
        dels = _deletes(w)
        cands = {c for d in dels | {w} for c in self._deletes.get(d, ()) if _one_edit(w, c)}
        cands |= {d for d in dels if d in self.counts}  # a letter too many: "judgement", "privilegee"
        if not cands:
            return word
        best = max(cands, key=lambda c: (self.counts[c], c))
        return best if _english(best) >= mine else word

    def correct(self, text: str) -> str:
        return _WORD.sub(lambda m: self.correct_word(m.group(0)), text)


_PREFIX = re.compile(r"(pre|non|post|anti|counter|cross|multi|co)([a-z]{4,})$")


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
