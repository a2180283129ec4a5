"""Authority step: what a template may quote and cite, looked up in the served index.

Templates never carry authority of their own: they call these helpers with a
pin cite and the words they want to quote, and get back the quotation only if
the words appear verbatim in the passage the index holds at that pin.
Otherwise a bracketed placeholder is printed and a flag is recorded, so a
broken template or a smaller corpus shows instead of producing a false quote.

- ``q(ref, words)``: ``"words"`` if verbatim in the passage at `ref`.
- ``cite(ref)``: the citation, full the first time, short (``Al Otro Lado, § III``) after.
- ``rule(pins, words, topic, elsewhere)``: a local rule by number when the corpus holds it, or when an
  indexed order of that court cites it by number (or cites the rule it is part of: 79-5 for 79-5.2.2),
  with a note to check its text; otherwise the requirement in `words` only, with a note that
  the rule must be added.  A rule of another court than the case's (`court`) does not govern
  it and is never cited: the requirement in `words` (or in `elsewhere`, where `words` state what
  only that rule requires, such as its time limit), then a highlighted placeholder for the
  case's own rule (``[LOCAL RULE ON FILING UNDER SEAL]`` for the topic ``FILING UNDER SEAL``),
  listed as missing, with a note.

A `ref` is a rule pin (``Fed. R. Civ. P. 26(c)(1)(G)``) or a decision's short
name and pin (``Al Otro Lado, § III``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from bot.draft import messages as M
from bot.draft.types import Check
from bot.draft.verify import Corpus, DocInfo, quote_in
from bot.types import Passage
from indexers import grammar
from indexers import courts


@dataclass(frozen=True)
class Ref:
    full: str  # full citation, Markdown (case names in italics)
    short: str  # short form for later citations
    passages: tuple[Passage, ...]


@dataclass
class Authorities:
    corpus: Corpus
    court: str = ""  # the case's court (as the facts name it); "" when not given: the templates' court governs
    need: Callable[[str], Any] = str  # placeholder text -> a printed placeholder that records itself as missing
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (note, the words stated instead of the rule)
    _cited: set[str] = field(default_factory=set)

    def resolve(self, ref: str) -> Ref | None:
        """Look `ref` up in the index (see the module doc)."""
        ref = " ".join(ref.split())
        if ref.startswith(("Fed. R.", "Federal Rule")):
            ps, _ = self.corpus.find_rule(ref)
            return Ref(ref, ref, tuple(ps)) if ps else None
        m = re.match(r"(?P<name>.+?),?\s+(?P<pin>§\s?\S+|¶+\s?\d+)$", ref)
        name, pin = (m.group("name"), m.group("pin")) if m else (ref, "")
        doc = self._doc(name)
        if doc is None:
            return None
        pin_cite = f"{doc.stem}, {pin}" if pin else doc.stem
        ps = tuple(self.corpus.find(pin_cite)) if pin else tuple(p for p in self.corpus.passages
                                                                  if p.doc_id == doc.doc_id)
        if not ps:
            return None
        full = _italic_name(doc, pin_cite)
        short = f"*{doc.short}*, {pin}" if doc.short and pin else full
        return Ref(full, short, ps)

    def _doc(self, name: str) -> DocInfo | None:
        name_l = name.lower()
        for d in self.corpus.case_docs():
            if name_l in (d.short.lower(), d.title.lower(), d.stem.lower()) or d.stem.lower().startswith(name_l):
                return d
        return None

    def q(self, ref: str, words: str, punct: str = "") -> str:
        """The quotation, with `punct` (a comma or period) inside the closing mark, American style."""
        r = self.resolve(ref)
        if r and any(quote_in(words, p.text) for p in r.passages):
            return f'"{words}{punct}"'
        where = "is not in the corpus" if r is None else "does not contain these words"
        self.checks.append(Check("template-quote", "flag",
                                 M.TEMPLATE_QUOTE_MISSING.format(ref=ref, where=where, words=words), ref))
        return f"[QUOTATION FROM {ref.upper()} NOT FOUND IN THE CORPUS]{punct}"

    def cite(self, ref: str) -> str:
        r = self.resolve(ref)
        if r is None:
            self.checks.append(Check("template-cite", "flag",
                                     M.TEMPLATE_CITE_MISSING.format(ref=ref), ref))
            return f"[CITATION TO {ref.upper()} NOT IN THE CORPUS]"
        if r.full in self._cited or r.short in self._cited:
            return r.short
        self._cited.update({r.full, r.short})
        return r.full

    def rule(self, pins: str | list[str], words: str, topic: str = "", elsewhere: str = "") -> str:
        pins = [pins] if isinstance(pins, str) else list(pins)
        foreign = self._of_another_court(pins)
        if foreign:
            return self._not_governing(foreign, elsewhere or words, topic)
        shown: dict[str, str] = {}  # pin -> how it can be cited: itself, or the rule it is part of that an order cites
        mentioned: dict[str, str] = {}  # cite shown -> the indexed order that cites it (its text is not indexed)
        for pin in pins:
            court, num = _local_pin(pin) or ("", "")
            if num and self.corpus.find_local_rule(num, court):
                shown[pin] = pin
                continue
            while num:  # cited by an indexed order of the court, as itself or as the rule it is part of
                by = self.corpus.local_rule_cited_by(num, court)
                if by:
                    shown[pin] = f"{court + ' ' if court else ''}L.R. {num}"
                    mentioned[shown[pin]] = by[0].cite
                    break
                num = num.rpartition(".")[0] if "." in num else ""
        if len(shown) == len(pins):
            cites = "; ".join(dict.fromkeys(shown.values()))
            if mentioned:  # one note for the citation, on its words
                note = M.LOCAL_RULE_AS_CITED.format(cite="; ".join(mentioned), where=" and ".join(dict.fromkeys(
                    mentioned.values())), it="it" if len(mentioned) == 1 else "them")
                if note not in self.notes:
                    self.notes.append(note)
                    self.anchors.append((note, cites))
                    self.checks.append(Check("rule-cited-as-the-court-cites-it", "note", note, cites))
            return f"{words} ({cites})"
        lacking = [p for p in pins if p not in shown]
        note = M.RULE_IN_WORDS.format(rules=", ".join(lacking), verb="is" if len(lacking) == 1 else "are")
        if note not in self.notes:
            self.notes.append(note)
            self.anchors.append((note, words))
            self.checks.append(Check("rule-not-in-corpus", "note", note, ", ".join(lacking)))
        return words


    def _of_another_court(self, pins: list[str]) -> list[str]:
        """The pins that are another court's rules than the case's (none when the case names no court)."""
        if not self.court.strip():
            return []
        case = courts.court_of(self.court)  # None: not a district court the table knows, so not the rules' court
        pinned = [(p, (_local_pin(p) or ("", ""))[0]) for p in pins]
        return [p for p, court in pinned if court and (case is None or courts.court_of(court) != case)]

    def _not_governing(self, pins: list[str], words: str, topic: str) -> str:
        """The requirement in words and a placeholder for the case's own rule, with a note (see the module doc)."""
        placeholder = f"LOCAL RULE ON {topic.upper()}" if topic else "LOCAL RULE OF THIS COURT"
        rules = ", ".join(pins)
        note = M.RULE_OF_ANOTHER_COURT.format(rules=rules, verb="is a rule" if len(pins) == 1 else "are rules",
                                              of=_district(_local_pin(pins[0])[0]), court=_district(self.court),
                                              placeholder=placeholder)
        if note not in self.notes:
            self.notes.append(note)
            self.anchors.append((note, words))
            self.checks.append(Check("rule-of-another-court", "note", note, rules))
        return f"{words} ({self.need(placeholder)})"


def _local_pin(pin: str) -> tuple[str, str] | None:
    """("C.D. Cal.", "79-5.2.2") for "C.D. Cal. L.R. 79-5.2.2", read by the one grammar (LOCAL_LIST); None otherwise."""
    m = grammar.LOCAL_LIST.fullmatch(pin)
    return (m.group("court") or "", m.group("nums")) if m else None


def _district(court: str) -> str:
    """A court as a note names it: "Central District of California", else its full name as the facts give it."""
    c = courts.find_in(court)
    return c.district if c and c.district else courts.full_name(court)


def _italic_name(doc: DocInfo, cite: str) -> str:
    if doc.title and " v. " in doc.title and cite.startswith(doc.title):
        return f"*{doc.title}*{cite[len(doc.title):]}"
    return cite
