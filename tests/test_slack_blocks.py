"""Block Kit rendering: pure input -> output tables, and Slack's limits on every output."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from bot import messages
from bot.slack import blocks as B
from bot.types import Answer, Citation, Passage


def passage(n: int = 1, text: str = "The party asserting the privilege has the burden of establishing it.",
            cite: str = "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A",
            **kw) -> Passage:
    return Passage(id=f"doc::§_II.A::{n}", doc_id="doc", cite=cite, section="II.A", text=text,
                   title="Al Otro Lado, Inc. v. Wolf", **kw)


def answer(text: str = "Defendants bear the burden [1].", n_citations: int = 1, quote: str = "the burden of establishing",
           **kw) -> Answer:
    cits = tuple(Citation(i + 1, passage(i + 1), quote) for i in range(n_citations))
    return Answer(question=kw.pop("question", "Who has the burden?"), text=text, citations=cits, **kw)


def all_pages(a: Answer, **kw) -> list[B.SlackMessage]:
    first = B.render_answer(a, key="k", **kw)
    return [first] + [B.render_answer(a, key="k", page=i, **kw) for i in range(1, first.pages)]


def texts(block: dict) -> list[str]:
    """Every text string in a block (section text, rich text, context elements, button labels, header)."""
    out = []
    if isinstance(block.get("text"), dict):
        out.append(block["text"]["text"])
    for el in block.get("elements", []):
        if isinstance(el.get("text"), dict):
            out.append(el["text"]["text"])
        elif "text" in el:
            out.append(el["text"])
        elif el.get("type", "").startswith("rich_text_"):
            out.append("".join(x["text"] for x in el["elements"]))
    return out


def rich(block: dict) -> tuple[str, str]:
    """(kind, literal text) of a rich_text block."""
    [el] = block["elements"]
    return el["type"], "".join(x["text"] for x in el["elements"])


def check_message_limits(msg: B.SlackMessage) -> None:
    assert 1 <= len(msg.blocks) <= B.MAX_BLOCKS
    assert len(msg.text) <= B.MAX_FALLBACK
    for block in msg.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= B.MAX_SECTION
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= B.MAX_HEADER
        for el in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if el.get("type") == "button":
                assert len(el["text"]["text"]) <= B.MAX_BUTTON
                assert len(el["value"]) <= B.MAX_VALUE
            elif el.get("type") == "mrkdwn":
                assert len(el["text"]) <= B.MAX_CONTEXT
            elif el.get("type", "").startswith("rich_text_"):
                assert all(len(x["text"]) <= B.MAX_RICH for x in el["elements"])
    json.dumps(list(msg.blocks))  # serialisable


LONG = ("Under the Local Rules, a party must confer before filing. " * 400).strip()  # ~23,000 chars

# (name, answer, expectations)
CASES = [
    ("short", answer(), {"pages": 1, "contains": ["Defendants bear the burden [1].", "the burden of establishing"]}),
    ("literal text is not markup", answer(text="A <b> & B > C [1]", quote="x < y & z"),
     {"pages": 1, "contains": ["A <b> & B > C [1]", "x < y & z"]}),
    ("star pages stay verbatim", answer(text="Dousa, at *2; Kelly, at *4 [1].", quote="2019 WL 6311990, at *2. Id. at *4"),
     {"pages": 1, "contains": ["Dousa, at *2; Kelly, at *4 [1].", "2019 WL 6311990, at *2. Id. at *4"]}),
    ("long text split", answer(text=LONG), {"pages": 1, "min_rich": 8}),
    ("many citations paged", answer(n_citations=120), {"pages": 6}),  # two blocks a citation
    ("huge quote trimmed", answer(quote="word " * 2000), {"pages": 1, "contains": ["trimmed"]}),
    ("abstention", Answer(question="What does Rule 45 require?", abstained=True,
                          text="The indexed corpus does not answer this question. Searched: 2 documents.",
                          searched="2 documents", missing=("Fed. R. Civ. P. 45",)),
     {"pages": 1, "contains": ["do not answer this question", "Fed. R. Civ. P. 45", "rulebot corpus add",
                               "/rules-admin reindex"], "absent": ["Searched: 2 documents\""]}),
]


@pytest.mark.parametrize("name,ans,expect", CASES, ids=[c[0] for c in CASES])
def test_answer_rendering_table(name, ans, expect):
    pages = all_pages(ans, shareable=True)
    assert len(pages) == expect["pages"]
    for msg in pages:
        check_message_limits(msg)
    blob = "\n".join(t for m in pages for b in m.blocks for t in texts(b))
    for phrase in expect.get("contains", []):
        assert phrase in blob
    if "min_rich" in expect:
        assert sum(b["type"] == "rich_text" for b in pages[0].blocks) >= expect["min_rich"]
    # every citation appears exactly once across all pages, in order
    shown = [b["accessory"]["value"] for m in pages for b in m.blocks if b.get("accessory", {}).get("action_id", "").startswith(B.SHOW_PASSAGE)]
    assert shown == [c.passage.id for c in ans.citations]
    # no text lost when the answer text is split
    if name == "long text split":
        joined = " ".join(rich(b)[1] for b in pages[0].blocks if b["type"] == "rich_text" and rich(b)[0] == "rich_text_section")
        assert " ".join(joined.split()) == " ".join(ans.text.split())
    # each citation's quote is a block quote right after its header, on the same page
    for m in pages:
        for i, b in enumerate(m.blocks):
            if b.get("accessory", {}).get("action_id", "").startswith(B.SHOW_PASSAGE):
                assert rich(m.blocks[i + 1])[0] == "rich_text_quote"


def action_ids(msg: B.SlackMessage) -> list[str]:
    return [el["action_id"] for b in msg.blocks if b["type"] == "actions" for el in b["elements"]]


def feedback(msg: B.SlackMessage) -> list[tuple[str, str]]:
    """(positive value, negative value) of Slack's feedback buttons under an answer."""
    return [(el["positive_button"]["value"], el["negative_button"]["value"])
            for b in msg.blocks if b["type"] == "context_actions" for el in b["elements"]
            if el["type"] == "feedback_buttons" and el["action_id"] == B.FEEDBACK]


@pytest.mark.parametrize("kw,page,expected,votes", [
    ({"shareable": True}, 0, [B.SHARE], [("up:k", "down:k")]),
    ({}, 0, [], [("up:k", "down:k")]),
    ({"shared_by": "U1"}, 0, [], []),
])
def test_buttons_on_a_one_page_answer(kw, page, expected, votes):
    msg = B.render_answer(answer(), key="k", page=page, **kw)
    assert action_ids(msg) == expected and feedback(msg) == votes
    assert msg.blocks[-1]["type"] == ("context_actions" if votes else msg.blocks[-1]["type"])  # last, under it all


def test_show_more_carries_the_next_page():
    a = answer(n_citations=60)
    first, second, last = (B.render_answer(a, key="k7", page=i) for i in range(3))
    more = [el for b in first.blocks if b["type"] == "actions" for el in b["elements"] if el["action_id"] == B.SHOW_MORE]
    assert more[0]["value"] == "k7:1" and "2 of 3" in more[0]["text"]["text"]
    assert B.SHOW_MORE in action_ids(second) and B.SHOW_MORE not in action_ids(last)
    assert feedback(first) and not feedback(second)
    assert "Continued (2 of 3)" in second.blocks[0]["elements"][0]["text"]
    assert B.render_answer(a, key="k7", page=99).page == 2  # out-of-range pages clamp


@pytest.mark.parametrize("text,limit,expected", [
    ("short", 10, ["short"]),
    ("aaaa bbbb cccc", 9, ["aaaa", "bbbb cccc"]),
    ("para one.\n\npara two is here", 20, ["para one.", "para two is here"]),
    ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
    ("ab &amp; cd", 6, ["ab", "&amp;", "cd"]),
])
def test_split_text(text, limit, expected):
    assert B.split_text(text, limit) == expected


@pytest.mark.parametrize("text,limit,expected", [
    ("hello", 10, "hello"),
    ("hello world again", 12, "hello world…"),
    ("a &amp;b", 5, "a…"),
])
def test_trim(text, limit, expected):
    assert B.trim(text, limit) == expected


def test_passage_modal_has_whole_text_and_respects_limits():
    p = passage(text="Paragraph. " * 3000, cite="C" * 200, source="https://example.org/order.pdf", judge="Segal",
                date="2020-06-26")
    view = B.passage_modal(p)
    assert len(view["title"]["text"]) <= B.MAX_TITLE
    assert len(view["blocks"]) <= B.MAX_MODAL_BLOCKS
    assert len(view["blocks"][0]["text"]["text"]) <= B.MAX_HEADER
    body = "".join(rich(b)[1] for b in view["blocks"] if b["type"] == "rich_text")
    assert body.replace(" ", "") == p.text.replace(" ", "")
    assert "https://example.org/order.pdf" in json.dumps(view) and "Judge Segal" in json.dumps(view)


def test_a_passage_posted_as_a_message_draws_its_text_literally():
    """Where no modal can open, the passage is posted: its stars, underscores and angle brackets stay text."""
    p = passage(text="*Bold?* _no_ <!channel> <https://evil.example|click> " + "Paragraph. " * 2000,
                cite="Fed. R. Civ. P. 26(c)(1)")
    m = B.passage_message(p)
    assert len(m.blocks) <= B.MAX_BLOCKS and m.blocks[0]["type"] == "header"
    sections = [b for b in m.blocks if b["type"] == "section"]
    assert not sections  # no mrkdwn: the text is rich text, drawn as written
    body = "".join(rich(b)[1] for b in m.blocks if b["type"] == "rich_text")
    assert body.startswith("*Bold?* _no_ <!channel> <https://evil.example|click>")
    assert "<!channel>" not in m.text and "&lt;!channel&gt;" in m.text  # the notification is escaped too


@dataclass(frozen=True)
class F:
    name: str
    label: str
    required: bool = True
    multiline: bool = False
    help: str = ""
    repeated: bool = False
    item_fields: tuple = ()
    choices: tuple = ()


@dataclass(frozen=True)
class K:
    name: str
    title: str
    fields: tuple


KIND = K("good-cause", "Good cause statement for a protective order",
         (F("case", "Case name"), F("categories", "Categories of information", repeated=True, help="e.g. trade secrets"),
          F("harm", "Harm from disclosure", multiline=True), F("notes", "Anything else", required=False)))


def test_draft_modal_is_generated_from_the_kind_fields():
    view = B.draft_modal(KIND, metadata={"channel": "C1"})
    assert view["callback_id"] == B.DRAFT_CALLBACK
    assert view["title"]["text"] == "Good cause statement…" and len(view["title"]["text"]) <= B.MAX_TITLE
    inputs = {b["block_id"]: b for b in view["blocks"]}
    assert list(inputs) == ["case", "categories", "harm", "notes"]
    assert inputs["categories"]["element"]["multiline"] and "One per line" in inputs["categories"]["hint"]["text"]
    assert inputs["harm"]["element"]["multiline"] and not inputs["case"]["element"]["multiline"]
    assert inputs["notes"]["optional"] and not inputs["case"]["optional"]
    assert json.loads(view["private_metadata"]) == {"channel": "C1", "kind": "good-cause"}


@pytest.mark.parametrize("values,form,errors", [
    ({"case": "Doe v. Roe", "categories": "trade secrets\n customer lists ", "harm": " competitive harm "},
     {"case": "Doe v. Roe", "categories": "trade secrets\n customer lists", "harm": "competitive harm"}, {}),
    ({"case": "  ", "categories": "x", "harm": "y", "notes": "n"},
     {"categories": "x", "harm": "y", "notes": "n"}, {"case": "Please fill in this field."}),
])
def test_draft_form(values, form, errors):
    assert B.draft_form(KIND, values) == (form, errors)


def test_draft_modal_from_the_real_kinds():
    from bot.draft.kinds import KINDS

    for kind in KINDS.values():
        view = B.draft_modal(kind, metadata={"channel": "C1"})
        assert len(view["title"]["text"]) <= B.MAX_TITLE and len(view["blocks"]) <= B.MAX_MODAL_BLOCKS
        assert [b["block_id"] for b in view["blocks"]] == [f.name for f in kind.fields]
        for f, b in zip(kind.fields, view["blocks"]):
            assert b["optional"] is (not f.required)
            if f.repeated and len(f.item_fields) > 1:
                assert " | ".join(x.label for x in f.item_fields) in b["hint"]["text"]
            if f.choices:
                assert [o["value"] for o in b["element"]["options"]] == list(f.choices)


def test_render_draft_lists_citations_missing_facts_and_checks():
    from bot.draft.types import Check, Draft

    d = Draft(kind="good-cause", text="GOOD CAUSE STATEMENT\n\n" + "Text. " * 2000,
              citations=(Citation(1, passage(1), "the burden"),), missing=("[date of the protective order]",),
              checks=(Check("cite", "ok", "Every citation verified."), Check("rule", "flag", "L.R. 79-5 not found.")))
    msgs = B.render_draft(d, title="Good cause statement")
    for m in msgs:
        check_message_limits(m)
    blob = json.dumps([b for m in msgs for b in m.blocks])
    for phrase in ("Draft: Good cause statement", "GOOD CAUSE STATEMENT", "[date of the protective order]",
                   ":warning: L.R. 79-5 not found.", ":white_check_mark: Every citation verified.", "show_passage:1"):
        assert phrase in blob


def test_status_message():
    msg = B.status_message({"documents": 2, "chunks": 65, "built_at": "2026-11-23T14:47:08Z", "model": "all-MiniLM-L6-v2",
                            "store": "embedded chromadb at /x", "version": "v1", "reindexing": None, "skipped": 1})
    text = msg.blocks[0]["text"]["text"]
    for phrase in ("*Documents:* 2", "*Passages (chunks):* 65", "*Last reindex:* 2026-11-23T14:47:08Z",
                   "*Embedding model:* all-MiniLM-L6-v2", "*Store:* embedded chromadb at /x",
                   "*Documents skipped at the last reindex:* 1"):
        assert phrase in text
    assert "Reindex running" not in text


@pytest.mark.parametrize("md,expected", [
    ("## GOOD CAUSE STATEMENT", ["*GOOD CAUSE STATEMENT*"]),
    ("1. **customer pricing data.** Would hurt.", ["1. *customer pricing data.* Would hurt."]),
    ("*Al Otro Lado, Inc. v. Wolf*, No. 3:17-cv-2366", ["_Al Otro Lado, Inc. v. Wolf_, No. 3:17-cv-2366"]),
    ("- first\n- second", ["• first\n• second"]),
    ("a < b & [the rule](https://court.gov/lr) <!channel>", ["a &lt; b &amp; the rule &lt;!channel&gt;"]),  # no live link
    ("5 * 3 * 2 and 2*x", ["5 * 3 * 2 and 2*x"]),
    ("[CASE NUMBER] in the [COURT]", ["[CASE NUMBER] in the [COURT]"]),
    ("Gregory Lam\nLam Hartley LLP", ["Gregory Lam\nLam Hartley LLP"]),  # lines stay lines
    ("> the *court* held", ["> the _court_ held"]),
    ("| Event | Date |\n|---|---|\n| Trial | [DATE] |", ["*Event · Date*\nTrial · [DATE]"]),
    # a letter's Re: line: one bold run with the case name in italics inside it, no two markers touching
    ("**Re: *Rivera v. Northwind Logistics, Inc.*, Case No. 2:25-cv-04417-MWF-PVC**",
     ["*Re: _Rivera v. Northwind Logistics, Inc._, Case No. 2:25-cv-04417-MWF-PVC*"]),
    ("***Rivera*** and **bold** then *italic*", ["*_Rivera_* and *bold* then _italic_"]),
    ("---", [None]),  # a divider
])
def test_draft_text_as_block_kit(md, expected):
    blocks = B.draft_blocks(md)
    assert [b.get("text", {}).get("text") for b in blocks] == expected
    for b in blocks:  # no Markdown marker reaches the user
        shown = b.get("text", {}).get("text") or ""
        assert "**" not in shown and "##" not in shown and "|---" not in shown and "](" not in shown


def test_status_message_names_a_running_reindex():
    text = B.status_message({"documents": 2, "reindexing": {"who": "slack:U1", "since": "15:00Z"}}).blocks[0]["text"]["text"]
    assert "*Reindex running:* who slack:U1, since 15:00Z" in text and "*Last reindex:* unknown" in text


def test_an_answer_shows_each_quote_once_and_see_also_apart():
    quote = "The party asserting the privilege has the burden of establishing it."
    also = Citation(2, passage(2, text="The privilege is qualified."), "The privilege is qualified.")
    a = Answer(question="Who has the burden?", text=f"“{quote}” [1] (§ II.A)",
               citations=(Citation(1, passage(1), quote),), see_also=(also,))
    (msg,) = all_pages(a)
    blob = "\n".join(t for b in msg.blocks for t in texts(b))
    assert blob.count(quote) == 1  # in the answer's text, not again under its citation
    ctx = [b for b in msg.blocks if b["type"] == "context" and "See also" in json.dumps(b)]
    assert len(ctx) == 1 and "§ II.A" in texts(ctx[0])[0] and "The privilege is qualified" not in blob


# ---------------------------------------------------------------- what a reader sees, once and without markers

ABSTAIN_TEXT = "\n".join([
    messages.ABSTAIN.format(searched="3 documents"),
    messages.NOT_INDEXED.format(refs="Fed. R. App. P. 4", verb="is", it="it", type="federal_rules",
                                example=" with the text of the rules")])


@pytest.mark.parametrize("text,elements", [
    ("run `rulebot index` now", [("run ", None), ("rulebot index", {"code": True}), (" now", None)]),
    ("`rulebot corpus add FILE_OR_URL --type federal_rules`",
     [("rulebot corpus add FILE_OR_URL --type federal_rules", {"code": True})]),
    ("“at `2` and *4” [1]", [("“at `2` and *4” [1]", None)]),  # a quotation is verbatim, backticks and all
    ("no code here", [("no code here", None)]),
])
def test_answer_text_draws_code_as_code_without_backticks(text, elements):
    msg = B.render_answer(Answer(question="q", text=text), key="k")
    [paragraph] = msg.blocks[0]["elements"]
    assert [(e["text"], e.get("style")) for e in paragraph["elements"]] == elements


@pytest.mark.parametrize("text,code", [
    (ABSTAIN_TEXT, "rulebot corpus add FILE_OR_URL --type federal_rules"),
    ("Nothing in the corpus covers it.", ""),  # an explanation in other words: the heading still says it, once
])
def test_an_abstention_says_once_that_the_corpus_does_not_answer(text, code):
    a = Answer(question="under FRAP 4 how long?", text=text, abstained=True, searched="3 documents",
               missing=("Fed. R. App. P. 4",))
    (msg,) = all_pages(a)
    blob = "\n".join(t for b in msg.blocks for t in texts(b))
    assert blob.count("not answer") == 1
    literal = [e for b in msg.blocks if b["type"] == "rich_text" for p in b["elements"] for e in p["elements"]]
    assert not any("`" in e["text"] for e in literal)  # rich text shows backticks as written: none left
    assert not code or {"type": "text", "text": code, "style": {"code": True}} in literal


@pytest.mark.parametrize("quote,kinds", [
    ("the burden of establishing", ["section", "rich_text"]),
    ("", ["section"]),  # a draft's citation of a whole rule: no empty quote, "Show passage" has the text
    ("  \n", ["section"]),
])
def test_a_citation_without_a_quoted_span_draws_no_quote(quote, kinds):
    blocks = B.citation_blocks(Citation(1, passage(1), quote))
    assert [b["type"] for b in blocks] == kinds
    assert blocks[0]["accessory"]["action_id"] == "show_passage:1"


@pytest.mark.parametrize("text,cites,expected", [
    ("“A matter is admitted.” [1] (Fed. R. Civ. P. 36(a)(3))", ["Fed. R. Civ. P. 36(a)(3)"],
     "“A matter is admitted.” [1] (Fed. R. Civ. P. 36(a)(3))"),  # the text names its pin cite: not again
    ("Defendants bear the burden [1].", ["Fed. R. Civ. P. 26(b)(1)"],
     "Defendants bear the burden [1]. ([1] Fed. R. Civ. P. 26(b)(1))"),
    ("“a” [1] (Fed. R. Civ. P. 26(b)(1)); b [2].", ["Fed. R. Civ. P. 26(b)(1)", "Fed. R. Civ. P. 26(c)(1)"],
     "“a” [1] (Fed. R. Civ. P. 26(b)(1)); b [2]. ([2] Fed. R. Civ. P. 26(c)(1))"),
])
def test_notification_text_names_each_pin_cite_once(text, cites, expected):
    cits = tuple(Citation(i, passage(i, cite=cite), "x") for i, cite in enumerate(cites, 1))
    assert B.fallback_text(Answer(question="q", text=text, citations=cits)) == expected
