"""Answers over the real shipped corpus: golden table, verbatim quotes, abstention, filters."""

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


def test_an_item_the_rule_does_not_have_is_not_indexed(engine):
    ans = engine.answer("What does Rule 26(c)(1)(Z) say?")
    assert ans.abstained and "Fed. R. Civ. P. 26(c)(1)(Z)" in ans.missing


def test_abstention_lists_the_nearest_passages_as_not_an_answer(engine):
    ans = engine.answer("How do I file a patent application with the USPTO?")
    assert ans.abstained and not ans.citations
    assert ans.nearest and "Not an answer, but the nearest passages" in ans.text
    for c in ans.nearest:
        assert c.quote in c.passage.text and engine.passage(c.passage.id) is not None


def test_a_case_the_corpus_only_mentions_is_named_with_where(engine):
    ans = engine.answer("What did Kamakana v. City and County of Honolulu hold about sealing?")
    assert ans.abstained and "Kamakana v. City and County of Honolulu" in ans.missing
    assert "The corpus mentions Kamakana v. City and County of Honolulu only in: Al Otro Lado" in ans.text


def test_shorthand_questions_find_the_passage(engine):
    hits = engine.search("who bears the burden on the govt's priv claim?", k=3)
    assert any("have the burden of establishing" in h.passage.text for h in hits)
