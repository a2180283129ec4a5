"""The pagination estimate (`bot.draft.paginate`) as a table of (pleading paper as written, the page the last
paragraph starts on, as the footer counts it).  Pleading paper holds 28 lines a page; each case fills some of
them with one-line paragraphs and ends in the paragraph it asks about.  The estimate against LibreOffice's own
pages is in test_filings.py (the joint stipulation's table of contents)."""

from __future__ import annotations

import pytest
from docx import Document
from docx.shared import Inches

from bot.draft.layout import Layout, apply, new_document
from bot.draft.paginate import first_pages

LAYOUT = Layout()
LINE = "word " * 14  # one line of pleading paper
SENTENCE = "The logs are the core evidence of the hours the dispatchers worked. "


def _pleading(steps) -> tuple[Document, object]:
    """Pleading paper holding `steps`: ("lines", n) one-line paragraphs, ("par", text), ("heading", text),
    ("break", text) a paragraph that starts a page, ("document", text) a later document of the filing (its own
    section, pages numbered from 1), ("row", n) a table row of n lines that may not split.  Returns the document and
    the last paragraph written."""
    doc = Document()
    apply(doc, LAYOUT, "TITLE")
    last = None
    for kind, arg in steps:
        if kind == "lines":
            for _ in range(arg):
                last = doc.add_paragraph(LINE)
        elif kind == "heading":
            last = doc.add_paragraph(arg, style="Heading 2")
        elif kind == "document":
            new_document(doc, LAYOUT, "ORDER")
            last = doc.add_paragraph(arg)
        elif kind == "row":
            table = doc.add_table(rows=1, cols=1)
            cell = table.cell(0, 0)
            cell.text = LINE
            for _ in range(arg - 1):
                cell.add_paragraph(LINE)
            tr = table.rows[0]._tr.get_or_add_trPr()
            from docx.oxml.ns import qn

            tr.append(tr.makeelement(qn("w:cantSplit"), {}))
            last = cell.paragraphs[0]
        else:
            last = doc.add_paragraph(arg)
            last.paragraph_format.first_line_indent = Inches(0.5)
            if kind == "break":
                last.paragraph_format.page_break_before = True
    return doc, last


CASES = [
    # (what it shows, steps, the page the last paragraph starts on)
    ("the 28th line is on page 1", [("lines", 27), ("par", "x")], 1),
    ("the 29th line is on page 2", [("lines", 28), ("par", "x")], 2),
    ("a paragraph of three lines wraps at the words' widths", [("lines", 25), ("par", SENTENCE * 3)], 1),
    ("a widow is not left: three lines where two fit go on together", [("lines", 26), ("par", SENTENCE * 3)], 2),
    ("four lines where two fit: two on this page, two on the next", [("lines", 26), ("par", SENTENCE * 4)], 1),
    ("an orphan is not left: a paragraph's first line alone moves on", [("lines", 27), ("par", SENTENCE * 4)], 2),
    ("a heading on the last line goes on with what it heads", [("lines", 27), ("heading", "II. ISSUES"),
                                                                ("par", "x")], 2),
    ("a page break before", [("lines", 3), ("break", "x")], 2),
    ("a later document numbers its pages from 1", [("lines", 30), ("document", "x")], 1),
    ("... and its own later pages from there", [("lines", 3), ("document", "x"), ("lines", 28), ("par", "y")], 2),
    ("a table row that cannot split goes whole to the next page", [("lines", 25), ("row", 4)], 2),
    ("... and stays when it fits", [("lines", 24), ("row", 4)], 1),
]


@pytest.mark.parametrize("steps,page", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_page_a_paragraph_starts_on(steps, page):
    doc, last = _pleading(steps)
    assert first_pages(doc)[last._p] == page
