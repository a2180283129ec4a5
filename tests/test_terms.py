"""Terms beside the shipped documents (indexers/terms.py): every passage has a line, no line was written
from evaluation questions, the line is a search view and never a quote; and the grammar of references
(indexers/grammar.py) that decides which rule set a question is about.  Fast tier: no model, no index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answering.normalize import expand
from bot.answering.query import parse_question
from indexers.build import chunk_all
from indexers.chunk import TERMS_VIEW_CHARS, passage_views, terms_windows
from indexers.grammar import other_bodies, rule_refs
from indexers.lexical import tokenize
from indexers.load import load_corpus
from indexers.terms import (attach_terms, clean_generated, load_terms, overlaps, passage_key, shared_run,
                            sidecar_path, write_terms)
from indexers.types import Passage

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
QUESTION_FILES = sorted((ROOT.parent / "shared" / "eval").glob("*.jsonl")) + sorted((ROOT / "bench").glob("*.jsonl"))


@pytest.fixture(scope="module")
def shipped():
    loaded = load_corpus([CORPUS])
    by_doc, skipped = chunk_all(loaded.documents)
    assert not skipped
    return loaded.documents, by_doc


def test_every_shipped_passage_has_terms_and_no_key_is_stale(shipped):
    docs, by_doc = shipped
    for doc in docs:
        assert sidecar_path(doc.path).is_file(), f"{doc.path} has no terms file"
        passages = by_doc[doc.id]
        assert all(p.terms for p in passages), [p.cite for p in passages if not p.terms][:5]
        keys = {passage_key(passages, i) for i in range(len(passages))}
        assert set(doc.terms) <= keys, sorted(set(doc.terms) - keys)[:5]


def test_no_terms_line_shares_six_words_with_an_evaluation_question(shipped):
    """The terms are written from the rules, never from questions: no line shares six consecutive words
    with any question in ../shared/eval/ or bench/."""
    questions = [json.loads(line)["question"] for f in QUESTION_FILES
                 for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert questions, "no question files found"
    docs, _ = shipped
    lines = [(f"{d.id} {k}", v) for d in docs for k, v in d.terms.items()]
    assert overlaps(lines, questions, 6) == []


def test_terms_are_a_view_of_their_passage_never_its_text(shipped):
    _, by_doc = shipped
    p = next(p for p in by_doc["frcp"] if p.section == "36(a)(3)")
    views = passage_views(p)
    terms = [v for v in views if "#t" in v.id]
    assert terms and views[-len(terms):] == terms  # after the text's views
    if len(p.terms) <= TERMS_VIEW_CHARS:
        assert [v.id for v in terms] == [f"{p.id}#t"] and p.terms in terms[0].text
    else:  # a long line in windows of whole phrases, which together hold every phrase
        assert [v.id for v in terms] == [f"{p.id}#t.{i}" for i in range(1, len(terms) + 1)]
        held = [x.strip() for v in terms for x in v.text.split("\n", 1)[1].split(";")]
        assert held == [x.strip() for x in p.terms.split(";") if x.strip()]
    assert p.terms not in p.text and all(v.passage_id == p.id for v in views)


@pytest.mark.parametrize("terms,windows", [
    ("", []),
    ("motion to compel; MTC", []),  # one window already: the whole line is the view
    ("; ".join(["a" * 100, "b" * 100, "c" * 100]), ["a" * 100 + "; " + "b" * 100, "c" * 100]),
    ("x" * 300 + "; y", ["x" * 300, "y"]),  # a phrase longer than a window is one window of its own
    ("z" * 300, []),  # one phrase, however long, is one view: the line's own
    ("; ".join(["a" * 100, "", "b" * 150]), ["a" * 100, "b" * 150]),  # empty phrases dropped
])
def test_a_long_terms_line_is_cut_between_its_phrases(terms, windows):
    assert terms_windows(terms, size=240) == windows


@pytest.mark.parametrize("keys,terms,expect_terms,expect_stale", [
    (["1", "2"], {"1": "a; b"}, ["a; b", ""], ()),
    (["1", "1"], {"1": "first", "1 #2": "second"}, ["first", "second"], ()),
    (["1"], {"9": "gone"}, [""], ("9",)),
    (["1"], {}, [""], ()),
    # a line is indexed with its shorthand written out, as a question's is
    (["1"], {"1": "OC served rogs; D's MTC; 30b6 depo; 26f conf"},
     ["opposing counsel served interrogatories; defendant's motion to compel; 30(b)(6) deposition; 26(f) conference"], ()),
])
def test_attach_terms_table(keys, terms, expect_terms, expect_stale):
    ps = [Passage(id=f"d::{k}::{i}", doc_id="d", cite=f"R. {k}", section=k, text="T.") for i, k in enumerate(keys)]
    out, stale = attach_terms(ps, terms)
    assert [p.terms for p in out] == expect_terms and stale == expect_stale


def test_a_terms_line_in_shorthand_meets_a_question_in_shorthand():
    """The terms line's "rogs" and a question's "rogs" are one search word (both written out), and so are the
    parties' letters and compact rule numbers."""
    p = Passage(id="d::1::0", doc_id="d", cite="R. 1", section="1", text="T.")
    (attached,), _ = attach_terms([p], {"1": "OC served rogs with the complaint; P's 26f conf"})
    question = tokenize(expand("can OC serve rogs before the 26f conf? P wants to know"))
    assert {"oppos", "counsel", "interrogatori", "plaintiff", "26(f)", "confer"} <= set(question) & set(tokenize(attached.terms))


def test_sidecar_round_trip_and_bad_sidecar_is_one_line(tmp_path):
    doc = tmp_path / "local.md"
    doc.write_text("x", encoding="utf-8")
    write_terms(doc, {"37-1": 'meet and confer; "pre-filing" conference', "§ II.A #2": "holding"})
    assert load_terms(doc) == {"37-1": 'meet and confer; "pre-filing" conference', "§ II.A #2": "holding"}
    sidecar_path(doc).write_text("- a\n- b\n", encoding="utf-8")
    from indexers.errors import BadDocument

    with pytest.raises(BadDocument) as e:
        load_terms(doc)
    assert "\n" not in str(e.value) and "terms" in str(e.value)


def test_generated_terms_drop_quotes_of_the_passage():
    passage = "A party may serve on any other party a request to admit, for purposes of the pending action only."
    line = 'requests for admission; RFAs; "a party may serve on any other party a request to admit, for purposes"; deemed admitted'
    cleaned = clean_generated(line, passage)
    assert cleaned == "requests for admission; RFAs; deemed admitted"
    assert not shared_run(cleaned, passage, 12)


# --- the grammar: which rule set, which body of law -----------------------------------------------------

@pytest.mark.parametrize("text,expect", [
    ("Under L.R. 37-2.2 and Rule 26(c)", [("local", "37-2.2", ""), ("federal", "26(c)", "")]),
    ("what does FRCP 26(c) say", [("federal", "26(c)", "")]),
    ("a 12(b)(6) motion", [("federal", "12(b)(6)", "")]),
    ("criminal rule 16 disclosures", [("other", "16", "Fed. R. Crim. P.")]),
    ("Rule 16 of the Federal Rules of Criminal Procedure", [("other", "16", "Fed. R. Crim. P.")]),
    ("Fed. R. Crim. P. 17(c) subpoena", [("other", "17(c)", "Fed. R. Crim. P.")]),
    ("FRE 502(d) order", [("other", "502(d)", "Fed. R. Evid.")]),
    ("evidence rule 803", [("other", "803", "Fed. R. Evid.")]),
    ("FRAP 4(a)(1)(A)", [("other", "4(a)(1)(A)", "Fed. R. App. P.")]),
    ("bankruptcy rule 7026", [("other", "7026", "Fed. R. Bankr. P.")]),
    ("9th Cir. R. 27-1", [("other", "27-1", "9th Cir. R.")]),
])
def test_rule_refs_table(text, expect):
    assert [(r.kind, r.number, r.code) for r in rule_refs(text)] == expect


@pytest.mark.parametrize("text,court", [
    ("N.D. Cal. Civil L.R. 79-5", "N.D. Cal."),
    ("C.D. Cal. L.R. 37-1", "C.D. Cal."),
    ("L.R. 37-1", ""),
])
def test_local_rule_keeps_its_court(text, court):
    (ref,) = rule_refs(text)
    assert ref.kind == "local" and ref.court == court


APPELLATE = ["appellate jurisdiction before final judgment (28 U.S.C. §§ 1291, 1292)"]


@pytest.mark.parametrize("text,labels", [
    ("what's the filing fee for a new complaint", ["court filing fees"]),
    ("how much does it cost to file an appeal", ["court filing fees"]),
    ("deadline to respond to rogs in California superior court", ["California state court procedure"]),
    ("CCP 2030.300 motion to compel further responses", ["Cal. Code Civ. Proc. 2030.300"]),
    ("NY CPLR 3212(a) deadline after the note of issue", ["New York state court procedure (CPLR)"]),
    ("is delaware chancery rule 26 the same as the federal one", ["state court procedure"]),
    ("how long to file a petition for cert after rehearing is denied", ["U.S. Supreme Court rules (certiorari)"]),
    ("28 usc 1927 sanctions: is bad faith required?", ["28 U.S.C. § 1927"]),
    ("attorney's fees under the lanham act for an exceptional case", ["federal statutes (Lanham Act)"]),
    ("title vii deadline to file an EEOC charge", ["federal statutes (Title VII)"]),
    ("what's judge segal's page limit for a discovery motion?",
     ["page and word limits (the court's local rules and judges' procedures)"]),
    # another body of law asked about by its own terms of art, which the civil rules never use
    ("is a settlement communication admissible to prove liability?", ["Fed. R. Evid. (the law of evidence)"]),
    ("can a lay witness give an opinion on what caused the crash", ["Fed. R. Evid. (the law of evidence)"]),
    ("hearsay exception for business records?", ["Fed. R. Evid. (the law of evidence)"]),
    ("how long does the government have to indict after arrest", ["Fed. R. Crim. P. (criminal cases)"]),
    ("when must a prosecutor turn over Brady material", ["Fed. R. Crim. P. (criminal cases)"]),
    ("D filed for bankruptcy - is our case stayed?", ["Fed. R. Bankr. P. (bankruptcy cases)"]),
    ("can we still remove after 30 days from service", ["removal and remand (28 U.S.C. §§ 1441-1447)"]),
    ("how long do we have to remove a case from state court", ["removal and remand (28 U.S.C. §§ 1441-1447)"]),
    ("is it too late to remove?", ["removal and remand (28 U.S.C. §§ 1441-1447)"]),
    ("what's the amount in controversy for diversity", ["diversity jurisdiction (28 U.S.C. § 1332)"]),
    ("28 usc 1332 amount in controversy", ["28 U.S.C. § 1332"]),  # the citation says it once
    ("standard for a 1404(a) motion", ["transfer of venue (28 U.S.C. §§ 1404, 1406)"]),
    ("what rate is post-judgment interest", ["interest on judgments (28 U.S.C. § 1961)"]),
    ("can the employer compel arbitration of the wage claims", ["the Federal Arbitration Act"]),
    ("can i email the other side's client directly if their lawyer ignores me",
     ["the rules of professional conduct (lawyers' ethics)"]),
    ("how do we get admitted pro hac vice in CDCA", ["the court's local rules on attorney admission (pro hac vice)"]),
    ("what goes in the excerpts of record on appeal", ["Fed. R. App. P. (appeals and circuit rules)"]),
    ("fees under section 1988 for a prevailing plaintiff", ["federal statutes (42 U.S.C. § 1988)"]),
    ("is our GC's email to the CEO privileged?", ["the law of attorney-client privilege (Fed. R. Evid. 501 and state law)"]),
    ("what do we need for the crime-fraud exception", ["the law of attorney-client privilege (Fed. R. Evid. 501 and state law)"]),
    ("the witness took the fifth at her depo - adverse inference?",
     ["the privilege against self-incrimination (Fifth Amendment)"]),
    ("can we take an interlocutory appeal of the order denying our MTD", 
     APPELLATE),
    ("what's the likelihood of success standard for a TRO",
     ["the case law on preliminary relief (likelihood of success, sliding scale)"]),
    ("what is the standard for a preliminary injunction under winter",
     ["the case law on preliminary relief (likelihood of success, sliding scale)"]),
    ("can we get punitive damages for breach of contract", ["the substantive law of damages (state law and statutes)"]),
    ("are treble damages available under the statute", ["the substantive law of damages (state law and statutes)"]),
    ("what's the PI standard", ["the case law on preliminary relief (likelihood of success, sliding scale)"]),
    ("elements to get a PI in the 9th cir", ["the case law on preliminary relief (likelihood of success, sliding scale)"]),
    ("how long to file an EEOC charge", ["federal employment statutes (Title VII, ADEA, ADA)"]),
    ("can the court take judicial notice of a government website", ["Fed. R. Evid. (the law of evidence)"]),
    ("do all defendants have to consent to removal", ["removal and remand (28 U.S.C. §§ 1441-1447)"]),
    ("does the bankruptcy automatic stay reach the non-debtor co-defendant", ["Fed. R. Bankr. P. (bankruptcy cases)"]),
    ("can we bring an anti-SLAPP motion in federal court", ["state law (anti-SLAPP statutes)"]),
    ("elements of the deliberative process privilege for agency docs",
     ["the law of other privileges (Fed. R. Evid. 501: deliberative process, state secrets, and others)"]),
    ("how does the gov't invoke the state secrets privilege",
     ["the law of other privileges (Fed. R. Evid. 501: deliberative process, state secrets, and others)"]),
    ("is the psychotherapist-patient privilege waived by a garden-variety emotional distress claim",
     ["the law of other privileges (Fed. R. Evid. 501: deliberative process, state secrets, and others)"]),
    ("what's the compelling reasons test to seal", [
        "the compelling-reasons standard for sealing dispositive motions' records (Ninth Circuit case law)"]),
    ("standard to seal exhibits to our MSJ", [
        "the compelling-reasons standard for sealing dispositive motions' records (Ninth Circuit case law)"]),
    ("can we file the summary judgment exhibits under seal", [
        "the compelling-reasons standard for sealing dispositive motions' records (Ninth Circuit case law)"]),
    ("what showing to seal exhibits to a non-dispositive discovery motion", []),  # Al Otro Lado states it
    ("good cause v. compelling reasons - which standard for sealing exhibits to a discovery motion?", []),
    ("is the law enforcement privilege qualified", []),
    ("what does the official information privilege protect", []),  # another name Al Otro Lado gives
    ("are agency emails admissible as business records under 803(6)", ["Fed. R. Evid. (the law of evidence)"]),
    ("brady: must the prosecution disclose impeachment material", ["Fed. R. Crim. P. (criminal cases)"]),
    ("what do we need for 1292(b) certification", APPELLATE),
    ("can we seek mandamus from the circuit on the privilege ruling",
     APPELLATE),
    ("9th cir standard of review for a discovery sanction", ["appellate standards of review (circuit case law)"]),
    ("does the 362 automatic stay reach our case now that D filed ch 11", ["Fed. R. Bankr. P. (bankruptcy cases)"]),
    ("bankruptcy: how broad is a rule 2004 exam", ["Fed. R. Bankr. P. (bankruptcy cases)"]),
    ("ex parte app: how much notice to OC", ["the court's local rules on ex parte applications"]),
    ("how do we prove the lodestar", ["attorney's fee case law (lodestar, reasonable rates)"]),
    ("what per-page rate can the reporter charge for the transcript", ["prices and market rates (court reporters, vendors)"]),
    ("judge X's chambers rules on discovery disputes", ["the judge's own procedures (chambers copies, hearing days, standing orders)"]),
    ("nken factors for a stay", ["the case law on preliminary relief (likelihood of success, sliding scale)"]),
    # the civil rules' own subjects, in those bodies' words
    ("how long before we can execute on the judgment - is there an automatic stay like in bankruptcy?", []),
    ("standard of review when the district judge reviews the magistrate judge's discovery order", []),
    ("can we get a TRO ex parte without notice", []),
    ("we have 14 days under rule 72 to object", []),
    ("who pays for the deposition transcript", []),
    # the federal rules' own words are not another body of law
    ("we removed the case from state court; when is our answer due", []),
    ("can the depo of a witness who died be used at trial, is it admissible", []),
    ("do we need a disclosure statement naming citizenship in a diversity case", []),
    ("is execution on the judgment under the automatic stay for 30 days", []),
    ("does the automatic stay of a judgment last 30 days", []),
    ("can we serve the motion on the represented party directly", []),
    ("can we use the dead witness's depo at trial or is it hearsay?", []),
    ("is it ethical to tell the witness not to answer at a depo?", []),
    ("were the SENTRI images privileged in AOL", []),
    ("class cert denied - how long to petition for permission to appeal", []),
    # a reviewer's civil questions in those bodies' words
    ("can the designating party remove the confidential designation without consent of the other side", []),
    ("is the settlement agreement discoverable even if it would not be admissible at trial", []),
    ("are the RFA admissions admissible to prove the same fact in another lawsuit", []),
    ("we inadvertently produced documents protected by the attorney-client privilege; how do we claw them back", []),
    ("do we have to log documents withheld under the common interest doctrine", []),
    ("co-defendant was joined after removal - when is its answer due", []),
    ("in a diversity jurisdiction case what must an LLC say about its members' citizenship", []),
    ("how does the court balance of hardships when deciding whether to enter a protective order", []),
    ("can we contact a nonparty witness without notifying the other side before serving a subpoena", []),
    ("page 1404 of the transcript was designated confidential - how do we challenge it", []),
    ("SJ on one claim: can we get final judgment on that claim and appeal now", []),
    ("can we get an injunction pending an interlocutory appeal", []),
    ("does a pending fee motion extend the time to file a notice of appeal", []),
    ("clerk never sent notice of entry of judgment - does the appeal deadline still run", []),
    ("P voluntarily dismissed the same claim in state court before; does a second dismissal here count", []),
    ("they dropped the claim once in state court and now want to drop it again here", []),
    ("can the court consider an expert's declaration on german law even if it's hearsay", []),
    ("after removal, when is our answer due if we were served before the notice of removal", []),
    ("do we have to log the privileged emails with outside counsel", []),
    ("we accidentally produced an email with outside counsel - is it still privileged", []),
    ("motion to suppress a deposition because the officer was disqualified", []),
    ("does Rule 81 apply to a petition to confirm an arbitration award", []),
    ("can a witness named Rico be deposed twice", []),
    ("can the expert's fees be shifted to the party seeking discovery", []),
    ("attorney's fees after a motion to compel is granted", []),
    # the civil rules' own, though a word of another body is in them (session 37)
    ("appeal is pending and a witness is moving overseas. can we depo him now in case of a remand?", []),
    ("D removed last week. can we move to remand?", ["removal and remand (28 U.S.C. §§ 1441-1447)"]),
    ("their MSJ relies on hearsay emails. can we object that it's inadmissible?", []),
    ("judge let in a hearsay exhibit but it didn't matter to the verdict. enough for a new trial?", []),
    ("is the 911 call hearsay?", ["Fed. R. Evid. (the law of evidence)"]),
    ("the judgment miscalculated prejudgment interest. deadline to move to alter or amend it?", []),
    ("how is prejudgment interest calculated?", ["interest on judgments (28 U.S.C. § 1961)"]),
    ("court dismissed 2 of our 5 claims. can we appeal now or wait for the rest of the case?", []),
    ("counsel never objected to a wrong jury instruction. any way to raise it on appeal now?", []),
    ("can we still file a petition for a writ of mandamus in district court?", []),
    ("can we petition the 9th cir for mandamus to undo the discovery order?",
     APPELLATE),
    ("can we appeal the denial of our MSJ right away", APPELLATE),  # the order named between (session 40)
    ("can we appeal the order compelling production immediately", APPELLATE),
    ("we missed the appeal deadline due to lack of notice of the judgment. any relief?", []),
    ("the dismissal order was never entered as a separate document. when is judgment entered for appeal purposes?", []),
    ("the court entered judgment yesterday - what's our deadline for a notice of appeal?",
     ["Fed. R. App. P. 4 (time to appeal)"]),
    # ... and what stays another body's (a reviewer's probes of the above)
    ("can we seek a writ of mandamus from the ninth circuit to vacate the district court discovery order?",
     APPELLATE),
    ("is a remand order appealable?", ["removal and remand (28 U.S.C. §§ 1441-1447)"]),
    ("after remand from the 9th circuit, do we need a new scheduling conference?", []),
    ("what is the correct rate for postjudgment interest?", ["interest on judgments (28 U.S.C. § 1961)"]),
    ("no notice of appeal was filed yet. what is the deadline to appeal?", ["Fed. R. App. P. 4 (time to appeal)"]),
    ("the judge gave instructions at the hearing to produce everything. can we appeal that now?",
     APPELLATE),
    ("judge denied our motion to dismiss for one of the defendants. can we appeal immediately?",
     APPELLATE),
    ("in the new trial, can they introduce prior bad acts?", ["Fed. R. Evid. (the law of evidence)"]),
    # session 42: bodies of law the corpus does not hold, in the words lawyers use for them
    ("what rate of interest accrues on a federal money judgment", ["interest on judgments (28 U.S.C. § 1961)"]),
    ("in arbitration, can the panel order a nonparty to produce documents", ["the Federal Arbitration Act"]),
    ("does work product protection apply in arbitration", ["the Federal Arbitration Act"]),
    ("should we file a grievance with the state bar about OC's conduct", ["the rules of professional conduct (lawyers' ethics)"]),
    ("does the privilege cover emails copied to our outside PR consultant", ["the law of attorney-client privilege (Fed. R. Evid. 501 and state law)"]),
    ("what is the punishment for perjury at a deposition", ["the criminal law of perjury (18 U.S.C. §§ 1621, 1623)"]),
    ("does the PSLRA stay discovery while the motion to dismiss is pending", ["federal statutes (PSLRA)"]),
    ("what are the elements of a negligent misrepresentation claim", ["the substantive law of claims and defenses (their elements)"]),
    # ... a claim named by what it is, without the word "claim" (session 48)
    ("elements of tortious interference with contract under texas law?", ["the substantive law of claims and defenses (their elements)"]),
    ("what are the elements of unjust enrichment", ["the substantive law of claims and defenses (their elements)"]),
    ("our answer admits two elements of negligence - can we withdraw that?", []),
    # ... not a rule's use of those words, nor a step in the case about them (a reviewer's probes, session 48)
    ("what are the elements of fraud or misconduct to reopen a judgment?", []),
    ("can we bifurcate trial so the elements of breach of contract are tried before damages?", []),
    ("does the defendant have to deny the elements of negligence specifically in the answer?", []),
    ("stipulate to the elements of breach of contract so we only try damages", []),
    ("elements of negligent spoliation", []),
    # ... and the rules' own questions in those words
    ("we waived arbitration by not pleading arbitration and award, is that right", []),
    ("what goes in the caption besides counsel's state bar number", []),
    ("do we have to plead all the elements of fraud with particularity", []),
    ("partial SJ on the damages elements of the claim - allowed?", []),
    ("a year in, D says there's no complete diversity. can it still raise that?", []),
    ("appeal after a bench trial - how are the judge's findings of fact reviewed", []),
    ("we inadvertently produced a privileged memo - does the privilege still protect it", []),
    # a reviewer's probes of the above (session 42)
    ("the case was stayed while the parties are in arbitration; does the 90-day service clock keep running?", []),
    ("can we use depositions taken in the arbitration at trial here?", []),
    ("AAA Insurance was served last month and has not answered - can we get a default?", []),
    ("what are the elements of a claim for relief?", []),
    ("can we serve a request for admission on the elements of their claim?", []),
    ("does the privilege cover communications between our lawyer and our testifying expert?", []),
    ("does a supersedeas bond have to cover interest on the judgment?", []),
    ("does dismissal of the complaint with prejudice amount to the bar of claim preclusion?", []),
    ("complete diversity is lacking; per 12(h)(3) can the court dismiss?", []),
    # a brief beyond the reply
    ("we need the court's permission to file a surreply?", ["surreplies (the court's local rules and judges' procedures)"]),
    ("can OC file a sur-reply without leave", ["surreplies (the court's local rules and judges' procedures)"]),
    # the time to oppose or reply to a motion: the court's local rules (the federal rules set only affidavits' times)
    ("how long do we have to oppose a motion to dismiss", ["the time to oppose or reply to a motion (the court's local rules and judges' procedures)"]),
    ("when is our opposition to their MSJ due", ["the time to oppose or reply to a motion (the court's local rules and judges' procedures)"]),
    ("deadline to respond to OC's motion to compel?", ["the time to oppose or reply to a motion (the court's local rules and judges' procedures)"]),
    ("opp to the 12b6 - when is it due", ["the time to oppose or reply to a motion (the court's local rules and judges' procedures)"]),
    ("when is the reply to our motion due", ["the time to oppose or reply to a motion (the court's local rules and judges' procedures)"]),
    # ... and the rules' own times beside it
    ("our MTD was denied, how long do we have to respond", []),
    ("how long do we have to respond to the amended complaint after our motion", []),
    ("do we get 3 extra days to oppose a motion served by mail", []),
    ("when must opposing affidavits to a motion be served", []),
    ("how long to respond to a motion for a new trial with affidavits", []),
    # who may appear for a party: a statute's and the case law's
    ("can a corporation appear without a lawyer", ["who may appear for a party in court (28 U.S.C. § 1654 and case law)"]),
    ("our client is an LLC, can the owner represent it pro se", ["who may appear for a party in court (28 U.S.C. § 1654 and case law)"]),
    ("can our paralegal appear at the scheduling conference", ["who may appear for a party in court (28 U.S.C. § 1654 and case law)"]),
    # ... and the rules' own: who testifies for an entity, who signs, capacity to sue
    ("can the 30(b)(6) designee appear without counsel", []),
    ("can an LLC sue in its own name", []),
    ("who signs the complaint if the party has no lawyer", []),
    # a reviewer's probes of the above (session 44)
    ("OC's MSJ was filed yesterday. how long do we have to oppose?", ["the time to oppose or reply to a motion (the court's local rules and judges' procedures)"]),
    ("time to oppose a motion to dismiss in cd cal?", ["the time to oppose or reply to a motion (the court's local rules and judges' procedures)"]),
    ("the hearing on their MTD is set for march 3 - when is our opp due?", ["the time to oppose or reply to a motion (the court's local rules and judges' procedures)"]),
    ("OC moved for default judgment against our client, how long do we have to respond to the motion?", []),  # 55(b)(2)
    ("we need more discovery before we can oppose their MSJ - how long do we have to oppose the motion?", []),  # 56(d)
    ("can we take OC's depo?", ["the case law on deposing opposing counsel (Shelton v. American Motors Corp.)"]),
    ("can we depose defense counsel", ["the case law on deposing opposing counsel (Shelton v. American Motors Corp.)"]),
    ("at the deposition of opposing counsel's client, can OC instruct the witness not to answer", []),
    ("can we depose opposing counsel's expert before the report is served", []),
    ("can the CEO argue the MTD for the corporation", ["who may appear for a party in court (28 U.S.C. § 1654 and case law)"]),
    ("can class members represent themselves at the fairness hearing", []),  # 23(c)(2)(B)(iv)
    ("the defendant corporation has not appeared. can we get a default without counsel present at the hearing", []),
    ("if a partner in our firm signed the complaint, can the whole firm be sanctioned under rule 11", []),
    ("at our firm we serve everything by email - is email service valid without OC's consent?", []),
    ("can we recover billable hours spent on the motion to compel under 37(a)(5)", []),
    # a firm's own practice
    ("who at the firm books the court reporter for a depo", ["the firm's own practices, vendors and billing"]),
    ("do we have a preferred vendor for e-discovery hosting?", ["the firm's own practices, vendors and billing"]),
    ("can we bill the client for the time on the fee motion", ["the firm's own practices, vendors and billing"]),
    ("how do we file a bill of costs", []),
    ("can the court award fees billed to the client", []),
    # deposing a party's lawyer: the case law
    ("can we depose opposing counsel", ["the case law on deposing opposing counsel (Shelton v. American Motors Corp.)"]),
    ("OC wants to depose our in-house counsel", ["the case law on deposing opposing counsel (Shelton v. American Motors Corp.)"]),
    ("can we depose OC", ["the case law on deposing opposing counsel (Shelton v. American Motors Corp.)"]),
    # ... and the rules' own: who may be deposed, the officer, an expert
    ("can we depose the plaintiff", []),
    ("who can be the officer at the deposition of opposing counsel", []),
    ("can we depose OC's testifying expert now, before they've served his report?", []),
])
def test_other_bodies_table(text, labels):
    assert [b.label for b in other_bodies(text)] == labels


@pytest.mark.parametrize("text, doc_type", [
    # the kind of document that would answer a body is said beside it, not read from its label's words
    ("can OC file a sur-reply without leave", "local_rules"),
    ("how long do we have to oppose a motion to dismiss", "local_rules"),
    ("what is the page limit for our MSJ brief", "local_rules"),
    ("does the judge want chambers copies", "judge_procedures"),
    ("what is the filing fee for a complaint", ""),
])
def test_a_body_says_which_kind_of_document_would_answer_it(text, doc_type):
    assert [b.doc_type for b in other_bodies(text)] == [doc_type]


def test_every_body_source_names_a_body():
    from indexers.grammar import _BODIES, _BODY_SOURCES
    assert set(_BODY_SOURCES) <= {label for label, _ in _BODIES}


def test_question_about_another_rule_set_never_names_the_civil_rule():
    q = parse_question("what does criminal Rule 16 require the government to produce?")
    assert [r.label() for r in q.named] == ["Fed. R. Crim. P. 16"]


# --- an added document's terms, written by the configured LLM (langchain's fake chat model) ----------------

def test_llm_terms_for_an_added_document_are_checked_and_admin_lines_kept(tmp_path):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from bot.admin.terms import generate_terms

    doc = tmp_path / "local.md"
    doc.write_text(
        "---\nid: cdcal-lr\ntitle: Local Rules\ntype: local_rules\ncourt: C.D. Cal.\ncite: C.D. Cal. L.R.\n---\n"
        "L.R. 37-1 Pre-Filing Conference of Counsel. Prior to the filing of any motion relating to discovery, "
        "counsel for the parties shall confer in a good-faith effort to eliminate the necessity for hearing the "
        "motion or to eliminate as many of the disputes as possible.\n"
        "L.R. 37-2 Discovery Motions. If counsel are unable to settle their differences, they shall formulate "
        "a written stipulation.\n", encoding="utf-8")
    write_terms(doc, {"37-2": "joint stipulation; written by an admin"})
    reply = ("KEY: 37-1: meet and confer before any discovery motion; pre-filing conference; good faith\n"
             "37-2: \"counsel for the parties shall confer in a good-faith effort to eliminate the necessity\"\n"
             "99-9: invented rule; not in the document at all")
    report = generate_terms(doc, FakeListChatModel(responses=[reply]))
    terms = load_terms(doc)
    assert terms["37-1"] == "meet and confer before any discovery motion; pre-filing conference; good faith"
    assert terms["37-2"] == "joint stipulation; written by an admin"  # the admin's line wins
    assert "99-9" not in terms and report.written == 1 and report.kept == 1 and report.dropped == 2  # 37-2 was not asked
    # indexed as a view of the passage, never as its text
    (doc_loaded,) = load_corpus([tmp_path]).documents
    by_doc, _ = chunk_all([doc_loaded])
    p = next(p for p in by_doc["cdcal-lr"] if p.section == "37-1")
    assert p.terms.startswith("meet and confer") and "meet and confer" not in p.text


def test_corpus_add_without_a_working_model_indexes_without_terms(tmp_path):
    from bot.cli.corpus import describe_passages
    from bot.settings import Settings

    doc = tmp_path / "x.md"
    doc.write_text("---\nid: x\ntitle: X\ntype: order\ncourt: C.D. Cal.\ncite: X\n---\nThe Court orders it.\n",
                   encoding="utf-8")

    class Down:
        def invoke(self, _):
            raise ConnectionError("model endpoint refused the connection")

    line = describe_passages(doc, Settings.load(env={"RULEBOT_HOME": str(tmp_path / "h")}), chat_model=Down())
    assert line.startswith("terms: not generated (ConnectionError") and "\n" not in line
    assert not sidecar_path(doc).exists()


# --- the one "verbatim" (indexers/verbatim.py): answers EXACT, drafts ALTERED ------------------------------

from indexers.verbatim import ALTERED, EXACT, verbatim  # noqa: E402

PASSAGE = ("A party seeking a protective order must show good cause. The court may, for “good cause,” issue an "
           "order; the court’s order may forbid the disclosure.")


@pytest.mark.parametrize("quote,exact,altered", [
    ("A party seeking a protective order must show good cause.", True, True),
    ('for "good cause," issue', True, True),  # straight and curly marks are typography
    ("the court's order", True, True),  # apostrophes too
    ("A party ... must show good cause", False, True),  # an ellipsis: drafts only
    ("A party . . . must show", False, True),
    ("[T]he court may", False, True),  # a bracketed capital, checked against the passage's letter
    ("[X]he court may", False, False),
    ("[a] party seeking", False, True),
    ("must show good cause,", False, True),  # punctuation inside the closing mark
    ("A party ... must forbid", False, False),  # pieces out of order or absent
    ("must show bad cause", False, False),
    ("", False, False),
])
def test_verbatim_table(quote, exact, altered):
    assert verbatim(quote, PASSAGE, EXACT) is exact
    assert verbatim(quote, PASSAGE, ALTERED) is altered


def test_answers_and_drafts_read_verbatim_through_the_one_definition():
    from bot.draft.verify import quote_in as draft_quote_in
    from bot.answering.verify import quote_in as answer_quote_in

    for quote, exact, altered in [("the court’s order", True, True), ("A party ... must show", False, True)]:
        assert answer_quote_in(quote, PASSAGE) is exact and draft_quote_in(quote, PASSAGE) is altered


def test_a_draft_citing_frcp_shorthand_is_verified_like_a_question_reads_it():
    """"FRCP 26(c)(1)" is understood in a question and, through the same grammar, verified in a draft."""
    from bot.draft.verify import Corpus, find_citations

    p = Passage(id="frcp::26(c)(1)::0", doc_id="frcp", cite="Fed. R. Civ. P. 26(c)(1)", section="26(c)(1)",
                text="The court may, for good cause, issue an order.", doc_type="federal_rules", title="FRCP")

    class Index:
        def find_cite(self, cite):
            return [p] if p.cite.lower().startswith(cite.lower()) else []

        def passages(self):
            return [p]

    found = {f.key: f.status for f in find_citations("Under FRCP 26(c)(1) and FRE 502(d), the court may act.",
                                                     Corpus(Index()))}
    assert found == {"Fed. R. Civ. P. 26(c)(1)": "ok", "Fed. R. Evid. 502(d)": "flag"}
    assert [r.label() for r in parse_question("what does FRCP 26(c)(1) allow").named] == ["Fed. R. Civ. P. 26(c)(1)"]


@pytest.mark.parametrize("quote,ok", [
    ("[T]HE COURT MAY", False),  # only the bracketed letter may change case
    ("the court may [not] issue an order", False),  # a negation is never an alteration a quote may make
    ("the court [shall] grant", False),  # bracketed words must stand for words of the passage
    ("[The trial court] may deny it", True),  # ... as here ("The district court")
    ("defendant[s] must", False),
])
def test_altered_checks_each_alteration(quote, ok):
    passage = "the court may, for good cause, issue an order. The district court may deny it."
    assert verbatim(quote, passage, ALTERED) is ok


@pytest.mark.parametrize("text", [
    # civil procedure questions that use the words of other bodies of law: never read as those bodies
    "How long do I have to appeal a magistrate judge's discovery order?",
    "Can I recover attorney's fees for filing a motion to compel?",
    "After removal from Los Angeles Superior Court, when must the defendant answer?",
    "Do I need to renew a jury demand I made in state court before the case was removed?",
    "What do the Ninth Circuit court rules say?",
    "Should civil discovery be stayed during a parallel criminal case?",
    "What are the judge's requirements for a stipulated protective order?",
    "can we get discovery of their net worth for our punitive damages claim",  # discovery: 26(b)(1)
    "do our initial disclosures need a computation of emotional distress damages",
    "how do we request a hearing on our preliminary injunction motion",  # 65(a)
    # (a reviewer's probes of session 40's rows: the rules' own)
    "can they depose our CFO about punitive damages",
    "should we move to strike the punitive damages claim",
    "can we bifurcate punitive damages at trial",
    "is a jury trial available on treble damages",
    "whats the standard for a preliminary injunction bond",  # 65(c)
    "is our response deadline extended if the clerk closes under winter storm conditions",  # 6(a)(3)
    "standard for a PI plaintiff to get an IME",  # personal injury: 35
    "how do we appeal the MJ order to the DJ immediately",  # 72(a)
])
def test_civil_questions_are_not_other_bodies(text):
    assert other_bodies(text) == ()


@pytest.mark.parametrize("text,label", [
    ("Rule 56 evidence must be admissible?", "Fed. R. Civ. P. 56"),
    ("Under Rule 37(c)(1), evidence not disclosed is excluded", "Fed. R. Civ. P. 37(c)(1)"),
    ("Should civil discovery be stayed during a parallel criminal case? Rule 26(c)", "Fed. R. Civ. P. 26(c)"),
    ("crim case - what does the govt have to disclose under rule 16", "Fed. R. Crim. P. 16"),
])
def test_the_rule_set_of_a_bare_rule(text, label):
    assert [r.label() for r in parse_question(text).named] == [label]


def test_model_lines_are_written_again_when_the_document_changes_and_admin_lines_kept(tmp_path):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from bot.admin.terms import generate_terms

    doc = tmp_path / "o.md"
    head = "---\nid: o\ntitle: Order\ntype: order\ncourt: C.D. Cal.\ncite: Order\n---\n"
    doc.write_text(head + "The Court grants the motion to seal.\n", encoding="utf-8")
    generate_terms(doc, FakeListChatModel(responses=["¶ 1: sealing granted; motion to seal; court's holding"]))
    assert load_terms(doc) == {"¶ 1": "sealing granted; motion to seal; court's holding"}
    # unchanged document: the model is not asked again (its lines stand)
    generate_terms(doc, FakeListChatModel(responses=["¶ 1: never used; should not appear at all"]))
    assert load_terms(doc)["¶ 1"].startswith("sealing granted")
    # the document changes: the model's line is written again
    doc.write_text(head + "The Court denies the motion to seal.\n", encoding="utf-8")
    generate_terms(doc, FakeListChatModel(responses=["¶ 1: sealing denied; motion to seal; court's holding"]))
    assert load_terms(doc)["¶ 1"].startswith("sealing denied")
    # an admin's line (its key taken out of model-keys by editing the file) is kept when the document changes
    text = sidecar_path(doc).read_text(encoding="utf-8").replace("# model-keys: ¶ 1", "# model-keys:")
    sidecar_path(doc).write_text(text.replace("sealing denied", "edited by an admin"), encoding="utf-8")
    doc.write_text(head + "The Court grants the motion in part.\n", encoding="utf-8")
    report = generate_terms(doc, FakeListChatModel(responses=["¶ 1: not wanted; should not replace it"]))
    assert load_terms(doc)["¶ 1"].startswith("edited by an admin") and report.kept == 1
