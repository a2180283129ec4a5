"""Polish step (optional): an LLM smooths the template draft, and is checked before it is used.

``polish(draft, facts, corpus, chat_model)`` sends the verified template draft to
a langchain chat model with the prompts in ``prompts/drafts/polish*.md*``.  The
reply replaces the template draft only if it

- keeps every required element of the kind (`DraftKind.elements`), every heading
  and every bracketed placeholder of the template draft, and every fact given;
- adds no fact: no number and no capitalized name that is absent from the
  template draft and the facts;
- adds no citation absent from the corpus and no quotation that is not verbatim
  (the reply is verified like any draft: `bot.draft.verify`).

Otherwise the template draft is returned with a note saying why.  The chat model
is passed in; tests use langchain_core's fake chat models.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.draft import messages as M
from bot.draft.annotate import currency_notes
from bot.draft.facts import Facts, get_kind
from bot.draft.types import Draft
from bot.draft.verify import Corpus, norm, placeholders, plain, verify
from bot.settings import prompts_dir

# Words a polish may introduce without adding a fact (legal vocabulary, not names).
COMMON_WORDS = frozenset("""
a an the this that these those such any each every all both either neither its it their they we our us you
your i he she his her and or but nor for so yet if then than as at by in of on to with from into onto upon
court courts order orders rule rules local federal civil procedure protective stipulated stipulation joint
party parties plaintiff plaintiffs defendant defendants designating receiving producing challenging
confidential confidentiality magistrate district judge judges application declaration proposed id see also
good cause statement accordingly moreover further furthermore however therefore thus because although while
under pursuant section paragraph exhibit exhibits counsel letter issue issues request requests response
discovery motion motions seal sealing sealed law united states dear sincerely re dated table contents
introductory contentions authorities conference pretrial trial cut-off category categories information
harm harms prejudice disclosure public access standard legal non-party non-parties third
""".split())


def _words(text: str) -> set[str]:
    return {w.lower().strip("'’.-") for w in re.findall(r"[A-Za-z][A-Za-z'’.-]*", text)}


_NUMBER = re.compile(r"[$€£]?\d[\d,./:-]*(?:\s*(?:%|percent|million|billion|thousand|hundred|dollars|days?|"
                     r"weeks?|months?|years?|hours?|minutes?|employees|people|persons|times)\b)?", re.I)


def _numbers(text: str) -> set[str]:
    """Numbers with their unit or scale ("$2 million", "140 employees", "10 days")."""
    return {" ".join(n.rstrip(".,").lower().split()) for n in _NUMBER.findall(text)}


def new_facts(polished: str, base: str, facts: Facts) -> list[str]:
    """Numbers and capitalized names in `polished` that neither the template draft nor the facts contain."""
    known_text = base + "\n" + "\n".join(facts.texts())
    known_words, known_numbers = _words(known_text), _numbers(known_text)
    out: list[str] = []
    for n in sorted(_numbers(plain(polished)) - known_numbers):
        out.append(n)
    text = plain(polished)
    for m in re.finditer(r"\b[A-Z][A-Za-z'’-]+\b", text):
        w = m.group(0).lower().strip("'’-")
        if w in known_words or w in COMMON_WORDS:
            continue
        before = text[: m.start()].rstrip()
        if not before or before[-1] in ".!?:#*>\"“(" or re.search(r"(?:^|\n)\s*(?:\d+\.|[-*])$", before):
            continue  # a capital at the start of a sentence or item is not a name
        out.append(m.group(0))
    return list(dict.fromkeys(out))


def problems(polished: str, base: Draft, facts: Facts, corpus: Corpus) -> tuple[list[str], Any]:
    """Why `polished` cannot replace the template draft `base` (empty when it can), and its verification."""
    kind = get_kind(base.kind)
    why: list[str] = []
    if not polished.strip():
        return ["the reply was empty"], None
    lost = kind.missing_elements(polished)
    if lost:
        why.append("it dropped required elements (" + "; ".join(lost) + ")")
    heads = [h.strip() for h in re.findall(r"^#+\s+.*$", base.text, re.M)]
    lost_heads = [h for h in heads if h not in {x.strip() for x in re.findall(r"^#+\s+.*$", polished, re.M)}]
    if lost_heads:
        why.append("it changed or dropped headings (" + "; ".join(lost_heads) + ")")
    lost_ph = [p for p in placeholders(base.text) if f"[{p}]" not in polished]
    new_ph = [p for p in placeholders(polished) if f"[{p}]" not in base.text]
    if lost_ph:
        why.append("it dropped placeholders for missing facts (" + "; ".join(lost_ph) + ")")
    if new_ph:
        why.append("it added placeholders (" + "; ".join(new_ph) + ")")
    pn = norm(plain(polished)).lower()
    lost_facts = [t for t in facts.texts() if norm(t).lower() in norm(plain(base.text)).lower()
                  and norm(t).lower() not in pn]
    if lost_facts:
        why.append("it dropped or reworded facts (" + "; ".join(f[:60] for f in lost_facts) + ")")
    added = new_facts(polished, base.text, facts)
    if added:
        why.append("it added facts not in the input (" + ", ".join(added[:8]) + ")")
    v = verify(polished, corpus)
    bad = [c.message for c in v.checks if c.status == "flag"]
    if bad:
        why.append("its citations or quotations could not be verified (" + " ".join(bad[:3]) + ")")
    return why, v


def _strip_fences(text: str) -> str:
    m = re.match(r"^\s*```(?:markdown|md)?\s*\n(.*?)\n```\s*$", text, re.S)
    return m.group(1) if m else text


def polish(base: Draft, facts: Facts, corpus: Corpus, chat_model: Any, *, templates: Path | None = None) -> Draft:
    """The polished draft when it passes every check, else `base` with a note (see the module doc)."""
    import jinja2
    from langchain_core.messages import HumanMessage, SystemMessage

    root = templates or prompts_dir() / "drafts"
    kind = get_kind(base.kind)
    try:
        system = (root / "polish_system.md").read_text(encoding="utf-8")
        user = jinja2.Template((root / "polish.md.j2").read_text(encoding="utf-8")).render(
            kind=kind, text=base.text, case_name=facts.values.get("case_name") or "this case")
        reply = chat_model.invoke([SystemMessage(system), HumanMessage(user)])
        polished = _strip_fences(str(getattr(reply, "content", reply))).strip() + "\n"
    except Exception as exc:  # any provider error: the verified template draft still stands
        return replace(base, notes=base.notes + (M.LLM_FAILED.format(error=exc.__class__.__name__),))
    why, v = problems(polished, base, facts, corpus)
    if why:
        return replace(base, notes=base.notes + (M.LLM_REJECTED.format(why="; ".join(why)),))
    template_checks = tuple(c for c in base.checks if c.code in ("rule-not-in-corpus",))
    # the currency notes follow the polished draft's own citations
    stale = {n for n, _ in currency_notes(base.citations)}
    dated = currency_notes(v.citations)
    notes = tuple(n for n in base.notes if n not in stale) + tuple(n for n, _ in dated)
    anchors = tuple(a for a in base.anchors if a[0] not in stale) + tuple(dated)
    return replace(base, text=polished, citations=v.citations, checks=template_checks + v.checks,
                   notes=notes + (M.LLM_USED,), anchors=anchors, drafter="llm")
