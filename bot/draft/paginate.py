"""Pagination step: the page Word will set each paragraph of a document on, estimated from the document itself.

A .docx holds no pages: Word and LibreOffice lay them out when they open it.  A page-number field
(PAGEREF) stores the result it last showed, and Word shows that result until the field is updated (F9,
or printing with "update fields before printing" on); LibreOffice computes it again as it lays out the
pages.  The result a draft stores (`bot.draft.docx_contents`) is this estimate, so Word shows the right
page before anyone updates a field.

The estimate lays the body out as Word does on pleading paper, where every line has the same pitch:
paragraphs wrapped word by word at the widths of Times New Roman (Times-Roman's metrics; bold a little
wider), indents, exact or multiple line spacing, space before and after, page breaks before, section
breaks (a new page, and page numbers that start again, as the footer counts them), tables row by row (a row
that may not split goes whole to the next page), "keep with next" chains that move to the next page
together, and widow control (unless the document turns it off).  It does not know kerning, hyphenation,
floating objects or a header taller than the top margin.

>>> from docx import Document
>>> doc = Document()
>>> pars = [doc.add_paragraph("First page."), doc.add_paragraph("Second page.")]
>>> pars[1].paragraph_format.page_break_before = True
>>> [first_pages(doc)[p._p] for p in pars]
[1, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.draft import docx_runs

# Times-Roman advance widths (Adobe's core font metrics), thousandths of an em; other characters: 500
_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
     500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921,
     722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722,
     722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333,
     444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500,
     500, 722, 500, 500, 444, 480, 200, 480, 541)))
_WIDTHS.update({"\u00a0": 250, "\u2060": 0, "\u2011": 333, "\u2019": 333, "\u2018": 333, "\u201c": 444,
                "\u201d": 444, "\u2013": 500, "\u2014": 1000, "§": 500, "¶": 453, "•": 350})
_BOLD = 1.06  # Times-Bold is about this much wider
_LINE = 1.15  # a single-spaced line of Times, in ems
_TAB = 36.0  # Word's default tab stops, points apart
_CELL_MARGINS = 10.8  # Word's default cell margins, left and right together (0.075 inch each), points


def _width(text: str, size: float, bold: bool) -> float:
    return sum(_WIDTHS.get(ch, 500) for ch in text) * size / 1000 * (_BOLD if bold else 1.0)


def _lines(pieces: list[tuple[str, bool]], size: float, first: float, rest: float) -> int:
    """How many lines `pieces` ((text, bold) runs) take wrapped word by word: `first` points wide, then `rest`."""
    lines, x, width = 1, 0.0, first
    for text, bold in pieces:
        for k, segment in enumerate(text.split("\n")):
            if k:
                lines, x, width = lines + 1, 0.0, rest
            for word in _words(segment):
                if word == "\t":
                    x = (x // _TAB + 1) * _TAB
                    continue
                w = _width(word, size, bold)
                ink = _width(word.rstrip(" "), size, bold)
                if x and x + ink > width:  # the word goes down to the next line
                    lines, x, width = lines + 1, 0.0, rest
                while ink > width > 0:  # a word wider than the line breaks where it must
                    lines, ink, w = lines + 1, ink - width, w - width
                x += w
    return lines


def _words(text: str) -> list[str]:
    """Pieces a line may break after: words with their trailing space, a hyphen's left side, tabs alone."""
    out, cur = [], ""
    for ch in text:
        if ch == "\t":
            out += [cur, "\t"] if cur else ["\t"]
            cur = ""
            continue
        if cur and cur[-1] in " -" and ch != " ":
            out.append(cur)
            cur = ""
        cur += ch
    return out + ([cur] if cur else [])


@dataclass
class _Block:
    """A paragraph (or a table row) as the layout sees it."""
    key: object  # the paragraph's element, or None for a table row
    lines: int
    pitch: float  # points a line
    before: float = 0.0
    after: float = 0.0
    keep_next: bool = False
    break_before: bool = False
    widow: bool = False
    whole: bool = False  # may not split across pages (a table row that cannot split)
    section: object = None  # the sectPr whose section starts with this block (None: the same section)
    contains: tuple = ()  # the paragraphs of a table row

    @property
    def height(self) -> float:
        return self.before + self.lines * self.pitch + self.after


class _Styles:
    """Effective paragraph and font properties: direct formatting, then the style and its bases, then the
    document's defaults."""

    def __init__(self, doc):
        from docx.oxml.ns import qn

        self.doc = doc
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        self.size = 11.0
        self.spacing = None
        if defaults is not None:
            sz = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
            if sz is not None:
                self.size = int(sz.get(qn("w:val"))) / 2
            self.spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")

    @staticmethod
    def _chain(style):
        while style is not None:
            yield style
            style = style.base_style

    def para(self, p, name: str, table=None):
        """Paragraph property `name` of `p`: its own, its style's, else (in a table) the table style's."""
        value = getattr(p.paragraph_format, name)
        if value is None:
            value = next((v for st in [*self._chain(p.style), *self._chain(table)]
                          if (v := getattr(st.paragraph_format, name, None)) is not None), None)
        return value

    def font(self, p, name: str, table=None):
        return next((v for st in [*self._chain(p.style), *self._chain(table)]
                     if (v := getattr(st.font, name, None)) is not None), None)

    def _default_spacing(self, attr: str):
        from docx.oxml.ns import qn

        return None if self.spacing is None else self.spacing.get(qn(f"w:{attr}"))

    def block(self, p, width: float, table=None) -> _Block:
        """`p` laid out `width` points wide (in a table of style `table`, if given)."""
        from docx.enum.text import WD_LINE_SPACING

        def para(name):
            return self.para(p, name, table)

        size = self.font(p, "size", table)
        size = size.pt if size is not None else self.size
        bold = bool(self.font(p, "bold", table))
        pieces = [(docx_runs.chars(r), bool(r.bold) if r.bold is not None else bold) for r in p.runs]
        pieces = [(t, b) for t, b in pieces if t]
        left, right, first = (para(n) for n in ("left_indent", "right_indent", "first_line_indent"))
        left, right, first = ((v.pt if v is not None else 0.0) for v in (left, right, first))
        text = width - left - right
        lines = _lines(pieces, size, text - first, text) if pieces else 1
        natural = size * _LINE
        rule, spacing = para("line_spacing_rule"), para("line_spacing")
        if spacing is None and self._default_spacing("line") is not None:
            line, lrule = int(self._default_spacing("line")), self._default_spacing("lineRule") or "auto"
            pitch = natural * line / 240 if lrule == "auto" else max(line / 20, natural if lrule == "atLeast" else 0)
        elif rule == WD_LINE_SPACING.EXACTLY:
            pitch = spacing.pt
        elif rule == WD_LINE_SPACING.AT_LEAST:
            pitch = max(spacing.pt, natural)
        elif isinstance(spacing, float):
            pitch = natural * spacing
        else:
            pitch = natural
        before, after = (para(n) for n in ("space_before", "space_after"))
        if before is None and self._default_spacing("before") is not None:
            before = int(self._default_spacing("before")) * 12700 // 20
        if after is None and self._default_spacing("after") is not None:
            after = int(self._default_spacing("after")) * 12700 // 20
        return _Block(p._p, lines, pitch, before=_pt(before), after=_pt(after),
                      keep_next=bool(para("keep_with_next")),
                      break_before=bool(para("page_break_before")),
                      widow=para("widow_control") is not False)  # unsaid: on, in Word and LibreOffice


def _pt(length) -> float:
    return 0.0 if length is None else length / 12700


def _blocks(doc, styles: _Styles) -> tuple[list[_Block], list]:
    """The body's paragraphs and table rows in order, and the sections' sectPr elements in order."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = doc.element.body
    sects = [s for s in body.iter(qn("w:sectPr"))]
    out: list[_Block] = []
    k = 0
    start_next = None
    for el in body.iterchildren():
        width = _text_box(sects[min(k, len(sects) - 1)])[0] if sects else 468.0
        if el.tag == qn("w:p"):
            b = styles.block(Paragraph(el, doc._body), width)
            b.section, start_next = start_next, None
            out.append(b)
            if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:  # this paragraph ends a section
                k += 1
                start_next = sects[k] if k < len(sects) else None
        elif el.tag == qn("w:tbl"):
            table = Table(el, doc._body)
            for row in table.rows:
                height, inner, unit = 0.0, [], None
                for cell in _unique(row.cells):
                    cw = (cell.width / 12700 if cell.width else width / max(1, len(row.cells))) - _CELL_MARGINS
                    pars = [styles.block(p, cw, table.style) for p in cell.paragraphs]
                    height = max(height, sum(b.height for b in pars))
                    inner += [b.key for b in pars]
                    unit = unit or pars[0].pitch  # the first cell's line pitch
                trpr = row._tr.trPr
                whole = trpr is not None and trpr.find(qn("w:cantSplit")) is not None
                lines = round(height / unit)
                if abs(lines * unit - height) > 0.5:  # lines of other heights or spacing: the row is one piece
                    lines, unit = 1, height
                b = _Block(None, max(1, lines), unit, whole=whole, contains=tuple(inner))
                b.section, start_next = start_next, None
                out.append(b)
    return out, sects


def _unique(cells):
    seen, out = set(), []
    for c in cells:  # a merged cell is listed once per grid column it spans
        if id(c._tc) not in seen:
            seen.add(id(c._tc))
            out.append(c)
    return out


def _text_box(sect) -> tuple[float, float]:
    """Width and height, in points, of the text on a page of the section `sect` (letter paper, 1-inch margins,
    where it does not say)."""
    from docx.oxml.ns import qn

    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))

    def twips(el, attr: str, default: int) -> int:
        return abs(int(el.get(qn(f"w:{attr}")))) if el is not None and el.get(qn(f"w:{attr}")) else default

    width = twips(size, "w", 12240) - twips(margins, "left", 1440) - twips(margins, "right", 1440)
    height = twips(size, "h", 15840) - twips(margins, "top", 1440) - twips(margins, "bottom", 1440)
    return width / 20, height / 20


def _start(sect) -> int | None:
    from docx.oxml.ns import qn

    num = sect.find(qn("w:pgNumType")) if sect is not None else None
    return int(num.get(qn("w:start"))) if num is not None and num.get(qn("w:start")) else None


def _continuous(sect) -> bool:
    from docx.oxml.ns import qn

    kind = sect.find(qn("w:type"))
    return kind is not None and kind.get(qn("w:val")) == "continuous"


def _opening(b: _Block) -> int:
    """Lines of `b` that must stand together at the foot of a page: all of a row that cannot split, or of a
    paragraph of fewer than four lines under widow control; else its first two lines (widow control), or one."""
    return b.lines if (b.whole or (b.widow and b.lines < 4)) else min(b.lines, 2 if b.widow else 1)


def _chain_height(blocks: list[_Block], i: int) -> float:
    """Points that must share a page with block i: it and the blocks it keeps with, up to the first lines of
    the block the chain ends with."""
    need = 0.0
    j = i
    while j < len(blocks) and blocks[j].keep_next and j + 1 < len(blocks) and blocks[j + 1].section is None:
        need += blocks[j].height
        j += 1
    return need + blocks[j].before + _opening(blocks[j]) * blocks[j].pitch


def first_pages(doc) -> dict:
    """Estimated page number (as the footer's page field counts it) on which each body paragraph starts,
    keyed by its ``w:p`` element (a table's paragraphs get their row's page)."""
    styles = _Styles(doc)
    blocks, sects = _blocks(doc, styles)
    sect = sects[0] if sects else None
    height = _text_box(sect)[1] if sect is not None else 648.0
    page, y = _start(sect) or 1, 0.0
    pages: dict = {}
    eps = 0.01

    def new_page():
        nonlocal page, y
        page, y = page + 1, 0.0

    for i, b in enumerate(blocks):
        if b.section is not None:
            height = _text_box(b.section)[1]
            if not _continuous(b.section):
                restart = _start(b.section)
                page, y = (restart - 1 if restart else page), 0.0
                new_page()
        if b.break_before and y > 0:
            new_page()
        if b.keep_next and y > 0:
            need = _chain_height(blocks, i)
            if y + need > height + eps and need <= height:
                new_page()
        if y > 0 and y + b.before + _opening(b) * b.pitch > height + eps:
            new_page()  # not even its first lines fit
        for key in (b.key,) + b.contains:
            if key is not None:
                pages[key] = page
        y += b.before
        left = b.lines
        while left:
            fit = int((height - y + eps) // b.pitch) if b.pitch else left
            if fit >= left or (y == 0 and fit < 1):
                y += left * b.pitch
                break
            if b.widow and y > 0 and left - fit < 2:
                fit = left - 2  # two lines at least go on to the next page
            if fit > 0:
                left -= fit
            new_page()
        y += b.after
    return pages
