"""Messages the document side shows a user (the index cannot be read, is missing, is unavailable)."""

NO_INDEX = "No index has been built yet. Run `rulebot index` (it indexes the shipped corpus and any documents you added)."
CORRUPT_INDEX = "The index cannot be read ({detail}). Run `rulebot index --rebuild` to build it again."
INDEX_UNAVAILABLE = "The index is unavailable right now ({detail}); try again shortly. Reference: {ref}"
