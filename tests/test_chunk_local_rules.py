"""Local-rules and judges'-procedures chunkers, over the PDF fixture and over plain text dumps."""

from __future__ import annotations

import re

import pytest

from bot.errors import BadDocument
from bot.types import DocMeta, Document
from fixtures import make_docs as md
from indexers.chunk import chunk_document
from indexers.chunk_local_rules import LONG_RULE_CHARS, chunk_local_rules
from indexers.chunk_procedures import chunk_procedures
from indexers.clean import clean_document
from indexers.extract import extract_file


def rules_doc(text: str = "") -> Document:
    return Document(DocMeta(id="lr", title="C.D. Cal. Local Rules", type="local_rules", court="C.D. Cal.",
                            cite="C.D. Cal. L.R."), text)


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory):
    info = md.local_rules_pdf(tmp_path_factory.mktemp("lr") / "LocalRules.pdf")
    doc = rules_doc(extract_file(info.path).text)
    passages = chunk_document(doc, clean_document(doc))
    return info, {p.section: p for p in passages}


def test_one_passage_per_rule_at_the_deepest_level_with_text(fixture_pdf):
    info, by_section = fixture_pdf
    # the fixture records on which pages each rule's text was drawn; heading-only rules (37-2, 79-5) have none
    assert set(by_section) == set(info.page_of)
    assert "37-2" not in by_section and "79-5" not in by_section
    assert by_section["37-2.3"].cite == "C.D. Cal. L.R. 37-2.3"
    assert by_section["79-5.2.2(b)"].cite == "C.D. Cal. L.R. 79-5.2.2(b)"


def test_supplemental_memorandum_rule_is_exactly_its_own_text(fixture_pdf):
    info, by_section = fixture_pdf
    p = by_section["37-2.3"]
    assert p.text == f"L.R. 37-2.3 Supplemental Memorandum. {info.supplemental_text}"
    assert p.heading.endswith("L.R. 37-2.3 Supplemental Memorandum.")
    assert "F.R.CIV.P. 37." in p.heading and "L.R. 37-2 Discovery Motions" in p.heading


def test_no_passage_runs_into_another_rule_or_carries_page_furniture(fixture_pdf):
    info, by_section = fixture_pdf
    headings = {sec: f"L.R. {sec} {title}" for sec, title in info.rules.items()}
    for section, p in by_section.items():
        own = section.split("(")[0]
        for other, head in headings.items():
            if other != own:
                assert head not in p.text, (section, other)
        assert md.RUNNING_HEAD not in p.text and "Chapter I - Page" not in p.text
        assert "F.R.CIV.P." not in p.text  # chapter headings are context, not passages
        assert not re.search(r"\b[a-z]+- [a-z]", p.text)


def test_rule_broken_across_a_page_is_whole(fixture_pdf):
    info, by_section = fixture_pdf
    first, second = info.page_of["37-2.1"]
    assert second == first + 1
    text = by_section["37-2.1"].text
    assert text.startswith("L.R. 37-2.1 Form of Joint Stipulation. A discovery motion")
    assert "ask the other side for a short extension, and the moving party must not unreasonably refuse one." in text


def test_a_bold_heading_wrapped_over_two_lines_stays_one_heading(fixture_pdf):
    info, by_section = fixture_pdf
    title = info.rules["37-2.4"]
    assert len(title) > 90  # the fixture draws it over two lines
    p = by_section["37-2.4"]
    assert p.text.startswith(f"L.R. 37-2.4 {title} When a discovery dispute")
    assert p.heading.endswith(f"L.R. 37-2.4 {title}")


def test_table_of_contents_is_not_a_passage(fixture_pdf):
    _, by_section = fixture_pdf
    assert not any("......" in p.text for p in by_section.values())


def test_footnote_goes_with_the_rule_that_calls_it(fixture_pdf):
    info, by_section = fixture_pdf
    num, note = info.footnote
    assert "good faith¹ to eliminate" in by_section["37-1"].text
    assert by_section["37-1"].text.endswith(f"¹ {note}")
    assert [s for s, p in by_section.items() if note in p.text] == ["37-1"]


def test_long_rule_is_split_at_its_lettered_subsections(fixture_pdf):
    _, by_section = fixture_pdf
    a = by_section["79-5.2.2(a)"].text
    assert a.startswith("L.R. 79-5.2.2 Documents Filed Under Seal in Civil Cases.\n(a) Documents Designated")
    assert "(b)" not in a and "Another Party" not in a
    assert by_section["79-5.2.2"].text.endswith("must be accompanied by a declaration.")


# --- plain text dumps of a court PDF (no bold, furniture still there) --------------------------

DUMP = """LOCAL RULES - CENTRAL DISTRICT OF CALIFORNIA
TABLE OF CONTENTS
L.R. 7-1 Stipulations ............................. 3
F.R.CIV.P. 7. PLEADINGS ALLOWED; FORM OF MOTIONS AND OTHER PAPERS
L.R. 7-1 Stipulations. Stipulations must be in writing, signed by all parties, and filed
with the Clerk (test fixture text).
L.R. 7-2 Applicability of Rules.
L.R. 7-2.1 Civil Motions. Every motion must be accompanied by a memo-
randum of points and authorities.

Chapter I - Page 12
LOCAL RULES - CENTRAL DISTRICT OF CALIFORNIA
The memorandum may not exceed twenty-
five pages without leave.
L.R. 7-3 Conference of Counsel. Counsel must meet
and confer; see L.R. 7-2.1 and
L.R. 7-1 for the form of papers.
13
"""


def test_plain_text_dump():
    pieces = {p.section: p for p in chunk_local_rules(rules_doc(), DUMP)}
    assert list(pieces) == ["7-1", "7-2.1", "7-3"]
    assert pieces["7-1"].text == ("L.R. 7-1 Stipulations. Stipulations must be in writing, signed by all parties, "
                                  "and filed with the Clerk (test fixture text).")
    assert pieces["7-2.1"].text == ("L.R. 7-2.1 Civil Motions. Every motion must be accompanied by a memorandum of "
                                    "points and authorities. The memorandum may not exceed twenty-five pages without leave.")
    assert pieces["7-2.1"].heading == ("F.R.CIV.P. 7. PLEADINGS ALLOWED; FORM OF MOTIONS AND OTHER PAPERS / "
                                       "L.R. 7-2 Applicability of Rules. / L.R. 7-2.1 Civil Motions.")
    # a cross-reference wrapped to the start of a line is not a new rule
    assert pieces["7-3"].text == ("L.R. 7-3 Conference of Counsel. Counsel must meet and confer; see L.R. 7-2.1 and "
                                  "L.R. 7-1 for the form of papers.")


def test_marked_headings_make_cross_references_at_line_start_harmless():
    text = ("**L.R. 37-4 Failure to Cooperate.** A party that fails to cooperate may be sanctioned.\n\n"
            "L.R. 37-1 also applies to any renewed motion.\n\n"
            "**L.R. 37-5 Next Rule.** Text.")
    pieces = {p.section: p.text for p in chunk_local_rules(rules_doc(), text)}
    assert list(pieces) == ["37-4", "37-5"]
    assert pieces["37-4"].endswith("L.R. 37-1 also applies to any renewed motion.")


def test_short_rule_keeps_its_lettered_items_together():
    text = "L.R. 1-1 Short. Intro.\n(a) First item.\n(b) Second item."
    [piece] = chunk_local_rules(rules_doc(), text)
    assert piece.section == "1-1" and "(a) First item." in piece.text and "(b) Second item." in piece.text
    assert len(piece.text) < LONG_RULE_CHARS


def test_a_reference_wrapped_to_a_line_start_is_not_a_subsection():
    text = ("L.R. 3-1 Sealing. A party may ask to seal under subsections\n(a) and (b) of this rule when it shows cause:\n"
            "(a) First item.\n(b) Second item.")
    [piece] = chunk_local_rules(rules_doc(), text)
    assert "subsections (a) and (b) of this rule when it shows cause:\n\n(a) First item.\n\n(b) Second item." in piece.text


def test_lettered_split_needs_letters_in_order():
    filler = "word " * (LONG_RULE_CHARS // 5)
    text = f"L.R. 2-1 Long. {filler}\n(b) Out of order.\n(a) Then this."
    assert [p.section for p in chunk_local_rules(rules_doc(), text)] == ["2-1"]


def test_a_document_without_rule_headings_is_refused():
    with pytest.raises(BadDocument, match="no local rule headings"):
        chunk_local_rules(rules_doc(), "Just an order. IT IS SO ORDERED.")


# --- judges' procedures ------------------------------------------------------------------------


def proc_doc() -> Document:
    return Document(DocMeta(id="p", title="Procedures", type="judge_procedures", court="C.D. Cal.",
                            cite="Magistrate Judge Rosalind T. Example (C.D. Cal.), Procedures",
                            judge="Rosalind T. Example"), "")


PROCEDURES = [
    ("# Judge X\n\nIntro words.\n\n## Discovery\n\nCall first.\n\n### Telephonic Conferences\n\nBy phone.\n\n## Sealing\n\nAsk.",
     [("Introduction", "Intro words."), ("Discovery", "Call first."),
      ("Discovery: Telephonic Conferences", "By phone."), ("Sealing", "Ask.")]),
    ("DISCOVERY\nThe judge hears discovery motions on Tuesdays.\n\nProtective Orders\nUse the model order.",
     [("DISCOVERY", "The judge hears discovery motions on Tuesdays."), ("Protective Orders", "Use the model order.")]),
]


@pytest.mark.parametrize("text,expected", PROCEDURES)
def test_procedures_split_by_heading(text, expected):
    pieces = chunk_procedures(proc_doc(), text)
    assert [(p.section, p.text) for p in pieces] == expected
    stem = proc_doc().meta.cite
    assert [p.cite for p in pieces] == [f'{stem}, "{s}"' for s, _ in expected]


def test_procedures_long_section_is_cut_between_sentences_not_across_headings():
    sentence = "Counsel must follow this fixture requirement in every discovery dispute. "
    text = "## Discovery\n\n" + sentence * 40 + "\n\n## Sealing\n\nAsk."
    pieces = chunk_procedures(proc_doc(), text)
    disc = [p for p in pieces if p.section == "Discovery"]
    assert len(disc) >= 2 and all(len(p.text) <= 1400 for p in disc)
    assert all(p.text.endswith("dispute.") for p in disc)
    assert pieces[-1].section == "Sealing" and pieces[-1].text == "Ask."


def test_procedures_html_fixture_end_to_end(tmp_path):
    path = md.procedures_html(tmp_path / "p.html")
    text = extract_file(path).text
    doc = Document(proc_doc().meta, text)
    passages = chunk_document(doc, clean_document(doc))
    by = {p.section: p for p in passages}
    for head, body in md.PROCEDURES_SECTIONS.items():
        assert by[head].text == md.plain(body) and by[head].judge == "Rosalind T. Example"


def test_procedures_accordion_page_end_to_end(tmp_path):
    """Accordion titles, <summary> and a bold paragraph are headings; site furniture is not text."""
    got = extract_file(md.procedures_accordion_html(tmp_path / "judge.html"))
    for noise in ("Court home", "Jury service", "Privacy", "Home / Judges"):
        assert noise not in got.text
    doc = Document(proc_doc().meta, got.text)
    by = {p.section: p for p in chunk_document(doc, clean_document(doc))}
    assert list(by) == ["Introduction", *md.PROCEDURES_SECTIONS]
    for head, body in md.PROCEDURES_SECTIONS.items():
        assert by[head].text.startswith(md.plain(body))
    assert by["Protective Orders"].text.endswith("- Fixture list item one.\n- Fixture list item two.")
