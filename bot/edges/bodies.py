"""What a request body may be before it is parsed: JSON nested deeper than `NESTING_LIMIT` is refused unparsed.

Python's JSON parser counts each level of nesting against the interpreter's recursion limit and raises
`RecursionError` about a thousand levels down. Catching that is not enough: a garbage collection that runs while the
parser is that deep runs other objects' finalizers there, and whatever they report cannot even be formatted (a flaky
"Failed to process unraisable exception" in a test of a 100,000-deep body). So a body is measured first, in one pass,
and one deeper than any real Activity or Slack payload (they nest about ten levels) never reaches the parser.

>>> too_deep("[" * 100_000 + "]" * 100_000)
True
>>> too_deep('{"type": "message", "from": {"id": "29:1"}, "entities": [{"type": "mention"}]}')
False
>>> too_deep("payload=" + "%5B" * 500)  # a Slack form body: its payload percent-encoded
True
"""

from __future__ import annotations

import re

import numpy as np

NESTING_LIMIT = 200  # levels; brackets inside strings count too, so it is set far above any real payload's ~10
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_ENCODED = (("%5B", "["), ("%5b", "["), ("%5D", "]"), ("%5d", "]"), ("%7B", "{"), ("%7b", "{"), ("%7D", "}"), ("%7d", "}"))
_STEP = np.zeros(256, dtype=np.int64)
_STEP[[ord("["), ord("{")]], _STEP[[ord("]"), ord("}")]] = 1, -1


def too_deep(text: str, limit: int = NESTING_LIMIT) -> bool:
    """Whether `text` (a JSON body, or a form body whose fields hold JSON, percent-encoded) opens more than `limit`
    brackets before closing them. Linear in the text's length, at C speed: a megabyte of brackets in milliseconds,
    so that a hostile body costs the event loop no more than parsing a real one."""
    if "%" in text:
        for encoded, bracket in _ENCODED:
            text = text.replace(encoded, bracket)
    if text.count("[") + text.count("{") <= limit:
        return False
    kept = _NOT_BRACKET.sub("", text).encode("ascii")
    return int(np.cumsum(_STEP[np.frombuffer(kept, dtype=np.uint8)]).max()) > limit
