"""Page layout of a Word export without a firm template: C.D. Cal. pleading paper, or a letter.

Pleading paper (`apply`): letter-size pages with 1-inch margins, a 14-point proportionally spaced
font, the body double-spaced on a fixed pitch so each page holds `lines_per_page` (28) lines, the
numbers 1 to 28 down the left margin of every page (a frame in the header, as pleading paper prints
them, so a caption's table and a blank line are numbered too), a double rule left of the text and a
single rule right of it, centred bold headings, and the page number and the document's title in a
footer small enough to leave all 28 lines to the text (C.D. Cal. L.R. 11-3).  An admin changes these in
the settings (``RULEBOT_DOCX_FONT``, ``RULEBOT_DOCX_FONT_SIZE``, ``RULEBOT_DOCX_LINES_PER_PAGE``,
``RULEBOT_DOCX_LINE_NUMBERS``, ``RULEBOT_DOCX_MARGIN_INCHES``).

A letter (`apply_letter`): the same page and font at two points smaller, single-spaced paragraphs with
a blank line between them, headings bold at the left margin, no line numbers, no rules, and the page
number at the foot of every page but the first.

>>> Layout().line_pitch_twips, Layout(lines_per_page=26).line_pitch_twips
(462, 498)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.draft.typeset import smart_quotes

PAGE_WIDTH_IN = 8.5
PAGE_HEIGHT_IN = 11.0


@dataclass(frozen=True)
class Layout:
    font: str = "Times New Roman"
    size: float = 14.0  # points
    lines_per_page: int = 28
    line_numbers: bool = True
    margin: float = 1.0  # inches, all four sides

    @classmethod
    def from_settings(cls, settings) -> "Layout":
        if settings is None:
            return cls()
        return cls(font=settings.docx_font, size=settings.docx_font_size, lines_per_page=settings.docx_lines_per_page,
                   line_numbers=settings.docx_line_numbers, margin=settings.docx_margin_inches)

    @property
    def line_pitch_twips(self) -> int:
        """Exact line spacing (twentieths of a point) that fits `lines_per_page` lines between the margins."""
        text_height = (PAGE_HEIGHT_IN - 2 * self.margin) * 72 * 20
        return int(text_height // max(1, self.lines_per_page))


def _set_font(style_or_font, name: str) -> None:
    """Set a font everywhere Word looks (ascii, hAnsi, east Asian, complex script), dropping theme fonts."""
    from docx.oxml.ns import qn

    el = style_or_font._r if hasattr(style_or_font, "_r") else style_or_font.element
    rpr = el.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _sect_child(sect_pr, tag: str, attrs: dict[str, str], before: tuple[str, ...]):
    """Add (or replace) a child of sectPr, in the position the schema requires."""
    from docx.oxml.ns import qn

    old = sect_pr.find(qn(tag))
    if old is not None:
        sect_pr.remove(old)
    el = sect_pr.makeelement(qn(tag), {qn(f"w:{k}"): v for k, v in attrs.items()})
    nxt = next((c for c in sect_pr if c.tag in {qn(b) for b in before}), None)
    if nxt is None:
        sect_pr.append(el)
    else:
        nxt.addprevious(el)
    return el


_AFTER_BORDERS = ("w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                  "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")


def apply(doc, layout: Layout, title: str = "") -> None:
    """Lay out a fresh python-docx `Document` as pleading paper (see the module doc)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt, RGBColor

    pitch = Pt(layout.line_pitch_twips / 20)
    for section in doc.sections:
        section.page_width, section.page_height = Inches(PAGE_WIDTH_IN), Inches(PAGE_HEIGHT_IN)
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, Inches(layout.margin))
        section.footer_distance = Inches(layout.margin * 0.3)  # room for a title of two lines below line 28
        sect = section._sectPr
        borders = _sect_child(sect, "w:pgBorders", {"offsetFrom": "text"}, _AFTER_BORDERS)
        for side, val in (("left", "double"), ("right", "single")):
            borders.append(borders.makeelement(qn(f"w:{side}"), {qn("w:val"): val, qn("w:sz"): "4",
                                                                 qn("w:space"): "4", qn("w:color"): "auto"}))
        if layout.line_numbers:
            _line_numbers(section, layout)
        _footer(section.footer, title, layout)

    styles = doc.styles
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Quote", "List Bullet", "Title"):
        try:
            st = styles[name]
        except KeyError:
            continue
        _set_font(st, layout.font)
        st.font.size = Pt(layout.size)
        st.font.color.rgb = RGBColor(0, 0, 0)
        pf = st.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = pitch
        pf.space_before = pf.space_after = Pt(0)
        if name.startswith(("Heading", "Title")):
            st.font.bold = True
            st.font.italic = False
            pf.keep_with_next = True
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if name in ("Heading 1", "Heading 2", "Title") else None
        if name == "Quote":
            st.font.italic = False
            pf.left_indent = pf.right_indent = Inches(0.5)
    try:
        _set_font(styles["Line Number"], layout.font)
    except KeyError:
        pass


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
              "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def ppr_add(ppr, el) -> None:
    """Add a child to a paragraph's properties in the position the schema requires."""
    rank = {name: i for i, name in enumerate(_PPR_ORDER)}
    mine = rank[el.tag.split("}")[1]]
    nxt = next((c for c in ppr if rank.get(c.tag.split("}")[1], 99) > mine), None)
    if nxt is None:
        ppr.append(el)
    else:
        nxt.addprevious(el)


def new_document(doc, layout: Layout | None, title: str, *, was: str = "") -> None:
    """Start the next standalone document of a filing (a proposed order after its application): a new section
    on a new page, its pages numbered from 1 and its own title in every footer it shows (its first page's and
    even pages' too, where the section has them); the margin numbers carry on.  Without a `layout` (a firm's
    template) each footer is the first document's (`title_footers`), its title `was` giving way to `title`, or,
    where that footer cannot be copied (it holds a picture or another part), the page number and the title in
    the template's styles."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    first = doc.sections[0]
    for name, footer in _footers(section):
        footer.is_linked_to_previous = True  # drop the copied reference to the previous footer ...
        footer.is_linked_to_previous = False  # ... and give this document a footer of its own
        like = getattr(first, name)
        if layout is not None:
            _footer(footer, title, layout)
        elif was and like._has_definition and _self_contained(like):
            _copy_footer(like, footer)
            if not _retitle(footer, was, title):
                _title_line(footer, title)
        else:
            _template_footer(footer, title)
    _sect_child(section._sectPr, "w:pgNumType", {"start": "1"}, _AFTER_BORDERS[2:])


def footer_title(title: str) -> str:
    """A document's title as its footer prints it: in capitals, with typographic quotes, as the caption prints it.

    >>> footer_title("Plaintiff's Motion to Seal")
    'PLAINTIFF’S MOTION TO SEAL'
    """
    return smart_quotes(title).upper()


def title_footers(section, title: str, was: str = "") -> None:
    """Give the first document of a standalone filing in a firm's template its title in each footer its section
    shows: in place of the title of the template's own document (`was`) where a footer prints it, the rest of the
    footer kept; else on a line of its own at the foot of the footer (the page number too, in a footer with none)."""
    for _, footer in _footers(section):
        if not footer._has_definition or not "".join(p.text for p in footer.paragraphs).strip():
            _template_footer(footer, title)
        elif not (was and _retitle(footer, was, title)):
            _title_line(footer, title)


def _footers(section) -> list[tuple[str, object]]:
    """(name, footer) of each footer a section shows: its default one; its first page's where the section has
    one or a different first page; its even pages' where it has one or the document's pages differ so."""
    settings = section._document_part.settings
    even = settings.odd_and_even_pages_header_footer
    return [(name, getattr(section, name)) for name, shown in (
        ("footer", True), ("first_page_footer", section.different_first_page_header_footer),
        ("even_page_footer", even)) if shown or getattr(section, name)._has_definition]


def _retitle(footer, was: str, title: str) -> bool:
    """Put `title` (in capitals, typographic quotes) where a run of the footer prints `was`; whether any did."""

    hit = False
    for p in footer.paragraphs:
        for run in p.runs:
            if was.lower() in run.text.lower():
                run.text = re.sub(re.escape(was), lambda _: footer_title(title), run.text, flags=re.I)
                hit = True
    return hit


def _title_line(footer, title: str) -> None:
    """A line of the footer's own style and alignment at its foot, with the title in capitals."""

    last = footer.paragraphs[-1]
    line = footer.add_paragraph(footer_title(title), style=last.style)
    line.alignment = last.alignment


def _self_contained(footer) -> bool:
    """Whether a footer refers to no other part of the document (a picture, a link): so it can be copied."""
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    return not any(k.startswith(rel) for el in footer._element.iter() for k in el.attrib)


def _copy_footer(source, footer) -> None:
    import copy

    el = footer._element
    for child in list(el):
        el.remove(child)
    for child in source._element:
        el.append(copy.deepcopy(child))


def _template_footer(footer, title: str) -> None:
    """A footer in the document's own styles: the page number, then the title, centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH


    page = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    _page_number(page, None)
    line = footer.add_paragraph(footer_title(title), style=page.style)
    for p in (page, line):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _line_numbers(section, layout: Layout) -> None:
    """The numbers 1..lines_per_page down the left margin: a frame in the header, one number per line pitch,
    from the top margin, so every line of every page is numbered whatever it holds."""
    from docx.oxml.ns import qn

    pitch, margin = layout.line_pitch_twips, int(layout.margin * 1440)
    width = int(layout.size * 20 * 1.6)  # room for two digits
    header = section.header
    par = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    p = par._p.makeelement(qn("w:p"), {})
    ppr = p.makeelement(qn("w:pPr"), {})
    ppr.append(ppr.makeelement(qn("w:framePr"), {
        qn("w:w"): str(width), qn("w:h"): str(pitch * layout.lines_per_page), qn("w:hRule"): "exact",
        qn("w:hSpace"): "0", qn("w:wrap"): "around", qn("w:vAnchor"): "page", qn("w:hAnchor"): "page",
        qn("w:x"): str(max(0, margin - width - 200)), qn("w:y"): str(margin)}))
    ppr.append(ppr.makeelement(qn("w:spacing"), {qn("w:before"): "0", qn("w:after"): "0",
                                                 qn("w:line"): str(pitch), qn("w:lineRule"): "exact"}))
    ppr.append(ppr.makeelement(qn("w:jc"), {qn("w:val"): "right"}))
    p.append(ppr)
    for n in range(1, layout.lines_per_page + 1):
        r = p.makeelement(qn("w:r"), {})
        t = r.makeelement(qn("w:t"), {})
        t.text = str(n)
        r.append(t)
        if n < layout.lines_per_page:
            r.append(r.makeelement(qn("w:br"), {}))
        p.append(r)
    par._p.addprevious(p)
    from docx.text.paragraph import Paragraph

    for run in Paragraph(p, header).runs:
        _set_font(run, layout.font)


def apply_letter(doc, layout: Layout) -> None:
    """Lay out a fresh python-docx `Document` as a letter (see the module doc)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt, RGBColor

    size = Pt(max(10.0, layout.size - 2))
    for section in doc.sections:
        section.page_width, section.page_height = Inches(PAGE_WIDTH_IN), Inches(PAGE_HEIGHT_IN)
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, Inches(layout.margin))
        section.footer_distance = Inches(layout.margin / 2)
        section.different_first_page_header_footer = True
        par = section.footer.paragraphs[0]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number(par, size.pt)
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Quote", "List Bullet", "Title"):
        try:
            st = doc.styles[name]
        except KeyError:
            continue
        _set_font(st, layout.font)
        st.font.size = size
        st.font.color.rgb = RGBColor(0, 0, 0)
        pf = st.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.space_before, pf.space_after = Pt(0), size
        if name.startswith(("Heading", "Title")):
            st.font.bold, st.font.italic = True, False
            pf.keep_with_next = True
            pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if name == "Quote":
            st.font.italic = False
            pf.left_indent = pf.right_indent = Inches(0.5)
        if name == "List Bullet":
            ppr = st.element.get_or_add_pPr()
            ppr_add(ppr, ppr.makeelement(qn("w:contextualSpacing"), {}))


def _page_number(par, size: float | None) -> None:
    """Append a PAGE field (the page's number, `size` points, else the paragraph's size) to a footer paragraph."""
    from docx.oxml.ns import qn

    page = par._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    r = page.makeelement(qn("w:r"), {})
    if size is not None:
        rpr = r.makeelement(qn("w:rPr"), {})
        rpr.append(rpr.makeelement(qn("w:sz"), {qn("w:val"): str(int(size * 2))}))
        r.append(rpr)
    t = r.makeelement(qn("w:t"), {})
    t.text = "1"
    r.append(t)
    page.append(r)
    par._p.append(page)


def _footer(footer, title: str, layout: Layout) -> None:
    """A pleading paper footer: a rule, the page number, the title in capitals, small and single-spaced."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    par = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ppr = par._p.get_or_add_pPr()
    bdr = ppr.makeelement(qn("w:pBdr"), {})
    bdr.append(bdr.makeelement(qn("w:top"), {qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "1",
                                            qn("w:color"): "auto"}))
    ppr_add(ppr, bdr)
    _page_number(par, max(8.0, layout.size - 2))
    if title:
        line = footer.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER

        run = line.add_run(footer_title(title))  # "PLAINTIFF’S", as the caption prints it
        run.font.size = Pt(max(8.0, layout.size - 4))
        _set_font(run, layout.font)
    small = Pt(max(8.0, layout.size - 2))
    for p in footer.paragraphs:  # single-spaced and small: the footer fits below the 28th line
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        for run in p.runs:
            _set_font(run, layout.font)
            run.font.size = run.font.size or small
        ppr = p._p.get_or_add_pPr()  # the paragraph mark's size sets an empty line's height
        mark = ppr.makeelement(qn("w:rPr"), {})
        mark.append(mark.makeelement(qn("w:sz"), {qn("w:val"): str(int(small.pt * 2))}))
        ppr_add(ppr, mark)
