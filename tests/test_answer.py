"""Answers over the real shipped corpus: golden table, verbatim quotes, abstention, filters."""

import re

import pytest

from bot.errors import BadQuestion
from bot.types import Filters

GOLDEN = [
    ("Who has the burden of establishing the law enforcement privilege?",
     "have the burden of establishing that the privilege applies", "Al Otro Lado, Inc. v. Wolf"),
    ("Must the good cause paragraph of a protective order have a heading?",
     "GOOD CAUSE STATEMENT", "Segal"),
    ("May parties agree among themselves to seal every confidential document?",
     "Parties may not agree to file all confidential documents under seal", "Segal"),
    ("What showing is required to seal material attached to a non-dispositive motion?",
     "particularized showing", "§ III"),
    ("Which subdivision lets a court protect trade secrets in discovery?",
     "trade secret or other confidential research", "Fed. R. Civ. P. 26(c)"),
    ("What must a motion to compel disclosure or discovery include?",
     "in good faith conferred or attempted to confer", "Fed. R. Civ. P. 37(a)"),
]


@pytest.mark.parametrize("question,phrase,cite", GOLDEN)
def test_golden_answers_cite_the_passage(engine, question, phrase, cite):
    ans = engine.answer(question)
    assert not ans.abstained, ans.text
    top = ans.citations[:3]
    assert any(phrase.lower() in c.passage.text.lower() and cite in c.passage.cite for c in top), \
        [c.passage.cite for c in ans.citations]


def test_every_quote_is_verbatim_and_served(engine):
    for question, _, _ in GOLDEN:
        ans = engine.answer(question)
        for c in ans.citations:
            assert c.quote and c.quote in c.passage.text
            assert engine.passage(c.passage.id).text == c.passage.text
            assert f"[{c.n}]" not in c.quote
        for c in ans.citations:
            if f"[{c.n}]" in ans.text:
                assert c.quote in ans.text


OFF_TOPIC = [
    "What is the statute of limitations for breach of contract in New York?",
    "How do I file a patent application with the USPTO?",
    "What is the capital of Australia?",
    "Can a landlord keep a security deposit for normal wear and tear in Texas?",
]


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_abstains_off_topic(engine, question):
    ans = engine.answer(question)
    assert ans.abstained and not ans.citations
    assert "does not answer" in ans.text and "Searched:" in ans.text


def test_missing_local_rule_is_named_with_how_to_add_it(engine):
    ans = engine.answer("What page limit does L.R. 11-6.1 set for memoranda?")
    assert ans.abstained
    assert "L.R. 11-6.1" in ans.text and "rulebot corpus add" in ans.text and "L.R. 11-6.1" in ans.missing


def test_rule_mentioned_only_in_an_order_is_flagged(engine):
    ans = engine.answer("What does L.R. 37-2.2 say about the joint stipulation?")
    assert "L.R. 37-2.2" in ans.missing
    assert "not in the indexed corpus" in ans.text


@pytest.mark.parametrize("question, quoted", [
    ("does L.R. 79-5 let the parties agree to file everything under seal?", "without Court approval"),
    ("under CD Cal L.R. 37-1 what do we have to do before filing a discovery motion?", "set forth in Local Rule 37-1"),
    # "local rule 37" is the Central District's chapter the order applies, not Fed. R. Civ. P. 37
    ("under local rule 37 do we need a joint stip for a motion to compel?", "Central District's Local Rule 37"),
])
def test_a_local_rule_an_indexed_order_of_its_court_applies_is_answered_from_the_order(engine, question, quoted):
    # the rule itself is not indexed: the answer says so, and quotes what the order says of it
    ans = engine.answer(question)
    assert not ans.abstained and ans.missing
    assert ans.text.startswith("Note:") and "not in the indexed corpus" in ans.text
    first = ans.citations[0]
    assert first.passage.judge == "Suzanne H. Segal" and quoted in first.quote


@pytest.mark.parametrize("question", [
    "CD Cal L.R. 37-1: how many days after our meet and confer letter does OC have to confer?",  # a number: the rule's
    "ND Cal L.R. 79-5 - what must the sealing declaration show?",  # another court's 79-5
])
def test_a_local_rule_the_corpus_only_mentions_is_declined_for_what_only_its_text_says(engine, question):
    ans = engine.answer(question)
    assert ans.abstained and "not in the indexed corpus" in ans.text


def test_rule_number_boost_puts_the_rule_first(engine):
    ans = engine.answer("What does Rule 26(c)(1) provide?")
    assert ans.citations[0].passage.cite == "Fed. R. Civ. P. 26(c)(1)"


def test_filters_restrict_the_sources(engine):
    ans = engine.answer("What must a party show to seal documents?", filters=Filters(court="S.D. Cal."))
    assert ans.citations and all(c.passage.court == "S.D. Cal." for c in ans.citations)
    ans = engine.answer("What must a party show to seal documents?", filters=Filters(judge="Segal"))
    assert all(c.passage.judge == "Suzanne H. Segal" for c in ans.citations)
    ans = engine.answer("protective order good cause", filters=Filters(doc_type="federal_rules"))
    assert all(c.passage.doc_type == "federal_rules" for c in ans.citations)


def test_follow_up_uses_thread_history(engine):
    ans = engine.answer("what about filing them under seal?",
                        history=("Can parties agree on which confidential documents are protected?",))
    assert any("under seal" in c.passage.text for c in ans.citations[:3])


@pytest.mark.parametrize("bad", ["", "  ", "x" * 20_000, "\x00\x00"])
def test_bad_questions(engine, bad):
    with pytest.raises(BadQuestion):
        engine.answer(bad)


def test_answer_quotes_split_at_a_lead_in_with_nothing_after_it(engine):
    ans = engine.answer("Where can I find Judge Segal's sample protective order?")
    assert ans.citations[0].quote.startswith("Finally, the Court notes that its website")


DEEP = [
    ("what does rule 26(c)(1)(G) protect", "Fed. R. Civ. P. 26(c)(1)(G)", "(G) requiring that a trade secret"),
    ("When must a court quash under Rule 45(d)(3)(A)(iii)?", "Fed. R. Civ. P. 45(d)(3)(A)(iii)",
     "(iii) requires disclosure of privileged or other protected matter"),
    ("What can the court do under 37(e)(2)?", "Fed. R. Civ. P. 37(e)(2)", "(2) only upon finding that the party acted"),
]


@pytest.mark.parametrize("question,pin,start", DEEP)
def test_rule_items_at_any_depth_are_quoted_with_their_pin(engine, question, pin, start):
    ans = engine.answer(question)
    assert not ans.abstained and not ans.missing, ans.text
    first = ans.citations[0]
    assert first.cite == pin and first.quote.startswith(start), (first.cite, first.quote)
    assert first.quote in first.passage.text
    assert "not in the indexed corpus" not in ans.text


@pytest.mark.parametrize("question,cite", [
    ("What does Rule 37(e)(2) require?", "Fed. R. Civ. P. 37(e)(2)"),
    ("What does Rule 12(b)(6) say?", "Fed. R. Civ. P. 12(b)(6)"),
])
def test_a_named_item_asked_about_alone_is_quoted_alone(engine, question, cite):
    assert [c.cite for c in engine.answer(question).citations] == [cite]


def test_the_passage_a_situation_points_to_is_quoted_beside_a_named_item(engine):
    # the named item is quoted whole; the rule on matters outside the pleadings, which the situation describes, is
    # quoted beside it rather than dropped for falling short of the whole item's score, and (session 46) first:
    # the item's own words ("failure to state a claim ...") hold nothing asked, and 12(d) speaks of its motion
    ans = engine.answer("the 12(b)(6) motion attaches documents outside the complaint. can the court consider them?")
    cites = [c.cite for c in ans.citations]
    assert cites[:2] == ["Fed. R. Civ. P. 12(d)", "Fed. R. Civ. P. 12(b)(6)"], cites


def test_an_item_the_rule_does_not_have_is_not_indexed(engine):
    ans = engine.answer("What does Rule 26(c)(1)(Z) say?")
    assert ans.abstained and "Fed. R. Civ. P. 26(c)(1)(Z)" in ans.missing


def test_abstention_lists_the_nearest_passages_as_not_an_answer(engine):
    ans = engine.answer("How do I file a patent application with the USPTO?")
    assert ans.abstained and not ans.citations
    assert ans.nearest and "Not an answer, but the nearest passages" in ans.text
    for c in ans.nearest:
        assert c.quote in c.passage.text and engine.passage(c.passage.id) is not None


@pytest.mark.parametrize("question", [
    "what did Judge Segal hold about the stipulated protective order?",
    "what did al otro lado hold about the burden on the law enforcement privilege?",
    "did the court find good cause to seal the exhibits?",
])
def test_a_judge_or_the_indexed_case_by_one_name_is_not_declined(engine, question):
    ans = engine.answer(question)
    assert not ans.abstained and not ans.missing, ans.text


def test_words_on_both_sides_of_a_lower_case_v_are_no_case(engine):
    # "good cause v. compelling reasons": both sides are the corpus's own words, not names
    ans = engine.answer("good cause v. compelling reasons - which standard for sealing exhibits to a discovery motion?")
    assert not ans.abstained and not ans.missing


def test_a_case_the_corpus_only_mentions_is_named_with_where(engine):
    ans = engine.answer("What did Kamakana v. City and County of Honolulu hold about sealing?")
    assert ans.abstained and "Kamakana v. City and County of Honolulu" in ans.missing
    assert "The corpus mentions Kamakana v. City and County of Honolulu only in: Al Otro Lado" in ans.text


@pytest.mark.parametrize("question,cite", [
    ("On what grounds may a court issue a protective order?", "Fed. R. Civ. P. 26(c)(1)"),
    ("how does the safe harbor work for rule 11?", "Fed. R. Civ. P. 11(c)(2)"),
])
def test_a_rule_named_by_its_name_is_cited(engine, question, cite):
    assert cite in [c.cite for c in engine.answer(question).citations]


@pytest.mark.parametrize("question,missing", [
    ("In 3M Co. v. Smith, what standard applies to sealing?", "3M Co. v. Smith"),
    ("In ABC v. Wolf, what did the court hold about the law enforcement privilege?", "ABC v. Wolf"),
    # a name that only begins like the indexed case's, or the same first party against another
    ("In Al v. Smith, what did the court hold about sealing?", "Al v. Smith"),
    ("In Al Otro Lado v. Trump, what did the court hold about sealing?", "Al Otro Lado v. Trump"),
    # in lower case; "chambers" is a word of the rules (Rule 77(b)), but "nasco" is no word there: a name
    ("what did chambers v. nasco hold re inherent power sanctions?", "Chambers v. Nasco"),
    # a case by one party's name alone, as lawyers shorten it (Rule 8(a) was quoted for Twombly)
    ("what exactly did Twombly hold on the plausibility pleading standard?", "Twombly"),
    ("Kamakana held that compelling reasons apply to dispositive motions - right?", "Kamakana"),
    # another rule set's abbreviation before a number the civil rules also have
    ("bankr. R. 7056 - SJ deadline in an adversary proceeding?", "Fed. R. Bankr. P. 7056"),
    ("crim. R. 16 - what does the govt have to turn over?", "Fed. R. Crim. P. 16"),
    # a leading case asked about by one name, as the name of a standard
    ("twombly/iqbal — how do courts define the plausibility standard on a motion to dismiss?",
     "Bell Atlantic Corp. v. Twombly"),
    ("under celotex, what's our burden as the SJ movant?", "Celotex Corp. v. Catrett"),
])
def test_a_case_not_indexed_is_declined_whatever_its_form(engine, question, missing):
    ans = engine.answer(question)
    assert ans.abstained and missing in ans.missing


def test_a_rule_of_another_set_named_only_as_the_other_side_of_an_either_or_leaves_the_question_answered(engine):
    """The civil rule asked about is answered, the other set's rule noted as not indexed (it was declined whole);
    the same rule asked about is still declined."""
    ans = engine.answer("can we stay execution by posting a supersedeas bond in district court or is that only a "
                        "FRAP 8 thing?")
    assert not ans.abstained and ans.citations[0].cite == "Fed. R. Civ. P. 62(b)"
    assert ans.missing == ("Fed. R. App. P. 8",) and ans.text.startswith(
        "Note: Fed. R. App. P. 8 is not in the indexed corpus; the answer below comes from what is indexed")
    asked = engine.answer("what does FRAP 8 say about a stay pending appeal?")
    assert asked.abstained and asked.missing == ("Fed. R. App. P. 8",)
    # a misspelling before the rule, corrected for the search, moves no offset the either-or is read at
    typo = engine.answer("can we stay execution by posting a supersedeas bond in distrct court or is that only a "
                         "FRAP 8 thing?")
    assert not typo.abstained and typo.citations[0].cite == "Fed. R. Civ. P. 62(b)"


def test_a_rule_short_enough_to_read_whole_is_quoted_whole_and_a_number_asked_for_is_shown(engine):
    """43(a)'s second sentence is what decides testimony by video; 33(a)(1)'s number is in the sentence before the
    one sharing most of the question's words; neither passage's heading is quoted."""
    video = engine.answer("r. 43(a) — can a trial witness testify by video from another city?")
    assert video.citations[0].cite == "Fed. R. Civ. P. 43(a)"
    assert "contemporaneous transmission from a different location" in video.citations[0].quote
    assert not video.citations[0].quote.startswith("(a)")
    rogs = engine.answer("how many rogs can we serve w/o leave under r. 33?")
    assert "no more than 25 written interrogatories" in rogs.citations[0].quote, rogs.text


def test_a_leading_case_named_only_as_an_adjective_leaves_the_question_answered(engine):
    ans = engine.answer("bivens claim against an ICE agent - how do we serve him?")
    assert not ans.abstained and ans.citations[0].cite == "Fed. R. Civ. P. 4(i)(3)", ans.text


def test_a_courts_practice_asked_of_an_indexed_order_of_that_court_is_answered_from_the_order(engine):
    """The order names the local rule it applies; the court's local rules themselves are noted as not indexed.
    Asked without naming the order, or asked of another court, or for what only the rules give, still declined."""
    ans = engine.answer("per the segal PO order, what local rule do we follow to file stuff under seal in cd cal?")
    assert not ans.abstained and "Civil Local Rule 79-5" in ans.citations[0].quote, ans.text
    assert ans.text.startswith("Note: C.D. Cal. local rules") and "not from them" in ans.text.splitlines()[0]
    for declined in ("what local rule governs sealing in cd cal?",
                     "judge segal - what's the page limit for a brief under the cd cal local rules?",
                     "judge segal - how many days before the hearing must a motion be filed under the cd cal local rules?",
                     "per the segal order, what local rule governs sealing in the n.d. cal.?"):
        assert engine.answer(declined).abstained, declined


@pytest.mark.parametrize("question", [
    "In Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. 2020), who has the burden on the privilege?",
    "AOL v. Wolf - who has the burden on the law enforcement privilege?",
    "aol v. wolf - who has the burden on the law enforcement privilege?",
    "per al otro lado v. wolf, who has the burden on the law enforcement privilege?",
    "in AOL why did the court say the protective order mattered?",  # "in AOL", as "per AOL" (session 44)
])
def test_an_indexed_case_is_known_by_its_full_citation_and_its_initials(engine, question):
    ans = engine.answer(question)
    assert not ans.abstained and ans.citations[0].cite.startswith("Al Otro Lado, Inc. v. Wolf")


def test_a_quotation_of_another_case_is_quoted_with_its_source(engine):
    ans = engine.answer("what is the presumption of public access to court records?")
    quote = next(q for c in ans.citations for q in c.quotes if "strong presumption in favor of access" in q)
    assert quote.endswith("Kamakana v. City & Cty. of Honolulu, 447 F.3d 1172, 1178 (9th Cir. 2006)")


def test_shorthand_questions_find_the_passage(engine):
    hits = engine.search("who bears the burden on the govt's priv claim?", k=3)
    assert any("have the burden of establishing" in h.passage.text for h in hits)


# --- composition (issue 19): the answer quotes 1-3 passages, cites exactly those, names the rest apart ---

COMPOSED = [
    "What must a motion for a protective order include?",
    "opponent never answered our requests for admission in time, what happens",
    "can we take the deposition by zoom",
    "does the court make a federal agency post a bond to get a stay pending its appeal",  # 62(e): a title in capitals
    "Who has the burden of establishing the law enforcement privilege?",
    "what is the presumption of public access to court records?",  # a passage's two sentences, one citation
    "MJ denied our MTC, how do we get the DJ to look at it and how long do we have",  # side by side: one quote
    "what does L.R. 37-1 require before a discovery motion",  # Segal's ¶ 7 twice: [1], [1], then [2]
]


@pytest.mark.parametrize("question", COMPOSED)
def test_answer_cites_exactly_what_it_quotes_with_see_also_apart(engine, question):
    ans = engine.answer(question)
    assert not ans.abstained, ans.text
    assert 1 <= len(ans.citations) <= 3 and len(ans.see_also) <= 2
    assert [c.n for c in ans.citations] == list(range(1, len(ans.citations) + 1))  # reading order
    for c in ans.citations:  # every citation is quoted in the text, each quote once, with its marker
        assert all(ans.text.count(f"“{quote}” [{c.n}]") == 1 for quote in c.quotes)
    # one passage, one citation: a second sentence of a passage quoted is shown under its number, not listed twice
    assert len({(c.passage.id, c.cite) for c in ans.citations}) == len(ans.citations)
    assert ans.text.count("“") == sum(len(c.quotes) for c in ans.citations)
    marks = [int(n) for n in re.findall(r"” \[(\d+)\] \(", ans.text)]
    assert marks == sorted(marks), ans.text  # a passage's quotes together: [1], [1], [2], never [1], [2], [1]
    quoted = {c.passage.id for c in ans.citations}
    assert not any(c.passage.id in quoted for c in ans.see_also)
    cites = [c.cite for c in ans.citations]  # a pin cite shown is never listed again under "See also"
    assert len({c.cite for c in ans.see_also} | set(cites)) == len(ans.see_also) + len(set(cites))
    for c in ans.see_also:  # named apart, never quoted in the text
        assert c.quote not in ans.text and c.quote in c.passage.text
    d = ans.as_dict()
    assert len(d["citations"]) == len(ans.citations) and len(d["see_also"]) == len(ans.see_also)


def test_a_statute_a_rule_cites_is_weighed_like_any_question(engine):
    ans = engine.answer("IFP plaintiff under 28 U.S.C. § 1915 - does the marshal serve the summons?")
    assert not ans.abstained and ans.citations[0].cite == "Fed. R. Civ. P. 4(c)(3)"


def test_no_heading_or_bare_lead_in_is_quoted(engine):
    from bot.answering.rerank import is_heading

    for question in COMPOSED + [q for q, _, _ in GOLDEN]:
        for c in engine.answer(question).citations:
            assert not is_heading(c.quote), (question, c.quote)
            assert not c.quote.rstrip().endswith(":"), (question, c.quote)


@pytest.mark.parametrize("question,missing", [
    ("what does criminal Rule 16 require the government to disclose?", "Fed. R. Crim. P. 16"),
    ("How does FRE 502(d) protect against waiver?", "Fed. R. Evid. 502(d)"),
    ("bankruptcy rule 7026: does it incorporate the discovery rules?", "Fed. R. Bankr. P. 7026"),
    ("what's the filing fee for a civil complaint?", "court filing fees"),
    ("deadline to respond to interrogatories in California superior court", "California state court procedure"),
    ("what does 28 U.S.C. § 1332 require for the amount in controversy?", "28 U.S.C. § 1332"),
    ("can we recover fees under the Lanham Act in an exceptional case?", "federal statutes (Lanham Act)"),
    ("delaware chancery rule 26 - is it the same as the federal one?", "state court procedure"),
    ("is a settlement communication admissible to prove liability?", "Fed. R. Evid. (the law of evidence)"),
    ("what's the standard for transferring venue under 1404(a)?", "transfer of venue (28 U.S.C. §§ 1404, 1406)"),
    ("s.d. cal civ lr 16.1 - early neutral evaluation conference requirements?",
     "S.D. Cal. local rules and judges' procedures"),  # the corpus has an S.D. Cal. order, not its local rules
    # a privilege other than the law enforcement privilege Al Otro Lado decides: not answered from Al Otro Lado
    ("what are the elements of the deliberative process privilege",
     "the law of other privileges (Fed. R. Evid. 501: deliberative process, state secrets, and others)"),
    ("what must be shown to seal the exhibits to our MSJ",
     "the compelling-reasons standard for sealing dispositive motions' records (Ninth Circuit case law)"),
])
def test_other_bodies_of_law_are_declined_by_name(engine, question, missing):
    ans = engine.answer(question)
    assert ans.abstained and missing in ans.missing and missing in ans.text
    assert not ans.citations


def test_a_party_argument_is_not_quoted_as_the_holding():
    from bot.answering.query import parse_question
    from bot.answering.rerank import SentenceScorer
    from bot.types import Passage

    text = ("Defendants argue that the documents are privileged because disclosure would reveal techniques. "
            "The Court finds that the documents are not privileged because the techniques are already public.")
    p = Passage(id="o::1::0", doc_id="o", cite="Order § II", section="§ II", text=text, doc_type="order")
    idf = lambda t: 1.0  # noqa: E731
    scorer = SentenceScorer(idf)
    q = parse_question("are the documents privileged because disclosure would reveal techniques?")
    assert scorer.best_span(scorer.query_terms(q), p)[1].startswith("The Court finds")
    q2 = parse_question("what did defendants argue about the documents being privileged?")
    assert scorer.best_span(scorer.query_terms(q2), p)[1].startswith("Defendants argue")
    # a party and its declarant treating the documents a way is their position too (session 44)
    text2 = ("Defendants and their declarant treat the documents as privileged in the aggregate. "
             "The Court finds that the documents are not privileged.")
    p2 = Passage(id="o::2::0", doc_id="o", cite="Order § III", section="§ III", text=text2, doc_type="order")
    q3 = parse_question("are the documents privileged in the aggregate?")
    assert scorer.best_span(scorer.query_terms(q3), p2)[1].startswith("The Court finds")


def test_a_party_position_quoted_beside_the_courts_own_sentence_comes_after_it():
    # session 49: two passages of one opinion quoted, the first on the words a party's declarant's examples, the
    # second the court's answer to them: the court's sentence is placed first, the position after it
    from bot.answering.answer import Extractive
    from bot.answering.query import parse_question
    from bot.types import Hit, Passage

    def hit(n, text, rank, doc="o"):
        p = Passage(id=f"{doc}::{n}::0", doc_id=doc, cite=f"Order § II.B ({n})", section="§ II.B", text=text,
                    doc_type="order", heading="II. DISCUSSION — B. SENTRI Email")
        return Hit(passage=p, score=1.0 / (61 + rank), bm25_rank=rank, dense_rank=rank, dense_sim=0.6 - rank / 10)

    argued = ("For example, Defendants' declarant states that a smuggler who learns of a lookout on his car may "
              "switch cars, and a trafficker may switch routes.")
    court = "Such references to hypothetical smugglers switching cars do little to aid the Court."
    q = parse_question("why weren't the government's examples about smugglers switching cars enough?")
    ans = Extractive(lambda t: 1.0)(q, [hit(1, argued, 0), hit(2, court, 3)])
    assert [c.quote for c in ans.citations] == [court, argued], ans.text
    # ... but asked what the party argued, its position leads
    q2 = parse_question("what did the government argue about smugglers switching cars?")
    assert Extractive(lambda t: 1.0)(q2, [hit(1, argued, 0), hit(2, court, 3)]).citations[0].quote == argued
    # ... and a party's position in one document is not placed after another document's sentence
    other = Extractive(lambda t: 1.0)(q, [hit(1, argued, 0), hit(2, court, 3, doc="p")])
    assert other.citations[0].quote == argued, other.text


@pytest.mark.parametrize("question", [
    "Under Rule 58(e), does a motion for attorney's fees extend the time to file a notice of appeal?",
    "When can I get a stay pending appeal under Rule 62?",
    "After removal from Los Angeles Superior Court, when must the defendant answer under Rule 81(c)?",
])
def test_a_named_civil_rule_is_answered_whatever_other_words_the_question_uses(engine, question):
    ans = engine.answer(question)
    assert not ans.abstained and ans.citations, ans.text


def test_a_rule_named_only_as_what_happened_is_not_taken_for_the_subject(engine):
    ans = engine.answer("we filed a 12(b)(6) motion last month and left out lack of personal jurisdiction. "
                        "is that defense now waived under 12(h)?")
    # the motion that was filed is not quoted as the answer (its bare item, "(6) failure to state a claim ...;
    # and", was); the rule asked about is quoted
    assert not any(c.cite == "Fed. R. Civ. P. 12(b)(6)" for c in ans.citations)
    assert "Fed. R. Civ. P. 12(h)(1)" in [c.cite for c in ans.citations]


@pytest.mark.parametrize("question,deadline,way_out", [
    ("we forgot about the jury demand deadline. is there anything we can do?", "38(b)", "39(b)"),
    ("we missed the deadline on their requests for admission and now every request is deemed admitted. any way out?",
     "36(a)(3)", "36(b)"),
])
def test_a_missed_deadlines_way_out_is_quoted_not_the_deadline_first(engine, question, deadline, way_out):
    # session 46: the deadline's own rule is what happened; the rule that gives a way out is quoted, and the
    # deadline is not quoted first (before: the deadline first, the way out second or not at all)
    cites = [c.cite for c in engine.answer(question).citations]
    assert cites and cites[0] != f"Fed. R. Civ. P. {deadline}" and f"Fed. R. Civ. P. {way_out}" in cites, cites


def test_the_passage_retrieval_ranks_first_is_always_quoted():
    """Three passages whose sentences share more of the question's everyday words do not push out the passage the
    search ranked first (its terms of art, its meaning): it is quoted, in place of the one with the fewest words."""
    from bot.answering.answer import Extractive
    from bot.answering.query import parse_question
    from bot.types import Hit, Passage

    def hit(n, text, rank):
        p = Passage(id=f"r::{n}", doc_id="r", cite=f"Fed. R. Civ. P. {n}", section=n, text=text, doc_type="federal_rules")
        return Hit(passage=p, score=1.0 / (61 + rank), bm25_rank=rank, dense_rank=rank, dense_sim=0.5)

    hits = [hit("55(c)", "The court may set aside an entry of default for good cause.", 0),
            hit("55(a)", "The clerk must enter the party's default when the default is shown.", 1),
            hit("77(c)", "The clerk may enter a default and a default judgment.", 2),
            hit("55(b)", "The clerk must enter judgment against a defendant who has been defaulted.", 3)]
    q = parse_question("clerk entered default but no judgment yet. what standard to undo the default?")
    ans = Extractive(lambda t: 1.0)(q, hits)
    assert len(ans.citations) == 3
    assert "Fed. R. Civ. P. 55(c)" in [c.cite for c in ans.citations]


@pytest.mark.parametrize("text,shown", [
    # the sentence right after the first quote states the number: shown though it shares no word of the question
    ("The magistrate judge must issue a written order stating the decision on the referred matter. "
     "A party may serve and file objections within 14 days after being served with a copy. "
     "The district judge must consider timely objections.", True),
    # a number two sentences away that shares no word of the question is not the answer
    ("The magistrate judge must issue a written order stating the decision on the referred matter. "
     "The district judge must consider timely objections. "
     "A party may serve and file objections within 14 days after being served with a copy.", False),
])
def test_a_number_asked_for_is_shown_from_the_sentence_beside_the_first_quote(text, shown):
    from bot.answering.answer import Extractive
    from bot.answering.query import parse_question
    from bot.types import Hit, Passage

    lead = "".join(f"The clerk keeps register {n} of every referral, with the papers filed on it, in the order "
                   f"received and with the dates of each step taken. " for n in "ABC")
    p = Passage(id="r::72(a)", doc_id="r", cite="Fed. R. Civ. P. 72(a)", section="72(a)", text=lead + text,
                doc_type="federal_rules")  # too long to be quoted whole
    hits = [Hit(passage=p, score=1.0 / 61, bm25_rank=0, dense_rank=0, dense_sim=0.5)]
    ans = Extractive(lambda t: 1.0)(parse_question("the magistrate judge's written decision: how long do we have?"),
                                    hits)
    assert ans.citations[0].quote.startswith("The magistrate judge must issue a written order")
    assert any("within 14 days" in c.quote for c in ans.citations) == bool(shown), ans.text


def test_a_lead_in_with_its_items_on_the_same_line_is_quoted_with_them():
    """An order's factor list printed inline ("... include: (1) ...; (2) ...") is quoted whole when the question asks
    for the factors, never cut to its lead-in ("... include:")."""
    from bot.answering.query import parse_question
    from bot.answering.rerank import SentenceScorer
    from bot.types import Passage

    items = "; ".join(f"({i}) the {w} of the information sought" for i, w in enumerate(
        ["importance", "availability", "sensitivity", "age", "source", "accuracy", "scope", "form", "cost", "use"], 1))
    text = f"Factors the Court may consider in weighing the parties' competing interests include: {items}."
    p = Passage(id="o::2::0", doc_id="o", cite="Order § II.A", section="§ II.A", text=text, doc_type="order")
    scorer = SentenceScorer(lambda t: 1.0)
    q = parse_question("what factors does the court weigh?")
    score, quote = scorer.best_span(scorer.query_terms(q), p, lists=True)
    assert quote == text and score > 0
    # not asked as a list, the lead-in still holds the question's words: quoted with its items, not with item (1)
    q = parse_question("what may the court consider in weighing the parties' competing interests?")
    assert scorer.best_span(scorer.query_terms(q), p, lists=False)[1] == text


def test_the_best_sentence_is_found_again_when_the_same_words_weigh_differently():
    """The span cache is keyed by the words and their weights: the same words weighed otherwise (ordering damps
    everyday words) must not get the sentence found for the first weighing."""
    from bot.answering.rerank import SentenceScorer
    from bot.types import Passage

    text = "The balancing test tilts toward disclosure.\nThe privilege protects the public interest in law enforcement."
    p = Passage(id="o::3::0", doc_id="o", cite="Order § II.A", section="§ II.A", text=text, doc_type="order")
    scorer = SentenceScorer(lambda t: 1.0)
    assert scorer.best_span({"balanc": 5.0, "privileg": 1.0}, p)[1].startswith("The balancing test")
    assert scorer.best_span({"balanc": 1.0, "privileg": 5.0}, p)[1].startswith("The privilege")


@pytest.mark.parametrize("sentence, party, court", [
    ("Defendants argue that the documents are privileged.", True, False),
    ("As to the code, Defendants declare that in the wrong hands it could be used to alter records.", True, False),
    ("Regarding page 17, Defendants claim that disclosure would alert the individuals of interest.", True, False),
    ("According to CBP, the records are available from other sources.", True, False),
    ("The Court finds that Defendants have not made the threshold showing.", False, True),
    ("Given that Plaintiffs do not object, the Court will permit Defendants to claw back this document.", False, True),
    ("The Court will not agree to the procedures the parties propose.", False, True),
    ("The Court will refer to the exhibits using the exhibit numbers assigned to them.", False, False),
    ("The court may order discovery of any matter relevant to the subject matter.", False, False),
])
def test_a_partys_position_and_the_courts_ruling_are_told_apart(sentence, party, court):
    from bot.answering.rerank import _ATTRIBUTED, _HOLDING

    assert bool(_ATTRIBUTED.search(sentence)) is party
    assert bool(_HOLDING.search(sentence)) is court


@pytest.mark.parametrize("question, starts, ends", [
    # the lead-in holds the question's words; the clause it introduces is the answer: quoted together
    ("what is the scope of discovery?", "Unless otherwise limited", "the parties' resources;"),
    # the clause after the ';' holds them: quoted alone
    ("when is the burden outweighed by the benefit?", "and whether the burden", "likely benefit."),
])
def test_a_long_sentences_lead_in_is_quoted_with_the_clause_it_introduces(question, starts, ends):
    from bot.answering.query import parse_question
    from bot.answering.rerank import SentenceScorer
    from bot.types import Passage

    text = ("Unless otherwise limited by court order, the scope of discovery is as follows: Parties may obtain "
            "discovery regarding any nonprivileged matter that is relevant to any party's claim or defense and "
            "proportional to the needs of the case, considering the importance of the issues at stake in the action, "
            "the amount in controversy, the parties' relative access to relevant information, the parties' "
            "resources; and whether the burden or expense of the proposed discovery outweighs its likely benefit.")
    p = Passage(id="r::26b1", doc_id="r", cite="Fed. R. Civ. P. 26(b)(1)", section="26(b)(1)", text=text,
                doc_type="federal_rules")
    scorer = SentenceScorer(lambda t: 1.0)
    quote = scorer.best_span(scorer.query_terms(parse_question(question)), p)[1]
    assert quote.startswith(starts) and quote.endswith(ends) and quote in text, quote


def test_the_first_passages_next_best_sentence_is_quoted_after_the_others_unless_it_is_an_aside():
    """A rule's deadline is often the sentence beside the one that shares most of the question's words: it is
    quoted too, after the passages quoted on their own merit; a citation to other authority or a party's
    position is not quoted beside the court's own words."""
    from bot.answering.answer import Extractive
    from bot.answering.query import parse_question
    from bot.types import Hit, Passage

    def hits(text, doc_type="federal_rules"):
        p = Passage(id="r::1", doc_id="r", cite="Fed. R. Civ. P. 45(d)(2)(B)", section="45(d)(2)(B)", text=text,
                    doc_type=doc_type)
        return [Hit(passage=p, score=1.0, bm25_rank=0, dense_rank=0, dense_sim=0.5)]

    deadline = ("The objection must be served before the earlier of the time specified for compliance or 14 days "
                "after the subpoena is served.")
    rule = hits("A person commanded to produce documents or tangible things or to permit inspection may serve on the "
                "party or attorney designated in the subpoena a written objection to inspecting, copying, testing, or "
                "sampling any or all of the materials or to inspecting the premises—or to producing electronically "
                f"stored information in the form or forms requested.\n{deadline}")
    asked = parse_question("deadline to serve a written objection to a document subpoena?")
    ans = Extractive(lambda t: 1.0)(asked, rule)
    # one passage, one citation: the deadline is quoted under the passage's number (a line break parts the two
    # sentences, so they are two quotes, each on its line)
    assert [c.cite for c in ans.citations] == ["Fed. R. Civ. P. 45(d)(2)(B)"]
    assert ans.citations[0].quote.startswith("A person commanded") and ans.citations[0].more == (deadline,)
    assert ans.text.count("[1]") == 2 and "[2]" not in ans.text
    # side by side on one line, they are quoted as one
    joined = Extractive(lambda t: 1.0)(asked, hits(rule[0].passage.text.replace("\n", " ")))
    assert len(joined.citations) == 1 and not joined.citations[0].more
    assert joined.citations[0].quote.startswith("A person commanded") and joined.citations[0].quote.endswith(deadline)
    # a rule short enough to read whole is quoted whole, once
    short = Extractive(lambda t: 1.0)(asked, hits("A person commanded to produce documents may serve on the party "
                                                  f"designated in the subpoena a written objection.\n{deadline}"))
    assert len(short.citations) == 1 and short.citations[0].quote.endswith(deadline)
    # an aside that would clear SECOND_SHARE is passed over for the next sentence of the court's own
    question = parse_question("how is the balance of interests for the privilege weighted toward disclosure?")
    for aside in ("See Hemstreet, 2007 WL 4287602, at *2 (the balance of interests for the privilege is weighted "
                  "toward disclosure).",
                  "Defendants argue that the balance of interests for the privilege is weighted toward disclosure."):
        order = hits("This balancing test is moderately pre-weighted in favor of disclosure.\n"
                     f"{aside}\nThe privilege and disclosure are weighed case by case.", "order")
        extractive = Extractive(lambda t: 0.5 if t == "interest" else 1.0)
        ans = extractive(question, order)
        ranked = [quote[:20] for _, quote, _, _ in extractive.ranked_spans(extractive.query_terms(question),
                                                                           order[0].passage)]
        assert ranked.index(aside[:20]) < ranked.index("The privilege and di")  # the aside would have come first
        # apart in the passage: two quotes under the passage's one number
        assert [q[:20] for q in ans.citations[0].quotes] == ["This balancing test ", "The privilege and di"], ans.text
        assert len(ans.citations) == 1 and ans.text.count("[1]") == 2 and "[2]" not in ans.text


def test_a_list_ends_where_an_item_of_a_higher_level_begins():
    """A lead-in is quoted with its own items and those nested in them, never with the next subdivision of its own
    or a higher level ("(C) Objection to a Written Question." after "(i)", "(ii)")."""
    from bot.answering.answer import Extractive
    from bot.answering.query import parse_question
    from bot.types import Passage

    def quote(text, question):
        p = Passage(id="r::1", doc_id="r", cite="Fed. R. Civ. P. 32(d)(3)", section="32(d)(3)", text=text,
                    doc_type="federal_rules")
        ex = Extractive(lambda t: 1.0)
        return ex.ranked_spans(ex.query_terms(parse_question(question)), p, True)[0][1]

    waived = quote("(B) Objection to an Error. An objection to an error at an oral examination is waived if:\n"
                   "(i) it relates to the manner of taking the deposition; and\n(ii) it is not timely made.\n"
                   "(C) Objection to a Written Question. An objection to the form of a written question is waived "
                   "if not served in writing.", "when is an objection at an oral examination waived?")
    assert waived.endswith("(ii) it is not timely made.") and "(C)" not in waived
    nested = quote("A party waives any defense listed in Rule 12(b)(2)-(5) by:\n(A) omitting it from a motion; or\n"
                   "(B) failing to either:\n(i) make it by motion under this rule; or\n(ii) include it in a "
                   "responsive pleading.", "how does a party waive a defense listed in rule 12(b)?")
    assert nested.startswith("A party waives") and nested.endswith("(ii) include it in a responsive pleading.")


def test_the_answer_quotes_a_passage_ranked_just_below_the_top_k(engine):
    """The answer chooses among ANSWER_POOL passages: Judge Segal's paragraph on sealing, named by no name in the
    question, is ranked below the top k (here 2) by the fused retrieval and is still quoted first; whether to
    answer is decided on the top k alone (the decision's signals are those of the top k).  (Session 44: the
    question was "do we file our discovery responses with the court?", which then named 5(d)(1) by its name;
    session 50: "OC served but did not file a sanctions motion ...", whose 11(c)(2) the question adapter ranks
    second.)"""
    from bot.answering.engine import ANSWER_POOL
    from bot.answering.query import parse_question

    question = "may the parties stipulate that every confidential document gets filed under seal?"
    considered = engine.weigh(question, k=2)
    cites = [h.passage.cite for h in considered.hits]
    assert len(cites) == ANSWER_POOL > 2 and not any(h.boosted for h in considered.hits)
    segal = next(c for c in cites if "Segal" in c and c.endswith("¶ 6"))
    assert cites.index(segal) >= 2
    ans = engine.answer(question, k=2)
    assert ans.citations[0].passage.cite == segal and "under seal" in ans.citations[0].quote
    idx = engine.index()
    q = idx.prepare(parse_question(question))
    alone = engine.consider(q, idx, list(considered.hits[:2]), Filters())
    assert considered.evidence == alone.evidence


def test_a_short_paragraph_of_the_courts_own_words_is_quoted_whole(engine):
    """Judge Segal's paragraph on sealing is two sentences of the court's own words: quoted whole, so the one that
    answers ("Parties may not agree to file all confidential documents under seal") is shown beside the one that
    shares the question's words."""
    ans = engine.answer("can our PO say the parties can file everything under seal")
    first = ans.citations[0]
    assert "Segal" in first.cite and "Civil Local Rule 79-5" in first.quote, ans.text
    assert "Parties may not agree to file all confidential documents under seal" in first.quote, ans.text


def test_a_magistrate_judges_discovery_ruling_is_answered_from_72a_not_72b(engine):
    """A ruling on a motion to compel is an order on a nondispositive matter: 72(a) is quoted first; 72(b), the
    recommended disposition of a dispositive matter reviewed de novo, only when the question is about one."""
    ans = engine.answer("MJ denied our motion to compel. how do we get the district judge to look at it?")
    assert ans.citations[0].cite == "Fed. R. Civ. P. 72(a)", ans.text
    # asked how long, the sentence beside the first quote that states the number is shown, though it shares no word
    # with the question
    long = engine.answer("MJ denied our MTC, how do we get the DJ to look at it and how long do we have")
    assert long.citations[0].cite == "Fed. R. Civ. P. 72(a)" and "within 14 days after being served" in long.text, long.text
    rr = engine.answer("the MJ issued an R&R recommending dismissal. how long to object?")
    assert rr.citations[0].cite.startswith("Fed. R. Civ. P. 72(b)"), rr.text
    # "de novo" is the standard asked about, not the subject: a discovery ruling is still 72(a)'s
    novo = engine.answer("magistrate judge granted their motion for a protective order. does the DJ review it de novo?")
    assert novo.citations[0].cite == "Fed. R. Civ. P. 72(a)", novo.text


def test_a_question_about_a_named_judges_order_is_answered_from_her_order(engine):
    """"does judge segal let us ..." asks what her order says: its best passages are weighed for the answer however
    the federal rules rank (NAMED_IN_POOL) and are first among those quoted; a deposition rule that shares the
    question's words (26(a)(3)'s designation of deposition testimony) is not her answer."""
    from bot.answering.query import parse_question
    from bot.answering.retrieve import NAMED_IN_POOL

    question = "does judge segal let us designate whole depo transcripts as confidential"
    idx = engine.index()
    q = idx.prepare(parse_question(question))
    hers = [h.passage.id for h in idx.search(q, k=50) if "Segal" in h.passage.cite][:NAMED_IN_POOL]
    for k in (10, 12, 20):  # however deep the pool, her best passages are in it (and nothing twice)
        pool = [h.passage.id for h in idx.search(q, k=k)]
        assert len(pool) == len(set(pool)) == k and set(hers) <= set(pool), k
    ans = engine.answer(question)
    assert not ans.abstained and "Segal" in ans.citations[0].cite, ans.text


# A situation in an associate's words is answered first from the rule that governs it, not from a neighbour that
# shares its words: a special proceeding's rule (third-party practice, a counterclaim, JMOL, an involuntary
# dismissal) counts less when the question is not about it, and everyday words are read as the rules'.
# rows the question adapter (indexers/adapter.py, session 50) lost: it gained more on questions nobody read (README)
ADAPTER_LOSS = "session 50's question adapter places the neighbouring passage first; the governing one is quoted second"
# rows session 51's written situations (appended to the terms lines) lost: they gained more on questions nobody read
TERMS_LOSS = "session 51's written situations in the terms place a neighbouring passage first"


FIRST = [
    ("judge entered judgment with a math error in it", "Fed. R. Civ. P. 60(a)"),  # a clerical mistake
    ("client got served with the summons, how long to respond", "Fed. R. Civ. P. 12(a)(1)"),  # responsive pleading
    ("how many days to file a motion for new trial after the jury verdict", "Fed. R. Civ. P. 59(b)"),  # not 50(b)
    ("can we move to dismiss for failure to join a necessary party", "Fed. R. Civ. P. 19(a)(1)"),  # not 41(b)
    ("do we need leave to file an amended complaint after they answered", "Fed. R. Civ. P. 15(a)"),  # not 14(a)(1)
    # a default named before it is undone ("get rid of it") is set aside: 55(c), not 55(a)'s entry of default
    ("the clerk entered default against us yesterday, how do we get rid of it", "Fed. R. Civ. P. 55(c)"),
    # the United States' own 60 days (12(a)(2)) only when the government is the defendant
    ("our client was served with the complaint, how long does it have to answer", "Fed. R. Civ. P. 12(a)(1)"),
    # a rule named as what was done ("after they filed a 12b6") beside one named by its subject (amending: 15(a))
    ("can we amend the complaint once without leave after they filed a 12b6", "Fed. R. Civ. P. 15(a)(1)"),
    # a rule that speaks of the other body named (41(a)(1)(B)'s earlier "state-court action") bridges to it, though
    # not among the top three passages
    ("plaintiff dropped the same claim once in state court and wants to dismiss it again here by notice, effect?",
     "Fed. R. Civ. P. 41(a)(1)"),
    # a fact witness never disclosed is kept out (37(c)(1)); an expert report's list (26(a)(2)(B)) is experts' only
    # (session 50: the question adapter brings 26(a)(1)(A), the duty the situation tells was broken, into the pool,
    # where its terms outweigh 37(c)(1) by a hair; 37(c)(1) is quoted second: a known loss, kept strict so that a fix
    # shows)
    pytest.param("OC never disclosed a witness and now lists him for trial, can we keep him out",
                 "Fed. R. Civ. P. 37(c)(1)", marks=pytest.mark.xfail(strict=True, reason=ADAPTER_LOSS)),
    # a rule named only to compare ("like a 59(e)") is the situation, not what is asked
    ("judgment entered monday. deadline for our fees motion - same 28 days like a 59e?", "Fed. R. Civ. P. 54(d)(2)(B)"),
    # session 49: a rule only guessed at ("do we need a 30(b)(1) notice?", "R11, or something else?") is placed a little
    # lower (GUESS_FACTOR), so the rule the facts point to comes first when its words fit as well: 30(b)(6) names an
    # organization and its topics; 26(g)(3) sanctions a discovery paper signed without basis (the first a reviewer's probe)
    # (session 51: with the written situations in the terms, 30(b)(1), the rule guessed, is quoted alone: its words
    # hold more of the question and 30(b)(6)'s sentence falls below the share quoted; a known loss, kept strict)
    pytest.param("want to depose the corp OC on a list of topics. do we need a 30(b)(1) notice?",
                 "Fed. R. Civ. P. 30(b)(6)", marks=pytest.mark.xfail(strict=True, reason=TERMS_LOSS)),
    # a bench trial's motion after the plaintiff rests is judgment on partial findings (52(c)); JMOL is a jury trial's
    # (session 51: 50(a)(1)'s written situation, "P rested and never put in a shred of causation evidence", places it
    # first and 52(c) second: a known loss found by a reviewer reading the read sets, kept strict)
    pytest.param("bench trial, plaintiff rested without proving causation. can we ask for JMOL?", "Fed. R. Civ. P. 52(c)",
                 marks=pytest.mark.xfail(strict=True, reason=TERMS_LOSS)),
    # (session 50: with the question adapter it opens with 11(d), "This rule does not apply to ... discovery requests,
    # responses, objections", then 26(g)(3): a known loss, kept strict)
    pytest.param("OC served discovery responses signed with no basis at all. rule 11 sanctions, or something else?",
                 "Fed. R. Civ. P. 26(g)(3)", marks=pytest.mark.xfail(strict=True, reason=ADAPTER_LOSS)),
    # a tally of the jury's votes is no local rule's number ("L.R. 7-1 is not in the corpus")
    ("the jury split 7-1 for the defense and we never stipulated to a non-unanimous verdict", "Fed. R. Civ. P. 48(b)"),
    # a limitations period run is another body of law, but whether an amendment relates back is the rules' own
    ("the statute of limitations ran last week, can an amended complaint naming the right defendant relate back",
     "Fed. R. Civ. P. 15(c)(1)"),
    # session 44: a motion said to be decided after its number ("our 12(b)(6) was denied") is the situation
    ("our 12(b)(6) got denied yesterday. when is our answer due?", "Fed. R. Civ. P. 12(a)(4)"),
    # a rule named by number is weighed before a passage of a scoped rule the question does not reach (56(c)(2))
    ("under 26(b)(1), can they refuse discovery because the documents would be inadmissible at trial",
     "Fed. R. Civ. P. 26(b)(1)"),
    # discovery papers are served, not filed (5(d)(1)(A)); no failure to respond (37(d))
    ("they served their interrogatory answers yesterday, do those go on the docket?", "Fed. R. Civ. P. 5(d)(1)"),
    # setting aside an entry of default (55(c)), not what the clerk may do (77(c))
    ("the clerk entered a default against us, there is no judgment. can we set it aside?", "Fed. R. Civ. P. 55(c)"),
    # the judge's name says which order is asked about, not which of its paragraphs: discovery disputes (¶ 7),
    # not the paragraph that names the judge's web page (¶ 9)
    ("what must the parties do before bringing a discovery dispute to Judge Segal?", "Order re Stipulated Protective Order (C.D. Cal.) (Segal, M.J.) (case name and date unknown), ¶ 7"),
    # a bare rule number with a point (65.1), and a suit of its own (an independent action)
    ("65.1 - can we enforce against the surety by motion or do we need a separate suit?", "Fed. R. Civ. P. 65.1"),
    # a say before the court acts (an opportunity to be heard)
    ("can the court appoint a special master without letting the parties weigh in?", "Fed. R. Civ. P. 53(b)(1)"),
    # a part of a rule named by number, named by its subject: the part, before the rule's other passages
    ("rule 8: our client says paragraph 4 is half true and half false. how do we answer it?", "Fed. R. Civ. P. 8(b)(4)"),
    # the clerk's office inaccessible on the last day (6(a)(3)), not the next day's definition (6(a)(4))
    ("the courthouse was shut for a storm on the last day to file our papers. did we miss it?", "Fed. R. Civ. P. 6(a)(3)"),
    # a word written solid with its prefix is not "corrected" into another ("prefiling" is not "refiling")
    ("prefiling steps before bringing a discovery dispute to Judge Segal?",
     "Order re Stipulated Protective Order (C.D. Cal.) (Segal, M.J.) (case name and date unknown), ¶ 7"),
    # a plaintiff who has let the case sit: involuntary dismissal (41(b)), not voluntary (41(a)(1))
    ("the plaintiff hasn't done anything in the case for a year. can we get it dismissed?", "Fed. R. Civ. P. 41(b)"),
    ("they allege fraud generally without any details. can we challenge that?", "Fed. R. Civ. P. 9(b)"),
    ("a neighbour wants to join the pending case because it affects her land. what's the test?", "Fed. R. Civ. P. 24(a)"),
    # not knowing (8(b)(5)); objections lost (33(b)(4)); documents held back (34(b)(2)(C)); an injunction by
    # reference to the complaint (65(d)(1))
    ("the client has no idea whether the invoice was received. how do we answer that allegation?", "Fed. R. Civ. P. 8(b)(5)"),
    ("we served our interrogatory objections two weeks late. did we lose them?", "Fed. R. Civ. P. 33(b)(4)"),
    ("they objected to our RFPs but won't say if they're holding anything back. allowed?", "Fed. R. Civ. P. 34(b)(2)(C)"),
    ("the draft injunction just enjoins the conduct alleged in the complaint. ok?", "Fed. R. Civ. P. 65(d)(1)"),
    # a defendant's own impleader and its 14 days (14(a)(1)), not a third-party defendant's (14(a)(5))
    ("we want to implead the manufacturer. do we need leave of court?", "Fed. R. Civ. P. 14(a)(1)"),
    # serving a paper by email needs written consent (5(b)(2)(E)); 6(d) is about time
    ("can we serve our motion on the other side by email if they never consented?", "Fed. R. Civ. P. 5(b)(2)"),
    # an opinion's legal standard (its own heading, § II.A) answers a question about the standard, not the parts
    # it is applied to (§ II.B) nor its opening (¶ 5)
    ("al otro lado - what must the government show to claim the law enforcement privilege?",
     "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A"),
    ("AOL - does a protective order matter to the LE privilege analysis?",
     "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A"),
    # ... and a question naming a part it is applied to, from that part
    ("al otro lado: could the government redact the database code in the field information report?",
     "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.C"),
    # how a named opinion came out: its conclusion ("what did the court order" is not a protective order)
    ("what did the court order in al otro lado?",
     "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § IV"),
    # ... or its opening, which tells how it comes out (a reviewer's probe: § I's background had come first)
    ("bottom line in al otro lado?", "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), ¶ 5"),
    # whether the standard was met is asked of where it was applied, not of the standard (a reviewer's probe)
    ("did defendants make the threshold showing in al otro lado?",
     "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.B"),
]


@pytest.mark.parametrize("question,cite", FIRST)
def test_a_situation_is_answered_first_from_the_rule_that_governs_it(engine, question, cite):
    ans = engine.answer(question)
    assert not ans.abstained and ans.citations[0].passage.cite.startswith(cite), [c.passage.cite for c in ans.citations]


# ... and the 30(b)(6) row lost its second place as well in session 51 (strict, so that a fix shows)
@pytest.mark.parametrize("question,cite", [
    pytest.param(*p.values, marks=pytest.mark.xfail(strict=True, reason=TERMS_LOSS)) if "30(b)(1) notice" in p.values[0]
    else p.values for p in FIRST if getattr(p, "marks", ())])
def test_a_situation_whose_governing_rule_lost_first_place_still_quotes_it(engine, question, cite):
    """The rows lost to a change that gained more elsewhere (strict expected failures above): the governing rule is
    still quoted first or second."""
    ans = engine.answer(question)
    assert not ans.abstained and any(c.passage.cite.startswith(cite) for c in ans.citations[:2]), \
        [c.passage.cite for c in ans.citations]


def test_the_passage_first_on_all_its_signals_is_always_quoted():
    """Which passages are quoted is decided on their words, their order on their words and meaning: a passage whose
    meaning puts it first over all is quoted (first), in place of the last chosen on words alone, not left out for
    three passages that share a few more of the question's words ("client got served with the summons, how long to
    respond" had quoted three service rules and not 12(a)(1), first on all its signals)."""
    from bot.answering.answer import Extractive, Weighed, Weights
    from bot.types import Hit, Passage

    def weighed(n, s, similar, rank):
        p = Passage(id=f"r::{n}", doc_id="r", cite=f"Fed. R. Civ. P. {n}", section=n, text=f"Sentence of {n}.",
                    doc_type="federal_rules")
        h = Hit(passage=p, score=1.0 / (61 + rank), bm25_rank=rank, dense_rank=rank, dense_sim=similar)
        return Weighed(h, rank, s, f"Sentence of {n}.", "", 0.0, 1.0, similar, s)

    rows = [weighed("4(k)(1)", 0.9, 0.0, 0), weighed("4(l)(2)", 0.85, 0.0, 1), weighed("4(d)(1)", 0.8, 0.0, 2),
            weighed("12(a)(1)", 0.6, 0.6, 3)]
    w = Weights(rank=0.0, bm25=0.0, boosted=0.0, terms=0.0, dense=1.0, prefer=0.0)
    chosen, _ = Extractive.choose(rows, w)
    assert [x.hit.passage.section for x in chosen] == ["12(a)(1)", "4(k)(1)", "4(l)(2)"]
    # when it is not first over all, the three chosen on their words stand
    rows[-1] = weighed("12(a)(1)", 0.6, 0.2, 3)
    chosen, _ = Extractive.choose(rows, w)
    assert [x.hit.passage.section for x in chosen] == ["4(k)(1)", "4(l)(2)", "4(d)(1)"]


def test_the_named_orders_passages_come_before_the_rule_it_applied():
    """A question naming a judge's order or a case ("in al otro lado, did the court let them claw back ...") is
    answered first from that order, however much more of the question's words the rule it applied shares."""
    from bot.answering.answer import Extractive, Weighed, Weights
    from bot.types import Hit, Passage

    def weighed(cite, section, s, preferred, rank, doc_type="order"):
        p = Passage(id=f"{cite}::{section}", doc_id=cite, cite=f"{cite} {section}", section=section,
                    text=f"Sentence of {section}.", doc_type=doc_type)
        h = Hit(passage=p, score=1.0 / (61 + rank), bm25_rank=rank, dense_rank=rank, dense_sim=0.5, preferred=preferred,
                named=preferred >= 1.0)
        return Weighed(h, rank, s, f"Sentence of {section}.", "", 0.0, 1.0, 0.0, s)

    w = Weights.current()
    rows = [weighed("Fed. R. Civ. P.", "26(b)(5)(B)", 0.9, 0.0, 0, "federal_rules"), weighed("Al Otro Lado", "§ IV", 0.7, 1.0, 1)]
    chosen, _ = Extractive.choose(rows, w)
    assert [x.hit.passage.section for x in chosen] == ["§ IV", "26(b)(5)(B)"]
    rows[1] = weighed("Al Otro Lado", "§ IV", 0.7, 0.0, 1)  # not named: the order of their signals
    chosen, _ = Extractive.choose(rows, w)
    assert [x.hit.passage.section for x in chosen] == ["26(b)(5)(B)", "§ IV"]
    # nor is the named order's passage the one to give way when the first on all signals comes in: the last
    # other passage chosen on its words does
    rows = [weighed("Fed. R. Civ. P.", "26(b)(5)(B)", 0.9, 0.0, 0, "federal_rules"),
            weighed("Fed. R. Evid.", "502", 0.85, 0.0, 1, "federal_rules"),
            weighed("Al Otro Lado", "§ IV", 0.8, 1.0, 2),
            weighed("Fed. R. Civ. P.", "26(b)(1)", 0.6, 0.0, 3, "federal_rules")]
    rows[3] = rows[3]._replace(similar=0.9)
    chosen, _ = Extractive.choose(rows, w)
    assert [x.hit.passage.section for x in chosen][0] == "§ IV" and "26(b)(1)" in [x.hit.passage.section for x in chosen]


def test_a_deadline_on_a_weekend_is_answered_from_the_rule_that_extends_it(engine):
    """A last day on a Sunday runs on to Monday (6(a)(1)(C)): quoted first, though the question's words also fit the
    time to respond to an amended pleading (15(a)(3), which the question does not amend) and periods stated in
    hours (6(a)(2), which it does not count)."""
    ans = engine.answer("deadline to respond to the complaint falls on a sunday")
    assert ans.citations[0].cite == "Fed. R. Civ. P. 6(a)(1)", ans.text
    assert "Saturday, Sunday, or legal holiday" in ans.text, ans.text
    assert not any(c.cite in ("Fed. R. Civ. P. 15(a)(3)", "Fed. R. Civ. P. 6(a)(2)") for c in ans.citations), ans.text


def test_who_pays_is_answered_from_who_bears_the_costs(engine):
    """"who pays" is, in the rules' words, who "bears the recording costs" (30(b)(3)(A))."""
    ans = engine.answer("who pays for the court reporter at a depo")
    assert ans.citations[0].cite == "Fed. R. Civ. P. 30(b)(3)", ans.text
    assert "The noticing party bears the recording costs." in ans.text, ans.text


def test_a_depo_on_video_is_answered_from_the_recording_method(engine):
    """A deposition "videotaped" is one recorded by "audiovisual" means (30(b)(3)), not one taken by remote means
    (30(b)(4), which shares "depo" and "without")."""
    ans = engine.answer("can we videotape the depo without telling OC first")
    assert ans.citations[0].cite == "Fed. R. Civ. P. 30(b)(3)", ans.text


def test_a_rule_named_by_its_name_is_weighed_however_its_words_rank(engine):
    """"depose our client twice" names 30(a)(2)(A)(ii) (leave to depose someone already deposed) though its words
    rank it outside the passages weighed (18th): it is weighed, and quoted first, not the motion to end a deposition
    (30(d)(3)) that shares "depose"."""
    from bot.answering.retrieve import RULES_IN_POOL

    assert RULES_IN_POOL >= 1
    ans = engine.answer("OC wants to depose our client twice. allowed?")
    assert ans.citations[0].cite == "Fed. R. Civ. P. 30(a)(2)(A)(ii)", ans.text
    assert "already been deposed" in ans.text, ans.text


def test_a_named_order_does_not_push_out_a_rule_named_by_its_name(engine):
    """Both pools at once (a reviewer's probe): the named order's passages take the places of passages neither named
    nor a rule named by its name, so "depose ... twice" keeps 30(a)(2) among those weighed beside Judge Segal's
    order."""
    from bot.answering.query import parse_question

    idx = engine.index()
    q = idx.prepare(parse_question("per judge segal's order, can OC depose our client twice?"))
    hits = idx.search(q, k=10)
    assert any(h.passage.cite == "Fed. R. Civ. P. 30(a)(2)" for h in hits), [h.passage.cite for h in hits]
    assert any("Segal" in h.passage.cite for h in hits), [h.passage.cite for h in hits]
    assert len({h.passage.id for h in hits}) == len(hits) == 10


def test_a_sentence_that_carries_on_the_first_quote_is_quoted_after_it():
    """Session 46: "To do so, a party must put forth competent evidence ..." is carried on by "Such evidence should
    include ..." (past the citation between them): the next sentence is quoted under the same number, even when
    it shares none of the question's words; a sentence that does not point back is not."""
    from bot.answering.answer import Extractive
    from bot.answering.query import parse_question
    from bot.types import Hit, Passage

    def hits(text):
        p = Passage(id="o::1", doc_id="o", cite="Doe v. Roe, § II.A", section="§ II.A", text=text, doc_type="order")
        return [Hit(passage=p, score=1.0, bm25_rank=0, dense_rank=0, dense_sim=0.5)]

    lead = "To do so, the agency must put forth competent evidence of the specific harm disclosure would cause."
    carried = "Such evidence should include a formal claim by a responsible official who personally reviewed it."
    asked = parse_question("what must the agency put forth to show harm?")
    for between in (" ", " Id. (quoting Kelly v. City of San Jose, 114 F.R.D. 653, 669 (N.D. Cal. 1987)). "):
        ans = Extractive(lambda t: 1.0)(asked, hits(f"The privilege is qualified. {lead}{between}{carried} "
                                                    "The Court weighs several factors."))
        assert len(ans.citations) == 1 and ans.citations[0].quote.startswith("To do so"), ans.text
        assert carried in ans.text and "Kelly" not in ans.text.replace(lead, ""), ans.text
        assert "weighs several factors" not in ans.text
    plain = Extractive(lambda t: 1.0)(asked, hits(f"The privilege is qualified. {lead} The official who reviewed "
                                                  "the files may testify. The Court weighs several factors."))
    assert "official who reviewed" not in plain.text, plain.text


def test_an_item_named_only_as_the_motion_made_comes_after_the_passage_that_speaks_of_that_motion(engine):
    # session 46: the 12(b)(6) item ("failure to state a claim ...") holds nothing asked; 12(d), which says what
    # happens when matters outside the pleadings come in on a 12(b)(6) motion, is quoted first
    cites = [c.cite for c in engine.answer("we put two affidavits in with our 12b6. does the court treat it "
                                           "differently?").citations]
    assert cites[:2] == ["Fed. R. Civ. P. 12(d)", "Fed. R. Civ. P. 12(b)(6)"], cites
    # ... while a question about the item itself quotes it first
    assert engine.answer("what does 12(b)(6) say?").citations[0].cite == "Fed. R. Civ. P. 12(b)(6)"


@pytest.mark.parametrize("question,fits", [
    ("when must the judge issue it?", True),
    ("how long does the court have?", True),
    ("what's the deadline?", True),
    # a deadline told, not asked; and a question of what, not when
    ("we blew the deadline, can we still get relief?", False),
    ("what must the order contain?", False),
])
def test_asked_when_a_rules_part_headed_time_is_placed_first(question, fits):
    from bot.answering.answer import TIME_FIT, Extractive
    from bot.answering.query import parse_question
    from bot.types import Passage

    timed = Passage(id="r::2", doc_id="r", cite="Fed. R. Civ. P. 16(b)(2)", section="16(b)(2)", text="x.",
                    doc_type="federal_rules",
                    heading="Rule 16. Pretrial Conferences — (b) Scheduling — (2) Time to Issue")
    other = Passage(id="r::1", doc_id="r", cite="Fed. R. Civ. P. 16(b)(1)", section="16(b)(1)", text="x.",
                    doc_type="federal_rules",
                    heading="Rule 16. Pretrial Conferences — (b) Scheduling — (1) Scheduling Order")
    q = parse_question(question)
    # where the quote is placed, not whether it is quoted (`fit` is left alone)
    assert Extractive.placing(q, timed) == (TIME_FIT if fits else 1.0) and Extractive.placing(q, other) == 1.0
    assert Extractive(lambda t: 1.0).fit(q, timed, "x.") == 1.0


@pytest.mark.parametrize("question,section,placed", [
    # a rule named only to compare is placed lower, and so is each part of it ("like under 12(a)" -> 12(a)(1))
    ("they amended under 15(a)(1). a new 21 days to respond like under 12(a)?", "12(a)(1)", "context"),
    ("they amended under 15(a)(1). a new 21 days to respond like under 12(a)?", "15(a)(3)", "asked"),
    # ... but not a part the question names by number as what it asks about: a class settlement (23(e), named by
    # its subject in the situation) does not put the 23(e)(1) asked after the rest
    ("class settlement proposed. under 23(e)(1) who gets notice?", "23(e)(1)", "asked"),
    # ... nor one it names by its subject ("alter or amend the judgment" is 59(e), beside "a rule 59 new trial motion");
    # the rule compared beside it is told, not guessed at too (one factor, not both)
    ("a motion to alter or amend the judgment - 28 days like a rule 59 new trial motion?", "59(e)", "asked"),
    ("a motion to alter or amend the judgment - 28 days like a rule 59 new trial motion?", "59(b)", "context"),
    # session 49: a rule only guessed at is placed a little lower (GUESS_FACTOR), with its parts; the rule the facts
    # point to is not, nor a rule the asker only wants confirmed
    ("clerk entered default, no judgment yet. do we need a 60(b) motion to undo it?", "60(b)", "guess"),
    ("clerk entered default, no judgment yet. do we need a 60(b) motion to undo it?", "60(b)(1)", "guess"),
    ("clerk entered default, no judgment yet. do we need a 60(b) motion to undo it?", "55(c)", "asked"),
    ("we have 14 days to object to the MJ's order under 72(a), right?", "72(a)", "asked"),
])
def test_a_rule_told_or_guessed_is_placed_lower_with_its_parts(question, section, placed):
    from bot.answering.answer import CONTEXT_FACTOR, GUESS_FACTOR, Extractive
    from bot.answering.query import parse_question
    from bot.types import Passage

    assert 0 < CONTEXT_FACTOR < GUESS_FACTOR <= 1.0
    p = Passage(id=f"r::{section}", doc_id="r", cite=f"Fed. R. Civ. P. {section}", section=section, text="x.",
                doc_type="federal_rules", heading="Rule")
    want = {"guess": GUESS_FACTOR, "context": CONTEXT_FACTOR, "asked": 1.0}[placed]
    assert Extractive.placing(parse_question(question), p) == want


@pytest.mark.parametrize("question,first,whole", [
    # the rule the question names by number as what it asks about is quoted first though none of its sentences holds
    # a word of the question (before, "Rule 1 verbatim" quoted two other rules and never Rule 1) ...
    ("give me Rule 1 verbatim for the intro of our brief", "Fed. R. Civ. P. 1", True),
    ("opposing counsel says our document requests are improper since the papers would never come in at trial - "
     "ok under 26(b)(1)?", "Fed. R. Civ. P. 26(b)(1)", False),
    # ... but not a rule the asking sentence only proposes: the situation's rule answers
    ("they want our expert's draft reports. isn't that just ordinary work product under 26(b)(3)?",
     "Fed. R. Civ. P. 26(b)(4)(B)", False),
])
def test_the_rule_asked_by_number_is_quoted_though_no_word_matches(engine, question, first, whole):
    a = engine.answer(question)
    assert a.citations[0].cite == first, [c.cite for c in a.citations]
    if whole:  # a rule short enough to read whole is quoted whole
        assert "just, speedy, and inexpensive" in a.text and "except as stated in Rule 81" in a.text
