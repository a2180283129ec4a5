"""Feedback that teaches, on Slack: the follow-up after a 👎, and the administrators' review and Verify button.

Pure builders, tested as tables (the listeners that hand their submissions to the chat service are in
`bot.slack.handlers`):

- `downvote_message`: the thanks for a 👎 with a reason box, a menu of the answer's nearest passages and a pin cite
  box; its Send button (`FEEDBACK_WHY`, value the vote id) reads them from the message's state (`Chat.explain`);
- `review_blocks`: the 👎 awaiting review, each with a Verify… button (`REVIEW_VERIFY`, value the vote id), and
  the verified answers a reindex suspended (App Home's admin panel, `/rules-admin feedback`);
- `verify_modal`: choose the passage that answers (from the answer's citations and the user's suggestion) or
  type its pin cite; submitted (`VERIFY_CALLBACK`), `Chat.verify_vote` records it, admins only.

>>> from bot.chat.types import Downvoted, PassageChoice
>>> msg = downvote_message(Downvoted("7", "Thanks.", (PassageChoice("p1", "Fed. R. Civ. P. 26(b)(1)"),)))
>>> [b.get("block_id", b["type"]) for b in msg.blocks]
['section', 'context', 'reason', 'passage', 'pin', 'actions']
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from bot.admin import review as R
from bot.chat import messages as CM
from bot.chat.types import Downvoted, PassageChoice, ReviewView
from bot.slack import blocks as B
from bot.slack import messages as M

FEEDBACK_WHY = "rulebot_feedback_why"  # Send under the follow-up of a 👎; value: the vote id
REVIEW_VERIFY = "rulebot_verify"  # Verify… beside a 👎 awaiting review; value: the vote id
VERIFY_CALLBACK = "rulebot_verify_submit"
ACTION_IDS = (FEEDBACK_WHY, REVIEW_VERIFY)
VIEWS = (VERIFY_CALLBACK,)
REASON, PASSAGE, PIN = "reason", "passage", "pin"  # block ids of the follow-up and the modal


def _text_input(block_id: str, label: str, *, multiline: bool = False, hint: str = "") -> dict:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "optional": True,
                             "label": B.plain(label, B.MAX_LABEL),
                             "element": {"type": "plain_text_input", "action_id": block_id, "multiline": multiline}}
    if hint:
        block["hint"] = B.plain(hint, B.MAX_LABEL)
    return block


def _passage_menu(choices: Sequence[PassageChoice], label: str) -> list[dict]:
    options = [{"text": B.plain(c.label, B.MAX_OPTION), "value": c.id[:150]} for c in choices[:B.MAX_OPTIONS]]
    if not options:
        return []
    return [{"type": "input", "block_id": PASSAGE, "optional": True, "label": B.plain(label, B.MAX_LABEL),
             "element": {"type": "static_select", "action_id": PASSAGE, "options": options,
                         "placeholder": B.plain(M.DOWNVOTE_CHOOSE, 150)}}]


def downvote_message(view: Downvoted) -> B.SlackMessage:
    """The thanks for a 👎, then what was wrong: a reason, the passage that should have answered (one of the
    answer's, or a pin cite typed), and Send."""
    blocks = [B.section(B.esc(view.thanks)), B.context(B.esc(CM.DOWNVOTE_ASK)),
              _text_input(REASON, M.DOWNVOTE_REASON, multiline=True),
              *_passage_menu(view.choices, M.DOWNVOTE_PASSAGE),
              _text_input(PIN, M.DOWNVOTE_PIN, hint=M.DOWNVOTE_PIN_HINT),
              {"type": "actions", "elements": [B.button(M.DOWNVOTE_SEND, FEEDBACK_WHY, view.vote_id[:B.MAX_VALUE],
                                                        style="primary")]}]
    return B.SlackMessage(text=B.trim(view.thanks, B.MAX_FALLBACK), blocks=tuple(blocks))


def _review_line(r: R.Review) -> str:
    who = f"<@{r.user}>" if r.source == "slack" and r.user else B.esc(r.user or "?")
    lines = [f"*#{B.esc(r.id)}* _{B.esc(B.trim(r.question, 300))}_ — {who}, {B.esc(r.at[:10])}"]
    if r.citations:
        lines.append(B.esc(CM.REVIEW_CITED.format(cites=B.trim("; ".join(r.citations), 600))))
    if r.reason:
        lines.append(B.esc(CM.REVIEW_REASON.format(reason=B.trim(r.reason, 600))))
    if r.suggested:
        lines.append(B.esc(CM.REVIEW_SUGGESTED.format(cite=r.suggested)))
    return "\n".join(lines)


def review_blocks(view: ReviewView) -> list[dict]:
    """The 👎 awaiting review, newest first, each with Verify…; then the verified answers to verify again."""
    if not view.total and not view.suspended:
        return [B.context(B.esc(CM.REVIEW_EMPTY))]
    out: list[dict] = []
    if view.total:
        out.append(B.section(f"*{B.esc(CM.REVIEW_AWAITING.format(n=view.total))}*"))
        out += [B.section(B.trim(_review_line(r), B.MAX_SECTION),
                          accessory=B.button(CM.HOME_VERIFY_BUTTON, REVIEW_VERIFY, r.id[:B.MAX_VALUE]))
                for r in view.awaiting]
    if view.suspended:
        out.append(B.section(f"*{B.esc(CM.REVIEW_SUSPENDED.format(n=len(view.suspended)))}*"))
        out += B.lines_block(f"• _{B.esc(B.trim(v.question, 300))}_ — {B.esc(R.suspended_line(v, why))}"
                             for v, why in view.suspended)
    return out


def review_message(view: ReviewView) -> B.SlackMessage:
    """`/rules-admin feedback`: the review as one message."""
    blocks = review_blocks(view)[:B.MAX_BLOCKS]
    return B.SlackMessage(text=B.trim(CM.REVIEW_AWAITING.format(n=view.total), B.MAX_FALLBACK), blocks=tuple(blocks))


def verify_modal(r: R.Review, choices: Sequence[PassageChoice]) -> dict:
    """Verify the passage that answers a 👎's question: chosen from `choices`, or its pin cite typed."""
    blocks = [B.section(f"*{B.esc(M.VERIFY_QUESTION)}* _{B.esc(B.trim(r.question, 2000))}_")]
    if r.reason:
        blocks.append(B.context(B.esc(CM.REVIEW_REASON.format(reason=B.trim(r.reason, 1000)))))
    blocks += _passage_menu(choices, M.VERIFY_PASSAGE)
    blocks.append(_text_input(PIN, M.DOWNVOTE_PIN, hint=M.VERIFY_PIN_HINT))
    return {"type": "modal", "callback_id": VERIFY_CALLBACK, "title": B.plain(M.VERIFY_TITLE, B.MAX_TITLE),
            "submit": B.plain(M.VERIFY_SUBMIT, B.MAX_TITLE), "close": B.plain("Cancel", B.MAX_TITLE),
            "private_metadata": B._metadata({"vote": r.id}), "blocks": blocks}


def verify_choices(r: R.Review, find: Callable[[str], Sequence[Any]]) -> tuple[PassageChoice, ...]:
    """The user's suggested passage, then the passages the answer cited (`find(cite)` looks a pin cite up)."""
    out = [PassageChoice(r.suggested_id, r.suggested)] if r.suggested_id else []
    for cite in r.citations:
        out += [PassageChoice(p.id, p.cite) for p in find(cite)[:3]]
    return tuple(dict.fromkeys(out))[:B.MAX_OPTIONS]
