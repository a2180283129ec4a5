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

from itertools import accumulate

NESTING_LIMIT = 200  # levels; brackets inside strings count too, so it is set far above any real payload's ~10
_ENCODED = (("%5B", "["), ("%5b", "["), ("%5D", "]"), ("%5d", "]"), ("%7B", "{"), ("%7b", "{"), ("%7D", "}"), ("%7d", "}"))
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # an opening bracket a byte 1, a closing one 255 (-1 signed)
_NOT_BRACKET = bytes(sorted(set(range(256)) - set(b"[]{}")))  # every other byte is dropped (UTF-8's are all >= 0x80)
_CHUNK = 4096  # brackets measured at a time: a body deeper than the limit is refused at its first few thousand


def too_deep(text: str, limit: int = NESTING_LIMIT) -> bool:
    """Whether `text` (a JSON body, or a form body whose fields hold JSON, percent-encoded) opens more than `limit`
    brackets before closing them. Linear in the text's length, in C loops: a megabyte nested deep is refused in a few
    milliseconds, one of brackets opened and closed in turn (the slowest) measured in tens, so that a hostile body
    costs the event loop no more than parsing a real one."""
    if "%" in text:
        for encoded, bracket in _ENCODED:
            text = text.replace(encoded, bracket)
    if text.count("[") + text.count("{") <= limit:
        return False
    steps = text.encode("utf-8", "replace").translate(_STEP, _NOT_BRACKET)
    depth = 0  # before the chunk
    for start in range(0, len(steps), _CHUNK):
        chunk = steps[start:start + _CHUNK]
        opens = chunk.count(1)
        if depth + opens > limit and max(accumulate(memoryview(chunk).cast("b"))) > limit - depth:
            return True
        depth += opens - (len(chunk) - opens)
    return False
