"""The FRCP print is cleaned into Rules 1-86 and cut at rule, subdivision and paragraph with pin cites.

Golden truth: hand-checked excerpts of Rules 26(c) and 37(a) made from the same
source (/work/shared/corpus-sources, copied to tests/fixtures/frcp when present).
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from bot.types import DocMeta, Document
from indexers.chunk import to_passages
from indexers.chunk_frcp import MAX_CHARS, chunk_federal_rules, parse_rules
from indexers.clean_frcp import Outline, REPAIRS, RULE_TITLES, clean_rules, diagnose, rejoin_hyphenation, vocabulary
from indexers.registry import CHUNKERS, CLEANERS, load_builtins

ROOT = Path(__file__).resolve().parents[1]
CORPUS_FILE = ROOT / "corpus" / "federal_rules" / "frcp-2022.md"
SHARED = ROOT.parent / "shared" / "corpus-sources"  # beside the clone, as in CI
GOLDEN_DIRS = (ROOT / "tests" / "fixtures" / "frcp", SHARED)


def _norm(s: str) -> str:
    return " ".join(s.split())


@lru_cache(maxsize=1)
def _document() -> Document:
    raw = CORPUS_FILE.read_text(encoding="utf-8")
    _, front, body = raw.split("---\n", 2)
    data = yaml.safe_load(front)
    clean = tuple(data.pop("clean"))
    meta = DocMeta(**{k: str(v) for k, v in data.items()}, clean=clean)
    return Document(meta, body, str(CORPUS_FILE))


@lru_cache(maxsize=1)
def _cleaned() -> str:
    load_builtins()
    doc = _document()
    text = doc.text
    for name in doc.meta.clean:
        text = CLEANERS[name](text)
    return text


@lru_cache(maxsize=1)
def _passages():
    load_builtins()
    doc = _document()
    return to_passages(doc, CHUNKERS[doc.meta.type](doc, _cleaned()))


def _by_section():
    return {p.section: p for p in _passages()}


def _golden(name: str) -> str:
    for d in GOLDEN_DIRS:
        if (d / name).exists():
            return (d / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    pytest.skip(f"golden excerpt {name} not available")


def _rule_block(number: str) -> str:
    text = _cleaned()
    start = text.index(f"\nRule {number}. ") + 1 if not text.startswith(f"Rule {number}. ") else 0
    nxt = re.compile(r"^Rule \d+(?:\.\d+)?\. ", re.M).search(text, start + 1)
    return text[start:nxt.start() if nxt else len(text)]


def _subdivision(number: str, letter: str) -> str:
    block = _rule_block(number)
    start = block.index(f"\n({letter}) ") + 1
    nxt = re.compile(rf"^\({chr(ord(letter) + 1)}\) [A-Z]", re.M).search(block, start)
    end = nxt.start() if nxt else len(block)
    return block[start:end].split("\n(As amended")[0]


# --- front matter ------------------------------------------------------------------------

def test_front_matter_has_every_key():
    m = _document().meta
    assert (m.id, m.type, m.cite, m.court, m.date, m.date_kind) == (
        "frcp", "federal_rules", "Fed. R. Civ. P.", "United States district courts", "2022-12-01", "as_amended_to")
    assert m.title == "Federal Rules of Civil Procedure" and m.judge == "" and m.docket == ""
    assert m.clean == ("frcp_print",)
    assert "tharpooljha/rust-idx-test" in m.provenance and "72dc846" in m.provenance and "2025" in m.provenance
    assert "December 1, 2022" in m.source


def test_corpus_body_is_the_raw_extraction_verbatim():
    src = SHARED / "frcp" / "federal_rules_2022.md"
    if not src.exists():
        pytest.skip("source extraction not available")
    assert _document().text == src.read_text(encoding="utf-8")


# --- golden subdivisions -------------------------------------------------------------------

def test_rule_26c_equals_golden_excerpt():
    golden = _golden("frcp-26c.txt")
    heading, rest = golden.strip().split("\n", 1)
    body, note = rest.split("[Amendment history", 1)
    assert _rule_block("26").startswith(heading + "\n")
    assert _norm(_subdivision("26", "c")) == _norm(body)
    printed_note = re.search(r"\(As amended.*\)", note, re.S).group(0)
    assert _by_section()["26 (amendment history)"].text == _norm(printed_note)


def test_rule_37a_and_37d1b_equal_golden_excerpt():
    golden = _golden("frcp-37a.txt")
    heading, rest = golden.strip().split("\n", 1)
    parts = [p.strip() for p in rest.split("[...]")]
    assert _rule_block("37").startswith(heading + "\n")
    assert _norm(_subdivision("37", "a")) == _norm(parts[0])
    d_caption = parts[1].splitlines()[0]
    assert _subdivision("37", "d").startswith(d_caption + "\n")
    assert _norm(parts[2]) in _norm(_by_section()["37(d)(1)"].text)


def test_golden_subdivisions_are_quoted_whole_by_their_passages():
    """The passages of 26(c) and 37(a), in order, hold every paragraph of the golden text.

    Paragraphs that are only a caption ("(c) PROTECTIVE ORDERS.", "(5) Payment of
    Expenses; Protective Orders." when 37(a)(5) is split at its items) are carried
    by the headings of the passages below them instead.
    """
    for number, letter, name in (("26", "c", "frcp-26c.txt"), ("37", "a", "frcp-37a.txt")):
        _golden(name)
        got = [p for p in _passages() if p.section.startswith(f"{number}({letter})")]
        quoted = "\n\n".join(p.text for p in got)
        kept = []
        for para in _subdivision(number, letter).strip().split("\n\n"):
            if para in quoted:
                kept.append(para)
            else:
                assert re.fullmatch(r"\(\w+\) [^.]+\.", para), para
                label, caption = para.split(" ", 1)
                assert any(f"{label} {caption.rstrip('.').title()[:12]}".lower() in p.heading.lower() for p in got)
        assert _norm(quoted) == _norm(" ".join(kept))


# --- sections and phrases (table) ------------------------------------------------------------

PHRASES = [
    ("1", "to secure the just, speedy, and inexpensive determination of every action and proceeding"),
    ("5(a)(1)", "a discovery paper required to be served on a party, unless the court orders otherwise"),
    ("5(b)(2)", "sending it to a registered user by filing it with the court’s electronic-filing system"),
    ("5(d)(1)", "must not be filed until they are used in the proceeding or the court orders filing"),
    ("5.2(a)", "the last four digits of the social-security number and taxpayer-identification number"),
    ("5.2(b)", "a pro se filing in an action brought under 28 U.S.C. §§ 2241, 2254, or 2255."),
    ("6(a)(1)", "include the last day of the period, but if the last day is a Saturday, Sunday, or legal holiday"),
    ("6(a)(6)", "Martin Luther King Jr.’s Birthday, Washington’s Birthday, Memorial Day, Independence Day"),
    ("6(b)(1)", "on motion made after the time has expired if the party failed to act because of excusable neglect"),
    ("6(b)(2)", "Rules 50(b) and (d), 52(b), 59(b), (d), and (e), and 60(b)."),
    ("6(d)", "3 days are added after the period would otherwise expire under Rule 6(a)"),
    ("7(a)", "(7) if the court orders one, a reply to an answer."),
    ("7(b)(1)", "state with particularity the grounds for seeking the order"),
    ("16(b)(3)", "(i) modify the timing of disclosures under Rules 26(a) and 26(e)(1);"),
    ("16(b)(4)", "A schedule may be modified only for good cause and with the judge’s consent."),
    ("16(f)(1)", "the court may issue any just orders, including those authorized by Rule 37(b)(2)(A)(ii)–(vii)"),
    ("16(f)(1)", "fails to obey a scheduling or other pretrial order"),
    ("26(a)(1)(A)", "the name and, if known, the address and telephone number of each individual"),
    ("26(a)(2)(D)", "(i) at least 90 days before the date set for trial or for the case to be ready for trial; or"),
    ("26(b)(1)", "proportional to the needs of the case"),
    ("26(b)(1)", "Information within this scope of discovery need not be admissible in evidence to be discoverable."),
    ("26(b)(3)", "(i) they are otherwise discoverable under Rule 26(b)(1); and"),
    ("26(b)(5)", "describe the nature of the documents, communications, or tangible things not produced or disclosed"),
    ("26(c)(1)", "The motion must include a certification that the movant has in good faith conferred or attempted "
                 "to confer with other affected parties in an effort to resolve the dispute without court action."),
    ("26(c)(1)", "(G) requiring that a trade secret or other confidential research, development, or commercial "
                 "information not be revealed or be revealed only in a specified way; and"),
    ("26(d)(2)", "(ii) by that party to any plaintiff or to any other party that has been served."),
    ("26(f)(3)", "any issues about disclosure, discovery, or preservation of electronically stored information"),
    ("26(g)(1)", "Every disclosure under Rule 26(a)(1) or (a)(3) and every discovery request, response, or "
                 "objection must be signed"),
    ("30(a)(2)", "the deposition would result in more than 10 depositions being taken under this rule or Rule 31"),
    ("30(b)(6)", "must describe with reasonable particularity the matters for examination"),
    ("30(c)(2)", "An objection must be stated concisely in a nonargumentative and nonsuggestive manner."),
    ("30(d)(1)", "a deposition is limited to one day of 7 hours"),
    ("33(a)(1)", "no more than 25 written interrogatories, including all discrete subparts"),
    ("33(b)(4)", "The grounds for objecting to an interrogatory must be stated with specificity."),
    ("34(b)(2)(B)", "state with specificity the grounds for objecting to the request, including the reasons"),
    ("34(b)(2)(C)", "An objection must state whether any responsive materials are being withheld on the basis of "
                    "that objection."),
    ("37(a)(1)", "The motion must include a certification that the movant has in good faith conferred or "
                 "attempted to confer with the person or party failing to make disclosure or discovery"),
    ("37(a)(5)(A)", "the court must, after giving an opportunity to be heard, require the party or deponent"),
    ("37(b)(2)(A)", "(vi) rendering a default judgment against the disobedient party; or"),
    ("37(c)(1)", "the party is not allowed to use that information or witness to supply evidence on a motion"),
    ("37(e)", "only upon finding that the party acted with the intent to deprive another party of the "
                 "information’s use in the litigation may:"),
    ("45(a)(1)", "command each person to whom it is directed to do the following at a specified time and place"),
    ("45(c)(1)", "within 100 miles of where the person resides, is employed, or regularly transacts business in person"),
    ("45(d)(1)", "must take reasonable steps to avoid imposing undue burden or expense on a person subject to the "
                 "subpoena"),
    ("45(d)(3)", "requires disclosure of privileged or other protected matter, if no exception or waiver applies"),
    ("45(g)", "may hold in contempt a person who, having been served, fails without adequate excuse to obey the "
              "subpoena or an order related to it."),
]


@pytest.mark.parametrize("section,phrase", PHRASES)
def test_section_holds_phrase(section, phrase):
    passage = _by_section().get(section)
    assert passage is not None, f"no passage {section}"
    assert phrase in passage.text
    assert passage.cite == f"Fed. R. Civ. P. {section}"


HEADINGS = [
    ("26(c)(1)", "Rule 26. Duty to Disclose; General Provisions Governing Discovery — (c) Protective Orders — "
                 "(1) In General"),
    ("37(a)(3)", "Rule 37. Failure to Make Disclosures or to Cooperate in Discovery; Sanctions — (a) Motion for an "
                 "Order Compelling Disclosure or Discovery — (3) Specific Motions"),
    ("26(a)(1)(A)", "Rule 26. Duty to Disclose; General Provisions Governing Discovery — (a) Required Disclosures — "
                    "(1) Initial Disclosure — (A) In General"),
    ("1", "Rule 1. Scope and Purpose"),
    ("5(a)(1)", "Rule 5. Serving and Filing Pleadings and Other Papers — (a) Service: When Required — (1) In General"),
    ("37(d)(1)", "Rule 37. Failure to Make Disclosures or to Cooperate in Discovery; Sanctions — (d) Party’s Failure "
                 "to Attend Its Own Deposition, Serve Answers to Interrogatories, or Respond to a Request for "
                 "Inspection — (1) In General"),
    ("5.2(a)", "Rule 5.2. Privacy Protection For Filings Made with the Court — (a) Redacted Filings"),
    ("45(g)", "Rule 45. Subpoena — (g) Contempt"),
]


@pytest.mark.parametrize("section,heading", HEADINGS)
def test_heading_gives_rule_and_captions(section, heading):
    assert _by_section()[section].heading == heading


def test_sections_of_rule_26_and_37():
    secs = [p.section for p in _passages()]
    r26 = [s for s in secs if s.startswith("26(") or s.startswith("26 ")]
    assert r26[:5] == ["26(a)(1)(A)", "26(a)(1)(B)", "26(a)(1)(C)", "26(a)(1)(D)", "26(a)(1)(E)"]
    for s in ("26(b)(1)", "26(c)(1)", "26(c)(2)", "26(c)(3)", "26(d)(1)", "26(e)(1)", "26(f)(3)", "26(g)(1)",
              "26(g)(3)", "26 (amendment history)"):
        assert s in r26
    r37 = [s for s in secs if s.startswith("37(")]
    for s in ("37(a)(1)", "37(a)(4)", "37(a)(5)(A)", "37(b)(2)(A)", "37(c)(1)", "37(c)(2)", "37(d)(1)", "37(d)(3)",
              "37(e)", "37(f)"):
        assert s in r37
    assert "37(e)(1)" not in r37  # 37(e) is short and its (1), (2) finish its sentence: one piece


# --- structure and artifacts -------------------------------------------------------------------

_SECTION = re.compile(r"^\d+(?:\.\d+)?(?:\((?:[a-z]|\d{1,2}|[A-Z]|[ivx]+)\))*(?: \(amendment history\))?$")


def test_every_rule_1_to_86_is_indexed_and_nothing_else():
    rules = {p.section.split("(")[0].split(" ")[0] for p in _passages()}
    assert rules == {n for n, _ in RULE_TITLES}
    assert not {"74", "75", "76", "84"} & rules  # abrogated: no text in the print


def test_sections_are_well_formed_and_unique():
    secs = [p.section for p in _passages()]
    assert [s for s in secs if not _SECTION.match(s)] == []
    assert len(secs) == len(set(secs))


def test_no_piece_runs_across_rules_or_subdivisions():
    heading = re.compile(r"(?:^|\n)Rule \d+(?:\.\d+)?\. [A-Z]")
    for p in _passages():
        assert not heading.search(p.text), p.section
        if "amendment history" in p.section:
            assert p.text.startswith("(As ") and p.text.endswith(")")
            continue
        labels = re.findall(r"\(([^()]+)\)", p.section)
        if labels:  # the piece starts with its own label and holds no other subdivision's label
            assert p.text.startswith(f"({labels[-1]})"), p.section
            if len(labels) >= 2:
                assert not re.search(r"(?:^|\n)\([a-z]\) [A-Z]{2,}", p.text.split("\n", 1)[-1]), p.section


def test_no_extraction_artifacts_left():
    bad_words = ("to- gether", "informa- tion", "mo- tions", "# ", "FEDERAL RULES OF CIVIL PROCEDURE",
                 "APPENDIX OF FORMS", "SUPPLEMENTAL RULES", "NOTICE OF A LAWSUIT", "lllll")
    hyphen_break = re.compile(r"[A-Za-z]- (?!or\b|and\b)[a-z]")  # "federal- or state-court" is printed so
    for p in _passages():
        for w in bad_words:
            assert w not in p.text, (p.section, w)
        assert not hyphen_break.search(p.text), (p.section, hyphen_break.search(p.text).group(0))
        assert " —" not in p.text and "— " not in p.text, p.section
        assert not re.search(r"\n\s*Rule \d+(\.\d+)?\s*(\n|$)", p.text), p.section  # running head
        assert "\n\n\n" not in p.text


def test_long_paragraphs_are_split_at_their_items():
    ps = _passages()
    for p in ps:
        assert len(p.text) <= 2 * MAX_CHARS, (p.section, len(p.text))
    secs = {p.section for p in ps}
    assert "16(c)(2)" in secs and "16(c)(2)(P)" in secs  # 16(c)(2) is long: its items stand alone
    assert "26(c)(1)(A)" not in secs  # 26(c)(1) is short enough to keep (A)-(H) inside it


def test_extraction_losses_are_all_repaired():
    assert diagnose(clean_rules(_document().text)) == {}


def test_a_lost_item_that_left_its_last_words_behind_is_found_and_restored():
    # the print lost "(3) for all other parties, by the law of the state where the" from Rule 17(b)
    lost = tuple(r for r in REPAIRS if not r[0].startswith("(2) for a corporation"))
    assert "item runs on past its list's last conjunction" in diagnose(clean_rules(_document().text, repairs=lost))["17"][0]
    capacity = next(p for p in _passages() if p.section == "17(b)")
    assert "(3) for all other parties, by the law of the state where the court is located, except that:" in capacity.text


def test_amendment_notes_stay_with_their_rule():
    notes = {p.section: p for p in _passages() if p.section.endswith("(amendment history)")}
    assert "26 (amendment history)" in notes and "45 (amendment history)" in notes
    assert "Apr. 29, 2015, eff. Dec. 1, 2015" in notes["26 (amendment history)"].text
    ordinals = {p.section: p.ordinal for p in _passages()}
    assert ordinals["26(g)(3)"] + 1 == ordinals["26 (amendment history)"] < ordinals["27(a)(1)"]
    assert not any("(As amended" in p.text for p in _passages() if p.section not in notes)


# --- units -------------------------------------------------------------------------------------

HYPHENS = [
    ("to- gether", "together"),
    ("informa- tion", "information"),
    ("mo- tions", "motions"),
    ("trial- preparation material", "trial-preparation material"),
    ("federal- or state-court action", "federal- or state-court action"),
    ("CORPORA- TIONS", "CORPORATIONS"),
    ("declaratory- judgment action", "declaratory-judgment action"),  # neither form printed whole: two words
    ("e- mail address", "e-mail address"),
    ("copyright-im- Rule 65.1", "copyright-im- Rule 65.1"),
]


@pytest.mark.parametrize("broken,fixed", HYPHENS)
def test_hyphenation_is_decided_from_the_documents_vocabulary(broken, fixed):
    assert rejoin_hyphenation(broken, vocabulary(_document().text)) == fixed


OUTLINES = [
    # (labels in order, levels expected; None = not a unit start here)
    (["a", "1", "A", "i", "ii", "B", "2", "b"], [0, 1, 2, 3, 3, 2, 1, 0]),
    (["a", "b", "d"], [0, 0, None]),
    (["a", "1", "A", "B", "3"], [0, 1, 2, 2, None]),
]


@pytest.mark.parametrize("labels,levels", OUTLINES)
def test_outline_accepts_only_expected_labels(labels, levels):
    o = Outline()
    assert [o.accept(x, "text") for x in labels] == levels


def test_i_after_h_is_a_subdivision_when_a_capital_caption_follows():
    o = Outline()
    for x in "abcdefgh":
        o.accept(x, "CAPTION.")
    o.accept("1", "x")
    o.accept("A", "x")
    assert o.accept("i", "SERVING THE UNITED STATES.") == 0
    o2 = Outline(labels=["h", "1", "A", None])
    assert o2.accept("i", "deliver a copy") == 3


def test_parse_rules_reads_the_cleaned_form():
    rules = {r.number: r for r in parse_rules(_cleaned())}
    assert rules["26"].title == "Duty to Disclose; General Provisions Governing Discovery"
    assert [n.label for n in rules["26"].nodes] == list("abcdefg")
    assert rules["1"].intro and not rules["1"].nodes


def test_clean_and_chunk_are_fast():
    doc = _document()
    start = time.perf_counter()
    chunk_federal_rules(doc, CLEANERS["frcp_print"](doc.text))
    assert time.perf_counter() - start < 1.5
