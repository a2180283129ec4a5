"""Every sentence the Teams bot says to a user, in one place, worded for a lawyer."""

from __future__ import annotations

WELCOME_TITLE = "rulebot"
WELCOME = (
    "Ask me about the federal rules, local rules, judges' procedures and orders in the index: "
    "I answer with the passages themselves, quoted verbatim with pin cites.\n\n"
    "- Ask a question, e.g. *Who has the burden of establishing the law enforcement privilege?*\n"
    "- **draft good cause** (or **draft** to see every kind) opens a form for a draft section.\n"
    "- Administrators: **admin status**, **admin reindex**, **admin sync**."
)
EMPTY = "Please type a question (for example: *When must parties meet and confer before a discovery motion?*)."
STILL_WORKING = "Still searching the index; the answer will follow here shortly."
BUSY = "I am answering many questions right now and cannot take this one. Please ask again in a minute."
APOLOGY = ("Sorry, something went wrong on our side and I could not finish this. Please try again in a moment; "
           "if it keeps happening, give your administrator this reference: {ref}.")
ADMIN_REFUSED = ("Sorry, **admin {command}** is limited to the administrators named in the bot's settings. "
                 "Please ask one of them, or ask to be added (your Azure AD object id is `{user}`).")
ADMIN_USAGE = "Admin commands: **admin status**, **admin reindex**, **admin sync**."
REINDEX_STARTED = "Reindex started by {who}. I will update this message as it goes."
REINDEX_PROGRESS = "Reindexing: {stage}, {done} of {total}{rate}."
REINDEX_DONE = "Reindex finished: {summary}"
REINDEX_FAILED = "The reindex did not finish: {reason} The previous index is still answering questions."
SYNC_STARTED = "Checking the official sources for changes (started by {who})…"
SYNC_DONE = "Sync finished: {summary}"
SYNC_UNAVAILABLE = ("Sync is not available in this installation (no corpus source is configured for it). "
                    "Add documents with `rulebot corpus add`, then **admin reindex**.")
FEEDBACK_THANKS = "Thank you: your feedback was recorded."
FEEDBACK_UNAVAILABLE = "Sorry, feedback cannot be recorded right now."
PASSAGE_GONE = ("That passage is no longer in the index (a reindex may have changed it). "
                "Ask the question again for current citations.")
PASSAGE_SENT = "The passage is below."
DRAFT_UNAVAILABLE = "Drafting is not available in this installation."
DRAFT_UNKNOWN = "I do not know how to draft “{kind}”. Here are the sections I can draft:"
DRAFT_SENT = "Your draft is below."
DRAFT_MISSING_REQUIRED = "Please fill in: {fields}."
UNKNOWN_ACTION = "Sorry, I do not recognise that button. It may come from an older version of the bot."
ALREADY_HANDLED = "Already handled."
