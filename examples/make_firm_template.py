"""Make the sample firm template `examples/templates/firm-pleading.docx` (python-docx).

    python examples/make_firm_template.py [OUT.docx]

A stand-in for a firm's own pleading template: the firm's name and office in the header, a
footer with the firm's name, its own styles ("Firm Body" and re-styled "Heading 1-3"),
a caption naming the court and the parties, line numbering, a paragraph holding
``{{ draft }}`` where `rulebot draft ... --docx OUT --template` puts the draft, and a
signature block after it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

OUT = Path(__file__).resolve().parent / "templates" / "firm-pleading.docx"
FONT = "Garamond"
FIRM = "WHITFIELD & OCHOA LLP"


def _font(style, size: float, bold: bool = False) -> None:
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    fonts.set(qn("w:eastAsia"), FONT)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def make(out: Path = OUT) -> Path:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Inches(1)
    numbering = sec._sectPr.makeelement(qn("w:lnNumType"), {qn("w:countBy"): "1", qn("w:restart"): "newPage",
                                                              qn("w:distance"): "360"})
    sec._sectPr.find(qn("w:cols")).addprevious(numbering)

    styles = doc.styles
    _font(styles["Normal"], 12)
    body = styles.add_style("Firm Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = styles["Normal"]
    _font(body, 12)
    body.paragraph_format.line_spacing_rule = WD_LINE_SPACING.DOUBLE
    body.paragraph_format.first_line_indent = Inches(0.5)
    body.paragraph_format.space_after = Pt(0)
    for level, size in ((1, 13), (2, 12), (3, 12)):
        h = styles[f"Heading {level}"]
        _font(h, size, bold=True)
        h.font.small_caps = True
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if level < 3 else WD_ALIGN_PARAGRAPH.LEFT
        h.paragraph_format.space_before, h.paragraph_format.space_after = Pt(12), Pt(6)

    header = sec.header.paragraphs[0]
    # the firm's name and office only: counsel and the party they act for are each filing's own (its caption,
    # L.R. 11-3.8), so a header naming one attorney and one client would contradict a filing by others
    header.text = f"{FIRM} · 350 South Grand Avenue, Suite 2100 · Los Angeles, California 90071"
    header.style = styles["Header"]
    footer = sec.footer.paragraphs[0]
    footer.text = f"{FIRM} · STIPULATED PROTECTIVE ORDER"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for line in ("UNITED STATES DISTRICT COURT", "CENTRAL DISTRICT OF CALIFORNIA"):
        p = doc.add_paragraph(line, style="Normal")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.runs[0].bold = True
    caption = doc.add_table(rows=1, cols=2)
    caption.style = "Table Grid"
    caption.cell(0, 0).text = "MARIA RIVERA,\n\tPlaintiff,\n\tv.\nNORTHWIND LOGISTICS, INC.,\n\tDefendant."
    caption.cell(0, 1).text = "Case No. 2:25-cv-04417-MWF-PVC\n\nSTIPULATED PROTECTIVE ORDER"
    doc.add_paragraph("", style="Normal")
    doc.add_paragraph("{{ draft }}", style="Firm Body")
    doc.add_paragraph("IT IS SO STIPULATED, THROUGH COUNSEL OF RECORD.", style="Firm Body")
    doc.add_paragraph(f"Dated: ____________\t\t/s/ Dana Whitfield\n\t\t\t\t{FIRM}", style="Normal")
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = "Firm pleading template (sample)"
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
