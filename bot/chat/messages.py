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
REVIEWS_PER_USER = ("You already have {n} reviews waiting or under way, so I did not start this one; they go on. "
                    "Share the file again once one of them has been answered.")
APOLOGY = ("Sorry, something went wrong while I was answering, and I could not finish. "
           "Please try again; if it happens again, give your administrator this reference: {ref}")
DRAFT_APOLOGY = ("Sorry, something went wrong while preparing your draft, and I could not finish. "
                 "Please try again; if it happens again, give your administrator this reference: {ref}")
ADMIN_APOLOGY = ("Sorry, the {what} did not finish; the previous index is still answering questions. "
                 "Your administrator can find the details in the log under reference {ref}")

FEEDBACK_THANKS = {"up": "Thank you, your 👍 on this answer was recorded.",
                   "down": "Thank you, your 👎 on this answer was recorded; it helps us find gaps."}
REASON_THANKS = "Thank you: what you said was recorded with your 👎. An administrator reviews it."
REASON_PIN_UNKNOWN = ("Thank you: what you said was recorded with your 👎. I found no passage “{pin}” in the index, "
                      "so it was kept in your words; an administrator reviews it.")
REASON_NOT_YOURS = "That 👎 is not one of yours (or no longer on record), so nothing was recorded."
DOWNVOTE_ASK = ("What was wrong? Tell us, and if you know it, which passage should have answered "
                "(optional; only administrators see it).")
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
ADMIN_USAGE = ("Admin commands: `reindex`, `status`, `sync`, `channel`, `feedback` (`/rules-admin …` in Slack, "
               "`admin …` in Teams).")
FEEDBACK_USAGE = ("`feedback` lists the 👎 awaiting review; `feedback verify ID PIN_CITE` records that the passage "
                  "answers vote ID's question, e.g. `feedback verify 12 Fed. R. Civ. P. 26(b)(1)`.")
REVIEW_EMPTY = "No 👎 is awaiting review, and no verified answer is suspended."
REVIEW_AWAITING = "👎 awaiting review: {n}"
REVIEW_SUSPENDED = "Verified answers suspended by a reindex: {n}"
REVIEW_CITED = "Cited: {cites}"
REVIEW_REASON = "Reason: {reason}"
REVIEW_SUGGESTED = "Should have cited: {cite}"
VERIFIED_CHAT = ("Verified by {by}: “{question}” is now answered with {cite} first, and it joined the firm's "
                 "evaluation set.")
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

CHANNEL_USAGE = ('Usage: `channel court="C.D. Cal." judge="Segal" docket="2:26-cv-04417"` binds this channel to a '
                 "matter (any of the three); `channel` shows it; `channel clear` removes it.")
CHANNEL_COURT_UNKNOWN = "I do not know the court “{court}”; write it as a filing does, e.g. C.D. Cal. or Central District of California."
CHANNEL_BOUND = "This channel is now bound to: {matter}. Questions here prefer that court's and judge's documents."
CHANNEL_SHOW = "This channel is bound to: {matter}."
CHANNEL_UNBOUND = "This channel is not bound to a matter."
CHANNEL_CLEARED = "This channel is no longer bound to a matter."
CHANNEL_NONE = "Bind a channel from inside it (this command came from no channel)."
ANSWERING_FOR = "Answering for {context}"
REVIEW_NONE = "No problems found in {name} of the kinds the court is known to reject."
REVIEW_FOUND = "{n} problem(s) found in {name}:"
REVIEW_FETCH = "Could not fetch {name} to review it: {reason}"
REVIEW_TOO_LARGE = "{name} is {size:,} bytes; the most I review is {limit:,} bytes."
REVIEW_HOW = "Share a proposed protective order (Word, PDF or text) with the words “review this”, and I will check it."

# what is indexed, and suggested questions (bot.chat.suggest; Slack's assistant panel and App Home)
DOC_TYPE_COUNT = {"local_rules": ("set of local rules", "sets of local rules"),
                  "federal_rules": ("set of federal rules", "sets of federal rules"),
                  "judge_procedures": ("judge's procedures", "judges' procedures"),
                  "order": ("order", "orders")}
DOC_TYPE_OTHER = ("document", "documents")
DOC_TYPE_HEADINGS = {"local_rules": "Local rules", "federal_rules": "Federal rules",
                     "judge_procedures": "Judges' procedures", "order": "Orders"}
INDEXED = "{kinds} ({passages:,} passages; index built {built})"
INDEX_EMPTY = ("Nothing is indexed yet: an administrator needs to add documents and run "
               "`/rules-admin reindex` (or `admin reindex` in Teams) before I can answer.")
GREETING = ("I answer from what is indexed: {what}. Ask a question or pick one below; "
            "I quote the passages verbatim with pin cites.")
PROMPTS_TITLE = "Try one of these:"
# what slow work is doing, as a surface streams it (never the unverified text itself)
TASK_FETCH = "Fetching {name}"
TASK_READ = "Reading {name}"
TASK_CHECK = "Checking it against what the court is known to reject"
TASK_FINDINGS = "{n} finding(s)"
TASK_COMPOSE = "Writing the {title} from your facts and checking its citations against the index"
TASK_VERIFIED = "{n} citation(s) verified"
TASK_WORD = "Making the Word file"
TASK_ANSWER = "Writing the answer with the configured model"
TASK_ANSWER_CHECK = "Checking every quote and citation against the index"
PROMPT_RULE = "What does {cite} provide?"
PROMPT_CASE = "What did the court decide in {title}?"
PROMPT_ORDER = "What does the {title} require?"
PROMPT_OTHER = "What does {title} say?"
AS_AMENDED = "as amended to {date}"
DATED = "dated {date}"
DATE_UNKNOWN = "date unknown"

# the case a question is taken to be about (the channel the user is viewing names a docket number)
CASE_INDEXED = ("Taking this question to be about No. {docket} (from the {where} of #{channel}): {title}, "
                "whose orders are in the index; the answer draws on every rule and order I have.")
CASE_NOT_INDEXED = ("Taking this question to be about No. {docket} (from the {where} of #{channel}); "
                    "no order from that case is in the index, so the answer draws on the rules and orders I have.")

# Slack's assistant panel, App Home and message shortcut
ASSISTANT_STATUS = "is searching the rules…"
SHORTCUT_EMPTY = ("That message has no text I can search for. Use “Find the rule for this” on a message "
                  "that states the question or the issue.")

# Teams: drafts as Word files (file consent), built-in feedback, compose-box search
DRAFT_WORD_OFFER = "The Word version of your {title} draft is ready: allow me to save it to your OneDrive."
DRAFT_WORD_DESCRIPTION = "{title} draft (Word), with its verified citations"
DRAFT_WORD_SAVED = "Saved the Word version to your OneDrive:"
DRAFT_WORD_DECLINED = "Understood: the Word file was not saved. The draft's text stays above."
DRAFT_WORD_EXPIRED = ("I no longer have that Word file (it was prepared too long ago, or by another server). "
                      "Please submit the draft form again.")
DRAFT_WORD_UNREACHABLE = ("I cannot reach the store that holds that Word file right now (it was prepared by another "
                          "server). Please try again in a minute, or submit the draft form again.")
DRAFT_WORD_FAILED = ("I could not save the Word file to your OneDrive ({reason}). "
                     "Please submit the draft form again; the draft's text stays above.")
SEARCH_HINT = "Type a question about the rules and orders; choose a passage to insert its quote and pin cite."
SEARCH_SLOW = "The search is taking longer than the compose box waits. Please try again in a moment."

# Slack's App Home tab (bot.slack.home)
HOME_TITLE = "rulebot: court rules and orders, quoted"
HOME_INDEXED = "What is indexed:"
HOME_MORE_DOCS = "… and {n} more"
HOME_VERSION = "Index version {version}"
HOME_HOW = "How to ask"
HOME_HOW_LINES = (
    "• `/rules <question>` in any channel: only you see the answer until you share it",
    "• mention @rulebot in a channel (the answer comes in the thread), or send it a direct message",
    "• open rulebot in Slack's AI assistant panel (Agents & AI Apps) and ask there",
    "• on any message: More actions (⋯) → *Find the rule for this*",
    "• `/draft` for a draft section, such as a good cause statement",
)
HOME_RECENT = "Your last questions"
HOME_NO_RECENT = "The questions you ask appear here, with a button to ask them again."
HOME_ASK_AGAIN = "Ask again"
HOME_ADMIN = "Administration"
HOME_REINDEX_BUTTON = "Reindex now"
HOME_SYNC_BUTTON = "Sync sources"
HOME_LAST_JOB = "Last admin job: {what} by {who}: {text}"
HOME_NO_JOB = "No admin job is on record."
HOME_NO_DOWNVOTES = "No 👎 awaiting review."
HOME_EXPORT = ("Review: `rulebot feedback list --down`, then `rulebot feedback verify ID PIN_CITE` (or Verify here); "
               "all votes: `rulebot feedback export --format csv --out feedback.csv`")
HOME_VERIFY_BUTTON = "Verify…"
