"""Block Kit rendering: pure functions from our `Answer`, `Passage`, draft kinds and drafts to Slack JSON.

Slack rejects a message outright when a limit is exceeded, so every builder
here keeps to them: 50 blocks a message (100 a modal), 3,000 characters a
section text, 150 a header, 24 a modal title, 75 a button label, 2,000 a
button value.  Quotes, answer text and passages are rich text, shown
literally, so that they stay verbatim.  A long answer is cut into pages; each page but the last ends
with a "Show more" button that carries the next page number.

>>> from bot.types import Answer
>>> msg = render_answer(Answer(question="q", text="Short answer."), key="k1")
>>> msg.blocks[0]["elements"][0]["elements"][0]["text"], msg.pages
('Short answer.', 1)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from bot.chat.messages import ANSWERING_FOR, REVIEW_FOUND, REVIEW_NONE
from bot.messages import after_abstain_lead
from bot.currency import currency
from bot.draft import structure, typeset
from bot.slack import messages as M
from bot.types import Answer, Citation, Passage

MAX_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
MAX_SECTION = 3000
MAX_RICH = 3000  # our cap on one rich text element (quotes, answer text)
MAX_QUOTE = 2500  # a longer quoted span is trimmed; "Show passage" has it all
MAX_HEADER = 150
MAX_TITLE = 24
MAX_BUTTON = 75
MAX_VALUE = 2000
MAX_LABEL = 2000
MAX_OPTION = 75
MAX_OPTIONS = 100
MAX_CONTEXT = 3000
MAX_METADATA = 3000
MAX_FALLBACK = 3000  # the notification text beside the blocks

# action ids (the handlers match on these; the manifest test checks they are handled)
SHOW_PASSAGE = "show_passage"
FEEDBACK = "rulebot_feedback"  # Slack's own feedback buttons (a context_actions block); value "up:KEY" / "down:KEY"
FEEDBACK_UP = "feedback_up"  # the hand-made buttons of answers posted before: still handled, no longer drawn
FEEDBACK_DOWN = "feedback_down"
SHARE = "share_answer"
SHOW_MORE = "show_more"
DRAFT_PICK = "draft_pick"
DRAFT_CALLBACK = "draft_submit"
ACTION_IDS = (SHOW_PASSAGE, FEEDBACK, FEEDBACK_UP, FEEDBACK_DOWN, SHARE, SHOW_MORE, DRAFT_PICK)


@dataclass(frozen=True)
class SlackMessage:
    """One message to post: notification `text` plus `blocks`; `page` of `pages`."""

    text: str
    blocks: tuple[dict, ...]
    page: int = 0
    pages: int = 1

    @property
    def has_more(self) -> bool:
        return self.page + 1 < self.pages

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": list(self.blocks)}


# ---------------------------------------------------------------- text helpers

def esc(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def trim(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ellipsis))]
    space = cut.rfind(" ")
    if space > len(cut) * 0.7:
        cut = cut[:space]
    return _safe_entity_cut(cut).rstrip() + ellipsis


def _safe_entity_cut(text: str) -> str:
    """Never end inside an `&amp;`-style entity."""
    amp = text.rfind("&", max(0, len(text) - 5))
    if amp != -1 and ";" not in text[amp:]:
        return text[:amp]
    return text


def split_text(text: str, limit: int = MAX_SECTION) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters, preferring paragraph, line,
    sentence and word boundaries, in that order.  Nothing is lost but boundary whitespace."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", "; ", " "):
            i = window.rfind(sep)
            if i > limit // 3:
                cut = i + (1 if sep in (". ", "; ") else 0)
                break
        if cut <= 0:
            cut = len(_safe_entity_cut(window)) or limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def plain(text: str, limit: int) -> dict:
    return {"type": "plain_text", "text": trim(text, limit) or " ", "emoji": True}


def section(mrkdwn: str, *, accessory: dict | None = None) -> dict:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": trim(mrkdwn, MAX_SECTION)}}
    if accessory:
        block["accessory"] = accessory
    return block


def rich_text(text: str, *, quote: bool = False, note: str = "", code: bool = False) -> dict:
    """Literal text (no mrkdwn parsing), as a paragraph or a block quote; with `code`, our own code spans
    (```rulebot index```, outside quotations) are drawn as code, without their backticks.

    Quotes are shown this way so that they stay verbatim: in mrkdwn, the star
    pages of a Westlaw cite ("at *2 ... at *4") would turn the words between
    into bold and drop the asterisks.

    >>> rich_text("run `rulebot index`", code=True)["elements"][0]["elements"]
    [{'type': 'text', 'text': 'run '}, {'type': 'text', 'text': 'rulebot index', 'style': {'code': True}}]
    """
    shown = trim(text, MAX_RICH) or " "
    pieces = typeset.code_spans(shown) if code else [(shown, False)]
    elements: list[dict] = [{"type": "text", "text": words, "style": {"code": True}} if is_code
                            else {"type": "text", "text": words} for words, is_code in pieces]
    if note:
        elements.append({"type": "text", "text": note, "style": {"italic": True}})
    return {"type": "rich_text",
            "elements": [{"type": "rich_text_quote" if quote else "rich_text_section", "elements": elements}]}


def context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": trim(mrkdwn, MAX_CONTEXT)}]}


def button(label: str, action_id: str, value: str, *, style: str = "") -> dict:
    if len(value) > MAX_VALUE:
        raise ValueError(f"button value longer than {MAX_VALUE} characters")
    b: dict[str, Any] = {"type": "button", "text": plain(label, MAX_BUTTON), "action_id": action_id, "value": value}
    if style:
        b["style"] = style
    return b


# ---------------------------------------------------------------- answers

def citation_blocks(c: Citation, *, with_quote: bool = True) -> list[dict]:
    """`[n] pin cite (as amended to ...) · title` with a "Show passage" button (and, when a later
    amendment touches the cited part, a warning line), then the quoted span, verbatim (left out under an
    answer, whose text already quotes it: no quote is shown twice)."""
    cur = currency(c)
    label = cur.beside(c.cite)
    head = f"*[{c.n}] {esc(c.cite)}*" + (f" ({esc(label)})" if label else "")
    if c.passage.title and c.passage.title not in c.cite:
        head += f" · {esc(c.passage.title)}"
    if cur.warning:
        head += f"\n:warning: _{esc(cur.notice)}_"
    head_block = section(trim(head, 600), accessory=button("Show passage", f"{SHOW_PASSAGE}:{c.n}",
                                                           c.passage.id[:MAX_VALUE]))
    quote = c.quote.strip()
    if not with_quote or not quote:  # no quoted span (a draft's citation of a whole rule): "Show passage" has it
        return [head_block]
    note = ""
    if len(quote) > MAX_QUOTE:
        quote, note = trim(quote, MAX_QUOTE, ellipsis="…"), M.TRIMMED
    return [head_block, rich_text(quote, quote=True, note=note)]


def see_also_block(answer: Answer) -> dict:
    """The passages near the answer that it does not quote: one light context line, apart."""
    return context(answer.see_also_line(esc))


def _answer_body(answer: Answer) -> list[list[dict]]:
    """All the blocks of an answer, in groups that must stay on one page (a citation's head and
    quote): the text, the citations, the abstention guidance, what was searched."""
    out: list[list[dict]] = []
    said = answer.text.strip()
    if answer.abstained:  # the heading says the corpus does not answer; the explanation does not say it again
        out.append([section(M.ABSTAIN_HEADING)])
        said = after_abstain_lead(said)
    out.extend([rich_text(piece, code=True)] for piece in split_text(said, MAX_RICH) or [" "])
    if answer.abstained:
        missing = [m for m in answer.missing if m not in answer.text]
        if missing:
            out.append([section(M.ABSTAIN_MISSING.format(items="; ".join(esc(m) for m in missing)))])
        if answer.searched and answer.searched not in answer.text:
            out.append([context(M.SEARCHED.format(searched=esc(answer.searched)))])
        if "To add" not in answer.text:
            out.append([section(M.ABSTAIN_HOW_TO_ADD)])
        return out
    if answer.citations:
        out.append([{"type": "divider"}])
        out.extend(citation_blocks(c, with_quote=not answer.quotes_in_text(c)) for c in answer.citations)
    if answer.see_also:
        out.append([see_also_block(answer)])
    if answer.flags:
        out.append([context(M.VERIFICATION_NOTE.format(flags="; ".join(esc(f) for f in answer.flags)))])
    if answer.searched:
        out.append([context(M.SEARCHED.format(searched=esc(answer.searched)))])
    return out


def paginate(groups: Sequence[Sequence[dict]], *, first_reserved: int, later_reserved: int) -> list[list[dict]]:
    """Pack groups of blocks into pages, never splitting a group, leaving room for `*_reserved`
    blocks (header/footer) on each page."""
    pages: list[list[dict]] = [[]]
    for group in groups:
        room = MAX_BLOCKS - (first_reserved if len(pages) == 1 else later_reserved)
        if pages[-1] and len(pages[-1]) + len(group) > room:
            pages.append([])
        pages[-1].extend(group)
    return pages


def render_answer(answer: Answer, *, key: str, page: int = 0, shareable: bool = False,
                  shared_by: str = "") -> SlackMessage:
    """Page `page` of an answer.  Page 0 carries Slack's feedback buttons (and "Share in channel"
    when `shareable`); every page but the last carries "Show more"."""
    body = _answer_body(answer)
    # first page: optional "shared by" context + actions; later pages: "continued" context + actions
    pages = paginate(body, first_reserved=2, later_reserved=2)
    page = max(0, min(page, len(pages) - 1))
    blocks: list[dict] = []
    if page == 0 and shared_by:
        blocks.append(context(M.SHARED_BY.format(user=shared_by, question=esc(trim(answer.question, 300)))))
    if page == 0 and answer.context:  # a channel bound to a matter: say which one the answer is for
        blocks.append(context(esc(ANSWERING_FOR.format(context=answer.context))))
    if page > 0:
        blocks.append(context(M.CONTINUED.format(page=page + 1, pages=len(pages),
                                                 question=esc(trim(answer.question, 300)))))
    blocks.extend(pages[page])
    actions: list[dict] = []
    if page == 0 and shareable:
        actions.append(button("Share in channel", SHARE, key, style="primary"))
    if page + 1 < len(pages):
        actions.append(button(f"Show more ({page + 2} of {len(pages)})", SHOW_MORE, f"{key}:{page + 1}"))
    if actions:
        blocks.append({"type": "actions", "elements": actions})
    if page == 0 and not shared_by:
        blocks.append(feedback_buttons(key))
    return SlackMessage(text=fallback_text(answer), blocks=tuple(blocks), page=page, pages=len(pages))


def feedback_buttons(key: str) -> dict:
    """Slack's own 👍/👎 under an answer (a `context_actions` block with `feedback_buttons`); the value names the
    verdict and the served answer, so a vote reaches the same feedback store as on every surface.

    >>> feedback_buttons("k1")["elements"][0]["negative_button"]["value"]
    'down:k1'
    """
    def side(emoji: str, verdict: str, label: str) -> dict:
        return {"text": plain(emoji, 75), "value": f"{verdict}:{key}", "accessibility_label": label}

    return {"type": "context_actions", "elements": [{
        "type": "feedback_buttons", "action_id": FEEDBACK,
        "positive_button": side("👍", "up", "This answer was helpful"),
        "negative_button": side("👎", "down", "This answer was not helpful")}]}


def fallback_text(answer: Answer) -> str:
    """Notification text: the answer and the pin cites its text does not already name, no markup (Slack reads
    `<!channel>`, `<@U…>` and `<url|label>` in it: a passage's or a user's words are escaped, a code span is its
    words)."""
    cites = "; ".join(f"[{c.n}] {c.cite}" for c in answer.citations if c.cite not in answer.text)
    return trim(plain_fallback(answer.text.strip() + (f" ({cites})" if cites else "")), MAX_FALLBACK)


def plain_fallback(text: str) -> str:
    """Text for a notification: escaped for Slack, without backticks.

    >>> plain_fallback("<!channel> see `rulebot index` & <https://x|y>")
    '&lt;!channel&gt; see rulebot index &amp; &lt;https://x|y&gt;'
    """
    return esc(typeset.without_code_marks(text))


def notice(text: str) -> SlackMessage:
    """A one-section message (errors, confirmations); `text` is mrkdwn the caller has escaped, and its
    notification keeps our own mentions (`<@U…>`) but no code marks."""
    return SlackMessage(text=trim(typeset.without_code_marks(text), MAX_FALLBACK), blocks=(section(text),))


# ---------------------------------------------------------------- passages

def passage_modal(p: Passage) -> dict:
    """A modal with the whole passage, its pin cite and its source."""
    return {"type": "modal", "title": plain("Passage", MAX_TITLE), "close": plain("Close", MAX_TITLE),
            "blocks": _passage_blocks(p, MAX_MODAL_BLOCKS)}


def passage_message(p: Passage) -> SlackMessage:
    """The passage as a message, where no modal can open (no trigger): drawn as the modal draws it, the text
    literal (a document's stars and angle brackets are never markup), within a message's blocks."""
    return SlackMessage(text=trim(plain_fallback(f"{p.cite}: {p.text}"), MAX_FALLBACK),
                        blocks=tuple(_passage_blocks(p, MAX_BLOCKS)))


def _passage_blocks(p: Passage, limit: int) -> list[dict]:
    blocks: list[dict] = [{"type": "header", "text": plain(p.cite or "Passage", MAX_HEADER)}]
    facts = [x for x in (p.title, p.court, p.judge and f"Judge {p.judge}", p.date) if x]
    if p.heading:
        facts.append(p.heading)
    if facts:
        blocks.append(context(" · ".join(esc(f) for f in facts)))
    room = limit - len(blocks) - 1
    pieces = split_text(p.text, MAX_RICH) or [" "]
    if len(pieces) > room:
        pieces = pieces[:room]
        blocks.extend(rich_text(x) for x in pieces[:-1])
        blocks.append(rich_text(pieces[-1], note=M.TRIMMED_MODAL))
    else:
        blocks.extend(rich_text(x) for x in pieces)
    if p.source:
        src = p.source if p.source.startswith(("http://", "https://")) else esc(p.source)
        blocks.append(context(f"Source: {src}"))
    return blocks


# ---------------------------------------------------------------- drafting

def draft_picker_modal(kinds: Mapping[str, Any], *, metadata: Mapping[str, Any]) -> dict:
    """Choose a draft kind; choosing one replaces this modal with the kind's form."""
    options = [{"text": plain(getattr(k, "title", name), MAX_OPTION), "value": name}
               for name, k in list(kinds.items())[:MAX_OPTIONS]]
    return {
        "type": "modal", "callback_id": "draft_pick", "title": plain("Draft", MAX_TITLE),
        "close": plain("Cancel", MAX_TITLE), "private_metadata": _metadata(metadata),
        "blocks": [section("What would you like to draft?",
                           accessory={"type": "static_select", "action_id": DRAFT_PICK,
                                      "placeholder": plain("Choose a kind of draft", 150), "options": options})],
    }


def draft_modal(kind: Any, *, metadata: Mapping[str, Any], initial: Mapping[str, str] | None = None) -> dict:
    """The form for one draft kind, one input per field of `kind.fields` (block id = field name).

    A repeated field is a multi-line box, one item per line; when its items have
    several parts (`item_fields`) they are separated by ``|``, as the hint says.
    A field with `choices` is a menu.  `initial` pre-fills text fields (a channel's matter)."""
    blocks: list[dict] = []
    for f in kind.fields[:MAX_MODAL_BLOCKS]:
        choices = tuple(getattr(f, "choices", ()) or ())
        if choices:
            element: dict[str, Any] = {"type": "static_select", "action_id": "value",
                                       "options": [{"text": plain(c, MAX_OPTION), "value": c[:150]}
                                                   for c in choices[:MAX_OPTIONS]]}
        else:
            element = {"type": "plain_text_input", "action_id": "value",
                       "multiline": bool(f.multiline or f.repeated)}
            if initial and initial.get(f.name):
                element["initial_value"] = str(initial[f.name])[:3000]
        block: dict[str, Any] = {"type": "input", "block_id": f.name, "optional": not f.required,
                                 "label": plain(f.label or f.name, MAX_LABEL), "element": element}
        hint = field_hint(f)
        if hint:
            block["hint"] = plain(hint, MAX_LABEL)
        blocks.append(block)
    return {
        "type": "modal", "callback_id": DRAFT_CALLBACK, "title": plain(kind.title, MAX_TITLE),
        "submit": plain("Draft", MAX_TITLE), "close": plain("Cancel", MAX_TITLE),
        "private_metadata": _metadata({**metadata, "kind": kind.name}), "blocks": blocks,
    }


def field_hint(f: Any) -> str:
    """The help under a form field; repeated fields say how to enter several items."""
    hint = f.help or ""
    if f.repeated:
        items = tuple(getattr(f, "item_fields", ()) or ())
        how = ("One per line: " + " | ".join(x.label for x in items) + ".") if len(items) > 1 else "One per line."
        hint = (hint + " " if hint else "") + how
    return hint


def draft_form(kind: Any, values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The submitted form as {field: text} (blank fields left out), and the form errors
    ({block_id: message}) for required fields left blank."""
    form: dict[str, str] = {}
    errors: dict[str, str] = {}
    for f in kind.fields:
        raw = (values.get(f.name) or "").strip()
        if raw:
            form[f.name] = raw
        elif f.required:
            errors[f.name] = M.DRAFT_REQUIRED
    return form, errors


def _marked(piece: str, mark: str) -> str:
    """`piece` between `mark`s, its edge whitespace outside them (Slack reads a marker only at a word's edge)."""
    core = piece.strip()
    if not core:
        return piece
    lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _mrkdwn(value: str) -> str:
    """A draft's inline text as mrkdwn: emphasis as Slack writes it, every character escaped, no link made.

    Consecutive bold pieces are one bold run with any italic inside it, so no two markers touch (Slack would show
    ``_**,`` as written):

    >>> _mrkdwn("**Re: *Rivera v. Northwind*, Case No. 1** <b>")
    '*Re: _Rivera v. Northwind_, Case No. 1* &lt;b&gt;'
    """
    out: list[str] = []
    run: list[str] = []  # the pieces of the current bold run

    def close_run() -> None:
        if run:
            out.append(_marked("".join(run), "*"))
            run.clear()

    for s in typeset.spans(value):
        piece = _marked(esc(s.text), "_") if s.italic else esc(s.text)
        if s.bold:
            run.append(piece)
        else:
            close_run()
            out.append(piece)
    close_run()
    return "".join(out)


def draft_blocks(markdown: str) -> list[dict]:
    """A draft's text as Block Kit (`bot.draft.structure`): headings bold, lines kept, items bulleted,
    quotations as Slack quotes, a table a line per row, a rule a divider; no Markdown marker left.

    >>> [b.get("text", {}).get("text") for b in draft_blocks("## GOOD CAUSE\\n\\nA **bold** [x](https://e.x) <b>\\n\\n---")]
    ['*GOOD CAUSE*', 'A *bold* x &lt;b&gt;', None]
    """
    out: list[dict] = []
    pending: list[str] = []  # consecutive items, one section

    def flush() -> None:
        if pending:
            out.extend(section(piece) for piece in split_text("\n".join(pending)))
            pending.clear()

    for b in structure.blocks(markdown):
        if b.kind == "item":
            pending.append(f"{esc(b.marker) or '•'} {_mrkdwn(b.text)}")
            continue
        flush()
        if b.kind == "rule":
            out.append({"type": "divider"})
            continue
        if b.kind == "heading":
            mrkdwn = f"*{esc(typeset.plain(b.text))}*"
        elif b.kind == "lines":
            mrkdwn = "\n".join(_mrkdwn(line) for line in b.lines)
        elif b.kind == "quote":
            mrkdwn = "> " + _mrkdwn(b.text)
        elif b.kind == "table":
            head, *rows = b.rows
            mrkdwn = "\n".join(["*" + " · ".join(esc(typeset.plain(c)) for c in head) + "*",
                                *(" · ".join(_mrkdwn(c) for c in row) for row in rows)])
        else:
            mrkdwn = _mrkdwn(b.text)
        out.extend(section(piece) for piece in split_text(mrkdwn or " "))
    flush()
    return out


def render_draft(draft: Any, *, title: str) -> list[SlackMessage]:
    """A draft as one or more messages: its text, verified citations, facts still missing, checks, notes."""
    body: list[dict] = [{"type": "header", "text": plain(f"Draft: {title}", MAX_HEADER)}]
    body.append(context(M.DRAFT_POSTED.format(title=esc(title))))
    groups: list[list[dict]] = [[b] for b in body]
    groups.extend([b] for b in draft_blocks(str(draft.text)))
    citations = list(getattr(draft, "citations", ()) or ())
    if citations:
        groups.append([{"type": "divider"}, section("*Citations (verified against the corpus)*")])
        for c in citations:
            groups.append(citation_blocks(c) if isinstance(c, Citation) else [section(esc(str(c)))])
    checked = {str(getattr(c, "message", "")) for c in getattr(draft, "checks", ()) or ()}
    for heading, items in (("Facts still needed", getattr(draft, "missing", ())),
                           ("Checks", getattr(draft, "checks", ())),
                           ("Notes", [n for n in getattr(draft, "notes", ()) or () if str(n) not in checked])):
        items = list(dict.fromkeys(_as_lines(items)))  # each line once
        if items:
            text = f"*{heading}*\n" + "\n".join(f"• {esc(x)}" for x in items)
            groups.extend([section(piece)] for piece in split_text(text))
    pages = paginate(groups, first_reserved=0, later_reserved=0)
    fallback = trim(esc(f"Draft: {title}. " + structure.plain_text(str(draft.text))), MAX_FALLBACK)
    return [SlackMessage(text=fallback, blocks=tuple(p), page=i, pages=len(pages)) for i, p in enumerate(pages)]


_CHECK_MARKS = {"ok": ":white_check_mark: ", "note": ":information_source: ", "flag": ":warning: "}


def _as_lines(items: Any) -> list[str]:
    if not items:
        return []
    if isinstance(items, str):
        return [items]
    if isinstance(items, Mapping):
        return [f"{k}: {v}" for k, v in items.items()]
    out = []
    for x in items:
        if hasattr(x, "message"):
            mark = _CHECK_MARKS.get(getattr(x, "status", ""), "")
            out.append(mark + str(x.message))
        else:
            out.append(str(x))
    return out


def _metadata(md: Mapping[str, Any]) -> str:
    text = json.dumps(dict(md), separators=(",", ":"))
    if len(text) > MAX_METADATA:
        raise ValueError("modal metadata too long")
    return text


# ---------------------------------------------------------------- admin

_EXTRA_LABELS = {"reindexing": "Reindex running", "skipped": "Documents skipped at the last reindex"}


def _status_value(v: Any) -> str:
    if isinstance(v, Mapping):
        return ", ".join(f"{k} {x}" for k, x in v.items())
    return str(v)


def status_message(status: Mapping[str, Any]) -> SlackMessage:
    """`/rules-admin status`: documents, chunks, last reindex, model, store."""
    labels = (("documents", "Documents"), ("chunks", "Passages (chunks)"), ("built_at", "Last reindex"),
              ("version", "Index version"), ("model", "Embedding model"), ("store", "Store"))
    lines = [f"*{label}:* {esc(str(status.get(k) if status.get(k) not in (None, '') else 'unknown'))}"
             for k, label in labels]
    extra = [f"*{esc(_EXTRA_LABELS.get(k, str(k)))}:* {esc(_status_value(v))}" for k, v in status.items()
             if k not in dict(labels) and v not in (None, "", {})]
    text = "*rulebot index status*\n" + "\n".join(lines + extra)
    return SlackMessage(text=trim("rulebot index status", MAX_FALLBACK),
                        blocks=tuple(section(p) for p in split_text(text)))


def lines_block(lines: Iterable[str]) -> list[dict]:
    return [section(p) for p in split_text("\n".join(lines))]


def render_findings(name: str, findings: Sequence[Any]) -> list[SlackMessage]:
    """A reviewed document's findings: what is wrong, the words of the document that show it, the
    verbatim passage it rests on with its pin cite."""
    if not findings:
        return [notice(REVIEW_NONE.format(name=esc(name)))]
    groups: list[list[dict]] = [[section(f"*{esc(REVIEW_FOUND.format(n=len(findings), name=name))}*")]]
    for i, f in enumerate(findings, 1):
        mark = ":x:" if f.severity == "error" else ":warning:"
        group = [section(f"{mark} *{i}. {esc(f.message)}*")]
        if f.excerpt:
            group.append(rich_text(trim(f.excerpt, MAX_QUOTE), quote=True, note=" (from the document)"))
        if f.cite:
            group.append(context(f"*{esc(f.cite)}*"))
            if f.quote:
                group.append(rich_text(trim(f.quote, MAX_QUOTE), quote=True))
        groups.append(group)
    pages = paginate(groups, first_reserved=0, later_reserved=0)
    fallback = trim(REVIEW_FOUND.format(n=len(findings), name=name) + " " +
                    "; ".join(f.message for f in findings), MAX_FALLBACK)
    return [SlackMessage(text=fallback, blocks=tuple(pg), page=i, pages=len(pages)) for i, pg in enumerate(pages)]


def with_line(msg: SlackMessage, line: str) -> SlackMessage:
    """`msg` with a one-line context block first (the case an assistant answer is taken to be about).
    An answer's first page keeps room for it; a message already at Slack's limit is returned as it is."""
    if not line or len(msg.blocks) >= MAX_BLOCKS:
        return msg
    return SlackMessage(text=msg.text, blocks=(context(esc(line)),) + tuple(msg.blocks), page=msg.page,
                        pages=msg.pages)
