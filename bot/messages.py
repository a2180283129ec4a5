"""Every message a user reads, in one place, worded for a lawyer rather than a stack trace."""

from indexers.messages import CORRUPT_INDEX, INDEX_UNAVAILABLE, NO_INDEX  # noqa: F401

EMPTY_QUESTION = "The question is empty. Ask in words, e.g. rulebot ask \"Who bears the burden on the law enforcement privilege?\""
LONG_QUESTION = ("The question is {n:,} characters long; the limit is {max:,}. Ask about one issue at a time, "
                 "in a sentence or two.")
MODEL_MISMATCH = ("The index was built with the embedding model {built}, but this process embeds questions with "
                  "{ours}. Run `rulebot index` with the same RULEBOT_EMBEDDER / RULEBOT_MODEL_PATH as the bot.")
SETTING_NOT_A_NUMBER = ("{env}={value} is not {kind}: set it to {range} (the default is {default}), "
                        "or leave it unset.")
SETTING_OUT_OF_RANGE = ("{env}={value} is out of range: set it to {range} (the default is {default}), "
                        "or leave it unset.")
ANSWER_ERROR = "Sorry, something went wrong while answering. The error is logged under reference {ref}."

ABSTAIN_LEAD = "The indexed corpus does not answer this question."  # a surface may show it as its own heading
ABSTAIN = (ABSTAIN_LEAD + " Searched: {searched}. "
           "Nothing found was close enough to quote as authority, so no answer is given rather than a guess.")
NOT_INDEXED = ("{refs} {verb} not in the indexed corpus. To add {it}, an admin runs "
               "`rulebot corpus add FILE_OR_URL --type {type}`{example} and reindexes.")
NOT_INDEXED_EXAMPLES = {
    "local_rules": " with the court's Local Rules PDF (e.g. from https://www.cacd.uscourts.gov/court-procedures/local-rules)",
    "federal_rules": " with the text of the rules",
    "order": " with the opinion or order (PDF, HTML, DOCX or text)",
}
NOT_COVERED = ("The indexed corpus does not cover {refs}; it holds: {searched}. To add {it}, an admin "
               "runs `rulebot corpus add FILE_OR_URL` with a document that covers {it} and reindexes.")
NEAREST = "Not an answer, but the nearest passages in the corpus:"
MENTIONED_IN = "The corpus mentions {ref} only in: {where}."
NOT_INDEXED_NOTE = "Note: {refs} {verb} not in the indexed corpus; the passages below only mention {it}."
# ... when no passage quoted names it (a rule named as the other side of an either-or: "or is that only a FRAP 8 thing?")
NOT_INDEXED_ASIDE = "Note: {refs} {verb} not in the indexed corpus; the answer below comes from what is indexed, not from {it}."
LLM_REMOVED = "Removed from the model's answer because it could not be verified against the corpus: {what}"

# verified answers (bot.admin.review, bot.admin.verified): what an administrator reads verifying an answer
VERIFIED_NOT_RECORDED = ("The verification could not be recorded right now (the shared store is unreachable); "
                         "nothing was changed. Please try again in a minute.")
VOTE_UNKNOWN = "There is no vote {id} in the feedback. `rulebot feedback list --down` shows the votes with their ids."
PIN_NOT_FOUND = ("No passage of the served index has the pin cite “{pin}”. Use a pin cite as the answers print it, "
                 "e.g. Fed. R. Civ. P. 26(b)(1); `rulebot feedback list` shows each vote's citations and the "
                 "passage the user suggested.")
PIN_AMBIGUOUS = "“{pin}” names {n} passages of the served index: {choices}. Give one of them."
PIN_NTH = " A pin cite followed by #2 names the second passage with that pin cite."
NOTHING_TO_QUOTE = ("{cite} has no sentence that can be quoted for this question (only headings); choose the passage "
                    "that states the rule.")
VERIFIED_DONE = ("Verified: “{question}” is now answered with {cite} first (verified by {by} on {on}); "
                 "added to the firm's evaluation set ({firm}).")
VERIFIED_SUSPENDED = ("Suspended, not shown: {cite} was {how} by a reindex since {by} verified it on {on}. Verify "
                      "the question again with `rulebot feedback verify {vote} PIN_CITE`.")
SUSPENDED_HOW = {"changed": "changed", "removed": "removed from the index"}
FIRM_EMPTY = ("The firm's evaluation set {path} does not exist yet: it grows by one question each time an administrator "
              "verifies an answer (`rulebot feedback verify ID PIN_CITE`).")
FIRM_STANDING = ("Measured without the verified answers (what the index answers on its own). Verified answers: "
                 "{standing} cited first for their questions, {suspended} suspended by a reindex "
                 "(`rulebot feedback list --suspended`).")
EVAL_NO_FILE = "Give an evaluation file (`rulebot eval FILE.jsonl`) or `--firm` for the firm's own set."
NO_REVIEWS = "No votes to list."
NO_SUSPENDED = "No verified answer is suspended: every verified passage is served unchanged."


def after_abstain_lead(text: str) -> str:
    """An abstention's explanation without its first sentence (`ABSTAIN_LEAD`), for a surface whose heading already
    says that the corpus does not answer: it is said once.

    >>> after_abstain_lead(ABSTAIN.format(searched="3 documents"))[:22]
    'Searched: 3 documents.'
    >>> after_abstain_lead("Something else.")
    'Something else.'
    """
    return text[len(ABSTAIN_LEAD):].lstrip() if text.startswith(ABSTAIN_LEAD) else text
