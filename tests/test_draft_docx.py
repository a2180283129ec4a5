"""Word files a lawyer can file, read back with python-docx: pleading-paper layout, the firm's template
(header, footer, styles and caption kept; the draft where ``{{ draft }}`` was), highlighted placeholders,
and a comment per authority, missing fact and note anchored at the words it concerns, never body text.
Model-free: drafts are rendered over the shipped corpus chunked in memory (`ShippedIndex`).
The filings' own shape (caption, 28 numbered lines, the letter, Word fidelity) is in test_filings.py."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from bot.draft.annotate import PLACEHOLDER
from bot.draft.compose import render
from bot.draft.docx import exporter, to_bytes, to_document
from bot.draft.read import document_text
from bot.draft.facts import load_facts, parse_facts
from bot.draft.review import review
from bot.draft.typeset import fold
from bot.draft.verify import Corpus
from bot.errors import BadDocument
from bot.settings import Settings
from test_draft_shapes import ShippedIndex

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "examples" / "facts"
W_ID = qn("w:id")


@pytest.fixture(scope="module")
def corpus():
    return Corpus(ShippedIndex())


@pytest.fixture(scope="module")
def drafts(corpus):
    return {k: render(k, load_facts(k, FACTS / f"{k}.yaml"), corpus)
            for k in ("good-cause", "meet-and-confer", "joint-stipulation", "sealing-application")}


@pytest.fixture(scope="module")
def firm_template(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        from make_firm_template import make
    finally:
        sys.path.pop(0)
    return make(tmp_path_factory.mktemp("firm") / "firm.docx")


def _reopen(doc) -> Document:
    buf = io.BytesIO()
    doc.save(buf)
    return Document(io.BytesIO(buf.getvalue()))


def anchored_text(doc) -> dict[int, str]:
    """Comment id -> the text of the runs between its commentRangeStart and commentRangeEnd (a w:noBreakHyphen
    read as "-")."""
    out: dict[int, list[str]] = {}
    open_ids: set[int] = set()
    for el in doc.element.body.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:t"), qn("w:tab"),
                                    qn("w:noBreakHyphen")):
        if el.tag == qn("w:commentRangeStart"):
            open_ids.add(int(el.get(W_ID)))
            out.setdefault(int(el.get(W_ID)), [])
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(int(el.get(W_ID)))
        else:
            for i in open_ids:
                out[i].append(el.text or ("-" if el.tag == qn("w:noBreakHyphen") else "\t"))
    return {i: "".join(parts) for i, parts in out.items()}


def body_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def margin_numbers(section) -> list[str]:
    """The numbers pleading paper prints down the left margin: the header's frame paragraph, line by line."""
    for p in section.header.paragraphs:
        if p._p.find(qn("w:pPr") + "/" + qn("w:framePr")) is not None:
            return p.text.split("\n")
    return []


def authorities(d) -> set[str]:
    return {c.cite for c in d.citations}


def all_runs(doc):
    for p in doc.paragraphs:
        yield from p.runs
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                for p in c.paragraphs:
                    yield from p.runs


# ---------------------------------------------------------------- the default layout: pleading paper


def test_default_layout_is_pleading_paper(drafts):
    doc = _reopen(to_document(drafts["good-cause"]))
    sec = doc.sections[0]
    assert (sec.page_width, sec.page_height) == (Inches(8.5), Inches(11))
    assert all(getattr(sec, m) == Inches(1) for m in ("top_margin", "bottom_margin", "left_margin", "right_margin"))
    # 1 to 28 down the margin of every page, as pleading paper prints them; Word's own line numbering
    # (lnNumType) numbered only lines of text, so a caption's table and the footer left 1-27
    assert margin_numbers(sec) == [str(n) for n in range(1, 29)]
    assert sec._sectPr.find(qn("w:lnNumType")) is None
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    pitch = normal.paragraph_format.line_spacing
    assert normal.paragraph_format.line_spacing_rule == 4  # EXACTLY
    assert 28 * pitch <= Inches(9) < 29 * pitch  # 28 numbered lines between the margins
    assert pitch >= Pt(14) * 1.6  # double-spaced for the font size
    heading = next(p for p in doc.paragraphs if p.text == "GOOD CAUSE STATEMENT")
    assert heading.style.name == "Heading 2" and heading.style.font.bold
    assert heading.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert heading.style.font.name == "Times New Roman" and heading.style.font.size == Pt(14)
    footer = "\n".join(p.text for p in sec.footer.paragraphs)
    assert "GOOD CAUSE STATEMENT (STIPULATED PROTECTIVE ORDER)" in footer


def test_admin_changes_the_layout_in_the_settings(drafts):
    s = Settings.load(env={"RULEBOT_HOME": "/tmp/x", "RULEBOT_DOCX_FONT": "Century Schoolbook",
                           "RULEBOT_DOCX_FONT_SIZE": "13", "RULEBOT_DOCX_LINES_PER_PAGE": "26",
                           "RULEBOT_DOCX_LINE_NUMBERS": "0"})
    doc = _reopen(to_document(drafts["good-cause"], settings=s))
    normal = doc.styles["Normal"]
    assert normal.font.name == "Century Schoolbook" and normal.font.size == Pt(13)
    assert 26 * normal.paragraph_format.line_spacing <= Inches(9) < 27 * normal.paragraph_format.line_spacing
    assert margin_numbers(doc.sections[0]) == []


# ---------------------------------------------------------------- the filing text is only the filing text


@pytest.mark.parametrize("kind", ["good-cause", "meet-and-confer", "joint-stipulation", "sealing-application"])
def test_placeholders_highlighted_and_notes_are_comments(drafts, kind):
    d = drafts[kind]
    doc = _reopen(to_document(d))
    runs = list(all_runs(doc))
    highlighted = [fold(r.text)[0] for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    for r in runs:  # every placeholder is one highlighted run, nothing else is highlighted
        assert (r.font.highlight_color == WD_COLOR_INDEX.YELLOW) == bool(PLACEHOLDER.fullmatch(r.text)), r.text
        assert not PLACEHOLDER.search(r.text) or PLACEHOLDER.fullmatch(r.text), r.text
    for m in d.missing:
        assert f"[{m}]" in highlighted
    body = body_text(doc)
    assert "Authorities cited" not in body and "Before filing" not in body
    for n in d.notes:
        assert n not in body
    flags = [c for c in d.checks if c.status == "flag"]
    comments = list(doc.comments)  # one per authority, however many of its words are quoted
    assert len(comments) == len(authorities(d)) + len(d.missing) + len(d.notes) + len(flags)
    assert all(c.author == "rulebot" for c in comments)


def test_each_comment_is_anchored_at_its_words(drafts):
    d = drafts["good-cause"]
    doc = _reopen(to_document(d))
    anchors = {i: fold(t)[0] for i, t in anchored_text(doc).items()}
    by_text = {c.text: anchors[c.comment_id] for c in doc.comments}
    cites = [t for t in by_text if t.startswith("Verified against the corpus")]
    # one comment per authority (not one per two-word quotation), on the citation, listing every quoted phrase
    assert len(cites) == len(authorities(d)) == 2
    for cite in authorities(d):
        text = next(t for t in cites if t.startswith(f"Verified against the corpus: {cite}."))
        assert by_text[text] == cite
        for c in d.citations:
            if c.cite == cite:
                assert f"Passage at {c.passage.cite}:" in text
                assert " ".join(c.passage.text.split())[:200] in text
                assert not c.quote or f'"{c.quote}"' in text
    aol = next(t for t in cites if "Al Otro Lado" in t)
    assert '"particularized showing"; "good cause"' in aol
    missing = "[SPECIFIC HARM FROM DISCLOSING EMPLOYEE PERSONNEL FILES]"
    assert by_text[f"Fact still needed: replace {missing} before filing."] == missing
    notes = {t: a for t, a in by_text.items() if t.startswith("Note: ")}
    assert len(notes) == len(d.notes) == 2
    # the local rules an indexed order of the court cites are cited as it cites them, the note on the citation
    sealing = next(a for t, a in notes.items() if "79-5" in t)
    assert sealing == "C.D. Cal. L.R. 79-5"


def test_unverified_citation_is_a_comment_too(corpus):
    facts = load_facts("meet-and-confer", FACTS / "meet-and-confer.yaml").as_dict()
    facts["issues"][1]["authority"] = "Kamakana v. City & Cty. of Honolulu, 447 F.3d 1172, 1180 (9th Cir. 2006)"
    d = render("meet-and-confer", parse_facts("meet-and-confer", facts), corpus)
    assert not d.clean
    doc = _reopen(to_document(d))
    flagged = [c for c in doc.comments if c.text.startswith("Not verified: ")]
    assert len(flagged) == 1 and "447 F.3d 1172" in anchored_text(doc)[flagged[0].comment_id]


def test_the_exported_draft_passes_review(corpus, drafts):
    text = document_text(to_bytes(drafts["good-cause"]), "good-cause.docx")  # the one reader review uses
    assert review("protective-order", text, corpus) == []
    assert "GOOD CAUSE STATEMENT" in text and "Verified against" not in text


# ---------------------------------------------------------------- the firm's template


def test_draft_goes_into_the_firm_template(drafts, firm_template):
    d = drafts["good-cause"]
    doc = _reopen(to_document(d, template=firm_template))
    sec = doc.sections[0]
    assert "WHITFIELD & OCHOA LLP" in sec.header.paragraphs[0].text
    assert "WHITFIELD & OCHOA LLP · STIPULATED PROTECTIVE ORDER" in sec.footer.paragraphs[0].text
    assert sec._sectPr.find(qn("w:lnNumType")) is not None  # the template's own line numbering
    assert doc.styles["Normal"].font.name == "Garamond"  # its styles, not the pleading-paper defaults
    assert doc.styles["Heading 2"].font.small_caps
    texts = [p.text for p in doc.paragraphs]
    assert not any("{{" in t for t in texts)
    i = texts.index("GOOD CAUSE STATEMENT")
    assert texts[:2] == ["UNITED STATES DISTRICT COURT", "CENTRAL DISTRICT OF CALIFORNIA"]  # the caption first
    assert texts[i - 1] == "" and texts[i + 1].startswith("This action, Rivera v. Northwind")
    assert texts.index("IT IS SO STIPULATED, THROUGH COUNSEL OF RECORD.") > i + 5  # then the signature block
    assert doc.paragraphs[i].style.name == "Heading 2"
    assert {p.style.name for p in doc.paragraphs[i + 1: i + 5]} == {"Firm Body"}  # the marker's body style
    assert doc.tables[0].cell(0, 1).text.startswith("Case No. 2:25-cv-04417")  # the caption table kept
    assert len(list(doc.comments)) == len(authorities(d)) + len(d.missing) + len(d.notes)


TEMPLATE_FILINGS = [
    # a standalone filing in the firm's template: the title of each of its documents' captions, its last line
    ("sealing-application", ["APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL",
                             "[PROPOSED] ORDER GRANTING APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL"],
     "Hon. Patricia V. Chen, United States Magistrate Judge"),  # the proposed order ends with the judge's signature
    ("joint-stipulation", ["JOINT STIPULATION REGARDING PLAINTIFF'S MOTION TO COMPEL PRODUCTION OF DISPATCH LOGS"],
     "Attorneys for Defendant Northwind Logistics, Inc."),
]


@pytest.mark.parametrize("kind,titles,last", TEMPLATE_FILINGS, ids=[t[0] for t in TEMPLATE_FILINGS])
def test_each_document_of_a_filing_in_the_firm_template_has_its_own_caption(drafts, firm_template, kind, titles,
                                                                           last):
    doc = _reopen(to_document(drafts[kind], template=firm_template))
    boxes = [t for t in doc.tables if fold(t.cell(0, 1).text)[0].startswith("Case No.")]
    assert [fold(t.cell(0, 1).paragraphs[2].text)[0] for t in boxes] == titles  # each document's own caption
    texts = [fold(p.text)[0] for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == "Dana Whitfield (SBN 245810)" and texts[7:9] == ["UNITED STATES DISTRICT COURT",
                                                                        "CENTRAL DISTRICT OF CALIFORNIA"]
    # the template's caption and closing lines (its own document's) are gone: nothing follows the filing
    body = body_text(doc)
    assert "STIPULATED PROTECTIVE ORDER" not in body and "IT IS SO STIPULATED" not in body and "{{" not in body
    assert texts[-1] == last
    # the template's header, footer, line numbering and styles are kept; each document's footer has its own title
    # in place of the template's own document's
    first = doc.sections[0]
    assert "WHITFIELD & OCHOA LLP" in first.header.paragraphs[0].text
    assert len(doc.sections) == len(titles)
    for sec, title in zip(doc.sections, titles):
        footer = fold("\n".join(p.text for p in sec.footer.paragraphs))[0]
        assert f"WHITFIELD & OCHOA LLP · {title}" in footer and "STIPULATED PROTECTIVE ORDER" not in footer
    for sec in doc.sections[1:]:
        assert sec._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert sec._sectPr.find(qn("w:lnNumType")) is not None
    assert doc.styles["Normal"].font.name == "Garamond"
    assert "Firm Body" in {p.style.name for p in doc.paragraphs}


SEALING_TITLES = ["APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL",
                  "[PROPOSED] ORDER GRANTING APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL"]
TEMPLATE_FOOTERS = [
    # the firm template's footers changed, what each document's footer of each kind shows besides its own title
    ({"first_page_footer": "FIRST PAGE · STIPULATED PROTECTIVE ORDER"},  # a first page of its own
     {"footer": "WHITFIELD & OCHOA LLP · ", "first_page_footer": "FIRST PAGE · "}),
    ({"footer": "WHITFIELD & OCHOA LLP"},  # a footer without the document's title: the title on a line of its own
     {"footer": "WHITFIELD & OCHOA LLP\n"}),
]


@pytest.mark.parametrize("footers,rest", TEMPLATE_FOOTERS, ids=range(len(TEMPLATE_FOOTERS)))
def test_each_document_of_a_filing_has_its_title_in_each_footer_of_the_template(drafts, firm_template, tmp_path,
                                                                                 footers, rest):
    base = Document(str(firm_template))
    sec = base.sections[0]
    for name, text in footers.items():
        sec.different_first_page_header_footer |= name == "first_page_footer"
        getattr(sec, name).paragraphs[0].text = text
    base.save(str(tmp_path / "firm.docx"))
    doc = _reopen(to_document(drafts["sealing-application"], template=tmp_path / "firm.docx"))
    assert len(doc.sections) == 2
    for sec, title in zip(doc.sections, SEALING_TITLES):
        for name, other in rest.items():
            text = fold("\n".join(p.text for p in getattr(sec, name).paragraphs))[0]
            assert other + title in text, (name, text)
            assert not re.search("STIPULATED|APPLICATION|ORDER", text.replace(title, "")), (name, text)


def test_template_without_marker_takes_the_draft_at_the_end(drafts, tmp_path):
    base = Document()
    base.sections[0].header.paragraphs[0].text = "FIRM HEADER"
    base.add_paragraph("Caption goes here.")
    path = tmp_path / "plain.docx"
    base.save(str(path))
    s = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_DOCX_TEMPLATE": str(path)})
    doc = Document(io.BytesIO(exporter(s)(drafts["meet-and-confer"])))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "Caption goes here." and texts[1] == "March 3, 2026"
    assert doc.sections[0].header.paragraphs[0].text == "FIRM HEADER"
    assert doc.sections[0]._sectPr.find(qn("w:lnNumType")) is None  # no pleading layout forced on a template


@pytest.mark.parametrize("content,message", [(None, "does not exist"), (b"not a zip", "cannot be opened")])
def test_bad_template_is_a_clear_error(drafts, tmp_path, content, message):
    path = tmp_path / "firm.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BadDocument, match=message):
        to_bytes(drafts["good-cause"], template=path)


def test_to_bytes_keeps_its_one_argument_form(drafts):
    data = to_bytes(drafts["sealing-application"])
    doc = Document(io.BytesIO(data))
    # a standalone filing opens with counsel's block and the caption (the title is in the caption's box);
    # its proposed order is a document of its own, with a caption of its own, then the table of documents
    assert doc.paragraphs[0].text == "Dana Whitfield (SBN 245810)"
    assert "APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL" in doc.tables[0].cell(0, 1).text
    assert len(doc.tables) == 3 and doc.tables[2].cell(0, 1).text == "Document"


def test_notes_file(drafts):
    from bot.cli.draft import render_notes

    text = render_notes(drafts["good-cause"])
    assert "## Facts still needed" in text and "[SPECIFIC HARM FROM DISCLOSING EMPLOYEE PERSONNEL FILES]" in text
    assert "## Notes" in text and "## Authorities cited" in text


def test_a_comment_placed_on_a_rule_number_takes_only_the_whole_number():
    from types import SimpleNamespace

    from bot.draft.docx import _anchor

    paras = [SimpleNamespace(text="Call (213) 437-1200 or see 45(d)(1)."), SimpleNamespace(text="Under L.R. 37-1, and 5(d).")]
    assert _anchor(paras, "37-1", [], whole=True)[0] == 1  # not the telephone number
    assert _anchor(paras, "5(d)", [], whole=True)[0] == 1  # not 45(d)(1)
    assert _anchor(paras, "37-1", [])[0] == 0  # a quoted passage is still found wherever it is
