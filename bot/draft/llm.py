"""Polish step (optional): an LLM smooths the template draft, and is checked before it is used.

``polish(draft, facts, corpus, chat_model)`` sends the verified template draft to
a langchain chat model with the prompts in ``prompts/drafts/polish*.md*``.  The
reply replaces the template draft only if it

- keeps every required element of the kind (`DraftKind.elements`), every heading
  and every bracketed placeholder of the template draft, and every fact given;
- adds no fact: no number and no capitalized name that is absent from the
  template draft and the facts;
- adds no citation absent from the corpus and no quotation that is not verbatim
  (the reply is verified like any draft: `bot.draft.verify`);
- keeps the lines laid out as written (`keep_layout`): a caption's head, a filing's
  signature blocks, a letter's head and close are put back as the template wrote them
  when the reply only re-marked them (escaped, bolded, re-cased, re-broken), and a reply
  that changed their words is not used.

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
from bot.draft.structure import layout_lines
from bot.draft.typeset import fold
from bot.draft.typeset import plain as words_of
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
    lost = [e for e in kind.missing_elements(polished) if e not in kind.missing_elements(base.text)]  # the
    # template's own draft lacks an element another court's rules do not require (a C.D. Cal. time limit)
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


def _layout_key(line: str) -> str:
    """What stays of a line laid out as written when a polish only re-marks it: its words, whatever their
    emphasis, escapes, quote marks, case, hard breaks, heading marks or length of a blank to sign on."""
    line = re.sub(r"\\$", "", line.rstrip())  # a hard line break
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", line.strip())  # escaped Markdown characters
    line = re.sub(r"^#+\s+", "", line)
    return " ".join(re.sub(r"_+", "_", fold(words_of(line))[0]).split()).casefold()


def layout_runs(base: Draft) -> list[tuple[int, int]]:
    """The template draft's runs of lines laid out as written, as [start, end) line indexes, in order: each
    caption's head (`Draft.captions`), the signature blocks or a letter's head and close."""
    runs = list(layout_lines(base.text, letter=get_kind(base.kind).form == "letter"))
    for c in base.captions:
        at = base.text.find(c.head) if c.head else -1
        if at >= 0:
            start = base.text.count("\n", 0, at)
            runs.append((start, start + c.head.count("\n") + 1))
    out: list[tuple[int, int]] = []
    for s, e in sorted(runs):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def keep_layout(polished: str, base: Draft) -> tuple[str, list[str]]:
    """`polished` with each run of lines the template lays out as written put back as the template wrote it, a
    blank line apart as there; and the first line of each run the polish changed in words, dropped or moved
    (then the polish is not used).  A run is found by its words (`_layout_key`), over as many of the reply's
    lines as hold them: a signature block run together on one line, or re-marked, is still found.

    >>> base = Draft(kind="joint-stipulation", title="", text="We ask.\\n\\nDated: ____\\n\\nBy: /s/ A. Lam\\n")
    >>> keep_layout("We now ask.\\nDATED: \\\\_\\\\_\\\\_\\nBy: /s/ A. Lam  \\n", base)
    ('We now ask.\\n\\nDated: ____\\n\\nBy: /s/ A. Lam\\n', [])
    >>> keep_layout("We now ask.\\n\\nBy: /s/ A. Lam\\n", base)[1]
    ['Dated: ____']
    """
    want_lines = base.text.splitlines()
    lines = polished.splitlines()
    keys = [_layout_key(ln) for ln in lines]
    changed: list[str] = []
    out: list[str] = []
    at = 0  # the reply's lines before `at` are written to `out`
    for s, e in layout_runs(base):
        block = want_lines[s:e]
        key = " ".join(k for k in (_layout_key(ln) for ln in block) if k)
        found = None
        for i in range(at, len(lines)):
            if not keys[i] or not key.startswith(keys[i]):
                continue
            got, j = keys[i], i + 1
            while got != key and j < len(lines):
                if keys[j]:
                    if not key.startswith(got + " " + keys[j]):
                        break
                    got += " " + keys[j]
                j += 1
            if got == key:
                found = (i, j)
                break
        if found is None:
            changed.append(next((ln.strip() for ln in block if ln.strip()), ""))
            continue
        i, j = found
        out += lines[at:i]
        out += ([""] if s > 0 and not want_lines[s - 1].strip() else []) + block
        out += [""] if e < len(want_lines) and not want_lines[e].strip() else []
        at = j
    out += lines[at:]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
    return text, changed


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
    polished, changed = keep_layout(polished, base)
    why, v = problems(polished, base, facts, corpus)
    if changed:
        why.insert(0, "it changed lines laid out as written (" + "; ".join(changed) + ")")
    if why:
        return replace(base, notes=base.notes + (M.LLM_REJECTED.format(why="; ".join(why)),))
    template_checks = tuple(c for c in base.checks if c.code in ("rule-not-in-corpus", "rule-of-another-court"))
    # the currency notes follow the polished draft's own citations
    stale = {n for n, _ in currency_notes(base.citations)}
    dated = currency_notes(v.citations)
    notes = tuple(n for n in base.notes if n not in stale) + tuple(n for n, _ in dated)
    anchors = tuple(a for a in base.anchors if a[0] not in stale) + tuple(dated)
    return replace(base, text=polished, citations=v.citations, checks=template_checks + v.checks,
                   notes=notes + (M.LLM_USED,), anchors=anchors, drafter="llm")
