"""Export step: a `Draft` as a Word document a lawyer can file (python-docx).

The body holds the filing text only: Markdown headings, numbered and bulleted items,
block quotes, tables, bold and italics carried over; each ``[PLACEHOLDER]`` highlighted.
Everything else is a Word comment (`bot.draft.annotate`): each citation with its
verification, each missing fact, each note and each unverified citation.

With a firm template (``template=`` or the settings' ``docx_template``, from
``RULEBOT_DOCX_TEMPLATE``) the draft goes into that document, keeping its styles,
header, footer, caption and line numbering, at the paragraph holding ``{{ draft }}`` or
else at the end of its body, in the template's heading and body styles.  Without one,
the page is C.D. Cal. pleading paper (`bot.draft.layout`).

>>> # Path("good-cause.docx").write_bytes(to_bytes(draft))
>>> # Path("good-cause.docx").write_bytes(to_bytes(draft, template="firm.docx"))
"""

from __future__ import annotations

import copy
import functools
import io
import re
from pathlib import Path
from typing import Callable

from bot.draft import messages as M
from bot.draft.annotate import AUTHOR, INITIALS, PLACEHOLDER, comments
from bot.draft.layout import Layout, apply as apply_layout
from bot.draft.types import Draft
from bot.errors import BadDocument

_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)")
MARKER = re.compile(r"\{\{\s*draft\s*\}\}")
MAX_TEMPLATE_BYTES = 20_000_000


class _Styles:
    """The paragraph styles a draft is written in: the template's own, or the pleading-paper defaults."""

    def __init__(self, doc, body: str | None, pleading: bool):
        self.doc, self.pleading = doc, pleading
        self.body = body if body and self.has(body) else ("Body Text" if not pleading and self.has("Body Text")
                                                          else "Normal")

    def has(self, name: str) -> bool:
        try:
            self.doc.styles[name]
            return True
        except KeyError:
            return False

    def heading(self, level: int) -> str | None:
        name = f"Heading {level}"
        return name if self.has(name) else None


def _segments(text: str) -> list[tuple[str, dict]]:
    """Inline Markdown as (text, format) pieces: bold, italic, and highlighted placeholders."""
    out: list[tuple[str, dict]] = []
    for part in _INLINE.split(text):
        if not part:
            continue
        fmt: dict = {}
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            part, fmt = part[2:-2], {"bold": True}
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            part, fmt = part[1:-1], {"italic": True}
        pos = 0
        for m in PLACEHOLDER.finditer(part):
            if m.start() > pos:
                out.append((part[pos:m.start()], fmt))
            out.append((m.group(0), {**fmt, "highlight": True}))
            pos = m.end()
        if pos < len(part):
            out.append((part[pos:], fmt))
    return out


def _runs(par, text: str, *, bold: bool = False) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    for piece, fmt in _segments(text):
        run = par.add_run(piece)
        if fmt.get("bold") or bold:
            run.bold = True
        if fmt.get("italic"):
            run.italic = True
        if fmt.get("highlight"):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


class _Writer:
    """Appends Markdown blocks to the end of a document's body, remembering the paragraphs it wrote."""

    def __init__(self, doc, styles: _Styles):
        self.doc, self.styles, self.paragraphs = doc, styles, []

    def par(self, style: str | None = None):
        p = self.doc.add_paragraph(style=style or self.styles.body)
        self.paragraphs.append(p)
        return p

    def heading(self, text: str, level: int) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        style = self.styles.heading(min(level, 4))
        p = self.par(style)
        if style is None:  # a template without heading styles: its body style, bold (centred for top headings)
            if level <= 2:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
        _runs(p, text, bold=style is None or self.styles.pleading)

    def table(self, rows: list[str]) -> None:
        cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows
                 if not re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", r)]
        if not cells:
            return
        width = max(len(r) for r in cells)
        table = self.doc.add_table(rows=len(cells), cols=width)
        if self.styles.has("Table Grid"):
            table.style = "Table Grid"
        for i, row in enumerate(cells):
            for j in range(width):
                cell = table.cell(i, j)
                cell.text = ""
                p = cell.paragraphs[0]
                p.paragraph_format.first_line_indent = 0
                _runs(p, row[j] if j < len(row) else "", bold=i == 0)
                self.paragraphs.append(p)

    def markdown(self, markdown: str) -> None:
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
                self.table(block)
                continue
            if (m := re.match(r"^(#{1,6})\s+(.*)$", line)):
                self.heading(m.group(2).strip("* "), len(m.group(1)))
            elif (m := re.match(r"^(\s*)(\d+)\.\s+(.*)$", line)):
                # numbered as in the draft (Word's "List Number" would run on across separate lists)
                p = self.par()
                indent = 0.5 + 0.5 * (len(m.group(1)) // 3)
                p.paragraph_format.left_indent = Inches(indent)
                p.paragraph_format.first_line_indent = Inches(-0.4)
                p.add_run(f"{m.group(2)}.\t")
                _runs(p, m.group(3))
            elif (m := re.match(r"^(\s*)[-*•]\s+(.*)$", line)):
                bullet = self.styles.has("List Bullet")
                p = self.par("List Bullet" if bullet else None)
                if len(m.group(1)) >= 2:
                    p.paragraph_format.left_indent = Inches(1.0)
                _runs(p, m.group(2) if bullet else "•\t" + m.group(2))
            elif line.startswith(">"):
                quote = self.styles.has("Quote") and self.styles.pleading
                p = self.par("Quote" if quote else None)
                if not quote:
                    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Inches(0.5)
                _runs(p, line.lstrip("> "))
            elif line.strip() == "---":
                self.par().add_run().add_break(_page_break())
            else:
                p = self.par()
                text = line.strip()
                if self.styles.pleading and len(text) > 100 and re.search(r"[.:;]$", text):
                    p.paragraph_format.first_line_indent = Inches(0.5)  # prose: indent the first line
                _runs(p, text)
            i += 1


def _page_break():
    from docx.enum.text import WD_BREAK

    return WD_BREAK.PAGE


def add_markdown(doc, markdown: str) -> list:
    """Append Markdown blocks to a python-docx `Document` in its own styles; returns the paragraphs written."""
    w = _Writer(doc, _Styles(doc, None, pleading=False))
    w.markdown(markdown)
    return w.paragraphs


# ---------------------------------------------------------------- comments


def _isolate(par, start: int, end: int) -> list:
    """The runs of `par` covering characters [start, end) of its text, splitting runs at the two ends."""
    from docx.text.run import Run

    def split_at(pos: int) -> None:
        off = 0
        for run in par.runs:
            n = len(run.text)
            if off < pos < off + n:
                left, right = run.text[: pos - off], run.text[pos - off:]
                new = copy.deepcopy(run._r)
                run._r.addnext(new)
                run.text = left
                Run(new, par).text = right
                return
            off += n

    split_at(start)
    split_at(end)
    out, off = [], 0
    for run in par.runs:
        n = len(run.text)
        if off >= start and off + n <= end and n:
            out.append(run)
        off += n
    return out


def _anchor(paragraphs: list, needle: str, used: list[tuple[int, int, int]], quoted: bool = False):
    """(paragraph index, start, end) of the first occurrence of `needle` that no comment holds yet (inside
    quotation marks when `quoted`), or None."""
    for i, p in enumerate(paragraphs):
        text = p.text
        pos = text.find(needle)
        while pos >= 0:
            end = pos + len(needle)
            free = not any(j == i and s < end and pos < e for j, s, e in used)
            if free and (not quoted or (pos > 0 and text[pos - 1] in "\"“")):
                return i, pos, end
            pos = text.find(needle, pos + 1)
    return None


def add_comments(doc, paragraphs: list, draft: Draft) -> int:
    """Attach the draft's comments (`bot.draft.annotate.comments`) to the runs they concern; returns how many."""
    used: list[tuple[int, int, int]] = []
    n = 0
    for remark in comments(draft):
        hit = None
        for needle in remark.anchors:
            hit = _anchor(paragraphs, needle, used, remark.quoted)
            if hit:
                break
        if hit:
            i, start, end = hit
            used.append(hit)
            runs = _isolate(paragraphs[i], start, end)
        else:  # nothing to point at: the start of the draft
            first = next((p for p in paragraphs if p.runs), None)
            runs = first.runs[:1] if first is not None else []
        if not runs:
            continue
        doc.add_comment(runs, text=remark.text, author=AUTHOR, initials=INITIALS)
        n += 1
    return n


# ---------------------------------------------------------------- the document


def _open_template(path: str | Path):
    from docx import Document

    p = Path(path).expanduser()
    try:
        if p.stat().st_size > MAX_TEMPLATE_BYTES:
            raise BadDocument(M.DOCX_TEMPLATE_TOO_LARGE.format(path=p, mb=MAX_TEMPLATE_BYTES // 1_000_000))
        return Document(str(p))
    except FileNotFoundError:
        raise BadDocument(M.DOCX_TEMPLATE_MISSING.format(path=p)) from None
    except BadDocument:
        raise
    except Exception as exc:  # python-docx raises several kinds for a damaged or non-.docx file
        raise BadDocument(M.DOCX_TEMPLATE_UNREADABLE.format(path=p, error=exc.__class__.__name__)) from None


def _marker(doc):
    return next((p for p in doc.paragraphs if MARKER.search(p.text)), None)


def _place(doc, marker, start_len: int) -> None:
    """Move what was appended after body element `start_len` to where the ``{{ draft }}`` marker is."""
    body = doc.element.body
    new = [el for el in list(body)[start_len:] if not el.tag.endswith("}sectPr")]
    if MARKER.sub("", marker.text).strip():  # the marker shares its paragraph with other words: keep them
        for run in marker.runs:
            run.text = MARKER.sub("", run.text)
        anchor = marker._p
        for el in new:
            anchor.addnext(el)
            anchor = el
        return
    for el in new:
        marker._p.addprevious(el)
    body.remove(marker._p)


def to_document(draft: Draft, *, settings=None, template: str | Path | None = None, layout: Layout | None = None):
    """The python-docx `Document` for a draft: in the firm's `template` if given (or set in the settings),
    else on pleading paper laid out by `layout` (default: from the settings)."""
    from docx import Document

    template = template or (getattr(settings, "docx_template", "") if settings is not None else "")
    if template:
        doc = _open_template(template)
        marker = _marker(doc)
        styles = _Styles(doc, marker.style.name if marker is not None and marker.style is not None else None,
                         pleading=False)
    else:
        doc, marker = Document(), None
        apply_layout(doc, layout or Layout.from_settings(settings), draft.title or draft.kind)
        styles = _Styles(doc, "Normal", pleading=True)
    doc.core_properties.title = draft.title or draft.kind
    doc.core_properties.comments = "Drafted by rulebot; every citation verified against the indexed corpus."
    body = doc.element.body
    start = len(body) - (1 if len(body) and body[-1].tag.endswith("}sectPr") else 0)  # new blocks go before sectPr
    writer = _Writer(doc, styles)
    writer.markdown(draft.text)
    if marker is not None:
        _place(doc, marker, start)
    add_comments(doc, writer.paragraphs, draft)
    return doc


def to_bytes(draft: Draft, *, settings=None, template: str | Path | None = None) -> bytes:
    """The .docx file for a draft, as bytes (for chat uploads)."""
    buf = io.BytesIO()
    to_document(draft, settings=settings, template=template).save(buf)
    return buf.getvalue()


def exporter(settings) -> Callable[[Draft], bytes]:
    """`to_bytes` with the settings' template and layout: what Slack and Teams upload, like the CLI's file."""
    return functools.partial(to_bytes, settings=settings)


def write(draft: Draft, path: str | Path, *, settings=None, template: str | Path | None = None) -> Path:
    """Write the .docx file for a draft to `path`."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(to_bytes(draft, settings=settings, template=template))
    return p
