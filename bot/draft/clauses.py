"""What a clause of a proposed protective order does, read by its parts rather than its usual words.

Each finding of the review (`bot.draft.review`) is decided from a few named cues, written from what the
rules require (C.D. Cal. L.R. 79-5: a court order on an application for each sealed filing; L.R. 37-1 and
37-2: the conference of counsel, then a joint stipulation; Fed. R. Civ. P. 26(c): good cause shown for
particular material), not from the model order's sentences:

- **sealing**: the clause takes material out of the public file (`REMOVE`: filed, lodged or kept under seal,
  a sealed envelope, off the public record or docket, in camera, a closed hearing, the clerk told to seal),
  and either says no court decision on each filing is needed (`NEGATED`: "without further order", "this
  Order constitutes leave", "L.R. 79-5 shall not apply", "the Clerk is directed") or never asks for one
  (`REQUIRED`: an application, leave, the Court's order or approval, L.R. 79-5, Rule 5.2);
- **disputes**: a dispute or violation goes ex parte, or to a decision-maker by a road other than L.R. 37
  (`ROUTE`: a motion, a letter or a call to chambers, a referee), or the clause sets L.R. 37 aside
  (`L37_BYPASS`: "notwithstanding", "in lieu of the joint stipulation", "without a meeting of counsel");
- **designations**: everything produced (`SCOPE`: all documents, every transcript, the entire production,
  in full) is deemed confidential (`STATUS`), other than for a short time to designate (`TEMPORARY`);
- **speculation**: harm from unnamed actors (`SPECULATION`: unknown third parties, hostile actors, the
  wrong hands); a named competitive harm ("competitors could undercut Acme's bids") is not speculation.

The table of clauses in ``tests/data/review_clauses.yaml`` (written by a reviewer who had not seen this
code) measures it: see the README's "Drafting and review".

>>> blanket_sealing("All CONFIDENTIAL documents shall be filed under seal without further order of the Court.")
True
>>> blanket_sealing("A Party may apply under L.R. 79-5.2.2 for leave to file Protected Material under seal.")
False
>>> blanket_designation("All documents produced in this action shall be deemed CONFIDENTIAL.")
True
"""
from __future__ import annotations

import re

W = r"[^.;]"  # within one clause

# 1. the act: material taken out of public view (filed, lodged or kept under seal; off the public record or docket;
#    in camera; a closed hearing; a sealed envelope; the clerk told to seal)
REMOVE = re.compile(
    r"\b(?:shall|will|must|may|is|are|be|to|remains?)\s+(?:[\w',-]+\s+){0,6}?under\s+seal\b|"
    r"\b(?:file|filing|lodge|lodging|submit|submitting|keep|keeping|maintain|maintaining|place|placing|accept|accepting)"
    r"\s+(?:[\w',-]+\s+){0,4}?under\s+seal\b|\bsealed\s+(?:envelopes?|containers?|packages?|form|portions?|version|documents?|filings?|"
    r"-?document\s+event)\b|\b(?:shall|will|must|is|are)\s+(?:be\s+|remain\s+)?sealed\b|\bremain\s+sealed\b|"
    r"\b(?:kept|withheld|excluded|removed|omitted)\s+(?:\w+\s+){0,2}(?:out\s+of|from)\s+(?:the\s+)?(?:public|open)\s+"
    r"(?:record|file|docket|view)|"
    r"\b(?:not|never)\s+(?:be\s+|to\s+be\s+)?(?:publicly\s+)?(?:placed|made\s+part|included|filed|docketed|entered|"
    r"made\s+available|lodged|submitted)\b"
    + W + r"{0,40}\b(?:public|open)\s+(?:record|file|docket)|"
    r"\b(?:not|never)\s+(?:be\s+|to\s+be\s+)?(?:publicly\s+)?(?:docketed|filed\s+publicly|made\s+public)\b|"
    r"\b(?:no|nothing)\b" + W + r"{0,200}\b(?:shall|will|may|is\s+to)\s+be\s+(?:placed|filed|included|lodged|made\s+part|"
    r"entered)\b" + W + r"{0,40}\b(?:public|open)\s+(?:record|file|docket)|"
    r"\bin\s+camera\b|\bdirectly\s+to\s+chambers\b|\bclosed\s+to\s+(?:the\s+public|all\s+persons)|"
    r"\b(?:seal|sealing)\s+(?:of|the)\b(?!\s+(?:the\s+)?court\b)",
    re.I)

# 2. a court decision on each filing is what the clause requires
REQUIRED = re.compile(
    r"\bapplication\b|\bmotion\s+(?:to|for)\s+(?:seal|leave)|\b(?:seek|seeks|seeking|obtain|obtains|request|requests|"
    r"apply|applies|move|moves)\b" + W + r"{0,60}\b(?:leave|permission|order|approval|authori[sz]ation|seal)|"
    r"\b(?:unless|until|absent|upon|by|pursuant\s+to|only\s+(?:upon|with|after|by|pursuant\s+to))\s+(?:(?:a|an|the|further|"
    r"specific|prior|written)\s+)*(?:court\s+)?(?:order|leave|approval|permission)|"
    r"\bthe\s+court\s+(?:has\s+)?(?:so\s+)?(?:orders?|ordered|grants?|granted|permits?|approves?|authori[sz]es?|allows?|"
    r"directs?)\b|\bif\b" + W + r"{0,30}\bcourt\b" + W + r"{0,20}\b(?:grants?|orders?|approves?)|"
    r"\bdoes\s+not\s+(?:by\s+itself\s+)?(?:entitle|authori[sz]e|permit)|\bnothing\s+in\s+this\s+(?:stipulated\s+)?"
    r"(?:protective\s+)?order\s+(?:shall\s+be\s+construed\s+as\s+|)(?:authori[sz]|entitl|permit)|"
    r"\bnot\s+(?:be\s+)?(?:construed|deemed)\s+(?:as\s+|to\s+be\s+)?(?:an?\s+)?(?:authori[sz]|leave|order)|"
    r"\b(?:fed(?:eral|\.)?\s+r(?:ule|\.)?\s+(?:of\s+)?civ(?:il|\.)?\s+p(?:rocedure|\.)?\s+|rule\s+)5\.2\b|"
    r"\b(?:l\.?\s?r|local\s+rule)\.?\s+79-5\b|"
    r"\b(?:in\s+accordance\s+with|pursuant\s+to|under|following|compl\w*\s+with)\s+(?:the\s+)?(?:court'?s|"
    r"applicable|assigned\s+judge'?s)\s+(?:[\w-]+\s+){0,2}?(?:procedures?|rules?|requirements)\b",
    re.I)

# 3. ... unless the clause itself says no such decision is needed (the order is the leave; 79-5 does not apply)
NEGATED = re.compile(
    r"\bwithout\s+(?:the\s+need\s+(?:for|of)\s+|the\s+court'?s?\s+|any\s+|further\s+|a\s+|an\s+|separate\s+|prior\s+)*"
    r"(?:further\s+)?"
    r"(?:court\s+)?(?:order|application|leave|motion|approval|permission)|"
    r"\bno\s+(?:further\s+|separate\s+|additional\s+)*(?:court\s+)?(?:order|application|leave|motion|approval)\b" + W +
    r"{0,40}\b(?:necessary|required|needed|need\s+be)|"
    r"\bneed\s+not\s+(?:\w+\s+){0,3}(?:application|motion|order|leave|approval)|"
    r"\b(?:this|the\s+present)\s+(?:stipulated\s+)?(?:protective\s+)?order\s+(?:shall\s+|will\s+|hereby\s+)?"
    r"(?:constitut\w*|serves?\s+as|is|be\s+deemed)\b" + W + r"{0,40}\b(?:order|leave|authori[sz]ation|approval)|"
    r"\bhereby\s+(?:grants?|given|authori[sz]\w*)\b" + W + r"{0,60}\b(?:any|all)\b|"
    r"\b79-5\b" + W + r"{0,40}\b(?:shall|will|does)\s+not\s+apply|\bnothing\s+in\s+(?:local\s+rule|l\.\s?r\.)\s+79-5|"
    r"\bnot\s+(?:be\s+)?(?:required|necessary)\s+to\s+(?:file|submit|seek|obtain)|"
    r"\bnevertheless\b|\bnotwithstanding\s+(?:the\s+)?(?:denial|court)|"
    r"\bclerk\b" + W + r"{0,20}\b(?:is|shall\s+be)\s+(?:hereby\s+)?(?:directed|ordered|instructed)|"
    r"\bthe\s+designating\s+party\s+may\s+require\b|\bat\s+the\s+(?:request|direction)\s+of\s+the\s+designating",
    re.I)


_QUOTED = re.compile(r"[\"“][^\"”]{0,300}[\"”]")
_ABBREV_DOT = re.compile(r"\b([A-Z][a-z]{0,3})\.(?=\s?[A-Z0-9(])")


def plain(sentence: str, *, legends: bool = False) -> str:
    """The clause as the cues read it: a quoted legend ("NOT TO BE OPENED EXCEPT BY ORDER OF THE COURT") is a
    label, not a rule, and is left out; abbreviations lose their dots (L.R., Fed. R. Civ. P.) so a clause is
    not cut at them."""
    kept = re.sub(r"[\"“”]", "", sentence) if legends else _QUOTED.sub('""', sentence)
    return _ABBREV_DOT.sub(r"\1", kept)


def sentences(text: str) -> list[str]:
    r"""The sentences of a text, never cut at an abbreviation ("L.R. 79-5", "Fed. R. Civ. P. 26(c)") nor at a
    ';' (a proviso belongs to its sentence), nor across a paragraph; as written (the cues read `plain`).

    >>> sentences("Filed under L.R. 79-5. Then this.\n\nNext paragraph")
    ['Filed under L.R. 79-5.', 'Then this.', 'Next paragraph']
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        masked = _ABBREV_DOT.sub(lambda m: m.group(1) + "\u2024", " ".join(block.split()))
        out += [s.replace("\u2024", ".") for s in re.split(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])", masked) if s.strip()]
    return out


# a clause has a verb that governs something; a heading ("Filing Under Seal.") does not
_GOVERNS = re.compile(r"\b(?:shall|will|must|may|is|are|be|remains?|constitutes?|grants?|directs?|agrees?|need|"
                      r"requires?|applies|apply)\b", re.I)


# a prohibition ("No document shall be filed under seal without the Court's approval"): its "without ..."
# names what is required, not what is waived
PROHIBITION = re.compile(r"^\W*(?:no|nothing|neither)\b|\b(?:shall|will|may|must|can)\s*(?:not|never)\b", re.I)
WITHOUT = re.compile(r"\bwithout\b", re.I)
# sealing refused, not prescribed ("shall not be filed under seal merely because it is designated")
NOT_SEALED = re.compile(r"\b(?:not|never)\s+(?:be\s+)?(?:filed|lodged|submitted|kept|maintained)\s+under\s+seal\b"
                        r"(?![^.;]{0,40}\b(?:except|unless|other\s+than|but\s+only)\b)", re.I)


def blanket_sealing(sentence: str) -> bool:
    """A clause that takes material out of the public file with no court decision on each filing (or says
    none is needed)."""
    sentence = plain(sentence)
    if not REMOVE.search(sentence) or not _GOVERNS.search(sentence) or NOT_SEALED.search(sentence):
        return False
    negated = NEGATED.search(sentence)
    if negated and WITHOUT.match(negated.group(0)) and PROHIBITION.search(sentence):
        negated = NEGATED.search(sentence, negated.end())  # the prohibition's "without" asks for the decision
        return bool(negated)
    return bool(negated) or not REQUIRED.search(sentence)


# ---------------------------------------------------------------- disputes
TOPIC = re.compile(r"\b(?:violat\w*|breach\w*|challeng\w*|disput\w*|object\w*)\b", re.I)
EX_PARTE = re.compile(r"\bex\s+parte\b", re.I)
EX_PARTE_NEG = re.compile(r"\b(?:no|not|never|without)\b[^.;]{0,40}\bex\s+parte\b", re.I)
ROUTE = re.compile(
    r"\b(?:file|filing|bring|serve|make|present|notice)\s+(?:and\s+serve\s+)?(?:a|an|the|any|its)?\s*(?:\w+\s+){0,3}motion|"
    r"\bmotions?\s+(?:to|for)\s+(?:retain|enforce|compel|challenge|sanction|relief|an\s+order)|\bnoticed\s+motion|"
    r"\bmove\s+(?:the\s+court|for)|\bmay\s+move\b|\bseek\w*\s+(?:relief|sanctions|an\s+order|a\s+ruling)|"
    r"\b(?:apply|application|petition)\s+(?:to\s+the\s+court|for)|\border\s+to\s+show\s+cause|"
    r"\bletter(?:\s+brief)?\b[^.;]{0,60}\b(?:court|judge|chambers)|\b(?:court|judge)'?s?\s+attention\b|"
    r"\btelephone\b[^.;]{0,40}\b(?:chambers|judge|court)|\bcall\w*\s+(?:the\s+)?(?:court|chambers)|"
    r"\b(?:discovery\s+)?referee\b|\barbitrat\w*|\bspecial\s+master\b|\bmediator\b[^.;]{0,40}\bbinding|"
    r"\binformal\b[^.;]{0,40}\bconference\b[^.;]{0,80}\b(?:final|in\s+lieu)", re.I)
L37 = re.compile(r"\b37[-.][1-4]\b|\blocal\s+rules?\s+37\b|\bl\s?r\s+37\b|\bjoint\s+stipulation\b|"
                 r"\bpre-?filing\s+conference\b|\bconference\s+of\s+counsel\b", re.I)
L37_BYPASS = re.compile(
    r"\b(?:37[-.]2|joint\s+stipulation)\b[^.;]{0,60}\b(?:shall|will|does)\s+not\s+apply|"
    r"\b(?:notwithstanding|in\s+lieu\s+of|instead\s+of|rather\s+than|without\s+regard\s+to)\b[^.;]{0,60}"
    r"\b(?:37|joint\s+stipulation|conference|meet\s+and\s+confer)|"
    r"\bwithout\s+(?:the\s+)?(?:necessity|need)\s+(?:of|for)\s+(?:a\s+)?(?:meeting|conference|meet)|"
    r"\bnot\s+subject\s+to\s+review\s+by\s+the\s+court|\bfinal\s+and\s+binding\b", re.I)


def dispute_bypass(paragraph: str) -> str:
    """The sentence of a paragraph about disputes or violations that sends them to a decision-maker by a road
    other than L.R. 37 ("" when it does not)."""
    p = plain(paragraph)
    for s in re.split(r"(?<=[.;])\s+(?=[A-Z(0-9])", p):
        if (EX_PARTE.search(s) and not EX_PARTE_NEG.search(s)) or (L37_BYPASS.search(s) and (ROUTE.search(p) or L37.search(p))):
            return s
    if L37.search(p) or not TOPIC.search(p):
        return ""
    for s in re.split(r"(?<=[.;])\s+(?=[A-Z(0-9])", p):
        if ROUTE.search(s):
            return s
    return ""


# ---------------------------------------------------------------- designations
_GENERAL = (r"(?:documents?|information|materials?|discovery(?:\s+materials?)?|things|items|productions?|"
            r"transcripts?|testimony|depositions?|responses|everything|disclosures)")
SCOPE = re.compile(
    r"\b(?:all|every|each|any\s+and\s+all)\b[^.;]{0,30}?\b" + _GENERAL + r"\b|\bentire\s+(?:production|"
    r"document\s+production|volume)|\bin\s+(?:its|their)\s+entirety\b|\bin\s+full\b|\bwhether\s+or\s+not\s+(?:so\s+)?"
    r"(?:marked|designated)|^(?:deposition\s+)?testimony\b|\b(?:deposition\s+testimony|the\s+production)\b", re.I)
STATUS = re.compile(  # the predicate, not a description ("documents designated CONFIDENTIAL that are filed ...")
    r"\b(?:shall|will|must|may|is|are|be|hereby)\s+(?:(?:be|hereby|to\s+be|automatically|also|in\s+full)\s+)*"
    r"(?:deemed|treated|designat\w*|presumed|considered|classified|regarded)\b[^.;]{0,60}?"
    r"(?:confidential|attorneys'?\s+eyes|protected\s+material|aeo)|\bconstitutes?\b[^.;]{0,20}?confidential", re.I)
TEMPORARY = re.compile(r"\bfor\s+(?:a\s+period\s+of\s+)?(?:\w+\s+)?\(?\d+\)?\s+(?:court\s+)?days\b|\bdays\s+after\b|"
                       r"\bduring\s+the\s+inspection\b|\bbefore\s+designation\b|\buntil\b(?![^.;]{0,30}\b(?:final\s+"
                       r"disposition|conclusion|termination|end)\b)[^.;]{0,80}\b(?:designat|identif|cop(?:y|ied)|marked)",
                       re.I)
RESTRAINT = re.compile(r"\bprohibited\b|\b(?:shall|must|may)\s+not\b|\blimit\w*\b[^.;]{0,40}\bspecific\b|\bdo(?:es)?\s+not\s+"
                       r"(?:cover|apply)", re.I)


def blanket_designation(sentence: str) -> bool:
    s = plain(sentence, legends=True)
    return bool(SCOPE.search(s) and STATUS.search(s) and not TEMPORARY.search(s) and not RESTRAINT.search(s))


# ---------------------------------------------------------------- speculation
SPECULATION = re.compile(
    r"\b(?:unknown|unidentified|unnamed|hostile|bad|malicious|nefarious|unscrupulous|ill-intentioned|criminal)\s+"
    r"(?:\w+\s+)?(?:actors?|persons?|parties|individuals?|entities|people|elements|third\s+parties|others)\b|"
    r"\bwrong\s+hands\b|\bhands\s+of\s+(?:competitors|others|third\s+parties|the\s+public)\b|"
    r"\b(?:wrongdoers|persons?\s+with\s+ill\s+intent|nefarious\s+purposes?)\b|"
    r"\b(?:misused|exploited)\s+by\s+(?:others|third\s+parties|unknown|anyone)|"
    r"\bfor\s+improper\s+purposes\b|\bdifficult\s+to\s+predict\b", re.I)
