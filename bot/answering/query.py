"""Query step: validate a question and find the rules and cases it names.

>>> q = parse_question("Under L.R. 37-2.2 and Rule 26(c), who files the stipulation?")
>>> [(r.kind, r.number) for r in q.refs]
[('local', '37-2.2'), ('federal', '26(c)')]
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

from bot import messages
from bot.errors import BadQuestion
from bot.answering.names import named_rules, names_after
from bot.answering.normalize import expand, written_out
from indexers.lexical import STOPWORDS
from indexers.grammar import BEFORE_NUMBER, CASE_NAME, CASE_NAME_LOWER, CASE_SHORT, COMPARED_RULE, CORPORATE_FORM, NOT_A_PARTY, OR_ANOTHER, Body, RuleRef, landmark_cases, only_alternative, other_bodies, rule_refs  # noqa: F401 (RuleRef re-exported)


@dataclass(frozen=True)
class CaseRef:
    name: str  # "Kamakana v. City & County of Honolulu"
    first_party: str
    second_party: str = ""
    lower: bool = False  # typed in lower case ("chambers v. nasco"): maybe words, not names ("good cause v. ...")
    short: bool = False  # one party's name alone ("what did Twombly hold"): maybe a judge's or the indexed case's


@dataclass(frozen=True)
class Question:
    text: str  # as typed (cleaned of control characters)
    refs: tuple[RuleRef, ...] = ()  # numbered rules first, then rules named by name (implied)
    cases: tuple[CaseRef, ...] = ()
    search: str = ""  # the text with shorthand written out (bot.answering.normalize), used for retrieval
    bodies: tuple[Body, ...] = ()  # other bodies of law it asks about: a state's procedure, court fees
    context: tuple[RuleRef, ...] = ()  # rules named only in the situation told before a sentence that asks about another
    # the rule of a deadline told as missed, when what is asked is a way out ("we blew the jury demand deadline. any
    # way to still get a jury?": 38(b)): still what the question is about, but not its answer (`missed_deadlines`)
    told: tuple[RuleRef, ...] = ()
    # rules of another set named only as the other side of an either-or ("... or is that only a FRAP 8 thing?"),
    # read where the rules were found (before any spelling correction moves the offsets)
    alternatives: tuple[RuleRef, ...] = ()
    # rules the asking sentence only proposes, as the asker's guess ("isn't that just work product under 26(b)(3)?",
    # "do I need a 15(a) motion?"): still what the question may be about, never quoted for that alone
    proposed: tuple[RuleRef, ...] = ()
    # the rules named by number when every one is only the asker's guess at the way to go (`guessed_refs`): still
    # lifted as named, their quotes placed a little lower (bot.answering.answer.GUESS_FACTOR)
    guessed: tuple[RuleRef, ...] = ()

    @property
    def query(self) -> str:
        return self.search or self.text

    @property
    def situation(self) -> tuple[RuleRef, ...]:
        """The rules named only as what happened: the situation's (`context`) and a missed deadline's (`told`)."""
        return self.context + self.told

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
                    bodies=other_bodies(text), context=context_refs(text, refs, implied, expanded=search) + situation_names(text, implied),
                    told=missed_deadlines(text, implied),
                    alternatives=tuple(r for r in refs if only_alternative(search, r)),
                    proposed=_proposed_refs(text, refs), guessed=guessed_refs(text, refs, expanded=search))


def context_refs(text: str, refs: tuple[RuleRef, ...], implied: tuple[RuleRef, ...] = (), *,
                 expanded: str | None = None) -> tuple[RuleRef, ...]:
    """The rules `text` names only as the situation, when the sentence that asks names another: in "we filed a
    12(b)(6) and left out PJ. is it gone under 12(h)?" Rule 12(b)(6) is what happened and Rule 12(h) the subject.

    >>> [r.number for r in context_refs("we filed a 12(b)(6) motion. is PJ waived under 12(h)?",
    ...                                 find_refs("we filed a 12(b)(6) motion. is PJ waived under 12(h)?"))]
    ['12(b)(6)']
    >>> t = "D filed a 12(b)(6) two weeks ago. how long do we have to amend without leave?"
    >>> [r.number for r in context_refs(t, find_refs(expand(t)))]
    ['12(b)(6)']
    >>> t = "can P amend w/o leave after our 12(b)(6)? whats the r. 15 window"
    >>> [r.number for r in context_refs(t, find_refs(expand(t)))]
    ['12(b)(6)']

    A rule named only to compare is the situation too:
    >>> [r.number for r in parse_question("judgment entered yesterday. fee motion deadline - 28 days like a 59e?").context]
    ['59(e)']

    One sentence that names the rule asked about by its subject (`implied`: "amend ... without leave" is 15(a)):
    >>> t = "can we amend the complaint once without leave after they filed a 12b6"
    >>> [r.number for r in context_refs(t, find_refs(expand(t)), parse_question(t).refs[1:])]
    ['12(b)(6)']
    """
    # a rule named only to compare ("28 days like a 59e?", "rather than a 60(b) motion") is never what is asked
    expanded = expand(text) if expanded is None else expanded  # (`expanded`: `text` written out, when the caller has it)
    compared = _compared(expanded)
    if compared and any(r.number not in compared for r in refs + implied):  # (else the compared rule is the subject)
        rest = tuple(r for r in refs if r.number not in compared)
        return (tuple(r for r in refs + implied if r.number in compared) +
                _situation_refs(text, expanded, rest, tuple(r for r in implied if r.number not in compared)))
    return _situation_refs(text, expanded, refs, implied)


def guessed_refs(text: str, refs: tuple[RuleRef, ...] | None = None, *,
                 expanded: str | None = None) -> tuple[RuleRef, ...]:
    """The rules `text` names by number when every one is only the asker's guess at the way to go: proposed ("do we
    need a 60(b) motion to undo it?", PROPOSED; not "..., right?", which the asker is usually sure of), compared
    ("same as 60b?", `_compared`) or offered beside an open other ("R11 motion, or is there a different hook?",
    OR_ANOTHER).  A neighbouring rule is a common guess, and so is the right one: the guess stays what the question
    names, and its quote is placed a little lower (bot.answering.answer.GUESS_FACTOR), so that the rule the facts
    point to comes first when its words fit as well (`expanded`: `text` written out, and `refs`: the rules found in
    it, `find_refs(expanded)`, when the caller has them).

    >>> [r.number for r in guessed_refs("clerk entered default, no judgment yet. do we need a 60(b) motion to undo it?")]
    ['60(b)']
    >>> [r.number for r in guessed_refs("rog responses are baseless - R11 motion, or is there a different hook?")]
    ['11']
    >>> [r.number for r in guessed_refs("judgment has a typo. is a 60(b)(1) motion the way to fix it?")]
    ['60(b)(1)']
    >>> [r.number for r in guessed_refs("OC clawed back an email. do we need to put it on a 26(b)(5)(A) log?")]
    ['26(b)(5)(A)']
    >>> guessed_refs("under 26(b)(1) the way I read it, is proportionality a separate test?")
    ()

    Not a rule asked about, nor one of two rules named, nor a guess the asker only wants confirmed, nor a list:
    >>> guessed_refs("what does 26(b)(3) protect?"), guessed_refs("do we need a 60(b) motion or a 59(e) motion?")
    ((), ())
    >>> guessed_refs("we have 14 days to object under 72(a), right?"), guessed_refs("deadline for a 50(b) motion or other post-trial motion?")
    ((), ())
    """
    expanded = expand(text) if expanded is None else expanded
    named = [r for r in (find_refs(expanded) if refs is None else refs) if not r.implied]
    if not named:
        return ()
    guessed = _proposed_by_words(_written_out(ask_part(text) or text)) | _compared(expanded) | \
        {r.number for r in named if OR_ANOTHER.match(expanded, r.start + len(r.text)) or
         _THE_WAY.match(expanded, r.start + len(r.text))}
    return tuple(named) if all(r.number in guessed for r in named) else ()


# ... or asked whether it is the way to go ("is a 60(b)(1) motion the way to fix it?", "is 12(f) the right tool?")
_WAYS = r"(?:way|vehicle|route|tool|mechanism|procedure|avenue|path|move|hook|fix)"
_THE_WAY = re.compile(r"\s*(?:motion|log|notice|objection|request|petition)?\s*(?:really\s+)?the\s+(?:(?:right|proper|correct|best|"
                      r"only|usual)\s+" + _WAYS + r"\b|" + _WAYS + r"\s*(?:to\b|for\b|here\b|[?]|$))", re.I)


def _situation_refs(text: str, expanded: str, refs: tuple[RuleRef, ...],
                    implied: tuple[RuleRef, ...]) -> tuple[RuleRef, ...]:
    """`context_refs` for rules not named to compare: named as what was done, beside the rule asked about
    (`expanded`: `text` written out)."""
    asking = ask_part(text)
    asking_out = _written_out(asking) if asking else ""
    asked = ({r.number for r in find_refs(asking_out)} - _proposed(asking_out)) if asking else set()
    if asked:
        return tuple(r for r in refs if not r.implied and r.number not in asked)
    done = _done(expanded)
    if asking:
        # the sentences that ask name no rule by number: a rule named as what was done ("D filed a 12(b)(6)") is
        # the situation when they ask about something of their own ("how long to answer now?", "is it waived?"),
        # or when another rule is named ("now they move under 12(b)(2)"), not when they only ask about it ("what is
        # the standard?")
        done -= {n.number for n in named_rules(asking_out)}
        others = {r.number for r in refs if not r.implied} - done
        if others:
            return tuple(r for r in refs if r.number in done)
        # a motion decided or argued is the situation of what comes after it; a request or a notice served is
        # answered by its own rule ("they served a rule 34 request. how long to respond?")
        motions = {n for n in done if _MOTION.match(n)}
        return tuple(r for r in refs if r.number in motions) if motions and _asks_a_subject(asking_out) else ()
    # in one sentence (or where every sentence asks): a rule named as what was done ("after our 12(b)(6)", "since they filed a 12(c)") when
    # another rule is asked about ("... whats the r. 15 window?")
    others = ({r.number for r in refs if not r.implied} | {r.number for r in implied}) - done
    return tuple(r for r in refs if r.number in done) if done and others else ()


# words of a question that ask about what was named, not of a subject: "what is the standard now?"
_ONLY_ASKING = frozenset("""standard standards test rule rules apply applies applied mean means meaning require
requires required requirement requirements ok okay right correct allowed proper still next happen happens options
option need needed anything something else step steps yet show legal grant granting granted win prove timely valid
enough long much many""".split())
# the rules whose motions are decided or argued: a defence or objection by motion (12), judgment as a matter of law
# (50), summary judgment (56), a new trial or altering a judgment (59), relief from a judgment (60)
_MOTION = re.compile(r"^(?:12|50|56|59|60)(?:\(|$)")


def _asks_a_subject(asking: str) -> bool:
    """`asking` (written out) has a word of its own subject beyond what any question says.

    >>> _asks_a_subject("how long do we have to answer now?"), _asks_a_subject("is it waived?")
    (True, True)
    >>> _asks_a_subject("what is the standard?"), _asks_a_subject("what now?"), _asks_a_subject("can they still do that?")
    (False, False, False)
    """
    words = re.findall(r"[a-z]{3,}", asking.lower())
    return any(w not in STOPWORDS and w not in _ONLY_ASKING for w in words)


def _relief_clause(text: str) -> str:
    """In one sentence that tells a missed deadline and then asks for a way out, set apart by a comma or a dash
    ("we blew the jury demand deadline, any way to still get a jury?"): the clause that asks; else "".

    >>> _relief_clause("we blew the jury demand deadline, any way to still get a jury?")
    'any way to still get a jury?'
    >>> _relief_clause("we blew the jury demand deadline, what is it anyway?"), _relief_clause("any way to fix a typo?")
    ('', '')
    """
    m = _ASKS_RELIEF.search(text)
    if not m:
        return ""
    cut = max(text.rfind(c, 0, m.start()) for c in (",", ";", " - ", " – ", " — ", ":"))
    if cut <= 0 or not _MISSED.search(text[:cut]):
        return ""
    return text[cut:].lstrip(",;:-–— ").strip()


def _compared(expanded: str) -> set[str]:
    """The numbers of the rules `expanded` names only to compare ("like a 59(e)", "instead of a 60(b) motion").

    >>> sorted(_compared("fee motion deadline - 28 days like a 59(e)?"))
    ['59(e)']
    >>> sorted(_compared("do we move under Rule 60(b) or 59(e)?")), sorted(_compared("59(e) vs 60(b) - which applies?"))
    ([], [])
    """
    return ({r.number for r in find_refs(expanded) if not r.implied and COMPARED_RULE.search(_before(expanded, r.start))} |
            names_after(expanded, COMPARED_RULE))


def _before(text: str, at: int, span: int = 120) -> str:
    """The words just before `at` that `COMPARED_RULE` and `PROPOSED` read (they end at a rule's citation): not the whole
    text before it, which a long question would have them scan once per rule it cites."""
    return text[max(0, at - span):at]


def _done(expanded: str) -> set[str]:
    """The numbers of the rules `expanded` names as something done ("after our 12(b)(6)", "they filed a 12(c)")."""
    return {r.number for r in find_refs(expanded) if not r.implied and (
        _AS_DONE.search(expanded[:r.start]) or _DONE_AFTER.match(expanded, r.start + len(r.text)))}


def situation_names(text: str, implied: tuple[RuleRef, ...]) -> tuple[RuleRef, ...]:
    """The rules `text` names by their subject ("expert reports", "a new trial") only in the situation told before
    a sentence that asks about another rule by its subject: in "we found new evidence after the new trial deadline.
    is there an outside limit for relief from the judgment?" Rule 59 is what happened and Rule 60(b) the subject.

    >>> t = "we missed the new trial deadline. what's the time limit for relief from the judgment?"
    >>> [r.number for r in situation_names(t, parse_question(t).refs)]
    ['59']
    >>> t = "they keep instructing the witness not to answer at the depo. is that allowed?"
    >>> situation_names(t, parse_question(t).refs)
    ()
    """
    asking = ask_part(text)
    if not asking or not implied:
        return ()
    asked = _asked(asking)
    if not asked:  # the asking sentence names no rule: what the situation names may be the subject
        return ()
    return tuple(r for r in implied if r.implied and r.number not in asked)


@lru_cache(maxsize=256)
def _asked(asking: str) -> frozenset[str]:
    """The numbers of the rules the asking sentence names, by number or by subject (not a rule only compared, nor one
    only proposed: `_proposed`; cached: `situation_names` and `missed_deadlines` both ask it of one question)."""
    expanded = _written_out(asking)
    return frozenset(({n.number for n in named_rules(expanded)} | {r.number for r in find_refs(expanded)}) -
                     _compared(expanded) - _proposed(expanded))


# what comes just before a rule the asking sentence only proposes, as the asker's guess at the way to go ("can we just
# rely on the 'freely give leave' standard?", "do I need a 15(a) motion to amend?", "isn't that just work product under
# 26(b)(3)?"): the situation told before it still names what the question is about
PROPOSED = re.compile(r"(?:\b(?:can|could|should|may|might|do|would)\s+(?:we|i|they|you|he|she|it)\s+just\s+(?:[\w']+\s+){0,5}?|\b(?:do|does|would|will)\s+(?:we|i|they|you|it)\s+(?:still\s+)?"
                      r"(?:need|have)\s+(?:to\s+(?:file|bring|make|use|serve|get|put\s+(?:it|them|this|that|these|those)\s+(?:on|in))\s+)?(?:a|an)\s+|"
                      r"\bisn'?t\s+(?:that|this|it)\s+(?:[\w']+\s+){0,5}?)" + BEFORE_NUMBER + r"['\"‘“]?$",
                      re.I)
# ... or every rule of an asking sentence that asks only to be told it is right ("we get 14 days, right?")
_CONFIRM = re.compile(r"(?:,\s*|\s+)(?:right|correct|yes|true|no)\s*\?*\s*$", re.I)


def _proposed_refs(text: str, refs: tuple[RuleRef, ...]) -> tuple[RuleRef, ...]:
    """The rules of `refs` (named by number) that the sentence of `text` that asks only proposes (`_proposed`)."""
    asking = ask_part(text) or text
    numbers = _proposed(_written_out(asking))
    return tuple(r for r in refs if r.number in numbers)


@lru_cache(maxsize=256)
def _written_out(asking: str) -> str:
    """`expand` of an asking sentence, once per question (`_situation_refs`, `_asked` and `_proposed_refs` read it)."""
    return expand(asking)


@lru_cache(maxsize=256)
def _proposed(asking: str) -> frozenset[str]:
    """The numbers of the rules `asking` (an asking sentence, written out) only proposes (`PROPOSED`, `_CONFIRM`).

    >>> sorted(_proposed("do I need a 15(a) motion to amend?")), sorted(_proposed("isn't that just work product under 26(b)(3)?"))
    (['15(a)'], ['26(b)(3)'])
    >>> sorted(_proposed("we get 14 days to object, right?")), sorted(_proposed("what does 26(b)(3) protect?"))
    ([], [])
    """
    if _CONFIRM.search(asking):
        return frozenset({r.number for r in find_refs(asking)} | {n.number for n in named_rules(asking)})
    return _proposed_by_words(asking)


@lru_cache(maxsize=256)
def _proposed_by_words(asking: str) -> frozenset[str]:
    """`_proposed` by the words just before a rule (PROPOSED: "do we need a ...", "can we just ..."), not by an asking
    sentence that only wants to be told it is right (`guessed_refs` reads this alone)."""
    return frozenset({r.number for r in find_refs(asking) if not r.implied and PROPOSED.search(_before(asking, r.start))}) | \
        names_after(asking, PROPOSED)


def missed_deadlines(text: str, implied: tuple[RuleRef, ...]) -> tuple[RuleRef, ...]:
    """The rules `text` names by subject as a deadline missed, when the sentence (or clause) that asks names no rule and
    asks for a way out: in "we blew the jury demand deadline. any way to still get a jury?" Rule 38(b) set the
    deadline, and 39(b), the court's power to order a jury anyway, is the answer.  Retrieval keeps them as what the
    question is about; the answer places them after the way out (bot.answering.answer.Extractive.placing).

    >>> t = "we blew the jury demand deadline. any way to still get a jury?"
    >>> [r.number for r in missed_deadlines(t, parse_question(t).refs)]
    ['38(b)']
    >>> t = "we blew the jury demand deadline. what happens now?"
    >>> missed_deadlines(t, parse_question(t).refs)
    ()
    """
    asking = ask_part(text) or _relief_clause(text)
    if not asking or not implied or _asked(asking):
        return ()
    if not (_MISSED.search(text[:max(0, text.find(asking))] or text) and _ASKS_RELIEF.search(asking)):
        return ()
    return tuple(r for r in implied if r.implied)


# a deadline told as missed ("we blew the RFA deadline", "the time to object ran"), and an asking sentence that asks
# for a way out of what followed ("how do we get out from under that?", "any way to still get a jury?")
_MISSED = re.compile(r"\b(?:miss(?:ed)?|blew|blown|blow|forgot|overlooked|\d+\s+(?:days?|weeks?)\s+late|"
                     r"(?:deadline|time|window|period|days)\b[^.?!;]{0,40}?\b(?:passed|expired|ran|lapsed|run\s+out|gone))\b",
                     re.I)
_ASKS_RELIEF = re.compile(r"\b(?:get\s+out|undo|un-do|fix|cure|relief|relieved|withdraw|set\s+(?:it\s+|that\s+)?aside|"
                          r"vacate|any\s+way|anything\s+(?:we|i)\s+can\s+do|still\s+(?:get|have|obtain|ask|request|demand|"
                          r"move|file|raise|do|make)|salvage|rescue|save|recover\s+from|walk\s+(?:it|that)\s+back|"
                          r"take\s+(?:it|that|them)\s+back)\b", re.I)


# words that tell a rule was something done, not the subject asked about: "after our 12(b)(6)", "they filed a 12(c)"
_AS_DONE = re.compile(r"\b(?:after|following|in\s+response\s+to|filed|served|granted|denied|brought|won|lost|argued|made|raised)"
                      r"(?:\s+(?:a|an|the|our|their|his|her|its|my|your|that|this|D'?s|P'?s|def'?s|pl'?s))?\s*"
                      + BEFORE_NUMBER + "$", re.I)


# ... or, after the rule, that it was ("our 12(b)(6) was denied", "12b6 got denied this morning", "MSJ filed")
_DONE_AFTER = re.compile(r"\s*(?:motions?\s+(?:to\s+(?:dismiss|strike|compel|amend)\s+|for\s+(?:summary\s+judgment|a\s+new\s+trial)\s+)?)?"
                         r"(?:(?:was|were|got|gets|has\s+been|have\s+been|had\s+been|just|already|partially|partly|finally|"
                         r"mostly|largely)\s+)*(?:denied|granted|argued|decided|heard)\b", re.I)


# A sentence ends at "?" or "!", at "." after a word or a closing bracket (not after an abbreviation of a
# citation: "R. 15", "Fed. R. Civ. P.", "v.", "No."), or at a dash between spaces ("R. 15 q - def filed ...").
_SENTENCE_END = re.compile(r"[?!]+\s+|(?<=[\w)\]])\.\s+|\s+[-–—]{1,2}\s+|\n+")
_NOT_AN_END = re.compile(r"(?:\b(?:[A-Za-z]|[A-Z][a-z]{1,3}|Civ|Crim|Evid|Bankr|Proc|Supp|Cal|Cir|Corp|Inc|Ltd|Co|No|Nos|"
                         r"vs?|al|etc|e\.g|i\.e|cf|U\.S|L\.R|Mr|Ms|Mrs|Dr|Jr|Sr|St)\.)$")
_LEAD_IN = r"^(?:so\s+|and\s+|but\s+|also\s+|ok\s+)?"
_ASKING = re.compile(_LEAD_IN + r"(?:what|what's|whats|how|when|where|which|who|whom|whose|"
                     r"why|can|could|do|does|did|is|are|was|were|will|would|should|shall|must|may|might|has|have|any|"
                     r"anything|need|if|tell|explain)\b", re.I)


# ... but a sentence without "?" telling what the asker has to do is the situation ("need to serve a corp D in
# france. 4(e) applies, right?"), unless what they need is to learn something ("need to know whether ...")
_TOLD_NEED = re.compile(_LEAD_IN + r"(?:we\s+|i\s+)?need\s+to\s+(?!know|find|figure|understand|check|"
                        r"confirm|see|learn|determine|decide|work\s+out|make\s+sure|clarify)\w+[^?]*$", re.I)


# what is left of a sentence that only names the rule asked about ("R. 15 q - def filed a 12b6. can we amend?")
# once the one grammar has taken its rule citations out
_TOPIC_REST = re.compile(r"^\s*(?:q|qq|question|issue|quick\s+q)?\s*[-–—.:?]*\s*$", re.I)


def _names_only_a_rule(sentence: str) -> bool:
    """The sentence is a rule citation and at most "q" ("R. 15 q -", "FRCP 26(b)(1):", "rule 56 question").

    >>> [_names_only_a_rule(s) for s in ("R. 15 q -", "FRCP 26(b)(1):", "L.R. 37-1 question", "R. 15 applies")]
    [True, True, True, False]
    """
    text = written_out(sentence)  # (the rules' words `expand` adds after it are no topic of the sentence)
    refs = rule_refs(text)
    if not refs:
        return False
    for r in sorted(refs, key=lambda r: -r.start):
        text = text[:r.start] + text[r.start + len(r.text):]
    return bool(_TOPIC_REST.match(text))


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.group(0).startswith(".") and _NOT_AN_END.search(text[start:m.start() + 1]):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [p for p in out if re.search(r"\w", p)]


# cached: parse_question reads it of one question three times (context_refs, situation_names, missed_deadlines)
@lru_cache(maxsize=256)
def ask_part(text: str) -> str:
    """The sentences of `text` that ask, when a situation is told first; "" when every sentence asks, or none
    does, or the text is one sentence.

    >>> ask_part("def filed a 12(b)(6) only. now they want to move under 12(b)(2). can they still do that?")
    'can they still do that?'
    >>> ask_part("What does Fed. R. Civ. P. 26(c) require?")
    ''
    >>> ask_part("R. 15 q - def filed a 12b6 last week. can we amend without leave?")
    'R. 15 q - can we amend without leave?'
    >>> ask_part("need to serve a corp D in france. 4(e) applies, right?"), ask_part("need to know the deadline. it's a 59(e)")
    ('4(e) applies, right?', 'need to know the deadline.')
    """
    parts = _sentences(text)
    if len(parts) < 2:
        return ""
    asking = [p for p in parts if "?" in p or (_ASKING.match(p) and not _TOLD_NEED.match(p)) or _names_only_a_rule(p)]
    if not asking or len(asking) == len(parts):
        return ""
    return " ".join(asking)


def find_refs(text: str) -> tuple[RuleRef, ...]:
    """The rule citations of `text` (indexers.grammar: every rule set, in the order written)."""
    return rule_refs(text)


# a party's corporate form after a comma: "Al Otro Lado, Inc. v. Wolf" names Al Otro Lado, not "Inc."
_CORPORATE = re.compile(r"^" + CORPORATE_FORM + r"$", re.I)
_BEFORE_FORM = re.compile(r"(?<![\w.'&-])((?:[A-Z][\w.'&-]*\s){0,4}[A-Z][\w.'&-]*),\s*$")


def find_cases(text: str) -> tuple[CaseRef, ...]:
    """The cases `text` names as "X v. Y" (indexers.grammar.CASE_NAME).

    >>> [c.first_party for c in find_cases("In Al Otro Lado, Inc. v. Wolf, what did the court hold?")]
    ['Al Otro Lado']
    >>> [c.first_party for c in find_cases("In 3M Co. v. Smith, and in eBay, Inc. v. Wolf?")]
    ['3M Co.', 'eBay Inc.']
    >>> [c.name for c in find_cases("what did chambers v. nasco hold? and p v. d?")]
    ['Chambers v. Nasco']
    >>> [c.name for c in find_cases("what did Twombly hold? did the court find waiver? Kamakana held that ...")]
    ['Twombly', 'Kamakana']
    >>> [c.name for c in find_cases("Judge Carter held a hearing. depo v. rogs - which counts? Monday held the hearing")]
    []
    """
    out = []
    for m in _CASE.finditer(text):
        words = m.group(1).split()
        if len(words) == 1 and _CORPORATE.match(words[0]):
            before = _BEFORE_FORM.search(text[:m.start(1)])
            if before:
                words = before.group(1).split()
            else:  # "3M Co. v. Smith", "eBay Inc. v. Wolf": the whole word before the form, else the form itself
                prior = re.search(r"(\S+),?\s*$", text[:m.start(1)])
                words = [prior.group(1).rstrip(","), words[0]] if prior and re.search(r"\w", prior.group(1)) \
                    else words
        while words and words[0] in _SKIP_FIRST:
            words = words[1:]
        if not words:
            continue
        first = " ".join(words)
        second = re.sub(r"(?:\s(?:and|of|the|for|de|la|del|&))+$", "", m.group(2).strip().rstrip(",?."))
        second = re.split(r",\s*(?:No\b|\d)", second)[0].rstrip(",")  # "Wolf, No. 3:17-cv-2366": not a party
        out.append(CaseRef(name=f"{first} v. {second}", first_party=first, second_party=second))
    for m in CASE_NAME_LOWER.finditer(text):
        first, second = _party(m.group(1).split(), from_end=True), _party(m.group(2).split(), from_end=False)
        start = text.rfind(first, m.start(1), m.end(1)) if first else m.start()
        end = text.find(second, m.start(2)) + len(second) if second else m.end()
        if not (_CITED_BEFORE.search(text[:start]) or _CITED_AFTER.search(text[end:])):
            continue  # "depo v. rogs - which counts?", "stip v. motion": a comparison, not a case
        if first and second and not any(c.first_party.lower() == first.lower() for c in out):
            name = f"{_titled(first)} v. {_titled(second)}"
            out.append(CaseRef(name=name, first_party=first, second_party=second, lower=True))
    for m in CASE_SHORT.finditer(text):
        name = m.group(1) or m.group(2)
        if name.lower() in NOT_A_PARTY or _everyday(name) or any(name.lower() in c.name.lower() for c in out):
            continue
        out.append(CaseRef(name=_titled(name), first_party=name, lower=name.islower(), short=True))
    for name in landmark_cases(text):  # "twombly/iqbal - ...", "under celotex": a leading case asked about by one name
        first, *rest = re.split(r"\s+v\.\s+", name)
        second = rest[0].split(",")[0] if rest else name
        if not any(second.lower() in c.name.lower() or c.first_party.lower() in name.lower() for c in out):
            out.append(CaseRef(name=name, first_party=first, second_party=second))
    return tuple(out)


# what tells a lower-case "x v. y" is a case: cited ("in", "per", "under", "see"), or asked what it held or said
_CITED_BEFORE = re.compile(r"\b(?:in|per|under|see|cite[sd]?|citing|from|of|like|did|does|do)\s*$", re.I)
_CITED_AFTER = re.compile(r"^[^\w.?!]*(?:\w+[^\w.?!]+){0,2}?(?:hold|held|holds|holding|decide[sd]?|decision|say|said|"
                          r"says|rule[sd]?|ruling|found|find|require[sd]?|case|opinion|court|standard|test|line)\b", re.I)


def _everyday(name: str) -> bool:
    """A capitalised word common in everyday English ("Monday", "Everyone"): not taken for a party's name
    (wordfreq's bundled lists; "Kelly" and "Twombly" are names, "Monday" is not)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(name.lower(), "en") >= 4.6


def _titled(name: str) -> str:
    """'city of san jose' -> 'City of San Jose'."""
    return " ".join(w if w in ("of", "and", "the", "&") and i else w[:1].upper() + w[1:]
                    for i, w in enumerate(name.split()))


def _party(words: list[str], *, from_end: bool) -> str:
    """A lower-case party's name: the words next to "v." up to the first that asks or links ("what did chambers"
    -> "chambers", "nasco hold re" -> "nasco"); "" when the party is a role ("p v. d"), not a name."""
    kept: list[str] = []
    for i, w in (reversed(list(enumerate(words))) if from_end else enumerate(words)):
        inner = not from_end and 0 < i < len(words) - 1 and w.lower() in ("of", "and", "&")  # "city of san jose"
        if w.lower().strip(",.") in NOT_A_PARTY and not inner:
            break
        kept.append(w.strip(","))
    if from_end:
        kept.reverse()
    return " ".join(kept) if kept and not all(len(w) < 2 for w in kept) else ""
