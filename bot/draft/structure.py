"""A draft's text as structured values, so that each surface draws it in its own way and no Markdown marker
reaches a user.

Drafts are written as Markdown (the templates in ``prompts/drafts/``); `blocks` reads that text into
`Block`s (headings, paragraphs, runs of lines that are lines, list items, quotations, tables, rules) whose
inline text keeps only emphasis (`bot.draft.typeset.spans`).  The Word export lays out its own pages;
the chat surfaces render these blocks (Slack mrkdwn, Teams TextBlocks and Tables), and `plain_text` is
the text to copy or to show where nothing is drawn (a notification, Teams' "Copy the text").

Some lines are laid out as written, never reflowed: a filing's signature blocks (`signature_lines`: from
"Dated:", "Respectfully submitted," "By:" or a declarant's "/s/" to the block's last short line), and a
letter's head (date, addressee, "Re:" line, salutation) and close (`layout_lines`).  Word sets them apart
(`bot.draft.docx`) and a polish leaves them as the template wrote them (`bot.draft.llm`).

>>> [(b.kind, b.text or b.lines or b.rows) for b in blocks("## GOOD CAUSE\\n\\nThe **court** may.\\n\\n"
...     "Gregory Lam\\nLam Hartley LLP\\n\\n| Event | Date |\\n|---|---|\\n| Trial | [DATE] |")]
[('heading', 'GOOD CAUSE'), ('paragraph', 'The **court** may.'), ('lines', ('Gregory Lam', 'Lam Hartley LLP')), ('table', (('Event', 'Date'), ('Trial', '[DATE]')))]
>>> print(plain_text("## GOOD CAUSE\\n\\n> *Al Otro Lado* held that\\n\\n- one\\n- two\\n\\n---\\n\\nThe end."))
GOOD CAUSE
<BLANKLINE>
    “Al Otro Lado held that”
<BLANKLINE>
• one
• two
<BLANKLINE>
The end.
>>> plain_text("| A | B |\\n|---|---|\\n| 1 | 2 |")  # cells apart by tabs: a paste lands in columns
'A\\tB\\n1\\t2'
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from bot.draft.typeset import bind_cites, plain, spans, unbound

KINDS = ("heading", "paragraph", "lines", "item", "quote", "table", "rule")

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
CLOSING = re.compile(r"^(?:Sincerely|Very truly yours|Yours truly|Respectfully(?: submitted)?|(?:Best |Kind )?[Rr]egards),$")
_SALUTATION = re.compile(r"^(?:Dear|To)\b.{0,80}[:,]$")
_PROSE_END = re.compile(r"[.:;?!][\"'”’)\]]*$")
_SIGNATURE = re.compile(r"^(?:Dated:|By:|/s/|Attorneys for\b|Counsel for\b|Respectfully submitted)(?!.{80})")
# the line a filing's signature block opens with ("Dated:", "Respectfully submitted,", a declarant's "/s/ ...")
_SIGNS = re.compile(r"^(?:Dated:|Respectfully submitted|By:|/s/)")


@dataclass(frozen=True)
class Block:
    """One block of a draft: `text` is inline Markdown (emphasis only) for a heading, paragraph, item or
    quotation; `lines` for lines kept as lines (an address, a signature); `rows` for a table (the header
    first); `level` is a heading's level or an item's number ("" when bulleted)."""

    kind: str
    text: str = ""
    level: int = 0
    lines: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    marker: str = ""  # an item's own number ("1.") when the draft numbers it


def _cells(line: str) -> tuple[str, ...]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return tuple(c.strip() for c in line.split("|"))


def blocks(markdown: str) -> list[Block]:
    """The blocks of a draft's Markdown, in order."""
    out: list[Block] = []
    for para in re.split(r"\n\s*\n", markdown.strip()):
        lines = [ln.rstrip() for ln in para.splitlines() if ln.strip()]
        if not lines:
            continue
        if len(lines) == 1 and _RULE.match(lines[0]):
            out.append(Block("rule"))
        elif all(ln.lstrip().startswith("|") for ln in lines):
            rows = tuple(_cells(ln) for ln in lines if not _TABLE_SEPARATOR.match(ln))
            out.append(Block("table", rows=rows))
        elif all(ln.lstrip().startswith(">") for ln in lines):
            out.append(Block("quote", " ".join(ln.lstrip()[1:].strip() for ln in lines)))
        elif all(_ITEM.match(ln) for ln in lines):
            for ln in lines:
                marker = _ITEM.match(ln).group(0).strip()
                out.append(Block("item", _ITEM.sub("", ln, count=1).strip(), marker=marker if marker[0].isdigit() else ""))
        else:
            head = _HEADING.match(lines[0])
            if head:
                out.append(Block("heading", head.group(2), level=len(head.group(1))))
                lines = lines[1:]
                if not lines:
                    continue
            if len(lines) == 1:
                out.append(Block("paragraph", lines[0].strip()))
            else:
                out.append(Block("lines", lines=tuple(ln.strip() for ln in lines)))
    return out


def plain_text(markdown: str, *, width: int = 0) -> str:
    """The draft as plain text to copy: no Markdown marker, lines kept, a table's cells separated by tabs (so a
    paste into Word or a spreadsheet lands in columns), a quotation indented in quotation marks.

    With `width` (a terminal's), each paragraph, item and quotation is wrapped to `width` columns, never inside a
    citation, and a table's cells are aligned in columns by spaces.

    >>> print(plain_text("## ISSUE\\n\\n*See* Fed. R. Civ. P. 26(b)(1).\\n\\n| A | Date |\\n|---|---|\\n| Trial | May 1 |",
    ...                  width=24))
    ISSUE
    <BLANKLINE>
    See
    Fed. R. Civ. P. 26(b)(1).
    <BLANKLINE>
    A      Date
    Trial  May 1
    """
    parts: list[str] = []
    items: list[str] = []

    def flush_items() -> None:
        if items:
            parts.append("\n".join(items))
            items.clear()

    for b in blocks(markdown):
        if b.kind == "item":
            marker = b.marker or "•"
            items.append(_fill(f"{marker} {plain(b.text)}", width, rest=" " * (len(marker) + 1)))
            continue
        flush_items()
        if b.kind == "heading":
            parts.append(plain(b.text))
        elif b.kind == "paragraph":
            parts.append(_fill(plain(b.text), width))
        elif b.kind == "lines":
            parts.append("\n".join(plain(ln) for ln in b.lines))
        elif b.kind == "quote":
            parts.append(_fill(f"“{plain(b.text)}”", width, first="    ", rest="     "))
        elif b.kind == "table":
            rows = [[plain(c) for c in row] for row in b.rows]
            if not width:
                parts.append("\n".join("\t".join(row) for row in rows))
                continue
            wide = [max(len(r[j]) if j < len(r) else 0 for r in rows) for j in range(max(map(len, rows)))]
            parts.append("\n".join("  ".join(c.ljust(w) for c, w in zip(row, wide)).rstrip() for row in rows))
        # a rule separates by the blank lines around it
    flush_items()
    return "\n\n".join(p for p in parts if p)


def _fill(text: str, width: int, *, first: str = "", rest: str = "") -> str:
    """`text` wrapped to `width` columns (none: one line), a citation kept on one line (`bind_cites`)."""
    if not width:
        return first + text
    wrapped = textwrap.fill(bind_cites(text), width, initial_indent=first, subsequent_indent=rest,
                            break_on_hyphens=False, break_long_words=False)
    return unbound(wrapped)


# ---------------------------------------------------------------- lines laid out as written


def is_prose(text: str) -> bool:
    """A paragraph of sentences (its first line indented in a filing), not a label ("**RESPONSE TO ...:**") or a
    line of a signature block."""
    words = plain(text)
    return (bool(_PROSE_END.search(words)) and not _SIGNATURE.match(words)
            and not all(s.bold or not s.text.strip() for s in spans(text)))


def continues(line: str) -> bool:
    """A line that may go on a paragraph (or a block of lines): not blank, not a heading, item, quote, table or
    page break."""
    s = line.strip()
    return bool(s) and not (s.startswith(("#", "|", ">", "---")) or re.match(r"^(?:\d+\.|[-*•])\s", s))


def signature_lines(lines: list[str]) -> set[int]:
    """The indexes of `lines` (a filing's Markdown) that are its signature blocks: from a line that opens one
    ("Dated:", "Respectfully submitted,", "By:", a declarant's "/s/") to its last short line that is not prose
    (the firm, "By: /s/ ...", "Attorneys for ...", the judge's line and name); blank lines do not end a block.

    >>> sorted(signature_lines(["The end.", "", "Dated: ____", "", "LAM LLP", "By: /s/ A. Lam", "", "Next it says so."]))
    [2, 4, 5]
    """
    out: set[int] = set()
    inside = False
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        text = plain(line.strip())
        inside = continues(line) and (bool(_SIGNS.match(text)) or inside and not is_prose(line.strip())
                                      and len(text) < 80)
        if inside:
            out.add(i)
    return out


def layout_lines(markdown: str, *, letter: bool = False) -> list[tuple[int, int]]:
    """The runs of lines of `markdown` laid out as written, as [start, end) line indexes: a filing's signature
    blocks; a letter's head (to its salutation) and its close (from "Sincerely," on).

    >>> text = "March 3, 2026\\n\\nDear Counsel:\\n\\nWe write.\\n\\nSincerely,\\n\\nA. Lam"
    >>> layout_lines(text, letter=True)
    [(0, 3), (6, 9)]
    >>> layout_lines("We ask.\\n\\nDated: ____\\n\\nBy: /s/ A. Lam\\n\\nThe next part.")
    [(2, 5)]
    """
    lines = markdown.splitlines()
    if letter:
        plains = [plain(ln.strip()) for ln in lines]
        head = next((i + 1 for i, t in enumerate(plains) if _SALUTATION.match(t)), 0)
        close = next((i for i, t in enumerate(plains) if i >= head and CLOSING.match(t)), len(lines))
        return [r for r in ((0, head), (close, len(lines))) if r[0] < r[1]]
    runs: list[tuple[int, int]] = []
    for i in sorted(signature_lines(lines)):
        if runs and all(not ln.strip() for ln in lines[runs[-1][1]:i]):
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs
