"""Every sentence the Slack app says to a user, in one place, worded for a lawyer."""

from __future__ import annotations

SEARCHING = ":mag: Searching the rules and orders for: _{question}_"
EMPTY_RULES = ("Type your question after the command, for example: "
               "`/rules Who has the burden of establishing the law enforcement privilege?`")
EMPTY_MENTION = ("Ask me a question about the local rules, a judge's procedures or a court order, "
                 "for example: _Who has the burden of establishing the law enforcement privilege?_")
BUSY = ("I am answering many questions right now and cannot take this one. "
        "Please ask again in a minute.")
APOLOGY = ("Sorry, something went wrong while I was answering, and I could not finish. "
           "Please try again; if it happens again, give your administrator this reference: `{ref}`.")
DRAFT_APOLOGY = ("Sorry, something went wrong while preparing your draft, and I could not finish. "
                 "Please try again; if it happens again, give your administrator this reference: `{ref}`.")

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

FEEDBACK_THANKS = {"up": "Thank you, your :+1: on this answer was recorded.",
                   "down": "Thank you, your :-1: on this answer was recorded; it helps us find gaps."}
ANSWER_EXPIRED = ("I no longer have that answer (it was given before the app restarted). "
                  "Please ask the question again.")
PASSAGE_GONE = ("That passage is no longer in the index (the corpus was reindexed since). "
                "Please ask the question again.")

DRAFT_USAGE = "Choose what to draft: {kinds}. For example: `/draft {example}`."
DRAFT_UNAVAILABLE = "Drafting is not available in this installation yet."
DRAFT_POSTED = "Your {title} draft is below, with a Word version."
DRAFT_REQUIRED = "Please fill in this field."

ADMIN_REFUSED = ("Sorry, `/rules-admin` is for rulebot administrators only. "
                 "If you need the corpus reindexed, please ask one of them.")
ADMIN_USAGE = "Usage: `/rules-admin reindex`, `/rules-admin status` or `/rules-admin sync`."
REINDEX_STARTED = ":hourglass_flowing_sand: Reindex started by <@{user}>…"
REINDEX_PROGRESS = ":hourglass_flowing_sand: Reindexing ({stage}): {done} of {total}{rate}"
REINDEX_APOLOGY = (":x: Sorry, the {what} did not finish; the previous index is still answering questions. "
                   "Your administrator can find the details in the log under reference `{ref}`.")
REINDEX_DONE = ":white_check_mark: Reindex finished: {summary}"
SYNC_UNAVAILABLE = "Sync is not available in this installation (no corpus source is configured for it)."
SYNC_STARTED = ":hourglass_flowing_sand: Sync started by <@{user}>: checking the official sources for new versions…"
SYNC_DONE = ":white_check_mark: Sync finished: {summary}"
SYNC_NOTHING_NEW = "Nothing new to index."
