"""Pure Adaptive Card builders: our `Answer`, `Passage` and drafts in, card JSON out.

Cards use schema 1.5 with a ``fallbackText`` for clients that cannot render
them, and element/action fallbacks for features older hosts lack
(``Action.Execute`` falls back to ``Action.Submit``).  Teams refuses messages
over about 28 KB, so every builder measures what it made and trims passage
texts, quotes, citations and finally the answer itself, adding a "show ..."
action each time something is left out, until the card fits.

Every action carries ``{"rulebot": VERB, ...}`` in its data; the adapter turns
the resulting Action.Submit / messageBack / ``adaptiveCard/action`` activities
into a `bot.teams.inbound.Submit` with that verb.

>>> from bot.types import Answer
>>> card = answer_card(Answer(question="q", text="No.", abstained=True, searched="all documents"))
>>> card["version"], card["type"]
('1.5', 'AdaptiveCard')
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable, Mapping, Sequence

from bot.currency import currency, passage_currency
from bot.draft import structure, typeset
from bot.teams.inbound import Outbound
from bot.chat.messages import ANSWERING_FOR, REVIEW_FOUND, REVIEW_NONE
from bot.messages import after_abstain_lead
from bot.types import Answer, Citation, Passage

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_CARD_BYTES = 27_000  # Teams rejects messages over ~28 KB; keep room for the activity envelope
MAX_TEXT_BYTES = 90_000  # Teams' limit for a whole message is ~100 KB

# Verbs carried in action data ({"rulebot": verb}); the handlers dispatch on them.
FEEDBACK = "feedback"
PASSAGE = "passage"
PASSAGES = "passages"
FULL_ANSWER = "full_answer"
DRAFT_FORM = "draft_form"
DRAFT = "draft"
VERBS = (FEEDBACK, PASSAGE, PASSAGES, FULL_ANSWER, DRAFT_FORM, DRAFT)


# ---------------------------------------------------------------- primitives

def size(card: Mapping[str, Any]) -> int:
    """Bytes the card takes on the wire (compact UTF-8 JSON)."""
    return len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def card(body: list[dict], *, fallback_text: str, actions: list[dict] | None = None) -> dict:
    """A card of `body`; its `fallback_text` (Markdown, for hosts that cannot draw the card) is `shown` as a
    TextBlock's text is: no link from a passage or a user goes live there either."""
    c: dict[str, Any] = {
        "type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION,
        "fallbackText": _clip(shown(fallback_text), 2000), "msteams": {"width": "Full"}, "body": body,
    }
    if actions:
        c["actions"] = actions
    return c


_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\(\s*([^)\s]*)[^)]*\)")


def shown(value: str) -> str:
    """Text as a TextBlock may show it: a Markdown link is never live under a label (a quoted passage or a
    user's words could hide any address behind any words): it reads "label (address)", the address as
    written; a code span, which a TextBlock would show with its backticks, is its words.

    >>> shown("See [the rule](https://evil.example/x) and run `rulebot index`.")
    'See the rule (https://evil.example/x) and run rulebot index.'
    """
    return typeset.without_code_marks(_unlinked(value))


# characters Markdown or HTML reads as markup, and look-alikes that no renderer reads as anything
_INERT = str.maketrans({"[": "［", "]": "］", "<": "‹", ">": "›", "*": "∗", "~": "∼", "`": "ˋ", "#": "＃"})
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_ANGLES = str.maketrans({"<": "‹", ">": "›"})


def inert(value: str) -> str:
    """A user's own words (a shared file's name, a draft kind typed) as any Teams text shows them: a Markdown
    message, a card's TextBlock, a progress line (plain text, where a backslash would show).  Each character Markdown
    or HTML would read as markup (a link's brackets, a tag's angle brackets, emphasis, a code mark, a heading's #)
    becomes a look-alike that nothing reads, so nothing in the words goes live however the text is drawn; an
    underscore inside a word is no markup and stays.

    >>> inert("[x](https://evil.example/f) **b** <a href=x>.pdf")
    '［x］(https://evil.example/f) ∗∗b∗∗ ‹a href=x›.pdf'
    >>> inert("order_v2 (final).docx")
    'order_v2 (final).docx'
    """
    return _EDGE_UNDERSCORE.sub("＿", value.translate(_INERT))


def markdown_text(value: str) -> str:
    """A Teams Markdown message's text (every one: `bot.teams.adapter.to_activity`), our words with values in them (a
    notice naming what a user typed, an error's reason, an answer in full quoting passages): outside our code marks,
    a Markdown link reads "label (address)" and an HTML tag or an autolink shows as written, never live.

    >>> markdown_text("No passage “[Rule 26](https://evil.example) <b>x</b>” in the index; run `rulebot index`.")
    'No passage “Rule 26 (https://evil.example) ‹b›x‹/b›” in the index; run `rulebot index`.'
    """
    return "".join(f"`{words}`" if code else _unlinked(words).translate(_ANGLES)
                   for words, code in typeset.code_spans(value))


# what is left of a link once the plain ones read "label (address)": a closing bracket right before "(" (an inline
# link whose label holds brackets, runs across lines or is split by a code span) or ":" (a reference's definition, so
# that no reference link resolves); a space after the bracket leaves CommonMark nothing to link, the words as written
# ("Section 3[a][1]", "Plaintiff[s] argue" unchanged)
_LINK_JOINT = re.compile(r"\](?=[(:])")


def _unlinked(value: str) -> str:
    """`value` with no Markdown link left to draw (the issue 23 re-probe: labels holding brackets, "[the court's
    [approved] form](https://evil.example)", and escaped ones went live).

    >>> _unlinked("[the court's [approved] form](https://evil.example/n) and [x]\\n\\n[x]: https://evil.example/d")
    "[the court's [approved] form] (https://evil.example/n) and [x]\\n\\n[x] : https://evil.example/d"
    """
    plain = _MD_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(1) != m.group(2) else m.group(2), value)
    return _LINK_JOINT.sub("] ", plain)


def text(value: str, **props: Any) -> dict:
    return {"type": "TextBlock", "text": shown(value), "wrap": True, **props}


def heading(value: str) -> dict:
    return text(value, weight="Bolder", size="Medium", style="heading")


def submit(title: str, verb: str, **data: Any) -> dict:
    """An Action.Execute (Universal Actions, an ``adaptiveCard/action`` invoke in Teams) that
    falls back to an Action.Submit (a message with a value) on hosts without it."""
    payload = {"rulebot": verb, **data}
    return {
        "type": "Action.Execute", "title": title, "verb": verb, "data": payload,
        "fallback": {"type": "Action.Submit", "title": title, "data": payload},
    }


def action_set(actions: list[dict]) -> dict:
    return {"type": "ActionSet", "actions": actions, "fallback": "drop"}


def _count(n: int, noun: str) -> str:
    """'1 check', '2 checks'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _clip(value: str, limit: int | None) -> str:
    if limit is None or len(value) <= limit:
        return value
    if limit <= 1:
        return "…"
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _source_line(p: Passage) -> str:
    parts = [p.title or p.doc_id]
    if p.court:
        parts.append(p.court)
    if p.judge:
        parts.append(p.judge)
    if p.date and p.date != "unknown":
        parts.append(passage_currency(p).label)  # "as amended to Dec. 1, 2022", "dated June 26, 2020"
    line = " · ".join(x for x in parts if x)
    if p.source:
        src = p.source
        line += f" · Source: {src}"  # an address is shown as itself (Teams links it)
    return line


# ---------------------------------------------------------------- answers

def _citation_elements(c: Citation, *, passage_chars: int | None, quote_chars: int | None,
                       quotes: tuple[str, ...] | None = None) -> list[dict]:
    """A citation's pin cite (and currency warning), its quotes (`quotes`: only those the text above does not
    already hold, so that an answer shows no quote twice; None: all of them), and its passage behind a "Show
    passage" toggle."""
    p = c.passage
    target = f"passage-{c.n}"
    cur = currency(c)
    label = cur.beside(c.cite)
    elements: list[dict] = [text(f"**[{c.n}] {c.cite}**" + (f" ({label})" if label else ""), spacing="Medium")]
    if cur.warning:  # a later amendment touches the cited part
        elements.append(text(f"⚠ {cur.notice}", color="Warning", size="Small",
                             spacing="None"))
    unquoted = not c.quote.strip()  # a draft's citation of a whole rule: the passage is shown, once
    if not unquoted:
        elements.extend({"type": "Container", "style": "emphasis", "items": [text(f"“{_clip(q, quote_chars)}”",
                                                                                    isSubtle=False)]}
                        for q in (c.quotes if quotes is None else quotes))
    actions: list[dict] = []
    if passage_chars is None or passage_chars > 0 or unquoted:
        shown = _clip(p.text, quote_chars if unquoted and passage_chars == 0 else passage_chars)
        items = [text(shown, fontType="Default"), text(_source_line(p), isSubtle=True, size="Small")]
        if p.heading:
            items.insert(0, text(p.heading, weight="Bolder", size="Small"))
        if unquoted:
            elements.append({"type": "Container", "style": "emphasis", "items": items})
        else:
            elements.append({"type": "Container", "id": target, "isVisible": False, "items": items})
            actions.append({"type": "Action.ToggleVisibility", "title": "Show passage",
                            "targetElements": [target]})
        if shown != p.text:
            actions.append(submit("Show the whole passage", PASSAGE, id=p.id))
    else:
        actions.append(submit("Show passage", PASSAGE, id=p.id))
    if actions:
        elements.append(action_set(actions))
    return elements


def without_feedback(made: dict) -> dict:
    """`made` without its 👍/👎 buttons: where Teams shows its own feedback controls on the message, one set is
    enough."""
    kept = [a for a in made.get("actions") or () if a.get("verb") != FEEDBACK]
    out = {k: v for k, v in made.items() if k != "actions"}
    return {**out, "actions": kept} if kept else out


def _feedback_actions(answer: Answer, key: str) -> list[dict]:
    """👍/👎 buttons.  `key` names the served answer in the feedback store; the question
    travels too so that a vote can be recorded even if that record is gone."""
    data = {"key": key, "q": _clip(answer.question, 300)}
    return [submit("👍 Helpful", FEEDBACK, verdict="up", **data),
            submit("👎 Not helpful", FEEDBACK, verdict="down", **data)]


def _fallback_text(answer: Answer) -> str:
    lines = [answer.text]  # the quotes, each with its pin cite
    lines += [f"[{c.n}] {c.cite}: “{_clip(q, 300)}”" for c in answer.citations for q in answer.quotes_missing(c)]
    if answer.see_also:
        lines.append(answer.see_also_line())
    return "\n".join(lines)


def _footer(answer: Answer) -> list[dict]:
    """Small print under an answer: what verification removed, and the matter it was given for (a
    conversation bound to one)."""
    out = []
    if answer.flags:
        out.append(text("Removed by citation check: " + "; ".join(answer.flags),
                        isSubtle=True, size="Small", spacing="Medium"))
    if answer.context:
        out.append(text(ANSWERING_FOR.format(context=answer.context), isSubtle=True, size="Small", spacing="Medium"))
    return out


def _citations(answer: Answer, *, passage_chars: int | None, quote_chars: int | None, shown_text: str | None = None,
               max_citations: int | None) -> list[dict]:
    """Each citation (up to `max_citations`), then a line naming the rest with a button to show them."""
    cites = list(answer.citations)
    kept = cites if max_citations is None else cites[:max_citations]
    out: list[dict] = []
    for c in kept:
        out.extend(_citation_elements(c, passage_chars=passage_chars, quote_chars=quote_chars,
                                      quotes=answer.quotes_missing(c, shown_text)))
    if answer.see_also:  # near the answer, not quoted by it: apart and lighter
        out.append(text(answer.see_also_line(), isSubtle=True, size="Small", spacing="Medium"))
    rest = cites[len(kept):]
    if rest:
        out.append(text(f"{len(rest)} more citation{'s' if len(rest) > 1 else ''} not shown here: "
                        + "; ".join(c.cite for c in rest), isSubtle=True, spacing="Medium"))
        out.append(action_set([submit("Show the other citations", PASSAGES, ids=[c.passage.id for c in rest])]))
    return out


def _answer_variant(answer: Answer, key: str, *, passage_chars: int | None, quote_chars: int | None,
                    max_citations: int | None, answer_chars: int | None) -> dict:
    shown_text = _clip(answer.text, answer_chars)
    body: list[dict] = paragraphs(shown_text)
    if shown_text != answer.text:
        body.append(action_set([submit("Show the full answer", FULL_ANSWER, q=answer.question, key=key)]))
    body.extend(_citations(answer, passage_chars=passage_chars, quote_chars=quote_chars, shown_text=shown_text,
                           max_citations=max_citations))
    body.extend(_footer(answer))
    return card(body, fallback_text=_fallback_text(answer), actions=_feedback_actions(answer, key))


# Each step trims more: (passage_chars, quote_chars, max_citations, answer_chars).
_ANSWER_STEPS: tuple[tuple[int | None, int | None, int | None, int | None], ...] = (
    (None, None, None, None),
    (3000, None, None, None),
    (1200, None, None, None),
    (400, 1200, None, None),
    (0, 600, None, None),
    (0, 300, 8, 6000),
    (0, 200, 4, 3000),
    (0, 150, 2, 1500),
    (0, 100, 1, 600),
)


def answer_card(answer: Answer, *, key: str = "", limit: int = MAX_CARD_BYTES) -> dict:
    """The card for an `Answer`: the short answer, each citation as pin cite and quoted span
    with a "Show passage" toggle revealing the whole passage and its source, and feedback
    buttons.  Abstentions get `abstention_card`.  Trimmed to fit `limit` bytes."""
    if answer.abstained or not answer.citations:
        return abstention_card(answer, key=key, limit=limit)
    made = {}
    for pc, qc, mc, ac in _ANSWER_STEPS:
        made = _answer_variant(answer, key, passage_chars=pc, quote_chars=qc, max_citations=mc, answer_chars=ac)
        if size(made) <= limit:
            return made
    return made


def paragraphs(value: str, **props: Any) -> list[dict]:
    """One TextBlock per line of `value` (Teams collapses single line breaks inside a TextBlock)."""
    return [text(line.strip(), **props) for line in value.splitlines() if line.strip()]


def abstention_card(answer: Answer, *, key: str = "", limit: int = MAX_CARD_BYTES) -> dict:
    """The corpus does not answer: say so, what was searched, and how to add what is missing
    (unless the engine's explanation already says it)."""
    body: list[dict] = [text("**The indexed documents do not answer this question.**")]
    body += paragraphs(_clip(after_abstain_lead(answer.text), 4000))  # the heading has said it
    if answer.searched and answer.searched not in answer.text:
        body.append(text(f"Searched: {_clip(answer.searched, 1500)}", isSubtle=True))
    for name in answer.missing[:10]:
        if name in answer.text:
            continue
        body.append(text(f"**{name}** is not in the index. An administrator can add the document that "
                         f"contains it (`rulebot corpus add FILE_OR_URL`), then reindex "
                         f"(`admin reindex` here).", spacing="Small"))
    fallback = answer.text + (f"\nSearched: {answer.searched}" if answer.searched not in answer.text else "")
    c = card(body, fallback_text=fallback, actions=_feedback_actions(answer, key))
    while size(c) > limit and len(c["body"]) > 1:  # defensive: very long explanations
        c["body"].pop()
    return c


def passage_card(p: Passage, *, limit: int = MAX_CARD_BYTES) -> dict:
    """The whole passage with its pin cite, heading and source (the "Show passage" path)."""
    def build(chars: int | None) -> dict:
        shown = _clip(p.text, chars)
        body = [heading(p.cite)]
        if p.heading:
            body.append(text(p.heading, weight="Bolder"))
        body.append(text(shown))
        if shown != p.text:
            note = "The passage is longer than Teams can show in one card"
            body.append(text(note + (f"; read it in full at {p.source}." if p.source else "."), isSubtle=True))
        body.append(text(_source_line(p), isSubtle=True, size="Small"))
        return card(body, fallback_text=f"{p.cite}\n{_clip(p.text, 1500)}")

    for chars in (None, 20_000, 12_000, 6_000, 2_000):
        made = build(chars)
        if size(made) <= limit:
            return made
    return made


def full_text_messages(value: str, *, limit: int = MAX_TEXT_BYTES) -> list[str]:
    """Split a long text into messages under Teams' per-message size, at paragraph breaks."""
    out: list[str] = []
    current = ""
    for para in value.split("\n\n"):
        candidate = f"{current}\n\n{para}" if current else para
        if len(candidate.encode("utf-8")) <= limit:
            current = candidate
            continue
        if current:
            out.append(current)
        while len(para.encode("utf-8")) > limit:
            cut = para[: limit // 4]
            out.append(cut)
            para = para[len(cut):]
        current = para
    if current:
        out.append(current)
    return out


# ---------------------------------------------------------------- simple cards

def notice_card(title: str, message: str) -> dict:
    """A short titled message (welcome, help, refusals, errors)."""
    return card([heading(title), text(message)], fallback_text=f"{title}\n{message}")


def kinds_card(kinds: Iterable[tuple[str, str]]) -> dict:
    """A menu of draft kinds: ``(name, title)`` pairs, each a button that opens its form."""
    kinds = list(kinds)
    body = [heading("What should I draft?"),
            text("Pick a section; I will ask for the facts it needs. Placeholders mark anything you leave out.")]
    actions = [submit(title, DRAFT_FORM, kind=name) for name, title in kinds]
    return card(body, fallback_text="Draft kinds: " + ", ".join(n for n, _ in kinds), actions=actions)


# ---------------------------------------------------------------- drafts

DRAFT_SLOTS = 4  # rows offered for a repeated field with item fields (categories, issues, ...)


def _input_id(*parts: Any) -> str:
    return ".".join(str(p) for p in parts)


def _label(f: Any, suffix: str = "") -> str:
    return f"{f.label}{suffix}" + ("" if f.required else " (optional)")


def _input(f: Any, input_id: str, label: str) -> dict:
    if getattr(f, "choices", ()):
        return {"type": "Input.ChoiceSet", "id": input_id, "label": label, "style": "compact",
                "placeholder": f.help or "Choose one", "isRequired": False,
                "choices": [{"title": c, "value": c} for c in f.choices]}
    element = {"type": "Input.Text", "id": input_id, "label": label, "isMultiline": bool(f.multiline),
               "isRequired": False, "maxLength": 4000}
    if f.help:
        element["placeholder"] = _clip(f.help, 200)
    return element


def draft_form_card(kind: Any, *, slots: int = DRAFT_SLOTS, initial: Mapping[str, str] | None = None) -> dict:
    """The form for a `DraftKind` (from ``bot.draft.kinds.KINDS``): one input per field, and
    `slots` rows of inputs for a repeated field with item fields (a category and its harm...).
    Nothing is mandatory: a fact left empty becomes a bracketed placeholder in the draft.
    `initial` pre-fills single fields (a conversation's matter: court, judge, case number)."""
    body: list[dict] = [heading(kind.title)]
    if getattr(kind, "description", ""):
        body.append(text(kind.description, isSubtle=True))
    body.append(text("Fill in what you know; anything left empty becomes a bracketed placeholder in the draft.",
                     isSubtle=True, size="Small"))
    for f in kind.fields:
        if f.repeated and f.item_fields:
            items: list[dict] = [text(f"**{_label(f)}**", spacing="Medium")]
            if f.help:
                items.append(text(f.help.split(":")[0] if f.help.startswith("One per line") else f.help,
                                  isSubtle=True, size="Small"))
            for i in range(slots):
                for sub in f.item_fields:
                    items.append(_input(sub, _input_id(f.name, i, sub.name), f"{sub.label} {i + 1}"
                                        + ("" if sub.required else " (optional)")))
            body.append({"type": "Container", "items": items})
        elif f.repeated:
            element = _input(f, f.name, _label(f, " (one per line)"))
            element["isMultiline"] = True
            body.append(element)
        else:
            element = _input(f, f.name, _label(f))
            if initial and initial.get(f.name) and element["type"] == "Input.Text":
                element["value"] = str(initial[f.name])
            body.append(element)
    actions = [submit("Draft it", DRAFT, kind=kind.name)]
    return card(body, fallback_text=f"Form: {kind.title}", actions=actions)


def form_from_card(kind: Any, data: Mapping[str, Any]) -> dict[str, str]:
    """A submitted `draft_form_card` as the chat service's form, ``{field: text}``: a repeated field one item
    per line, the parts of an item joined by `` | `` (the shape `bot.draft.facts.from_form` reads).

    >>> from types import SimpleNamespace as NS
    >>> f = NS(name="categories", repeated=True, item_fields=(NS(name="name"), NS(name="harm")))
    >>> form_from_card(NS(fields=(NS(name="case_name", repeated=False, item_fields=()), f)),
    ...                {"case_name": " Doe v. Roe ", "categories.0.name": "pay", "categories.0.harm": "leaks",
    ...                 "categories.1.harm": ""})
    {'case_name': 'Doe v. Roe', 'categories': 'pay | leaks'}
    """
    form: dict[str, str] = {}
    for f in kind.fields:
        if f.repeated and f.item_fields:
            rows = []
            for i in range(100):
                keys = [_input_id(f.name, i, sub.name) for sub in f.item_fields]
                if not any(k in data for k in keys):
                    break
                parts = [str(data.get(k, "") or "").strip().replace("|", "/") for k in keys]
                if any(parts):
                    rows.append(" | ".join(parts).rstrip(" |"))
            value = "\n".join(rows)
        else:
            value = str(data.get(f.name, "") or "").strip()
        if value:
            form[f.name] = value
    return form


def _inline(value: str) -> str:
    """A draft's inline text as a TextBlock's Markdown: its emphasis kept (`**bold**`, `_italic_`), every other
    character as written."""
    out = []
    for s in typeset.spans(value):
        piece = s.text
        if s.bold and piece.strip():
            piece = f"**{piece}**"
        if s.italic and piece.strip():
            piece = f"_{piece}_"
        out.append(piece)
    return "".join(out)


def _draft_text_blocks(value: str) -> list[dict]:
    """A draft's text as Adaptive Card elements (`bot.draft.structure`): headings bold, lines kept as lines,
    quotations set apart, tables as Tables; no Markdown marker left for Teams to show."""
    elements: list[dict] = []
    separate = False
    for b in structure.blocks(value):
        if b.kind == "rule":
            separate = True
            continue
        if b.kind == "heading":
            made = [text(typeset.plain(b.text), weight="Bolder", spacing="Medium")]
        elif b.kind == "paragraph":
            made = [text(_inline(b.text))]
        elif b.kind == "lines":  # an address or a signature: each line its own (Teams joins single breaks)
            made = [text(_inline(line), spacing="None" if i else "Default") for i, line in enumerate(b.lines)]
        elif b.kind == "item":
            made = [text(f"{b.marker or '•'} {_inline(b.text)}", spacing="Small")]
        elif b.kind == "quote":
            made = [{"type": "Container", "style": "emphasis", "items": [text(_inline(b.text))]}]
        else:  # a table
            width = max(len(r) for r in b.rows)
            made = [{"type": "Table", "firstRowAsHeader": True, "showGridLines": True,
                     "columns": [{"width": 1} for _ in range(width)],
                     "rows": [{"type": "TableRow", "cells": [
                         {"type": "TableCell", "items": [text(_inline(c), weight="Bolder" if i == 0 else "Default")]}
                         for c in (*row, *("",) * (width - len(row)))]} for i, row in enumerate(b.rows)]}]
        if separate:
            made[0] = {**made[0], "separator": True}
            separate = False
        elements.extend(made)
    return elements


def _draft_variant(draft: Any, title: str, *, show_text: bool, copy_box: bool,
                   passage_chars: int | None, quote_chars: int | None) -> dict:
    flags = [c for c in draft.checks if c.status == "flag"]
    notes = [c for c in draft.checks if c.status == "note"]
    verified = [c for c in draft.checks if c.status == "ok"]
    body: list[dict] = [heading(f"Draft: {title}")]
    if flags:
        body.append(text("**Not ready to file:** " + "; ".join(c.message for c in flags), color="Attention"))
    else:
        body.append(text(f"Every citation was checked against the corpus ({len(draft.citations)} cited"
                         + (f", {_count(len(verified), 'check')} passed" if verified else "") + ").", color="Good"))
    if draft.missing:
        body.append(text("**Facts still needed** (shown in [brackets] in the draft):\n"
                         + "\n".join(f"- {m}" for m in draft.missing), color="Warning"))
    for n in dict.fromkeys([c.message for c in notes] + list(draft.notes)):  # each note once
        body.append(text(f"Note: {n}", isSubtle=True, size="Small"))
    if show_text:
        body.append({"type": "Container", "separator": True, "spacing": "Medium",
                     "items": _draft_text_blocks(draft.text)})
    else:
        body.append(text("The draft's text is in **Copy the text** below" if copy_box
                         else "The draft's text follows in the next message.", spacing="Medium"))
    if draft.citations:
        body.append(text("**Authorities cited**", spacing="Medium"))
        for c in draft.citations:
            body.extend(_citation_elements(c, passage_chars=passage_chars, quote_chars=quote_chars))
    actions = []
    if copy_box:
        actions.append({"type": "Action.ShowCard", "title": "Copy the text", "card": {
            "type": "AdaptiveCard", "version": VERSION,
            "body": [{"type": "Input.Text", "id": "draft_text", "isMultiline": True,
                      "value": structure.plain_text(draft.text), "label": "Select all and copy"}]}})
    fallback = f"Draft: {title}\n{structure.plain_text(draft.text)}"
    return card(body, fallback_text=fallback, actions=actions or None)


_DRAFT_STEPS = (  # (show_text, copy_box, passage_chars, quote_chars)
    (True, True, None, None),
    (True, True, 1200, None),
    (False, True, 1200, None),
    (False, True, 0, 400),
    (True, False, 400, None),
    (False, False, 0, 300),
    (False, False, 0, 120),
)


def draft_replies(draft: Any, *, title: str = "", limit: int = MAX_CARD_BYTES) -> list[Outbound]:
    """The replies for a `bot.draft.types.Draft`: a card with its status, the facts still
    missing, the text (with a "Copy the text" box) and the verified citations; when the
    text cannot fit in a card it follows as Markdown message(s)."""
    title = title or getattr(draft, "title", "") or draft.kind
    made: dict = {}
    for show_text, copy_box, pc, qc in _DRAFT_STEPS:
        made = _draft_variant(draft, title, show_text=show_text, copy_box=copy_box, passage_chars=pc, quote_chars=qc)
        if size(made) <= limit:
            out = [Outbound(card=made)]
            if not show_text and not copy_box:
                out += [Outbound(text=part) for part in full_text_messages(structure.plain_text(draft.text))]
            return out
    return [Outbound(card=made)] + [Outbound(text=part) for part in full_text_messages(structure.plain_text(draft.text))]


def findings_card(name: str, findings: Sequence[Any], *, limit: int = MAX_CARD_BYTES) -> dict:
    """A reviewed document's findings: what is wrong, the document's words, the verbatim passage it rests
    on with its pin cite.  Quotes are trimmed until the card fits `limit` bytes."""
    if not findings:
        return notice_card("Review", REVIEW_NONE.format(name=name))
    made: dict = {}
    for quote_chars in (None, 600, 300, 120, 0):
        body: list[dict] = [heading(REVIEW_FOUND.format(n=len(findings), name=name))]
        for i, f in enumerate(findings, 1):
            body.append(text(f"**{i}. {f.message}**", spacing="Medium",
                             color="Attention" if f.severity == "error" else "Warning"))
            if f.excerpt and quote_chars != 0:
                body.append(text(f"“{_clip(f.excerpt, quote_chars)}” (from the document)", isSubtle=True))
            if f.cite:
                body.append(text(f"**{f.cite}**" + (f": “{_clip(f.quote, quote_chars)}”" if f.quote and quote_chars != 0
                                                     else ""), size="Small"))
        made = card(body, fallback_text=REVIEW_FOUND.format(n=len(findings), name=name) + " " +
                    "; ".join(f.message for f in findings))
        if size(made) <= limit:
            return made
    return made


# ---------------------------------------------------------------- chats with native citations, compose box

def _sources_variant(answer: Answer, key: str, *, passage_chars: int | None, quote_chars: int | None,
                     max_citations: int | None) -> dict:
    body: list[dict] = [text("**Sources**", isSubtle=True, size="Small")]
    body.extend(_citations(answer, passage_chars=passage_chars, quote_chars=quote_chars, max_citations=max_citations))
    body.extend(_footer(answer))
    return card(body, fallback_text=_fallback_text(answer), actions=_feedback_actions(answer, key))


def sources_card(answer: Answer, *, key: str = "", limit: int = MAX_CARD_BYTES) -> dict:
    """The card under an answer whose text carries Teams' native citations (chats): each citation's pin
    cite and quoted span with its "Show passage" toggle, and 👍/👎 for clients without the native buttons.
    The answer's text is the message's own, so it is not repeated here.  Trimmed to fit `limit` bytes."""
    made: dict = {}
    for pc, qc, mc, _ in _ANSWER_STEPS:
        made = _sources_variant(answer, key, passage_chars=pc, quote_chars=qc, max_citations=mc)
        if size(made) <= limit:
            return made
    return made


QUOTE_CHARS = 1500  # a quote inserted into a message being written: enough for a rule's paragraph


def quote_card(c: Citation) -> dict:
    """What choosing a compose-box search result inserts into the message being written: the quoted span,
    verbatim, and its pin cite (with the source's address when it has one).

    >>> from bot.types import Passage
    >>> p = Passage(id="x", doc_id="d", cite="L.R. 37-1", section="37-1", text="Counsel shall confer.")
    >>> [b["text"] for b in quote_card(Citation(1, p, "Counsel shall confer."))["body"]][:2]
    ['“Counsel shall confer.”', '— L.R. 37-1']
    """
    p = c.passage
    quotes = [_clip(q, QUOTE_CHARS) for q in c.quotes if q.strip()] or [_clip(p.text, QUOTE_CHARS)]
    body = [text(f"“{q}”") for q in quotes] + [text(f"— {c.cite}", weight="Bolder", spacing="Small")]
    if p.source.startswith(("http://", "https://")):
        body.append(text(f"{p.title}: {p.source}" if p.title else p.source, isSubtle=True, size="Small"))
    return card(body, fallback_text=" … ".join(f"“{q}”" for q in quotes) + f" — {c.cite}")


def search_preview(c: Citation) -> dict:
    """The result row the compose box lists for a citation (a thumbnail card: pin cite, then the quote).  A thumbnail
    card's text is drawn as HTML (and Markdown): the document's words are escaped for it, a link read "label
    (address)", as on the cards."""
    return {"contentType": "application/vnd.microsoft.card.thumbnail",
            "content": {"title": _as_html(c.cite), "text": _as_html(_clip(c.quote or c.passage.text, 200))}}


def _as_html(value: str) -> str:
    return html.escape(shown(value), quote=False)


def search_results(answer: Answer) -> dict:
    """A ``composeExtension/query`` response: one result per cited passage (its preview, and the quote card
    it inserts), or a message when the indexed documents do not answer."""
    if answer.abstained or not answer.citations:
        return search_message(shown(_clip(answer.text, 300)))
    attachments = [{"contentType": CONTENT_TYPE, "content": quote_card(c), "preview": search_preview(c)}
                   for c in answer.citations]
    return {"composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": attachments}}


def search_message(value: str) -> dict:
    """A ``composeExtension/query`` response that shows one line instead of results."""
    return {"composeExtension": {"type": "message", "text": value}}
