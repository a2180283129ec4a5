"""Currency on every citation: the document's date ("as amended to" for rules) beside each pin cite, and a
warning when an amendment known to postdate the text touches the cited part.

Tables first (no model): the as-of line, the warning (a pin inside, equal to, outside a superseded part; a
document without a date), the shipped front matter, stored passages old and new, the CLI text, Slack blocks,
the Teams card and drafts.  One end-to-end test asks the real CLI about Fed. R. Civ. P. 26(f) (slow tier).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli.render_text import render_answer as render_text
from bot.currency import as_of_label, currency, within
from bot.draft.annotate import comments, currency_notes
from bot.draft.types import Draft
from bot.slack import blocks as B
from bot.teams import cards
from bot.types import Amendment, Answer, Citation, Passage
from indexers.errors import BadDocument
from indexers.load import load_file, meta_from_dict
from teams_support import texts as card_texts

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FRCP_STEM = "Fed. R. Civ. P."
SHIPPED = (Amendment("6(a)(6)", "2023-12-01"), Amendment("15(a)(1)", "2023-12-01"),
           Amendment("72(b)(1)", "2023-12-01"), Amendment("12(a)", "2024-12-01"),
           Amendment("16(b)", "2025-12-01"), Amendment("26(f)", "2025-12-01"))
PREDATES_2025 = "this text predates the amendment of Dec. 1, 2025; check the current rule"
PLAN = "A discovery plan must state the parties’ views and proposals on:"


def rule(section: str, *, pin: str = "", quote: str = "Some words.", superseded=SHIPPED,
         date: str = "2022-12-01", kind: str = "as_amended_to") -> Citation:
    """A citation to the 2022 print of the Federal Rules at `section` (deeper `pin` when the quote is one item)."""
    p = Passage(id=f"frcp::{section}::0", doc_id="frcp", cite=f"{FRCP_STEM} {section}", section=section,
                text=f"({section}) {quote} More words.", title="Federal Rules of Civil Procedure",
                court="United States district courts", doc_type="federal_rules", date=date, date_kind=kind,
                superseded=superseded)
    return Citation(n=1, passage=p, quote=quote, pin=f"{FRCP_STEM} {pin}" if pin else "")


def order(date: str = "2020-06-26") -> Citation:
    p = Passage(id="aol::II.A::0", doc_id="al-otro-lado", cite="Al Otro Lado, Inc. v. Wolf, § II.A", section="§ II.A",
                text="The party asserting the privilege has the burden.", title="Al Otro Lado, Inc. v. Wolf",
                court="S.D. Cal.", doc_type="order", date=date, date_kind="date")
    return Citation(n=2, passage=p, quote="The party asserting the privilege has the burden.")


# ---------------------------------------------------------------- the as-of line

@pytest.mark.parametrize("date,kind,label", [
    ("2022-12-01", "as_amended_to", "as amended to Dec. 1, 2022"),
    ("2020-06-26", "date", "dated June 26, 2020"),
    ("2023-09-05", "date", "dated Sept. 5, 2023"),
    ("unknown", "date", "date unknown"),  # the Segal order: date not in the text, not guessed
    ("", "date", "date unknown"),
    ("", "", "date unknown"),
    ("2022-12-01", "", "Dec. 1, 2022"),  # an index built before the kind of date was stored
])
def test_as_of_label(date, kind, label):
    assert as_of_label(date, kind) == label


# ---------------------------------------------------------------- the warning

# (what, citation, warning or "")
WARNING_CASES = [
    ("inside a superseded part", rule("26(f)(3)"), PREDATES_2025),
    ("equal to a superseded part", rule("26(f)", quote="Conference of the Parties."), PREDATES_2025),
    ("deeper pin inside", rule("16(b)(3)", pin="16(b)(3)(B)"), PREDATES_2025),
    ("2023 Juneteenth", rule("6(a)(6)"), "this text predates the amendment of Dec. 1, 2023; check the current rule"),
    ("2024 Rule 12(a)", rule("12(a)(2)"), "this text predates the amendment of Dec. 1, 2024; check the current rule"),
    ("outside: another subdivision", rule("26(b)(1)"), ""),
    ("outside: a sibling paragraph", rule("15(a)(2)"), ""),
    ("outside: the enclosing subdivision", rule("6(a)"), ""),
    ("outside: a number that only starts alike", rule("72(b)(10)", superseded=(Amendment("72(b)(1)", "2023-12-01"),)), ""),
    ("outside: a rule that ends alike", rule("216(b)", superseded=(Amendment("16(b)", "2025-12-01"),)), ""),
    ("two amendments, both dates", rule("26(f)(3)", superseded=(Amendment("26(f)", "2025-12-01"),
                                                               Amendment("26", "2023-12-01"))),
     "this text predates the amendments of Dec. 1, 2023 and Dec. 1, 2025; check the current rule"),
    ("no superseded parts listed", rule("26(f)(3)", superseded=()), ""),
    ("a document without a date", rule("26(f)(3)", date="", kind=""), PREDATES_2025),
    ("an order", order(), ""),
]


@pytest.mark.parametrize("what,cit,expected", WARNING_CASES, ids=[c[0] for c in WARNING_CASES])
def test_warning_table(what, cit, expected):
    assert currency(cit).warning == expected


@pytest.mark.parametrize("pin,part,expected", [
    ("26(f)", "26(f)", True), ("26(f)(3)(D)", "26(f)", True), ("37-1.2", "37-1", True), ("37-1", "37", True),
    ("26(f)", "26(f)(3)", False), ("26", "2", False), ("§ II.A", "§ II", True), ("§ III", "§ II", False),
    ("", "26(f)", False),
])
def test_within(pin, part, expected):
    assert within(pin, part) is expected


def test_citation_json_carries_as_of_and_warning():
    d = rule("26(f)(3)").as_dict()
    assert (d["as_of"], d["as_of_kind"], d["as_of_label"]) == ("2022-12-01", "as_amended_to", "as amended to Dec. 1, 2022")
    assert d["currency_warning"] == PREDATES_2025
    assert d["superseded_by"] == [{"part": "26(f)", "effective": "2025-12-01"}]
    d = order("unknown").as_dict()
    assert (d["as_of"], d["as_of_label"], d["currency_warning"], d["superseded_by"]) == (None, "date unknown", None, [])


# ---------------------------------------------------------------- metadata: front matter and stored passages

def test_shipped_front_matter_lists_the_later_amendments():
    frcp = load_file(CORPUS / "federal_rules" / "frcp-2022.md").meta
    assert (frcp.date, frcp.date_kind) == ("2022-12-01", "as_amended_to")
    assert frcp.superseded_parts == SHIPPED
    aol = load_file(CORPUS / "orders" / "al-otro-lado-v-wolf-2020.md").meta
    assert (aol.date, aol.date_kind, aol.superseded_parts) == ("2020-06-26", "date", ())


BASE = {"id": "x", "title": "T", "type": "local_rules", "court": "C.D. Cal.", "cite": "C.D. Cal. L.R."}


@pytest.mark.parametrize("value,expected", [
    ([{"part": "37-1", "effective": "2025-12-01"}], (Amendment("37-1", "2025-12-01"),)),
    ([{"part": "C.D. Cal. L.R. 37-1", "effective": "2025-12-01"}], (Amendment("37-1", "2025-12-01"),)),
    ([{"part": "Rule 37-1", "effective": "2025-12-01"}], (Amendment("37-1", "2025-12-01"),)),
    (None, ()),
])
def test_front_matter_superseded_parts(value, expected):
    meta = meta_from_dict({**BASE, "superseded_parts": value}, "x.md")
    assert meta.superseded_parts == expected
    assert meta_from_dict({**BASE, **meta.as_dict()}, "x.md") == meta  # round trip (rulebot corpus add writes it)


@pytest.mark.parametrize("value", [
    "26(f)", [{"part": "37-1"}], [{"part": "37-1", "effective": "soon"}], [{"effective": "2025-12-01"}], ["37-1"],
])
def test_bad_superseded_parts_are_refused_with_the_file_named(value):
    with pytest.raises(BadDocument, match=r"^x\.md: superseded_parts"):
        meta_from_dict({**BASE, "superseded_parts": value}, "x.md")


def test_stored_passage_round_trip_and_older_indexes():
    p = rule("26(f)(3)").passage
    md = json.loads(json.dumps(p.metadata()))  # what passages.jsonl and Chroma hold (scalars only)
    assert all(isinstance(v, (str, int, float)) for v in md.values())
    assert Passage.from_stored(p.id, p.text, md) == p
    old = {k: v for k, v in md.items() if k not in ("date_kind", "superseded")}  # an index built before currency
    back = Passage.from_stored(p.id, p.text, old)
    assert (back.date, back.date_kind, back.superseded) == ("2022-12-01", "", ())
    assert currency(Citation(1, back, "x")).label == "Dec. 1, 2022" and not currency(Citation(1, back, "x")).warning


def test_build_gives_each_passage_its_documents_currency():
    from indexers.build import chunk_all
    from indexers.load import load_corpus

    by_doc, skipped = chunk_all(load_corpus([CORPUS / "federal_rules"]).documents)
    assert not skipped
    p = next(p for p in by_doc["frcp"] if p.section == "26(f)(3)")
    assert (p.date, p.date_kind, p.superseded) == ("2022-12-01", "as_amended_to", SHIPPED)
    assert currency(Citation(1, p, PLAN)).warning == PREDATES_2025


def test_changed_stored_fields_change_the_fingerprint(monkeypatch, tmp_path):
    """An incremental reindex re-stores every passage when what a passage stores changes."""
    from indexers import build

    monkeypatch.setattr(build, "pipeline_fingerprint", lambda: "same-chunking-code")
    before = build.stored_fingerprint()
    (tmp_path / "types.py").write_text("# Passage.metadata() stores one more field\n")
    monkeypatch.setattr(build, "__file__", str(tmp_path / "build.py"))
    after = build.stored_fingerprint()
    assert before != after and before.startswith("same-chunking-code-") and after.startswith("same-chunking-code-")


# ---------------------------------------------------------------- surfaces (answers built by hand)

def currency_answer() -> Answer:
    return Answer(question="What must a Rule 26(f) discovery plan state?", text="The parties' views [1], [2].",
                  citations=(rule("26(f)(3)", quote=PLAN), order()))


def test_cli_text_shows_as_of_with_the_pin_and_the_warning():
    out = render_text(currency_answer())
    assert "[1] Fed. R. Civ. P. 26(f)(3) (as amended to Dec. 1, 2022)" in out
    assert "! This text predates the amendment of Dec. 1, 2025; check the current rule." in out
    assert "[2] Al Otro Lado, Inc. v. Wolf, § II.A (dated June 26, 2020)" in out
    assert out.count("predates") == 1


def test_slack_blocks_show_as_of_and_warning():
    msg = B.render_answer(currency_answer(), key="k")
    heads = [b["text"]["text"] for b in msg.blocks if b.get("accessory", {}).get("action_id", "").startswith(B.SHOW_PASSAGE)]
    assert len(heads) == 2
    assert heads[0].startswith("*[1] Fed. R. Civ. P. 26(f)(3)* (as amended to Dec. 1, 2022)")
    assert ":warning: _This text predates the amendment of Dec. 1, 2025; check the current rule._" in heads[0]
    assert "(dated June 26, 2020)" in heads[1] and "predates" not in heads[1]


def test_teams_card_shows_as_of_and_warning():
    card = cards.answer_card(currency_answer(), key="k")
    body = card_texts(card)
    assert "**[1] Fed. R. Civ. P. 26(f)(3)** (as amended to Dec. 1, 2022)" in body
    assert "⚠ This text predates the amendment of Dec. 1, 2025; check the current rule." in body
    assert "(dated June 26, 2020)" in body and body.count("predates") == 1
    assert "S.D. Cal. · dated June 26, 2020" in body  # the passage's source line


AOL_DATED = "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A"


def pin_line(surface: str, c: Citation) -> str:
    """The line that names citation `c` on `surface`."""
    a = Answer(question="q", text="Words [1].", citations=(c,))
    if surface == "cli":
        return next(line for line in render_text(a).splitlines() if line.startswith("[1] "))
    if surface == "slack":
        return next(b["text"]["text"] for b in B.render_answer(a, key="k").blocks
                    if b.get("accessory", {}).get("action_id", "").startswith(B.SHOW_PASSAGE))
    return next(t for t in card_texts(cards.answer_card(a, key="k")).splitlines() if t.startswith("**[1]"))


@pytest.mark.parametrize("surface", ["cli", "slack", "teams"])
@pytest.mark.parametrize("cite,kind,shown,not_shown", [
    (AOL_DATED, "date", "June 26, 2020", "dated June 26, 2020"),  # the cite names its date: said once
    ("Al Otro Lado, Inc. v. Wolf, § II.A", "date", "(dated June 26, 2020)", ""),
    ("Fed. R. Civ. P. 26(b)(1) (June 26, 2020)", "as_amended_to", "(as amended to June 26, 2020)", ""),
])
def test_a_pin_cite_that_names_its_date_is_not_dated_again(surface, cite, kind, shown, not_shown):
    c = order()
    c = Citation(1, replace(c.passage, cite=cite, date_kind=kind), c.quote)
    line = pin_line(surface, c)
    assert shown in line and line.count("June 26, 2020") == 1 + (kind == "as_amended_to")
    assert not not_shown or not_shown not in line


# ---------------------------------------------------------------- drafts

def test_draft_notes_and_comments_carry_the_warning():
    cits = (rule("26(f)(3)", quote=PLAN), rule("26(c)(1)", quote="The court may, for good cause"))
    notes = currency_notes(cits)
    assert notes == [("Fed. R. Civ. P. 26(f)(3) (as amended to Dec. 1, 2022): " + PREDATES_2025 + ".", PLAN)]
    d = Draft(kind="good-cause", text=f'"{PLAN}"', citations=cits, notes=tuple(n for n, _ in notes), anchors=tuple(notes))
    remarks = comments(d)
    assert [r.kind for r in remarks] == ["citation", "citation", "note"]
    assert all("Currency: as amended to Dec. 1, 2022." in r.text for r in remarks[:2])
    assert "Dec. 1, 2025" in remarks[2].text and remarks[2].anchors == (PLAN,)
    slack = "\n".join(json.dumps(b) for m in B.render_draft(d, title="Good cause") for b in m.blocks)
    assert "This text predates the amendment of Dec. 1, 2025" in slack
    teams = "\n".join(card_texts(r.card) for r in cards.draft_replies(d, title="Good cause") if r.card)
    assert "This text predates the amendment of Dec. 1, 2025" in teams


# ---------------------------------------------------------------- the real CLI (slow tier)

def test_cli_json_as_of_for_rule_26f(cli):
    code, out, _ = cli("ask", "--json", "What must a discovery plan under Rule 26(f) state about claims of privilege?")
    assert code == 0
    cites = json.loads(out)["citations"]
    c = next(c for c in cites if c["cite"].startswith("Fed. R. Civ. P. 26(f)"))
    assert (c["as_of"], c["as_of_kind"], c["as_of_label"]) == ("2022-12-01", "as_amended_to", "as amended to Dec. 1, 2022")
    assert c["currency_warning"] == PREDATES_2025
    assert {"part": "26(f)", "effective": "2025-12-01"} in c["superseded_by"]
    others = [c for c in cites if not c["cite"].startswith(("Fed. R. Civ. P. 26(f)", "Fed. R. Civ. P. 16(b)"))]
    assert all(c["currency_warning"] is None for c in others)
    code, out, _ = cli("ask", "What must a discovery plan under Rule 26(f) state about claims of privilege?")
    assert "(as amended to Dec. 1, 2022)" in out and "This text predates the amendment of Dec. 1, 2025" in out



def test_teams_citation_pop_ups_carry_the_currency_and_a_later_amendment():
    from bot.teams.citations import citation as claim
    from bot.types import Citation, Passage
    from indexers.types import Amendment

    p = Passage(id="f", doc_id="frcp", cite="Fed. R. Civ. P. 26(f)", section="26(f)", text="The parties must confer.",
                court="United States District Courts", date="2022-12-01", date_kind="as_amended_to",
                superseded=(Amendment("26(f)", "2025-12-01"),))
    words = claim(Citation(1, p, "The parties must confer."))["appearance"]["keywords"]
    assert words[:2] == ["as amended to Dec. 1, 2022", "amended Dec. 1, 2025"]
