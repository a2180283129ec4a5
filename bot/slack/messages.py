"""The labels of Slack's rendering (Block Kit): headings and notes inside an answer or a draft.

What the bot says in a conversation is the chat service's (`bot.chat.messages`), the same on every surface.
"""

from __future__ import annotations

ABSTAIN_HEADING = "*The rules and orders I have do not answer this question.*"
ABSTAIN_MISSING = "*Not in my collection:* {items}"
ABSTAIN_HOW_TO_ADD = (
    "*To add a rule or order the corpus lacks:* send a copy and its citation to your rulebot administrator. "
    "They add it with `rulebot corpus add FILE_OR_URL` and run `/rules-admin reindex`; "
    "you can ask about it as soon as the reindex finishes."
)
SEARCHED = "Searched: {searched}"
VERIFICATION_NOTE = "Removed during verification: {flags}"
SHARED_BY = "Shared by <@{user}> · asked: _{question}_"
CONTINUED = "Continued ({page} of {pages}) · _{question}_"
TRIMMED = " (trimmed; use Show passage for the full text)"
TRIMMED_MODAL = " … (the passage continues beyond what Slack can show here)"
DRAFT_POSTED = "Your {title} draft is below, with a Word version."
DRAFT_REQUIRED = "Please fill in this field."
# the follow-up after a 👎 and the Verify modal (bot.slack.review)
DOWNVOTE_REASON = "What was wrong"
DOWNVOTE_PASSAGE = "The passage that should have answered"
DOWNVOTE_CHOOSE = "Choose one of the answer's passages"
DOWNVOTE_PIN = "Or its pin cite"
DOWNVOTE_PIN_HINT = "As answers print it, e.g. Fed. R. Civ. P. 26(b)(1) or C.D. Cal. L.R. 37-1"
DOWNVOTE_SEND = "Send"
VERIFY_TITLE = "Verify an answer"
VERIFY_SUBMIT = "Verify"
VERIFY_QUESTION = "Question:"
VERIFY_PASSAGE = "The passage that answers it"
VERIFY_PIN_HINT = "It is cited first, marked verified, for this question and its paraphrases."
VERIFY_NEEDS_PASSAGE = "Choose a passage or type its pin cite."
