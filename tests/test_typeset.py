"""Typesetting a line of draft Markdown for Word, as (input, expected) tables: inline Markdown consumed, typographic
quotes, citations bound so they never break across lines (`bot.draft.typeset`)."""

from __future__ import annotations

import pytest

from bot.draft.typeset import NBH, NBSP, WJ, Span, bind_cites, fold, smart_quotes, spans, typeset, unbound

SPANS = [
    # Markdown, [(text, bold, italic)]
    ("plain words", [("plain words", False, False)]),
    ("**Order to be sought:** An order", [("Order to be sought:", True, False), (" An order", False, False)]),
    ("**Re: *Rivera v. Northwind*, Case No. 1**",
     [("Re: ", True, False), ("Rivera v. Northwind", True, True), (", Case No. 1", True, False)]),
    ("*See* Fed. R. Civ. P. 26(b)(1).", [("See", False, True), (" Fed. R. Civ. P. 26(b)(1).", False, False)]),
    ("***both*** then *one*", [("both", True, True), (" then ", False, False), ("one", False, True)]),
    ("_Id._ at 5", [("Id.", False, True), (" at 5", False, False)]),
    ("a stray * and a `code` span", [("a stray * and a code span", False, False)]),  # as CommonMark: a lone * is text
    ("5 * 3 * 2 and 2*x", [("5 * 3 * 2 and 2*x", False, False)]),
    ("**unclosed bold", [("unclosed bold", False, False)]),
    ("Dated: ____________________", [("Dated: ____________________", False, False)]),
    ("snake_case_name stays", [("snake_case_name stays", False, False)]),
    ("see [the rule](https://example.com/r) here", [("see the rule here", False, False)]),
    # backslash escapes (as a model writes Markdown): the character as text; a line's last backslash breaks the line
    ("Dated: \\_\\_\\_\\_", [("Dated: ____", False, False)]),
    ("By: /s/ Dana Whitfield\\", [("By: /s/ Dana Whitfield", False, False)]),
    ("the order\\'s \\[bracketed\\] *words*", [("the order's [bracketed] ", False, False), ("words", False, True)]),
]


@pytest.mark.parametrize("markdown,expected", SPANS, ids=[s[0] for s in SPANS])
def test_inline_markdown_is_consumed(markdown, expected):
    assert spans(markdown) == [Span(*e) for e in expected]
    kept = "".join(s.text for s in spans(markdown))
    assert "`" not in kept and "*" not in kept.replace(" * ", "").replace("2*x", "")  # a lone * is text


QUOTES = [
    ('"good cause"', "“good cause”"),
    ("Rivera's dispatchers' logs", "Rivera’s dispatchers’ logs"),
    ('a "\'particularized showing\'" of', "a “‘particularized showing’” of"),
    ('(*"quoted"*)', "(*“quoted”*)"),
    ('"Id." — "next"', "“Id.” — “next”"),
    ("the '90s", "the ’90s"),
]


@pytest.mark.parametrize("text,expected", QUOTES, ids=[q[0] for q in QUOTES])
def test_typographic_quotes(text, expected):
    assert smart_quotes(text) == expected


BIND = [
    ("Fed. R. Civ. P. 26(b)(1)", f"Fed.{NBSP}R.{NBSP}Civ.{NBSP}P.{NBSP}26(b){WJ}(1)"),
    ("Federal Rule of Civil Procedure 26(c)(1) provides", f"Federal Rule of Civil Procedure{NBSP}26(c){WJ}(1) provides"),
    ("under L.R. 37-2.1 now", f"under L.R.{NBSP}37{NBH}2.1 now"),  # a non-breaking hyphen, not a joiner after one
    ("C.D. Cal. L.R. 79-5.2.2(b)", f"C.D.{NBSP}Cal.{NBSP}L.R.{NBSP}79{NBH}5.2.2(b)"),
    ("Case No. 2:25-cv-04417-MWF-PVC", f"Case{NBSP}No.{NBSP}2:25{NBH}cv{NBH}04417{NBH}MWF{NBH}PVC"),
    ("filed in 2:20-cv-01234-ABC today", f"filed in 2:20{NBH}cv{NBH}01234{NBH}ABC today"),
    ("Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020)", f"Wolf, No.{NBSP}3:17{NBH}cv{NBH}2366 (S.D.{NBSP}Cal. June 26, 2020)"),
    ("a well-known, long-standing rule", "a well-known, long-standing rule"),  # words keep their ordinary hyphens
    ("Wolf, § III.", f"Wolf, §{NBSP}III."),
    ("Rule 26(c)(1)(G)", f"Rule{NBSP}26(c){WJ}(1){WJ}(G)"),
    ("(C.D. Cal.)", f"(C.D.{NBSP}Cal.)"),
    ("no cite here, just words", "no cite here, just words"),
]


@pytest.mark.parametrize("text,expected", BIND, ids=[b[0] for b in BIND])
def test_a_pin_cite_never_breaks(text, expected):
    assert bind_cites(text) == expected
    assert fold(bind_cites(text))[0] == text  # the words are the same, only how they may break changed
    assert unbound(bind_cites(text)) == text  # plain text (chat, .txt) has ordinary spaces and hyphens


def test_typeset_does_all_three_and_fold_finds_the_words_again():
    pieces = typeset('**Re: *Doe v. Acme*** "26(b)(1)" *See* Fed. R. Civ. P. 26(b)(1).')
    text = "".join(p.text for p in pieces)
    assert "*" not in text and '"' not in text and f"26(b){WJ}(1)" in text and "“" in text
    folded, where = fold(text)
    start = folded.index("Fed. R. Civ. P. 26(b)(1)")
    assert text[where[start]:where[start + len("Fed. R. Civ. P. 26(b)(1)") - 1] + 1].startswith(f"Fed.{NBSP}R.")
