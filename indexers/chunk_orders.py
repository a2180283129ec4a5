"""Chunk step for court orders: headings (I., II.A., ...) and paragraphs.

A passage is one paragraph (long paragraphs are cut into sentence windows) and
never crosses a heading.  Its pin is the heading it sits under (`§ II.A`) or,
in an order without headings, its paragraph number (`¶ 4`).

>>> [p.section for p in chunk_order(None, "I. BACKGROUND\\n\\nFacts.\\n\\nII. RULING\\n\\nA. Standard\\n\\nLaw.")]
['§ I', '§ II.A']
"""

from __future__ import annotations

import re

from indexers.chunk import Piece, split_sentences, window
from indexers.registry import register_chunker

_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,6})\.\s+(?P<title>[A-Z][^\n]{1,110})$")
_LETTER = re.compile(r"^(?P<num>[A-H])\.\s+(?P<title>[A-Z][^\n]{1,110})$")
_DIGIT = re.compile(r"^(?P<num>[1-9])\.\s+(?P<title>[A-Z][A-Za-z ,'’;:()-]{1,80})$")
MAX_CHARS = 1200
MIN_CHARS = 40


def _is_heading(line: str, rx: re.Pattern) -> re.Match | None:
    m = rx.match(line.strip())
    if not m or line.rstrip().endswith((".", ",", ";", ":")) and not line.isupper():
        return None
    return m


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n(?=[A-Z(\"“])", text) if p.strip()]


@register_chunker("order")
def chunk_order(doc, text: str) -> list[Piece]:
    roman = letter = ""
    titles: dict[str, str] = {}
    pieces: list[Piece] = []
    para_no = 0
    carry = ""
    for para in _paragraphs(text):
        line = para.replace("\n", " ").strip()
        if "\n" not in para and (m := _is_heading(line, _ROMAN)):
            roman, letter = m["num"], ""
            titles = {"roman": f"{m['num']}. {m['title'].strip()}"}
            continue
        if roman and "\n" not in para and (m := _is_heading(line, _LETTER) or _is_heading(line, _DIGIT)):
            letter = m["num"]
            titles["letter"] = f"{m['num']}. {m['title'].strip()}"
            continue
        para_no += 1
        if (len(line) < MIN_CHARS and not carry and not line.endswith((".", ":"))) or line.endswith(":"):
            carry = f"{carry}\n{line}".strip()  # a lead-in ("... include:") stays with what it introduces
            continue
        if carry:
            line = f"{carry}\n{line}" if carry.endswith(":") else f"{carry} {line}"
            carry = ""
        if roman:
            section = f"§ {roman}.{letter}" if letter else f"§ {roman}"
            heading = " — ".join(t for t in (titles.get("roman"), titles.get("letter") if letter else None) if t)
        else:
            section, heading = f"¶ {para_no}", ""
        for chunk in window(split_sentences(line), MAX_CHARS) if len(line) > MAX_CHARS else [line]:
            pieces.append(Piece(section=section, text=chunk, heading=heading))
    if carry:
        pieces.append(Piece(section=f"¶ {para_no}", text=carry))
    return pieces
