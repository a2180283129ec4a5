"""Protective-order review over the real served index: (order text, expected finding codes), both ways,
with every finding backed by a verbatim corpus passage; the CLI on Markdown, DOCX and PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.draft.compose import draft
from bot.draft.facts import load_facts
from bot.draft.review import blanket_sealing, check_protective_order, review
from bot.draft.verify import norm, quote_in
from bot.errors import BadDocument

ROOT = Path(__file__).resolve().parent.parent
FLAWED = ROOT / "examples" / "orders" / "flawed-protective-order.md"
GOOD = ROOT / "examples" / "orders" / "good-protective-order.md"

SPECIFIC = """## GOOD CAUSE STATEMENT

This wage case will require production of two categories of confidential information:

1. **Payroll records of non-party employees.** Their disclosure would invade the employees' privacy and expose their bank account numbers to misuse.
2. **Customer contracts.** If competitors learned the negotiated rates they could undercut Defendant's bids, and Defendant would lose customers.
"""

# Clauses of the kind the court's sample order uses: none of them is a problem.
MODEL_CLAUSES = """## 1.1 PURPOSES AND LIMITATIONS

The parties acknowledge that this Order does not confer blanket protections on all disclosures or responses to discovery and that the protection it affords from public disclosure and use extends only to the limited information or items that are entitled to confidential treatment under the applicable legal principles.

## 1.3 ACKNOWLEDGMENT OF PROCEDURE FOR FILING UNDER SEAL

The parties further acknowledge that this Stipulated Protective Order does not entitle them to file confidential information under seal; Civil Local Rule 79-5 sets forth the procedures that must be followed and the standards that will be applied when a party seeks permission from the court to file material under seal.

There is a strong presumption that the public has a right of access to judicial proceedings and records in civil cases. In connection with non-dispositive motions, good cause must be shown to support a filing under seal. Any document that is not confidential, privileged, or otherwise protectable in its entirety will not be filed under seal if the confidential portions can be redacted. If documents can be redacted, then a redacted version for public viewing, omitting only the confidential, privileged, or otherwise protectable portions of the document, shall be filed.

## 5. DESIGNATING PROTECTED MATERIAL

5.1 Exercise of Restraint and Care in Designating Material for Protection. Each Party that designates information for protection under this Order must take care to limit any such designation to specific material that qualifies under the appropriate standards. Mass, indiscriminate, or routinized designations are prohibited. Designations that are shown to be clearly unjustified may expose the Designating Party to sanctions.

5.2 A Party that makes original documents available for inspection need not designate them for protection until after the inspecting Party has indicated which documents it would like copied and produced. During the inspection and before the designation, all of the material made available for inspection shall be deemed "HIGHLY CONFIDENTIAL - ATTORNEYS' EYES ONLY."

## 6. CHALLENGING CONFIDENTIALITY DESIGNATIONS

6.1 Timing of Challenges. Any Party may challenge a designation of confidentiality at any time that is consistent with the Court's Scheduling Order.

6.2 Meet and Confer. The Challenging Party shall initiate the dispute resolution process under Local Rule 37.1 et seq.

6.3 The burden of persuasion in any such challenge proceeding shall be on the Designating Party. Frivolous challenges, and those made for an improper purpose, may expose the Challenging Party to sanctions.

## 11. INADVERTENT PRODUCTION

After being notified, a party must promptly return, sequester, or destroy the specified information and any copies it has; must not use or disclose the information until the claim is resolved; and may promptly present the information to the court under seal for a determination of the claim.

## 12. MISCELLANEOUS

12.1 Right to Further Relief. Nothing in this Order abridges the right of any person to seek its modification by the Court in the future.

12.2 Right to Assert Other Objections. By stipulating to the entry of this Protective Order no Party waives any right it otherwise would have to object to disclosing or producing any information on any ground.

12.3 Filing Protected Material. A Party that seeks to file under seal any Protected Material must comply with Civil Local Rule 79-5. Protected Material may only be filed under seal pursuant to a court order authorizing the sealing of the specific Protected Material at issue. If a Party's request to file Protected Material under seal is denied by the court, then the Receiving Party may file the information in the public record unless otherwise instructed by the court.

## 14. DURATION

Even after final disposition of this litigation, the confidentiality obligations imposed by this Order shall remain in effect until a Designating Party agrees otherwise in writing or a court order otherwise directs. Any violation of this Order may be punished by any and all appropriate measures including, without limitation, contempt proceedings and/or monetary sanctions.
"""

REVIEW_CASES = [
    # name, order text, expected codes (in report order)
    ("flawed example", FLAWED.read_text(), ["no-good-cause-heading", "generic-good-cause", "speculative-harm",
                                            "blanket-sealing", "dispute-procedure"]),
    ("good example", GOOD.read_text(), []),
    ("specific statement alone", SPECIFIC, []),
    ("boilerplate under the heading",
     "## GOOD CAUSE STATEMENT\n\nThis action may involve production of confidential, proprietary, or private "
     "information for which special protection from public disclosure may be warranted. Good cause exists because "
     "disclosure could cause harm.\n", ["generic-good-cause", "speculative-harm"]),
    ("the sample order's generic statement, unedited",
     "STIPULATED PROTECTIVE ORDER\n\n1.2 GOOD CAUSE STATEMENT\n\nThis action is likely to involve trade secrets, "
     "customer and pricing lists and other valuable research, development, commercial, financial, technical and/or "
     "proprietary information for which special protection from public disclosure and from use for any purpose "
     "other than prosecution of this action is warranted. Accordingly, to expedite the flow of information, to "
     "facilitate the prompt resolution of disputes over confidentiality of discovery materials, and serve the ends "
     "of justice, a protective order for such information is justified in this matter. It is the intent of the "
     "parties that information will not be designated as confidential for tactical reasons.\n\n"
     "2. DEFINITIONS\n\n2.1 Action: this lawsuit.\n", ["generic-good-cause"]),
    ("heading run in with the statement",
     "GOOD CAUSE STATEMENT. " + SPECIFIC.split("\n", 2)[2].replace("\n", " "), []),
    ("conclusory, no harm stated",
     "GOOD CAUSE STATEMENT\n\nThe parties will exchange documents they consider confidential.\n\n"
     "2. DEFINITIONS\n\nTerms.\n", ["generic-good-cause"]),
    ("speculation about bad actors",
     SPECIFIC + "3. **Dispatch procedures.** Bad actors could use the procedures to steal cargo.\n",
     ["speculative-harm"]),
    ("harm only said to be possible, after this case's material",
     "## GOOD CAUSE STATEMENT\n\nDiscovery will include Defendant's 2019-2023 margin models for its Southern California "
     "grocery distribution business. Disclosure of these models could potentially cause harm to Defendant.\n",
     ["generic-good-cause", "speculative-harm"]),
    # ... and so is a label said as certain, whoever it falls on (session 35: blind reviewers l, k and c13)
    ("harm in general words only, said as certain",
     "## GOOD CAUSE STATEMENT\n\nDisclosure of confidential information would harm the parties. Such disclosure "
     "would cause competitive harm and serious prejudice to the parties' business.\n",
     ["generic-good-cause", "speculative-harm", "speculative-harm"]),
    # a harm only said to be possible is speculation whoever it falls on (the c3 and c7 reviewers: "may suffer harm",
    # "could be damaging to the commercial interests of the Parties")
    ("harm in general words only, said to be possible",
     "## GOOD CAUSE STATEMENT\n\nDisclosure of confidential information would harm the parties. Such disclosure "
     "could cause competitive harm and serious prejudice to the parties' business.\n",
     ["generic-good-cause", "speculative-harm", "speculative-harm"]),
    ("no good cause at all", "STIPULATED PROTECTIVE ORDER\n\n1. Material may be designated CONFIDENTIAL.\n",
     ["no-good-cause-heading", "no-good-cause-statement"]),
    ("blanket designation",
     SPECIFIC + "\n## 2. DESIGNATION\n\nAll documents produced in this action shall be deemed CONFIDENTIAL.\n",
     ["blanket-designation"]),
    ("temporary designation of transcripts is not blanket",
     SPECIFIC + "\nAll deposition testimony shall be treated as CONFIDENTIAL until thirty days after the transcript "
                "is received.\n", []),
    ("motion for violations without L.R. 37",
     SPECIFIC + "\n## 9. VIOLATIONS\n\nAny Party may file a motion for sanctions for any violation of this Order.\n",
     ["dispute-procedure"]),
    ("challenges through L.R. 37",
     SPECIFIC + "\n## 6. CHALLENGES\n\nA Party that challenges a designation may bring a motion only after complying "
                "with Local Rule 37-1 and presenting the dispute in a joint stipulation under Local Rule 37-2.\n", []),
    ("ex parte even after conferring",
     SPECIFIC + "\n## 6. DISPUTES\n\nAfter meeting and conferring, a Party may resolve any dispute over a designation "
                "by ex parte application.\n", ["dispute-procedure"]),
    ("ex parte excluded",
     SPECIFIC + "\n## 6. DISPUTES\n\nDisputes over designations shall be resolved under Local Rule 37; no Party may "
                "seek relief by ex parte application.\n", []),
    ("sealing under L.R. 79-5",
     SPECIFIC + "\n## 7. FILING\n\nA Party that seeks to file under seal any Protected Material must comply with "
                "Civil Local Rule 79-5.\n", []),
    ("the sample order's other clauses",
     SPECIFIC + "\n" + MODEL_CLAUSES, []),
    ("motion to retain confidentiality instead of L.R. 37",
     SPECIFIC + "\n## 6. CHALLENGES\n\nIf the Parties cannot resolve a challenge without court intervention, the "
                "Designating Party shall file and serve a motion to retain confidentiality within 21 days.\n",
     ["dispute-procedure"]),
    ("agreement to seal",
     SPECIFIC + "\n## 7. FILING\n\nThe Parties agree that any Confidential material will be filed under seal.\n",
     ["blanket-sealing"]),
]


@pytest.mark.parametrize("name,text,codes", REVIEW_CASES, ids=[c[0] for c in REVIEW_CASES])
def test_review_protective_order(engine, name, text, codes):
    findings = review("protective-order", text, engine)
    assert [f.code for f in findings] == codes
    for f in findings:
        assert f.severity in ("error", "warning") and f.message
        # the supporting passage is served by the index at that pin, and the quote is verbatim in it
        passages = [p for p in engine.find_cite(f.cite) if p.cite == f.cite]
        assert passages and any(quote_in(f.quote, p.text) for p in passages), f.cite
        if f.excerpt:
            assert norm(f.excerpt.rstrip("…")) in norm(text)


def test_findings_cite_the_court_that_rejected_them(engine):
    findings = {f.code: f for f in review("protective-order", FLAWED.read_text(), engine)}
    segal = "Order re Stipulated Protective Order (C.D. Cal.) (Segal, M.J.)"
    assert all(f.cite.startswith(segal) for code, f in findings.items() if code != "speculative-harm")
    assert findings["speculative-harm"].cite.endswith("§ II.B")  # "could harm the parties": Al Otro Lado's "vague" concern
    assert "Parties may not agree to file all confidential documents under seal" in findings["blanket-sealing"].quote
    assert "Local Rule 37-1" in findings["dispute-procedure"].quote
    assert "ex parte" in findings["dispute-procedure"].excerpt
    bad_actors = next(text for name, text, _ in REVIEW_CASES if name == "speculation about bad actors")
    spec = review("protective-order", bad_actors, engine)[0]
    assert spec.cite.endswith("§ II.B") and "bad actors" in spec.quote


@pytest.mark.parametrize("facts", [
    None,  # the example: one category has no stated harm (a placeholder)
    {"case_name": "Doe v. Acme Corp.", "case_number": "2:26-cv-00001", "court": "United States District Court for "
     "the Central District of California", "nature_of_case": "Doe alleges Acme breached a supply contract.",
     "parties": ["Jane Doe | Plaintiff", "Acme Corp. | Defendant"],
     "categories": [{"name": "supplier pricing", "harm": "competitors could undercut Acme's bids"}]},
])
def test_no_false_alarms_on_the_bots_own_draft(engine, facts):
    if facts is None:
        facts = load_facts("good-cause", ROOT / "examples" / "facts" / "good-cause.yaml")
    d = draft("good-cause", facts, engine)
    assert review("protective-order", d.text, engine) == []
    assert review("protective-order", GOOD.read_text() + "\n\n" + d.text, engine) == []


# ---------------------------------------------------------------- the CLI



def _as_docx(md: str, path: Path) -> Path:
    from docx import Document

    doc = Document()
    for block in md.split("\n\n"):
        if block.startswith("#"):
            doc.add_heading(block.lstrip("# ").strip(), level=2)
        else:
            doc.add_paragraph(block.strip())
    doc.save(str(path))
    return path


def _as_pdf(md: str, path: Path) -> Path:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = [Paragraph(b.lstrip("# ").replace("&", "&amp;").replace("*", ""),
                       styles["Heading2" if b.startswith("#") else "BodyText"]) for b in md.split("\n\n") if b.strip()]
    SimpleDocTemplate(str(path)).build(story)
    return path


EXPECTED = ["no-good-cause-heading", "generic-good-cause", "speculative-harm", "blanket-sealing", "dispute-procedure"]


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_cli_check_formats(cli, tmp_path, fmt):
    md = FLAWED.read_text()
    path = {"md": lambda: FLAWED, "docx": lambda: _as_docx(md, tmp_path / "order.docx"),
            "pdf": lambda: _as_pdf(md, tmp_path / "order.pdf")}[fmt]()
    code, out, err = cli("check", "protective-order", str(path), "--json")
    assert code == 1, err  # problems found: 1, as a linter exits
    findings = json.loads(out)["findings"]
    assert [f["code"] for f in findings] == EXPECTED
    assert all({"code", "severity", "message", "excerpt", "cite"} <= set(f) for f in findings)


def test_cli_check_text_output_and_own_draft(cli, tmp_path):
    code, out, _ = cli("check", "protective-order", str(FLAWED))
    assert code == 1 and out.startswith("5 problem(s) found:")
    assert "Authority: Order re Stipulated Protective Order" in out
    code, out, _ = cli("draft", "good-cause", "--facts", str(ROOT / "examples" / "facts" / "good-cause.yaml"),
                       "--docx", str(tmp_path / "own.docx"))
    assert code == 0
    code, out, _ = cli("check", "protective-order", str(tmp_path / "own.docx"))
    assert code == 0 and out.strip() == "No problems found of the kinds the court is known to reject."


def test_cli_check_bad_input(cli, tmp_path):
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (tmp_path / "empty.md").write_text("  \n")
    (tmp_path / "latin1.txt").write_bytes("STIPULATED PROTECTIVE ORDER\n\nThe Receiving Party shall not disclose "
                                          "CONFIDENTIAL material of the Producing Party, Soci\xe9t\xe9 Roul\xe9e.\n"
                                          .encode("latin-1"))
    for name, msg in (("missing.md", "does not exist"), ("scan.pdf", "the PDF is damaged"),
                      ("empty.md", "empty")):
        code, out, err = cli("check", "protective-order", str(tmp_path / name))
        assert code == 2 and msg in err, err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    # the one reader: a Windows-1252 text file reviews as it indexes (indexers.extract decodes it)
    code, out, err = cli("check", "protective-order", str(tmp_path / "latin1.txt"))
    assert code == 1 and "Traceback" not in err and "GOOD CAUSE STATEMENT" in out


def test_cli_check_declines_what_is_not_a_protective_order_in_one_line(cli, tmp_path):
    """Issue 22: the README got three "problems"; a document that is not a protective order is declined, exit 2."""
    opinion = ROOT / "corpus" / "orders" / "al-otro-lado-v-wolf-2020.md"
    for path in (ROOT / "README.md", opinion):
        code, out, err = cli("check", "protective-order", str(path))
        assert code == 2 and not out.strip(), (path, out)
        assert "does not read as a protective order" in err and len(err.strip().splitlines()) == 1, err
    code, out, _ = cli("check", "protective-order", str(GOOD))
    assert code == 0 and out.strip() == "No problems found of the kinds the court is known to reject."


@pytest.mark.parametrize("text,declined", [
    ("STIPULATED PROTECTIVE ORDER\n\nThe Receiving Party shall not disclose Protected Material to any Non-Party.", False),
    ("GOOD CAUSE STATEMENT\n\nThis action may involve confidential information.", False),  # the section alone
    ("Dear counsel,\n\nWe write about your client's deposition next week. Please confirm the date. We look forward "
     "to hearing from you. Thank you for the documents you sent. We have reviewed them. They are incomplete.", True),
    ("The motion to compel is granted in part. Plaintiff argues the requests are relevant. The Court agrees in part. "
     "A protective order is in place. Defendants shall produce the logs within 14 days. The remaining requests are "
     "overbroad. The Court declines to award fees. Each side bears its own costs. The hearing is vacated. It is "
     "so ordered. The clerk is directed to close the motion. Counsel is thanked.", True),  # an order, not a PO
    ("NOTICE OF MOTION AND MOTION FOR PROTECTIVE ORDER\n\nThe motion is denied. Each side bears its own costs.", True),
    ("AGREED CONFIDENTIALITY ORDER\n\nThe Receiving Party shall not disclose Highly Confidential material.", False),
    ("#" * 100_000, True),  # one hostile line: declined at once (the title pattern once took the square of its length)
    ("rulebot answers questions about protective orders. It quotes the rules. It drafts a good cause section. "
     "The review reads a Designating Party's clauses. Run make test. The index is rebuilt. Results are cached. The "
     "model is bundled. Slack and Teams are supported. Nothing leaves the machine. The README says more.", True),
])
def test_what_reads_as_a_protective_order(text, declined):
    from bot.draft.review import check

    if declined:
        with pytest.raises(BadDocument, match="does not read as a protective order"):
            check("protective-order", text)
    else:
        assert isinstance(check("protective-order", text), list)


# ---------------------------------------------------------------- blanket sealing, both ways (no model)

BLANKET_SEALING = [
    # positive form
    "All documents designated CONFIDENTIAL that are filed with the Court shall be filed under seal.",
    "The Parties agree that any Confidential material will be filed under seal.",
    "Any Protected Material submitted to the Court must be lodged under seal.",
    "Each Party shall file all CONFIDENTIAL information under seal.",
    "Protected Material shall be filed only under seal.",
    "Confidential documents may only be filed under seal.",
    # negative form
    "Nothing designated CONFIDENTIAL shall be filed except under seal.",
    "No Protected Material shall be filed with the Court other than under seal.",
    "No party shall file any document containing Confidential Information unless it is filed under seal.",
    "In no event shall Confidential material be filed except under seal.",
    "Documents designated HIGHLY CONFIDENTIAL shall not be filed in the public record.",
    "Confidential Information may not be filed publicly.",
    "Designated material shall never be filed on the public docket.",
    "None of the Confidential material may be submitted to the Court except under seal.",
]
NOT_BLANKET_SEALING = [
    "This Order does not by itself authorize the filing of any document under seal.",
    "Nothing in this Order authorizes a Party to file material under seal.",
    "A Party that seeks to file under seal any Protected Material must comply with Civil Local Rule 79-5.",
    "Protected Material may only be filed under seal pursuant to a court order authorizing the sealing of the "
    "specific Protected Material at issue.",
    "No document shall be filed under seal without the Court's approval.",
    "No Party may file material under seal except by application under L.R. 79-5.",
    "Material shall not be filed under seal merely because it is designated CONFIDENTIAL.",
    "If a Party's request to file Protected Material under seal is denied by the court, the Receiving Party may "
    "file the information in the public record.",
    "Nothing designated CONFIDENTIAL shall be filed under seal unless the Court grants an application to seal it.",
    "The parties acknowledge that this Order does not entitle them to file confidential information under seal.",
    "Confidential material shall not be filed except in accordance with the Court's procedures for sealed filings.",
    "A Party may file Confidential material in the public record if the Designating Party consents in writing.",
    "Material filed under seal shall be served on all counsel the same day.",
]


@pytest.mark.parametrize("sentence", BLANKET_SEALING)
def test_blanket_sealing_is_flagged_in_either_form(sentence):
    assert blanket_sealing(sentence)
    codes = [c for c, _ in check_protective_order(SPECIFIC + "\n## 7. FILING\n\n" + sentence + "\n")]
    assert codes == ["blanket-sealing"]


@pytest.mark.parametrize("sentence", NOT_BLANKET_SEALING)
def test_sealing_through_the_court_is_not_flagged(sentence):
    assert not blanket_sealing(sentence)
    assert check_protective_order(SPECIFIC + "\n## 7. FILING\n\n" + sentence + "\n") == []


def test_a_long_unpunctuated_block_is_read_in_linear_time():
    """A 4,000-word block with no sentence end or comma (what a PDF's extraction can give) is reviewed in well under a
    second: 51 s when the reader took quadratic time on it, 0.2 s since (every clause of the tables, run together)."""
    import re
    import time

    import yaml

    words = []
    for table in sorted((ROOT / "tests" / "data").glob("review_clauses_c*.yaml")):
        words += [w for row in yaml.safe_load(table.read_text()) for w in re.sub(r"[.;:,]", "", row["text"]).split()]
    started = time.monotonic()
    check_protective_order("GOOD CAUSE STATEMENT\n\n" + " ".join(words[:4000]))
    assert time.monotonic() - started < 5


# Found by reading the session 34 change: each was read wrongly by a first version of that change.
@pytest.mark.parametrize("finding,text,flag", [
    ("blanket-sealing", "Documents designated CONFIDENTIAL shall be filed under seal, and such filing shall not require "
                        "a further order of the Court.", True),
    ("blanket-sealing", "All CONFIDENTIAL material shall be filed under seal without requiring an order of the Court.",
     True),
    ("blanket-sealing", "Any courtesy copy of a filing containing Protected Material shall be delivered to chambers in a "
                        "sealed envelope and shall not become part of the public record.", False),
    ("dispute-procedure", "Challenges to designations are governed by L.R. 37. However, a Designating Party may seek "
                          "to enforce this Order by ex parte application under L.R. 7-19.", True),
    ("dispute-procedure", "Challenges shall proceed under L.R. 37-1 and 37-2, except that any Party may instead raise "
                          "a challenge ex parte under L.R. 7-19.", True),
    ("speculative-harm", "GOOD CAUSE STATEMENT\n\nThe records describe the diagnoses of the 340 patients of the Lynwood "
                         "clinic, and disclosure would reveal each patient's HIV status to their employers; one could "
                         "hardly imagine a more intimate record.", False),
    ("generic-good-cause", "GOOD CAUSE STATEMENT\n\nDiscovery will include the street addresses of Northwind's 14 Inland "
                           "Empire warehouses and Northwind's 2023 pricing memoranda, which Northwind keeps "
                           "confidential.", True),
])
def test_readings_a_review_of_the_change_found(finding, text, flag):
    assert (finding in {code for code, _ in check_protective_order(text)}) == flag
