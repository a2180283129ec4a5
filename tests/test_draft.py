"""Drafting over the real served index: (facts, elements the draft must contain) tables, citation
verification both ways, the LLM polish with langchain's fake chat models, facts loading, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.draft.compose import draft
from bot.draft.facts import BadFacts, from_form, load_facts, parse_facts
from bot.draft.kinds import KINDS
from bot.draft.typeset import fold
from bot.draft.verify import Corpus, quote_in, verify
from bot.types import Passage

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "examples" / "facts"
AOL = "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § III"
GOOD_CAUSE_HARMS = (
    "their disclosure would invade those employees' privacy and expose their bank and tax information to misuse",
    "if its competitors learned those rates they could undercut Northwind's bids",
)


def _example(kind: str):
    return load_facts(kind, FACTS / f"{kind}.yaml")


# ---------------------------------------------------------------- (facts, elements) tables

DRAFT_CASES = [
    # kind, facts (None = the example file), phrases the draft must contain, placeholders expected missing
    ("good-cause", None,
     ("## GOOD CAUSE STATEMENT", "*Rivera v. Northwind Logistics, Inc.*", "Case No. 2:25-cv-04417-MWF-PVC",
      "**Payroll and timekeeping records of non-party dispatchers.**", "**Customer pricing and route contracts.**",
      "**Employee personnel files.**", *GOOD_CAUSE_HARMS, "Northwind's shipping customers",
      "Fed. R. Civ. P. 26(c)(1)(G)", AOL.replace("Al Otro Lado, Inc. v. Wolf", "*Al Otro Lado, Inc. v. Wolf*")),
     ("SPECIFIC HARM FROM DISCLOSING EMPLOYEE PERSONNEL FILES",)),
    ("good-cause", {"case_name": "Doe v. Acme", "categories": [{"name": "trade secrets", "harm": "x would follow"}]},
     ("*Doe v. Acme*", "**Trade secrets.**", "X would follow.", "[CASE NUMBER]", "[COURT]"),
     ("CASE NUMBER", "COURT", "NAMES OF THE PARTIES", "BRIEF DESCRIPTION OF THE CLAIMS AND DEFENSES IN THIS ACTION")),
    ("good-cause", {},
     ("[CATEGORIES OF CONFIDENTIAL INFORMATION LIKELY TO BE PRODUCED, EACH WITH THE SPECIFIC HARM ITS DISCLOSURE "
      "WOULD CAUSE]",),
     ("CASE NAME", "CASE NUMBER", "COURT", "NAMES OF THE PARTIES",
      "BRIEF DESCRIPTION OF THE CLAIMS AND DEFENSES IN THIS ACTION",
      "CATEGORIES OF CONFIDENTIAL INFORMATION LIKELY TO BE PRODUCED, EACH WITH THE SPECIFIC HARM ITS DISCLOSURE "
      "WOULD CAUSE")),
    ("meet-and-confer", None,
     ("### Issue 1: Request for Production No. 4", "### Issue 2: Interrogatory No. 7",
      "**Order to be sought:** An order compelling Northwind to produce the dispatch logs",
      "within ten (10) days after service of this letter", "*See* Fed. R. Civ. P. 26(b)(1).",
      "- March 9, 2026, 10:00 a.m. to noon", "Counsel for Plaintiff Maria Rivera"),
     ()),
    ("joint-stipulation", None,
     ("| Discovery cut-off | June 30, 2026 |", "| Pretrial conference | October 5, 2026 |",
      "| Trial | November 2, 2026 |", "## TABLE OF CONTENTS",
      "> All dispatch logs showing the start and end times of each dispatcher's shifts",
      "> Defendant objects to this request as overbroad and unduly burdensome.",
      "#### Plaintiff Maria Rivera's contentions and authorities", "conferred on March 10, 2026"),
     ("RESPONDING PARTY'S CONTENTIONS AND AUTHORITIES ON REQUEST FOR PRODUCTION NO. 4",)),
    ("sealing-application", None,
     # one citation for the authority's quoted words; the proposed order a document of its own (its title level 1)
     ("# APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER SEAL",
      "that burden requires a \"particularized showing\" of \"good cause,\"",
      "## DECLARATION OF DANA WHITFIELD", "# [PROPOSED] ORDER GRANTING APPLICATION",
      "| 1 | Exhibit 3 to the Declaration of Dana Whitfield (payroll register excerpt) | pages 2-4 | Plaintiff Maria Rivera |",
      "| 2 | Exhibit 5 to the Declaration of Dana Whitfield (customer rate sheet) | entire document | Defendant Northwind",
      "the showing that it should be sealed is the Designating Party's to make"),
     ("DATE AND PLACE OF SIGNING",)),
    ("sealing-application", {"motion_type": "dispositive", "documents": [{"document": "Exhibit 9"}]},
     ("must show compelling reasons", "[SPECIFIC HARM FROM PUBLIC DISCLOSURE OF EXHIBIT 9]"),
     ("CASE NAME", "CASE NUMBER", "COURT", "PARTY FILING THE APPLICATION",
      "FILING THAT THE SEALED MATERIAL ACCOMPANIES", "DECLARANT (ATTORNEY SIGNING THE DECLARATION)",
      # the caption's attorney block and judge, not given: placeholders (C.D. Cal. L.R. 11-3.8)
      "ATTORNEY NAME", "STATE BAR NO.", "OFFICE ADDRESS", "TELEPHONE", "EMAIL ADDRESS", "ASSIGNED JUDGE",
      "AUTHORITY FOR THE COMPELLING-REASONS STANDARD FOR MATERIAL FILED WITH A DISPOSITIVE MOTION (NOT IN THE CORPUS)",
      "SPECIFIC HARM FROM PUBLIC DISCLOSURE OF EXHIBIT 9", "DATE AND PLACE OF SIGNING")),
]


@pytest.mark.parametrize("kind,facts,phrases,missing", DRAFT_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(DRAFT_CASES)])
def test_draft_contains_elements(engine, kind, facts, phrases, missing):
    d = draft(kind, _example(kind) if facts is None else facts, engine)
    for phrase in phrases:
        assert phrase in d.text, phrase
    assert KINDS[kind].missing_elements(d.text) == []
    for m in missing:  # shown in the text, or in the caption that Word sets in place of the title
        assert m in d.missing and (f"[{m}]" in d.text or any(f"[{m}]" in repr(c) for c in d.captions))
    assert set(d.missing) == set(missing)
    assert d.clean, [c.message for c in d.flags]
    for c in d.citations:  # every quotation is verbatim in the passage the index serves at that pin
        assert engine.find_cite(c.passage.cite)
        assert not c.quote or quote_in(c.quote, c.passage.text)


def test_good_cause_done_when(engine):
    """Three categories, one without a harm: case-specific, given harms, a placeholder, only verified citations."""
    d = draft("good-cause", _example("good-cause"), engine)
    assert d.text.startswith("## GOOD CAUSE STATEMENT")
    assert d.missing == ("SPECIFIC HARM FROM DISCLOSING EMPLOYEE PERSONNEL FILES",)
    assert {c.passage.cite for c in d.citations} == {"Fed. R. Civ. P. 26(c)(1)", AOL}
    assert {c.quote for c in d.citations} >= {"particularized showing", "already publicly available"}
    assert all(c.status in ("ok", "note") for c in d.checks)
    # The local rules are not in the shipped corpus, but the Segal order (C.D. Cal.) cites L.R. 79-5 and 37-1 by
    # number: cited as that order cites them, each with one note to check the rule's text (not "verified")
    assert "(C.D. Cal. L.R. 79-5)" in d.text and "C.D. Cal. L.R. 37-1" in d.text
    for rule in ("C.D. Cal. L.R. 79-5", "C.D. Cal. L.R. 37-1"):
        notes = [n for n in d.notes if rule in n and "not in the corpus; cited as" in n]
        assert len(notes) == 1 and "Segal" in notes[0], d.notes
        assert not any(c.status == "ok" and c.cite == rule for c in d.checks)
    assert d.clean


def test_draft_never_invents_facts(engine):
    d = draft("good-cause", {"case_name": "Doe v. Acme"}, engine)
    for invented in ("Rivera", "Northwind", "Plaintiff", "Defendant"):
        assert invented not in d.text


class _WithLocalRule:
    """The real engine plus one local-rule passage, speaking the engine's lookup protocol."""

    def __init__(self, engine, extra: Passage):
        self.engine, self.extra = engine, extra

    def passages(self):
        return self.engine.passages() + [self.extra]

    def find_cite(self, cite):
        return self.engine.find_cite(cite) + ([self.extra] if self.extra.cite.startswith(cite) else [])


def test_local_rule_in_corpus_is_cited(engine):
    lr = Passage(id="lr-79-5", doc_id="cdcal-lr", cite="C.D. Cal. L.R. 79-5", section="79-5",
                 text="(test passage standing in for the rule's text)", doc_type="local_rules", court="C.D. Cal.")
    d = draft("good-cause", _example("good-cause"), _WithLocalRule(engine, lr))
    assert "(C.D. Cal. L.R. 79-5)" in d.text and d.clean
    assert not any("79-5" in n for n in d.notes)
    assert "C.D. Cal. L.R. 79-5" in {c.passage.cite for c in d.citations}


# ---------------------------------------------------------------- verification tables

VERIFY_CASES = [
    # text, {key: status}
    ('The Court "may, for good cause, issue an order to protect a party or person." Fed. R. Civ. P. 26(c)(1).',
     {"Fed. R. Civ. P. 26(c)(1)": "ok"}),
    ("Fed. R. Civ. P. 26(c)(1)(G) allows it; so does Rule 26(c)(1)(A).",
     {"Fed. R. Civ. P. 26(c)(1)(G)": "ok", "Fed. R. Civ. P. 26(c)(1)(A)": "ok"}),
    (f'"A party seeking to seal a judicial record bears the burden of overcoming the strong presumption of access." '
     f'*{AOL}*. Parties must make a "particularized showing" of "good cause." *Id.* See *Al Otro Lado*, § II.B.',
     {AOL: "ok", AOL.replace("§ III", "§ II.B"): "ok"}),
    ("See Kamakana v. City & Cty. of Honolulu, 447 F.3d 1172, 1178 (9th Cir. 2006); Kamakana, 447 F.3d at 1180. Id.",
     {"447 F.3d 1172": "flag"}),
    ("Todd v. Tempur-Sealy Int'l, Inc., No. 13-cv-04984-JST-MEJ (N.D. Cal. Mar. 6, 2015).",
     {"Todd v. Tempur-Sealy Int'l, Inc., No. 13-cv-04984-JST-MEJ (N.D. Cal. Mar. 6, 2015)": "flag"}),
    # not indexed, but the Segal order (C.D. Cal.) cites them by number: a note, neither verified nor flagged ...
    ("Filing under seal is governed by C.D. Cal. L.R. 79-5 and C.D. Cal. L.R. 37-1, 37-2.",
     {"C.D. Cal. L.R. 79-5": "note", "C.D. Cal. L.R. 37-1": "note", "C.D. Cal. L.R. 37-2": "note"}),
    # ... but without its court a local rule is no court's in particular: unverified
    ("Filing under seal is governed by Local Rule 37-1 and Civil L.R. 79-5.", {"L.R. 37-1": "flag", "L.R. 79-5": "flag"}),
    # ... but a number no indexed order cites, or another court's rule of the same number, is unverified
    ("See C.D. Cal. L.R. 37-3 and N.D. Cal. Civil L.R. 79-5.",
     {"C.D. Cal. L.R. 37-3": "flag", "N.D. Cal. L.R. 79-5": "flag"}),
    ("Fed. R. Civ. P. 26(c)(9); Al Otro Lado, § IX; 28 U.S.C. § 1291.",
     {"Fed. R. Civ. P. 26(c)(9)": "flag", AOL.replace("§ III", "§ IX"): "flag", "28 U.S.C. § 1291": "flag"}),
    ("A placeholder is not authority: [CITE C.D. CAL. L.R. 79-5 ONCE ADDED].", {}),
]


def test_a_quotation_of_a_rule_cited_only_as_an_order_cites_it_is_flagged(engine):
    v = verify('The parties must file "a stipulation signed by all parties within two days" (C.D. Cal. L.R. 37-2). '
               'See C.D. Cal. L.R. 37-1. It requires "a joint stipulation within ten days." *Id.*', Corpus(engine))
    assert not v.clean
    flagged = [c for c in v.checks if c.status == "flag"]
    assert {c.cite for c in flagged} == {"C.D. Cal. L.R. 37-2", "C.D. Cal. L.R. 37-1"}, v.checks
    assert all("cannot be checked" in c.message for c in flagged)


@pytest.mark.parametrize("text,expected", VERIFY_CASES, ids=range(len(VERIFY_CASES)))
def test_verify_citations(engine, text, expected):
    v = verify(text, Corpus(engine))
    got = {}
    for f in v.found:
        got.setdefault(f.key, f.status)
        if f.status == "flag":
            got[f.key] = "flag"
    assert got == expected
    assert v.clean == all(s != "flag" for s in expected.values())


def test_misquote_is_flagged(engine):
    v = verify(f'Sealing needs "a showing of extraordinary and urgent need." *{AOL}*.', Corpus(engine))
    assert not v.clean
    assert [c.code for c in v.checks if c.status == "flag"] == ["misquote"]


# ---------------------------------------------------------------- the LLM polish


def _polished(engine, edit):
    facts = _example("good-cause")
    base = draft("good-cause", facts, engine)
    reply = edit(base.text)
    return base, draft("good-cause", facts, engine, llm=FakeListChatModel(responses=[reply]))


POLISH_CASES = [
    # edit of the template draft, used?, words the note must contain
    (lambda t: t.replace("Discovery in this action is likely to require", "Discovery here will likely require"),
     True, "Polished by the LLM"),
    (lambda t: "```markdown\n" + t.replace("is pending in", "is now pending in") + "```", True, "Polished"),
    (lambda t: t.replace("served for years.", "served for years, costing Northwind $2 million a year."),
     False, "added facts not in the input ($2 million)"),
    (lambda t: t.replace("The Parties will designate", "As Globex Corporation learned, the Parties will designate"),
     False, "added facts not in the input (Globex, Corporation)"),
    (lambda t: t.replace("(S.D. Cal. June 26, 2020), § III.",  # the one citation of the authority, then another
                         "(S.D. Cal. June 26, 2020), § III; *Kamakana v. City & Cty. of Honolulu*, 447 F.3d 1172, "
                         "1180 (9th Cir. 2006)."),
     False, "this decision is not in the corpus"),
    (lambda t: t.replace('"particularized showing"', '"compelling and particularized showing"'),
     False, "could not be verified"),
    (lambda t: t.replace("[SPECIFIC HARM FROM DISCLOSING EMPLOYEE PERSONNEL FILES]",
                         "Disclosure would embarrass employees."),
     False, "dropped placeholders"),
    (lambda t: t.replace("## GOOD CAUSE STATEMENT", "## Statement of Good Cause"), False, "GOOD CAUSE STATEMENT"),
    (lambda t: t.replace(" and not for any tactical reason,", ""), False, "no designations for tactical reasons"),
]


@pytest.mark.parametrize("edit,used,note", POLISH_CASES, ids=range(len(POLISH_CASES)))
def test_llm_polish_is_checked(engine, edit, used, note):
    base, d = _polished(engine, edit)
    assert (d.drafter == "llm") is used
    assert note in d.notes[-1]
    assert d.clean
    if not used:
        assert d.text == base.text


def test_llm_failure_returns_template_draft(engine):
    class Broken(FakeListChatModel):
        def _call(self, *args, **kwargs):
            raise ConnectionError("provider down")

    facts = _example("good-cause")
    d = draft("good-cause", facts, engine, llm=Broken(responses=["unused"]))
    assert d.drafter == "template" and "could not polish" in d.notes[-1]


# ---------------------------------------------------------------- facts


BAD_FACTS = [
    ({"colour": "red"}, "Unknown field(s) for 'good-cause': colour"),
    ({"case_name": ["a", "b"]}, "case_name should be text"),
    ({"categories": [{"name": "x", "risk": "y"}]}, "categories[1] has unknown field(s) risk"),
    ({"categories": "x", "parties": 3}, "parties should be a list"),
]


@pytest.mark.parametrize("data,message", BAD_FACTS, ids=range(len(BAD_FACTS)))
def test_bad_facts(data, message):
    with pytest.raises(BadFacts) as exc:
        parse_facts("good-cause", data)
    assert message in str(exc.value) and "\n" not in str(exc.value)


def test_facts_choices_and_forms(tmp_path):
    with pytest.raises(BadFacts, match="motion_type should be one of"):
        parse_facts("sealing-application", {"motion_type": "maybe"})
    f = from_form("good-cause", {"case_name": "Doe v. Acme", "categories": "payroll | would reveal pay\n\nfiles"})
    assert f.get("categories") == ({"name": "payroll", "harm": "would reveal pay"}, {"name": "files", "harm": ""})
    p = tmp_path / "f.json"
    p.write_text(json.dumps({"case_name": "Doe v. Acme", "kind": "good-cause"}))
    assert load_facts("good-cause", p).get("case_name") == "Doe v. Acme"
    p.write_text("{not json")
    with pytest.raises(BadFacts, match="not valid JSON"):
        load_facts("good-cause", p)
    with pytest.raises(BadFacts, match="There is no draft kind"):
        parse_facts("motion-in-limine", {})


# ---------------------------------------------------------------- the CLI



def test_cli_draft_json_and_docx(cli, tmp_path):
    out_docx = tmp_path / "gc.docx"
    code, out, err = cli("draft", "good-cause", "--facts", str(FACTS / "good-cause.yaml"), "--json",
                         "--docx", str(out_docx))
    assert code == 0, err
    data = json.loads(out)
    assert {"kind", "text", "citations", "missing", "checks"} <= set(data)
    assert data["kind"] == "good-cause" and data["clean"] is True
    assert data["missing"] == ["SPECIFIC HARM FROM DISCLOSING EMPLOYEE PERSONNEL FILES"]
    assert {c["cite"] for c in data["citations"]} == {"Fed. R. Civ. P. 26(c)(1)", AOL}
    from docx import Document

    doc = Document(str(out_docx))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads == ["GOOD CAUSE STATEMENT"]  # the filing text only: authorities and notes are comments
    body = fold("\n".join(p.text for p in doc.paragraphs))[0]  # typographic quotes, cites bound: folded back
    assert GOOD_CAUSE_HARMS[0] in body and "[SPECIFIC HARM FROM DISCLOSING EMPLOYEE PERSONNEL FILES]" in body
    # one comment per authority, however many of its words the draft quotes
    assert len(list(doc.comments)) == len({c["cite"] for c in data["citations"]}) + len(data["missing"]) + len(data["notes"])


def test_cli_draft_into_the_firm_template(cli, tmp_path):
    import sys

    from docx import Document

    sys.path.insert(0, str(ROOT / "examples"))
    try:
        from make_firm_template import make
    finally:
        sys.path.pop(0)
    template = make(tmp_path / "firm.docx")
    out = tmp_path / "firm-out.docx"
    code, _, err = cli("draft", "good-cause", "--facts", str(FACTS / "good-cause.yaml"), "--docx", str(out),
                       "--template", str(template), "--notes", str(tmp_path / "notes.md"))
    assert code == 0, err
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert "GOOD CAUSE STATEMENT" in texts and not any("{{" in t for t in texts)
    assert "WHITFIELD & OCHOA LLP" in doc.sections[0].header.paragraphs[0].text
    assert "[SPECIFIC HARM FROM DISCLOSING EMPLOYEE PERSONNEL FILES]" in (tmp_path / "notes.md").read_text()
    code, _, err = cli("draft", "good-cause", "--facts", str(FACTS / "good-cause.yaml"), "--docx", str(out),
                       "--template", str(tmp_path / "none.docx"))
    assert code == 2 and "does not exist" in err and len(err.strip().splitlines()) == 1


def test_cli_draft_text_and_errors(cli, tmp_path):
    code, out, _ = cli("draft", "meet-and-confer", "--facts", str(FACTS / "meet-and-confer.yaml"))
    assert code == 0 and "Authorities cited (verified against the corpus):" in out
    assert "Status: all citations verified" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_name: [unclosed\n")
    for argv, msg in ((("draft", "good-cause", "--facts", str(bad)), "not valid YAML"),
                      (("draft", "good-cause", "--facts", str(tmp_path / "none.yaml")), "does not exist")):
        code, out, err = cli(*argv)
        assert code == 2 and msg in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_unverifiable_authority_in_the_facts_is_flagged(engine, cli, tmp_path):
    """Authority the user supplies is printed as given but checked: one not in the corpus makes the draft unclean."""
    facts = _example("meet-and-confer").as_dict()
    facts["issues"][1]["authority"] = "Kamakana v. City & Cty. of Honolulu, 447 F.3d 1172, 1180 (9th Cir. 2006)"
    d = draft("meet-and-confer", facts, engine)
    assert not d.clean
    assert [c.cite for c in d.flags] == ["447 F.3d 1172"]
    assert "Fed. R. Civ. P. 26(b)(1)" in {c.passage.cite for c in d.citations}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(facts))
    code, out, _ = cli("draft", "meet-and-confer", "--facts", str(path))
    assert code == 0 and "NOT VERIFIED" in out and "1 citation problem(s)" in out


def test_chat_front_ends_get_the_same_draft_function_as_the_cli(make_settings):
    """`drafter(settings)`: plain `draft` without RULEBOT_LLM; an unusable LLM spec falls back to it."""
    import functools

    from bot.draft.compose import draft, drafter

    assert drafter(make_settings()) is draft
    assert drafter(make_settings(llm="no-such-provider:model")) is draft
    polished = drafter(make_settings(llm="openai:gpt-4o-mini"))
    assert polished is draft or (isinstance(polished, functools.partial) and "llm" in polished.keywords)
