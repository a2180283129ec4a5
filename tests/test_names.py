"""Rules named by name: the table, and that every row resolves in the shipped corpus."""

import re

import pytest

from bot.answering.names import NAMED_RULES, named_rules
from bot.answering.query import parse_question, RuleRef


def test_table_has_at_least_25_names_each_with_its_rule():
    assert len(NAMED_RULES) >= 25
    for n in NAMED_RULES:
        assert n.names and n.why and re.fullmatch(r"\d{1,2}(?:\.\d)?(?:\([a-zA-Z0-9]+\))*", n.number), n


NAMES = [
    ("does the clawback provision cover this?", "26(b)(5)(B)"),
    ("how does the safe harbor work", "11(c)(2)"),
    ("what are the proportionality factors", "26(b)(1)"),
    ("the 100-mile limit for a subpoena", "45(c)"),
    ("does the amendment relate back", "15(c)"),
    ("what goes in the meet-and-confer certification", "37(a)(1)"),
    ("is there a privilege log requirement", "26(b)(5)(A)"),
    ("excusable neglect after the deadline", "6(b)(1)(B)"),
]


@pytest.mark.parametrize("text,number", NAMES)
def test_names_imply_their_rule(text, number):
    q = parse_question(text)
    assert [r.number for r in q.refs if r.implied] == [number]
    assert not q.named  # implied, not named by number: never reported as missing


def test_a_numbered_rule_is_not_implied_twice():
    q = parse_question("Rule 26(f) discovery plan")
    assert [(r.number, r.implied) for r in q.refs] == [("26(f)", False)]


def test_no_name_no_rule():
    assert named_rules("who has the burden on the law enforcement privilege?") == ()


def test_every_named_rule_is_in_the_shipped_corpus(engine):
    idx = engine.index()
    for n in NAMED_RULES:
        assert idx.resolve(RuleRef("federal", n.number, n.why)), n.number
