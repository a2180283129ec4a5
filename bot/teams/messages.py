"""The labels of Teams' rendering and invoke responses (short confirmations shown on a card's button).

What the bot says in a conversation is the chat service's (`bot.chat.messages`), the same on every surface.
"""

from __future__ import annotations

WELCOME_TITLE = "rulebot"
PASSAGE_SENT = "The passage is below."
DRAFT_FORM_SENT = "The form is below."
DRAFT_SENT = "Your draft is below."
DONE = "Done."
REVIEW_TITLE = "Feedback to review"
VERIFY_BUTTON = "Verify"
VERIFY_PIN = "The passage that answers (pin cite)"
VERIFY_PIN_HINT = "e.g. Fed. R. Civ. P. 26(b)(1); cited first, marked verified"
VERIFYING = "Verifying that passage; the result follows in this conversation."
