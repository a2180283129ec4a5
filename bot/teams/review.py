"""The administrators' review on Teams (`admin feedback`): a pure Adaptive Card builder.

Each 👎 awaiting review shows its question, the answer's citations, the user's reason and suggested passage, a
pin cite box (pre-filled with the suggestion) and Verify, whose data ``{"rulebot": "verify", "vote": ID}`` the
handlers turn into ``admin feedback verify ID PIN_CITE`` (admins only, through the chat service's chain); the
verified answers a reindex suspended follow.

>>> from bot.chat.types import ReviewView
>>> review_card(ReviewView())["body"][1]["text"]
'No 👎 is awaiting review, and no verified answer is suspended.'
"""

from __future__ import annotations

from bot.admin import review as R
from bot.chat import messages as CM
from bot.chat.types import ReviewView
from bot.teams import messages as say
from bot.teams.cards import _clip, action_set, card, heading, submit, text

VERIFY = "verify"  # the card action's verb: {"rulebot": "verify", "vote": ID, "pin_ID": PIN_CITE}


def pin_input(vote_id: str) -> str:
    """The id of the pin cite box beside vote `vote_id` (its value arrives in the action's data)."""
    return f"pin_{vote_id}"


def _row(r: R.Review) -> list[dict]:
    facts = [CM.REVIEW_CITED.format(cites="; ".join(r.citations))] if r.citations else []
    if r.reason:
        facts.append(CM.REVIEW_REASON.format(reason=_clip(r.reason, 600)))
    if r.suggested:
        facts.append(CM.REVIEW_SUGGESTED.format(cite=r.suggested))
    box = {"type": "Input.Text", "id": pin_input(r.id), "label": say.VERIFY_PIN, "value": r.suggested,
           "placeholder": say.VERIFY_PIN_HINT, "isRequired": False, "maxLength": 300}
    return [text(f"#{r.id} · {_clip(r.question, 500)}", weight="Bolder", separator=True),
            text(f"{r.source}:{r.user or '?'}, {r.at[:10]}", isSubtle=True, spacing="None"),
            *(text(_clip(f, 800), spacing="Small") for f in facts),
            box, action_set([submit(say.VERIFY_BUTTON, VERIFY, vote=r.id)])]


def review_card(view: ReviewView) -> dict:
    """The 👎 awaiting review (newest first), each with a pin cite box and Verify; the suspended after them."""
    body: list[dict] = [heading(say.REVIEW_TITLE)]
    if not view.total and not view.suspended:
        body.append(text(CM.REVIEW_EMPTY))
    if view.total:
        body.append(text(CM.REVIEW_AWAITING.format(n=view.total), weight="Bolder"))
        for r in view.awaiting:
            body += _row(r)
    if view.suspended:
        body.append(text(CM.REVIEW_SUSPENDED.format(n=len(view.suspended)), weight="Bolder", separator=True))
        body += [text(f"{_clip(v.question, 300)}: {R.suspended_line(v, why)}") for v, why in view.suspended]
    return card(body, fallback_text=CM.REVIEW_AWAITING.format(n=view.total))
