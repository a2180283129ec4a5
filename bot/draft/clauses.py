"""What a clause of a proposed protective order does, read by its parts rather than its usual words.

Each finding of the review (`bot.draft.review`) is decided from a few named concepts, written from what the
rules require (C.D. Cal. L.R. 79-5: a court order on an application for each sealed filing; L.R. 37-1 and
37-2: the conference of counsel, then a joint stipulation; Fed. R. Civ. P. 26(c): good cause shown for
particular material; *Al Otro Lado*: no speculation about what unnamed actors might do), not from the model
order's sentences:

- **sealing**: the clause takes material out of the public file (`REMOVE`: filed, lodged or kept under seal,
  a sealed, opaque or marked container, kept, held or segregated apart from the public record or docket, placed
  in the Clerk's non-public files, not scanned, docketed or placed in the public file, never to become or form part
  of it nor find its way onto it (`_ENTER`), redacted or left out of the public version, in camera, delivered to
  chambers instead of filed, a closed hearing or closed session; or, for what is filed, `RESTRICTED`: access
  restricted to the Court and counsel, whoever is named first ("viewable only by counsel of record and the Court",
  "case participants and the assigned judge"), e-filed as a restricted document or by a restricted-access event,
  "unavailable to the public", "the public shall have no access", "treated as non-public", "shall stay
  non-public") and the removal does not wait for a court decision on
  that filing. It does not when the clause says no decision is needed or supplies one itself (`WAIVED`:
  "without further order", "this Order constitutes leave", "deemed granted", "L.R. 79-5 shall not apply" or
  "need not comply with the sealing procedures", "nothing shall require a Party to obtain leave", sealed
  "nonetheless" when the showing fails, a showing "deemed made" or that "no Party need make", the clerk directed),
  when it asks for none (`DECISION`: an application, leave, the Court's order, approval or decision, the Court itself
  choosing to review in camera, a matter for the Court, a showing the Court weighs, also one a party "must make" or a
  burden it "must carry", whatever the bench is called: "the judicial officer", "Her Honor"; not
  an "application" that is only a paper the material is used in, `PAPERS`), when the Court's order is only a
  way to undo a sealing that happens first (`DEFAULT`: "until further order", "unless the Court orders
  otherwise"; `UNDONE`: "shall not be opened except upon further order", "until ... moves to unseal it and the
  Court grants that motion"), or when it commands sealing and only names the rule (`MANDATE` with `CITATION`
  alone: "shall be filed under seal pursuant to L.R. 79-5"). Redacting the identifiers of Fed. R. Civ. P. 5.2
  is allowed by that rule, and presenting clawed-back material under seal "for a determination of the claim" by
  Rule 26(b)(5)(B). How a copy made for the judge beside the filing is wrapped (`JUDGES_COPY`: a courtesy,
  chambers, working or bench copy "delivered in a sealed envelope") is no sealing of the filing, unless the copy
  is delivered instead of filing;
- **disputes**: a dispute or violation goes ex parte, or to a decision-maker by a road other than L.R. 37
  (`ROUTE`: a motion, a letter, an e-mail or a call to chambers, written summaries or position statements,
  briefs exchanged, an oral presentation at a conference, the district judge, a referee or a private neutral
  who decides), or the clause sets L.R. 37 or its steps aside (`L37_BYPASS`: "notwithstanding", "in lieu of
  the joint stipulation", "L.R. 37-1 is waived", "without the necessity of a joint stipulation", "no joint
  stipulation need be prepared", "L.R. 37-2 shall not govern"), or it keeps the conference but then takes
  another road (the ordinary one of a noticed motion, an opposition and a reply, `ORDINARY_MOTION`: L.R. 6-1,
  7-9, 7-10; or any `ROUTE`) instead of the joint stipulation (`L37_JOINT`), or it adopts L.R. 37 and carves a
  road out of it (`PROVISO`: "provided, however, that ... may call chambers"; "instead"; `RESIDUAL`: "all other
  disputes shall proceed under L.R. 37-1"; a class of disputes `DECIDED` on another road). The joint stipulation
  is L.R. 37-2's whether named or described (`_JOINT_PAPER`: "jointly prepare a single written stipulation", "one
  stipulation, prepared jointly", "a single document stating each Party's contentions"). A challenge whose burden
  of persuasion is taken off the Designating Party (`BURDEN_SHIFTED`: the challenger "shall bear the burden", "it
  is for the Party contesting it to demonstrate", a designation "presumed to have been made properly", the
  Designating Party "need not justify" it) departs from the procedure too (Rule 26(c); the sample order's § 6.3);
  so does a party's own remedy for a breach or a dispute (`SELF_HELP`: it "may, at its election, suspend all
  further production until the breach has been cured to [its] satisfaction", revoke access to the repository, stop
  producing), unless it lasts only until the Court rules;
- **designations**: everything produced (`SCOPE`: all documents, any other documents, a party's entire
  production, in full) is given confidential status (`STATUS`), other than for a short time to designate
  (`TEMPORARY`) and other than by a producer's judgment of what qualifies (`RESTRAINT`);
- **good cause**: a harm clause is read by its parts (`harms`, `Harm`): what brings it about (disclosure, or someone
  who obtains the material: "a contractor that obtained the specifications", "each Party seeing the other's bid", or
  whom it reaches: "if either side's schedule reached the other's sales force", "should the worksheets fall into the
  hands of Granite's estimators"), how sure it is (the modal: "would", "could potentially", "a risk of"), what would
  happen (the consequence) and who suffers it. It is specific (`specific_harm`) when the consequence says, in words
  of this case, what would happen (who would do it counts: "the supervisor who sets their schedules could
  retaliate"), not in the words every statement uses (the court's sample statement, stock harms); stock words with
  only a victim ("could potentially cause harm to Acme Corp.") say nothing of what would happen, nor do words that
  only touch an interest of the one harmed (`_TOUCHED`: "might compromise institutional security or otherwise
  interfere with the Department's law enforcement functions", "weaken the Firm's competitive position"), nor Rule
  26(c)'s own words ("could annoy, embarrass or oppress", "undue burden or expense") or privacy rights in the
  abstract, nor use outside the case, which every order guards against (`_ELSEWHERE`: "could be put to uses
  unrelated to the claims and defenses herein"). A risk *to* named people ("a risk to the officers' and their
  families' safety") says who would be endangered. What the order or discovery will do ("entry of this Order will
  let the Parties exchange documents promptly"), disclosure as what is guarded against ("wish to protect it from
  public disclosure") and the statement's conclusion ("and that protection of those records is therefore
  appropriate", "which is why") are no harm. A statement with no specific harm is specific still when it names this
  case's material (with a particular: a number, a name) and says, in facts of this case, why it is confidential
  (`confidential_because`): a law of its own protects it ("confidential under California Penal Code section 832.7",
  "subject to HIPAA", "governed by 42 C.F.R. Part 2"), someone outside the case is owed its secrecy (a licensor, "the
  non-party nurses have not consented", "a clause requiring Coastline to keep the contract's terms confidential"), it
  is kept from or to people named ("not disclosed even to policyholders", "shares the ledger with no one outside its
  development director"), or it holds what identifies a person ("home addresses, Social Security numbers"); the
  Parties' own view ("the Parties consider", "in the ordinary course", "never made public") or a privacy law in the
  abstract is no such reason;
- **speculation**: harm that rests on what unnamed actors might do (persons outside the litigation, "parties
  unknown", the media, market participants, those "with improper motives", known only by a tie to someone ("persons
  associated with her former employer") or by litigation elsewhere ("counsel in unrelated litigation"); material "of
  interest to" them, or "a risk that" they obtain it; "were competitors to obtain the data, they might ..."), or on
  what others might make of the material, whatever the modal ("could be taken out of context by the press",
  "misread", "sensationalized"), or on a hedge ("in theory", "some future time", "somehow", "in some fashion", "it
  cannot be ruled out", and a harm or an unnamed actor's doing that a party "cannot rule out" or "cannot discount"),
  or on the material being "used against" a party by no one named; a harm some actor would or could bring about
  ("competitors could undercut Acme's bids") is not, nor is speculation the statement sets aside (`set_aside`:
  "Plaintiffs do not contend that unnamed competitors might misuse this information", "the concern is not that").
  When no harm of the statement is specific, a harm of a kind it says it does not know ("unspecified harm",
  "unforeseen consequences", "risks that cannot be accurately predicted", "harm of one kind or another", "of some
  sort", "in ways that Defendant cannot presently foresee") or whose extent it cannot know ("the full extent of
  which cannot be anticipated at this early stage": what it cannot know, and when, is no part of what would happen),
  or whose reason it leaves for later ("as the Parties will demonstrate if called upon"), or an empty harm only said
  to be possible, whoever it falls on ("The Producing Party may suffer harm", "could be damaging to the commercial
  interests of the Parties"), said to be expected (`EXPECTED`: "Harm to the Parties ... is reasonably anticipated",
  "injury is likely to follow") or only a party's belief (`BELIEF`: "Defendants believe in good faith that
  disclosure would be prejudicial to them"), is speculation too (`unsupported_harm`); so is an empty harm that is
  only a label said as certain ("their dissemination would be damaging", "would cause Defendant serious, immediate,
  and irreparable injury", "would be damaging to the Parties"), whoever it falls on. How irreparable a harm
  is ("for which there is no adequate remedy at law", "that money damages could not repair", `_REMEDY_CLAUSE`) says
  how grave it is, not what would happen. A harm claim is read by its structure, not its usual words: the stock words
  take an interest of the one harmed by the form of an abstract noun ("bargaining leverage", "consumer confidence"),
  impaired or said to decline, a plight ("at a handicap", "under strain"), an advantage handed to others, a harm
  invited, faced or caused whatever its noun; the hedge may be a frame ("it is reasonable to assume") or open the
  consequence ("would be likely to"); and in a statement that says no particular fact (`grounded`: no number, date or
  name), a consequence of a few words is only asserted (`Harm.bare`), as empty as stock words.

The tables of clauses in ``tests/data/review_clauses*.yaml`` measure it: see the README's "Drafting and review".

>>> blanket_sealing("All CONFIDENTIAL documents shall be filed under seal without further order of the Court.")
True
>>> blanket_sealing("A Party may apply under L.R. 79-5.2.2 for leave to file Protected Material under seal.")
False
>>> blanket_sealing("Protected Material filed with the Court shall remain under seal until further order.")
True
>>> blanket_designation("All documents produced in this action shall be deemed CONFIDENTIAL.")
True
>>> speculative("Competitors might use the lists to solicit Defendant's customers.")
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

W = r"[^.;]"  # within one clause

# The most a cue reads as one sentence, and the furthest back it looks for the start of its clause.  The cues read a
# sentence, and some read the words before a match, so one endless "sentence" (a shared file of 800,000 characters
# with no full stop) cost the square of its length: 72 s.  No sentence of a real order comes near it (the longest
# of the review tables: under 1,000 characters; their longest paragraph 1,709): a longer one is read in pieces cut
# at a clause's end (`bounded`), so a document costs what its length in ordinary sentences does.
MAX_SENTENCE = 2000


def bounded(pieces: Iterable[str], limit: int = MAX_SENTENCE) -> list[str]:
    """`pieces` (sentences) as they are, each longer than `limit` cut into pieces no longer: at the last ';' or ','
    before the limit, else the last space, else at the limit; empty pieces dropped.

    >>> [len(p) for p in bounded(["Short.", "a, " * 500], limit=1000)]
    [6, 998, 500]
    """
    out: list[str] = []
    for piece in pieces:
        at, n = 0, len(piece)
        while n - at > limit:
            end = at + limit
            cut = max(piece.rfind("; ", at, end), piece.rfind(", ", at, end)) + 1
            if cut <= at + limit // 2:
                cut = piece.rfind(" ", at, end) + 1
            if cut <= at + limit // 2:
                cut = end
            out.append(piece[at:cut].strip())
            at = cut
        out.append(piece[at:].strip() if at else piece)
    return [p for p in out if p.strip()]


# the words before a cue, back to the clause's start, negate it ("not in place of L.R. 37")
NEGATOR = re.compile(r"\b(?:not|no|nothing|never|neither|nor|none)\b|n't\b", re.I)


# "not" before a participle that qualifies the subject, the clause's modal still to come ("not resolved by agreement
# shall"): the subject's negation, not the clause's
_QUALIFYING_NOT = re.compile(r"not\s+(?:yet\s+|otherwise\s+|already\s+)?\w+(?:ed|en)\b[^.;,]*?\b(?:shall|will|must|may|should)\b",
                             re.I)

_EXCEPT = re.compile(r"\b(?:except|other\s+than|unless|save|otherwise\s+than|but\s+only)\b", re.I)


def affirmed(text: str, start: int, end: int | None = None) -> bool:
    """Whether text[start:] is said without a negation before it in its clause ("not in place of L.R. 37"),
    or in the list it is an item of ("not for any tactical reason, to impose delay, or to shield ..."); an
    exception after the negation, up to `end` ("nothing ... shall be filed except under seal"), says it again.

    A negation that only qualifies the subject, its verb a participle and the clause's own modal after it ("Challenges
    not resolved by agreement shall be presented"), is not the clause's.

    >>> affirmed("and not for any tactical reason, to impose delay, or to shield it", 56)
    False
    >>> affirmed("Challenges not resolved by agreement shall be presented to the Court", 45)
    True
    """
    parts = re.split(r"[,;:(]", text[max(0, start - MAX_SENTENCE):start])  # the clause, never further back than that
    clause = parts.pop()
    while parts and re.match(r"\s*(?:(?:or|and|nor)\s+)?to\b", clause, re.I):
        clause = parts.pop() + "," + clause
    negators = [n for n in NEGATOR.finditer(clause) if not _QUALIFYING_NOT.match(clause, n.start())]
    return not negators or bool(_EXCEPT.search(clause + text[start:end or start], negators[-1].end()))


def _affirmed_hit(pattern: re.Pattern, text: str) -> bool:
    return any(affirmed(text, m.start()) for m in pattern.finditer(text))


# ---------------------------------------------------------------- sealing
_RECORD = (r"(?:(?:public(?:ly\s+(?:available|accessible))?|open|electronic|court'?s?)\s+(?:record|file|docket|case\s+file)|\bdocket\b|\bcm/?ecf\b|"
           r"\becf\b|record\s+of\s+this\s+(?:action|case)|public(?:ly\s+(?:available|filed))?\s+(?:version|copy|filing)s?)")
_PUBLIC_ACCESS = r"public(?:'s)?\s+(?:view|inspection|access|eye|scrutiny|release)"
# what comes to be part of the record, whatever the verb: "become part of", "form part of", "find its way onto"
_ENTER = (r"(?:become|becomes|form|forms|constitute|make\s+up)\s+(?:a\s+|any\s+)?part|(?:find|finds|make|makes|work|works)\s+"
          r"(?:its|their|any)\s+way|end\s+up|wind\s+up|land|appear")
_CONTAINER = r"(?:envelopes?|containers?|packages?|packets?|box(?:es)?|folders?|binders?|cartons?|wrappers?)\b"

# 1. the act: material taken out of public view
REMOVE = re.compile(
    # filed, lodged, kept ... under seal
    r"\b(?:shall|will|must|may|is|are|be|to|remains?|stay)\s+(?:[\w',-]+\s+){0,6}?under\s+seal\b|"
    r"\b(?:file|filing|files|lodge|lodging|submit|submitting|keep|keeping|maintain|maintaining|place|placing|accept|"
    r"accepting|present|presenting)\s+(?:[\w',-]+\s+){0,10}?under\s+seal\b|\bas\s+(?:a\s+|an\s+)?sealed\b|"
    # in a sealed envelope; the sealed-document event; shall be (treated as) sealed
    r"\bin\s+(?:a\s+|the\s+)?sealed\s+(?:form|version)\b|\bsealed[- ]document\s+event\b|"
    r"\bsealed\s+(?:[\w-]+\s+)?" + _CONTAINER + r"|\b" + _CONTAINER + W + r"{0,30}?\b(?:marked|labell?ed|stamped|bearing)\b" +
    W + r"{0,20}?\b(?:confidential|sealed|under\s+seal|protected|attorneys)|\b" + _CONTAINER + r"\s*,?\s*(?:[\w-]+\s+){0,2}?sealed\b|"
    r"\b(?:enclos|plac|put|insert|seal)\w*\s+(?:\w+\s+){0,3}?in\s+(?:an?\s+|the\s+)?(?:opaque|sealed|closed|secure)\s+"
    r"(?:[\w-]+\s+)?" + _CONTAINER + r"|"
    r"\b(?:shall|will|must|is|are|to)\s+(?:\w+\s+){0,2}?(?:be\s+|remain\s+|stay\s+)?(?:treated\s+as\s+|deemed\s+)?"
    r"sealed\b|\bremains?\s+sealed\b|"
    # kept out of / withheld from / off the public record, docket or view
    r"\b(?:keep|keeps|kept|keeping|withh[oe]ld\w*|exclud\w*|remov\w*|omit\w*|shield\w*|hid\w*|protect\w*|retain\w*|"
    r"hold|holds|held|holding|stor(?:e|es|ed|ing)|maintain\w*|segregat\w*|separat\w*|sequester\w*|set\s+apart)\b"
    r"(?:\s+[\w'-]+){0,4}?\s+(?:out\s+of|from|off|outside(?:\s+of)?)\s+(?:the\s+)?(?:" + _RECORD + "|" +
    _PUBLIC_ACCESS + r")|"
    r"\b(?:in|into|to|on|among)\s+(?:the\s+)?(?:clerk'?s\s+|court'?s\s+)?(?:non-?public|private|restricted|sealed|"
    r"secret)\s+(?:case\s+)?(?:files?|docket|records?|vault|portion\s+of\s+the\s+(?:file|docket|record))\b|"
    r"\b(?:prevent\w*|preclud\w*|bar|bars|barring|restrict\w*|den(?:y|ies|ied))\s+(?:\w+\s+){0,2}" + _PUBLIC_ACCESS +
    r"|\b(?:available|accessible|viewable|provided|submitted|delivered|lodged|given)\s+only\s+to\s+(?:the\s+)?"
    r"(?:court|(?:\w+\s+)?judge|chambers)\b|"
    # negative forms: not placed in / not to appear on / never to become part of or find its way onto the public record
    r"\b(?:not|never)\s+(?:be\s+|to\s+be\s+|become\s+)?(?:publicly\s+)?(?:placed|made\s+(?:a\s+)?part|(?:a\s+)?part|"
    r"included|filed|docketed|entered|made\s+available|lodged|submitted|scanned|uploaded|posted|appear|available|"
    r"accessible|place|put|include|enter|scan|upload|post|add|make\s+(?:it|them|such\s+\w+)\s+part|incorporated|"
    r"integrated|merged|" + _ENTER + r")\b" +
    W + r"{0,40}" + _RECORD + "|"
    r"\b(?:not|never)\s+(?:be\s+|to\s+be\s+)?(?:publicly\s+)?(?:docketed|filed\s+publicly|made\s+public)\b|"
    r"\bnot\s+(?:be\s+)?(?:open|available|accessible|subject)\s+to\s+(?:the\s+)?public\b|"
    r"\bnot\s+(?:\w+\s+){0,4}?(?:available|accessible|open)\s+(?:for|to)\s+(?:the\s+)?public(?:'s)?\s+"
    r"(?:inspection|view|access)|"
    r"\b(?:no|nothing)\b" + W + r"{0,200}\b(?:shall|will|may|must|can|is\s+to)\s+(?:(?:at\s+any\s+time|ever|thereafter)\s+)?"
    r"(?:be\s+(?:placed|filed|included|lodged|made\s+part|entered|added|posted|docketed|incorporated|integrated|merged)|" +
    _ENTER + r")\b" + W + r"{0,40}" + _RECORD + "|"
    # redacted out of a filing (the verb, not a public "redacted version")
    r"\bredact(?:s|ing)?\b|\bredactions\b|\b(?:be|been|is|are)\s+redacted\s+from\b|"
    # filed only as redacted, the unredacted version kept off the docket ("filed in fully redacted form only"; "the
    # unredacted versions shall be provided to the Court by e-mail ... and shall not be filed")
    r"\bin\s+(?:\w+\s+)?redacted\s+form\s+only\b|\bonly\s+in\s+(?:\w+\s+)?redacted\s+form\b|"
    r"\bunredacted\b[^.;]{0,160}\b(?:not|never)\s+(?:be\s+)?(?:e-?)?filed\b|"
    r"\b(?:omit\w*|excis\w*|leav\w*\s+out|strip\w*\s+out|black\w*\s+out)\s+(?:all\s+|any\s+|the\s+|such\s+)?"
    r"(?:designated|confidential|protected|highly|aeo)\b|"
    r"\b(?:omit\w*|excis\w*|leav\w*\s+out|strip\w*\s+out|black\w*\s+out|mask\w*|obscur\w*|delet\w*)\b" + W + r"{0,80}?" +
    _RECORD + "|"
    # in camera; to chambers instead of the docket; a closed courtroom; the sealing of ...
    r"\bin\s+camera\b|\b(?:rather\s+than|instead\s+of|in\s+lieu\s+of)\s+(?:being\s+)?(?:e-?fil|fil|docket)\w*"
    r"(?!\s+(?:a|an|any|the|its)\s+(?:\w+\s+)?(?:motion|application|stipulation|brief|notice|letter))|"
    r"\bclosed\s+to\s+(?:the\s+public|all\s+persons)|\bclos(?:e|ed|ing|ure)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:courtroom|hearing|proceedings?)\b|\b(?:courtroom|hearing|proceedings?)\s+(?:shall|will|must)\s+be\s+closed\b|"
    r"\bclear(?:ed|ing)?\s+the\s+courtroom\b|\bcourtroom\s+(?:shall|will|must|is\s+to)\s+be\s+cleared\b|"
    r"\b(?:outside|out\s+of)\s+(?:the\s+)?(?:presence|hearing|view)\s+of\s+(?:the\s+)?public\b|"
    r"\bin\s+the\s+absence\s+of\s+(?:the\s+)?public\b|\bin\s+(?:a\s+)?(?:closed|private|secret)\s+(?:session|hearing)\b|"
    r"\bbehind\s+closed\s+doors\b|\bexclud\w*\b" + W + r"{0,60}\bfrom\s+(?:the\s+|any\s+|all\s+)?"
    r"(?:courtroom|hearings?|proceedings?|trial)\b|"
    r"\b(?:seal|sealing)\s+(?:of\s+)?(?:the|all|any|every|each|such|those|these)\b(?!\s+(?:the\s+)?court\b)|"
    # a public version that lacks the material ("a public version from which the Designated Material has been removed")
    r"\b(?:public|redacted)\s+(?:version|copy|filing)\s+(?:from\s+which|that\s+(?:omits|excludes|leaves\s+out)|omitting|"
    r"excluding|without)\b|"
    r"\b(?:shall|will|must|(?:directed|ordered|instructed)\s+to)\s+seal\b(?!\s+of)",
    re.I)

# ... or the public shut out of a filing: "restricted to viewing by the Court and counsel of record", "unavailable to
# the public", "the public shall have no access"; read only where the clause is about what is filed (`FILED`), since
# a protective order limits who may see discovery everywhere ("access limited to outside counsel")
_INSIDERS = r"(?:the\s+)?(?:court|(?:\w+\s+)?judge|chambers|judicial\s+officer)\b"
# ... named with those in the case before it ("viewable only by counsel of record and the Court", "case participants and
# the assigned judge"): still no one of the public
_PARTICIPANTS = (r"(?:the\s+)?(?:(?:parties(?:['’]\s*|\s+and\s+their\s+)?)?(?:counsel|attorneys|lawyers)(?:\s+of\s+record|\s+for\s+"
                 r"(?:the\s+)?parties)?|parties|case\s+participants|participants|litigants)(?:\s+(?:in|to|for)\s+(?:this|the)\s+"
                 r"(?:case|action|litigation|matter))?")
_INSIDER_LIST = (r"(?:" + _PARTICIPANTS + r"(?:\s*,\s*(?:their|its)\s+staff)?\s*,?\s*(?:and|or)\s+(?:to\s+|by\s+)?)?" +
                 _INSIDERS)
RESTRICTED = re.compile(
    r"\b(?:restrict\w*|limit\w*|confin\w*)\s+(?:\w+\s+){0,2}?(?:only\s+)?to\s+(?:(?:viewing|access|review|inspection)\s+"
    r"(?:by\s+)?)?" + _INSIDER_LIST + "|"
    r"\b(?:restrict\w*|limit\w*|confin\w*)\s+(?:public\s+)?(?:access|viewing|inspection)\s+(?:to|of)\b" + W + r"{0,60}?\bto\s+" +
    _INSIDER_LIST + "|"
    r"\b(?:access|viewing|inspection|review)\s+(?:to|of)\b" + W + r"{0,100}?\b(?:restricted|limited|confined)\s+"
    r"(?:only\s+)?to\s+" + _INSIDER_LIST + "|"
    r"\b(?:viewable|visible|accessible|available|open)\s+(?:only\s+|solely\s+|exclusively\s+)?(?:to|by)\s+" + _INSIDER_LIST +
    r"(?:\s*,?\s*(?:its\s+staff\s*,?\s*)?(?:and|or)\s+(?:\w+\s+){0,2}counsel)?(?:\s+only)?(?!\s*,?\s*(?:and|or)\s+"
    r"(?:the\s+)?public)|"
    r"\b(?:unavailable|inaccessible|closed|off-limits)\s+(?:to|for)\s+(?:the\s+)?(?:general\s+)?public\b|"
    r"\bpublic\s+(?:shall|will|may|is\s+to|are\s+to)\s+(?:\w+\s+)?(?:have|be\s+given|be\s+allowed)\s+no\s+access\b|"
    r"\bno\s+(?:member\s+of\s+the\s+)?public(?:'s)?\s+(?:access|inspection|viewing)\b|"
    r"\b" + _PUBLIC_ACCESS + W + r"{0,80}?\b(?:shall|will|must|is|are)\s+(?:be\s+)?(?:denied|barred|prohibited|restricted|"
    r"precluded|blocked|foreclosed)\b|"
    r"\bonly\s+" + _INSIDER_LIST + r"(?:\s*(?:,|and|or)\s+(?:[\w'-]+\s+){0,3}?)?\s*(?:may|shall|will|can)\s+(?:\w+\s+)?"
    r"(?:inspect|view|see|access|review|read|examine|open)\b|"
    # e-filed as a restricted document, by the filing system's restricted-access event or option
    r"\brestricted[- ]access\s+(?:event|option|entry|filing|docket\w*|setting|status)\b|\bas\s+(?:an?\s+)?restricted\s+"
    r"(?:document|filing|exhibit|entry)s?\b|"
    r"\bnot\s+(?:be\s+)?(?:viewable|visible|accessible|available|open|made\s+available|disclosed|shown|released|provided)\s+"
    r"(?:to|by)\s+(?:the\s+|any\s+)?(?:general\s+)?(?:public|members\s+of\s+the\s+public|non-?parties)\b|"
    r"\bnot\s+(?:be\s+)?(?:disclosed|shown|made\s+available|released|provided|open)\s+to\s+(?:any\s+(?:person|one|entity)|anyone)\s+"
    r"(?:other\s+than|except|but|besides)\s+" + _INSIDERS + "|"
    r"\bpublic\s+(?:may|shall|will|can)\s+not\s+(?:\w+\s+)?(?:inspect|view|see|access|examine|read|obtain|copy)\b|"
    # the filing kept as the Clerk's secret: "kept confidential by the Clerk", "treated as non-public documents"
    r"\b(?:kept|maintained|held|treated|handled|designated|remains?|stays?)\s+(?:by\s+the\s+(?:clerk|court)\s+)?(?:as\s+)?(?:strictly\s+)?"
    r"(?:non-?public|secret)\b|\b(?:kept|maintained|held|treated|handled)\s+(?:as\s+)?(?:strictly\s+)?(?:confidential|private|"
    r"restricted)\s+by\s+the\s+(?:clerk|court)\b", re.I)
FILED = re.compile(r"\b(?:e-?)?fil(?:e|es|ed|ing|ings)\b|\bdocket|\becf\b|\blodg\w*|\bsubmitted\s+to\s+the\s+court\b|"
                   r"\bsubmit(?:s|ting)?\s+(?:\w+\s+){0,3}?to\s+the\s+court\b|\bexhibits?\s+to\b|\btranscripts?\s+of\s+(?:a\s+|any\s+|the\s+)?(?:hearing|proceeding|trial)", re.I)


def removals(sentence: str) -> list[re.Match]:
    """Where the clause takes material out of the public file (`REMOVE`, `RESTRICTED` about a filing)."""
    found = list(REMOVE.finditer(sentence))
    if FILED.search(sentence):
        found += list(RESTRICTED.finditer(sentence))
    return sorted(found, key=lambda m: m.start())


# 2. a court decision on each filing is what the clause asks for (or the clause disclaims any authority to seal)
DECISION = re.compile(
    r"\bapplication\b|\bmotion\s+(?:to|for)\s+(?:seal|leave)|\b(?:seek|seeks|seeking|obtain|obtains|request|requests|"
    r"apply|applies|move|moves|ask|asks)\b" + W + r"{0,60}\b(?:leave|permission|order|approval|authori[sz]ation|seal)|"
    r"\b(?:seek\w*|request\w*|ask\w*|mov(?:e|es|ing)|appl(?:y|ies|ying)|petition\w*|invit\w*)\s+the\s+(?:court|(?:\w+\s+)?judge)"
    r"\s+to\b|"
    r"(?<!not\s)(?<!n't\s)(?<!never\s)(?<!without\s)\brequir(?:e|es|ed|ing)\s+(?:(?:a|an|the|further|specific|prior|advance|"
    r"express|written|separate)\s+)*(?:court\s+)?"
    r"(?:order|leave|approval|permission|authori[sz]ation)\b|"
    r"\b(?:unless|until|absent|upon|by|pursuant\s+to|only\s+(?:upon|with|after|by|pursuant\s+to))\s+(?:(?:a|an|the|further|"
    r"specific|prior|written)\s+)*(?:court\s+)?(?:order|leave|approval|permission)|"
    r"\bthe\s+(?:court|\w+\s+judge)\s*(?:,[^,.;]{0,80},\s*)?(?:has\s+)?(?:so\s+)?(?:first\s+)?(?:orders?|ordered|grants?|granted|permits?|"
    r"approves?|approved|authori[sz]es?|authori[sz]ed|allows?|directs?)\b|"
    r"\bif\b" + W + r"{0,30}\b(?:court|judge)\b" + W + r"{0,20}\b(?:grants?|orders?|approves?)|"
    r"\bthe\s+(?:court|(?:\w+\s+)?judge)\b" + W + r"{0,40}?\b(?:may|will|shall|can)\b" + W + r"{0,30}?\b(?:order|direct|"
    r"require|permit|grant|authori[sz]e|approve)\b|\b(?:court|judge)'?s?\s+(?:own\s+)?discretion\b|"
    r"\bthe\s+(?:court|(?:\w+\s+)?judge)\s*(?:,[^,.;]{0,80},\s*)?(?:may|can)(?:\s*,[^,.;]{0,80},)?\s+(?:\w+\s+){0,2}?(?:review|examine|inspect|"
    r"consider|view|receive|hear|conduct|hold|close|seal|decide|determine)\b|"
    r"\b(?:rests?|lies|remains?)\s+(?:solely\s+|entirely\s+)?(?:with|within)\s+the\s+(?:court|(?:\w+\s+)?judge)\b|"
    # kept back only until the Court rules on the request to seal it ("Pending the Court's ruling on that request, the
    # compilations shall be lodged conditionally"): L.R. 79-5's own conditional lodging
    r"\b(?:pending|until)\s+(?:the\s+)?(?:court|(?:\w+\s+)?judge)['’]?s?\s+(?:ruling|decision|determination|order)\s+"
    r"(?:on|upon)\s+(?:that|the|this|such|any|its|their)\s+(?:request|application|motion)\b|"
    # Fed. R. Civ. P. 26(b)(5)(B): "may promptly present the information to the court under seal for a determination of
    # the claim", the Court deciding the claim the sealed submission is for
    r"\bfor\s+(?:a|the)\s+(?:determination|ruling|decision|resolution)\s+(?:of|on)\s+(?:the|that|its|a|any|such)\s+"
    r"(?:claim|privilege|dispute|challenge)|\b26\s?\(b\)\s?\(5\)\s?\(b\)|"
    # the showing the Court weighs: "good cause must be shown to support a filing under seal"
    r"\b(?:good\s+cause|compelling\s+reasons?|(?:a|the)\s+(?:particularized\s+)?showing)\b[^.;]{0,40}?\b(?:must|shall|"
    r"should|has\s+to)\s+(?:first\s+)?be\s+(?:shown|made|established|demonstrated)|\b(?:must|shall|has\s+to)\s+(?:first\s+)?"
    r"(?:show|demonstrate|establish|articulate)\s+(?:good\s+cause|compelling\s+reasons?)|"
    # ... or that the party must make, carry or meet: "must make the particularized showing required by Kamakana", "must
    # carry the burden of establishing compelling reasons", "must satisfy the compelling-reasons standard"
    r"\b(?:must|shall|has\s+to|have\s+to|needs?\s+to|(?:is|are|will\s+be|shall\s+be)\s+required\s+to)\s+(?:first\s+)?"
    r"(?:make|carry|satisfy|meet|sustain|discharge)\s+(?:the|a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,3}?(?:showing|"
    r"burden|standard)\b|"
    r"\b(?:is|are)\s+(?:\w+\s+)?(?:for|within)\s+the\s+(?:court|(?:\w+\s+)?judge)(?:'s\s+discretion|\s+to\s+(?:decide|determine))|"
    r"\b(?:is|are|remains?)\s+(?:(?:a|an|the|solely|entirely|left|up)\s+)*(?:matter|question|decision|issue)\s+(?:for|within|"
    r"of)\s+the\s+(?:court|(?:\w+\s+)?judge)\b|\b(?:is|are)\s+(?:left|up)\s+to\s+the\s+(?:court|(?:\w+\s+)?judge)\b|"
    r"\b(?:court|judge)\b" + W + r"{0,30}\b(?:will|shall|may|must|to)\s+(?:\w+\s+)?(?:decide|determine|rule\s+on|"
    r"resolve)\b|\b(?:decided|determined|resolved)\s+by\s+the\s+(?:court|(?:\w+\s+)?judge)\b|"
    r"\bsubject\s+to\s+the\s+(?:court|judge)'?s?\s+(?:prior\s+)?(?:approval|ruling|order|determination|decision)|"
    r"\bdoes\s+not\s+(?:by\s+itself\s+)?(?:entitle|authori[sz]e|permit)|\bnothing\s+in\s+this\s+(?:stipulated\s+)?"
    r"(?:protective\s+)?order\s+(?:shall\s+be\s+construed\s+as\s+|)(?:authori[sz]|entitl|permit)|"
    r"\bnot\s+(?:be\s+)?(?:construed|deemed)\s+(?:as\s+|to\s+be\s+)?(?:an?\s+)?(?:authori[sz]|leave|order)|"
    # a disclaimer: nothing herein / this Order does not ... authorize, entitle, permit, allow, let, grant
    r"\b(?:nothing|no\s+(?:provision|part|term|paragraph))\b" + W + r"{0,80}?\b(?:authori[sz]\w*|entitl\w*|"
    r"permit\w*|allow\w*|let|lets|grant\w*|confer\w*)\b|"
    r"\b(?:does|do|shall|will|is|are)\s+not\s+(?:\w+\s+){0,2}?(?:authori[sz]\w*|entitl\w*|permit\w*|allow\w*|let|"
    r"grant\w*|confer\w*|give|gives|constitute\w*)\b",
    re.I)

# ... or names only the rule, which a clause that commands sealing does not make into a decision
CITATION = re.compile(
    r"\b(?:l\.?\s?r|local\s+rule)\.?\s+79-5(?:\.\d+)*(?:\([a-z]\))?|"
    r"\b(?:in\s+accordance\s+with|pursuant\s+to|under|following|compl\w*\s+with)\s+(?:the\s+)?(?:court'?s|"
    r"applicable|assigned\s+(?:\w+\s+)?judge'?s|judge'?s)\s+(?:[\w-]+\s+){0,2}?(?:procedures?|rules?|requirements)\b",
    re.I)

# Fed. R. Civ. P. 5.2 itself allows redacting (and filing under seal) the identifiers it lists
RULE_5_2 = re.compile(
    r"\b(?:fed(?:eral|\.)?\s+r(?:ule|\.)?\s+(?:of\s+)?civ(?:il|\.)?\s+p(?:rocedure|\.)?\s+|rule\s+)5\.2\b|"
    r"\bsocial\s+security\s+numbers\b", re.I)
REDACTION = re.compile(r"\bredact", re.I)

# 3. ... or the clause says no decision is needed, or supplies it itself
# asking for a decision: "to obtain leave of Court", "to seek a sealing order", "to apply for permission"
_ASK = (r"(?:(?:obtain|seek|apply|file|submit|move|request|ask|get|secure|make|lodge)\b" + W + r"{0,40}?\b(?:leave|order|"
        r"application|approval|permission|motion|authori[sz]ation|ruling)\b|(?:apply|move|petition|go)\s+to\s+the\s+"
        r"(?:court|(?:\w+\s+)?judge)\b)")
WAIVED = re.compile(
    # the decision waived or the sealing rule set aside ("the Parties waive any requirement that an application ... be
    # submitted"; "Notwithstanding anything in Local Rule 79-5 to the contrary")
    r"\bwaiv\w*\s+(?:\w+\s+){0,3}?(?:requirements?|need|necessity)\s+(?:that|of|for|to)\s+(?:[\w-]+\s+){0,3}?(?:application|"
    r"motion|order|leave|approval|permission)|"
    r"\bnotwithstanding\s+(?:anything\s+(?:in|to\s+the\s+contrary\s+in)\s+)?(?:[\w.-]+\s+){0,4}?(?:Local\s+Rules?|L\.\s?R\.|"
    r"79-5)\b(?:[^,;.]{0,120}?\bto\s+the\s+contrary)?|"
    r"\bwithout\s+(?:the\s+need\s+(?:for|of|to)\s+|the\s+necessity\s+of\s+|having\s+to\s+|first\s+|"
    r"(?:seek|obtain|fil|submitt|apply|mov|request|requir)\w*\s+(?:for\s+)?|the\s+court'?s?\s+|any\s+|further\s+|a\s+|an\s+|"
    r"separate\s+|prior\s+|individual\s+|accompanying\s+|supporting\s+)*(?:further\s+)?(?:court\s+)?(?:order|application|leave|motion|approval|"
    r"permission|ruling)|"
    r"\bno\s+(?:further\s+|separate\s+|additional\s+|individual\s+|particulari[sz]ed\s+|sealing\s+|prior\s+)*(?:court\s+)?(?:order|"
    r"application|leave|motion|approval|showing|ruling|determination|finding)\b" + W +
    r"{0,40}\b(?:necessary|required|needed|need\s+be)|"
    r"\bneed\s+not\s+(?:\w+\s+){0,3}(?:application|motion|order|leave|approval|permission|showing)|"
    # ... nor the showing the Court weighs: "no Party need make any particularized showing", the showing "deemed made"
    r"\bno\s+(?:\w+\s+)?(?:party|person|one|filer|counsel)\s+need\s+(?:\w+\s+){0,3}?(?:showing|application|motion|"
    r"order|leave|approval|permission)\b|\b(?:showing|standard|burden)\b" + W + r"{0,40}?\bdeemed\s+(?:to\s+(?:be|have\s+been)\s+)?"
    r"(?:made|satisfied|met|established|shown|carried)\b|"
    r"\bneed\s+not\s+be\s+(?:separately\s+|individually\s+|otherwise\s+)?(?:shown|established|demonstrated|sought|"
    r"obtained|justified)|"
    r"\b(?:do|does|did)\s+not\s+have\s+to\s+(?:ask|apply|seek|obtain|move)|"
    # the order (or its entry, or the stipulation) is the leave, the order, the authority
    r"\b(?:(?:the\s+court'?s\s+)?(?:entry|approval|signature|execution)\s+of\s+)?(?:this|the\s+present)\s+"
    r"(?:stipulated\s+)?(?:protective\s+)?(?:order|stipulation|agreement)\s+(?:shall\s+|will\s+|hereby\s+)?"
    r"(?:constitut\w*|serves?\s+as|operates?\s+as|stands?\s+as|functions?\s+as|is|be|be\s+deemed|is\s+deemed)\b" +
    W + r"{0,40}\b(?:order|leave|authority|authori[sz]ation|approval|permission|sufficient)|"
    r"\bhereby\s+(?:grants?|given|authori[sz]\w*|orders?|directs?|permits?)\b" + W + r"{0,60}\b(?:any|all|each|every)\b|"
    # the rule on sealing set aside or waived
    r"\b79-5\b" + W + r"{0,40}\b(?:shall|will|does|do)\s+not\s+(?:apply|govern|control|bind|be\s+(?:required|applicable))|"
    r"\b(?:need\s+not|without\s+(?:regard\s+to|complying\s+with|resort\s+to)|exempt\w*\s+from|relieved\s+of|excused\s+from)"
    r"\s+(?:[\w'-]+\s+){0,4}?(?:(?:l\s?r|local\s+rule|civil\s+local\s+rule)\s+79-5|sealing\s+(?:procedures?|requirements?|rules?|"
    r"provisions?))|\bnothing\s+in\s+(?:local\s+rule|l\.\s?r\.)\s+79-5|"
    r"\b(?:79-5|application|leave)\b" + W + r"{0,40}\b(?:(?:is|are|be|hereby)\s+waived|dispensed\s+with|excused)|"
    r"\bwaiv\w*\s+(?:\w+\s+){0,3}(?:79-5|application|leave\s+of\s+court)|"
    r"\bnot\s+(?:be\s+)?(?:required|necessary)\s+to\s+(?:file|submit|seek|obtain)|"
    r"\b(?:nothing|no\s+(?:\w+\s+)?(?:party|person|one|filer|counsel))\b" + W + r"{0,80}?\b(?:requir|obligat|oblig|compel)\w*"
    r"\s+(?:\w+\s+){0,4}?to\s+(?:first\s+)?" + _ASK + "|"
    r"\b(?:not|never)\s+(?:be\s+)?(?:required|obligated|obliged|compelled|needed)\s+to\s+(?:first\s+)?" + _ASK + "|"
    r"\bunder\s+no\s+(?:obligation|duty|requirement)\s+to\s+(?:first\s+)?" + _ASK + "|"
    # a decision deemed made, or made by default when the Court does not act
    r"\bdeemed\s+(?:to\s+(?:be|have\s+been)\s+)?(?:granted|approved|allowed)|"
    r"\b(?:if|where|when|should|unless)\s+(?:the\s+)?(?:court|judge)\s+(?:has\s+not|does\s+not|fails\s+to|did\s+not|"
    r"has\s+yet\s+to)\s+(?:\w+\s+)?(?:ruled?|act|acted|decide|decided|respond)|"
    r"\bas\s+a\s+matter\s+of\s+course\b|\bautomatically\b|"
    r"\bnevertheless\b|\bnonetheless\b|\bnotwithstanding\s+(?:the\s+)?(?:denial|court)|"
    r"\b(?:notwithstanding|despite|regardless\s+of|even\s+(?:if|though|where|when|after))\b" + W + r"{0,60}?\b(?:denial|"
    r"denied|deny|denies|fail\w*|absence|lack|not\s+(?:yet\s+)?(?:ruled?|acted|filed|granted|decided|supported))\b|"
    r"\bclerk\b" + W + r"{0,20}\b(?:is|shall\s+be)\s+(?:hereby\s+)?(?:directed|ordered|instructed)|"
    r"\bclerk\s+(?:shall|will|must)\s+(?:accept|file|maintain|keep|seal)|"
    r"\bthe\s+designating\s+party\s+may\s+require\b|"
    r"\b(?:at|upon|on)\s+the\s+(?:request|direction|election|demand)\s+of\s+(?:the|any|a)\s+(?:designating|producing|"
    r"disclosing)|\b(?:if|when|where|whenever)\s+(?:the|any|a)\s+(?:designating|producing|disclosing)\s+party\s+"
    r"(?:so\s+)?(?:requests?|elects?|demands?|asks?|wishes|directs?|chooses)|\bas\s+of\s+right\b",
    re.I)

# the Court's order only as a way to undo a sealing that happens first
DEFAULT = re.compile(
    r"\b(?:until|pending)\s+(?:the\s+)?(?:further|otherwise|subsequent|a\s+further)\s+(?:order|ruling|direction)\b[^.;,]*|"
    r"\buntil\s+(?:the\s+)?(?:court|judge)\s+(?:\w+\s+)?(?:orders?|rules?|directs?)\s+otherwise|"
    r"\bunless\s+(?:and\s+until\s+)?(?:the\s+)?(?:court|judge)\s+(?:\w+\s+)?(?:orders?|rules?|directs?|determines?|"
    r"decides?)\s+otherwise|\bunless\s+otherwise\s+(?:ordered|directed|instructed)\b[^.;,]*",
    re.I)

# ... or to open what is sealed: "shall not be opened except upon further order of the Court", "may be unsealed only
# by order of the Court" ask for an order to undo the sealing, not to make it
_OPENED = (r"(?:opened|unseal(?:s|ed|ing)?|lift(?:s|ed|ing)?\s+(?:of\s+)?the\s+seal|inspected|made\s+public|made\s+available\s+to\s+the\s+public|released\s+(?:to\s+"
           r"the\s+public|from\s+(?:the\s+)?seal)|removed\s+from\s+(?:the\s+)?seal|placed\s+(?:in|on)\s+the\s+public\s+"
           r"(?:record|file|docket))\b")
UNDONE = re.compile(
    r"\b(?:unless|until|except|absent|without|only\s+(?:upon|by|if|when|after|on))\b[^.;]{0,60}?\b" + _OPENED + r"[^.;]{0,120}|"
    r"\b(?:(?:shall|will|may|must|can|is\s+to|are\s+to)\s+(?:not\s+|never\s+|only\s+)?(?:be\s+)?|not\s+(?:be\s+)?)?" +
    _OPENED + r"[^.;]{0,120}", re.I)

# papers the material is used in ("in connection with any motion, application, or other proceeding"), not an
# application to seal
PAPERS = re.compile(
    r"\b(?:motions?|pleadings?|briefs?|papers?|proceedings?|hearings?|filings?|oppositions?)\s*(?:,|\bor\b|\band\b|and/or)"
    r"\s*(?:an?\s+|any\s+)?applications?\b(?![^.;]{0,40}\b(?:seal\w*|leave|79-5)\b)|"
    r"\bapplications?\s*,?\s*(?:or|and|and/or)\s+(?:an?\s+|any\s+)?(?:other\s+)?(?:motions?|proceedings?|papers?|"
    r"filings?|hearings?|briefs?|pleadings?|submissions?)\b(?![^.;]{0,40}\b(?:seal\w*|leave|79-5)\b)|"
    r"\bapplications?\s+for\s+(?:an?\s+)?(?:temporary\s+restraining|tro\b|preliminary\s+injunction|order\s+to\s+show|"
    r"default|attorney|fees|costs)|\b(?:other\s+)?requests?\s+for\s+(?:\w+\s+)?relief\b", re.I)

# a command to seal (not "a Party that seeks to file under seal must ...")
MANDATE = re.compile(
    r"\b(?:shall|must|will|are\s+to|is\s+to)\s+(?:\w+\s+){0,3}?(?:be\s+)?(?:e-?filed|filed|lodged|submitted|kept|"
    r"maintained|placed|presented|e-?file|file|lodge|submit)\b" + W + r"{0,80}?\bunder\s+seal\b|"
    r"\b(?:shall|must|will)\s+(?:\w+\s+)?be\s+sealed\b", re.I)

_QUOTED = re.compile(r"[\"“][^\"”]{0,300}[\"”]")
# abbreviations whose dot ends no sentence: "L.R.", "Fed. R. Civ. P.", and a case's name ("Kamakana v. City & County of
# Honolulu", "Phillips ex rel. Estates of Byrd")
_ABBREV_DOT = re.compile(r"\b([A-Z][a-z]{0,3}|v|vs|rel)\.(?=\s?[A-Z0-9(])")


# the Court under other names: "the judicial officer who will decide the matter", "Her Honor" (not a retired
# judicial officer sitting as a private referee)
_BENCH_NAMES = re.compile(r"(?<!retired )(?<!former )(?<!private )\b(?:(?:the|that|this|such)\s+(?:(?:assigned|presiding|"
                          r"appropriate|responsible|relevant|same)\s+)?judicial\s+officer|(?:his|her)\s+honor)\b", re.I)


# a short aside between a negation and its verb ("does not, by itself, entitle"), which would cut the negation off
_NEGATED_ASIDE = re.compile(r"\b(not|never)\s*,\s*([^,.;:]{1,30}?)\s*,\s*", re.I)


def plain(sentence: str, *, legends: bool = False) -> str:
    """The clause as the cues read it: a quoted legend ("NOT TO BE OPENED EXCEPT BY ORDER OF THE COURT") is a
    label, not a rule, and is left out; abbreviations lose their dots (L.R., Fed. R. Civ. P.) so a clause is
    not cut at them; the bench under another name ("the judicial officer") is the Court; a short aside after a
    negation is read inside it ("does not, by itself, entitle")."""
    kept = re.sub(r"[\"“”]", "", sentence) if legends else _QUOTED.sub('""', sentence)
    kept = _NEGATED_ASIDE.sub(r"\1 \2 ", kept)
    return _BENCH_NAMES.sub("the Court", _ABBREV_DOT.sub(r"\1", kept))


def sentences(text: str) -> list[str]:
    r"""The sentences of a text, never cut at an abbreviation ("L.R. 79-5", "Fed. R. Civ. P. 26(c)") nor at a
    ';' (a proviso belongs to its sentence), nor across a paragraph; as written (the cues read `plain`).

    >>> sentences("Filed under L.R. 79-5. Then this.\n\nNext paragraph")
    ['Filed under L.R. 79-5.', 'Then this.', 'Next paragraph']
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        masked = _ABBREV_DOT.sub(lambda m: m.group(1) + "\u2024", " ".join(block.split()))
        out += [s.replace("\u2024", ".") for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“(]?[A-Z0-9])", masked)
                if s.strip()]
    return bounded(out)


# a clause has a verb that governs something; a heading ("Filing Under Seal.") does not
_GOVERNS = re.compile(r"\b(?:shall|will|must|may|is|are|be|remains?|constitutes?|grants?|directs?|agrees?|need|"
                      r"requires?|applies|apply|keeps?)\b", re.I)


# a prohibition ("No document shall be filed under seal without the Court's approval"): its "without ..."
# names what is required, not what is waived
PROHIBITION = re.compile(r"^\W*(?:no|nothing|neither|none|in\s+no\s+event)\b|\b(?:shall|will|may|must|can)\s*(?:not|never)\b",
                         re.I)
WITHOUT = re.compile(r"\bwithout\b", re.I)
# sealing refused, not prescribed ("shall not be filed under seal merely because it is designated")
NOT_SEALED = re.compile(r"\b(?:not|never)\s+(?:be\s+)?(?:filed|lodged|submitted|kept|maintained)\s+under\s+seal\b"
                        r"(?![^.;]{0,40}\b(?:except|unless|other\s+than|but\s+only)\b)", re.I)


# the Court, in this order, authorizing now the sealing of a whole class ("The Court authorizes the Parties to file
# under seal all medical records"), as against a ruling a clause waits for ("only if the Court grants ...")
ADVANCE = re.compile(r"\bthe\s+(?:court|(?:\w+\s+)?judge)\s+(?:hereby\s+|,?\s*(?:by|in|upon)\s+(?:entering|signing|approving|"
                     r"(?:its\s+)?entry\s+of)\s+(?:it|this\s+(?:\w+\s+)?(?:order|stipulation))\s*,?\s*)?(?:authori[sz]es|permits|"
                     r"grants|allows|orders|"
                     r"approves|directs)\b(?=" + W + r"{0,80}\b(?:all|any|every|each)\b)", re.I)
_CONDITION = re.compile(r"\b(?:if|unless|until|only|where|when|after|once|upon|whether|absent)\b", re.I)


# ... or limits what it does to what the Court has already decided ("only those documents that the Court has ordered
# sealed")
ORDERED_ONLY = re.compile(r"\b(?:only|solely)\b[^.;]{0,80}?\b(?:court|judge)\b[^.;]{0,30}?\b(?:has|have|shall\s+have)\s+"
                          r"(?:\w+\s+)?(?:ordered|granted|approved|authori[sz]ed|permitted|directed)\b", re.I)

# the clause begins with the Court's decision on the filing, and what follows carries it out
GRANTED_FIRST = re.compile(r"^\W*(?:if|where|when|once|after|upon|following)\b[^.;]{0,80}?\b(?:court|judge)\b[^.;]{0,40}?\b"
                           r"(?:grants?|granted|orders?|ordered|approves?|approved|permits?|permitted|authori[sz]es|"
                           r"authori[sz]ed)\b|^\W*(?:upon|after|once|following)\s+(?:the\s+)?(?:entry|grant|issuance)\s+of\s+"
                           r"(?:an?\s+)?(?:order|leave)", re.I)


_NEGATED = re.compile(r"\b(?:no|not|nothing|never|neither|nor|none)\b|n['’]t\b", re.I)


def _waived(sentence: str) -> bool:
    """The clause says no court decision on the filing is needed, or makes one in advance for a whole class
    (a prohibition's "without ..." asks for one)."""
    for m in ADVANCE.finditer(sentence):
        if not _CONDITION.search(re.split(r"[,;:(]", sentence[:m.start()])[-1]):
            return True
    for m in WAIVED.finditer(sentence):
        if WITHOUT.match(m.group(0)) and PROHIBITION.search(sentence):
            continue
        if re.match(r"waiv", m.group(0), re.I) and _NEGATED.search(re.split(r"[,;:(]", sentence[:m.start()])[-1]):
            continue  # "No Party may waive the requirement of an application": the rule is kept
        if GRANTED_FIRST.search(sentence[:m.start()]):  # "Where the Court grants leave ..., the Clerk shall keep it"
            continue
        if ORDERED_ONLY.search(sentence, m.end()):  # "the Clerk shall file under seal only what the Court has ordered sealed"
            continue
        if re.match(r"(?:the\s+court'?s\s+)?(?:entry|approval|signature|execution|this|the)\b", m.group(0), re.I) \
                and not affirmed(sentence, m.start()):
            continue
        return True
    return False


# sealing is of the court's record: a sealed container in counsel's locked room is storage ("counsel of record" is counsel)
COURT_RECORD = re.compile(r"\bunder\s+seal\b|\bcourt\b|\bclerk\b|\bchambers\b|\bjudge\b|\bdocket|(?<!\bof )\brecord\b|"
                          r"\b(?:e-?)?fil(?:e|es|ed|ing|ings)\b|\blodg|\bhearing|\bcourtroom|\btranscript|\becf\b|"
                          r"\bin\s+camera\b|\bproceedings?\b|\btrial\b", re.I)


def _act_affirmed(sentence: str, m: re.Match) -> bool:
    """Whether a removal is said, not denied: no negation before it in its clause, nor between the modal and the
    seal it reaches ("shall not standing alone justify filing it under seal"); a removal said in the negative ("not
    be docketed", "the public shall have no access") carries its own negation."""
    sealing = re.search(r"seal(?:ed)?$", m.group(0), re.I) and not NEGATOR.match(m.group(0))
    inner = next(NEGATOR.finditer(m.group(0)), None) if sealing else None
    return affirmed(sentence, m.start() + inner.end() if inner else m.start(), m.end())


# a copy made for the judge beside the filing (a courtesy, chambers, working or bench copy, the judge's copy): how it is
# wrapped ("delivered in a sealed envelope") is no sealing of the filing, whose fate the filing's own clause decides;
# unless the copy is delivered instead of filing
JUDGES_COPY = re.compile(r"^[^.;]{0,80}?\b(?:courtesy|chambers|working|bench|judge'?s|judicial)\s+(?:(?:paper|working|hard|"
                         r"courtesy)\s+)?cop(?:y|ies)\b[^.;]{0,100}?\b(?:shall|will|must|should|is\s+to|are\s+to|may)\b", re.I)
_INSTEAD_OF_FILING = re.compile(r"\b(?:instead|rather\s+than|in\s+lieu|in\s+place)\b|\b(?:not|never)\s+(?:be\s+)?(?:e-?)?filed\b|"
                                r"\bunredacted\b[^.;]{0,120}\b(?:not|never)\s+(?:become|be\s+made|be|form)\s+(?:a\s+)?part\s+of\s+"
                                r"the\s+(?:public\s+)?(?:record|file|docket)\b|"
                                r"\bserves?\s+as\s+(?:its|the)\s+filing", re.I)


def blanket_sealing(sentence: str) -> bool:
    """A clause that takes material out of the public file with no court decision on each filing (or says
    none is needed)."""
    sentence = plain(sentence)
    found = removals(sentence)
    if not found or not COURT_RECORD.search(sentence) or not _GOVERNS.search(sentence) or NOT_SEALED.search(sentence):
        return False
    if JUDGES_COPY.search(sentence) and not _INSTEAD_OF_FILING.search(sentence) and not _waived(sentence):
        return False  # "Any paper courtesy copy ... shall be delivered in a sealed envelope": the judge's copy, wrapped
    if RULE_5_2.search(sentence) and all(REDACTION.match(m.group(0)) for m in found):
        return False  # Rule 5.2's own redactions, which need no order ("without a separate sealing application")
    if _waived(sentence):
        return True
    acts = [m for m in found if _act_affirmed(sentence, m)]
    if not acts:
        return False  # "this Order does not let anyone file under seal"; "not ... to shield it from public view"
    opened = PAPERS.sub(" ", UNDONE.sub(" ", sentence))  # what it takes to open the seal is no order to seal
    prohibition = PROHIBITION.search(opened)
    asked = opened if prohibition else DEFAULT.sub(" ", opened)
    if DECISION.search(asked):
        return False
    if CITATION.search(asked) or RULE_5_2.search(asked):
        return bool(MANDATE.search(asked)) and not prohibition  # "shall be filed under seal pursuant to L.R. 79-5"
    return True


# ---------------------------------------------------------------- disputes
TOPIC = re.compile(r"\b(?:violat\w*|breach\w*|challeng\w*|disput\w*|object\w*|disagree\w*|contend\w*|contest\w*|"
                   r"de-?designat\w*|improper\w*|wrongly|unjustified|noncomplian\w*|non-complian\w*|"
                   r"fail\w*\s+to\s+comply|enforc\w*|meet[- ]and[- ]confer|unresolved|impasse|"
                   r"(?:cannot|can\s+not|unable\s+to|fail\w*\s+to|do\s+not|does\s+not)\s+(?:agree|resolve|reach\s+agreement))\b",
                   re.I)
EX_PARTE = re.compile(r"\bex\s+parte\b", re.I)
# an ex parte application made under C.D. Cal. L.R. 7-19 in a paragraph that keeps L.R. 37's conference and joint
# stipulation (a dispute heard on shortened time) takes no road around L.R. 37
L7_19 = re.compile(r"\b(?:L\.?\s?R\.?|Local\s+Rule)\s*7-19\b", re.I)
_L37_TAKEN = re.compile(r"\b(?:met\s+and\s+conferred|meet\s+and\s+confer|conference\s+of\s+counsel|joint\s+stipulation|"
                        r"37-[1-4])\b", re.I)
_INSTEAD = re.compile(r"\b(?:instead|except|however|notwithstanding|without|rather\s+than|in\s+lieu|in\s+place)\b", re.I)


def _kept_l37(paragraph: str, part: str) -> bool:
    """An ex parte application made under L.R. 7-19 in the sentence that says L.R. 37's conference or joint
    stipulation was had first (a dispute heard on shortened time), and not in place of them."""
    sentence = next((x for x in re.split(r"(?<=[.;])\s+", paragraph) if part in x or x in part), part)
    return bool(L7_19.search(sentence) and _L37_TAKEN.search(sentence) and not _INSTEAD.search(sentence))


EX_PARTE_NEG = re.compile(r"\b(?:no|not|never|without)\b[^.;]{0,40}\bex\s+parte\b", re.I)
_BENCH = r"(?:chambers|courtroom\s+deputy|clerk|(?:magistrate\s+|district\s+)?judge|court)"
ROUTE = re.compile(
    r"\b(?:file|filing|bring|serve|make|present|notice)\s+(?:and\s+serve\s+)?(?:a|an|the|any|its)?\s*(?:\w+\s+){0,3}motion|"
    r"\bmotions?\s+(?:to|for)\s+(?:retain|enforce|compel|challenge|sanction|relief|an\s+order|de-?designat\w*|remove)|"
    r"\bnoticed\s+motion|\bby\s+(?:\w+\s+){0,2}motion\b|\b(?:upon|on)\s+(?:a|an|the|its|their|any)\s+(?!court'?s?\b)"
    r"(?:[\w'-]+\s+){0,3}?motion\b|\b(?:move|moves|moving)\s+(?:the\s+court\s+)?(?:for|to)\b|\bmay\s+move\b|"
    r"\bseek\w*\s+(?:relief|sanctions|an\s+order|a\s+ruling|a\s+determination)|"
    r"\b(?:apply|application|petition)\s+(?:to\s+the\s+court|for)|\border\s+to\s+show\s+cause|"
    r"\bletter(?:\s+brief)?\b[^.;]{0,60}\b(?:court|judge|chambers)|\b(?:court|judge)'?s?\s+attention\b|"
    r"\b(?:to|with)\s+(?:the\s+)?(?:[\w']+\s+)?" + _BENCH + r"\b[^.;]{0,20}?\bby\s+(?:joint\s+|a\s+|an\s+)?(?:letters?|"
    r"e-?mails?|telephone|phone|calls?)\b|"
    r"\b(?:telephon\w*|e-?mail\w*|call\w*|contact\w*)\b[^.;]{0,60}\b" + _BENCH + r"\b|"
    r"\b(?:summar(?:y|ies)|position\s+statements?|memorand(?:um|a)|submissions)\b[^.;]{0,80}\b" + _BENCH + r"\b|"
    r"\b" + _BENCH + r"\b[^.;]{0,40}\brul\w*\s+on\s+(?:the|those|such)\s+(?:letters|summaries|submissions|briefs|"
    r"position\s+statements|papers)|"
    r"\b(?:discovery\s+)?referee\b|\barbitrat\w*|\bspecial\s+master\b|\bshortened\s+time\b|"
    r"\b(?:mediator|neutral|jams|ret\.?\)?|(?:retired|private)\s+(?:judges?|justices?))\b[^.;]{0,60}\b(?:binding|final|"
    r"decid\w*|decision|determin\w*|rul\w*)|\b(?:decid\w*|determin\w*|resolv\w*|heard)\s+by\s+(?:an?\s+)?(?:retired|private)\s+"
    r"(?:judges?|justices?)\b|"
    r"\b(?:decid\w*|determin\w*|resolv\w*)\s+by\s+(?:the\s+)?(?:parties'?\s+)?(?:mediator|neutral|arbitrator)|"
    r"\binformal\b[^.;]{0,40}\bconference\b[^.;]{0,80}\b(?:final|in\s+lieu)|"
    r"\bconference\s+with\s+the\s+(?:court|(?:\w+\s+)?judge)\b|"
    r"\b(?:submit\w*|present(?:s|ed|ing)?|rais(?:e|es|ed|ing)|bring|brought|tender\w*|send|sent|deliver\w*|"
    r"refer(?:s|red|ring)?|tak(?:e|en))\b"
    r"[^.;]{0,60}?\bto\s+(?:the\s+)?(?:assigned\s+)?(?:magistrate\s+judge|district\s+judge|judge|court|chambers)\b"
    r"(?![^.;]{0,20}\bby\s+joint\s+stipulation)|"
    r"\b(?:file|files|filing|submit\w*|serve|serves|serving|lodg\w*)\s+(?:a|an|its|their|the|his|her)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:brief|memorandum|letter\s+brief|position\s+paper)\b|\b(?:expedited|simultaneous|letter|short|abbreviated|"
    r"informal|supplemental)\s+(?:briefs?|briefing|submissions?)\b|\bbriefing\s+schedule\b|"
    r"\borally\b|\boral\s+(?:motion|application|request|presentation|argument)\b|\bfrom\s+the\s+bench\b|"
    r"\b(?:heard|decided|resolved|determined|ruled\s+(?:up)?on|present(?:s|ed|ing)?|submit\w*|bring|brought|raise\w*|"
    r"refer\w*)\s+(?:\w+\s+){0,3}?(?:by|to|before)\s+(?:the\s+)?(?:assigned\s+|presiding\s+)?district\s+(?:court\s+)?judge\b|"
    r"\b(?:binding|final)\s+(?:\w+\s+){0,3}?(?:to|by|before)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:mediator|neutral|"
    r"arbitrator|referee|special\s+master|evaluator)\b|"
    r"\b(?:waiv\w*|forgo\w*|dispens\w*\s+with)\b[^.;]{0,30}\breferral\s+to\s+(?:the\s+)?magistrate\s+judge|"
    r"\b(?:statements?|letters?|summar(?:y|ies)|papers?)\b[^.;]{0,60}?\b(?:setting\s+(?:out|forth)|stating|describing|"
    r"explaining|summari[sz]ing)\s+(?:its|their|the|each\s+party'?s|his|her)\s+(?:respective\s+)?(?:positions?|arguments?|"
    r"contentions?)|\b(?:lodge|submit|file|serve|send|deliver|provide|transmit)\w*\s+(?:with|to)\s+(?:the\s+)?(?:court|"
    r"(?:\w+\s+)?judge|chambers)\s+(?:an?\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}?(?:statement|letter|summary|brief|"
    r"memorandum|submission)s?\b|"
    r"\b(?:raise|raised|present\w*|bring|brought|address\w*|heard)\b[^.;]{0,40}?\bat\s+(?:the|a|any)\s+(?:next\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:conference|hearing)\b|\b(?:ruling|decision|determination)\b[^.;]{0,40}\b"
    r"(?:shall|will)\s+be\s+final\b", re.I)
# L.R. 37-2's joint stipulation described rather than named: one paper both sides prepare that sets out each side's
# contentions ("jointly prepare a single written stipulation", "one stipulation, prepared jointly", "a joint written
# stipulation", "together draft a single document stating each Party's contentions")
_JOINT_PAPER = (r"\bjoint(?:ly)?\s+(?:[\w-]+\s+){0,2}?stipulation\b|\bstipulation\s*,?\s*(?:[\w-]+\s+){0,2}?(?:prepared|"
                r"drafted|written|signed|executed)\s+(?:jointly|together|by\s+(?:both|all|the)\s+(?:parties|sides))\b|"
                r"\b(?:jointly|together)\s+(?:prepare|draft|write|compose)\w*\s+(?:a\s+|one\s+|the\s+)?(?:single\s+)?(?:written\s+)?"
                r"(?:stipulation\b|(?:document|submission|filing|statement)\b[^.;]{0,160}?\b(?:each|both|the)\s+(?:part(?:y|ies)|"
                r"sides?)['’]?s?\s+(?:respective\s+)?(?:contentions|positions?))")
L37 = re.compile(r"\b37[-.][1-4]\b|\blocal\s+rules?\s+37\b|\bl\s?r\s+37\b|" + _JOINT_PAPER + "|"
                 r"\bpre-?filing\s+conference\b|\bconference\s+of\s+counsel\b", re.I)
_L37_STEP = r"(?:37(?:[-.]\d(?:\.\d)?)?|joint\s+stipulation|meet(?:ing)?\s+and\s+confer\w*|confer\w*|conference)"
L37_BYPASS = re.compile(
    r"\b(?:37(?:[-.][1-4])?|joint\s+stipulation)\b[^.;]{0,60}\b(?:shall|will|does|do)\s+not\s+(?:apply|govern|control|bind|"
    r"be\s+(?:required|applicable))|"
    r"\b(?:notwithstanding|in\s+lieu\s+of|instead\s+of|rather\s+than|without\s+regard\s+to|in\s+place\s+of|"
    r"as\s+a\s+substitute\s+for)\b[^.;]{0,60}\b(?:37|joint\s+stipulation|conference|meet\s+and\s+confer)|"
    # without a step, or without needing one: "without the necessity of a joint stipulation"
    r"\bwithout\s+(?:(?:the|a|an|any)\s+)?(?:(?:necessity|need|requirement|obligation)\s+(?:of|for|to)\s+(?:(?:a|an|the|any|"
    r"first|prepar\w*|fil\w*|hold\w*|exchang\w*|submit\w*|conduct\w*|engag\w*\s+in)\s+)*)?(?:joint\s+stipulation|"
    r"meet(?:ing)?\s+and\s+confer\w*|meeting|conference(?:\s+of\s+counsel)?|(?:l\s?r|local\s+rule)\s+37)|"
    r"\b" + _L37_STEP + r"\b[^.;]{0,60}\b(?:(?:is|are|be|hereby)\s+waived|dispensed\s+with|excused|"
    r"(?:shall|will|does|do)\s+not\s+apply|inapplicable)|"
    r"\b(?:waiv\w*|dispens\w*\s+with|excus\w*|forg?o(?:es|ing|ne)?|skip\w*|bypass\w*|circumvent\w*)\b[^.;]{0,40}\b" +
    _L37_STEP + r"\b|"
    r"\bno\s+(?:requirement|obligation|need)\s+to\s+(?:meet|confer)|"
    # a step said not to be needed: "no joint stipulation need be prepared", "need not prepare a joint stipulation"
    r"\bno\s+(?:separate\s+|formal\s+|further\s+|such\s+)?" + _L37_STEP + r"\b[^.;]{0,60}?\b(?:need|needs|shall|will|"
    r"is|are|must)\s+(?:\w+\s+)?(?:be\s+)?(?:prepared|required|necessary|needed|filed|submitted|held|made|used)\b|"
    r"\bneed\s+not\s+(?:\w+\s+){0,3}?" + _L37_STEP + r"\b|"
    r"\b" + _L37_STEP + r"\b[^.;]{0,60}?\b(?:(?:is|are|shall|will|would|need|be)\s+(?:be\s+)?(?:not|no\s+longer)\s+(?:be\s+)?"
    r"(?:required|necessary|needed|mandatory)|(?:is|are|shall\s+be|will\s+be|be)\s+(?:unnecessary|optional))|"
    r"\b(?:relieved|excused|exempt\w*|released|excepted|removed|carved\s+out)\s+(?:of|from)\s+(?:\w+\s+){0,5}?" + _L37_STEP +
    r"\b|"
    r"\bnot\s+subject\s+to\s+review\s+by\s+the\s+court|\bfinal\s+and\s+binding\b|"
    r"\b(?:court|judge)\s+(?:shall|will|may)\s+not\s+review\b", re.I)

# L.R. 37's second step, the joint stipulation (or the rule as a whole), as against its first (the conference)
L37_JOINT = re.compile(_JOINT_PAPER + r"|\b37[-.][234]\b|\b37[-.]1\s+(?:et\s+seq|through|to|-)|"
                       r"\b(?:local\s+rules?|l\s?r)\s+37\b(?![-.]\d)", re.I)
# the ordinary road of a noticed motion (L.R. 6-1, 7-9, 7-10: an opposition, then a reply), which L.R. 37-2 replaces
# for discovery disputes with one joint stipulation
ORDINARY_MOTION = re.compile(
    r"\b(?:local\s+rules?|l\s?r)\s+(?:6-1|7-\d+)\b|\b7-(?:9|10)\b|\bmemorand(?:um|a)\s+of\s+points\s+and\s+authorities|"
    r"\bnoticed\s+for\s+hearing\b|\b(?:oppos\w*|response|responsive\s+brief|answering\s+brief)\b[^.]{0,200}?"
    r"\brepl(?:y|ies|ied)\b|\bmotion\b[^.]{0,120}?\b(?:written\s+)?opposition\b", re.I)
# an exception to what the clause just adopted: "...under Local Rule 37-1 et seq.; provided, however, that ..."
PROVISO = re.compile(r"\bprovided\s*,?\s*(?:however|further|that)\b|\b(?:except|save)\s+(?:that|where|when|for|in|as)\b|"
                     r"\bwith\s+the\s+(?:sole\s+|one\s+|following\s+)?exception\b|"
                     r"(?:^|[,;]\s*)(?:however|but|instead|alternatively)\b|\bnotwithstanding\s+the\s+foregoing\b", re.I)

# L.R. 37 adopted only for what is left ("All other disputes shall proceed under L.R. 37-1"): the disputes named
# before it take the road the clause gives them
RESIDUAL = re.compile(r"\b(?:all|any|every)\s+other\s+(?:\w+\s+)?(?:disputes?|challenges?|objections?|matters|issues|"
                      r"disagreements)\b|\b(?:the\s+)?(?:remaining|other)\s+(?:such\s+)?(?:disputes|challenges)\b|"
                      r"\bexcept\s+as\s+(?:otherwise\s+)?(?:provided|set\s+forth|stated|described)\s+(?:above|herein|in\s+"
                      r"(?:this|the\s+preceding))", re.I)

# the dispute decided, not only raised ("shall be decided by the trial judge on oral motion")
DECIDED = re.compile(r"\b(?:decided|resolved|determined|ruled\s+(?:up)?on|adjudicated|settled)\s+by\b|"
                     r"\b(?:shall|will|may)\s+(?:\w+\s+)?(?:decide|resolve|determine|rule\s+on)\b|\b(?:ruling|decision|"
                     r"determination)\b[^.;]{0,40}\b(?:shall|will)\s+be\s+(?:final|binding)", re.I)

# the burden of persuasion in a challenge taken off the Designating Party (the sample order's § 6.3 and Rule 26(c) put it
# there): the challenger to bear it or to prove the material unprotected, the designation presumed proper, the
# Designating Party with no burden or no need to justify its designation
_CHALLENGER = (r"(?:(?:challeng\w*|receiving|objecting|contesting|non-?designating)\s+part(?:y|ies)|part(?:y|ies)\s+(?:challenging|"
               r"contesting|objecting\s+to|disputing|opposing|seeking\s+to\s+(?:challenge|remove|change))|challengers?|objectors?)")
# ... not the challenger named only as who does not bear it ("the Designating Party, rather than the Challenging Party")
_NOT_CONTRASTED = "".join(f"(?<!{w} )(?<!{w} the )" for w in ("rather than", "instead of", "not", "in place of"))
BURDEN_SHIFTED = re.compile(
    _NOT_CONTRASTED + r"\b" + _CHALLENGER + r"\b[^.;]{0,60}?\b(?:shall|will|must|to|should)\s+(?:(?!not\b|never\b)\w+\s+)?(?:bear|have|carry|assume|shoulder)\s+"
    r"(?:\w+\s+){0,2}?burden\b|"
    r"\bburden\b[^.;]{0,60}?\b(?:shall\s+be|will\s+be|is|rests?|lies|falls?|remains?)\s+(?:\w+\s+)?(?:up)?on\s+(?:the\s+|any\s+)?" +
    _CHALLENGER + "|"
    r"\b(?:designations?|material|information)\b[^.;]{0,40}?\b(?:presumed|deemed)\s+(?:to\s+(?:be|have\s+been)\s+)?(?:\w+\s+)?"
    r"(?:valid|proper|properly|correct|correctly|appropriate|appropriately|justified|made\s+in\s+good\s+faith)\b|"
    r"\bpresumption\s+(?:of|in\s+favou?r\s+of)\s+(?:the\s+)?(?:validity|propriety|correctness|designation)|"
    r"\b(?:designating|producing)\s+part(?:y|ies)\s+(?:shall\s+|will\s+)?(?:need\s+not|(?:shall|will)\s+not\s+(?:be\s+required\s+to|"
    r"have\s+to)|(?:is|are)\s+not\s+(?:required|obligated)\s+to)\s+(?:justify|demonstrate|show|establish|prove|support)|"
    r"\b(?:designating|producing)\s+part(?:y|ies)\s+(?:shall\s+|will\s+)?(?:have|has|bears?|carr(?:y|ies))\s+no\s+(?:\w+\s+)?burden|"
    r"\b(?:it\s+is|it\s+shall\s+be)\s+(?:for|up\s+to|incumbent\s+(?:up)?on)\s+(?:the\s+)?" + _CHALLENGER + r"\b[^.;]{0,40}?\bto\s+"
    r"(?:demonstrate|show|establish|prove|justify)|"
    r"\b" + _CHALLENGER + r"\s+(?:shall|must|will)\s+(?:\w+\s+)?(?:demonstrate|show|establish|prove)\s+that\b[^.;]{0,80}?\b(?:not|no\s+"
    r"longer|publicly\s+available|unwarranted|improper\w*)\b", re.I)

# a party's own remedy for a breach or a dispute, in place of the Court's: it stops what it owes under the order on its
# own say-so ("may, at its election, suspend all further production until the breach has been cured to its
# satisfaction", "may revoke the Receiving Party's access to the repository", "may stop producing documents until the
# dispute is resolved"), so that the dispute is decided by a party, not through L.R. 37
_GRIEVANCE = re.compile(TOPIC.pattern + r"|\bunauthori[sz]ed\s+(?:disclosure|use|access|dissemination)\b|\bnon-?compli\w*", re.I)
SELF_HELP = re.compile(
    r"\b(?:may|can|(?:is|are|shall\s+be)\s+entitled\s+to|(?:has|have)\s+the\s+right\s+to|reserves?\s+the\s+right\s+to)"
    r"(?:\s*,[^,.;]{0,50},)?\s+(?:(?:unilaterally|immediately|thereupon|then|also)\s+)?(?:suspend|withhold|halt|stop|cease|"
    r"discontinue|refuse|decline|terminate|revoke|cut\s+off|pause|freeze|deny|withdraw|rescind)\w*\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:production|producing|produce|access|discovery|disclosures?|documents|deliver\w*|performance|cooperation)\b", re.I)
# ... unless it lasts only until the Court decides ("pending the Court's ruling on a joint stipulation under L.R. 37-2")
_UNTIL_RULED = re.compile(r"\b(?:until|pending|unless|absent)\s+(?:the\s+|a\s+)?(?:(?:court|(?:\w+\s+)?judge)(?:'s)?\s+(?:\w+\s+)?"
                          r"(?:rul|decid|decision|order|determin|resol)\w*|(?:ruling|decision|order|determination)\s+(?:of|by)\s+"
                          r"the\s+(?:court|(?:\w+\s+)?judge))", re.I)

_CLAUSES = re.compile(r"(?<=[.;])\s+(?=[A-Z(0-9])")


# the other side's portion of the joint stipulation on a clock of the parties' own (L.R. 37-2.2 gives it seven days from
# receipt): "The Designating Party shall then have fourteen days to serve its portion", "the Responding Party shall
# deliver its portion ... within two court days"
_DAYS = r"(?P<n>\w+)(?:\s*\(\d+\))?\s+(?P<kind>court\s+|business\s+|calendar\s+|judicial\s+)?days?\b"
_OTHER_SIDE = r"(?:responding|opposing|designating|non-?moving|non-?challenging|other|receiving|producing)\s+part(?:y|ies)"
PORTION_CLOCK = (re.compile(r"\b" + _OTHER_SIDE + r"\b[^.;]{0,80}?\b(?:within|have|has|shall\s+have|after|no\s+later\s+than)\s+" +
                            _DAYS + r"[^.;]{0,80}?\bportion\b", re.I),
                 re.compile(r"\b" + _OTHER_SIDE + r"\b[^.;]{0,60}?\bportion\b[^.;]{0,80}?\b(?:within|after|no\s+later\s+than)\s+" +
                            _DAYS, re.I))


def _own_clock(sentence: str) -> bool:
    """The other side's portion of the joint stipulation is given a time other than L.R. 37-2.2's seven days."""
    return any(m.group("n").lower() not in ("seven", "7") or m.group("kind")
               for clock in PORTION_CLOCK for m in clock.finditer(sentence))


def dispute_bypass(paragraph: str) -> str:
    """The sentence of a paragraph about disputes or violations that sends them to a decision-maker by a road
    other than L.R. 37, or that takes the burden of persuasion off the Designating Party, or that lets a party
    remedy a breach or a dispute itself (`SELF_HELP`) ("" when it does not)."""
    p = plain(paragraph)
    parts = bounded(_CLAUSES.split(p))  # each read once per question asked of it: never the square of the paragraph
    has_l37 = bool(L37.search(p))
    if re.search(r"\bjoint\s+stipulation", p, re.I):
        for s in bounded(re.split(r"(?<=[.;])\s+", p)):
            if _own_clock(s):
                return s
    for s in parts:
        if (EX_PARTE.search(s) and not EX_PARTE_NEG.search(s) and not _kept_l37(p, s)) or \
                _affirmed_hit(BURDEN_SHIFTED, s) or \
                (_affirmed_hit(L37_BYPASS, s) and (has_l37 or ROUTE.search(p))) or \
                (_affirmed_hit(SELF_HELP, s) and _GRIEVANCE.search(s) and not _UNTIL_RULED.search(s)):
            return s
    if not (has_l37 or TOPIC.search(p)):
        return ""
    if not _affirmed_hit(L37_JOINT, p):  # a noticed motion's briefs, not the joint stipulation
        for s in parts:
            if ORDINARY_MOTION.search(s):
                return s
        if has_l37:  # the L.R. 37-1 conference kept, then another road than the joint stipulation
            for s in parts:
                if _affirmed_hit(ROUTE, s):
                    return s
    if has_l37:  # L.R. 37 adopted: only a road carved out of it by an exception leaves it
        for s in bounded(re.split(r";\s*|(?<=\.)\s+", p)):  # a class of disputes decided on another road, L.R. 37 for the rest
            if not L37.search(s) and DECIDED.search(s) and _affirmed_hit(ROUTE, s):
                return s
        other_road: list[str | None] = []  # the first part outside L.R. 37 that takes a road (found once)
        for s in parts:  # ... or kept for the rest only: the other disputes take the road the clause gives them
            rest = RESIDUAL.search(s) if L37.search(s) else None
            if rest and _affirmed_hit(ROUTE, s[:rest.start()]):
                return s
            if rest:
                if not other_road:
                    other_road.append(next((t for t in parts if not L37.search(t) and _affirmed_hit(ROUTE, t)), None))
                if other_road[0] is not None:
                    return other_road[0]
        for s in parts:
            for m in PROVISO.finditer(s):
                if _affirmed_hit(ROUTE, s[m.end():]):
                    return s
        return ""
    for s in parts:
        if _affirmed_hit(ROUTE, s):
            return s
    return ""


# ---------------------------------------------------------------- designations
_GENERAL = (r"(?:documents?|information|materials?|discovery(?:\s+materials?)?|things|items|productions?|"
            r"transcripts?|testimony|depositions?|responses|everything|disclosures|e-?mails?|correspondence|"
            r"electronically\s+stored\s+information|esi)")
SCOPE = re.compile(
    r"\b(?:all|every|each|any\s+and\s+all)\b[^.;]{0,30}?\b" + _GENERAL + r"\b|"
    r"\b(?:any|all)\s+other\s+(?:\w+\s+){0,2}?" + _GENERAL + r"\b|\b(?:everything|anything|whatever)\b|"
    r"\bany\s+(?:\w+\s+){0,2}?" + _GENERAL + r"\s+(?:that\s+(?:is|are)\s+|which\s+(?:is|are)\s+)?(?:produced|exchanged|"
    r"furnished|provided|disclosed)\b|"
    r"\bentire\s+(?:production|document\s+production|volume)|\bin\s+(?:its|their)\s+entirety\b|\bin\s+full\b|"
    r"\bwholesale\b|\ben\s+masse\b|\bwhether\s+or\s+not\s+(?:so\s+)?(?:marked|designated)|"
    r"^(?:deposition\s+)?testimony\b|\b(?:deposition\s+testimony|the\s+production)\b|"
    r"'s\s+(?:\w+\s+)?productions?\b", re.I)
_LEVEL = r"(?:highly\s+)?confidential|attorneys'?\s+eyes|protected\s+material|aeo"
STATUS = re.compile(  # the predicate, not a description ("documents designated CONFIDENTIAL that are filed ...")
    r"\b(?:shall|will|must|may|is|are|be|hereby)\s+(?:(?:be|hereby|to\s+be|automatically|also|in\s+full)\s+)*"
    r"(?:deemed|treated|designat\w*|presumed|considered|classified|regarded)\b[^.;]{0,60}?(?:" + _LEVEL + r")|"
    r"\bconstitutes?\b[^.;]{0,20}?confidential|"
    r"\b(?:is|are|shall\s+be|will\s+be|becomes?|remains?)\s+(?:" + _LEVEL + r")\b|"
    r"\b(?:accorded|afforded|given|receives?|entitled\s+to)\b[^.;]{0,30}?(?:" + _LEVEL + r")[\w\s'-]{0,20}?"
    r"\b(?:treatment|protection|status)", re.I)
TEMPORARY = re.compile(r"\bfor\s+(?:a\s+period\s+of\s+)?(?:\w+\s+)?\(?\d+\)?\s+(?:court\s+)?days\b|\bdays\s+after\b|"
                       r"\bduring\s+the\s+inspection\b|\bbefore\s+designation\b|\buntil\b(?![^.;]{0,30}\b(?:final\s+"
                       r"disposition|conclusion|termination|end)\b)[^.;]{0,80}\b(?:designat|identif|cop(?:y|ied)|marked)",
                       re.I)
RESTRAINT = re.compile(r"\bprohibited\b|\b(?:shall|must|may)\s+not\b|\blimit\w*\b[^.;]{0,40}\bspecific\b|\bdo(?:es)?\s+not\s+"
                       r"(?:cover|apply|confer|extend|afford|grant|give|provide)|\bextends?\s+only\b|\bgood[- ]faith\b|(?<!whether or not )\b(?:it|that|which)\s+qualif(?:y|ies)\b|"
                       r"(?<!whether or )\bnot\s+(?:so\s+)?(?:stamped|marked|designated)\b(?![^.;]{0,30}\b(?:shall|are|is)\s+(?:be\s+)?"
                       r"(?:deemed|treated))", re.I)


def blanket_designation(sentence: str) -> bool:
    s = plain(sentence, legends=True)
    return bool(SCOPE.search(s) and STATUS.search(s) and not TEMPORARY.search(s) and not RESTRAINT.search(s))


# ---------------------------------------------------------------- speculation
_UNNAMED = (r"(?:(?:unknown|unidentified|unnamed|hostile|bad|malicious|nefarious|unscrupulous|ill-intentioned|"
            r"criminal|would-be)\s+(?:\w+\s+)?(?:actors?|persons?|parties|individuals?|entities|people|elements|"
            r"third\s+parties|others)|(?:persons?|parties|individuals?|entities|actors?|people|third\s+parties)\s+(?:as\s+yet\s+)?"
            r"(?:unknown|unidentified|unnamed)|someone|somebody|anyone|anybody|whoever|outsiders|rivals|competitors|"
            r"criminals|hackers|thieves|fraudsters|wrongdoers|strangers|members\s+of\s+the\s+public|third\s+parties|others|"
            r"(?:persons?|individuals?|people|entities|those|parties)\s+(?:seeking|wishing|intent\s+on|intending|looking|"
            r"bent\s+on|who\s+(?:wish|want|seek|intend|may|might)|outside|not\s+part(?:y|ies)\s+to|unconnected|"
            r"unrelated|unaffiliated|with\s+(?:improper|ill|bad|malicious|nefarious|ulterior|hostile|illicit|questionable)\s+"
            r"(?:motives?|intent\w*|purposes?|designs|aims)|with\s+(?:an?\s+)?(?:interests?|motives?|agendas?)\s+(?:adverse|"
            r"hostile|contrary|opposed))|"
            r"(?:the|news)\s+media|the\s+press|journalists|reporters|bloggers|commentators|onlookers|"
            r"(?:market|industry)\s+(?:participants|players|actors)|"
            # known only by a tie to someone ("persons associated with her former employer", "individuals linked to the
            # theft rings"), by litigation elsewhere ("counsel in unrelated litigation", "plaintiffs in other suits"),
            # or as rivals of a kind ("rival charities")
            r"(?:persons?|individuals?|people|those|entities|anyone|someone|parties)\s+(?:(?:closely|otherwise)\s+)?"
            r"(?:associated|affiliated|connected|linked|tied|aligned|allied|related)\s+(?:with|to)|"
            r"(?:counsel|lawyers|attorneys|plaintiffs|litigants|parties|claimants|adversaries|opponents)\s+in\s+(?:other|"
            r"unrelated|future|separate|later|different|collateral)\s+(?:[\w-]+\s+){0,2}?(?:litigation|lawsuits?|suits|cases|"
            r"actions|matters|proceedings|disputes)|(?-i:rival\s+[a-z]+s)\b)")
# what others might make of the material, whatever the modal: read out of context, misconstrued, sensationalized
_MISREAD = (r"(?:taken\s+out\s+of\s+context|quoted\s+(?:\w+\s+)?(?:selectively|out\s+of\s+context)|(?:selectively|"
            r"partially)\s+quoted|misconstrued|misinterpreted|misread|mischaracteri[sz]ed|misrepresented|misunderstood|"
            r"distorted|sensationali[sz]ed|twisted|spun|cherry-picked)")
_MISREAD_ACT = (r"(?:take|takes|taking)\s+(?:[\w'’-]+\s+){1,4}?out\s+of\s+context|(?:misconstrue|misinterpret|misread|"
                r"mischaracteri[sz]e|misrepresent|misunderstand|distort|sensationali[sz]e|twist|spin|cherry-pick|quote\s+"
                r"(?:[\w'’-]+\s+){0,3}?selectively)")
# a harm only said not to be excluded ("Plaintiff cannot rule out that ...", "cannot discount the chance that ..."): what
# is not excluded says an ill or an unnamed actor's doing (`_ILL`, compiled below with the stock harms)
_CANNOT_EXCLUDE = re.compile(r"\b(?:cannot|can\s*not|can't|could\s+not|(?:is|are)\s+(?:unable|not\s+able)\s+to)\s+"
                             r"(?:\w+\s+)?(?:rule\s+out|exclude|discount|dismiss|eliminate)\b", re.I)
_HEDGE = (r"(?:might|may|could\s+(?:\w+\s+)?(?:possibly|potentially|conceivably|perhaps)|possibly|potentially|perhaps|"
          r"there\s+is\s+(?:a|some)\s+(?:\w+\s+)?(?:risk|possibility|chance|danger)|misused|exploited|abused)")
SPECULATION = re.compile(
    r"\b(?:unknown|unidentified|unnamed|hostile|bad|malicious|nefarious|unscrupulous|ill-intentioned|criminal)\s+"
    r"(?:\w+\s+)?(?:actors?|persons?|parties|individuals?|entities|people|elements|third\s+parties|others)\b|"
    r"\bwrong\s+hands\b|\bhands\s+of\s+(?:competitors|others|third\s+parties|the\s+public)\b|"
    r"\b(?:wrongdoers|persons?\s+with\s+ill\s+intent|nefarious\s+purposes?)\b|"
    r"\b(?:misused|exploited)\s+by\s+(?:others|third\s+parties|unknown|anyone)|"
    r"\bfor\s+improper\s+purposes\b|\bdifficult\s+to\s+predict\b|\bcannot\s+be\s+predicted\b|\bunforeseeabl\w*|"
    # an opportunity only supposed ("rivals would pounce on it if given the chance")
    r"\bif\s+(?:ever\s+)?(?:given|offered|afforded)\s+(?:the|a|an|half\s+a)\s+(?:chance|opportunity)\b|"
    r"\bconceivabl[ey]\b|\bsomehow\b|\bin\s+theory\b|\btheoretical(?:ly)?\b|\bhypothetical(?:ly)?\b|"
    # a harm only imagined ("It is not difficult to imagine the mischief that would follow")
    r"\b(?:(?:not\s+(?:difficult|hard)|easy|simple)\s+to\s+|(?:can|could|may|might)\s+(?!(?:hardly|scarcely|not|never)\b)"
    r"(?:\w+\s+)?)imagine\b(?![^.;]{0,120}:)|\bimaginabl[ey]\b|"
    r"\bsome\s+(?:time|day|point)\s+in\s+the\s+future\b|\bat\s+some\s+(?:later\s+|future\s+)?(?:time|date|point)\b|"
    r"\bit\s+is\s+(?:at\s+least\s+|entirely\s+|quite\s+)?(?:possible|conceivable)\b|\b(?:one\s+day|some\s?day)\b|"
    r"\bin\s+(?:some|unknown|unforeseen|unpredictable|unspecified|any\s+number\s+of)\s+(?:way|ways|manner|fashion|"
    r"form|respects?)\b|"
    # the harm only said not to be excluded: "it cannot be ruled out that", "there is always the possibility"
    r"\bcannot\s+(?:be\s+)?(?:ruled\s+out|excluded|discounted)\b|\b(?:always|ever)\s+(?:a|the|some)\s+(?:possibility|"
    r"chance|risk)\b|\b(?:a\s+)?(?:remote|theoretical|mere)\s+(?:possibility|chance|risk)\b|"
    # an unnamed actor who might do something, or something that might be done by one; the material said only to
    # interest such actors ("may be of interest to persons outside this litigation")
    r"\b" + _UNNAMED + r"\s+(?:[\w'-]+\s+){0,6}?" + _HEDGE + r"\b|"
    # ... the actor resumed after the condition that gives it the material ("Were Defendant's competitors to obtain the
    # Pricing Data, they might use it")
    r"\b" + _UNNAMED + r"\b" + W + r"{0,100}?,\s*(?:they|he|she|it)\s+(?:\w+\s+)?" + _HEDGE + r"\b|"
    # ... or who "might" do what they do ("persons who might exploit them")
    r"\b(?:persons?|individuals?|people|entities|those|parties|others|anyone|someone)\s+who\s+(?:\w+\s+)?(?:might|may)\s+"
    r"(?:\w+\s+)?(?:mis)?(?:use|exploit|abuse|take|seek|want|wish|try)\w*|"
    # what others might make of the material (taken out of context, misconstrued), whatever the modal, by no one or by
    # unnamed actors: "could be taken out of context by the press or by counsel in unrelated litigation"
    r"\b(?:would|could|might|may|can|will)\s+(?:\w+\s+)?be\s+(?:\w+ly\s+)?" + _MISREAD + r"\b(?!" + W + r"{0,12}\bby\s+"
    r"(?!(?:[\w-]+\s+){0,4}?" + _UNNAMED + r"))|"
    r"\b" + _UNNAMED + r"\s+(?:[\w'-]+\s+){0,6}?(?:would|could|might|may|can|will)\s+(?:\w+\s+)?" + _MISREAD_ACT + r"|"
    r"\b" + _HEDGE + r"\b" + W + r"{0,60}\bby\s+(?:[\w-]+\s+){0,4}?" + _UNNAMED + r"\b|"
    r"\b" + _HEDGE + r"\s+(?:\w+\s+)?be\s+(?:of\s+(?:\w+\s+)?(?:use|value|help)|useful|valuable|helpful)\s+to\s+"
    r"(?:[\w-]+\s+){0,3}?" + _UNNAMED + r"\b|"
    r"\b(?:of\s+(?:\w+\s+)?interest|attractive|tempting|appealing|enticing|(?:a\s+|an\s+)?(?:boon|windfall|gift|godsend|"
    r"bonanza|prize))\s+to\s+(?:[\w-]+\s+){0,3}?" + _UNNAMED +
    r"\b|\b(?:risk|danger|possibility|chance|prospect|likelihood)\s+(?:that|of)\s+(?:[\w-]+\s+){0,2}?" + _UNNAMED + r"\b|"
    # the material put to some adverse use, by no one named and in no way said ("could be put to uses adverse to
    # Defendant", "might be turned against Plaintiff"); "in the wrong circumstances"
    r"\b(?:could|might|may|can)\s+(?:\w+\s+)?be\s+(?:used|put\s+to\s+(?:[\w-]+\s+)?uses?|turned|employed|exploited|misused|"
    r"leveraged|weaponi[sz]ed|deployed)\s+(?:(?:in\s+(?:a|some)?\s*(?:ways?|manner)\s+|in\s+a\s+manner\s+)?(?:adverse|"
    r"detrimental|harmful|prejudicial|contrary|inimical)|against|to\s+(?:the\s+|its\s+|their\s+)?(?:detriment|disadvantage))"
    r"[^.;,]{0,40}(?:[.;,]|$)|\bwrong\s+(?:circumstances|context|setting)\b",
    re.I)


# speculation the statement sets aside ("Plaintiffs do not contend that unnamed competitors ... might misuse this
# information", "This is not a case of speculation about what unknown third parties might do", "The concern is not that
# members of the public might misuse the records"), said before it and not turned by "but", ";" or ":"
_DISCLAIMED = re.compile(
    r"\b(?:not|never|no\s+longer)\s+(?:\w+\s+){0,2}?(?:contend|suggest|claim|argu|assert|rel[yi]|rest|bas|speculat|say|said|"
    r"alleg|fear|worr|premis|depend|predicat|invok|posit|a\s+case\s+(?:of|about|where|in\s+which))\w*|"
    r"\b(?:concern|worry|fear|point|harm|claim|basis|contention|showing|risk|danger)\s+(?:here\s+)?(?:is|was|lies)\s+not\s+"
    r"(?:that|about|in|what|merely|simply|the|with)\b|\bnot\s+because\b", re.I)
_TURN = re.compile(r"[;:]|\b(?:but|however|rather|instead|yet)\b", re.I)


def set_aside(sentence: str, start: int) -> bool:
    """Whether what the sentence says from `start` on is a ground the statement disclaims ("Defendant does not rely on
    uses it cannot foresee"), said before it (in the 200 characters before) and not turned by "but", ";" or ":"."""
    before = sentence[max(0, start - 200):start]
    turn = None
    for turn in _TURN.finditer(before):
        pass
    return bool(_DISCLAIMED.search(before[turn.end():] if turn else before))


# speculation denied where it is said: "The risk here is not hypothetical", "is by no means theoretical"
_DENIED = re.compile(r"\b(?:not|never|no\s+longer|by\s+no\s+means|hardly)\s+(?:\w+ly\s+|at\s+all\s+|just\s+)?$", re.I)


def speculative(sentence: str) -> bool:
    """Harm that rests on what unnamed actors might do (or on a hedge), not on what disclosure would bring about;
    not when the statement sets that speculation aside ("Plaintiffs do not contend that unnamed competitors might
    misuse this information"). A harm only said not to be excluded is speculation when what is not excluded is a
    harm or an unnamed actor's doing ("cannot rule out that persons associated with her former employer would use
    them to her disadvantage"), not when it is something else ("cannot rule out that the drawings will be needed at
    trial").

    >>> speculative("Plaintiffs do not contend that unnamed competitors might misuse this information.")
    False
    >>> speculative("Plaintiff cannot rule out that persons associated with her employer would use them against her.")
    True
    """
    s = plain(sentence)
    if any(not set_aside(s, m.start()) and not _DENIED.search(s, 0, m.start()) for m in SPECULATION.finditer(s)):
        return True
    return any(_ILL.search(re.split(r"[.;]|,\s*but\b", s[m.end():])[0]) for m in _CANNOT_EXCLUDE.finditer(s))


# ---------------------------------------------------------------- good cause: a specific harm
# The illustrative statement of the C.D. Cal. sample stipulated protective order (§ 1.2), the statement a
# generic order copies: its words say nothing about any one case.
SAMPLE_GOOD_CAUSE = (
    "This action is likely to involve trade secrets, customer and pricing lists and other valuable research, "
    "development, commercial, financial, technical and/or proprietary information for which special protection "
    "from public disclosure and from use for any purpose other than prosecution of this action is warranted. Such "
    "confidential and proprietary materials and information consist of, among other things, confidential business "
    "or financial information, information regarding confidential business practices, or other confidential "
    "research, development, or commercial information (including information implicating privacy rights of third "
    "parties), information otherwise generally unavailable to the public, or which may be privileged or otherwise "
    "protected from disclosure under state or federal statutes, court rules, case decisions, or common law. "
    "Accordingly, to expedite the flow of information, to facilitate the prompt resolution of disputes over "
    "confidentiality of discovery materials, to adequately protect information the parties are entitled to keep "
    "confidential, to ensure that the parties are permitted reasonable necessary uses of such material in "
    "preparation for and in the conduct of trial, to address their handling at the end of the litigation, and "
    "serve the ends of justice, a protective order for such information is justified in this matter.")


def _words(text: str) -> set[str]:
    return {re.sub(r"['’]s?$", "", w.lower()) for w in re.findall(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.-]*\d|\d", text)}


# Words every statement uses: function words, the order's defined terms, stock harms and the verbs that carry
# them ("work prejudice upon", "cause harm to", "be detrimental to"), and the sample statement's words.
GENERIC = frozenset(_words(SAMPLE_GOOD_CAUSE)) | frozenset("""
a an the this that these those such any all each its it their they them his her he she we our us you your
of to in on for with by from as at or and nor but if then than so be is are was were been being would could
will may might can should shall must not no without because due upon within into onto about against between
over under through therefore thus hence herein hereto hereby hereof hereunder therein thereof whereby which
who whom whose what when where while there here also very more most much many other another same own only
do does did done have has had having make makes made bring brings brought pose poses posed create creates
created work works worked suffer suffers suffered result results resulting lead leads led inflict impose
cause causes caused occasion
disclosure disclose disclosed disclosing discloses release releasing released reveal reveals revealed
publicly publication dissemination disseminate disseminated information material materials document documents
confidential confidentiality proprietary private sensitive sensitivity nature kind kinds type types sort
party parties other others third public harm harms harmful harmed prejudice prejudicial prejudiced injury
injure injured injurious damage damages damaging damaged detriment detrimental adverse adversely affect
affects affected hurt hurts impair impaired disadvantage disadvantaged disadvantages serious seriously
irreparable irreparably significant significantly substantial substantially undue great grave real severe
competitive competitively competitor competitors business businesses commercial commercially financial
good exists exist existing entry order protective action case litigation lawsuit matter matters specific
category categories state states stated produce produced producing production likely discovery entered
protection protect protected warrant warranted need needed special use used purpose purposes interest
interests position positions standing reputation reputational marketplace market loss losses
designating designated designation receiving challenging non-party non-parties counsel undersigned represent
represents entail entails entailed necessarily necessary involve involves involved include includes included
including contain contains contained expect expects expected anticipate anticipates anticipated exchange
exchanged exchanging non-public nonpublic plaintiff plaintiffs defendant defendants court
unspecified unspecifiable undetermined indeterminate unforeseen unforeseeable foreseen unknown unknowable known
unpredictable predict predicted uncertain unquantifiable untold incalculable unintended undefined as-yet yet
various way ways manner fashion respects extent degree magnitude consequences effects repercussions relationships
anticipate anticipated presently now become becomes particulars details specifics
cannot certainty certain certainly accurately precisely fully readily hard difficult impossible foresee
foreseeable gauge estimate quantify ascertain nobody ability efficiently efficient efficiency conduct proceed
smoothly timely promptly expeditiously
annoy annoys annoyance annoyed embarrass embarrasses embarrassment embarrassed embarrassing oppress oppresses
oppression oppressed oppressive burden burdens burdened burdensome expense expenses privacy rights right constitutional
statutory common-law person persons individual individuals people concerned""".split())
# (the last lines: Fed. R. Civ. P. 26(c)(1)'s own harms, "annoyance, embarrassment, oppression, or undue burden or
# expense", and privacy rights in the abstract, which every statement may invoke)

# ---------------------------------------------------------------- good cause: what a harm clause says
# A harm clause has parts: what brings the harm about (disclosure, or someone who obtains the material), how
# sure it is (the modal: "would", "could potentially", "there is a risk that"), what happens (the consequence)
# and who suffers it. The consequence is what shows good cause: it is specific when it says, in words of this
# case, what would happen ("would let Plaintiff's sales staff price against Defendant account by account"); it
# is empty when only stock words carry it ("could potentially cause harm to Defendant", "would be harmful and
# prejudicial to the Parties"): the one harmed may be named, but not what would happen to it.

# the verb of the consequence ("would reveal", "could undercut", "would let ..."), or, after a verb that only
# carries it ("would be", "would cause", "would work", "may suffer"), its object
_HARM_STEMS = (
    r"harm|prejudic|injur|damag|disadvantag|detriment|embarrass|humiliat|stigma|invad|invasion|expos|reveal|"
    r"disclos|identif|locat|undercut|underbid|undermin|retaliat|harass|threat|stalk|target|endanger|jeopardi|"
    r"los[est]|loss|theft|fraud|destroy|destruction|breach|violat|chill|deter|discourag|discriminat|circumvent|"
    r"evad|misappropriat|copy|copi|replicat|reproduc|duplicat|clon|imitat|reverse-engineer|solicit|poach|compet|advantage|leverage|prior\s+art|"
    r"know|learn|let|allow|enabl|permit|give|gave|help|price|outbid|bid|negotiat|tip|alert|forfeit|waiv|"
    r"compromis|impair|hurt|risk|danger|subject|upset|disrupt|derail|sabotag|erod|weaken|imped|frustrat|interfer|show|"
    r"spoil|ruin|tell|design\s+around|use\s+(?!of\b)(?:[\w'’-]+\s+){0,6}?to\s+(?!(?:the|this|that|a|an|such|its|their|any)\b)\w+")
HARM = re.compile(r"\b(?:" + _HARM_STEMS + r")\w*", re.I)
# a harm verb coordinated with another ("could match or undercut those rates")
_COORDINATED_HARM = re.compile(r"[\w-]+\s+(?:or|and|and/or)\s+(?:" + _HARM_STEMS + r")\w*", re.I)
CARRIER = re.compile(r"(?:be|cause|result|lead|work|pose|create|bring|inflict|put|place|subject|amount|constitute|"
                     r"mean|give\s+rise|do|suffer|sustain|incur|experience)\b", re.I)
MODAL = re.compile(r"\b(?:would|could|will|might|may|can)(?:\s*,\s*(?:in\s+all\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s*,)?\s+"
                   r"(?:(?:not|also|then|likely|thereby|directly|"
                   r"immediately|well|even|thus|therefore|quite|surely|in\s+turn|\w+ly)\s+)*", re.I)
# how sure: a possibility ("could", "may", "potentially", "a risk of"), not what would happen
# (or expected: "is reasonably anticipated", "is likely to follow"; or only a party's belief: "Defendants believe ...")
POSSIBLE = re.compile(r"\b(?:could|might|may|can|potentially|possibly|conceivably|perhaps|arguably|risk|anticipated|expected|"
                      r"foresee\w*|likely|likelihood|probable|probability|predict\w*|apprehended|feared|belie\w*|contend\w*|assert\w*|maintain\w*|"
                      r"assum\w*|presum\w*|anticipat\w*|expect\w*|reason|"
                      r"submit\w*|feels?|fears?|suspects?|view|opinion|concerned|worried|apprehensive|convinced|"
                      r"possibility|potential|chance|danger|threat|prospect|capacity|capable|apt|stands?)\b", re.I)
# ... the hedge at the head of the consequence ("would be likely to undermine", "risks putting", "stands to lose")
_HEDGED = re.compile(r"(?:be\s+)?(?:\w+ly\s+)?(?:(?:likely|apt|liable|prone)\s+to|risks?|risking|tends?\s+to|"
                     r"threatens?\s+to|stands?\s+to|possibly|potentially|conceivably|perhaps)\b", re.I)
# ... or in the stock words themselves ("expose them to a host of potential harms")
_POTENTIAL = re.compile(r"\b(?:potential|possible|prospective|risks?|threatened)\b", re.I)
# a harm said as a possibility without a modal: "disclosure poses a risk of harm", "there is a danger that ..."
RISK_OF = re.compile(r"\b(?:there\s+(?:is|exists)|pos\w*|creat\w*|carr\w*|present\w*|rais\w*|entail\w*|involv\w*|"
                     r"increas\w*|ha[sv]e?|had|hold\w*)\s+(?:with\s+(?:it|them)\s+)?(?:a|an|the|some)?\s*(?:[\w-]+,?\s+(?:and\s+|or\s+)?){0,3}?(?:risk|"
                     r"possibility|potential|chance|danger|prospect|capacity|threat|likelihood|probability)s?\s+(?:of|for|that|to)\s+|"
                     r"\b(?:is|are)\s+(?:capable\s+of|apt\s+to)\s+|\bstands?\s+to\s+", re.I)
# a harm said only as a party's belief or concern ("Defendants believe in good faith that ...", "Plaintiff contends that ...",
# "the Producing Party is of the view that ..."): asserted, not shown, like a harm that could come
BELIEF = re.compile(r"\b(?:believes?|believed|contends?|contended|asserts?|asserted|maintains?|submits?|feels?|fears?|suspects?|"
                    r"assumes?|presumes?|(?:reasonable|fair|safe|logical)\s+to\s+(?:assume|presume|expect|infer|suppose)|"
                    r"(?:it\s+is|it\s+seems|it\s+appears)\s+(?:\w+ly\s+)?(?:foreseeable|likely|probable|predictable|expected|"
                    r"anticipated)|"
                    r"anticipates?|expects?|predicts?|foresees?|stands\s+to\s+reason|"
                    r"(?:is|are|was|were)\s+(?:of\s+the\s+(?:view|opinion|belief)|(?:\w+ly\s+)?(?:concerned|worried|"
                    r"apprehensive|convinced)))\b(?:\s*,[^,.;]{0,30},)?\s+(?:in\s+good\s+faith\s+)?that\b", re.I)
# the harm as the subject, said to be expected: "is reasonably anticipated", "is likely to follow", "can be expected"
EXPECTED = re.compile(r"\b(?:is|are|would\s+be|will\s+be|(?:can|could|may|might|must)\s+(?:\w+ly\s+)?be)\s+(?:\w+ly\s+)?"
                      r"(?:anticipated|expected|foreseeable|foreseen|likely|probable|predictable|apprehended|feared|"
                      r"inevitable|bound)\b(?:\s+to\s+(?:follow|result|ensue|occur|arise|come))?", re.I)
# "if Atlas Re's underwriters learned the reserve figures, they could raise its premiums": what follows is the harm
# (or the material reaches them, whatever the verb: "if either side's schedule reached the other's sales force", "should
# the worksheets fall into the hands of", "once the reports made their way to")
IF_DISCLOSED = re.compile(r"\b(?:if|once|should|were|when)\b[^.;]{0,100}?\b(?:learn\w*|saw|see|seen|obtain\w*|disclos\w*|"
                          r"made\s+public|public\w*|knew|access\w*|read|receiv\w*|got|reveal\w*|releas\w*|publish\w*|"
                          r"filed|posted|leaked|circulated|reach(?:es|ed)?|f[ae]ll(?:s)?\s+into|"
                          r"(?:f[io]u?nds?|ma[dk]es?|work(?:s|ed)?)\s+(?:its|their)\s+way|"
                          r"c[ao]mes?\s+into|end(?:s|ed)?\s+up\s+(?:with|in)|(?:got|gets?)\s+hold|gain(?:s|ed)?\s+access|"
                          r"in(?:to)?\s+the\s+hands)\b", re.I)
PASSIVE = re.compile(r"(?:be|been|get)\s+(?:\w+ly\s+)?(?:" + _HARM_STEMS + r")\w*(?:ed|en|n|t)\b", re.I)
# ... or said in the present tense of disclosure itself ("public disclosure destroys its trade-secret status")
PRESENT = re.compile(r"\b(?:disclosure|publication|release|dissemination|filing|publishing|disclosing|releasing|"
                     r"making|posting)\b(?:(?!\b(?:would|could|will|might|may|can|shall|must)\b)[^.;]){0,80}?\s"
                     r"(?=(?:" + _HARM_STEMS + r")\w*(?<!ou)s\b)", re.I)
# what a causative verb brings about, or invites, is a consequence, whatever its noun ("would cause the Company considerable
# distress", "could invite copycat practices throughout the industry")
_CAUSATIVE = re.compile(r"(?:cause|causes|inflict|inflicts|occasion|occasions|bring\s+about|result\s+in|results\s+in|lead\s+to|"
                        r"leads\s+to|give\s+rise\s+to|gives\s+rise\s+to|invite|invites|provoke|provokes|spark|sparks|trigger|"
                        r"triggers|fuel|fuels|encourage|encourages)\b", re.I)
# disclosure as what is guarded against ("wish to protect it from public disclosure") is no consequence
_GUARDED = re.compile(r"\b(?:protect|shield|guard|safeguard|secur|keep|prevent|avoid|preclud)\w*\b[^.;]{0,40}?"
                      r"\b(?:disclosure|dissemination|release|publication)\b", re.I)

# what the order itself or discovery will do is no harm of disclosure ("entry of this Order will let the Parties
# exchange documents promptly"; "discovery will reveal ...")
_NOT_CAUSE = re.compile(r"(?:\b(?:this|the|a|an|such|said)\s+(?:stipulated\s+)?(?:protective\s+)?order|\bentry\s+of\b[^,;]*|"
                        r"\bdiscovery|\bthe\s+production|\bthe\s+parties)\s*$", re.I)
_CLAUSE_START = re.compile(r".*(?:[,;:(]|\b(?:because|and|but|since|so|that|as|while|whereas)\b)", re.I | re.S)


# the antecedent of a relative pronoun just before a modal ("a direct competitor that would ..."), a few words
_ANTECEDENT = re.compile(r"(?P<who>(?:[\w'’-]+\s+){1,4}?)(?:that|who|which)\s*$", re.I)
_THE_PARTIES = re.compile(r"\bthe\s+parties\s*$", re.I)
# a harm done, its noun the subject ("injury of a serious nature could be occasioned to the Designating Party")
_DONE = re.compile(r"(?:be|been)\s+(?:[\w-]+ly\s+)?(?:occasioned|caused|inflicted|done|visited|suffered|sustained|incurred|"
                   r"wrought|brought\s+about)\b", re.I)
# a rival of the one harmed, and it obtaining or using the material ("a direct competitor that would obtain the list")
_RIVAL = re.compile(r"\b(?:competitors?|rivals?|competing\s+(?:firms?|compan(?:y|ies)|businesses|vendors?|bidders?))\b", re.I)
_OBTAINS = re.compile(r"(?:obtain|get|acquire|gain|learn|see|read|use|exploit|copy|replicate|poach|target|undercut|"
                      r"underbid|solicit|lure)\b", re.I)


def _subject(text: str) -> str:
    """The words before a modal back to its clause's start: who or what would do it."""
    m = _CLAUSE_START.match(text)
    return text[m.end():] if m else text


# the stock words that carry an empty consequence, and the one harmed they name
_STOCK_ADJ = (r"(?:harmful|prejudicial|damaging|detrimental|injurious|adverse|deleterious|hurtful|contrary|inimical|"
              r"costly|problematic|disadvantageous|unfair|bad|dangerous|devastating|ruinous|catastrophic|crippling|"
              r"disastrous|destructive|unfavou?rable|undesirable|inappropriate|improper|unwarranted|embarrassing|"
              r"humiliating)")
_STOCK_NOUN = (r"(?:harms?|prejudice|injur(?:y|ies)|damages?|detriment|disadvantages?|loss(?:es)?|consequences|"
               r"consequence|effects?|hardships?|repercussions|ramifications|fallout|backlash|setbacks?|problems|difficult(?:y|ies)|risks|embarrassment|"
               r"ridicule|abuse|misuse|mischief|exploitation|distress|intrusions?|impacts?|threats?|mistrust|distrust|discord|"
               r"resentment|ill\s+will|friction|hostility|turmoil|unrest|controversy|(?:unwanted|undue|unwelcome|"
               r"unnecessary|negative|adverse|public|media)\s+(?:attention|scrutiny|publicity))")
# "serious and irreparable", "the Parties", "an as-yet unknown", "Defendant serious, immediate, and irreparable"
_QUALIFIER = r"(?:[\w'’-]+,?\s+){0,6}?"
# the next item of a list ("harmful, prejudicial, or otherwise damaging")
_AND = r"(?:\s*,\s*(?:(?:and|or|and/or)\s+)?|\s+(?:and|or|and/or)\s+)(?:otherwise\s+|other\s+|also\s+|even\s+)?"
_OF_NATURE = r"(?:\s+of\s+(?:a|an|some)\s+(?:[\w-]+\s+){0,3}?(?:nature|kind|sort|type|extent|degree|magnitude))?"
_ILL = re.compile(r"\b(?:" + _UNNAMED + "|" + _STOCK_NOUN + "|" + _STOCK_ADJ + r"|misus\w*|exploit\w*|abus\w*|against|harm\w*|"
                  r"hurt\w*|injur\w*|damag\w*|prejudic\w*|retaliat\w*|harass\w*|threat\w*|endanger\w*)\b", re.I)
# a harm that only touches an interest of the one harmed, not what would happen to it ("might compromise institutional
# security or otherwise interfere with the Department's law enforcement functions", "could weaken the Firm's
# competitive position", "undermine the effectiveness of its screening program"): stock words, like "cause harm to"
_IMPAIR = (r"(?:compromise|undermine|impair|jeopardi[sz]e|threaten|interfere\s+with|affect|damage|harm|hurt|weaken|erode|"
           r"disrupt|endanger|imperil|injure|prejudice|diminish|reduce|hamper|hinder|impede|set\s+back|undercut|tarnish|"
           r"sully|cripple|destabili[sz]e|dent|blunt|sap|cut\s+into|eat\s+into|chip\s+away\s+at|hamstring)")
_INTEREST = (r"(?:(?:effectiveness|efficiency|integrity|functioning|stability|viability|operations|competitiveness)\b"
             r"(?:\s+of\s+(?:the|its|their|his|her|our|this|that|such)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+\b)?|"
             r"(?:security|functions|interests|(?:competitive\s+|market\s+|business\s+|financial\s+)?(?:position|standing)|"
             r"goodwill|reputations?|mission|relationships|business|prospects|morale|work|footing|edge|image|name|safety|"
             r"leverage|stake|share|foothold|posture|credibility|well-being|hand|trust|"
             # ... or any abstract noun of the one harmed's condition, by its form ("bargaining leverage", "market
             # standing", "negotiating posture", "consumer confidence", "customer relationships")
             # (in lower case, and not an owner: "the Authority's operations")
             r"(?-i:[a-z]+(?:ing|age|ity|ness|ence|ance|ships?|ure|tion|sion)s?))\b(?!['’]))")
_TOUCHED = _IMPAIR + r"\s+" + _QUALIFIER + _INTEREST
# use outside the case as the harm, which is what every protective order guards against (the sample statement's "use
# for any purpose other than prosecution of this action"): "could be put to uses unrelated to the claims and defenses
# herein", "might be employed for ends beyond this case", "used outside this litigation"
_ELSEWHERE = (r"(?:be\s+)?(?:put\s+to|used\s+(?:for|in)|employed\s+(?:for|in)|turned\s+to|applied\s+to|diverted\s+to|"
              r"use[ds]?\s+(?:it\s+|them\s+)?(?:for|in))\s+(?:[\w'’-]+\s+){0,3}?(?:uses?|purposes?|ends|ways|matters)\s+"
              r"(?:that\s+(?:are|have)\s+)?(?:unrelated|other\s+than|outside|beyond|extraneous|foreign|having\s+nothing|with\s+no\s+"
              r"(?:connection|relation)|apart\s+from)\b[^.;,]*|"
              r"(?:be\s+)?used\s+(?:outside|beyond)\s+(?:of\s+)?(?:this|the)\s+(?:litigation|action|case|lawsuit|proceeding)s?\b")
STOCK_HEAD = re.compile(
    r"(?:be|prove|become|turn\s+out\s+to\s+be|seem|appear)\s+(?:[\w-]+ly\s+)*" + _STOCK_ADJ +
    r"(?:" + _AND + r"(?:[\w-]+ly\s+)*" + _STOCK_ADJ + r")*|"
    r"(?:cause|causes|work|works|inflict|impose|result\s+in|lead\s+to|bring\s+about|create|pose|do|entail|occasion|have|has|"
    r"sow|breed|foster|stir\s+up|"
    r"produce|threaten|suffer|sustain|incur|experience|face|endure|risk|mean|amount\s+to|constitute|give\s+rise\s+to|"
    r"be\s+(?:a|an))\s+" +
    _QUALIFIER + _STOCK_NOUN + _OF_NATURE + r"(?:" + _AND + _QUALIFIER + _STOCK_NOUN + _OF_NATURE + r")*|"
    # the one harmed put in a plight that says nothing of what would happen ("put Marlow at a real competitive
    # disadvantage", "be placed in an untenable position", "find itself at a handicap", "leave Plaintiff vulnerable to"; not
    # "at real risk of retaliation", which names what would happen)
    r"(?:be\s+)?(?:put(?:ting)?|plac(?:e|ed|ing)|leav(?:e|ing)|left|find(?:ing)?\s+(?:itself|himself|herself|themselves))"
    r"\s+(?:[\w'’-]+\s+){0,4}?(?:(?:at|in(?:to)?|on)\s+(?:a|an|the)?\s*(?:[\w-]+\s+){0,3}?(?:disadvantage|handicap|"
    r"position|situation|predicament|footing|foot|spot|bind)\b|under\s+(?:a\s+)?(?:[\w-]+\s+)?(?:strain|pressure|stress|threat|"
    r"cloud|siege)\b|(?:vulnerable|susceptible|exposed|"
    r"open)\s+to\b)|"
    r"(?:give|gives|afford|affords|provide|provides|hand|hands|gain|gains|obtain|obtains|get|gets|secure|secures|win|wins)"
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:an?\s+|the\s+)?(?:unfair\s+|competitive\s+|undue\s+|improper\s+|commercial\s+)*"
    r"(?:advantages?|edge|leg\s+up|head\s+start|upper\s+hand|windfall)\b|"
    # ... or others profit ("competitors would profit from access to the Company's cost data")
    r"(?:profit|profits|benefit|benefits|capitali[sz]e|capitali[sz]es)\s+(?:from|by|on)\b|"
    # a harm invited, drawn or set going ("would invite abuse", "could open the door to unfair competition")
    r"(?:invite|invites|draw|draws|attract|attracts|provoke|provokes|spark|sparks|trigger|triggers|fuel|fuels|court|courts|"
    r"open\s+the\s+door\s+to|pave\s+the\s+way\s+for)\s+" + _QUALIFIER + _STOCK_NOUN + r"\b|"
    r"(?:be|become|becomes|made)\s+(?:the\s+)?(?:subject|object|target|focus)\s+of\s+" + _QUALIFIER + _STOCK_NOUN + r"\b|"
    r"(?:expose|subject|open)\s+(?:[\w'’-]+\s+){1,4}?(?:up\s+)?to\s+" + _QUALIFIER + r"(?:risks?\s+of\s+)?" + _QUALIFIER +
    _STOCK_NOUN + r"\b" + _OF_NATURE + r"(?:" + _AND + _QUALIFIER + _STOCK_NOUN + r"\b" + _OF_NATURE + r")*|"
    + _TOUCHED + r"(?:" + _AND + r"(?:" + _IMPAIR + r"\s+)?" + _QUALIFIER + _INTEREST + r")*|" + _ELSEWHERE + "|"
    r"(?:harm|hurt|damage|injure|prejudice|disadvantage|affect|impact)s?\b(?:\s+(?:adversely|negatively|seriously|"
    r"materially|significantly|unfairly))?|"
    r"(?:be|been)\s+(?:[\w-]+ly\s+)*(?:harmed|hurt|damaged|injured|prejudiced|disadvantaged|affected|impacted)"
    r"(?:\s+(?:adversely|negatively|seriously|materially|significantly|unfairly))?", re.I)
# the disclosure as a subject: the material named there is what is disclosed, not what would happen
_CAUSE = re.compile(r"\b(?:disclos\w*|dissemin\w*|releas\w*|publi(?:cation|shing|c\s+access|c\s+filing|cly)|filing|"
                    r"reveal(?:s|ed|ing)?|exposure|exposing|shar(?:e|ing)|leak\w*|divulg\w*|hand\w*\s+over|circulat\w*|"
                    r"making\b[^.;]{0,40}\bpublic|access\s+to)\b", re.I)
# the harm as the subject, its predicate only how great it is ("the harm to Defendant from disclosure would be serious")
_SAID_HARM = re.compile(r"\b(?:the|any|such|this|that|resulting|potential|possible)\s+(?:[\w-]+\s+)?" + _STOCK_NOUN +
                        r"\s*(?:\b(?:to|from|of|that|which|resulting|caused|in)\b|$)", re.I)
# the disclosure a consequence waits on ("should these records become public", "if disclosed"): its cause
CONDITION = re.compile(r"\b(?:if|should|were|once|when|whenever|in\s+the\s+event(?:\s+that)?)\s+[^.;,]*?\b(?:disclos\w*|"
                       r"public\w*|releas\w*|made\s+available|filed|published|revealed|obtained|seen|saw|learned|"
                       r"accessed)\b[^.;,]*", re.I)
# one who would have the material ("a competitor with those rankings", "an inmate who obtained them")
ACQUIRER = re.compile(r"\b(?:with|having|armed\s+with|in\s+possession\s+of|(?:who|that|which)\s+(?:\w+\s+)?(?:obtained|obtains|"
                      r"obtain|saw|sees|see|read|reads|had|has|have|learned|learns|learn|got|gets|received|receives|"
                      r"accessed|accesses|access|acquired|acquires|studied|reviewed)|seeing|reading|obtaining|learning|"
                      r"receiving|accessing|acquiring|reviewing|studying|having\s+(?:seen|read|obtained|learned|received|"
                      r"accessed))\b", re.I)
# ... or "suffer", "sustain": the one who suffers is the subject ("the Company would suffer substantial and irreparable injury")
_SUFFERS = re.compile(r"(?:suffer|sustain|incur|experience)\b", re.I)
# the harm as a noun phrase that is the subject, and the one it falls on ("Harm to the Parties and to non-parties",
# "Injury to the Producing Party", "Damage to each Party's business")
_HARM_SUBJECT = re.compile(r"^\s*(?:(?:the|any|such|some|this|that|serious|substantial|significant|grave|real|further|"
                           r"irreparable|competitive|commercial|financial)\s+)*(?P<noun>" + _STOCK_NOUN + r")\b(?P<victim>\s+(?:to|"
                           r"of|for|upon|on)\s+.*)?$", re.I | re.S)
# the sphere a harm is felt in ("in dealing with claimants", "in the marketplace", "with its customers")
_SPHERE = re.compile(r"\s*(?:in|with|among|within|across|vis-[aà]-vis|toward|towards)\s+(?:[\w'’-]+\s*){1,5}[.;,]?\s*$", re.I)
_NOT_VICTIM_CLAUSE = (r"(?:by|because|since|as|if|when|should|were|through|before|after|during|which|who|that|unless|until|"
                      r"so|thereby|including|especially|where|while|than|would|could|will|might|may|can|is|are|was)")
# a second label after the first one's victim, with its own victim and nothing more ("harmful to the Hospital and
# detrimental to the quality of patient care", "prejudicial to Defendant and damaging to its standing"): stock words too
_MORE_STOCK = re.compile(r"\s*,?\s*(?:and|or|and/or)\s+(?:(?:also|even|otherwise)\s+)?(?:[\w-]+ly\s+)*" + _STOCK_ADJ +
                         r"\s+(?:to|for|toward|towards|upon|on)\s+(?:(?!" + _NOT_VICTIM_CLAUSE + r"\b)[\w'’&.-]+\s*){1,8}"
                         r"[.;,]?\s*$", re.I)
# an interest of the one harmed as the subject, said to decline ("Orion's standing in the lending market could suffer",
# "the Firm's goodwill would erode"): the one harmed and the interest are all it says
_DECLINE = re.compile(r"(?:suffer|erode|decline|deteriorate|weaken|diminish|shrink|fall|drop|wane|slip|be\s+(?:\w+ly\s+)?"
                      r"(?:harmed|damaged|hurt|impaired|undermined|compromised|weakened|eroded|diminished|tarnished|"
                      r"jeopardi[sz]ed|affected|threatened))\b", re.I)
_INTEREST_SUBJECT = re.compile(r"\b" + _INTEREST + r"(?P<qualifier>(?:\s+(?:in|of|with|among|within)\s+[^,;]*)?)\s*$", re.I)
# the material put to use by whoever has it ("could be used by market rivals to ...", "might be exploited"): what
# disclosure would do, said in the passive
_PUT_TO_USE = re.compile(r"be\s+(?:\w+ly\s+)?(?:used|exploited|misused|turned|leveraged|employed|put\s+to|weaponi[sz]ed|"
                         r"mined|harvested)\b", re.I)
_SUFFERED = re.compile(r"(?:harmed|hurt|damaged|injured|prejudiced|disadvantaged|affected|impacted)\b", re.I)
# after "a risk to", who or what is endangered (a noun phrase, not a verb: "a risk to the officers' safety")
_ENDANGERED = re.compile(r"(?:the|their|his|her|its|our|those|these|each|every|all|any|both)\b|[A-Z]|[\w-]+['’]s?\s")
# after "a risk of", the harm as a noun ("a danger of adverse effects on the family")
_NOMINAL_HARM = re.compile(r"(?:[\w'’-]+\s+){0,3}?" + _STOCK_NOUN + r"\b" + _OF_NATURE, re.I)
_NOT_VICTIM = (r"(?:by|in|because|since|as|if|when|should|were|through|with|before|after|during|which|who|that|"
               r"unless|until|and|or|but|so|thereby|including|especially|where|while|from|at|than|to|of|for)")
_NP = r"(?:(?!" + _NOT_VICTIM + r"\b)[\w'’.&-]+\s*){1,5}"
VICTIM = re.compile(r"\s*(?:(?:to|upon|on|for|toward|against)\s+)?" + _NP + r"(?:\s*,?\s*(?:and|or|as\s+well\s+as)\s+"
                    r"(?:(?:to|upon|on|for)\s+)?(?=(?:the|its|their|his|her|our|each|both|all|any|those|these|[A-Z])\b)"
                    + _NP + r")*", re.I)

# a harm whose kind the clause says it does not know ("unspecified harm", "injury of an as-yet undetermined
# nature", "unforeseen consequences")
_UNKNOWN_ADJ = (r"(?:unspecified|unspecifiable|undetermined|indeterminate|unforeseen|unforeseeable|unknown|unknowable|"
                r"unpredictable|unpredicted|uncertain|unquantifiable|unquantified|untold|incalculable|unintended|"
                r"undefined|as-yet[\w-]*|various|unanticipated)")
_DIMENSION = (r"(?:extent|nature|scope|magnitude|severity|form|dimensions|size|amount|degree|reach|kind|type|"
              r"consequences|effects)")
_UNKNOWABLE = (r"(?:(?:cannot|can\s+not|could\s+not|will\s+not|would\s+not|may\s+not)\s+(?:yet\s+|now\s+|presently\s+|"
               r"readily\s+|fully\s+|accurately\s+|reliably\s+)?be\s+(?:\w+ly\s+)?(?:predicted|foreseen|known|quantified|"
               r"determined|identified|described|specified|anticipated|estimated|assessed|measured|gauged|calculated|"
               r"ascertained|evaluated)|(?:is|are|remains?)\s+(?:as\s+yet\s+|currently\s+|presently\s+|still\s+)?"
               r"(?:unknown|unknowable|uncertain|unclear|undetermined|unforeseeable|unpredictable|not\s+(?:yet\s+)?known|"
               r"(?:impossible|difficult|hard)\s+to\s+\w+))")
# a harm of whatever kind: "of one kind or another", "in one form or another", "of some sort", "some kind of harm"
_INDIFFERENT = (r"(?:of|in)\s+(?:one|some)\s+(?:kind|sort|form|way|type|manner|shape|fashion|respect)\s+or\s+(?:another|other)\b|"
                r"(?:of|in)\s+(?:some|whatever|any)\s+(?:kind|sort|form|type|shape|description)\b")
# ... or a harm in ways, respects or uses someone says they cannot foresee ("in ways that Defendant cannot presently foresee",
# "to uses the Company is unable to anticipate", "in respects we have no way of predicting")
_UNFORESEEN_WAYS = (r"(?:(?:in|to|for)\s+)?(?:ways|manners?|respects|fashions|uses|forms|purposes|ends)\s+(?:that\s+|which\s+)?"
                    r"(?:[\w'’-]+\s+){0,4}?(?:cannot|can\s*not|can't|could\s+not|(?:is|are|am)\s+(?:unable|not\s+able|not\s+in\s+a\s+"
                    r"position)\s+to|(?:has|have)\s+no\s+(?:means|way)\s+of|will\s+not\s+be\s+able\s+to)\s+(?:\w+\s+)?(?:predict|"
                    r"foresee|anticipat|know|gauge|estimat|quantif|imagin|envisag)\w*[^.;,]*")
UNKNOWN = re.compile(
    r"\b" + _STOCK_NOUN + r"\b" + W + r"{0,60}?\b(?:(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?" + _DIMENSION + r"\s+of\s+which|"
    r"which|that|whose\s+(?:[\w-]+\s+){0,2}?" + _DIMENSION + r")\s+" + _UNKNOWABLE + "|"
    r"\b" + _STOCK_NOUN + r"\s+" + _INDIFFERENT + r"|\b(?:" + _HARM_STEMS + r")\w*\b" + W + r"{0,60}?\b(?:of|in)\s+(?:one|some)\s+"
    r"(?:kind|sort|form|way|type|manner|shape|fashion|respect)\s+or\s+(?:another|other)\b|"
    r"\b(?:(?:some|whatever)\s+(?:kind|sort|form|type)|(?:all|any|every)\s+(?:manner|kinds?|sorts?|types?|forms?))\s+of\s+"
    r"(?:[\w-]+\s+)?" +
    _STOCK_NOUN + r"|"
    r"\b" + _UNKNOWN_ADJ + r"\s+(?:[\w-]+\s+){0,2}?" + _STOCK_NOUN + r"|\b" + _UNKNOWN_ADJ + r"\s+(?:ways|manner|"
    r"fashion|respects)\b|"
    r"\b" + _STOCK_NOUN + r"\b" + W + r"{0,40}?\b(?:of\s+(?:a|an|some)\s+(?:[\w-]+\s+){0,2}?(?:undetermined|unknown|"
    r"uncertain|unspecified|indeterminate|as-yet\s+undetermined)\s+(?:nature|kind|extent|degree|magnitude|type)|"
    r"(?:that|which|whose\s+\w+)\s+(?:(?:no\s+one|nobody|none\s+of\s+us)\s+(?:can|could)|(?:we|the\s+parties|anyone|[\w'-]+)\s+"
    r"(?:cannot|can\s+not|could\s+not|are\s+unable\s+to|is\s+unable\s+to))\s+(?:yet\s+|now\s+|presently\s+|fully\s+|"
    r"currently\s+)?(?:predict|foresee|anticipate|know|quantify|identify|describe|estimate|gauge|assess|measure)|"
    r"(?:whose|the|its|their)\s+(?:full\s+|precise\s+|exact\s+|ultimate\s+)?(?:extent|nature|scope|magnitude|severity|"
    r"form)\s+(?:is|are|remains?)\s+(?:as\s+yet\s+|currently\s+|presently\s+|still\s+)?(?:unknown|unknowable|uncertain|"
    r"unclear|undetermined|not\s+(?:yet\s+)?known|impossible\s+to)|"
    r"(?:that|which)\s+(?:cannot|could\s+not|can\s+not|may\s+not)\s+(?:yet\s+|now\s+|presently\s+|readily\s+)?be\s+(?:\w+ly\s+)?"
    r"(?:predicted|foreseen|known|quantified|determined|identified|described|specified|anticipated|estimated)|"
    r"(?:not\s+yet|yet\s+to\s+be)\s+(?:known|determined|identified|quantified|ascertained)|"
    r"(?:that|which)\s+(?:is|are|remains?)\s+(?:as\s+yet\s+|presently\s+|currently\s+|still\s+)?(?:unknown|unknowable|"
    r"unforeseeable|unpredictable|uncertain|unclear))|"
    r"\b(?:cannot|can\s+not|could\s+not)\s+(?:yet\s+|now\s+|presently\s+|readily\s+|fully\s+)?be\s+(?:\w+ly\s+)?(?:known|"
    r"predicted|foreseen|"
    r"anticipated|quantified|estimated|gauged)\b|"
    r"\b(?:impossible|difficult|hard)\s+to\s+(?:predict|foresee|quantify|anticipate|know|gauge|estimate)|"
    r"\b(?:ways|manner|respects|fashion)\b[^.;]{0,30}?\b(?:predict|foresee|anticipat|know|gauge|estimat|quantif)\w*|"
    r"\b" + _UNFORESEEN_WAYS, re.I)
# the reason left for a later showing ("as the Parties will demonstrate if called upon to do so")
DEFERRED = re.compile(
    r"\b(?:as|which)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:will|shall|can|could|would|may|(?:is|are)\s+prepared\s+to|"
    r"stands?\s+ready\s+to|intends?\s+to)\s+(?:be\s+)?(?:\w+ly\s+)?(?:demonstrat|show|establish|explain|substantiat|"
    r"prov|detail|document|support)\w*|"
    r"\b(?:at|upon|on)\s+(?:the\s+court'?s\s+)?(?:request|demand|direction)\b|"
    r"\bshould\s+(?:the\s+)?(?:need|occasion)\s+arise|\bif\s+(?:and\s+when\s+)?(?:the\s+)?need\s+(?:be|arises)\b|"
    # ... or declared needless ("The harm that would flow from disclosure is self-evident", "it goes without saying")
    r"\b(?:self-evident|goes\s+without\s+saying|needs?\s+no\s+(?:further\s+)?(?:explanation|elaboration|showing|proof))\b|"
    r"\b(?:will|shall|can|could|would|(?:is|are)\s+prepared\s+to|stands?\s+ready\s+to|intends?\s+to)\s+(?:later\s+|"
    r"further\s+|separately\s+)?(?:demonstrat\w*|show\w*|establish\w*|explain\w*|substantiat\w*|prove|detail\w*|"
    r"document\w*|support\w*|set\s+(?:out|forth)|describe|identify|provide|submit|furnish|supply|offer|file|lodge|"
    r"present)\b[^.;]{0,40}?\b(?:declarations?|affidavits?|evidence|harm|prejudice|injury|damage|basis|reasons?|facts|"
    r"particulars|details?|specifics|support|showing)\b|"
    r"\bif\s+(?:and\s+when\s+)?(?:[\w'’-]+\s+){0,3}?(?:is|are|be|becomes?)\s+(?:ever\s+)?(?:challenged|contested|"
    r"disputed|questioned|required|requested)\b|"
    r"\bif\s+(?:so\s+)?(?:called\s+upon|required|requested|asked|necessary|needed|challenged|ordered|"
    r"the\s+court\s+(?:so\s+)?(?:requests|requires|asks|wishes))\b(?:\s+to\s+do\s+so)?|"
    r"\bat\s+(?:an?|the)\s+(?:appropriate|later|future|proper)\s+(?:time|date|stage|juncture)|"
    r"\b(?:reserve|reserves)\s+the\s+right\s+to\s+(?:\w+\s+){0,2}?(?:show|demonstrate|supplement|establish|explain)|"
    r"\b(?:to\s+be|will\s+be|shall\s+be|can\s+be|may\s+be)\s+(?:\w+ly\s+)?(?:demonstrated|shown|established|explained|"
    r"substantiated|detailed|supplemented)\s+(?:later|hereafter|separately|if|upon|when|at|in\s+(?:a\s+)?(?:later|"
    r"future|subsequent|separate))", re.I)

# the statement's conclusion, which is no part of what would happen (", and good cause therefore exists for ...")
# (", and that protection of those records is therefore appropriate", ", so a protective order limiting their use is
# justified", ", which is why the Parties ask that ...")
_CONCLUSION = re.compile(r"(?:\s*[,;]\s*|\s+)(?:and\s+|so\s+)?(?:good\s+cause\b|accordingly\b|for\s+(?:these|this|that|"
                         r"which)\s+reasons?\b|(?:this|a|the)\s+(?:stipulated\s+)?protective\s+order\s+(?:is|should|"
                         r"would\s+be)\b|(?:which\s+|that\s+)?is\s+why\b|(?:that\s+)?(?:(?:the|their|its|such|this|an?)\s+)?"
                         r"(?:protection|sealing|confidential\s+treatment|confidentiality|(?:stipulated\s+)?(?:protective\s+)?order|"
                         r"entry\s+of)\b[^.;]{0,80}?\b(?:is|are|be|would\s+be|should\s+be)\s+(?:\w+ly\s+)?(?:therefore\s+|thus\s+|"
                         r"accordingly\s+|hence\s+)?(?:appropriate|warranted|justified|necessary|proper|needed|required)\b).*$",
                         re.I | re.S)

_DEFERRED_CLAUSE = re.compile(r"(?:" + DEFERRED.pattern + r")[^.;]*", re.I)
# ... nor is what the statement says it cannot know of its harm, and when ("serious and irreparable harm, the full
# extent of which cannot be anticipated at this early stage of the litigation"; "harm of one kind or another")
# ... nor how irreparable it is ("injury for which there is no adequate remedy at law", "harm that money damages could not
# repair", "injury not compensable by damages"): how grave, not what would happen
_REMEDY_CLAUSE = re.compile(
    r"\s*,?\s*(?:(?:for\s+which|which|that)\s+(?:there\s+(?:is|would\s+be|will\s+be|exists)\s+no\b|no\b|(?:money\s+)?damages\s+"
    r"(?:could|would|can|will|may)\s+not\b|(?:cannot|could\s+not|can\s+not|would\s+not|will\s+not)\s+be\b)[^.;]*?\b(?:remed\w*|"
    r"repair\w*|compensa\w*|cured?|undone|undo|redress\w*|revers\w*|recover\w*)\b|"
    r"\bnot\s+(?:\w+ly\s+)?(?:[\w-]+\s+(?:or|and|nor)\s+(?:\w+ly\s+)?)?(?:compensable|remediable|reparable|redressable|"
    r"curable|recoverable|remedied|repaired|compensated|cured|undone|redressed)\b)[^.;:]*", re.I)
_UNKNOWN_CLAUSE = re.compile(r"(?:\s*,\s*|\s+)(?:" + _UNFORESEEN_WAYS + r"|(?:(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?" + _DIMENSION + r"\s+of\s+which|which|that|"
                             r"whose\s+(?:[\w-]+\s+){0,2}?" + _DIMENSION + r")\s+" + _UNKNOWABLE + r"[^.;]*|" + _INDIFFERENT + ")",
                             re.I)


# a consequence said in this many words of no one statement is a mechanism, even where the statement names no particular
# ("would let a fraudster keep each transaction just below the score that triggers review": 8; the read tables' shortest
# such: 11, "let her former employer, a co-defendant in her pending state-court suit, learn the diagnosis"); one only
# asserted says fewer ("risks putting the Company on the back foot in future negotiations": 7)
_MECHANISM_WORDS = 8


@dataclass(frozen=True)
class Harm:
    """One harm a sentence says disclosure would bring about, read by its parts: the `modal` that says how sure
    ("would", "could potentially", "a risk of"), the `consequence` as written, the `stock` words that carry it
    when they are all it says ("cause harm to", "be prejudicial to"), the `victim` those stock words name, and
    the `content`: the words of this case in what would happen (the victim of stock words left out)."""

    modal: str
    consequence: str
    stock: str
    victim: str
    content: frozenset[str]

    @property
    def concrete(self) -> bool:
        """What would happen is said in words of this case (at least two: a name, a number, a thing)."""
        return len(self.content) >= 2

    @property
    def possible(self) -> bool:
        """It is said only to be possible ("could", "may", "potentially", "a risk of"), also where the hedge opens
        the consequence ("would be likely to undermine", "risks putting", "stands to lose", "threatens to")."""
        return bool(POSSIBLE.search(self.modal) or _HEDGED.match(self.consequence) or _POTENTIAL.search(self.stock))

    def bare(self, grounded: bool = True) -> bool:
        """Its consequence is only asserted: in a statement that says no particular fact (`grounded`: no number, date
        or name), a consequence said in a few words of no one case ("could erode the Parties' competitive footing",
        "would leave Plaintiff vulnerable to exploitation", "could undercut the Company's bargaining leverage") names no
        actor, mechanism or material, so it is as empty as stock words; a mechanism said at length ("anyone with those
        drawings could plan a route that avoids the cameras") is not."""
        return not grounded and len(self.content) < _MECHANISM_WORDS


def harms(sentence: str) -> list[Harm]:
    """The harms a sentence says disclosure would bring about, each read by its parts (`Harm`).

    >>> [h.concrete for h in harms("Public disclosure would let Acme's sales staff price against Orbit account by account.")]
    [True]
    >>> h, = harms("Disclosure of this information could potentially cause harm to Defendant Acme Corp.")
    >>> h.possible, h.stock, h.victim.strip(), h.concrete
    (True, 'cause harm', 'to Defendant Acme Corp.', False)
    >>> h, = harms("There is a possibility that Defendant would be prejudiced were these ledgers made public.")
    >>> h.possible, h.stock, h.concrete
    (True, 'be prejudiced', False)
    """
    # the promise of a later showing is not what would happen, nor what the statement says it cannot know
    s = _REMEDY_CLAUSE.sub(" ", _UNKNOWN_CLAUSE.sub(" ", _DEFERRED_CLAUSE.sub(" ", plain(sentence))))
    starts = sorted([(m.end(), m.group(0)) for m in MODAL.finditer(s)] + [(m.end(), "") for m in PRESENT.finditer(s)] +
                    [(m.end(), m.group(0)) for m in RISK_OF.finditer(s)])
    out = []
    for (start, modal), end in zip(starts, [st for st, _ in starts[1:]] + [len(s)]):
        span, before = _CONCLUSION.sub("", s[start:end]), s[:start - len(modal)]
        subject = _subject(before)
        # a relative clause's subject is its antecedent ("a direct competitor that would obtain the list")
        if not subject.strip() and (ante := _ANTECEDENT.search(before[-80:])):
            subject = ante.group("who")
        if modal and _NOT_CAUSE.search(subject) and not (_THE_PARTIES.search(subject) and
                                                           (_SUFFERS.match(span) or STOCK_HEAD.match(span))):
            continue  # what the order or discovery will do, or the parties' conduct; not what the parties would suffer
        interest = _INTEREST_SUBJECT.search(subject)
        stock = STOCK_HEAD.match(span) or (_NOMINAL_HARM.match(span) if RISK_OF.match(modal) else None) or \
            (_DECLINE.match(span) if interest else None)
        # "a risk to the officers' and their families' safety": what is endangered, not a risk "to" do something
        endangered = bool(re.search(r"\bto\s*$", modal)) and RISK_OF.match(modal) and _ENDANGERED.match(span)
        said_harm = _HARM_SUBJECT.search(re.split(r"[,;:]|\b(?:that|because|since|whereas)\b", before)[-1].strip()) \
            if _DONE.match(span) else \
            _SAID_HARM.search(subject) if re.match(r"(?:be|prove|become|remain)\b", span, re.I) else \
            _HARM_SUBJECT.search(subject.strip()) if re.match(r"(?:follow|result|ensue|arise|flow|occur)\b", span, re.I) else None
        # what disclosure would do is a consequence whatever its verb ("publishing it would end its protection")
        of_disclosure = (_CAUSE.search(subject) or ACQUIRER.search(re.split(r"[,;:]", before)[-1]) or
                         (_RIVAL.search(subject) and _OBTAINS.match(span))) and \
            re.match(r"(?:would|could|might|may|can)\b", modal, re.I) and \
            (not re.match(r"(?:be|been|have|need|require)\b", span, re.I) or _PUT_TO_USE.match(span))
        if not (stock or said_harm or of_disclosure or endangered or HARM.match(span) or _COORDINATED_HARM.match(span) or
                _CAUSATIVE.match(span) or
                (CARRIER.match(span) and HARM.search(_GUARDED.sub(" ", span))) or IF_DISCLOSED.search(s[:start])):
            continue
        frame = [m.group(0) for m in list(RISK_OF.finditer(before)) + list(BELIEF.finditer(before))
                 if not re.search(r"[.;]", before[m.end():])]
        victim, lead, tail = "", "", span
        if stock:  # what follows the stock words and the one they name is all the clause says would happen
            rest = span[stock.end():]
            suffered = _SUFFERED.search(stock.group(0)) or _SUFFERS.match(stock.group(0))
            named = None if suffered else VICTIM.match(rest)  # "be harmed", "would suffer injury": it leads
            victim = named.group(0) if named else ""
            tail = rest[len(victim):]
            victim = subject if suffered else victim
            if _SPHERE.match(tail) or _MORE_STOCK.match(tail):  # where the stock harm would be felt, in a few words, is not what would happen ("at a
                tail = ""  # handicap in dealing with claimants", "competitive standing in the Pacific Northwest"): stock words
            if stock.re is _DECLINE:  # the interest declines: what qualifies it is what would happen ("renegotiations
                # with 14 franchisees whose agreements expire in 2025 would be undermined"), its owner the one harmed
                victim, tail = subject[:interest.start("qualifier")], subject[interest.start("qualifier"):] + " " + rest
        elif not said_harm:  # a verb that says what happens: who would do it is part of it ("the supervisor, who
            # sets their schedules, could retaliate"; "renegotiations with 14 franchisees ... would be undermined")
            lead = re.split(r"[,;:]", s[:start])[-1]
            lead = "" if _CAUSE.search(lead) else lead  # "disclosure of the ledgers would ...": what is disclosed
        read = lead + CONDITION.sub(" ", tail)  # "should these records become public" names the cause, not the harm
        out.append(Harm(" ".join(frame + [modal.strip()]).strip(), span,
                        stock.group(0) if stock else said_harm.group(0) if said_harm else "", victim,
                        frozenset(_words(read) - GENERIC)))
    # a harm said to be expected, its noun the subject ("Harm to the Parties is reasonably anticipated should ...", "prejudice
    # to the Parties can reasonably be expected"): what the noun phrase says is all that would happen
    for m in EXPECTED.finditer(s):
        subject = re.split(r"[,;:]", s[:m.start()])[-1]
        noun = _HARM_SUBJECT.search(subject)
        if noun:
            out.append(Harm(m.group(0).strip(), subject.strip() + " " + m.group(0).strip(), noun.group("noun"),
                            noun.group("victim") or "", frozenset(_words(_CONCLUSION.sub("", subject)) - GENERIC)))
    return out


def specific_harm(sentence: str, grounded: bool = True) -> bool:
    """Whether the sentence says what disclosure of this case's material would bring about, in words of this
    case: a consequence whose verb is a harm ("would reveal", "could undercut", "would be prior art"), with at
    least two words no statement shares (a name, a number, a thing: "would let Plaintiff's sales staff price
    against Defendant account by account"); not "would harm the parties", not "will include medical records",
    not "would harm Acme Corp" (the one harmed is named, not what would happen to it).

    >>> specific_harm("Public disclosure of the records would reveal Plaintiff's cancer diagnosis.")
    True
    >>> specific_harm("The disclosure of which would work prejudice upon the Producing Party.")
    False
    >>> specific_harm("Discovery will include documents identifying Acme's suppliers.")
    False
    >>> specific_harm("If they saw the rates, Acme's renegotiation with its 14 franchisees would be undermined.")
    True
    >>> specific_harm("If disclosed, the Producing Party would be seriously prejudiced.")
    False
    >>> specific_harm("The Parties will be exchanging data during discovery and wish to protect it from disclosure.")
    False
    """
    return not speculative(sentence) and any(h.concrete and not h.bare(grounded) for h in harms(sentence))


def unsupported_harm(sentence: str, grounded: bool = True) -> str:
    """Why the harm a sentence states rests on nothing, when none of its harms says what would happen
    (`Harm.concrete`): "unknown" (its kind is not known: "unspecified harm", "unforeseen consequences"),
    "deferred" (its reason is left for later: "as the Parties will demonstrate if called upon"), "possible" (an
    empty harm that only might come: "could potentially cause harm to Defendant", "may be damaging to
    Plaintiff", is expected: "Harm to the Parties is reasonably anticipated", or is a party's belief: "Defendants
    believe in good faith that disclosure would be prejudicial to them"), "conclusory" (an empty harm said as
    certain, a label with no reason: "their dissemination would be damaging", "Defendant would suffer irreparable
    harm"); "" otherwise.

    >>> unsupported_harm("Their dissemination may be damaging to Plaintiff if disclosed.")
    'possible'
    >>> unsupported_harm("Disclosure would be harmful to the Parties, as they will demonstrate if called upon.")
    'deferred'
    >>> unsupported_harm("Defendant would suffer irreparable harm if those records were disclosed.")
    'conclusory'
    >>> unsupported_harm("Harm to the Parties is reasonably anticipated should the Protected Material become public.")
    'possible'
    >>> unsupported_harm("Defendants believe in good faith that its disclosure would be prejudicial to them.")
    'possible'
    >>> unsupported_harm("It would cause Defendant serious injury for which there is no adequate remedy at law.")
    'conclusory'
    >>> unsupported_harm("Disclosure would let Orbit's engineers match the torque curves in Orbit's next drill.")
    ''
    """
    s = plain(sentence)
    found = harms(s)
    if any(h.concrete and not h.bare(grounded) for h in found):
        return ""
    if any(not set_aside(s, m.start()) for m in UNKNOWN.finditer(s)):
        return "unknown"
    if DEFERRED.search(s) and (found or re.search(r"\b" + _STOCK_NOUN + r"\b", s, re.I)):  # "the harm ... at a later time"
        return "deferred"
    # carried only by stock words, or by no word of this case ("might create risks"); a short real consequence
    # ("he could find her") is not empty
    empty = [h for h in found if (h.stock or not h.content or h.bare(grounded)) and not _disclaimed(s, h)]
    if any(h.possible for h in empty):
        return "possible"
    if empty:
        return "conclusory"
    return ""


def _disclaimed(s: str, h: Harm) -> bool:
    """A harm the statement says it does not claim ("The Parties do not contend that every document produced will cause
    harm if disclosed"): set aside, not left empty."""
    at = s.find(h.consequence) if h.consequence else -1
    return at >= 0 and set_aside(s, at)


# where a statement says what the material is: "Discovery will include ...", "Defendant will produce ...", "the
# records contain ...", "... will be produced"
# (a phrase before "at issue", "will be produced", ", if released" or "is confidential" is read from its clause's start,
# `(?<![^.;,])`, not from every word of it: a long unpunctuated block would take quadratic time)
_MATERIAL = re.compile(r"\b(?:include[sd]?|including|involv\w*|concern\w*|contain\w*|consist\w*\s+of|compris\w*|"
                       r"relat\w*\s+to|pertain\w*\s+to|regarding|about|"
                       r"seek(?:s|ing)?|sought|request(?:s|ed|ing)?|"
                       r"such\s+as|namely|produc(?:e|es|ing)|exchang(?:e|es|ing)|list|lists|reflect\w*)\b[^.;]*|"
                       r"(?<![^.;,])[^.;,]*\bat\s+issue\b|"
                       r"(?<![^.;])[^.;]*\b(?:will|shall|are\s+to|is\s+to)\s+be\s+(?:produced|exchanged)\b|"
                       # ... or named as what would be disclosed ("disclosure of their financial statements, tax returns,
                       # and banking records would ...", "the Sheriff's Department's records ..., if released, might ...")
                       r"\b(?:disclos(?:ure|ing)|releas(?:e|ing)|publi(?:cation|shing|cizing)|dissemina(?:tion|ting)|"
                       r"making\s+public|revealing|exposure)\s+(?:of\s+)?[^.;]*?(?=\s+(?:would|could|will|might|may|can)\b)|"
                       r"(?<![^.;,])[^.;,]*(?=,\s*(?:if|when|once|should\s+(?:they|it)\s+be|were\s+(?:they|it))\s+(?:\w+\s+)?(?:released|"
                       r"disclosed|made\s+public|published|revealed|disseminated|circulated|shared|leaked|distributed)\b)|"
                       # ... or as what is confidential ("The Company's internal audit reports for fiscal years 2019 through
                       # 2022 are highly sensitive", "Acme's supplier scorecards ... are closely guarded")
                       r"(?<![^.;,])[^.;,]*?(?=\s+(?:is|are|remains?|stays?|(?:have|has)\s+(?:always\s+)?been)\s+(?:(?:treated|regarded|"
                       r"maintained|kept|held|designated)\s+(?:as\s+)?)?(?:\w+ly\s+)?(?:confidential|"
                       r"sensitive|proprietary|private|secret|privileged|non-?public|closely\s+(?:held|guarded)|(?:kept|held)\s+"
                       r"(?:in\s+)?(?:confidence|confidential|secret))\b)", re.I)


def names_material(statement: str) -> bool:
    """Whether a good cause statement says what this case's material is, in words no statement shares (at least
    three: "Defendant's 2019-2023 franchise royalty ledgers"), so that a harm it leaves empty is its defect and
    not one more stock sentence ("may involve confidential, proprietary, or private information")."""
    said = " ".join(m.group(0) for m in _MATERIAL.finditer(plain(statement)))
    return len({w for w in _words(said) - GENERIC if not re.fullmatch(r"\d+(?:\.\d+)*", w)}) >= 3


# ---------------------------------------------------------------- good cause: why the material is confidential
# A statement is specific when it names this case's material and says, in facts of this case, why it is confidential,
# even with no harm clause: a law of its own protects it, someone outside the case is owed its secrecy, it is kept from or
# to people named, or it holds what identifies a person. The Parties' own view ("the Parties consider", "treated as
# confidential in the ordinary course", "never made public", "private") is no such reason, nor is Rule 26(c) or a
# privacy law in the abstract ("state and federal privacy statutes").
def _who(name: str) -> str:
    """A named group for who is owed the secrecy or kept out: the words up to the clause's next turn."""
    return (r"(?P<" + name + r">[^.;:,]{1,80}?)(?=\s+(?:who|which|that|under|whose|and\s+(?:has|have|is|are|was|were)|have|"
            r"has)\b|[.;:,]|$)")


_LAW = re.compile(
    # a statute or regulation cited ("20 U.S.C. § 1232g", "42 C.F.R. Part 2", "Penal Code section 832.7") or named
    # ("the Family Educational Rights and Privacy Act", "subject to HIPAA"), or its defined term ("protected health
    # information"); not a constitution's privacy right, nor the rules of procedure
    r"(?<!onstitution, )(?<!onstitution )\b(?:\d+\s+U\.?\s?S\.?\s?C\b|\d+\s+C\.?\s?F\.?\s?R\b|(?:[A-Z][\w&.'’-]*\s+){1,6}"
    r"(?:Code|Act)\b(?:,?\s+(?:[Ss]ection|§)\s*\d[\w.()-]*)?|(?:[Ss]ections?|§§?)\s*\d[\w.()-]*(?![^.;]{0,25}\bConstitution)|"
    r"(?:(?<=under )|(?<=by )|(?<=to )|(?<=of ))(?:the\s+)?[A-Z]{2,5}A\b|(?i:protected\s+health\s+information))")
_OWED = re.compile(
    # someone outside the case is owed the secrecy: a licensor, a non-party who has not consented, a promise made in
    # writing, a contract's clause binding a non-party ("a clause requiring Coastline to keep the contract's terms
    # confidential")
    r"\blicen[cs](?:e[sd]?|ing)\s+(?:\w+\s+){0,3}?(?:from|by)\s+" + _who("licensor") + "|"
    r"(?:^|[,;:]\s*|\band\s+|\.\s+)" + _who("nonparty") + r"\s+(?:ha(?:s|ve)|had)\s+not\s+(?:\w+\s+)?"
    r"(?:consented|agreed|authori[sz]ed|waived)\b|"
    r"\bnone\s+of\s+(?P<none>(?:[\w'’-]+\s+){1,4}?)(?:has|have)\s+(?:\w+\s+)?(?:consented|waived|agreed|authori[sz]ed)\b|"
    # "..., none of which the subscribers agreed to have published"
    r"\bnone\s+of\s+(?:which|whom)\s+(?P<none_which>(?:[\w'’-]+\s+){1,4}?)(?:(?:has|have|had)\s+)?(?:ever\s+)?"
    r"(?:consented|waived|agreed|authori[sz]ed)\b|"
    r"\bwithout\s+(?P<consent>(?:[\w'’-]+\s+){1,3}?)consent\b|"
    r"\b(?:promised|assured|guaranteed|pledged)\s+(?P<promised>(?:[\w'’-]+\s+){1,4}?)(?:,[^,.;]{0,30},\s*)?(?:that|to)\b|"
    r"\b(?:agreements?|licen[cs]es?|contracts?|clauses?|terms|provisions?|covenants?)\s+(?:\w+\s+){0,2}?(?:forbid\w*|forbade|"
    r"bar|bars|barr\w*|prohibit\w*|requir\w*|oblig\w*|bind\w*)\s+(?P<bound>(?:[\w'’-]+\s+){1,4}?)to\s+(?:\w+\s+){0,2}?"
    r"(?:keep|hold|maintain|disclose|publish|release|share|reveal)", re.I)
_KEPT = re.compile(
    # kept from, or to, people named: "not disclosed even to policyholders", "does not share either category outside its
    # senior management", "shares the ledger with no one outside its development director", "withholds those reports
    # even from the brokers", "shared only with its two pricing analysts", "Only Defendant's three estimators ... have
    # ever seen", "restricts it to its research staff"
    r"\b(?:not|never|neither|nor)\b[^.;]{0,40}?\b(?:disclos|shar|show|releas|provid|giv|distribut|circulat|reveal|made\s+available)\w*\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:even\s+)?(?:to|with|outside(?:\s+of)?|beyond)\s+" + _who("to") + "|"
    r"\bno\s+one\s+(?:outside|but|except|other\s+than|beyond)\s+(?:of\s+)?" + _who("but") + "|"
    r"\b(?:withh[oe]ld\w*|keeps?|kept|keeping|conceal\w*)\s+(?:[\w'’-]+\s+){0,4}?(?:even\s+)?from\s+" + _who("from") + "|"
    r"\b(?:shared|disclosed|available|shown|provided|circulated|distributed|accessible|known)\s+only\s+(?:to|with|within|among)\s+" +
    _who("only_to") + "|"
    r"\bonly\s+(?P<only>(?:[\w'’-]+\s+){1,8}?)(?:have|has|had|may|can)\s+(?:ever\s+)?(?:seen|see|access\w*|view\w*|read|"
    r"review\w*|handled?)\b|"
    r"\b(?:restricts?|restricted|restricting|limits?|limited|limiting|confin\w*)\s+(?:[\w'’-]+\s+){0,4}?to\s+" + _who("within"),
    re.I)
# ... the law said to protect the material, before it ("which are confidential under", "are governed by", "is subject to")
# or after it ("which bars their redisclosure", "makes those minutes immune"), not a claim's statute ("an action under
# Section 1983") nor the order's own sections ("as defined in Section 2.3")
_IN_CLAUSE = r"(?:[^.;]|\.(?!\s+[A-Z]))"  # within one clause, past the dot of "U.S.C." or "Cal."
_LAW_BEFORE = re.compile(r"\b(?:confidential\w*|protect\w*|privileg\w*|exempt\w*|shield\w*|governed|covered|subject|"
                         r"restrict\w*|immune|seal\w*|secret)\b" + _IN_CLAUSE + r"{0,60}?\b(?:under|by|to|pursuant\s+to|of)\s+(?:the\s+)?$",
                         re.I)
_LAW_AFTER = re.compile(r"^" + _IN_CLAUSE + r"{0,60}?\b(?:bars?|barred|forbids?|forbade|prohibits?|makes?|made|protects?|requires?|"
                        r"restricts?|limits?|shields?|exempts?|renders?|deems?|precludes?|governs?|keeps?)\b", re.I)
# the people of a litigation, to whom an order itself limits access ("limited by this Order to counsel and their
# experts"), and the public's access ("kept from public view"): no audience of the material's own
_NO_AUDIENCE = frozenset("counsel attorney attorneys lawyer lawyers expert experts consultant consultants court courts "
                         "judge jury vendors use uses litigation view inspection access eye eyes scrutiny record "
                         "records docket file files".split())
# what identifies or locates a person (Fed. R. Civ. P. 5.2's identifiers, and a home address or telephone number)
_IDENTIFIER = re.compile(
    r"\b(?:social\s+security|taxpayer[- ]identification|tax\s+identification|driver['’]?s['’]?\s+licen[sc]e|passport|"
    r"(?:bank|financial|credit[- ]card|debit[- ]card)(?:[- ]account)?|alien\s+registration)\s+(?:numbers?|details)\b|"
    r"\bbank[- ]account\s+(?:numbers?|details)\b|\bA-numbers?\b|\bdates?\s+of\s+birth\b|\bbirth\s*dates?\b|"
    r"\bhome\s+(?:addresses|address|telephone\s+numbers?|phone\s+numbers?)\b|"
    r"\b(?:e-?mail|residential)\s+address(?:es)?\b|"
    r"\b(?:digits|numbers?)\s+of\s+(?:a|an|the|their|his|her|each)\s+(?:payment|credit|debit)[- ]cards?\b|"
    r"\bnames\s+of\s+(?:their\s+|his\s+|her\s+)?(?:children|minors)\b|\b(?:children|minors)['’]s?\s+(?:names|schools)\b",
    re.I)


# what makes material this case's: a number, a date, or a name that is not one every order uses
_NUMBER_WORD = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|(?:thir|four|fif|six|seven|"
                          r"eigh|nine)teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?)\b", re.I)
_STOCK_NAME = re.compile(r"(?:Parties|Party|Producing|Designating|Receiving|Disclosing|Non-Part\w*|Court|Order|Protected|"
                         r"Confidential|Highly|Attorneys|Eyes|Only|Plaintiffs?|Defendants?|Rules?|Federal|Civil|Procedure|Local|"
                         r"Information|Materials?|Discovery|Stipulated|Protective|Good|Cause|Statement|Complaint|Action|"
                         r"Litigation|Case|Court['’]s|Parties['’]|Party['’]s|Plaintiffs?['’]s?|Defendants?['’]s?|GOOD|CAUSE|"
                         r"STATEMENT|CONFIDENTIAL|HIGHLY|I)$")


# a fact only a case has, though it names no one: people who take part in it under pseudonyms or anonymously (the leave
# to do so is this case's own ruling: "declarations of pseudonymous asylum-seekers")
_CASE_FACT = re.compile(r"\bpseudonym\w*|\b(?:proceed\w*|testif\w*|appear\w*|declar\w*)\s+anonymously\b", re.I)


def particular(text: str, also_stock: re.Pattern | None = None) -> bool:
    """Whether the text says something only this case has: a number ("340 putative class members", "three surgeons"), or
    a name no order shares ("Lynwood", "Zentra Software"; not "Plaintiff", "the Court", "Protected Material", nor a name
    `also_stock` matches, its possessive aside), past the first word of its sentence.

    >>> particular("Discovery will include medical records and personnel files of non-party employees.")
    False
    >>> particular("Defendant will produce the visitor logs of its Lynwood facility.")
    True
    """
    if re.search(r"\d", text) or _NUMBER_WORD.search(text) or _CASE_FACT.search(text):
        return True
    return any(not _STOCK_NAME.match(m.group(0)) and not (also_stock and also_stock.match(re.sub(r"['’]s?$", "", m.group(0))))
               for sent in re.split(r"(?<=[.;:!?])\s+", text)
               for m in re.finditer(r"\b[A-Z][\w'’&-]*", sent) if sent[:m.start()].strip(" \"“(\0"))


# the defined roles and names of a protective order's own parts, and the words that open its clauses, which no one case
# has (for `grounded`)
_ROLE_NAME = re.compile(r"(?:Company|Corporation|Firm|Department|Agency|Employer|Insurer|Government|Designated|Designating|"
                        r"Documents?|Records?|Data|Disclosure|Dissemination|Release|Public|Publication|Should|Were|If|Any|"
                        r"Such|Absent|Without|Unless|In|Harm|Injury|Prejudice|Non-?[Pp]arties|Third|Rule|Section|"
                        r"Fed|Civ|R|P|L|U\.?S\.?C?)$")
# a rule or statute cited by number ("Fed. R. Civ. P. 26(c)", "L.R. 79-5", "Rule 26(c)(1)(G)"), which every order may cite
_RULE_CITE = re.compile(r"\b(?:Fed\.\s*R\.\s*Civ\.\s*P\.|(?:Civil\s+)?(?:Local\s+)?Rules?|L\.\s*R\.|§+|[Ss]ections?)\s*"
                        r"[\d.()a-zA-Z-]*\d[\d.()a-zA-Z-]*")


def grounded(statement: str) -> bool:
    """Whether a good cause statement says any particular fact of its case (`particular`: a number, a date, a name),
    a rule cited by number and the order's own roles ("the Company", "the Producing Party") aside. A harm in a
    statement that says none is only asserted unless its consequence is itself a mechanism (`Harm.bare`).

    >>> grounded("Disclosure of the documents could erode the Company's competitive footing under Rule 26(c).")
    False
    >>> grounded("Disclosure of the 2023 rate cards would let Westline quote each account a lower price.")
    True
    """
    return particular(_RULE_CITE.sub(" ", statement), _ROLE_NAME) or bool(_EVENT.search(statement))


# what has already happened to people of the case ("Several of the deputies have received threats on social media since
# the incident", "two of the nurses have been contacted at home"): a fact of this case, though it names no one
_EVENT = re.compile(r"\b(?:has|have|had)\s+(?:already\s+|repeatedly\s+|recently\s+|each\s+|all\s+|since\s+)?(?:received\s+"
                    r"(?:[\w-]+\s+){0,3}?(?:threats|threatening|hate|harassing|anonymous|abusive)\b|been\s+(?:\w+ly\s+)?"
                    r"(?:threatened|harassed|targeted|doxx?ed|stalked|assaulted|attacked|followed|approached|confronted|"
                    r"contacted|visited|identified|photographed|hacked|burgled|vandali[sz]ed))\b", re.I)


def confidential_because(statement: str) -> list[str]:
    """Why the statement says this case's material is confidential, in facts of this case (a law of its own, a duty owed
    to someone outside the case, people it is kept from or to, what in it identifies a person); [] when it gives only
    the Parties' own view, or names no material of this case once those reasons are set aside.

    >>> confidential_because("The non-party nurses' personnel files for the Riverside unit will be produced. "
    ...                      "The nurses have not consented to their disclosure.")
    ['The nurses have not consented']
    >>> confidential_because("Defendant's 2022 pricing memoranda for its Inland Empire stores are kept confidential "
    ...                      "and are not available to the public.")
    []
    """
    s = plain(statement)
    found = [m for m in _LAW.finditer(s) if re.match(r"protected", m.group(0), re.I) or
             _LAW_BEFORE.search(s[max(0, m.start() - 120):m.start()]) or _LAW_AFTER.search(s[m.end():m.end() + 120])]
    found += list(_IDENTIFIER.finditer(s))
    for m in list(_OWED.finditer(s)) + list(_KEPT.finditer(s)):
        who = next(g for g in m.groups() if g is not None) if any(m.groups()) else ""
        if _words(who) - GENERIC - _NO_AUDIENCE:
            found.append(m)
    if not found:
        return []
    rest = s
    for m in sorted(found, key=lambda m: -m.start()):
        rest = rest[:m.start()] + "\0" * (m.end() - m.start()) + rest[m.end():]
    # the material named apart from the reasons: as what the statement produces, includes or concerns, or as the rest of
    # a reason's own sentence ("The visitor logs of the Lynwood detention facility for 2022 record ...")
    held = [t for t in re.split(r"(?<=[.;])\s+", rest) if "\0" in t]
    if not (names_material(rest.replace("\0", " ")) or any(len(_words(t.replace("\0", " ")) - GENERIC) >= 3 for t in held)):
        return []
    if not particular(rest.replace("\0", " ")):  # "medical records protected by HIPAA": categories of any case
        return []
    return [m.group(0).strip(" ,;.") for m in sorted(found, key=lambda m: m.start())]
