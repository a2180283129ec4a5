"""Export step: a `Draft` as a Word document (python-docx).

The document has the draft's heading, its paragraphs (Markdown headings, numbered
and bulleted items, block quotes, tables, bold and italics carried over), the
list of authorities cited with the verbatim words relied on, and, when there is
anything left to do, a "Before filing" list (missing facts, flagged citations,
notes).

>>> # Path("good-cause.docx").write_bytes(to_bytes(draft))
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from bot.draft.types import Draft

_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)")


def _runs(par, text: str) -> None:
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            par.add_run(part[2:-2]).bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            par.add_run(part[1:-1]).italic = True
        else:
            par.add_run(part)


def _table(doc, rows: list[str]) -> None:
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows
             if not re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", r)]
    if not cells:
        return
    width = max(len(r) for r in cells)
    table = doc.add_table(rows=len(cells), cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(cells):
        for j in range(width):
            cell = table.cell(i, j)
            cell.text = ""
            _runs(cell.paragraphs[0], row[j] if j < len(row) else "")
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def add_markdown(doc, markdown: str) -> None:
    """Append Markdown blocks to a python-docx `Document`."""
    from docx.shared import Inches

    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.lstrip().startswith("|"):
            block = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                block.append(lines[i])
                i += 1
            _table(doc, block)
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            doc.add_heading(m.group(2).strip("* "), level=min(len(m.group(1)), 4))
        elif (m := re.match(r"^\s*(\d+)\.\s+(.*)$", line)):
            # numbered as in the draft (Word's "List Number" would run on across separate lists)
            par = doc.add_paragraph()
            par.paragraph_format.left_indent = Inches(0.5)
            par.paragraph_format.first_line_indent = Inches(-0.3)
            par.add_run(f"{m.group(1)}.\t")
            _runs(par, m.group(2))
        elif (m := re.match(r"^\s*[-*•]\s+(.*)$", line)):
            par = doc.add_paragraph(style="List Bullet")
            _runs(par, m.group(1))
        elif line.startswith(">"):
            par = doc.add_paragraph(style="Quote")
            _runs(par, line.lstrip("> "))
        elif line.strip() == "---":
            doc.add_page_break()
        else:
            par = doc.add_paragraph()
            _runs(par, line.strip())
        i += 1


def to_document(draft: Draft):
    """The python-docx `Document` for a draft."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = draft.title or draft.kind
    doc.core_properties.comments = "Drafted by rulebot; every citation verified against the indexed corpus."
    body = draft.text
    if not re.match(r"^\s*#", body):
        doc.add_heading(draft.title or draft.kind, level=1)
    add_markdown(doc, body)
    if draft.citations:
        doc.add_heading("Authorities cited", level=2)
        for c in draft.citations:
            par = doc.add_paragraph()
            par.add_run(f"[{c.n}] ")
            par.add_run(c.passage.cite).bold = True
            if c.quote:
                par.add_run(f': "{c.quote}"')
    todo = [f"Missing: [{m}]" for m in draft.missing]
    todo += [f"Not verified: {c.message}" for c in draft.checks if c.status == "flag"]
    todo += list(draft.notes)
    if todo:
        doc.add_heading("Before filing", level=2)
        for t in todo:
            doc.add_paragraph(t, style="List Bullet")
    return doc


def to_bytes(draft: Draft) -> bytes:
    """The .docx file for a draft, as bytes (for chat uploads)."""
    buf = io.BytesIO()
    to_document(draft).save(buf)
    return buf.getvalue()


def write(draft: Draft, path: str | Path) -> Path:
    """Write the .docx file for a draft to `path`."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(to_bytes(draft))
    return p


def read_text(data: bytes) -> str:
    """The text of a .docx file, one paragraph a line (headings as Markdown headings), tables row by row."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    out: list[str] = []
    for par in doc.paragraphs:
        style = (par.style.name if par.style is not None else "") or ""
        text = par.text.strip()
        if not text:
            continue
        out.append(f"## {text}" if style.startswith(("Heading", "Title")) else text)
        out.append("")
    for table in doc.tables:
        for row in table.rows:
            out.append(" | ".join(c.text.strip() for c in row.cells))
        out.append("")
    return "\n".join(out)
