"""Every sentence the chat service says to a user, on Slack and Teams alike, worded for a lawyer.

Plain text with backticks for commands (both surfaces show them as code); no
surface-specific markup. `{user}` is the asker as the surface names them (a
Slack mention, a Teams display name). Renderers keep only their own labels
(headings of an answer card, button titles).
"""

from __future__ import annotations

WELCOME = (
    "Ask me about the federal rules, local rules, judges' procedures and orders in the index: "
    "I answer with the passages themselves, quoted verbatim with pin cites.\n"
    "- Ask a question, e.g. Who has the burden of establishing the law enforcement privilege?\n"
    "- `draft good-cause` (or `/draft` in Slack) opens a form for a draft section.\n"
    "- Administrators: `admin status`, `admin reindex`, `admin sync` (`/rules-admin …` in Slack)."
)
EMPTY_QUESTION = ("Type your question after the command or the mention, for example: "
                  "Who has the burden of establishing the law enforcement privilege?")
SEARCHING = "Searching the rules and orders for: {question}"
STILL_WORKING = "Still searching the index; the answer will follow here shortly."
BUSY = ("I am answering many questions right now and cannot take this one. "
        "Please ask again in a minute.")
APOLOGY = ("Sorry, something went wrong while I was answering, and I could not finish. "
           "Please try again; if it happens again, give your administrator this reference: {ref}")
DRAFT_APOLOGY = ("Sorry, something went wrong while preparing your draft, and I could not finish. "
                 "Please try again; if it happens again, give your administrator this reference: {ref}")
ADMIN_APOLOGY = ("Sorry, the {what} did not finish; the previous index is still answering questions. "
                 "Your administrator can find the details in the log under reference {ref}")

FEEDBACK_THANKS = {"up": "Thank you, your 👍 on this answer was recorded.",
                   "down": "Thank you, your 👎 on this answer was recorded; it helps us find gaps."}
ANSWER_EXPIRED = ("I no longer have that answer (it was given too long ago). "
                  "Please ask the question again.")
PASSAGE_GONE = ("That passage is no longer in the index (the corpus was reindexed since). "
                "Please ask the question again.")
UNKNOWN_ACTION = "Sorry, I do not recognise that button. It may come from an older version of the bot."
ALREADY_HANDLED = "Already handled."

DRAFT_USAGE = "Choose what to draft: {kinds}. For example: `draft {example}`."
DRAFT_UNKNOWN = "I do not know how to draft “{kind}”. I can draft: {kinds}."
DRAFT_SENT = "Your {title} draft is below, with a Word version."

ADMIN_REFUSED = ("Sorry, `{command}` is for rulebot administrators only. "
                 "If you need the corpus reindexed, please ask one of them (your user id is {user_id}).")
ADMIN_USAGE = "Admin commands: `reindex`, `status`, `sync` (`/rules-admin …` in Slack, `admin …` in Teams)."
REINDEX_STARTED = "Reindex started by {user}…"
REINDEX_PROGRESS = "Reindexing: {stage}, {done} of {total}{rate}."
REINDEX_RATE = " ({rate:.0f} passages/s)"
REINDEX_DONE = "Reindex finished: {summary}"
REINDEX_BUSY = "{reason}"
SYNC_UNAVAILABLE = "Sync is not available in this installation (no corpus source is configured for it)."
SYNC_STARTED = "Sync started by {user}: checking the official sources for new versions…"
SYNC_DONE = "Sync finished: {summary}"
SYNC_FAILED_SOURCE = "- could not sync {name}: {reason}"
SYNC_NOTHING_NEW = "Nothing new to index."
JOB_RUNNING = "An admin job is running on another replica: {what} started by {who}, now: {text}"

STAGES = {"load": "loading documents", "chunk": "cutting passages", "embed": "embedding passages",
          "store": "storing passages", "done": "finishing"}
