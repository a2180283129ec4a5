"""Question parsing: validation and the rules/cases a question names (table-driven)."""

import pytest

from bot.errors import BadQuestion
from bot.answering.query import parse_question

REFS = [
    ("What does L.R. 37-1 require?", [("local", "37-1")]),
    # "local civ rule", "Local Civil Rule": another court's dotted numbering is a local rule, not a civil rule 37.2
    ("SDNY local civ rule 37.2 - pre-motion conference?", [("local", "37.2")]),
    ("S.D.N.Y. Local Civil Rule 26.3 definitions", [("local", "26.3")]),
    ("app. R. 4(a)(1)(A) - 30 days to appeal from judgment?", [("other", "4(a)(1)(A)")]),
    ("Under Local Rule 79-5.2.2, what goes in the application?", [("local", "79-5.2.2")]),
    ("C.D. Cal. L.R. 37-2.1 joint stipulation format", [("local", "37-2.1")]),
    ("What does Rule 26(c) say?", [("federal", "26(c)")]),
    ("Fed. R. Civ. P. 26(c)(1)(G) trade secrets", [("federal", "26(c)(1)(G)")]),
    ("FRCP 37(a)(4) evasive answers", [("federal", "37(a)(4)")]),
    ("Is there a Fed. R. Evid. 502 order?", [("other", "502")]),
    ("Rule 37-1 letter and Rule 26(c)", [("local", "37-1"), ("federal", "26(c)")]),
    ("Who has the burden of establishing the privilege?", []),
    # a local rule by its number alone is the local rule, never the civil rule of that number
    ("under local rule 37 do we need a joint stip?", [("local", "37")]),
    ("LR 37 - what before a discovery motion?", [("local", "37")]),
    ("L.R. 37 and Rule 37(a)", [("local", "37"), ("federal", "37(a)")]),
    ("a rule 37 motion", [("federal", "37")]),
    # a bare range counts something else: paragraphs, rules, pages, days, a docket entry's exhibit
    ("the answer skipped paras 30-35 of the complaint", [("federal", "8(b)(6)")]),  # (allegations not denied: 8(b)(6))
    ("does the reporter count as the officer for rules 30-32?", []),
    ("see ECF No. 37-1 at 4", []),
    ("is 7-18 the reconsideration rule?", [("local", "7-18")]),
    ("we had no 37-1 conference, can we still file?", [("local", "37-1")]),
    ("what is the difference between 37-1 and 37-2?", [("local", "37-1"), ("local", "37-2")]),
    # a rule numbered with a point, bare: never an amount, a measure or a version
    ("65.1 - surety on the bond won't pay. separate suit?", [("federal", "65.1")]),
    ("is a 7.1 statement required for an LLC", [("federal", "7.1")]),
    ("under 23.1, do we need a demand", [("federal", "23.1")]),
    ("we owe $5.1 million", []),
    ("the plant is 4.1 miles away", []),
    ("version 4.1 of the app", []),
    ("it was 23.1% lower", []),
    ("L.R. 7.1 conference required before filing our MTD?", []),  # a local rule's number, not Fed. R. Civ. P. 7.1
    ("S.D. Cal. Civ. L.R. 7.1", []),
    ("see exhibit 5.1 to the declaration", []),
    ("paragraph 7.1 of the agreement", []),
]


@pytest.mark.parametrize("text,expected", REFS)
def test_refs(text, expected):
    assert [(r.kind, r.number) for r in parse_question(text).refs] == expected


@pytest.mark.parametrize("text,court", [
    ("SDNY local civ rule 37.2 - need a pre-motion conference?", "S.D.N.Y."),
    # a dash-numbered local rule is C.D. Cal.'s numbering: another court named elsewhere is not its court
    ("We're in the Central District, but OC keeps citing SDNY cases. What does L.R. 37-1 require?", ""),
])
def test_a_local_rule_takes_the_named_court_only_for_another_numbering(text, court):
    assert [r.court for r in parse_question(text).refs if r.kind == "local"] == [court]


CASES = [
    ("What did Kamakana v. City and County of Honolulu hold?", ["Kamakana"]),
    ("In Al Otro Lado v. Wolf, who had the burden?", ["Al Otro Lado"]),
    # the corporate form after a comma is not the party; the docket number is not the second party
    ("In Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. 2020), who had the burden?", ["Al Otro Lado"]),
    ("Acme Widgets, LLC v. Jones - what was held?", ["Acme Widgets"]),
    ("What is good cause?", []),
    # typed in lower case, as associates do: the party stops at a word that asks or links
    ("what did chambers v. nasco hold re inherent power?", ["chambers"]),
    ("per kelly v. city of san jose, what must the declaration say?", ["kelly"]),
    ("in a p v. d case, can we amend?", []),
    ("depo vs. rogs - which costs less?", []),
    # "v." for "versus" in a comparison: a case only when cited or asked what it held
    ("depo v. rogs - which counts against the 25 limit?", []),
    ("confidential v. aeo - which tier for source code?", []),
    ("in chambers v. nasco the court used its inherent power", ["chambers"]),
    # one party's name: asked what it held, or cited for a holding; not what happened
    ("what did Twombly hold on plausibility?", ["Twombly"]),
    ("Did Twombly hold that plausibility applies to all civil actions?", ["Twombly"]),
    ("Kamakana held that compelling reasons apply to dispositive motions", ["Kamakana"]),
    ("Judge Carter held a hearing yesterday. What does Rule 37(a)(1) require?", []),
    ("The Ninth Circuit held that compelling reasons apply. Does good cause apply to discovery motions?", []),
    ("Smith decided to withdraw the motion; can we still recover costs?", []),
]


@pytest.mark.parametrize("text,first_parties", CASES)
def test_cases(text, first_parties):
    assert [c.first_party for c in parse_question(text).cases] == first_parties


CONTEXT = [
    # a rule named only as what happened, when the asking sentence names another
    ("we filed a 12(b)(6) motion. is PJ waived under 12(h)?", ["12(b)(6)"]),
    # a leading sentence naming only a rule is the subject asked about, not the situation
    ("R. 15 q - def filed a 12b6 last week. can we amend without leave?", ["12(b)(6)"]),
    ("FRCP 30(b)(6) question: OC noticed a depo of our client. what must we do?", []),
    # a sentence before the question tells what was done: the rule it names is the situation, even when what
    # is asked names no rule ("denied" -> the time to answer after a motion, "argued" -> a second motion)
    ("def filed a 12(b)(6) only. now they want to move under 12(b)(2). can they still do that?", ["12(b)(6)"]),
    ("judge denied our 12b6 yesterday. how long do we have to answer now?", ["12(b)(6)"]),
    ("our first motion only argued 12b6 and lost. next we want to move for lack of PJ. any problem?",
     ["12(b)(6)"]),
    ("we never raised 12b6 in the answer. is it waived?", ["12(b)(6)"]),
    # ... but a sentence that asks about nothing else keeps it the subject
    ("they filed a 12b6. what is the standard?", []),
    ("they filed a 12(b)(6). what do they have to show?", []),
    # ... and a request or a notice served is answered by its own rule (a reviewer's probes)
    ("they served a rule 34 request last week. how long do we have to respond?", []),
    ("they served a rule 45 subpoena on our client's bank. can we quash it?", []),
    ("we served a Rule 68 offer. what if they beat it at trial?", []),
    # in one sentence: a rule named as what was done, beside the rule asked about
    ("can P amend w/o leave after our 12(b)(6)? whats the r. 15 window", ["12(b)(6)"]),
    ("after they filed a 12(c), is the R. 56 deadline still running?", ["12(c)"]),
    # "since" may mean "because": the rule it names is the premise asked about, not what was done
    ("Since Rule 30(d)(1) limits a depo to 7 hours, can we get more time under Rule 26(b)(2)?", []),
    # ... but not the only rule named: then it is the subject
    ("can P amend after our 12(b)(6)?", []),
    ("after a Rule 26(f) conference, when may discovery begin?", []),
]


@pytest.mark.parametrize("text,context", CONTEXT)
def test_rules_named_only_as_the_situation(text, context):
    assert [r.number for r in parse_question(text).context] == context


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", "\x00\x01", "???", "x" * 20_000])
def test_bad_questions_get_one_line_reason(bad):
    with pytest.raises(BadQuestion) as err:
        parse_question(bad, max_chars=2000)
    assert "\n" not in str(err.value) and len(str(err.value)) < 200


def test_control_characters_are_dropped():
    assert parse_question("Who has\x07 the\x1b burden?").text == "Who has the burden?"


@pytest.mark.parametrize("passage, cited", [
    ("An appeal under Fed. R. App. P. 8(a)(1) must ordinarily be made first in the district court.", True),
    ("See FRAP 8.", True),
    ("See FRAP 80 on something else.", False),  # another number that begins the same
    ("Under Rule 8(a), a pleading must contain a short and plain statement.", False),  # the civil rule of that number
    ("Fed. R. Crim. P. 8 governs joinder of offenses.", False),  # another rule set's 8
])
def test_a_passage_cites_a_rule_of_another_set_only_by_that_set_and_number(passage, cited):
    from bot.answering.answer import not_indexed_note
    from bot.types import Citation, Passage
    from indexers.grammar import RuleRef, cites
    frap8 = RuleRef("other", "8", "FRAP 8", code="Fed. R. App. P.")
    assert cites(frap8, passage) is cited
    note = not_indexed_note((frap8,), (Citation(1, Passage(id="x", doc_id="d", cite="c", section="s", text=passage),
                                                passage, 1.0),))
    assert ("only mention" in note) is cited, note


@pytest.mark.parametrize("sentence, quantity", [
    ("a party may serve no more than 25 written interrogatories", True),
    ("must serve its answers within 30 days after being served", True),
    ("a deposition is limited to one day of 7 hours", True),
    ("more than 100 miles from the place of trial", True),
    ("to the extent consistent with Rule 26(b)(1) and (2).", False),  # a citation
    ("Rules 26 and 37 govern", False),
    ("under 28 U.S.C. §§ 1915 and 1920", False),
    ("In 2015 the committee amended the interrogatories provisions.", False),  # a year
    ("No. 3:17-cv-2366, id. at 12", False),
])
def test_a_sentence_states_a_number_when_it_counts_something(sentence, quantity):
    from bot.answering.rerank import QUANTITY
    assert bool(QUANTITY.search(sentence)) is quantity


@pytest.mark.parametrize("text, cases", [
    ("twombly/iqbal — how do courts define the plausibility standard?", 2),
    ("under celotex, what's our burden as movant?", 1),
    ("missed the deadline - do the pioneer factors apply?", 1),
    # a distinctive name asked of as what governs
    ("does Twombly apply to affirmative defenses", 1),
    ("we think Iqbal governs here, are we right?", 1),
    ("does comcast apply to our client?", 0),  # a company's name as well
    # a party or client of the user's own case bearing such a name
    ("in mathews, the plaintiff served 30 interrogatories - how many may a party serve?", 0),
    ("dukes - when must we file the answer?", 0),
    ("goodyear, our client, was served by mail - is that valid?", 0),
    ("comcast and goodyear are codefendants - can they file a joint answer?", 0),
    ("the comcast motion to dismiss was denied - can we amend?", 0),
    ("bivens claim against an ICE agent - how do we serve him?", 0),
])
def test_a_leading_case_is_asked_about_only_as_a_standard(text, cases):
    from indexers.grammar import landmark_cases
    assert len(landmark_cases(text)) == cases
    assert len([c for c in parse_question(text).cases if c.second_party]) >= cases


@pytest.mark.parametrize("text,context", [
    # a motion said to be decided after its number is the situation of what is asked next (session 44)
    ("our 12(b)(6) motion to dismiss was denied. when do we have to answer?", ["12(b)(6)"]),
    ("12b6 got denied this morning. how long do we have to answer?", ["12(b)(6)"]),
    ("our 12b6 was just denied. answer deadline?", ["12(b)(6)"]),
    # ... not a motion asked about as filed, served or heard
    ("is a 12(b)(6) motion filed before or after the answer?", []),
    ("if a rule 11 motion is served, how long does OC have to withdraw the complaint?", []),
    ("is a 12(b)(6) granted with prejudice?", []),
])
def test_a_motion_decided_after_its_number_is_the_situation(text, context):
    assert [r.number for r in parse_question(text).context] == context


@pytest.mark.parametrize("text,told", [
    # a deadline told as missed is what happened when the question asks for a way out of it (session 46): the
    # rule that set the deadline is not the answer, the rule that gives relief is (38(b) told, 39(b) asked)
    ("the time to demand a jury ran two weeks ago. can we still have a jury trial?", ["38(b)"]),
    ("we forgot about the jury demand deadline. is there anything we can do?", ["38(b)"]),
    # ... not when the question asks what the deadline is or what follows from missing it
    ("we forgot to demand a jury. what is the deadline for the demand?", []),
    ("the jury demand deadline passed yesterday. what happens now?", []),
    # ... nor when nothing was missed
    ("we want a jury. can we still get one if the answer was served today?", []),
    # in one sentence, the way out asked after a comma or a dash (a reviewer's probes)
    ("the time to demand a jury ran, any way to still have a jury trial?", ["38(b)"]),
    # "anyway" asks for no way out
    ("the time to demand a jury ran. what was the deadline anyway?", []),
])
def test_a_missed_deadline_is_the_situation_when_a_way_out_is_asked(text, told):
    # told, not context: retrieval keeps the deadline's rule as what the question is about (its passage is quoted
    # beside the way out, and holds the bar other passages must reach to be quoted); only its place is lower
    q = parse_question(text)
    assert [r.number for r in q.told] == told and not [r for r in q.context if r.number in told]


@pytest.mark.parametrize("text,context", [
    # a rule named only to compare is the situation (session 47: also by its subject, "like an MJ R&R"); when it is
    # the only rule named it stays the subject (a reviewer's probes: "... 28 days like a rule 59 new trial motion?")
    ("the clerk entered a default under 55(a) against us. what must we show to lift it - same as 60b?", ["60(b)", "55(a)"]),
    # ... named by its subject too ("like an R&R"), after a word that says which kind ("like an MJ R&R")
    ("the special master's report came in today. 14 days to object like an MJ R&R?", ["72(b)"]),
    ("the special master filed a report. do we object within 14 days like a report and recommendation?", ["72(b)"]),
    ("the special master just issued a report. 14 days to object, like with a magistrate R&R?", ["72(b)"]),
    # an asking sentence that only proposes a rule ("do I need a 15(a) motion ...?", "isn't that just ... under
    # 26(b)(3)?", "..., right?") does not make the situation told before it the context: the situation names the
    # subject (impleader is 14(a); draft expert reports are 26(b)(4)(B))
    ("we want to bring in the supplier as a third-party defendant a month after answering. do we need a 15(a) motion?", []),
    ("they want our expert's draft reports. isn't that just ordinary work product under 26(b)(3)?", []),
    # ... but an asking sentence that names a rule as its subject still does
    ("we filed a 12(b)(6) motion. is PJ waived under 12(h)?", ["12(b)(6)"]),
    # a hedge compares nothing: "feels like a rule 11 issue" asks about Rule 11 (a reviewer's probes)
    ("feels like a rule 11 issue - no facts behind their complaint. what comes before a sanctions motion?", []),
    ("looks like 37(e) fits, their client wiped the laptop after the hold. what can the court do under 37?", []),
    # ... and a rule the asking sentence only proposes by number leaves the situation's rule the subject
    ("we want to implead the distributor under rule 14. do we need a 15(a) motion for that?", []),
])
def test_a_rule_named_to_compare_or_only_proposed(text, context):
    assert [r.number for r in parse_question(text).context] == context


@pytest.mark.parametrize("text,guessed", [
    # every rule named by number only guessed at (proposed, compared, or offered beside an open other): the guess
    # (`Question.guessed`), placed a little lower, so that the rule the facts point to can come first (55(c) sets aside
    # a clerk's default; 26(g)(3) sanctions a discovery paper signed without basis)
    ("clerk entered default against our client, no judgment yet. do we need a 60(b) motion to undo it?", ["60(b)"]),
    ("clerk entered default against us. what must we show to get it undone - same as 60b?", ["60(b)"]),
    ("OC signed baseless rog responses - R11 motion, or is there a different hook for discovery papers?", ["11"]),
    ("OC signed baseless rog responses. rule 11, or something else?", ["11"]),
    ("OC signed baseless rog responses. rule 11 or a different rule?", ["11"]),
    ("our RFAs are deemed admitted. can we just get a 6(b) extension?", ["6(b)"]),
    # ... not a rule the asker only wants confirmed (usually right: a reviewer's probes), nor a list ("or other
    # post-trial motion"), nor a rule asked about, nor a choice between two rules named, nor a guess beside a rule
    # asked about (then the guess is the situation: `context_refs`)
    ("OC's consultant won't testify - we can depose any expert under 26(b)(4)(A), right?", []),
    ("P amended the complaint. 15(a)(3) gives us 14 days to respond, correct?", []),
    ("deadline for a 50(b) motion or other post-trial motion?", []),
    ("does rule 34 cover docs or other tangible things?", []),
    ("can the court extend under 6(b) or other rules?", []),
    ("what does 26(b)(3) protect?", []),
    ("do we move under 60(b) or 59(e)?", []),
    ("do we need a 60(b) motion or a 59(e) motion?", []),
    ("is rule 11 or rule 26(g) the hook for baseless rog responses?", []),
    ("clerk entered default. do we need a 60(b) motion, or does 55(c) cover it?", []),
    ("rule 11 - what does a safe harbor letter need?", []),
])
def test_a_rule_only_guessed_at(text, guessed):
    q = parse_question(text)
    assert [r.number for r in q.guessed] == guessed
    assert not set(q.guessed) & set(q.context)  # still what the question names: lifted as named


@pytest.mark.parametrize("text,proposed", [
    ("we want to bring in the supplier as a third-party defendant. do we need a 15(a) motion?", ["15(a)"]),
    ("they want our expert's draft reports. isn't that just ordinary work product under 26(b)(3)?", ["26(b)(3)"]),
    ("we have 14 days to object under 72(a), right?", ["72(a)"]),
    ("can we just file a 41(a)(1) notice after their answer?", ["41(a)(1)"]),
    # "just" as "a moment ago" proposes nothing
    ("OC just cited rule 1 at us. what does it say?", []),
    # a rule asked about is not proposed
    ("what does 26(b)(3) protect?", []),
    ("do we need to meet and confer before a 37(a) motion?", []),
])
def test_a_rule_the_asking_sentence_only_proposes(text, proposed):
    assert [r.number for r in parse_question(text).proposed] == proposed


@pytest.mark.parametrize("text", ["OC just pointed us to their production, Bates 1-40000. ok?",
                                  "they dumped pages 2-500 on us with no index"])
def test_bates_and_page_ranges_are_not_local_rules(text):
    assert not [r for r in parse_question(text).refs if r.kind == "local"]


@pytest.mark.parametrize("text, asks", [
    ("judge segal - how many days before the hearing must a motion be filed under the cd cal local rules?", True),
    ("judge segal - what's the page limit for a brief under the cd cal local rules?", True),
    ("when is the opposition due under the cd cal local rules?", True),
    ("per the segal order, which cd cal local rule do we follow to limit who sees sealed filings?", False),
    ("per the segal PO order, what local rule do we follow to file stuff under seal in cd cal?", False),
    ("does due process matter under the cd cal local rules?", False),
])
def test_a_figure_asked_of_a_districts_practice_is_one_only_its_own_text_gives(text, asks):
    """(indexers.grammar.ASKS_A_FIGURE, read by bot.answering.engine: an order's mention of its court's rules answers what that practice is, not a figure.)"""
    from indexers.grammar import ASKS_A_FIGURE

    assert bool(ASKS_A_FIGURE.search(text)) is asks
