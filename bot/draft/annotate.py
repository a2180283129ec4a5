"""What a Word export says beside the filing text: one comment per citation, missing fact, note and flag.

`comments(draft)` lists them as `Remark`s: the words of the draft each belongs to
(`anchors`, tried in order; none means the start of the draft) and the comment's text.
A citation's comment states its verification (the quoted words, the corpus passage and
the pin cite they were checked against); a missing fact's says what to fill in; a note
(a rule stated in words because the corpus lacks it, a court other than the one the
templates follow) and a flag (a citation that could not be verified) say what to do.
None of this is body text.  Pure: no python-docx here.

>>> from bot.draft.types import Draft
>>> [r.kind for r in comments(Draft(kind="good-cause", text="[COURT]", missing=("COURT",), notes=("n",)))]
['missing', 'note']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.draft.types import Draft

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
    quoted: bool = False  # the anchor is a quotation: only its occurrence inside quotation marks counts


def _passage_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_PASSAGE_CHARS else text[: MAX_PASSAGE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def comments(draft: Draft) -> list[Remark]:
    """The comments for `draft`, in the order: citations, missing facts, notes, flags."""
    out: list[Remark] = []
    for c in draft.citations:
        p = c.passage
        lines = [f"Verified against the corpus: {c.cite}."]
        if c.quote:
            lines.append(f'Quoted words (verbatim in the passage): "{c.quote}"')
        lines.append(f'Passage at {p.cite}: "{_passage_text(p.text)}"')
        if p.source:
            lines.append(f"Source: {p.source}")
        if c.quote:
            out.append(Remark("citation", (c.quote,), "\n".join(lines), quoted=True))
        else:
            out.append(Remark("citation", (c.cite, p.cite), "\n".join(lines)))
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
