"""What a Word export says beside the filing text: one comment per citation, missing fact, note and flag.

`comments(draft)` lists them as `Remark`s: the words of the draft each belongs to
(`anchors`, tried in order; none means the start of the draft) and the comment's text.
An authority's comment, one per authority however many of its words the draft quotes, sits
on the citation and states its verification (each quoted phrase, the corpus passage and the
pin cite they were checked against) and the currency of the text; a missing fact's says
what to fill in; a note (a rule stated in words because the corpus lacks it, a court other
than the one the templates follow, a cited text that predates a later amendment:
`currency_notes`) and a flag (a citation that could not be verified) say what to do.
None of this is body text.  Pure: no python-docx here.

>>> from bot.draft.types import Draft
>>> [r.kind for r in comments(Draft(kind="good-cause", text="[COURT]", missing=("COURT",), notes=("n",)))]
['missing', 'note']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.currency import currency
from bot.draft import messages as M
from bot.draft.types import Draft
from bot.types import Citation

AUTHOR = "rulebot"
INITIALS = "RB"
MAX_PASSAGE_CHARS = 1500

# A placeholder the user must fill: bracketed capitals ("[CASE NUMBER]"), not a bracketed title word.
PLACEHOLDER = re.compile(r"\[(?!PROPOSED\])[A-Z0-9][^\[\]a-z]{2,}\]")


@dataclass(frozen=True)
class Remark:
    """One comment: `kind` (citation | missing | note | flag), the words it is anchored at, its text."""

    kind: str
    anchors: tuple[str, ...]
    text: str


def _passage_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_PASSAGE_CHARS else text[: MAX_PASSAGE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def comments(draft: Draft) -> list[Remark]:
    """The comments for `draft`, in the order: citations, missing facts, notes, flags."""
    out: list[Remark] = []
    by_authority: dict[str, list[Citation]] = {}
    for c in draft.citations:
        by_authority.setdefault(c.cite, []).append(c)
    for cite, group in by_authority.items():
        c, p = group[0], group[0].passage
        quotes = [g.quote for g in group if g.quote]
        lines = [f"Verified against the corpus: {cite}.", f"Currency: {currency(c).label}."]
        if quotes:
            lines.append("Quoted words (verbatim in the passage): " + "; ".join(f'"{q}"' for q in quotes))
        passages = list({g.passage.id: g.passage for g in group}.values())
        lines += [f'Passage at {x.cite}: "{_passage_text(x.text)}"' for x in passages]
        if p.source:
            lines.append(f"Source: {p.source}")
        out.append(Remark("citation", (cite, p.cite, *quotes), "\n".join(lines)))
    for m in draft.missing:
        out.append(Remark("missing", (f"[{m}]",), f"Fact still needed: replace [{m}] before filing."))
    anchored = dict(draft.anchors)
    for n in draft.notes:
        words = anchored.get(n, "")
        out.append(Remark("note", (words,) if words else (), f"Note: {n}"))
    for c in draft.checks:
        if c.status == "flag":
            out.append(Remark("flag", (c.cite,) if c.cite else (), f"Not verified: {c.message}"))
    return out


def currency_notes(citations: tuple[Citation, ...] | list[Citation]) -> list[tuple[str, str]]:
    """(note, words the note is about) for each citation whose part a later amendment touches:
    the warning a draft carries in its notes (and so in every surface and as a Word comment).

    >>> from bot.types import Amendment, Passage
    >>> p = Passage(id="x", doc_id="frcp", cite="Fed. R. Civ. P. 26(f)(3)", section="26(f)(3)", text="A plan.",
    ...             date="2022-12-01", date_kind="as_amended_to", superseded=(Amendment("26(f)", "2025-12-01"),))
    >>> currency_notes([Citation(1, p, "A plan.")])[0]
    ('Fed. R. Civ. P. 26(f)(3) (as amended to Dec. 1, 2022): this text predates the amendment of Dec. 1, 2025; check the current rule.', 'A plan.')
    """
    out: list[tuple[str, str]] = []
    for c in citations:
        cur = currency(c)
        if cur.warning:
            note = M.CITATION_PREDATES.format(cite=c.cite, as_of=cur.label, warning=cur.warning)
            if note not in (n for n, _ in out):
                out.append((note, c.quote or c.cite))
    return out
