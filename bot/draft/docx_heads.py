"""Word layout of a filing's head (`bot.draft.caption`): the court's caption on pleading paper, a letter's letterhead.

The caption follows C.D. Cal. L.R. 11-3.8: the attorney block from line 1 at the left margin (the right
half left blank for the clerk's stamp), the court's name centred from line 8, then a two-column table
with the case title on the left (closed by a rule on its right and below) and the case number, the
document's title and the judge on the right.  Every line keeps the pleading pitch, so the numbers in
the margin stay beside the lines they number.  Placeholders are highlighted like any other (`runs`).

>>> [line for line, _ in counsel_lines(Caption(title="T", court=(), counsel=(Counsel("A. Lee", "123", "Lee LLP",
...     ("1 Main St.", "Los Angeles, California 90012"), "(213) 555-0100", "a@example.com"),), counsel_for="Plaintiff X",
...     parties=(), case_number="1"))]
['A. Lee (SBN 123)', 'a@example.com', 'LEE LLP', '1 Main St.', 'Los Angeles, California 90012', 'Telephone: (213) 555-0100', 'Attorneys for Plaintiff X']
"""

from __future__ import annotations

from typing import Callable

from bot.draft.caption import same_firm
from bot.draft.layout import ppr_add
from bot.draft.types import Caption, Counsel, Letterhead

COURT_LINE = 8  # the court's name starts on this line (L.R. 11-3.8)
Runs = Callable[..., None]  # (paragraph, text, bold=...) -> None: writes a line's runs (bot.draft.docx)


def counsel_lines(caption: Caption) -> list[tuple[str, bool]]:
    """(line, bold) of the attorney block: the attorneys of one firm at one address together, each with State Bar
    number and email, then their firm, its address and telephone once (an attorney's own telephone, where the
    firm's attorneys give different ones, under the attorney's name); then whom they represent."""
    out: list[tuple[str, bool]] = []
    by_firm: dict[tuple, list[Counsel]] = {}
    for c in caption.counsel:
        where = same_firm(" ".join(c.address))  # one office however its lines and commas are typed
        by_firm.setdefault((same_firm(c.firm), where) if c.firm else ("", where, c.phone), []).append(c)
    for people in by_firm.values():
        phones = list(dict.fromkeys(c.phone for c in people if c.phone))
        for c in people:
            out.append((f"{c.name} (SBN {c.bar_number})" if c.bar_number else c.name, False))
            if c.phone and len(phones) > 1:
                out.append((f"Telephone: {c.phone}", False))
            if c.email:
                out.append((c.email, False))
        first = people[0]
        if first.firm:
            out.append((first.firm.upper(), False))
        out += [(line, False) for line in first.address]
        if len(phones) == 1:
            out.append((f"Telephone: {phones[0]}", False))
    out.append((f"Attorneys for {caption.counsel_for}", False))
    return out


def _party_lines(caption: Caption) -> list[str]:
    lines: list[str] = []
    for i, (name, role) in enumerate(caption.parties):
        last = i == len(caption.parties) - 1
        lines.append(name.upper() + ("," if role else ""))
        if role:
            lines += ["", "\t" + role + ("." if last else ",")]
        if not last:
            lines += ["", "\tv.", ""]
    return lines


def _right_lines(caption: Caption) -> list[tuple[str, bool]]:
    lines: list[tuple[str, bool]] = [(f"Case No. {caption.case_number}", False), ("", False), (caption.title, True)]
    if caption.judge:
        judge = caption.judge if "judge" in caption.judge.lower() else f"Judge: {caption.judge}"
        lines += [("", False), (judge, False)]
    if caption.details:
        lines.append(("", False))
        lines += [(f"{label}: {value}", False) for label, value in caption.details]
    return lines


def _borders(cell, sides: dict[str, str]) -> None:
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    borders = tcpr.makeelement(qn("w:tcBorders"), {})
    for side in ("top", "left", "bottom", "right"):
        val = sides.get(side, "nil")
        attrs = {qn("w:val"): val}
        if val != "nil":
            attrs.update({qn("w:sz"): "6", qn("w:space"): "0", qn("w:color"): "auto"})
        borders.append(borders.makeelement(qn(f"w:{side}"), attrs))
    tcpr.append(borders)


def _no_table_borders(table) -> None:
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    borders = tblpr.makeelement(qn("w:tblBorders"), {})
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{side}"), {qn("w:val"): "nil"}))
    later = {qn(f"w:{t}") for t in ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")}
    nxt = next((c for c in tblpr if c.tag in later), None)  # the schema's order
    if nxt is None:
        tblpr.append(borders)
    else:
        nxt.addprevious(borders)


def write_caption(writer, caption: Caption, runs: Runs) -> None:
    """Append `caption` through `writer` (`bot.draft.docx._Writer`: ``par()``, ``doc``, ``paragraphs``)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches

    def par():  # a line of the caption: the document's plain style (a template's body style may indent)
        p = writer.par("Normal" if writer.styles.has("Normal") else None)
        p.paragraph_format.first_line_indent = 0
        return p

    block = counsel_lines(caption)
    for text, bold in block:
        p = par()
        p.paragraph_format.right_indent = Inches(3.0)  # right of centre stays blank for the clerk's stamp
        runs(p, text, bold=bold)
    for _ in range(len(block), COURT_LINE - 1):
        par()
    for line in caption.court:
        p = par()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        runs(p, line)
    par()

    table = writer.doc.add_table(rows=1, cols=2)
    _no_table_borders(table)
    table.autofit = False
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell, width in ((left, 3.35), (right, 3.15)):
        cell.width = Inches(width)
    table.columns[0].width, table.columns[1].width = Inches(3.35), Inches(3.15)
    _borders(left, {"right": "single", "bottom": "single"})
    for cell, lines in ((left, [(t, False) for t in _party_lines(caption)]), (right, _right_lines(caption))):
        for k, (text, bold) in enumerate(lines):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            p.paragraph_format.first_line_indent = 0
            if text.startswith("\t"):
                p.paragraph_format.left_indent = Inches(1.0 if text.strip() == "v." else 1.5)
                text = text.lstrip("\t")
            runs(p, text, bold=bold)
            writer.paragraphs.append(p)
    par()


def write_letterhead(writer, head: Letterhead, runs: Runs) -> None:
    """Append the letterhead: the firm's name in capitals, its address on one line, telephone and email,
    and a rule below."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    lines = [(head.firm.upper(), True), (" · ".join(head.address), False),
             (" · ".join(x for x in (head.phone and f"Telephone {head.phone}", head.email) if x), False)]
    lines = [(t, b) for t, b in lines if t]
    for k, (text, bold) in enumerate(lines):
        p = writer.par()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        runs(p, text, bold=bold)
        if bold:
            for r in p.runs:
                r.font.size = Pt(16)
        if k == len(lines) - 1:
            ppr = p._p.get_or_add_pPr()
            bdr = ppr.makeelement(qn("w:pBdr"), {})
            bdr.append(bdr.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "4",
                                                       qn("w:color"): "auto"}))
            ppr_add(ppr, bdr)
            p.paragraph_format.space_after = Pt(24)
