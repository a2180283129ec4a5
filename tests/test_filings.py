"""Filings that look filed: the Word export of each kind read back as a lawyer would look at it, as tables of
(kind, what the document must show).  The caption of a standalone filing (C.D. Cal. L.R. 11-3.8), 28 numbered
lines, the meet-and-confer letter as a letter, and Word fidelity: no Markdown in any run, pin cites that never
break, typographic quotes, indented prose whether or not it carries a comment, facts spliced as sentences, the
joint stipulation in the order of L.R. 37-2.1, one citation per authority; and a polish that keeps the lines laid
out as written.  Model-free (`ShippedIndex`)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.cli.draft import render_notes
from bot.draft.caption import named_parties
from bot.draft.compose import draft, render
from bot.draft.docx import to_bytes
from bot.draft.facts import load_facts, parse_facts
from bot.draft.kinds import KINDS
from bot.draft.llm import layout_runs
from bot.draft.structure import plain_text
from bot.draft.typeset import NBSP, WJ, fold
from bot.draft.verify import Corpus
from bot.settings import Settings
from test_draft_docx import all_runs, body_text, margin_numbers
from test_draft_shapes import ShippedIndex

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "examples" / "facts"
COUNSEL = {"name": "Jane Roe", "bar_number": "301234", "firm": "Roe Legal PC",
           "address": "600 West Broadway, Suite 700, San Diego, California 92101", "phone": "(619) 555-0199",
           "email": "jroe@roelegal.example"}


@pytest.fixture(scope="module")
def corpus():
    return Corpus(ShippedIndex())


def _docx(d) -> Document:
    return Document(io.BytesIO(to_bytes(d)))


@pytest.fixture(scope="module")
def docs(corpus):
    out = {}
    for k in KINDS:
        d = render(k, load_facts(k, FACTS / f"{k}.yaml"), corpus)
        out[k] = (d, _docx(d))
    return out


def _texts(doc) -> list[str]:
    return [fold(p.text)[0] for p in doc.paragraphs]


def _cell_lines(cell) -> list[str]:
    return [fold(p.text)[0] for p in cell.paragraphs]


# ---------------------------------------------------------------- the caption of a standalone filing

CAPTIONS = [
    # kind, title in the caption's box, lines of the box's right side that must be there
    ("sealing-application", "APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL",
     ("Hon. Patricia V. Chen, United States Magistrate Judge",)),
    ("joint-stipulation", "JOINT STIPULATION REGARDING PLAINTIFF'S MOTION TO COMPEL PRODUCTION OF DISPATCH LOGS",
     ("Discovery Cut-Off: June 30, 2026", "Pretrial Conference: October 5, 2026", "Trial: November 2, 2026")),
]


@pytest.mark.parametrize("kind,title,right", CAPTIONS, ids=[c[0] for c in CAPTIONS])
def test_standalone_filing_opens_with_the_caption(docs, kind, title, right):
    d, doc = docs[kind]
    texts = _texts(doc)
    assert texts[:7] == ["Dana Whitfield (SBN 245810)", "dwhitfield@whitfieldochoa.example", "WHITFIELD & OCHOA LLP",
                         "350 South Grand Avenue, Suite 2100", "Los Angeles, California 90071",
                         "Telephone: (213) 555-0142", "Attorneys for Plaintiff Maria Rivera"]  # from line 1
    assert texts[7:9] == ["UNITED STATES DISTRICT COURT", "CENTRAL DISTRICT OF CALIFORNIA"]  # from line 8, centred
    assert all(doc.paragraphs[i].alignment == WD_ALIGN_PARAGRAPH.CENTER for i in (7, 8))
    box = doc.tables[0]
    left, right_cell = box.cell(0, 0), box.cell(0, 1)
    assert [t for t in _cell_lines(left) if t] == ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,",
                                                  "Defendant."]
    borders = left._tc.tcPr.find(qn("w:tcBorders"))
    assert {b.tag.split("}")[1] for b in borders if b.get(qn("w:val")) == "single"} == {"right", "bottom"}
    lines = _cell_lines(right_cell)
    assert lines[0] == "Case No. 2:25-cv-04417-MWF-PVC" and title in lines
    assert all(r.bold for p in right_cell.paragraphs if fold(p.text)[0] == title for r in p.runs)
    for line in right:
        assert line in lines
    assert not d.missing or all(m.startswith(("RESPONDING", "DATE AND PLACE")) for m in d.missing)


def test_the_footer_title_has_typographic_apostrophes_as_the_caption_does(docs):
    _, doc = docs["joint-stipulation"]
    footer = doc.sections[0].footer.paragraphs[-1].text
    assert "PLAINTIFF’S" in footer and "'" not in footer, footer


def test_the_proposed_order_is_a_document_with_its_own_caption(docs):
    d, doc = docs["sealing-application"]
    assert [c.title for c in d.captions] == ["APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL",
                                             "[PROPOSED] ORDER GRANTING APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL"]
    assert len(doc.sections) == 2 and "[PROPOSED] ORDER" in _cell_lines(doc.tables[1].cell(0, 1))[2]
    second = doc.sections[1]
    assert second._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # its pages numbered from 1
    assert "[PROPOSED] ORDER GRANTING" in "\n".join(p.text for p in second.footer.paragraphs)
    assert "APPLICATION FOR LEAVE" in doc.sections[0].footer.paragraphs[-1].text
    assert not any(p.text.startswith("[PROPOSED] ORDER") for p in doc.paragraphs)  # the title is in the box only


def test_missing_counsel_are_highlighted_placeholders(corpus):
    facts = load_facts("sealing-application", FACTS / "sealing-application.yaml").as_dict()
    facts.pop("counsel"), facts.pop("counsel_for"), facts.pop("judge")
    d = render("sealing-application", parse_facts("sealing-application", facts), corpus)
    for m in ("ATTORNEY NAME", "STATE BAR NO.", "OFFICE ADDRESS", "TELEPHONE", "EMAIL ADDRESS", "ASSIGNED JUDGE"):
        assert m in d.missing
    doc = _docx(d)
    assert _texts(doc)[0] == "[ATTORNEY NAME] (SBN [STATE BAR NO.])"
    assert _texts(doc)[4] == "Attorneys for Plaintiff Maria Rivera"  # whom they represent: the party filing
    lit = {fold(r.text)[0] for r in all_runs(doc) if r.font.highlight_color == WD_COLOR_INDEX.YELLOW}
    assert {"[ATTORNEY NAME]", "[STATE BAR NO.]", "[OFFICE ADDRESS]", "[ASSIGNED JUDGE]"} <= lit


def test_counsel_from_the_settings_and_other_facts_files_get_their_own_caption():
    line = " | ".join(COUNSEL.values())
    s = Settings.load(env={"RULEBOT_HOME": "/tmp/x", "RULEBOT_COUNSEL": line})
    facts = {"case_name": "John Doe v. Acme Corp.", "case_number": "3:26-cv-00101-ABC-DEF", "court": "S.D. Cal.",
             "judge": "Hon. A. Judge", "moving_party": "Plaintiff John Doe", "responding_party": "Defendant Acme Corp.",
             "discovery_cutoff": "May 1, 2026", "pretrial_conference": "June 1, 2026", "trial_date": "July 1, 2026"}
    d = draft("joint-stipulation", facts, ShippedIndex(), defaults=s.draft_defaults)
    doc = _docx(d)
    texts = _texts(doc)
    assert texts[:7] == ["Jane Roe (SBN 301234)", "jroe@roelegal.example", "ROE LEGAL PC", "600 West Broadway, Suite 700",
                         "San Diego, California 92101", "Telephone: (619) 555-0199", "Attorneys for Plaintiff John Doe"]
    assert texts[7:9] == ["UNITED STATES DISTRICT COURT", "SOUTHERN DISTRICT OF CALIFORNIA"]
    assert [t for t in _cell_lines(doc.tables[0].cell(0, 0)) if t] == ["JOHN DOE,", "Plaintiff,", "v.", "ACME CORP.,",
                                                                      "Defendant."]
    # the facts' own counsel win over the settings'
    own = draft("joint-stipulation", {**facts, "counsel": [{**COUNSEL, "name": "Sam Poe"}]}, ShippedIndex(),
                defaults=s.draft_defaults)
    assert _texts(_docx(own))[0] == "Sam Poe (SBN 301234)"


NORTHWIND = {"applicant": "Defendant Northwind Logistics, Inc.", "counsel_for": "Defendant Northwind Logistics, Inc.",
             "declarant": "Gregory Lam", "counsel": [], "filing": "Defendant's Opposition to the Motion to Compel",
             "documents": [{"document": "Exhibit 2 (rate sheet)", "reason": "It lists negotiated rates."}]}
PARTY_NAMES = [
    # kind, facts changed from the example's, the case title's sides in the caption's box
    ("sealing-application", {**NORTHWIND, "documents": [{"document": "Exhibit 4 (pay stubs)",  # a defendant's filing
                                                         "designated_by": "Plaintiff Maria Rivera"}]},
     ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
    ("sealing-application", {**NORTHWIND, "filing": "Defendant's Opposition to Plaintiff Maria Rivera's Motion to Compel"},
     ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
    ("sealing-application", {**NORTHWIND, "applicant": "Defendant Northwind"},  # a short name: the title's is fuller
     ["RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),  # the plaintiff named nowhere else
    ("joint-stipulation", {"moving_party": "Defendant Northwind Logistics, Inc.",  # already right: both sides given
                           "responding_party": "Plaintiff Maria Rivera", "counsel_for": ""},
     ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
    # a compound role: the name after it, the side's own role in the box
    ("sealing-application", {**NORTHWIND, "applicant": "Defendant and Counterclaimant Northwind Logistics, Inc.",
                             "counsel_for": "Defendant and Counterclaimant Northwind Logistics, Inc."},
     ["RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
    ("joint-stipulation", {"moving_party": "Plaintiff and Counter-Defendant Maria Rivera", "counsel_for": "",
                           "responding_party": "Defendant/Counterclaimant Northwind Logistics, Inc."},
     ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
    ("sealing-application", {**NORTHWIND, "applicant": "Defendant & Counter-Claimant Northwind Logistics, Inc.",
                             "counsel_for": "", "filing": "Opposition to Plaintiff & Counter-Defendant Maria Rivera's "
                                                          "Motion to Compel"},
     ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
    # a name in a sentence ends where its sentence does, and stands for a side only if it holds the side's name
    ("sealing-application", {"documents": [{"document": "Exhibit 3 (payroll register)",
                                            "reason": "The register was produced by Defendant Northwind Logistics, "
                                                      "Inc. Northwind does not object to sealing it."}]},
     ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
    ("sealing-application", {"case_name": "Rivera v. Northwind", "documents": NORTHWIND["documents"],
                             "designating_party_conference": "counsel for Defendant Northwind Logistics, Inc. On "
                                                             "March 12, 2026, counsel conferred by telephone"},
     ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
    ("sealing-application", {**NORTHWIND, "filing": "Opposition to Counter-Defendant Maria Rivera's Motion"},
     ["MARIA RIVERA,", "Plaintiff,", "v.", "NORTHWIND LOGISTICS, INC.,", "Defendant."]),
]

NAMED = [
    # a sentence of the facts, the parties it names with their roles
    ("produced by Defendant Northwind Logistics, Inc. Northwind does not object",
     ["Defendant Northwind Logistics, Inc."]),
    ("by Defendant Northwind Logistics, Inc. On March 12, counsel met", ["Defendant Northwind Logistics, Inc."]),
    ("Opposition to Plaintiff Motion to Compel", []),
    ("Defendant Northwind Logistics, Inc.'s counsel", ["Defendant Northwind Logistics, Inc."]),  # already right
    ("Plaintiff John Q. Public's motion", ["Plaintiff John Q. Public"]),
    ("designated by Defendant and Counterclaimant Northwind Logistics, Inc.",
     ["Defendant and Counterclaimant Northwind Logistics, Inc."]),
]


@pytest.mark.parametrize("text,named", NAMED, ids=range(len(NAMED)))
def test_a_name_in_a_sentence_ends_with_it(text, named):
    assert named_parties(text) == named


@pytest.mark.parametrize("kind,changes,box", PARTY_NAMES, ids=range(len(PARTY_NAMES)))
def test_the_caption_names_each_party_in_full_as_the_facts_give_it(corpus, kind, changes, box):
    facts = {**load_facts(kind, FACTS / f"{kind}.yaml").as_dict(), **changes}
    doc = _docx(render(kind, parse_facts(kind, facts), corpus))
    assert [t for t in _cell_lines(doc.tables[0].cell(0, 0)) if t] == box


OTHER_COURTS = [
    # kind, court in the facts, local rules cited (by number), placeholders left for the court's own rules
    ("sealing-application", "S.D. Cal.", (), ("[LOCAL RULE ON FILING UNDER SEAL]",
                                              "[LOCAL RULE ON SEALING MATERIAL ANOTHER PARTY DESIGNATED]")),
    ("good-cause", "United States District Court for the Southern District of California", (),
     ("[LOCAL RULE ON FILING UNDER SEAL]", "[LOCAL RULE ON DISCOVERY DISPUTES]")),
    ("meet-and-confer", "N.D. Cal.", (), ("[LOCAL RULE ON CONFERRING BEFORE A DISCOVERY MOTION]",
                                          "[LOCAL RULE ON PRESENTING A DISCOVERY DISPUTE]")),
    ("joint-stipulation", "S.D. Cal.", (), ("[LOCAL RULE ON CONFERRING BEFORE A DISCOVERY MOTION]",)),
    ("sealing-application", "C.D. Cal.", ("C.D. Cal. L.R. 79-5",), ()),  # the court whose rules the templates follow
    ("sealing-application", "United States District Court for the Central District of California, Western Division",
     ("C.D. Cal. L.R. 79-5",), ()),  # the same court, however the facts write it
    ("joint-stipulation", "U.S. District Court for the Central District of California", ("L.R. 37-1",), ()),
    ("meet-and-confer", "C.D. Cal.", ("L.R. 37-1",), ()),
    ("sealing-application", "Superior Court of California, County of Los Angeles", (),  # not a district court
     ("[LOCAL RULE ON FILING UNDER SEAL]",)),
]


@pytest.mark.parametrize("kind,court,cited,placeholders", OTHER_COURTS, ids=[f"{k}-{c}" for k, c, _, _ in OTHER_COURTS])
def test_another_courts_local_rule_is_never_cited(corpus, kind, court, cited, placeholders):
    facts = {**load_facts(kind, FACTS / f"{kind}.yaml").as_dict(), "court": court}
    d = render(kind, parse_facts(kind, facts), corpus)
    doc = _docx(d)
    text = fold(body_text(doc))[0]
    assert all(c in text for c in cited)
    assert ("L.R." in text) == bool(cited)  # in another court's case no local rule is cited by number
    lit = {fold(r.text)[0] for r in all_runs(doc) if r.font.highlight_color == WD_COLOR_INDEX.YELLOW}
    assert set(placeholders) <= lit and {p.strip("[]") for p in placeholders} <= set(d.missing)
    assert any("check that it fits the local rules" in n for n in d.notes) == (not cited)  # the CLI's note
    # nor named in the draft's title (Word's Title property, the CLI's "Before filing" line, the chat card's heading)
    titles = [d.title, doc.core_properties.title, render_notes(d).splitlines()[0]]
    assert all(KINDS[kind].title in t for t in titles) if cited else all("L.R." not in t for t in titles), titles
    if kind == "meet-and-confer":  # a time the Central District's rule sets: stated only where that rule governs
        assert ("ten (10) days" in text) == bool(cited)
    if d.captions and "District Court" in court:  # the caption names a federal court in two lines however written
        assert d.captions[0].court[0] == "UNITED STATES DISTRICT COURT"
    if kind == "good-cause":  # the Federal Rules govern in every district
        assert "Fed. R. Civ. P. 26(c)(1)" in text or "Procedure 26(c)(1)" in text


POLISH_IN_OTHER_COURTS = [
    # kind, court, the polish's reply (an edit of the template draft)
    ("good-cause", "S.D. Cal.", lambda t: t.replace("The Parties will designate", "The Parties shall designate")),
    ("meet-and-confer", "N.D. Cal.", lambda t: t.replace("This letter identifies", "This letter sets out")),
    ("sealing-application", "S.D. Cal.", lambda t: t.replace("and is supported by", "and rests on")),
]


@pytest.mark.parametrize("kind,court,edit", POLISH_IN_OTHER_COURTS, ids=[r[0] for r in POLISH_IN_OTHER_COURTS])
def test_a_polish_keeps_the_checks_on_another_courts_rules(corpus, kind, court, edit):
    facts = parse_facts(kind, {**load_facts(kind, FACTS / f"{kind}.yaml").as_dict(), "court": court})
    base = render(kind, facts, corpus)
    d = draft(kind, facts, corpus, llm=FakeListChatModel(responses=[edit(base.text)]))
    assert d.drafter == "llm" and d.text != base.text, d.notes[-1]  # another court's letter lacks no element
    kept = [c for c in base.checks if c.code == "rule-of-another-court"]
    assert kept and all(c in d.checks for c in kept)
    assert "L.R." not in d.text


DANA = {"name": "Dana Whitfield", "bar_number": "245810", "firm": "Whitfield & Ochoa LLP",
        "address": "350 South Grand Avenue, Suite 2100, Los Angeles, California 90071", "phone": "(213) 555-0142",
        "email": "dwhitfield@whitfieldochoa.example"}
LUIS = {**DANA, "name": "Luis Ochoa", "bar_number": "251234", "email": "lochoa@whitfieldochoa.example"}
FIRM_LINES = ["WHITFIELD & OCHOA LLP", "350 South Grand Avenue, Suite 2100", "Los Angeles, California 90071"]
COUNSEL_BLOCKS = [
    # counsel in the facts, the attorney block (lines 1 on); the court's name follows it (from line 8 at the earliest)
    ([DANA, LUIS], ["Dana Whitfield (SBN 245810)", "dwhitfield@whitfieldochoa.example", "Luis Ochoa (SBN 251234)",
                    "lochoa@whitfieldochoa.example", *FIRM_LINES, "Telephone: (213) 555-0142"]),  # already right
    ([DANA, {**LUIS, "phone": "(213) 555-0143"}],  # direct lines: each under its attorney, the firm's address once
     ["Dana Whitfield (SBN 245810)", "Telephone: (213) 555-0142", "dwhitfield@whitfieldochoa.example",
      "Luis Ochoa (SBN 251234)", "Telephone: (213) 555-0143", "lochoa@whitfieldochoa.example", *FIRM_LINES]),
    ([DANA, {k: LUIS[k] for k in ("name", "bar_number", "firm", "email")}],  # no address given: the firm's
     ["Dana Whitfield (SBN 245810)", "dwhitfield@whitfieldochoa.example", "Luis Ochoa (SBN 251234)",
      "lochoa@whitfieldochoa.example", *FIRM_LINES, "Telephone: (213) 555-0142"]),
    ([DANA, {**LUIS, "firm": "Whitfield & Ochoa, LLP", "address": "350 South Grand Avenue, Suite 2100\n"
                                                                   "Los Angeles, California 90071"}],  # typed otherwise
     ["Dana Whitfield (SBN 245810)", "dwhitfield@whitfieldochoa.example", "Luis Ochoa (SBN 251234)",
      "lochoa@whitfieldochoa.example", *FIRM_LINES, "Telephone: (213) 555-0142"]),
    ([DANA, COUNSEL], ["Dana Whitfield (SBN 245810)", "dwhitfield@whitfieldochoa.example", *FIRM_LINES,  # two firms
                       "Telephone: (213) 555-0142", "Jane Roe (SBN 301234)", "jroe@roelegal.example", "ROE LEGAL PC",
                       "600 West Broadway, Suite 700", "San Diego, California 92101", "Telephone: (619) 555-0199"]),
    ([{k: LUIS[k] for k in ("name", "bar_number", "firm", "email")}, DANA],  # whoever gives the address, first or not
     ["Luis Ochoa (SBN 251234)", "lochoa@whitfieldochoa.example", "Dana Whitfield (SBN 245810)",
      "dwhitfield@whitfieldochoa.example", *FIRM_LINES, "Telephone: (213) 555-0142"]),
    ([DANA, {**LUIS, "address": "350 South Grand Avenue Suite 2100 Los Angeles California 90071"}],  # no commas
     ["Dana Whitfield (SBN 245810)", "dwhitfield@whitfieldochoa.example", "Luis Ochoa (SBN 251234)",
      "lochoa@whitfieldochoa.example", *FIRM_LINES, "Telephone: (213) 555-0142"]),
    ([DANA, {k: v for k, v in LUIS.items() if k != "phone"} | {"address": "Four Embarcadero Center, Suite 1400, "
                                                                          "San Francisco, California 94111"}],
     ["Dana Whitfield (SBN 245810)", "dwhitfield@whitfieldochoa.example", *FIRM_LINES, "Telephone: (213) 555-0142",
      "Luis Ochoa (SBN 251234)", "lochoa@whitfieldochoa.example", "WHITFIELD & OCHOA LLP",  # another office: its
      "Four Embarcadero Center, Suite 1400", "San Francisco, California 94111", "Telephone: [TELEPHONE]"]),  # own
]


@pytest.mark.parametrize("counsel,block", COUNSEL_BLOCKS, ids=range(len(COUNSEL_BLOCKS)))
def test_counsel_of_one_firm_share_its_address(corpus, counsel, block):
    facts = load_facts("sealing-application", FACTS / "sealing-application.yaml").as_dict()
    d = render("sealing-application", parse_facts("sealing-application", {**facts, "counsel": counsel}), corpus)
    texts = _texts(_docx(d))
    court = texts.index("UNITED STATES DISTRICT COURT")
    assert texts[:court] == block + ["Attorneys for Plaintiff Maria Rivera"]  # the court's name right after it
    assert {"OFFICE ADDRESS", "TELEPHONE"} & set(d.missing) == {m.strip("[]") for t in block for m in re.findall(
        r"\[[A-Z. ]+\]", t)}  # a placeholder only where no attorney of the firm at that office gives it


# ---------------------------------------------------------------- 28 numbered lines


@pytest.mark.parametrize("kind", ["good-cause", "joint-stipulation", "sealing-application"])
def test_28_numbered_lines_per_page(docs, kind):
    _, doc = docs[kind]
    for sec in doc.sections:
        assert margin_numbers(sec) == [str(n) for n in range(1, 29)]
        frame = next(p for p in sec.header.paragraphs if p.text)._p.find(qn("w:pPr") + "/" + qn("w:framePr"))
        pitch = doc.styles["Normal"].paragraph_format.line_spacing
        assert int(frame.get(qn("w:h"))) == pitch.twips * 28 <= Inches(9).twips  # 28 lines fill the text area
        assert int(frame.get(qn("w:y"))) == Inches(1).twips  # from the top margin, beside line 1
        # the footer fits in the bottom margin, leaving line 28 to the text
        footer = sec.footer.paragraphs
        assert all(p.paragraph_format.line_spacing_rule in (None, 0) for p in footer)  # single
        height = sum(Pt(12).twips * 1.2 for _ in footer)
        assert height <= (sec.bottom_margin - sec.footer_distance) / 635


# ---------------------------------------------------------------- the signature block

SIGNATURES = [
    # kind, the signature blocks (their lines, in order), each to sit in the right half of the page
    ("sealing-application", [
        ["Dated: ____________________", "Respectfully submitted,", "WHITFIELD & OCHOA LLP", "By: /s/ Dana Whitfield",
         "Attorneys for Plaintiff Maria Rivera"],
        ["/s/ Dana Whitfield"],  # the declarant's
        ["Dated: ____________________", "____________________________",
         "Hon. Patricia V. Chen, United States Magistrate Judge"]]),  # the judge's, on the proposed order
    ("joint-stipulation", [
        ["Dated: ____________________", "WHITFIELD & OCHOA LLP", "By: /s/ Dana Whitfield",
         "Attorneys for Plaintiff Maria Rivera"],
        ["Dated: ____________________", "By: ____________________",
         "Attorneys for Defendant Northwind Logistics, Inc."]]),
]


def _signature_blocks(doc, half) -> list[list[str]]:
    """Runs of consecutive body paragraphs indented to `half`, blank paragraphs between them ending a run."""
    blocks: list[list] = []
    run: list = []
    for p in doc.paragraphs:
        if p.paragraph_format.left_indent == half and p.text.strip():
            run.append(p)
        elif run:
            blocks.append(run)
            run = []
    return blocks + ([run] if run else [])


@pytest.mark.parametrize("kind,blocks", SIGNATURES, ids=[s[0] for s in SIGNATURES])
def test_a_filing_signs_in_the_right_half_of_the_page(docs, kind, blocks):
    _, doc = docs[kind]
    sec = doc.sections[0]
    half = (sec.page_width - sec.left_margin - sec.right_margin) // 2
    assert Inches(3.2) < half < Inches(3.3)  # about the page's centre on 1-inch margins
    found = _signature_blocks(doc, half)
    # these lines and nothing else: the caption's "Attorneys for" and the prose stay at the left margin
    assert [[fold(p.text)[0] for p in b] for b in found] == blocks
    for b in found:
        assert all(p.paragraph_format.first_line_indent in (None, 0) for p in b)  # flush at the indent
        assert all(p.paragraph_format.keep_with_next for p in b[:-1])  # one block on one page


@pytest.mark.parametrize("kind", ["joint-stipulation", "sealing-application"])
def test_a_signature_never_stands_alone_on_a_page(docs, kind):
    """Each block is kept with the last lines of the body before it (the blank line apart and the paragraph
    before are kept with the next), so a page break cannot fall between them; the joint stipulation's two
    parties' blocks, and the blank line between them, are kept on one page too."""
    _, doc = docs[kind]
    sec = doc.sections[0]
    half = (sec.page_width - sec.left_margin - sec.right_margin) // 2
    pars = doc.paragraphs
    at = {p._p: i for i, p in enumerate(pars)}
    for block in _signature_blocks(doc, half):
        i = at[block[0]._p] - 1
        while not pars[i].text.strip():  # the blank line(s) apart ...
            assert pars[i].paragraph_format.keep_with_next, (kind, block[0].text)
            i -= 1
        assert pars[i].paragraph_format.keep_with_next, (kind, pars[i].text[:60])  # ... and the body's last lines
    if kind == "joint-stipulation":
        first, second = _signature_blocks(doc, half)
        between = pars[at[first[-1]._p]:at[second[0]._p]]
        assert all(p.paragraph_format.keep_with_next for p in between)


def test_a_letter_signs_at_the_left_margin(docs):
    _, doc = docs["meet-and-confer"]
    close = next(p for p in doc.paragraphs if p.text == "Sincerely,")
    assert [p.paragraph_format.left_indent for p in (close, doc.paragraphs[-1])] == [None, None]
    i = [p._p for p in doc.paragraphs].index(close._p)
    # the close goes with the signature, and the body's last lines with the close
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[i - 1:i + 1])


# ---------------------------------------------------------------- the letter


def test_meet_and_confer_is_a_letter(docs):
    d, doc = docs["meet-and-confer"]
    sec = doc.sections[0]
    assert margin_numbers(sec) == [] and sec._sectPr.find(qn("w:lnNumType")) is None
    assert sec._sectPr.find(qn("w:pgBorders")) is None  # no pleading rules
    assert not any("MEET-AND-CONFER" in p.text.upper() for p in sec.footer.paragraphs)  # no pleading footer
    assert sec.different_first_page_header_footer  # page numbers from page 2 on
    texts = _texts(doc)
    assert texts[:3] == ["WHITFIELD & OCHOA LLP", "350 South Grand Avenue, Suite 2100 · Los Angeles, California 90071",
                         "Telephone (213) 555-0142 · dwhitfield@whitfieldochoa.example"]  # letterhead
    assert texts[3] == "March 3, 2026"
    assert "Gregory Lam\nLam Hartley LLP\n1000 Wilshire Boulevard, 12th Floor" in texts[5]  # the addressee block
    re_par = next(p for p in doc.paragraphs if p.text.startswith("Re:"))
    assert all(r.bold for r in re_par.runs if r.text.strip())
    italic = [r.text for r in re_par.runs if r.italic]
    assert italic == ["Rivera v. Northwind Logistics, Inc."]  # the case name in italics, nothing else
    assert re_par.paragraph_format.first_line_indent < 0  # hangs after "Re:"
    assert "Dear Counsel:" in texts
    close = next(p for p in doc.paragraphs if p.text == "Sincerely,")
    assert close.paragraph_format.space_after >= Pt(36)  # room to sign
    assert texts[-1] == "Dana Whitfield\nWhitfield & Ochoa LLP\nCounsel for Plaintiff Maria Rivera"
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == 0 and normal.first_line_indent is None  # single-spaced, block paragraphs


def test_the_letterhead_has_the_firms_address_whoever_gives_it(corpus):
    facts = load_facts("meet-and-confer", FACTS / "meet-and-confer.yaml").as_dict()
    partner = {k: LUIS[k] for k in ("name", "bar_number", "firm", "email")}  # signs first, gives no address
    d = render("meet-and-confer", parse_facts("meet-and-confer", {**facts, "counsel": [partner, DANA]}), corpus)
    assert _texts(_docx(d))[:3] == ["WHITFIELD & OCHOA LLP", " · ".join(FIRM_LINES[1:]),
                                    "Telephone (213) 555-0142 · lochoa@whitfieldochoa.example"]
    assert not {"OFFICE ADDRESS", "TELEPHONE"} & set(d.missing)


# ---------------------------------------------------------------- Word fidelity


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_markdown_and_typographic_quotes_in_any_run(docs, kind):
    _, doc = docs[kind]
    runs = [r.text for r in all_runs(doc)]
    for ch in "*#`":
        assert not any(ch in t for t in runs), [t for t in runs if ch in t]
    assert not any('"' in t or "'" in t for t in runs), [t for t in runs if '"' in t or "'" in t]
    assert any("’" in t for t in runs)


@pytest.mark.parametrize("kind", ["meet-and-confer", "joint-stipulation"])
def test_a_pin_cite_uses_non_breaking_characters(docs, kind):
    _, doc = docs[kind]
    cite = next(p.text for p in doc.paragraphs if "26(b)" in p.text)
    assert f"Fed.{NBSP}R.{NBSP}Civ.{NBSP}P.{NBSP}26(b){WJ}(1)" in cite
    assert "26(b)(1)" not in cite  # nothing a line may break at between "26(b)" and "(1)"


NO_BREAK_HYPHENS = [
    # kind, words whose hyphens are Word's non-breaking hyphen (w:noBreakHyphen) in the .docx
    ("sealing-application", "C.D. Cal. L.R. 79-5"),  # a local rule's number, carrying a comment (its runs split)
    ("sealing-application", "Case No. 2:25-cv-04417-MWF-PVC"),  # the case number in the caption's box
    ("sealing-application", "No. 3:17-cv-2366"),  # a decision's docket number in its citation
    ("good-cause", "C.D. Cal. L.R. 37-1"),
    ("meet-and-confer", "Case No. 2:25-cv-04417-MWF-PVC"),  # in the letter's Re: line
    ("joint-stipulation", "C.D. Cal. L.R. 37-1"),
]


def _xml_text(p) -> str:
    """A paragraph's characters as its XML holds them: each w:noBreakHyphen as U+2011."""
    return "".join(el.text or "" if el.tag == qn("w:t") else "\u2011"
                   for el in p._p.iter(qn("w:t"), qn("w:noBreakHyphen")))


@pytest.mark.parametrize("kind,words", NO_BREAK_HYPHENS, ids=[f"{k}-{w}" for k, w in NO_BREAK_HYPHENS])
def test_rule_and_case_numbers_never_break_at_their_hyphens(docs, kind, words):
    d, doc = docs[kind]
    pars = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    found = [p for p in pars if words in fold(p.text)[0]]
    assert found, words  # python-docx reads a w:noBreakHyphen as "-": the visible text is unchanged
    xml = _xml_text(found[0]).replace(NBSP, " ")
    assert words.replace("-", "\u2011") in xml, xml  # Word's own non-breaking hyphen, not a "-" in a w:t
    assert not any("-" + WJ in r.text for r in all_runs(doc))  # no word joiner after an ordinary hyphen
    plain = plain_text(d.text, width=60)  # the .txt and chat text keep ordinary hyphens
    assert "\u2011" not in plain and words.replace("Case No. ", "") in " ".join(plain.split())


@pytest.mark.parametrize("kind", ["good-cause", "sealing-application"])
def test_prose_keeps_its_first_line_indent_with_or_without_a_comment(docs, kind):
    _, doc = docs[kind]
    commented = [p for p in doc.paragraphs if p._p.find(".//" + qn("w:commentRangeStart")) is not None
                 and re.search(r"[.:]\W*$", p.text) and len(p.text) > 100
                 and not p.paragraph_format.left_indent]  # a numbered paragraph hangs its number instead
    assert commented
    for p in commented:
        assert p.paragraph_format.first_line_indent == Inches(0.5), p.text[:60]
    ending_in_italics = next(p for p in doc.paragraphs if p.text.rstrip().endswith("§\u00a0III."))
    assert ending_in_italics.paragraph_format.first_line_indent == Inches(0.5)


def test_a_fact_is_spliced_as_a_sentence(docs):
    d, _ = docs["sealing-application"]
    assert "**(pages 2-4).** The register lists the bank account numbers" in d.text.replace(
        "Exhibit 3 to the Declaration of Dana Whitfield (payroll register excerpt) ", "")
    assert "would cause the register" not in d.text


def test_joint_stipulation_follows_lr_37_2_1(docs):
    d, doc = docs["joint-stipulation"]
    texts = [t for t in _texts(doc) if t]
    order = ["REQUEST FOR PRODUCTION NO. 4:", "All dispatch logs showing", "RESPONSE TO REQUEST FOR PRODUCTION NO. 4:",
             "Defendant objects to this request", "Plaintiff Maria Rivera's contentions and authorities",
             "The logs are the core evidence", "Defendant Northwind Logistics, Inc.'s contentions and authorities"]
    at = [next(i for i, t in enumerate(texts) if t.startswith(o)) for o in order]
    assert at == sorted(at)  # the request, the verbatim response, then each party's contentions in turn
    # the title page's dates are in the caption, and the table of contents follows it on page 1
    pars = doc.paragraphs
    toc = next(i for i, p in enumerate(pars) if p.text == "TABLE OF CONTENTS")
    assert not any(p.paragraph_format.page_break_before for p in pars[:toc + 1])
    entries = [p.text for p in pars[toc + 1:toc + 5]]  # numbered as the headings are (I., II., III.), each with
    # its heading's page: the pages LibreOffice sets them on (bench/render_docx.py), before any field is updated
    assert entries == ["I. Introductory statements\t2", "II. Issues in dispute\t2",
                       "Issue 1: Request for Production No. 4\t2", "III. Conference of counsel\t3"], entries
    assert doc.element.body.index(doc.tables[0]._tbl) < doc.element.body.index(pars[toc]._p)
    assert len(doc.tables) == 1  # no table of dates on a page of its own


@pytest.mark.parametrize("template", [None, ROOT / "examples" / "templates" / "firm-pleading.docx"],
                         ids=["pleading paper", "firm template"])
def test_each_contents_entry_ends_in_a_page_reference_to_its_heading(docs, template):
    """As Word writes a table of contents: each entry ends in a right-aligned dot-leader tab and a PAGEREF field
    (with its page as the stored result) to a bookmark around the heading the entry names; no Markdown is left,
    and the document does not ask Word to update fields on opening (Word would ask the lawyer about "fields that
    may refer to other files")."""
    d, _ = docs["joint-stipulation"]
    doc = Document(io.BytesIO(to_bytes(d, template=template)))
    pars = doc.paragraphs
    toc = next(i for i, p in enumerate(pars) if p.text == "TABLE OF CONTENTS")
    end = next(i for i in range(toc + 1, len(pars)) if pars[i].style.name.startswith("Heading"))
    entries = [p for p in pars[toc + 1:end] if p.text.strip()]
    headings = {m.get(qn("w:name")): p for p in pars[end:] if p.style.name.startswith("Heading")
                for m in p._p.findall(qn("w:bookmarkStart"))}
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    assert len(entries) == 4
    pages = []
    for entry in entries:
        words, _, page = entry.text.partition("\t")
        assert not any(ch in t for t in [words] + [r.text for r in entry.runs] for ch in "*_#`>|\\"), entry.text
        fields = [(el.get(qn("w:fldCharType")) or el.text) for el in entry._p.iter(qn("w:fldChar"), qn("w:instrText"))]
        assert len(fields) == 4 and fields[0::2] == ["begin", "separate"] and fields[3] == "end", fields
        m = re.fullmatch(r" PAGEREF (_Toc\w+) \\h ", fields[1])
        assert m, fields[1]
        heading = headings[m.group(1)]  # a bookmark of that name around a heading ...
        assert fold(heading.text)[0].casefold() == fold(words)[0].casefold()  # ... the heading the entry names
        ends = [e.get(qn("w:id")) for e in heading._p.findall(qn("w:bookmarkEnd"))]
        assert [s.get(qn("w:id")) for s in heading._p.findall(qn("w:bookmarkStart"))] == ends
        assert page.isdigit()  # the stored result, shown until the field is updated
        pages.append(int(page))
        stops = [(t.position, t.alignment, t.leader) for t in entry.paragraph_format.tab_stops]
        assert (width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS) in stops
    assert pages == sorted(pages)
    assert entries[2].paragraph_format.left_indent > entries[1].paragraph_format.left_indent == 0  # an issue under II.
    assert doc.settings.element.find(qn("w:updateFields")) is None


def test_one_citation_per_authority(docs):
    for kind in ("good-cause", "sealing-application"):
        d, doc = docs[kind]
        assert d.text.count("§ III") == 1 and "*Id.*" not in d.text and "*id.*" not in d.text
        verified = [c for c in doc.comments if c.text.startswith("Verified against the corpus")]
        assert len(verified) == len({c.cite for c in d.citations})


# ---------------------------------------------------------------- a polish keeps the layout

_SIG_BLOCK = ("Dated: ____________________\n\nRespectfully submitted,\n\nWHITFIELD & OCHOA LLP\n"
              "By: /s/ Dana Whitfield\nAttorneys for Plaintiff Maria Rivera")
POLISH_LAYOUT = [
    # kind, the polish's reply (an edit of the template draft), used?
    ("joint-stipulation",  # re-marked: underscores escaped, hard breaks, no blank line apart, "DATED:"
     lambda t: t.replace("were unable to resolve", "could not resolve").replace("presented in this joint stipulation.\n\n",
        "presented in this joint stipulation.\n").replace("Dated: ____________________", "DATED: \\_\\_\\_\\_\\_\\_")
     .replace("By: /s/ Dana Whitfield\n", "By: /s/ Dana Whitfield\\\n").replace("LLP\n", "LLP  \n")
     .replace("26(b)(1).\n", "26(b)(1).\\\n"), True),
    ("sealing-application",  # the signature block run together on one line; the proposed order's head re-cased
     lambda t: t.replace("and is supported by the declaration", "and rests on the declaration")
     .replace(_SIG_BLOCK, " ".join(_SIG_BLOCK.split()))
     .replace("# [PROPOSED] ORDER GRANTING", "# [Proposed] Order Granting"), True),
    ("meet-and-confer",  # the addressee block with hard breaks, the Re: line's bold narrowed
     lambda t: t.replace("This letter identifies", "This letter sets out").replace("Gregory Lam\n", "Gregory Lam  \n")
     .replace("**Re: *Rivera v. Northwind Logistics, Inc.*, Case No. 2:25-cv-04417-MWF-PVC**",
              "**Re:** *Rivera v. Northwind Logistics, Inc.*, **Case No. 2:25-cv-04417-MWF-PVC**"), True),
    ("joint-stipulation",  # the responding party's block dropped
     lambda t: t[:t.rindex("Dated:")].rstrip() + "\n", False),
    ("sealing-application", lambda t: t.replace("By: /s/ Dana Whitfield", "By: Dana Whitfield"), False),
    ("meet-and-confer", lambda t: t.replace("Sincerely,", "Best regards,"), False),
    ("meet-and-confer", lambda t: t.replace("Lam Hartley LLP\n", "Lam Hartley LLP, "), False),
]


@pytest.mark.parametrize("kind,edit,used", POLISH_LAYOUT, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(POLISH_LAYOUT)])
def test_a_polish_never_changes_the_lines_laid_out_as_written(corpus, kind, edit, used):
    """A caption's head, a filing's signature blocks, a letter's head and close are the template's, line for line,
    whatever the polish did to their marks; a polish that changed their words is not used.  In Word the signatures
    still sit in the right half of the page, each document under its own caption."""
    facts = load_facts(kind, FACTS / f"{kind}.yaml")
    base = render(kind, facts, corpus)
    d = draft(kind, facts, corpus, llm=FakeListChatModel(responses=[edit(base.text)]))
    assert (d.drafter == "llm") is used, d.notes[-1]
    if not used:
        assert d.text == base.text and "changed lines laid out as written" in d.notes[-1]
        return
    assert d.text != base.text
    lines = base.text.splitlines()
    for s, e in layout_runs(base):
        assert "\n".join(lines[s:e]) in d.text
        if s:
            assert f"\n\n{lines[s]}" in d.text  # a blank line apart, as in the template
    doc = _docx(d)
    assert not any("\\" in r.text for r in all_runs(doc))  # a backslash the polish wrote is Markdown, not a character
    if kind == "meet-and-confer":
        assert "Gregory Lam\nLam Hartley LLP\n1000 Wilshire Boulevard, 12th Floor" in _texts(doc)[5]
        return
    sec = doc.sections[0]
    half = (sec.page_width - sec.left_margin - sec.right_margin) // 2
    want = dict(SIGNATURES)[kind]
    assert [[fold(p.text)[0] for p in b] for b in _signature_blocks(doc, half)] == want
    assert len([c for c in _texts(doc) if c == "CENTRAL DISTRICT OF CALIFORNIA"]) == len(d.captions)
