"""Export step: a `Draft` as a Word document a lawyer can file or send (python-docx).

The body holds the filing text only: Markdown headings, numbered and bulleted items,
block quotes, tables, bold and italics carried over, and no Markdown character left
(`bot.draft.typeset`: cites that never break across lines, typographic quotes); each
``[PLACEHOLDER]`` highlighted; a table of contents' entries end in their headings' page numbers
(`bot.draft.docx_contents`).  Everything else is a Word comment (`bot.draft.annotate`):
one per authority with its verification, each missing fact, each note and each
unverified citation.

With a firm template (``template=`` or the settings' ``docx_template``, from
``RULEBOT_DOCX_TEMPLATE``) the draft goes into that document, keeping its styles,
header, footer, caption and line numbering, at the paragraph holding ``{{ draft }}`` or
else at the end of its body, in the template's heading and body styles; whatever in it would reach
outside the document when a draft is opened is removed first (`bot.draft.template`).  A standalone
filing keeps the template's styles, page, header, footer and line numbering but not its body (the
caption and closing lines of the template's own document): each of its documents opens with its own
caption and gives its own title in every footer of the template (first page and even pages too) in place
of the template's own document's, and a later one (a proposed order) is a section of its own, its pages
numbered from 1.  Without one,
the kind's form decides (`bot.draft.kinds.DraftKind.form`): a standalone filing is
C.D. Cal. pleading paper with the court's caption opening each of its documents
(`bot.draft.docx_heads`), a section is pleading paper alone, and a letter has the
firm's letterhead and no pleading lines (`bot.draft.layout`).

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

from bot.draft import docx_runs
from bot.draft.annotate import AUTHOR, INITIALS, PLACEHOLDER, comments
from bot.draft.docx_contents import link_contents
from bot.draft.docx_heads import write_caption, write_letterhead
from bot.draft.kinds import KINDS
from bot.draft.layout import Layout, apply as apply_layout, apply_letter, footer_title, new_document, title_footers
from bot.draft.structure import CLOSING, continues, is_prose, signature_lines
from bot.draft.template import open_template
from bot.draft.typeset import fold, plain, typeset
from bot.draft.types import Caption, Draft

CAPTION_LINE = "\x00caption "  # stands for a caption's head while a draft's Markdown is written
MARKER = re.compile(r"\{\{\s*draft\s*\}\}")


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


def _runs(par, text: str, *, bold: bool = False) -> None:
    """Write a line of draft Markdown into `par` as Word runs: typeset, no Markdown left, placeholders highlighted."""
    from docx.enum.text import WD_COLOR_INDEX

    for span in typeset(text):
        pos = 0
        pieces = []
        for m in PLACEHOLDER.finditer(span.text):
            pieces += [(span.text[pos:m.start()], False), (m.group(0), True)]
            pos = m.end()
        pieces.append((span.text[pos:], False))
        for piece, highlight in pieces:
            if not piece:
                continue
            run = par.add_run()
            docx_runs.write(run, piece)  # a hyphen bound in a cite: Word's non-breaking hyphen
            if span.bold or bold:
                run.bold = True
            if span.italic:
                run.italic = True
            if highlight:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW


class _Writer:
    """Appends Markdown blocks to the end of a document's body, remembering the paragraphs it wrote.

    `letter`: lines of one Markdown paragraph stay one Word paragraph (an address block), headings sit at
    the left margin, and a complimentary close leaves room to sign.  Otherwise (a filing) a signature block,
    from its "Dated:" (or "Respectfully submitted,", or a declarant's "/s/") to its last short line, sits in
    the right half of the page, `signature_indent` from the left margin, and is kept on one page together with
    the last lines of what precedes it (a signature never stands alone on a page).
    """

    def __init__(self, doc, styles: _Styles, *, letter: bool = False,
                 new_document: Callable[[str], None] | None = None, signature_indent=None):
        self.doc, self.styles, self.paragraphs, self.letter = doc, styles, [], letter
        self.headings: list = []  # (paragraph, level) of each heading written, in order
        self.new_document = new_document  # starts a later standalone document (its own section and footer)
        self.signature_indent = signature_indent
        self._new_page = False
        self._documents = 0
        self._signature: list = []  # the paragraphs of the signature block being written

    def par(self, style: str | None = None):
        p = self.doc.add_paragraph(style=style or self.styles.body)
        if self._new_page:  # "---": the next paragraph starts a page (no empty line left at its top)
            p.paragraph_format.page_break_before = True
            self._new_page = False
        self.paragraphs.append(p)
        return p

    def caption(self, caption: Caption) -> None:
        if self._documents and self.new_document is not None:
            self.new_document(caption.title)
            self._new_page = False
        self._documents += 1
        write_caption(self, caption, _runs)

    def heading(self, text: str, level: int) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        style = self.styles.heading(min(level, 4))
        p = self.par(style)
        if style is None:  # a template without heading styles: its body style, bold (centred for top headings)
            if level <= 2:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
        _runs(p, text, bold=style is None or self.styles.pleading)
        self.headings.append((p, level))

    def table(self, rows: list[str]) -> None:
        cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows
                 if not re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", r)]
        if not cells:
            return
        if self._new_page:
            self.par()
        width = max(len(r) for r in cells)
        table = self.doc.add_table(rows=len(cells), cols=width)
        if self.styles.has("Table Grid"):
            table.style = "Table Grid"
        if self.styles.pleading:  # columns as wide as their words need, on the page's text width
            from docx.shared import Inches

            need = [max(len(plain(r[j])) if j < len(r) else 0 for r in cells) ** 0.75 for j in range(width)]
            inches = [max(0.7, 6.5 * n / sum(need)) for n in need]
            table.autofit = False
            for j, n in enumerate(inches):
                w = Inches(6.5 * n / sum(inches))
                table.columns[j].width = w
                for cell in table.columns[j].cells:
                    cell.width = w
            from docx.oxml.ns import qn

            for k, row in enumerate(table.rows):  # a row never splits across pages; the header row repeats
                trpr = row._tr.get_or_add_trPr()
                trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
                if k == 0:
                    trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
        for i, row in enumerate(cells):
            for j in range(width):
                cell = table.cell(i, j)
                cell.text = ""
                p = cell.paragraphs[0]
                p.paragraph_format.first_line_indent = 0
                _runs(p, row[j] if j < len(row) else "", bold=i == 0)
                self.paragraphs.append(p)

    def markdown(self, markdown: str, captions: tuple[Caption, ...] = ()) -> None:
        """Write `markdown`; each caption's head (its Markdown in the draft) is written as the caption."""
        from docx.shared import Inches

        placed = 0
        for n, c in enumerate(captions):
            if c.head and c.head in markdown:
                markdown = markdown.replace(c.head, f"{CAPTION_LINE}{n}", 1)
                placed += 1
        if captions and not placed:  # the head was reworded (an LLM polish): the first caption opens the draft
            self.caption(captions[0])
        lines = markdown.splitlines()
        signs = set() if self.letter or self.signature_indent is None else signature_lines(
            ["---" if ln.startswith(CAPTION_LINE) else ln for ln in lines])
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                if not self.letter and i + 1 < len(lines) and lines[i + 1].startswith("Dated:") and self.paragraphs:
                    blank = self.par()  # a signature block stands a line apart from what precedes it
                    if self._signature:  # ... and from the block before it (each party's), on the same page
                        self._signature.append(blank)
                i += 1
                continue
            if i not in signs:
                self._end_signature()
            elif not self._signature:
                self._keep_with_previous()
            if line.startswith(CAPTION_LINE):
                self.caption(captions[int(line[len(CAPTION_LINE):])])
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
                self._new_page = True
            elif self.letter:
                block = [line.strip()]
                while i + 1 < len(lines) and _plain_line(lines[i + 1]):
                    i += 1
                    block.append(lines[i].strip())
                self.letter_paragraph(block)
            else:
                p = self.par()
                text = line.strip()
                if i in signs:  # (a template's body style may indent a first line: a signature's lines align)
                    p.paragraph_format.left_indent, p.paragraph_format.first_line_indent = self.signature_indent, 0
                    self._signature.append(p)
                elif self.styles.pleading and is_prose(text):
                    p.paragraph_format.first_line_indent = Inches(0.5)  # prose: indent the first line
                _runs(p, text)
            i += 1
        self._end_signature()

    def _keep_with_previous(self) -> None:
        """A signature block opens: what precedes it on the page (the blank line apart, the last lines of the
        paragraph before) moves with it to the next page rather than leave it alone there."""
        for p in reversed(self.paragraphs):
            p.paragraph_format.keep_with_next = True
            if p.text.strip():
                break

    def _end_signature(self) -> None:
        """The block written: its lines stay together on one page."""
        for p in self._signature[:-1]:
            p.paragraph_format.keep_with_next = True
        self._signature = []

    def letter_paragraph(self, lines: list[str]) -> None:
        """One paragraph of a letter: its lines kept as lines; the Re: line hangs; a close leaves room to sign."""
        from docx.enum.text import WD_BREAK
        from docx.shared import Inches, Pt

        p = self.par()
        for k, text in enumerate(lines):
            if k:
                p.add_run().add_break(WD_BREAK.LINE)
            if k == 0 and re.match(r"^\W*Re:\s", text):
                p.paragraph_format.left_indent, p.paragraph_format.first_line_indent = Inches(0.75), Inches(-0.75)
                text = re.sub(r"Re:\s+", "Re:\t", text, count=1)
            _runs(p, text)
        if len(lines) == 1 and CLOSING.match(plain(lines[0])):
            p.paragraph_format.space_after = Pt(48)
            for prev in self.paragraphs[-2:]:  # the close, with the body's last lines, goes with the signature
                prev.paragraph_format.keep_with_next = True


def _plain_line(line: str) -> bool:
    """A line that continues a paragraph: not blank, not a heading, item, quote, table, page break or caption."""
    return continues(line) and not line.startswith(CAPTION_LINE)


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
            text = docx_runs.chars(run)  # as long as run.text, its non-breaking hyphens kept
            n = len(text)
            if off < pos < off + n:
                new = copy.deepcopy(run._r)
                run._r.addnext(new)
                docx_runs.write(run, text[: pos - off])
                docx_runs.write(Run(new, par), text[pos - off:])
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


def _anchor(paragraphs: list, needle: str, used: list[tuple[int, int, int]], whole: bool = False):
    """(paragraph index, start, end) of the first occurrence of `needle` that no comment holds yet, or None.
    The paragraphs are typeset (typographic quotes, no-break spaces in cites): both sides are compared folded."""
    want = fold(needle)[0]
    if not want:
        return None
    for i, p in enumerate(paragraphs):
        text, where = fold(p.text)
        pos = text.find(want)
        while pos >= 0:
            start, end = where[pos], where[pos + len(want) - 1] + 1
            apart = not whole or ((pos == 0 or not re.match(r"[\d(-]", text[pos - 1])) and
                                  not re.match(r"[\d(-]", text[pos + len(want):pos + len(want) + 1]))
            if apart and not any(j == i and s < end and start < e for j, s, e in used):
                return i, start, end
            pos = text.find(want, pos + 1)
    return None


_RULE_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:\([0-9A-Za-z]{1,4}\))+|\d+-\d+(?:\.\d+)*")


def _rule_numbers(anchors) -> list[str]:
    """The rule numbers in a comment's anchors ("26(b)(1)" of "Fed. R. Civ. P. 26(b)(1)"): where the draft cites the
    rule in other words ("Rule 26(b)(1)"), the comment goes on its number, not on the first line of the caption.

    >>> _rule_numbers(["Fed. R. Civ. P. 26(b)(1)", "C.D. Cal. L.R. 79-5.2.2"])
    ['26(b)(1)', '79-5.2.2']
    """
    return [m.group(0) for a in anchors for m in _RULE_NUMBER.finditer(a)]


def add_comments(doc, paragraphs: list, draft: Draft) -> int:
    """Attach the draft's comments (`bot.draft.annotate.comments`) to the runs they concern; returns how many."""
    used: list[tuple[int, int, int]] = []
    n = 0
    for remark in comments(draft):
        hit = None
        for needle in remark.anchors:
            hit = _anchor(paragraphs, needle, used)
            if hit:
                break
        for needle in ([] if hit else _rule_numbers(remark.anchors)):  # a whole number: "37-1" is not in "437-1200"
            hit = _anchor(paragraphs, needle, used, whole=True)
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


def _own_title(doc) -> str:
    """The title of a firm template's own document, as its caption gives it and its footer prints it
    ("STIPULATED PROTECTIVE ORDER"): the longest line in capitals of the right-hand cell of a table in its body
    that a footer also prints; "" if none."""
    footers = " ".join(p.text for sec in doc.sections for name in ("footer", "first_page_footer", "even_page_footer")
                       if getattr(sec, name)._has_definition for p in getattr(sec, name).paragraphs).lower()
    lines = [line.strip() for table in doc.tables for row in table.rows for cell in row.cells[1:]
             for line in cell.text.splitlines()]
    titles = [t for t in lines if len(t.split()) >= 2 and t.upper() == t and any(c.isalpha() for c in t)
              and not t.lower().startswith("case no") and t.lower() in footers]
    return max(titles, key=len, default="")


def _clear_body(doc) -> None:
    """Empty the template's body, keeping its page setup (the last sectPr: margins, line numbering, header, footer)."""
    body = doc.element.body
    for el in list(body):
        if not el.tag.endswith("}sectPr"):
            body.remove(el)


def to_document(draft: Draft, *, settings=None, template: str | Path | None = None, layout: Layout | None = None):
    """The python-docx `Document` for a draft: in the firm's `template` if given (or set in the settings),
    else on pleading paper laid out by `layout` (default: from the settings)."""
    from docx import Document

    template = template or (getattr(settings, "docx_template", "") if settings is not None else "")
    was = ""  # the title the first document's footer prints (a firm's template): a later document's takes its place
    kind = KINDS.get(draft.kind)
    letter = kind is not None and kind.form == "letter"
    if template:
        doc = open_template(template)
        marker = _marker(doc)
        styles = _Styles(doc, marker.style.name if marker is not None and marker.style is not None else None,
                         pleading=False)
        if draft.captions:  # a standalone filing: each of its documents opens with its own caption, and the
            was = _own_title(doc)  # template's caption and closing lines, written for a document of its own, give
            _clear_body(doc)  # way; its footer gives the filing's first document's title in place of its own
            title_footers(doc.sections[0], draft.captions[0].title, was)
            marker, was = None, footer_title(draft.captions[0].title)
    else:
        doc, marker = Document(), None
        layout = layout or Layout.from_settings(settings)
        if letter:
            apply_letter(doc, layout)
        else:
            first = draft.captions[0].title if draft.captions else draft.title or draft.kind
            apply_layout(doc, layout, first)
        styles = _Styles(doc, "Normal", pleading=True)
    doc.core_properties.title = draft.title or draft.kind
    doc.core_properties.comments = "Drafted by rulebot; every citation verified against the indexed corpus."
    body = doc.element.body
    start = len(body) - (1 if len(body) and body[-1].tag.endswith("}sectPr") else 0)  # new blocks go before sectPr
    section = doc.sections[-1]
    writer = _Writer(doc, styles, letter=letter and not template,
                     new_document=functools.partial(new_document, doc, None if template else layout, was=was),
                     signature_indent=None if letter else  # about the page's centre, as C.D. Cal. filings sign
                     (section.page_width - section.left_margin - section.right_margin) // 2)
    if writer.letter and draft.letterhead is not None:
        write_letterhead(writer, draft.letterhead, _runs)
    writer.markdown(draft.text, draft.captions)
    if marker is not None:
        _place(doc, marker, start)
    link_contents(doc, writer.headings)
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
