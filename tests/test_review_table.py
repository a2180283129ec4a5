"""The review read by meaning, measured on tables of clauses (issue: "Build the table of phrasings with
someone who has not seen the implementation"; done when "the review's table of phrasings shows no miss and no
false flag").

- ``tests/data/review_clauses.yaml`` (85 clauses): the development table, by a reviewer who had not seen the code.
- ``tests/data/review_clauses_heldout.yaml`` (55 clauses): written later by another reviewer; held out for one
  round (0.90 / 0.90), then its six misses and false flags were read for what the clauses mean (a sealing that
  takes effect when the Court does not rule; a disclaimer of authority; the judge deciding; "any other
  documents produced"; harm in stock words; one specific harm beside a stock sentence) and the reader changed.
- ``tests/data/review_clauses_c3.yaml`` (61 clauses, four findings): a fresh blind table by another reviewer;
  0.96 / 0.69 before it was read (misses: a sealed envelope whose order is only to open it; in camera review for
  "any motion, application, or other proceeding"; good cause resting on the Parties' wish and convenience; harm
  only said to be possible, of an unknown kind or to be shown later; no joint stipulation "need be prepared"; a
  noticed motion under L.R. 6-1 and 7-9 after the L.R. 37-1 conference; a "provided, however" carve-out to
  chambers. False flag: sealing "to the extent the judicial officer so orders").
- ``tests/data/review_clauses_c4.yaml`` (63 clauses, four findings): a fourth reviewer's blind table, written from
  the issue alone; 0.91 / 0.64 when it came (sealing 0.75 / 0.50, generic good cause 1.00 / 1.00, speculative
  harm 1.00 / 0.33, disputes 1.00 / 0.78). Each miss was read for the concept it expresses, and the reader taught
  that concept's family of wordings, not the row's words (misses: containers kept apart from the public case
  file; "nothing shall require a Party to obtain leave"; redaction by omitting material from the public version;
  sealing until someone moves to unseal; sealed "nonetheless" when the showing fails; access restricted to the
  Court and counsel; harm of a kind that "cannot now be predicted"; material "of interest to persons outside this
  litigation", exploited "in some fashion"; harm only labelled ("would be damaging"); the media who might
  misconstrue; calls to the judge carved out beside "all other disputes" under L.R. 37; "without the necessity of
  a joint stipulation". False flags: the Court itself choosing to review in camera; "does not, by itself,
  entitle", the negation across the aside).
- ``tests/data/review_clauses_c5.yaml`` (64 clauses, four findings): a fifth reviewer's table, written blind from
  the issue's text and the seed orders; 0.89 / 0.75 on the code before the c4 change, 0.90 / 0.81 when it was
  read (sealing 0.89 / 1.00, generic good cause 0.89 / 1.00, speculative harm 1.00 / 0.38, disputes
  0.88 / 0.88). Each miss and false flag was read for the concept it expresses and the reader taught that
  concept's family of wordings (misses: an empty harm that only might come and falls on one party, "could cause
  competitive harm to Defendant"; a harm that only touches an interest of the one harmed, "might compromise
  institutional security or otherwise interfere with the Department's law enforcement functions"; a labelled
  harm, "would be damaging", with the material named only as what would be disclosed and the statement's
  conclusion, "that protection of those records is therefore appropriate", read as part of it; harm "of one kind
  or another"; harm whose extent "cannot be anticipated at this early stage", that stage read as what would
  happen; the burden of persuasion put on the challenger. False flags: a courtesy copy for the judge delivered in
  a sealed envelope; "a risk to the officers' and their families' safety" read as a risk "to" do something; the
  joint stipulation described, "jointly prepare a single written stipulation", not named).
- ``tests/data/review_clauses_c6.yaml`` (64 clauses, four findings): a sixth reviewer's table, written blind from
  the issue's text and the seed orders; 0.92 / 0.72 when it came, the same on the code before and after the c5
  change (sealing 1.00 / 0.75, generic good cause 0.86 / 0.75, speculative harm 0.80 / 0.50, disputes
  1.00 / 0.88). Each miss and false flag was read for the concept it expresses and the reader taught that
  concept's family of wordings (misses: designated material never to "become part of the publicly accessible
  record", and lodged material that "shall remain non-public" until the producer consents; access restricted to
  "counsel of record and the Court", the public named after those in the case, by a restricted-access ECF event;
  Rule 26(c)'s own harms, "could annoy, embarrass or oppress", and privacy rights in the abstract; use outside
  the case, "could be put to uses unrelated to the claims and defenses herein"; harm in ways a party "cannot
  presently foresee", from competitors who, were they to obtain the data, "might use it"; the material named as
  what is confidential ("are highly sensitive") before a label, "would be damaging to the Company"; what the press
  or counsel in unrelated litigation might make of testimony, "taken out of context", under any modal; a harm a
  party "cannot rule out", by persons known only by a tie to her former employer; a party's own remedy for a
  breach, suspending production until it is cured "to the Designating Party's satisfaction". False flags: what
  follows the material reaching someone, "if either side's schedule reached the other's sales force", read as no
  consequence; speculation the statement sets aside, "Plaintiffs do not contend that unnamed competitors ...
  might misuse this information").
- ``tests/data/review_clauses_c7.yaml`` (64 clauses, four findings): a seventh reviewer's table, written blind from
  the issue's text and the seed orders (its brief named the dispute finding "discovery-disputes"; the code's name,
  "dispute-procedure", was put in its place unread); 0.77 / 0.84 on the code before the c6 change, 0.79 / 0.84 when
  it was read (sealing 0.89 / 1.00, generic good cause 0.57 / 1.00, speculative harm 1.00 / 0.38, disputes
  1.00 / 1.00). Each miss and false flag was read for the concept it expresses and the reader taught that concept's
  family of wordings (false flags: a case named in the clause, "Kamakana v. City & County of Honolulu", whose "v."
  ended the sentence before its application and order, and the particularized showing a party "must make"; six of
  eight specific good cause statements read as boilerplate because "specific" was read only as "states a harm":
  this case's material with why it is confidential in facts of this case, a law of its own ("confidential under
  California Penal Code section 832.7", "subject to HIPAA", "protected health information"), a duty owed to someone
  outside the case ("licensed from an outside vendor under a written nondisclosure agreement", "the non-party nurses
  have not consented"), people it is kept from or to ("not disclosed even to policyholders", "does not share either
  category outside its senior management"), what in it identifies a person ("home addresses, Social Security
  numbers"), one of them ending with the model order's intent sentence. Misses: an empty harm only said to be
  possible, whoever it falls on, "The Producing Party may suffer harm", "could be damaging to the commercial
  interests of the Parties"; a harm only expected, "Harm to the Parties and to non-parties is reasonably
  anticipated"; a harm only a party's belief, "Defendants believe in good faith that ... would be prejudicial to
  them"; a label said as certain for one party, "would cause Defendant serious, immediate, and irreparable injury for
  which there is no adequate remedy at law", its stock qualifiers a list and its remedy no part of what would happen).
- ``tests/data/review_clauses_extra.yaml`` (503 clauses): written by the helpers who made those changes, in
  wordings the other tables do not use, in rounds, each scored before the change made from it (round 1:
  0.50 / 0.12 before any change; round 2: 0.80 / 0.47 after the first; round 3: 0.82 / 0.82 after the second;
  round 4: 1.00 / 0.50 after the third; round 5, the c3 misses said three other ways each: 0.88 / 0.68 after the
  change made from the c3 table; round 6: 0.89 / 0.57; round 7: 1.00 / 0.80; round 8, each concept taught from
  c5 said three other ways, with near misses the other way: 0.36 / 0.18 before the change made from c5; round 9,
  each concept of a c6 miss or false flag said three other ways, with near misses the other way: 0.57 / 0.26
  before the change made from c6: sealing 0.00 / 0.00, generic good cause 0.62 / 0.62, speculative harm
  0.50 / 0.21, disputes 0.00 / 0.00; round 10, the same concepts in yet other words, written after that change:
  0.88 / 0.70, its misses a word of a family taught, "incorporated into the public case file", "accessible solely
  to the lawyers in this case", memos "treated as strictly confidential", and its false flag "cannot rule out that
  the schematics will be shown to the jury", which is no harm; round 11, each concept of a c7 miss or false flag said
  three other ways, with near misses the other way: 0.43 / 0.50 before the change made from c7: sealing 0.43 / 1.00,
  generic good cause 0.43 / 1.00, speculative harm 0.00 / 0.00); rounds 12 to 14, speculative harm only, written while
  c8 stayed unread, each before the change made from it: harm said in unfamiliar words (round 12: 11 of 40 found, no
  false flag in 16; round 13: 14 of 20, 1 false flag in 12; round 14: 5 of 10, none in 8; round 15: 12 of 16, none in
  12; round 16: 5 of 12, none in 10), read by the structure of a
  harm claim (a consequence of disclosure, hedged or only labelled, that names no actor, mechanism, number or
  particular material), not by the rows' words.

Every row of each table must come out as labelled, except rows in `DISAGREE` (a debatable row the review reads
the other way, with the reason: c13-cause-16 (l-spec-06 and k-spec-01 of rounds 15 and 16 were, until session 35
read a label of harm on the parties at large as they are labelled), or in `BY_THE_ORDER` (a row read by the Segal
order's own words, with the reason); the c3 and c4 tables' eight debatable rows each, the c6
table's one and the c7 table's seven are read as labelled). Every table here has been read by whoever changed the review, so
none measures wordings nobody anticipated: that is the eighth reviewer's blind table (c8, below).
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
import yaml

from bot.draft.review import check_protective_order

DATA = Path(__file__).parent / "data"
DEV = yaml.safe_load((DATA / "review_clauses.yaml").read_text())
HELD_OUT = yaml.safe_load((DATA / "review_clauses_heldout.yaml").read_text())
EXTRA = yaml.safe_load((DATA / "review_clauses_extra.yaml").read_text())
C3 = yaml.safe_load((DATA / "review_clauses_c3.yaml").read_text())
C4 = yaml.safe_load((DATA / "review_clauses_c4.yaml").read_text())
C5 = yaml.safe_load((DATA / "review_clauses_c5.yaml").read_text())
C6 = yaml.safe_load((DATA / "review_clauses_c6.yaml").read_text())
C7 = yaml.safe_load((DATA / "review_clauses_c7.yaml").read_text())
# The ninth and eleventh reviewers' tables, each written blind like c8 (below) and scored blind once before it was read.
C9 = yaml.safe_load((DATA / "review_clauses_c9.yaml").read_text())
C11 = yaml.safe_load((DATA / "review_clauses_c11.yaml").read_text())
# A twelfth reviewer's table, written blind the same way, scored blind once on session 34's code after c11 was read:
# precision 0.97, recall 0.91 (the same on the session's starting code; sealing, disputes and generic good cause
# 1.00 / 1.00, speculative harm 0.83 / 0.62). Then read: a risk said with several intensifiers ("a substantial and
# unacceptable risk of serious harm") is a risk, and speculation denied where it is said ("The risk here is not
# hypothetical") is not speculation: 1.00 / 0.94. Session 35 read its last two misses: safety is an interest a harm
# touches in stock words ("might compromise officer safety"), and a second label with its own victim after the first
# ("harmful to the Hospital and detrimental to the quality of patient care") is stock words too: 1.00 / 1.00.
C12 = yaml.safe_load((DATA / "review_clauses_c12.yaml").read_text())
# A thirteenth reviewer's table (c13, 64 rows), written blind the same way and scored once on session 35's code after
# c12 was read: precision 0.82, recall 0.84 (sealing 0.86 / 0.75, disputes 1.00 / 0.88, generic good cause 0.64 / 0.88,
# speculative harm 0.88 / 0.88). Then read: a filing made "in fully redacted form only" with the unredacted version
# given to the Court and "not filed", "shall appear on the public docket" negated, material held back only "pending the
# Court's ruling on that request" (L.R. 79-5's conditional lodging), a clock of the parties' own for the other side's
# portion of the joint stipulation (L.R. 37-2.2 gives seven days), material "neither of which Defendant has disclosed
# outside a small engineering team", "the use of such information to the prosecution" as no harm, threats already
# received as a fact of the case, and a label of harm on the parties at large as speculative harm (as blind reviewers
# l, k and c13 read it): 0.97 / 0.97 with every other table as it was save two rows a session had labelled (t-disp-03,
# r-spec-10, relabelled as blind reviewers read their like), the three left in `DISAGREE` and `BY_THE_ORDER`.
C13 = yaml.safe_load((DATA / "review_clauses_c13.yaml").read_text())
TABLES = {"development": DEV, "held out": HELD_OUT, "extra": EXTRA, "c3": C3, "c4": C4, "c5": C5, "c6": C6, "c7": C7,
          "c9": C9, "c11": C11, "c12": C12, "c13": C13}
GOOD_CAUSE = ("generic-good-cause", "speculative-harm")
FINDINGS = {"blanket-sealing", "dispute-procedure", "blanket-designation", "generic-good-cause", "speculative-harm"}
# what each table was written for (the c3 to c7 reviewers wrote no designation rows)
WRITTEN_FOR = {name: FINDINGS for name in TABLES} | {c: FINDINGS - {"blanket-designation"}
                                                     for c in ("c3", "c4", "c5", "c6", "c7", "c9", "c11", "c12", "c13")}

# Debatable rows (so marked by a reviewer) that the review reads the other way, and why.
DISAGREE: dict[str, str] = {
    "c13-cause-16": "this case's material named (audit committee minutes, the auditor's communications about the restated "
                    "transactions) with no reason it is confidential and no harm: generic, as the blind tables label "
                    "statements that name material and say nothing of why (see BY_THE_ORDER)",
}
# Rows a reviewer did not mark debatable that the review reads the other way on the Segal order's own words: a good
# cause statement must discuss "the specific harm or prejudice that would result from the disclosure", so one that names
# this case's material but neither a harm nor why it is confidential is flagged (generic good cause), however
# particular the material.
BY_THE_ORDER: dict[str, str] = {
    "c13-cause-11": "names the fitness app's data logs and SDK agreements 'which contain negotiated pricing': no harm, and "
                    "no one outside the case owed their secrecy",
    "c13-cause-13": "names the bid-pricing models, competing bids and compensation records, 'none of which is public': the "
                    "parties' own view, no harm",
}


def flagged(row: dict) -> bool:
    text = row["text"]
    if row["finding"] in GOOD_CAUSE and "GOOD CAUSE STATEMENT" not in text:
        text = "GOOD CAUSE STATEMENT\n\n" + text
    return row["finding"] in {code for code, _ in check_protective_order(text)}


def scores(rows: list[dict]) -> dict[str, tuple[float, float, int]]:
    """finding -> (precision, recall, rows); "all" for every row."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for row in rows:
        got = flagged(row)
        for key in (row["finding"], "all"):
            counts[key][("t" if got == row["flag"] else "f") + ("p" if got else "n")] += 1
    return {k: (c["tp"] / max(1, c["tp"] + c["fp"]), c["tp"] / max(1, c["tp"] + c["fn"]), sum(c.values()))
            for k, c in counts.items()}


def test_the_tables_are_what_the_reviewers_wrote():
    for name, rows in TABLES.items():
        assert len({r["id"] for r in rows}) == len(rows) >= 30
        assert {r["finding"] for r in rows} == WRITTEN_FOR[name]
        flags = sum(r["flag"] for r in rows)
        assert 0.4 < flags / len(rows) < 0.6  # about half to flag, half not
    ids = [r["id"] for rows in TABLES.values() for r in rows]
    assert len(set(ids)) == len(ids) and (len(DEV), len(HELD_OUT), len(C3), len(C4), len(C5), len(C6), len(C7)) == \
        (85, 55, 61, 63, 64, 64, 64)
    assert (len(C9), len(C11), len(C12), len(C13)) == (64, 64, 64, 64)
    assert set(DISAGREE) <= {r["id"] for rows in TABLES.values() for r in rows if r.get("debatable")}
    assert set(BY_THE_ORDER) <= {r["id"] for r in C13 if r["finding"] == "generic-good-cause" and not r.get("debatable")}


ROWS = [(name, row) for name, rows in TABLES.items() for row in rows]


@pytest.mark.parametrize("table,row", ROWS, ids=[row["id"] for _, row in ROWS])
def test_each_clause_of_each_table(table, row):
    if row["id"] in DISAGREE or row["id"] in BY_THE_ORDER:
        assert flagged(row) != row["flag"], f"{row['id']} now agrees with the reviewer: drop it from DISAGREE/BY_THE_ORDER"
        return
    assert flagged(row) == row["flag"], f"{table} {row['id']} ({row['finding']}): {row['why']}"


@pytest.mark.parametrize("table", TABLES)
def test_no_miss_and_no_false_flag(table):
    """Precision and recall per table (README, "Drafting and review"); a DISAGREE or BY_THE_ORDER row is the only excuse."""
    precision, recall, n = scores([r for r in TABLES[table] if r["id"] not in DISAGREE and r["id"] not in BY_THE_ORDER])["all"]
    assert (precision, recall) == (1.0, 1.0), (table, precision, recall, n)


# An eighth reviewer's table (64 rows), written blind to the code from the text and the seed orders (its
# brief gave the findings' ids as the code names them), and never opened by whoever changed the review: the
# measure of wordings nobody anticipated.  When it came: precision 0.93, recall 0.78 on the code before the c7
# change, 0.93 / 0.81 after it (sealing 0.88 / 0.88, generic good cause 1.00 / 1.00, speculative harm
# 1.00 / 0.50, disputes 0.88 / 0.88): harm said in words the reader has no family for is still the commonest miss.
# After harm was read by the structure of a harm claim (rounds 12 to 15 of the extra table; the table itself still
# unread, only its totals run): 0.94 / 0.91 (speculative harm 1.00 / 0.88; the other findings as they were).
# It must not fall; a change made from its rows moves it into TABLES, and a fresh blind table takes its place.
BLIND = yaml.safe_load((DATA / "review_clauses_c8_blind.yaml").read_text())


def test_the_blind_table_does_not_fall():
    assert len({r["id"] for r in BLIND}) == len(BLIND) == 64
    assert {r["finding"] for r in BLIND} == FINDINGS - {"blanket-designation"}
    precision, recall, _ = scores(BLIND)["all"]
    assert precision >= 0.93 and recall >= 0.90, (precision, recall)  # 29 of 31 flags right; 29 of 32 found


# A ninth reviewer's table (c9, 64 rows), written blind like c8 and scored blind once on the code of its round: 0.91 /
# 0.91 (0.90 / 0.88 on the round's starting code). It was then read: a hedged harm made concrete by the next sentence
# ("and concretely so: ..."), a harm noun made the passive subject ("injury ... could be occasioned to"), "the Parties
# might suffer harm", a rival that would obtain the material, and a sealing rule waived or set aside
# ("Notwithstanding anything in Local Rule 79-5 to the contrary") are read now (0.97 / 1.00). Its last false flag,
# c9-good-12 (pseudonymous declarants in removal proceedings, no name or number), went in session 34 with c11's like
# row: taking part in a case under a pseudonym is a fact of that case (`bot.draft.clauses._CASE_FACT`).
# An eleventh reviewer's table (c11), scored blind once on session 34's starting code: precision 0.83, recall 0.91
# (sealing 0.86 / 0.75, disputes 0.89 / 1.00, generic good cause 0.73 / 1.00, speculative harm 0.88 / 0.88). Then
# read: a redacted public filing with the unredacted copy kept "out of the public record" in chambers, a sealing rule
# named and its application dispensed with ("without an accompanying application"), "requires prior leave of Court",
# an ex parte application under L.R. 7-19 that keeps L.R. 37's conference, a vendor's licensed guidelines, "none of
# which the subscribers agreed to", e-mail addresses and payment-card digits, a harm the statement disclaims ("do not
# contend that every document ... will cause harm"), and a harm only imagined ("not difficult to imagine the
# mischief"): 1.00 / 1.00, with every other table as it was.


