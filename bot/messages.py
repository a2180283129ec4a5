"""Every message a user reads, in one place, worded for a lawyer rather than a stack trace."""

from indexers.messages import CORRUPT_INDEX, INDEX_UNAVAILABLE, NO_INDEX  # noqa: F401

EMPTY_QUESTION = "The question is empty. Ask in words, e.g. rulebot ask \"Who bears the burden on the law enforcement privilege?\""
LONG_QUESTION = ("The question is {n:,} characters long; the limit is {max:,}. Ask about one issue at a time, "
                 "in a sentence or two.")
MODEL_MISMATCH = ("The index was built with the embedding model {built}, but this process embeds questions with "
                  "{ours}. Run `rulebot index` with the same RULEBOT_EMBEDDER / RULEBOT_MODEL_PATH as the bot.")
ANSWER_ERROR = "Sorry, something went wrong while answering. The error is logged under reference {ref}."

ABSTAIN = ("The indexed corpus does not answer this question. Searched: {searched}. "
           "Nothing found was close enough to quote as authority, so no answer is given rather than a guess.")
NOT_INDEXED = ("{refs} {verb} not in the indexed corpus. To add {it}, an admin runs "
               "`rulebot corpus add FILE_OR_URL --type {type}`{example} and reindexes.")
NOT_INDEXED_EXAMPLES = {
    "local_rules": " with the court's Local Rules PDF (e.g. from https://www.cacd.uscourts.gov/court-procedures/local-rules)",
    "federal_rules": " with the text of the rules",
    "order": " with the opinion or order (PDF, HTML, DOCX or text)",
}
NOT_COVERED = ("{refs} {verb} not covered by the indexed corpus, which holds: {searched}. To add {it}, an admin "
               "runs `rulebot corpus add FILE_OR_URL` with a document that covers {it} and reindexes.")
NEAREST = "Not an answer, but the nearest passages in the corpus:"
MENTIONED_IN = "The corpus mentions {ref} only in: {where}."
NOT_INDEXED_NOTE = "Note: {refs} {verb} not in the indexed corpus; the passages below only mention {it}."
LLM_REMOVED = "Removed from the model's answer because it could not be verified against the corpus: {what}"
