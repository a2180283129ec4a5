"""Lexical step: the tokens BM25 and the sentence scorer compare (indexers/lexical.py)."""

from __future__ import annotations

import pytest

from indexers.lexical import tokenize

SAME = [
    # an irregular past form meets its verb ("withdrawn within 21 days" answers "how long to withdraw")
    ("withdrawn", "withdraw"), ("taken", "take"), ("held", "hold"), ("met", "meet"), ("brought", "bring"),
    ("sought", "seek"), ("struck", "strike"), ("stricken", "strike"),
    # a noun meets its verb
    ("deposition", "depose"), ("withdrawal", "withdraw"), ("admissions", "admit"), ("our opposition", "we oppose"),
    ("response", "respond"), ("responsive pleading", "respond pleading"),
    ("defrauded investors", "fraud investors"), ("fraudulent transfer", "fraud transfer"),
    # the stemmer's own
    ("sanctions", "sanction"), ("compelling", "compel"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_forms_of_one_word_are_one_token(a, b):
    assert tokenize(a) == tokenize(b)


def test_a_contraction_is_not_a_past_form():
    assert "win" not in tokenize("they won't produce")


def test_rule_numbers_keep_their_subdivisions_and_their_rule():
    assert tokenize("Rule 26(c)(1)") == ["rule", "26(c)(1)", "26"]
