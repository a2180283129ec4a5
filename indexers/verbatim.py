"""The one definition of "verbatim": is a quotation the passage's own words?

Two named modes, one function:

- ``EXACT`` (answers, an LLM's quotations): the quote's characters appear in the passage, with only
  typography set aside: runs of whitespace, non-breaking spaces, straight or curly quote marks and
  apostrophes.  Nothing is left out, nothing is changed.
- ``ALTERED`` (drafts, review): Bluebook alterations are allowed and each is checked.  An ellipsis
  (``...``, ``…``, ``. . .``) marks omitted words: the pieces around it must appear in the passage in
  order.  A bracketed letter (``[T]he``, ``defendant[s]``) changes a letter's case or a word's ending: the
  passage must have that word there.  Bracketed words (``[the Court]``) stand for words the writer
  supplies in place of omitted ones: the pieces around them must appear in order.  Punctuation that
  American style puts inside the closing quotation mark (``,`` ``.``) may end the quote.

>>> verbatim("the  “good cause” standard", 'the "good cause" standard applies', EXACT)
True
>>> verbatim("a party ... must show", "a party seeking a protective order must show", EXACT)
False
>>> verbatim("a party ... must show", "a party seeking a protective order must show", ALTERED)
True
>>> verbatim("[T]he court may", "the court may, for good cause", ALTERED), verbatim("[X]he court may", "the court may", ALTERED)
(True, False)
>>> verbatim("the court may,", "the court may issue", ALTERED), verbatim("the court may,", "the court may issue", EXACT)
(True, False)
"""

from __future__ import annotations

import re
from enum import Enum


class Mode(Enum):
    EXACT = "exact"  # answers: the passage's characters, typography aside
    ALTERED = "altered"  # drafts: Bluebook ellipses and brackets, each checked


EXACT = Mode.EXACT
ALTERED = Mode.ALTERED

_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'",
                             "‚": "'", "‛": "'", "′": "'", "\u00a0": " ", "\u2009": " ", "\u202f": " "})
_ELLIPSIS = r"(?:\.\s?\.\s?\.|…)"
# an alteration: an ellipsis, or a bracketed span (letters inside a word, or supplied words)
_ALTERATION = re.compile(rf"\s*{_ELLIPSIS}\s*|\[[^\[\]]{{1,40}}\]")


def norm(text: str) -> str:
    """Text as compared: quote marks and apostrophes unified, non-breaking spaces as spaces, whitespace
    collapsed."""
    return " ".join(text.translate(_TYPOGRAPHY).split())


def verbatim(quote: str, text: str, mode: Mode = EXACT) -> bool:
    """True when `quote` is `text`'s own words under `mode` (see the module doc)."""
    q, t = norm(quote), norm(text)
    if not q:
        return False
    if mode is EXACT:
        return q in t
    q = q.rstrip(",.;:").strip()  # punctuation inside the closing quote mark
    if not q:
        return False
    return _altered_in(q, t)


def _altered_in(q: str, t: str) -> bool:
    """Each piece between alterations appears in order; a bracketed letter (or letters) touching a word must be
    that word's own letters, case aside."""
    pos = 0
    i = 0
    bracket = ""  # bracketed letters beginning the next piece ("[T]he")
    for m in list(_ALTERATION.finditer(q)) + [None]:
        piece = q[i:m.start() if m else len(q)]
        if piece.strip():
            found = _find_piece(piece, t, pos, bracket)
            if found < 0:
                return False
            pos = found + len(piece.strip())
        bracket = ""
        if m is None:
            return True
        inner = m.group(0)[1:-1] if m.group(0).startswith("[") else ""
        letters = inner.isalpha() and len(inner) <= 3
        if letters and m.end() < len(q) and not q[m.end()].isspace():
            bracket = inner  # "[T]he": checked with the piece it begins
        elif letters and m.start() > 0 and not q[m.start() - 1].isspace():
            # "defendant[s]": the word's ending changed (letters added, or the passage's own ending replaced)
            while pos < len(t) and t[pos].isalpha():
                pos += 1
        i = m.end()
    return True


def _find_piece(piece: str, t: str, start: int, bracket: str) -> int:
    """Where `piece` (its bracketed first letters `bracket` included, case aside) appears in `t` from `start`."""
    body = piece.strip()
    if bracket:
        rx = re.compile(re.escape(bracket) + re.escape(body), re.I)
        m = rx.search(t, start)
        if not m or not t[m.start():m.start() + len(bracket)].lower() == bracket.lower():
            return -1
        return m.start() + len(bracket)
    return t.find(body, start)
