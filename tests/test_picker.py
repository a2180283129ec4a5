"""The sentence picker on its own (no model, no index): the first quote is the one that answers."""

import pytest

from bot.answering.answer import Extractive
from bot.answering.query import parse_question
from bot.answering.retrieve import item_markers, item_span, section_prefixes
from bot.types import Hit, Passage

RULE_26C1 = (
    "(1) In General. A party or any person from whom discovery is sought may move for a protective order in the "
    "court where the action is pending. The motion must include a certification that the movant has in good faith "
    "conferred with other affected parties. The court may, for good cause, issue an order to protect a party or "
    "person from annoyance, embarrassment, oppression, or undue burden or expense, including one or more of the "
    "following:\n\n(A) forbidding the disclosure or discovery;\n\n(B) specifying terms for the disclosure;\n\n"
    "(G) requiring that a trade secret not be revealed; and\n\n(H) requiring sealed envelopes.")
REPORT = (
    "(B) Witnesses Who Must Provide a Written Report. Unless otherwise stipulated, this disclosure must be "
    "accompanied by a written report prepared and signed by the witness. The report must contain:\n\n"
    "(i) a complete statement of all opinions the witness will express;\n\n(ii) the facts or data considered by "
    "the witness in forming them; and\n\n(iii) the witness's qualifications.")
ORDER = ("SUZANNE H. SEGAL, Magistrate Judge.")


def passage(pid, text, section="26(c)(1)", cite="Fed. R. Civ. P. 26(c)(1)"):
    return Passage(id=pid, doc_id="d", cite=cite, section=section, text=text)


def first_quote(question, *passages, boosted=(), item=()):
    ex = Extractive(lambda t: 1.0)
    hits = [Hit(passage=p, score=1.0 - i / 10, boosted=p.id in boosted, item=item if i == 0 else ())
            for i, p in enumerate(passages)]
    ans = ex(parse_question(question), hits)
    return ans.text.split("\n")[0], ans.citations


def test_rule_by_number_opens_with_its_operative_sentence_not_its_heading():
    text, _ = first_quote("What does Rule 26(c)(1) provide?", passage("a", RULE_26C1), boosted={"a"})
    assert text.startswith("“A party or any person from whom discovery is sought may move")


def test_what_must_it_include_quotes_the_list():
    text, cites = first_quote("what has to be in the expert's report?",
                              passage("r", REPORT, "26(a)(2)(B)", "Fed. R. Civ. P. 26(a)(2)(B)"))
    quote = cites[0].quote
    assert "The report must contain:" in quote and "(ii) the facts or data considered" in quote
    assert quote in REPORT  # verbatim


def test_an_item_named_by_number_is_quoted_with_its_own_pin():
    _, cites = first_quote("what does rule 26(c)(1)(G) protect", passage("a", RULE_26C1), boosted={"a"},
                           item=("(G)",))
    assert cites[0].quote == "(G) requiring that a trade secret not be revealed; and"
    assert cites[0].cite == "Fed. R. Civ. P. 26(c)(1)(G)"


def test_a_signature_line_is_not_an_answer():
    _, cites = first_quote("why did judge segal reject the stipulated protective order?",
                           passage("s", ORDER + "\n\nThe Court cannot adopt the protective order as stipulated by "
                                   "the parties because it fails to include a statement of good cause.",
                                   "¶ 1", "Segal order ¶ 1"))
    assert cites[0].quote.startswith("The Court cannot adopt")


STANDARD = ('The "law enforcement privilege" is also sometimes referred to as the "official information privilege" '
            'or the "ongoing investigation privilege" in the cases this Court has collected.\n\n'
            "Defendants have the burden of establishing that the privilege applies to each of the nineteen documents "
            "at issue, and they must put forth competent evidence about how the specific requested disclosure would "
            "harm governmental interests.\n\nThe balancing test that follows is moderately pre-weighted in favor of "
            "disclosure, and the listed factors are neither exhaustive nor controlling.")


@pytest.mark.parametrize("doc_type, heading, opens", [
    # an opinion's sentence is read under its heading: the heading's words do not pick among its sentences
    ("order", "II. THE PRIVILEGE DISPUTE — A. Legal Standard Regarding the Law Enforcement Privilege", "Defendants"),
    # no heading: the sentence naming the privilege three times holds more of the question
    ("order", "", "The"),
    # a rule's heading is not read into its sentences
    ("federal_rules", "Rule 26. Law Enforcement Privilege", "The"),
])
def test_a_heading_says_which_part_not_which_sentence(doc_type, heading, opens):
    _, cites = first_quote("who bears the burden on the law enforcement privilege?",
                           Passage(id="a", doc_id="d", cite="Opinion § II.A", section="II.A", text=STANDARD,
                                   heading=heading, doc_type=doc_type))
    assert cites[0].quote.startswith(opens)


def test_when_every_word_asked_is_in_the_heading_the_sentence_naming_them_wins():
    """Every sentence under "C. Field Information Report" is read as saying its words; the one that names the
    report itself comes first among them, not merely the earliest (a transition)."""
    text = ("The same deficiencies in the showing regarding the email are present here, as the parties agree in "
            "their joint brief on the motion.\n\nThe parties also dispute several of the later exhibits, which "
            "are taken up in turn below after the remaining pages.\n\nThe Field Information Report is an "
            "intelligence product that lists persons of interest at the port of entry.")
    ex = Extractive(lambda t: 1.0)
    p = Passage(id="a", doc_id="d", cite="Opinion § II.C", section="II.C", text=text,
                heading="II. THE PRIVILEGE DISPUTE — C. Field Information Report", doc_type="order")
    ranked = ex.ranked_spans(ex.query_terms(parse_question("field information report?")), p)
    assert ranked[0][1].startswith("The Field Information Report is")


RULING = ("The SENTRI email describes lookouts that agents placed on suspected smugglers and traffickers at the "
          "port of entry, as the declarant explains at some length.\n\n"
          "The parties met and conferred twice before bringing the joint motion, and the exhibits were lodged with "
          "the chambers copy as the judge's procedures require for discovery disputes of this kind.\n\n"
          "The Court finds that the SENTRI email and its lookouts on smugglers are not protected and orders them produced.\n\n"
          "The remaining pages of the exhibit concern scheduling matters that neither side addresses in its briefing.")


@pytest.mark.parametrize("question, opens", [
    # asked what the court decided: its ruling first, over a sentence holding a word more of the question
    ("what was the outcome on CBP's SENTRI email lookouts for smugglers and traffickers?", "The Court finds"),
    ("did the court let CBP keep the SENTRI email lookouts for smugglers and traffickers?", "The Court finds"),
    # asked what the document says: the sentence holding more of the question
    ("what does CBP's SENTRI email say about lookouts for smugglers and traffickers?", "The SENTRI email describes"),
])
def test_a_question_about_the_outcome_is_answered_by_the_ruling(question, opens):
    _, cites = first_quote(question, Passage(id="a", doc_id="d", cite="Opinion § II.B", section="II.B", text=RULING,
                                             doc_type="order"))
    assert cites[0].quote.startswith(opens)


ITEMS = [
    (RULE_26C1, ("(g)",), ("(G)",)),
    (RULE_26C1, ("(z)",), ()),
    ("(3) Quashing.\n\n(A) When Required. must quash a subpoena that:\n\n(i) fails to allow time;\n\n"
     "(iii) requires disclosure of privileged matter; or\n\n(B) When Permitted.", ("(a)", "(iii)"), ("(A)", "(iii)")),
]


def test_item_markers():
    for text, path, expected in ITEMS:
        assert item_markers(text, path) == expected


def test_item_span_stops_at_the_next_item_of_the_same_level():
    text = ("(A) When Required. must quash a subpoena that:\n\n(i) fails to allow time;\n\n(ii) is burdensome.\n\n"
            "(B) When Permitted. may quash.")
    s, e = item_span(text, ("(A)",))
    assert text[s:e].startswith("(A) When Required") and text[s:e].endswith("(ii) is burdensome.")
    s, e = item_span(text, ("(A)", "(i)"))
    assert text[s:e] == "(i) fails to allow time;"


def test_section_prefixes():
    assert section_prefixes("26(c)(1)") == ["26", "26(c)", "26(c)(1)"]
    assert section_prefixes("79-5.2.2") == ["79-5", "79-5.2", "79-5.2.2"]


def test_a_heading_is_never_the_start_of_a_two_sentence_quote():
    text = ("(B) Information Produced. If information produced in discovery is subject to a claim of privilege, "
            "the party making the claim may notify any party. After being notified, a party must promptly return, "
            "sequester, or destroy the specified information.")
    _, cites = first_quote("must we sequester information produced after notice of a privilege claim?",
                           passage("b", text, "26(b)(5)", "Fed. R. Civ. P. 26(b)(5)"))
    assert not cites[0].quote.startswith("(B) Information Produced.")
    assert "sequester" in cites[0].quote


def test_a_sentence_that_only_moves_the_opinion_along_is_not_an_answer():
    text = ("With these principles in mind, the Court turns to Defendants' assertion that the documents at issue are "
            "protected by the law enforcement privilege. The law enforcement privilege protects the confidentiality "
            "of sources and the privacy of individuals involved in an investigation.")
    order = Passage(id="o", doc_id="o", cite="Order § II.A", section="§ II.A", text=text, doc_type="order")
    _, cites = first_quote("what does the law enforcement privilege protect in the order?", order)
    assert cites[0].quote.startswith("The law enforcement privilege protects")


def test_the_court_speaking_at_the_start_of_a_sentence_is_its_holding():
    text = ("The Court has received the parties' stipulated protective order. The Court cannot adopt the stipulated "
            "protective order. According to Defendants, the stipulated protective order is adequate.")
    order = Passage(id="o", doc_id="o", cite="Order ¶ 3", section="¶ 3", text=text, doc_type="order")
    _, cites = first_quote("the stipulated protective order?", order)
    assert cites[0].quote == "The Court cannot adopt the stipulated protective order."


def _weighed(pid, *, s, bm25_rank=None, similar=0.0, governs=0.0, boosted=False):
    from bot.answering.answer import Weighed
    p = passage(pid, f"The {pid} sentence.", section=pid, cite=f"R. {pid}")
    return Weighed(Hit(passage=p, score=1.0, bm25_rank=bm25_rank, boosted=boosted), 0, s, p.text, "", governs, 1.0,
                   similar, s)


@pytest.mark.parametrize("weights, first", [
    # the lexical retriever's first passage, a little fewer of the question's words in its best sentence
    ({"bm25": 0.0, "dense": 0.0}, "b"),
    ({"bm25": 0.3, "dense": 0.0}, "a"),
    # ... and meaning-similarity, which orders the quotes without deciding which are quoted
    ({"bm25": 0.0, "dense": 1.8}, "c"),
    ({"bm25": 0.0, "terms": 1.0, "dense": 0.0}, "c"),
])
def test_the_weights_order_the_quotes(weights, first):
    from bot.answering.answer import Weights
    w = Weights(rank=0.0, bm25=0.0, boosted=0.0, terms=0.0, dense=0.0, prefer=0.0)._replace(**weights)
    weighed = [_weighed("a", s=0.5, bm25_rank=0), _weighed("b", s=0.6, bm25_rank=9),
               _weighed("c", s=0.5, bm25_rank=20, similar=0.2, governs=0.3)]
    chosen, usable = Extractive.choose(weighed, w)
    assert chosen[0].hit.passage.id == first and len(usable) == 3
    assert {x.hit.passage.id for x in chosen} == {"a", "b", "c"}  # all within QUOTE_SHARE of the best on words


def test_a_heading_is_never_quoted_for_sharing_every_word_of_the_question():
    """'(2) Standard for Appointing Class Counsel.' holds the one word of "what's the standard": still a heading,
    scored at or under 0, so it is not quoted while a sentence is there."""
    ex = Extractive(lambda t: 1.0)
    q = parse_question("what's the standard")
    p = passage("h", "(2) Standard for Appointing Class Counsel. When one applicant seeks appointment as class "
                     "counsel, the court may appoint that applicant only if the applicant is adequate.",
                section="23(g)(2)", cite="Fed. R. Civ. P. 23(g)(2)")
    ranked = ex.ranked_spans(ex.query_terms(q), p)
    assert all(score <= 0 for score, quote, _, _ in ranked if quote.startswith("(2) Standard"))


@pytest.mark.parametrize("holds, first", [(False, True), (True, True), (False, False), (True, False)])
def test_a_further_passage_is_quoted_only_when_its_quote_holds_a_word_of_the_question(holds, first):
    """Beside a first quote, a passage whose quote holds none of the question's words is not quoted, whatever its
    sentence scored (a holding, a number, a list are scored a bonus): neither as one of the best on words nor as
    the retrievers' first passage ("b" first: `top`)."""
    from bot.answering.answer import Weights
    w = Weights(rank=0.0, bm25=0.3, boosted=0.0, terms=0.0, dense=0.0, prefer=0.0)
    b = _weighed("b", s=0.06, bm25_rank=0)._replace(holds=holds)
    a = _weighed("a", s=0.3, bm25_rank=3)
    chosen, _ = Extractive.choose([b, a] if first else [a, b], w)
    ids = {x.hit.passage.id for x in chosen}
    assert "a" in ids and ("b" in ids) == holds


@pytest.mark.parametrize("text, heading", [
    ("(c) USE.", True),  # a title of 1-4 letters is no outline marker ("USE." is not "A." or "iv.")
    ("(a) Jury.", True),
    ("(1) In General.", True),
    ("(2) a complaint;", False),
    ("(iv) the date the order was entered.", False),
])
def test_a_heading_is_told_from_a_sentence(text, heading):
    from bot.answering.rerank import is_heading
    assert is_heading(text) == heading


def test_a_short_rule_is_quoted_without_its_title():
    """33(c) is its title and one sentence: the sentence is quoted, never '(c) USE. An answer ...'."""
    from bot.answering.answer import whole_rule
    p = Passage(id="u", doc_id="d", cite="Fed. R. Civ. P. 33(c)", section="33(c)", doc_type="federal_rules",
                text="(c) USE. An answer to an interrogatory may be used to the extent allowed by the Federal Rules of "
                     "Evidence.")
    assert whole_rule(p) == ""
    _, cites = first_quote("can we use interrogatory answers at trial", p)
    assert cites[0].quote.startswith("An answer")
