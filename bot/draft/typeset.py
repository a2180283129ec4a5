"""Typeset step: a line of draft Markdown as the words a Word file shows, and how they are set.

The draft is Markdown (chat shows it as such); a .docx must show none of it.  Three pure steps, applied
in this order by `bot.draft.docx` to every line it writes:

- `bind_cites`: a citation never breaks across lines.  Spaces inside a pin cite become no-break spaces, a word
  joiner (U+2060) goes between its parts (``26(b)⁠(1)``), and a hyphen inside a local rule's number, a case
  number or a pin cite becomes a non-breaking hyphen (U+2011: ``L.R. 37‑2.1``, ``2:25‑cv‑04417``), which the
  Word export writes as Word's own ``w:noBreakHyphen`` (`bot.draft.docx_runs`) and plain text as ``-``; using
  the one citation grammar (`indexers.grammar`);
- `smart_quotes`: typographic quotation marks and apostrophes (“ ” ‘ ’), Markdown emphasis markers ignored
  when deciding which way a mark faces;
- `spans`: inline Markdown (``**bold**``, ``*italic*``, ``***both***``, ``_italic_``, ```code```,
  ``[text](url)``, ``\\_`` escapes) as (text, bold, italic) pieces, every marker consumed: a stray ``*`` or
  backtick is dropped, not printed; an escaped character is printed as itself, without its backslash.

`fold` maps typeset text back to plain characters, so the words a comment belongs to are found in it.

>>> spans("**Re: *Rivera v. Northwind*, Case No. 1**")
[Span(text='Re: ', bold=True, italic=False), Span(text='Rivera v. Northwind', bold=True, italic=True), Span(text=', Case No. 1', bold=True, italic=False)]
>>> smart_quotes('Rivera\\'s "good cause" (\\'sic\\')')
'Rivera’s “good cause” (‘sic’)'
>>> bind_cites("Fed. R. Civ. P. 26(b)(1)") == "Fed.\\u00a0R.\\u00a0Civ.\\u00a0P.\\u00a026(b)\\u2060(1)"
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexers import courts, grammar

NBSP = "\u00a0"
WJ = "\u2060"  # word joiner: no line break here, no width
NBH = "\u2011"  # non-breaking hyphen: a hyphen no line breaks at (Word: <w:noBreakHyphen/>)

# ---------------------------------------------------------------- citations stay on one line

_SECTION_PIN = re.compile(r"(?:§+|¶+)\s?[\dIVXL]+(?:\.[A-Z0-9]+)*")
_ID_AT = re.compile(r"\b[Ii]d\. at \d+")
_WORDS_RULE = re.compile(r"\b(?:Procedure|Evidence|Rules?)\s(?=\d)")
_SUBDIVISIONS = re.compile(r"\d+(?:\.\d+)?[a-z]?(?:\([A-Za-z0-9]{1,4}\))+")
_BOUND = (grammar.FED_CITATION, grammar.LOCAL_LIST, grammar.SHORT_RULE, _SECTION_PIN, _ID_AT, courts.cite_pattern())
_DOCKETS = (grammar.DOCKET, grammar.DOCKET_BARE)  # "Case No." stays with its number, the number whole


def _bind(span: str) -> str:
    span = re.sub(r"(?<!,) ", NBSP, span)  # a list of cites may still break after its commas
    return re.sub(r"(?<=\w)-(?=\w)", NBH, span)


def bind_cites(text: str) -> str:
    """`text` with each citation bound into one unbreakable unit (see the module doc).

    >>> bind_cites("Case No. 2:25-cv-04417-MWF under L.R. 37-2.1").count("\\u00a0"), unbound(bind_cites("L.R. 37-2.1"))
    (3, 'L.R. 37-2.1')
    """
    spans_: list[tuple[int, int]] = []
    for rx in _BOUND + _DOCKETS + (_WORDS_RULE, _SUBDIVISIONS):
        spans_ += [m.span() for m in rx.finditer(text)]
    merged: list[list[int]] = []
    for s, e in sorted(spans_):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out += [text[pos:s], _bind(text[s:e])]
        pos = e
    out.append(text[pos:])
    return re.sub(r"\)\(", ")" + WJ + "(", "".join(out))


# ---------------------------------------------------------------- typographic quotation marks

_MARKERS = "*_`"
_OPENS_AFTER = set(" \t\n([{<—–-/" + NBSP + "“‘")


def _after(text: str, i: int) -> str:
    j = i + 1
    while j < len(text) and text[j] in _MARKERS:
        j += 1
    return text[j] if j < len(text) else ""


def smart_quotes(text: str) -> str:
    """Straight quotation marks and apostrophes as typographic ones (“ ” ‘ ’); an apostrophe is ’."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch not in "\"'":
            out.append(ch)
            continue
        before = next((c for c in reversed(out) if c not in _MARKERS), "")
        after = _after(text, i)
        opening = (before == "" or before in _OPENS_AFTER) and after not in ("", " ", "\t", "\n")
        if ch == '"':
            out.append("“" if opening else "”")
        else:
            out.append("‘" if opening and not (after.isdigit() and before == " ") else "’")
    return "".join(out)


# ---------------------------------------------------------------- inline Markdown


@dataclass(frozen=True)
class Span:
    """Words of one format: what a Word run holds."""

    text: str
    bold: bool = False
    italic: bool = False


_LINK = re.compile(r"\[([^\[\]\n]+)\]\((?:https?://|mailto:|/|#)[^)\s]*\)")
_CODE = re.compile(r"`+([^`]*)`+")
_DELIMS = re.compile(r"(\*+|(?<![\w_])_{1,3}(?![_\s])|(?<![_\s])_{1,3}(?![\w_]))")


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    can_open = not after.isspace()
    can_close = not before.isspace()
    if text[start] == "_":  # no emphasis inside words: snake_case and blanks ("____") stay as written
        can_open = can_open and not before.isalnum()
        can_close = can_close and not after.isalnum()
    return can_open, can_close


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation: that character, as text
_HARD_BREAK = re.compile(r"(?<!\\)\\$")  # a backslash ending a line: a line break, not a character
_KEPT = 0xE000  # an escaped character stands in the private use area while the markers are read


def spans(text: str) -> list[Span]:
    """Inline Markdown as formatted pieces with no Markdown left (see the module doc); a backslash-escaped
    character is that character as text (``\\_\\_`` a blank to sign on, ``\\*`` an asterisk), and a backslash
    that ends the line is not printed.

    >>> spans("Dated: \\\\_\\\\_\\\\_ \\\\*not italic\\\\*\\\\")
    [Span(text='Dated: ___ *not italic*', bold=False, italic=False)]
    """
    kept = _ESCAPED.sub(lambda m: chr(_KEPT + ord(m.group(1))), _HARD_BREAK.sub("", text))
    if kept == text:
        return _spans(text)
    back = lambda t: re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group()) - _KEPT), t)  # noqa: E731
    return [Span(back(s.text), s.bold, s.italic) for s in _spans(kept)]


def _spans(text: str) -> list[Span]:
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = text.replace("`", "")
    pieces: list[str] = []  # even: text, odd: a delimiter run
    pos = 0
    runs = [m.span() for m in _DELIMS.finditer(text)]
    for s, e in runs:
        pieces += [text[pos:s], text[s:e]]
        pos = e
    pieces.append(text[pos:])
    left = {i: len(pieces[i]) for i in range(1, len(pieces), 2)}  # delimiter characters not yet matched
    marks: list[tuple[int, int, int]] = []  # (opening piece, closing piece, 1 italic / 2 bold)
    stack: list[int] = []
    for k, (s, e) in enumerate(runs):
        i = 2 * k + 1
        can_open, can_close = _flanking(text, s, e)
        if can_close:
            while left[i] and stack:
                j = stack[-1]
                if pieces[j][0] != pieces[i][0]:
                    break
                use = 2 if left[i] >= 2 and left[j] >= 2 else 1
                marks.append((j, i, use))
                left[i] -= use
                left[j] -= use
                if not left[j]:
                    stack.pop()
        if left[i] and can_open:
            stack.append(i)
    # an unmatched underscore run is text ("____" is a blank to sign on)
    for i in range(1, len(pieces), 2):
        if left[i] and pieces[i][0] == "_":
            return _with_literal_underscores(text)
    out: list[Span] = []
    for t in range(len(pieces)):
        # a delimiter left unmatched is text too: "5 * 3", "2*x" keep their asterisks
        piece = pieces[t] if t % 2 == 0 else pieces[t][: left[t]] if left[t] and pieces[t][0] == "*" and (
            _flanking(text, *runs[t // 2]) == (False, False) or _between_words(text, *runs[t // 2])) else ""
        if not piece:
            continue
        bold = any(j < t < i and use == 2 for j, i, use in marks)
        italic = any(j < t < i and use == 1 for j, i, use in marks)
        if out and (out[-1].bold, out[-1].italic) == (bold, italic):
            out[-1] = Span(out[-1].text + piece, bold, italic)
        else:
            out.append(Span(piece, bold, italic))
    return out


def _between_words(text: str, start: int, end: int) -> bool:
    """An asterisk run with a letter or digit on both sides ("2*x"): arithmetic or a wildcard, not emphasis."""
    return 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


def _with_literal_underscores(text: str) -> list[Span]:
    """`spans` of a line whose unmatched underscores are text: asterisks alone carry emphasis."""
    protected = text.replace("_", "\x00")
    return [Span(s.text.replace("\x00", "_"), s.bold, s.italic) for s in spans(protected)]


def without_code_marks(text: str) -> str:
    """`text` with its code spans as their words: a surface that cannot draw `code` shows no backticks.

    >>> without_code_marks("run `rulebot index` now")
    'run rulebot index now'
    """
    return _CODE.sub(r"\1", text)


_QUOTED = re.compile(r"“[^”]*”")


def code_spans(text: str) -> list[tuple[str, bool]]:
    """`text` as (words, is_code) pieces: each code span (```rulebot index```) is its words, marked as code, so a
    surface draws it as code or as plain words, never with backticks.  A quotation (“…”) is verbatim: a backtick
    inside one is the document's, left as it is.

    >>> code_spans("run `rulebot index` on “a `b` c”")
    [('run ', False), ('rulebot index', True), (' on “a `b` c”', False)]
    """
    out: list[tuple[str, bool]] = []

    def add(words: str, code: bool) -> None:
        if not words:
            return
        if out and out[-1][1] == code:
            out[-1] = (out[-1][0] + words, code)
        else:
            out.append((words, code))

    pos = 0
    for quoted in [*_QUOTED.finditer(text), None]:
        end = quoted.start() if quoted else len(text)
        outside, at = text[pos:end], 0
        for m in _CODE.finditer(outside):
            add(outside[at:m.start()], False)
            add(m.group(1), True)
            at = m.end()
        add(outside[at:], False)
        if quoted:
            add(quoted.group(), False)
            pos = quoted.end()
    return out


def plain(text: str) -> str:
    """The words of a line of inline Markdown, without its markers."""
    return "".join(s.text for s in spans(text))


# ---------------------------------------------------------------- finding words again in typeset text

_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", NBSP: " ", NBH: "-"})


def unbound(text: str) -> str:
    """Bound text (`bind_cites`) for a surface without Word's characters: ordinary spaces and hyphens, no joiners."""
    return text.replace(NBSP, " ").replace(NBH, "-").replace(WJ, "")


def fold(text: str) -> tuple[str, list[int]]:
    """Typeset `text` as plain characters, with each plain character's index in `text` (word joiners dropped).

    >>> fold("“a”\\u2060b")
    ('"a"b', [0, 1, 2, 4])
    """
    chars, where = [], []
    for i, ch in enumerate(text):
        if ch == WJ:
            continue
        chars.append(ch)
        where.append(i)
    return "".join(chars).translate(_FOLD), where


def typeset(text: str) -> list[Span]:
    """A line of draft Markdown as the formatted pieces a Word paragraph holds: cites bound, quotes typographic,
    no Markdown left.

    >>> [s.text for s in typeset('*See* Fed. R. Civ. P. 26(b)(1) ("relevant")')] == ["See", " Fed.\\u00a0R.\\u00a0Civ.\\u00a0P.\\u00a026(b)\\u2060(1) (“relevant”)"]
    True
    """
    return spans(smart_quotes(bind_cites(text)))
