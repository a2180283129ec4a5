"""Adaptive Card builders: pure input -> card JSON tables (no server, no index)."""

from __future__ import annotations

import json
import re

import pytest

from bot.draft import structure

from bot.draft.facts import from_form

from bot.draft.kinds import KINDS
from bot.draft.types import Check, Draft
from bot.teams import cards
from bot.types import Answer, Citation, Passage
from teams_support import find_actions, texts

AOL = ("Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A")
QUOTE = "The party asserting the privilege has the burden of proving its applicability."


def passage(n: int = 1, text: str = "", cite: str = AOL, source: str = "https://example.test/aol") -> Passage:
    return Passage(id=f"p{n}", doc_id="al-otro-lado", cite=cite if n == 1 else f"{cite} ¶ {n}", section="II.A",
                   text=text or f"Background. {QUOTE} More discussion follows.", heading="II.A Law enforcement privilege",
                   title="Al Otro Lado, Inc. v. Wolf", court="S.D. Cal.", date="2020-06-26", source=source)


def answer(n_cites: int = 1, passage_text: str = "", answer_text: str = "The party asserting it bears the burden [1].",
           question: str = "Who has the burden?") -> Answer:
    cites = tuple(Citation(n=i, passage=passage(i, passage_text), quote=QUOTE) for i in range(1, n_cites + 1))
    return Answer(question=question, text=answer_text, citations=cites)


def element_by_id(card: dict, element_id: str) -> dict | None:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("id") == element_id:
                found.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(card)
    return found[0] if found else None


def test_answer_card_shows_pin_cite_quote_hidden_passage_and_feedback():
    c = cards.answer_card(answer(), key="k1")
    assert (c["type"], c["version"], c["$schema"]) == ("AdaptiveCard", "1.5", cards.SCHEMA)
    assert QUOTE in c["fallbackText"] and AOL in c["fallbackText"]
    body = texts(c)
    assert f"**[1] {AOL}**" in body
    assert f"“{QUOTE}”" in body
    toggle = find_actions(c)[0]
    assert toggle["type"] == "Action.ToggleVisibility" and toggle["title"] == "Show passage"
    hidden = element_by_id(c, toggle["targetElements"][0])
    assert hidden["isVisible"] is False
    hidden_text = texts(hidden)
    assert "More discussion follows." in hidden_text and "https://example.test/aol" in hidden_text
    votes = find_actions(c, cards.FEEDBACK)
    assert [(a["type"], a["data"]["verdict"], a["data"]["key"]) for a in votes] == [
        ("Action.Execute", "up", "k1"), ("Action.Execute", "down", "k1")]
    assert all(a["fallback"]["type"] == "Action.Submit" and a["fallback"]["data"] == a["data"] for a in votes)


# (case, answer, expected verbs of the "show more" actions, a phrase that must remain visible)
TRIM_CASES = [
    ("small answer, nothing trimmed", answer(3), set(), QUOTE),
    ("long passages: inline text cut, whole passage on request", answer(3, passage_text="word " * 3000),
     {cards.PASSAGE}, QUOTE),
    ("many long citations: some moved behind 'show the other citations'",
     answer(80, passage_text="text " * 1500), {cards.PASSAGE, cards.PASSAGES}, AOL),
    ("huge answer text: trimmed with 'show the full answer'",
     answer(30, passage_text="text " * 1500, answer_text="Because " * 20000), {cards.FULL_ANSWER, cards.PASSAGES},
     AOL),
]


@pytest.mark.parametrize("case,ans,verbs,visible", TRIM_CASES, ids=[c[0] for c in TRIM_CASES])
def test_answer_card_fits_teams_limit_with_a_way_to_see_more(case, ans, verbs, visible):
    c = cards.answer_card(ans, key="k")
    assert cards.size(c) <= cards.MAX_CARD_BYTES
    shown = {a["data"]["rulebot"] for a in find_actions(c) if a.get("data")} - {cards.FEEDBACK}
    assert verbs <= shown
    if not verbs:
        assert shown == set()
    assert visible in texts(c)
    assert len(find_actions(c, cards.FEEDBACK)) == 2  # feedback survives trimming
    if cards.PASSAGES in verbs:
        ids = find_actions(c, cards.PASSAGES)[0]["data"]["ids"]
        assert ids and all(i.startswith("p") for i in ids)


ABSTAIN_CASES = [
    # (case, engine's explanation, phrases the card must show once each)
    ("the card adds what was searched and how to add the rule",
     "The indexed corpus does not answer this question.",
     ["Searched: 3 documents", "**L.R. 37-2.2** is not in the index", "rulebot corpus add"]),
    ("the engine already said both: nothing is repeated",
     "The indexed corpus does not answer this question. Searched: 3 documents (orders, federal rules).\n"
     "L.R. 37-2.2 is not in the indexed corpus. To add it, an admin runs `rulebot corpus add FILE_OR_URL`.",
     ["Searched: 3 documents", "L.R. 37-2.2 is not in the indexed corpus", "rulebot corpus add"]),
]


@pytest.mark.parametrize("case,explanation,phrases", ABSTAIN_CASES, ids=[c[0] for c in ABSTAIN_CASES])
def test_abstention_card_says_what_was_searched_and_how_to_add_the_missing_rule(case, explanation, phrases):
    a = Answer(question="What does L.R. 37-2.2 require?", text=explanation, abstained=True,
               searched="3 documents (orders, federal rules)", missing=("L.R. 37-2.2",))
    c = cards.answer_card(a, key="k")
    body = texts(c)
    assert "do not answer" in body
    for phrase in phrases:
        assert body.count(phrase) == 1, phrase
    assert len(find_actions(c, cards.FEEDBACK)) == 2
    assert "Show passage" not in json.dumps(c)


@pytest.mark.parametrize("chars,trimmed", [(500, False), (60_000, True)])
def test_passage_card_shows_the_whole_passage_unless_too_big(chars, trimmed):
    p = passage(text="x" * chars)
    c = cards.passage_card(p)
    assert cards.size(c) <= cards.MAX_CARD_BYTES
    assert texts(c).startswith(AOL)
    assert ("longer than Teams can show" in texts(c)) is trimmed
    assert ("x" * chars in texts(c)) is not trimmed


@pytest.mark.parametrize("name", sorted(KINDS))
def test_draft_form_has_an_input_for_every_field_and_round_trips(name):
    kind = KINDS[name]
    c = cards.draft_form_card(kind, slots=2)
    assert cards.size(c) <= cards.MAX_CARD_BYTES
    ids = {e["id"] for e in _inputs(c)}
    data = {"rulebot": cards.DRAFT, "kind": name}
    expected = {}
    for f in kind.fields:
        if f.repeated and f.item_fields:
            for i in range(2):
                for sub in f.item_fields:
                    assert f"{f.name}.{i}.{sub.name}" in ids
            data.update({f"{f.name}.0.{sub.name}": f" {sub.name} value " for sub in f.item_fields})
            data.update({f"{f.name}.1.{sub.name}": "" for sub in f.item_fields})  # an empty row is dropped
            expected[f.name] = " | ".join(f"{sub.name} value" for sub in f.item_fields)
        else:
            assert f.name in ids
            value = str(f.choices[0]) if getattr(f, "choices", ()) else f"{f.name} value"
            data[f.name] = "one\ntwo" if f.repeated else f" {value} "
            expected[f.name] = "one\ntwo" if f.repeated else value
    form = cards.form_from_card(kind, data)
    assert form == expected
    facts = from_form(name, form)  # the one form-to-facts step, shared with Slack
    for f in kind.fields:
        if f.repeated and f.item_fields:
            assert list(facts.get(f.name)) == [{sub.name: f"{sub.name} value" for sub in f.item_fields}]
    execute = find_actions(c, cards.DRAFT)[0]
    assert execute["type"] == "Action.Execute" and execute["data"]["kind"] == name
    assert execute["fallback"]["type"] == "Action.Submit"


def _inputs(card: dict) -> list[dict]:
    out = []

    def walk(node):
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                out.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(card)
    return out


def _draft(text: str, checks=(), missing=()) -> Draft:
    cite = Citation(n=1, passage=passage(), quote=QUOTE)
    return Draft(kind="good-cause", title="Good cause statement", text=text, citations=(cite,),
                 missing=tuple(missing), checks=tuple(checks))


DRAFT_CASES = [
    # (case, draft, messages expected after the card, phrase in the card)
    ("clean draft with a placeholder",
     _draft("## GOOD CAUSE STATEMENT\n\nThis action involves [SPECIFIC HARM FROM DISCLOSING PAYROLL].",
            checks=(Check("cite", "ok", "verified"),), missing=("Specific harm from disclosing payroll",)),
     0, "Every citation was checked"),
    ("flagged draft", _draft("GOOD CAUSE STATEMENT\n\nText.", checks=(Check("cite", "flag", "Smith v. Jones not in corpus"),)),
     0, "Not ready to file"),
    ("draft too long for a card", _draft("\n\n".join(["Paragraph " + "word " * 200] * 60)), 1, "follows in the next message"),
]


@pytest.mark.parametrize("case,draft,extra,phrase", DRAFT_CASES, ids=[c[0] for c in DRAFT_CASES])
def test_draft_replies(case, draft, extra, phrase):
    out = cards.draft_replies(draft)
    card = out[0].card
    assert cards.size(card) <= cards.MAX_CARD_BYTES
    assert phrase in texts(card)
    assert f"**[1] {AOL}**" in texts(card)
    assert len(out) == 1 + extra
    if extra:
        assert "".join(o.text for o in out[1:]).count("Paragraph") == 60
    else:
        copy = [a for a in find_actions(card) if a["type"] == "Action.ShowCard"][0]
        assert copy["card"]["body"][0]["value"] == structure.plain_text(draft.text)  # to paste: no Markdown
    assert "##" not in json.dumps(card) and "**GOOD" not in json.dumps(card)
    for m in draft.missing:
        assert m in texts(card)


def test_long_text_is_split_under_the_message_limit():
    parts = cards.full_text_messages("\n\n".join(["a" * 1000] * 300), limit=20_000)
    assert len(parts) > 1 and all(len(p.encode()) <= 20_000 for p in parts)
    assert sum(p.count("a") for p in parts) == 300_000


def test_answer_card_shows_each_quote_once_and_see_also_apart():
    also = Citation(n=2, passage=passage(2, "The privilege is qualified."), quote="The privilege is qualified.")
    ans = Answer(question="Who has the burden?", text=f"“{QUOTE}” [1] ({AOL})",
                 citations=(Citation(n=1, passage=passage(1), quote=QUOTE),), see_also=(also,))
    card = cards.answer_card(ans, key="k")
    shown = [t for t in texts(card).splitlines() if QUOTE in t]
    hidden = json.dumps([c for c in json.loads(json.dumps(card))["body"] if c.get("isVisible") is False])
    assert len(shown) - hidden.count(QUOTE) == 1  # the answer's text; the passage behind "Show passage" aside
    assert any(t.startswith("See also (not quoted): ") and "¶ 2" in t for t in texts(card).splitlines())
    assert "The privilege is qualified." not in texts(card)
    # without the quote in its text (an LLM's paraphrase), the citation shows its verified quote
    para = Answer(question="q", text="The party asserting it bears the burden [1].",
                  citations=(Citation(n=1, passage=passage(1), quote=QUOTE),))
    assert f"“{QUOTE}”" in texts(cards.answer_card(para, key="k"))


def test_a_draft_note_is_shown_once_on_either_surface():
    """A note that is both a check and a note of the draft (an unindexed local rule stated in words) shows once."""
    from dataclasses import replace

    from bot.slack import blocks as B

    note = "C.D. Cal. L.R. 37-1 is not in the corpus, so the draft states the requirement in words."
    d = replace(_draft("GOOD CAUSE STATEMENT\n\nText.", checks=(Check("local-rule", "note", note),)), notes=(note, note))
    assert texts(cards.draft_replies(d)[0].card).count("L.R. 37-1 is not in the corpus") == 1
    slack = " ".join(b.get("text", {}).get("text", "") for m in B.render_draft(d, title="x") for b in m.blocks)
    assert slack.count("L.R. 37-1 is not in the corpus") == 1


# ---------------------------------------------------------------- said once

@pytest.mark.parametrize("explanation", [
    "The indexed corpus does not answer this question. Searched: 3 documents (orders, federal rules).",
    "Nothing in the corpus covers it.",  # other words: the heading still says it, once
])
def test_an_abstention_card_says_once_that_the_corpus_does_not_answer(explanation):
    a = Answer(question="q", text=explanation, abstained=True, searched="3 documents (orders, federal rules)")
    body = texts(cards.answer_card(a, key="k"))
    assert body.count("not answer") == 1 and "Searched: 3 documents" in body


@pytest.mark.parametrize("quote,shown_visible,toggles", [
    (QUOTE, [f"“{QUOTE}”"], 1),  # the quote shown, the passage behind "Show passage"
    ("", [f"Background. {QUOTE} More discussion follows."], 0),  # no quote: the passage itself, once, no toggle
])
def test_a_draft_citation_shows_its_passage_once(quote, shown_visible, toggles):
    d = Draft(kind="good-cause", title="Good cause statement", text="Text.",
              citations=(Citation(n=1, passage=passage(), quote=quote),))
    card = cards.draft_replies(d)[0].card
    visible = json.dumps([c for c in card["body"] if c.get("isVisible") is not False])
    hidden = json.dumps([c for c in card["body"] if c.get("isVisible") is False])
    assert [t for t in shown_visible if t in texts(card)] == shown_visible
    assert visible.count("More discussion follows") + hidden.count("More discussion follows") == 1
    assert [a["title"] for a in find_actions(card) if a["type"] == "Action.ToggleVisibility"] == ["Show passage"] * toggles


@pytest.mark.parametrize("checks,phrase", [
    ((Check("cite", "ok", "verified"),), "(1 cited, 1 check passed)"),
    ((Check("cite", "ok", "verified"), Check("rule", "ok", "in the corpus")), "(1 cited, 2 checks passed)"),
    ((), "(1 cited)"),
])
def test_the_draft_status_line_counts_in_words(checks, phrase):
    assert phrase in texts(cards.draft_replies(_draft("Text.", checks=checks))[0].card)


# --- a user's or a document's words drawn in Teams (issue 23): nothing in them goes live -------------------------

HOSTILE_NAME = '[x](https://evil.example/f) **b** <a href="https://evil.example/g">c</a> `d` # e_.pdf'
LIVE_LINK = r"(?<!\\)\[[^\]\\]*(?<!\\)\]\((?:https?|javascript|mailto)[^)]*\)"


def live(value: str) -> list[str]:
    """What a Teams renderer would make live in `value`: a Markdown link, an HTML tag, emphasis, a code mark."""
    return (re.findall(LIVE_LINK, value) + re.findall(r"<[a-zA-Z/!][^>]*>", value) + re.findall(r"\*\*\S[^*]*\*\*", value)
            + re.findall(r"`[^`]+`", value))


@pytest.mark.parametrize("value,shown_as", [
    (HOSTILE_NAME, '［x］(https://evil.example/f) ∗∗b∗∗ ‹a href="https://evil.example/g"›c‹/a› ˋdˋ ＃ e＿.pdf'),
    ("flawed_order (final) v2.docx", "flawed_order (final) v2.docx"),  # an ordinary name as it is
])
def test_a_users_words_are_inert_in_any_teams_text(value, shown_as):
    assert cards.inert(value) == shown_as and not live(cards.inert(value))


@pytest.mark.parametrize("value,sent", [
    ("Could not fetch [x](https://evil.example/f).pdf to review it: <b>refused</b>",
     "Could not fetch x (https://evil.example/f).pdf to review it: ‹b›refused‹/b›"),
    ("Choose what to draft: `good-cause`, `meet-and-confer`.", "Choose what to draft: `good-cause`, `meet-and-confer`."),
    ("I found no passage “<!everyone> [L.R. 1](http://evil.example)” in the index",
     "I found no passage “‹!everyone› L.R. 1 (http://evil.example)” in the index"),
])
def test_every_teams_markdown_message_shows_links_and_tags_as_written_and_keeps_our_code_marks(value, sent):
    from bot.teams.adapter import to_activity
    from bot.teams.inbound import Outbound

    assert cards.markdown_text(value) == sent
    assert to_activity(Outbound(text=value)).text == sent, "escaped once for every message, where it is sent"


def test_the_compose_box_preview_and_the_quote_it_inserts_show_a_documents_link_as_written():
    quote = "See [the clerk's portal](https://evil.example/login) and <b>file</b> here."
    c = Citation(1, passage(text=quote, cite="Zed v. <i>Phish</i> Corp., § II"), quote)
    preview = cards.search_preview(c)["content"]
    assert preview == {"title": "Zed v. &lt;i&gt;Phish&lt;/i&gt; Corp., § II",
                       "text": "See the clerk's portal (https://evil.example/login) and &lt;b&gt;file&lt;/b&gt; here."}
    inserted = cards.quote_card(c)  # Markdown, never HTML, in a card's text and its fallback
    assert "the clerk's portal (https://evil.example/login)" in inserted["fallbackText"]
    assert not [t for t in (*texts(inserted), inserted["fallbackText"]) if re.findall(LIVE_LINK, t)]


# Link forms the issue 23 re-probe found live in Teams answers (a label holding brackets, an escaped bracket) or in
# direct calls (a label across lines, a reference link defined in the same text, a code span as the label); judged by
# a real CommonMark renderer (markdown-it), not by a pattern of what a link looks like.
HOSTILE_LINKS = [
    "[the court's [approved] form](http://evil.example/nested)",
    "[the clerk\\]s verified form](http://evil.example/esc)",
    "[the clerk's\nportal](http://evil.example/lines)",
    "See [the portal].\n\n[the portal]: http://evil.example/ref",
    "See [the portal][p] now.\n\n[p]: http://evil.example/full",
    "[`rulebot index`](http://evil.example/code)",
    "[a [b [c]]](http://evil.example/deep) and [plain](http://evil.example/plain)",
]


@pytest.mark.parametrize("value", HOSTILE_LINKS)
def test_no_markdown_link_form_from_a_document_is_drawn_live_in_teams(value):
    from markdown_it import MarkdownIt

    from bot.teams.adapter import to_activity
    from bot.teams.inbound import Outbound

    md = MarkdownIt("commonmark")
    for drawn in (cards.shown(value), cards.markdown_text(value), to_activity(Outbound(text=value)).text,
                  cards.text(value)["text"]):
        html = md.render(drawn)
        assert "<a " not in html, (drawn, html)
    assert "evil.example" in cards.shown(value), "the address is shown as written, not dropped"
