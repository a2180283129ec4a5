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
    """Each piece between alterations appears in order.  Between two pieces: after an ellipsis, any words may be
    left out; after bracketed words, they must replace a few words of the passage (not be inserted where nothing
    was left out: "[not]" is not an alteration a quote may make); otherwise the pieces are adjacent.  Bracketed
    letters touching a word ("[T]he", "defendant[s]") must be that word's own letters, case aside (the rest of
    the quote keeps its case)."""
    pos = -1  # end of the previous piece in t (-1: none yet)
    i = 0
    bracket = ""  # bracketed letters beginning the next piece ("[T]he")
    words_in = ""  # the bracketed words standing for the gap before the next piece
    gap = "start"  # what separates the next piece from the previous one: "start", "ellipsis", "words", "adjacent"
    for m in list(_ALTERATION.finditer(q)) + [None]:
        piece = q[i:m.start() if m else len(q)].strip()
        if piece:
            found = _find_piece(piece, t, max(pos, 0), bracket, anchored=gap == "adjacent" and pos >= 0)
            if found < 0:
                return False
            if pos >= 0 and gap == "words" and not (2 <= found - pos <= MAX_REPLACED):
                return False  # bracketed words must stand for a few words of the passage
            if pos >= 0 and gap == "words" and _NEGATION.search(words_in) and not _NEGATION.search(t[pos:found]):
                return False  # ... and never turn them into their negation

            pos = found + len(piece)
            gap = "adjacent"
        bracket = ""
        if m is None:
            return True
        alt = m.group(0).strip()
        inner = alt[1:-1] if alt.startswith("[") else ""
        letters = inner.isalpha() and len(inner) <= 3
        if not alt.startswith("["):
            gap = "ellipsis"
        elif letters and m.end() < len(q) and not q[m.end()].isspace():
            bracket = inner  # "[T]he": checked with the piece it begins
        elif letters and m.start() > 0 and not q[m.start() - 1].isspace():
            # "defendant[s]": the word's ending changed (letters added, or the passage's own ending replaced)
            while 0 <= pos < len(t) and t[pos].isalpha():
                pos += 1
        else:
            gap, words_in = "words", inner
        i = m.end()
    return True


MAX_REPLACED = 60  # characters of the passage that bracketed words may stand for
_NEGATION = re.compile(r"\b(?:not|no|never|nor|neither|without|cannot|can't|won't|shall\s+not|may\s+not)\b|n't\b", re.I)


def _find_piece(piece: str, t: str, start: int, bracket: str, *, anchored: bool = False) -> int:
    """Where `piece` (after its bracketed first letters `bracket`, which match case aside) appears in `t` from
    `start` (`anchored`: right there, after at most a space)."""
    n = len(bracket)
    at = start
    while True:
        i = t.find(piece, at + n) if not anchored else (start + n if t.startswith(piece, start + n) else
                                                         start + n + 1 if t.startswith(piece, start + n + 1) else -1)
        if i < 0:
            return -1
        if not n or t[i - n:i].lower() == bracket.lower():
            return i
        if anchored:
            return -1
        at = i - n + 1
