"""Chunk step for judges' procedures: one piece per heading (Discovery, Protective Orders, Sealing...).

Headings are the ``#`` lines `indexers.extract` writes for ``<h2>``, DOCX heading
styles and bold PDF lines; in plain text, a short line in Title Case or capitals
with no closing period, followed by text, counts as a heading.  The page title
(the single top-level heading) is context, not a section.  Each piece is cited
as ``<stem>, "<heading>"``, e.g. ``Magistrate Judge Jane Roe (C.D. Cal.), Procedures,
"Discovery"``; a subheading is joined to its parent (``"Discovery: Telephonic
Conferences"``).  Long sections are cut between sentences, never across headings.

>>> from indexers.types import DocMeta, Document
>>> meta = DocMeta(id="p", title="t", type="judge_procedures", court="C.D. Cal.", cite="Judge Jane Roe (C.D. Cal.), Procedures")
>>> [p.cite for p in chunk_procedures(Document(meta, ""), "# Judge Jane Roe\\n\\n## Discovery\\n\\nCall first.\\n\\n## Sealing\\n\\nAsk.")]
['Judge Jane Roe (C.D. Cal.), Procedures, "Discovery"', 'Judge Jane Roe (C.D. Cal.), Procedures, "Sealing"']
"""

from __future__ import annotations

import re

from indexers.types import Document
from indexers.chunk import Piece, default_cite, split_sentences, window
from indexers.registry import register_chunker

MAX_PIECE_CHARS = 1400
_MD = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\*\*(.{2,100})\*\*$")
_PLAIN_HEADING = re.compile(r"^(?:[IVX]+\.|\d{1,2}\.|[A-Z]\.)?\s*[A-Z][A-Za-z0-9'’&/,\-() ]{1,80}$")


def _heading(line: str, next_line: str) -> tuple[int, str] | None:
    m = _MD.match(line)
    if m:
        return len(m.group(1)), m.group(2).replace("**", "").strip()
    m = _BOLD_LINE.match(line)
    if m:
        return 3, m.group(1).strip()
    s = line.strip()
    if (_PLAIN_HEADING.match(s) and not s.endswith((".", ",", ";", ":")) and len(s.split()) <= 10
            and next_line and (s.isupper() or sum(w[0].isupper() for w in s.split() if w[0].isalpha())
                               >= 0.6 * len(s.split()))):
        return 3, s
    return None


@register_chunker("judge_procedures")
def chunk_procedures(doc: Document, text: str) -> list[Piece]:
    """Pieces per heading, cited `<stem>, "<heading>"` (see the module docstring)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    # A block may hold a heading line followed by text lines: split those apart.
    lines: list[str] = []
    for b in blocks:
        first, _, rest = b.partition("\n")
        if _heading(first, rest) and rest.strip():
            lines.extend([first, rest.strip()])
        else:
            lines.append(b)
    levels = [_MD.match(ln) and len(_MD.match(ln).group(1)) for ln in lines]
    md_levels = sorted({lv for lv in levels if lv})
    title_level = md_levels[0] if md_levels and sum(1 for lv in levels if lv == md_levels[0]) == 1 \
        and len(md_levels) > 1 else None

    sections: list[tuple[str, list[str]]] = []
    stack: list[tuple[int, str]] = []
    cur: list[str] = []
    name = ""
    for i, ln in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        h = _heading(ln, nxt)
        if h and len(ln) <= 160:
            if cur:
                sections.append((name, cur))
            cur = []
            level, head = h
            if title_level is not None and level == title_level:
                stack = []
                name = ""
                continue
            stack = [(lv, t) for lv, t in stack if lv < level] + [(level, head)]
            name = ": ".join(t for _, t in stack)
            continue
        cur.append(ln if re.match(r"^- ", ln) else re.sub(r"\s*\n\s*", " ", ln))  # lists keep their lines
    if cur:
        sections.append((name, cur))

    pieces: list[Piece] = []
    for name, paras in sections:
        section = name or "Introduction"
        cite = f'{default_cite(doc, "")}, "{section}"'
        body = "\n\n".join(paras)
        chunks = [body] if len(body) <= MAX_PIECE_CHARS else _split_long(paras)
        for chunk in chunks:
            pieces.append(Piece(section=section, text=chunk, heading=section, cite=cite))
    return pieces


def _split_long(paras: list[str]) -> list[str]:
    """Paragraphs grouped into pieces of at most MAX_PIECE_CHARS; a longer paragraph is cut at sentences."""
    parts = [part for p in paras
             for part in ([p] if len(p) <= MAX_PIECE_CHARS else window(split_sentences(p), MAX_PIECE_CHARS))]
    return window(parts, MAX_PIECE_CHARS, sep="\n\n")
