"""Chunk step for local rules: one piece per rule number, at the deepest level that holds text.

Input is the cleaned text of a local-rules document, either as `indexers.extract`
writes it (``**L.R. 37-1 Title.** text``, ``## F.R.CIV.P. 37. ...``, footnotes as
``[^1]`` / ``[^1]: text``) or as a plain text dump of the court's PDF (running
heads, page numbers and hyphenated line ends still in it).

- a piece starts at an ``L.R. N-N[.N...]`` heading and stops before the next
  rule or chapter heading, so it never runs into the next rule;
- the rule's heading starts the piece's text and is its `heading`, with the
  chapter (``F.R.CIV.P. 37. ...``) and parent rule titles as context;
- a heading with no text of its own (``L.R. 37-2 Discovery Motions.`` followed
  directly by ``L.R. 37-2.1``) gives no piece: its children hold the text;
- a long rule with lettered subsections ``(a)``, ``(b)``... gives one piece per
  subsection (``79-5.2.2(a)``) plus one for its opening words;
- running heads, page numbers and footers are dropped, footnotes are appended
  to the piece that calls them, words split across lines are rejoined.

>>> from indexers.types import DocMeta, Document
>>> doc = Document(DocMeta(id="x", title="t", type="local_rules", court="C.D. Cal.", cite="C.D. Cal. L.R."), "")
>>> [p.section for p in chunk_local_rules(doc, "L.R. 37-1 Meet. Talk first.\\nL.R. 37-2 Motions.\\nL.R. 37-2.1 Form. One paper.")]
['37-1', '37-2.1']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexers.errors import BadDocument
from indexers.types import Document
from indexers.chunk import Piece
from indexers.registry import register_chunker

LONG_RULE_CHARS = 1500  # a rule longer than this is split at its lettered subsections

_RULE = re.compile(
    r"^(?:#{1,6}\s*)?(?P<bold>\*\*)?\s*L\.\s?R\.\s*(?P<num>\d{1,3}-\d{1,3}(?:\.\d{1,3})*)\.?(?=\s|\*\*|$)"
    r"(?P<rest>.*)$")
_CHAPTER = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?\s*(?:F\.\s?R\.\s?(?:CIV|CRIM)\.\s?P\.|"
                      r"CHAPTER\s+[IVXLC\d]+\b|APPENDIX\b|(?:ARTICLE|PART)\s+[IVXLC\d]+\b)(?P<rest>.*)$", re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<rest>.+)$")
_FOOTNOTE_DEF = re.compile(r"^\[\^(?P<n>[^\]]+)\]:\s*(?P<text>.*)$")
_FOOTNOTE_CALL = re.compile(r"\[\^(?P<n>[^\]]+)\]")
_LETTERED = re.compile(r"^\((?P<l>[a-z])\)\s+\S")
_TOC_LINE = re.compile(r"\.{4,}\s*\d+\s*$|\s{3,}\d+\s*$")

_FURNITURE = [
    re.compile(r"^LOCAL (?:CIVIL |CRIMINAL )?RULES\b.{0,40}\bDISTRICT OF [A-Z ]+$"),  # running head
    re.compile(r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?(?:\s*[-–—])?$", re.I),  # page number
    re.compile(r"^(?:[-–—]\s*)?[ivxlc]{1,7}(?:\s*[-–—])?$"),  # roman page number
    re.compile(r"^chapter\s+[ivxlc\d]+\s*[-–—:]\s*(?:page\s+)?\d{1,4}\b.*$", re.I),  # "Chapter I - Page 45"
    re.compile(r"^(?:effective|rev\.|revised|amended)\s+(?:as of\s+)?[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\s*$", re.I),
]
_KEEP_HYPHEN = re.compile(r"^(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|self|non|court|pre|post|co)$", re.I)
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class _Rule:
    num: str
    title: str
    chapter: str
    lines: list[str] = field(default_factory=list)  # paragraphs of the body


def _is_furniture(line: str) -> bool:
    s = line.strip()
    return any(p.match(s) for p in _FURNITURE)


def _strip_md(s: str) -> str:
    return re.sub(r"^#{1,6}\s*", "", s).replace("**", "").strip()


def _split_heading(rest: str, bold: bool) -> tuple[str, str]:
    """Title and the text run in after it: the bold span when there is one, else up to the first period."""
    rest = rest.strip()
    if bold and "**" in rest:
        title, _, body = rest.partition("**")
        return title.strip(), body.strip()
    rest = rest.replace("**", "")
    m = re.match(r"^(.{2,160}?[.:])(?:\s+(?=[A-Z(\"“])|$)(.*)$", rest, re.S)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    if len(rest) <= 160:
        return rest, ""
    return "", rest


def _paragraphs(text: str) -> list[str]:
    """Cleaned lines joined into paragraphs; furniture dropped; hyphenated line ends rejoined."""
    raw_lines = [ln.strip() for ln in text.replace("\f", "\n").split("\n")]
    furn = [bool(s) and _is_furniture(s) for s in raw_lines]
    # A page break (furniture lines and the blank lines around them) is not a paragraph break.
    lines: list[str | None] = []  # None marks a page break
    i = 0
    while i < len(raw_lines):
        if furn[i] or (not raw_lines[i] and _near_furniture(raw_lines, furn, i)):
            if lines and lines[-1] is not None:
                lines.append(None)
            i += 1
            continue
        lines.append(raw_lines[i])
        i += 1
    vocab = {w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)}
    paras: list[str] = []
    cur = ""
    for s in lines:
        if s is None:  # a paragraph usually runs on across a page break; headings still start blocks
            continue
        if not s:
            if cur:
                paras.append(cur)
                cur = ""
            continue
        item = bool(_LETTERED.match(s)) and (not cur or re.search(r"(?:[.:;]|[;,]\s*(?:and|or))$", cur) is not None)
        starts_block = bool(_rule_heading(s) or _CHAPTER.match(s) or _MD_HEADING.match(s)
                            or _FOOTNOTE_DEF.match(s) or item or s.startswith("**"))
        if starts_block or not cur:
            if cur:
                paras.append(cur)
            cur = s
            continue
        m = re.search(r"([A-Za-z]+)-$", cur)
        if m and re.match(r"[a-z]", s):
            first = re.match(r"[A-Za-z]+", s).group(0)
            hyphenated = f"{m.group(1)}-{first}".lower()
            if (hyphenated in vocab and (m.group(1) + first).lower() not in vocab) or _KEEP_HYPHEN.match(m.group(1)):
                cur = cur + s
            else:
                cur = cur[:-1] + s
        else:
            cur = f"{cur} {s}"
    if cur:
        paras.append(cur)
    return paras


def _rule_heading(line: str) -> re.Match | None:
    """An `L.R. N-N Title` heading; a cross-reference (`L.R. 7-1 for the form...`) has no capitalised title."""
    m = _RULE.match(line)
    if m and not (m.group("bold") or re.match(r"\s*(?:\*\*)?\s*(?:[A-Z(\"“]|$)", m.group("rest"))):
        return None
    return m


def _near_furniture(lines: list[str], furn: list[bool], i: int) -> bool:
    """A blank line that touches a run of page furniture (through other blank lines)."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j] and not furn[j]:
            j += step
        if 0 <= j < len(lines) and furn[j]:
            return True
    return False


@register_chunker("local_rules")
def chunk_local_rules(doc: Document, text: str) -> list[Piece]:
    """One `Piece` per rule number (see the module docstring)."""
    paras = _paragraphs(text)
    footnotes: dict[str, str] = {}
    body: list[str] = []
    for p in paras:
        m = _FOOTNOTE_DEF.match(p)
        if m:
            footnotes[m.group("n")] = m.group("text").strip()
        elif not _TOC_LINE.search(p):
            body.append(p)

    # When the format marked headings (bold or '#'), a paragraph that merely starts with a
    # cross-reference ("L.R. 37-4 also applies...") is not a heading.
    marked = any((m := _RULE.match(p)) and (m.group("bold") or p.startswith("#")) for p in body)
    rules: list[_Rule] = []
    titles: dict[str, str] = {}
    chapter = ""
    current: _Rule | None = None
    for p in body:
        m = _rule_heading(p)
        if m and marked and not (m.group("bold") or p.startswith("#")):
            m = None
        if m:
            title, run_in = _split_heading(m.group("rest"), bool(m.group("bold")))
            current = _Rule(m.group("num"), title, chapter)
            titles[current.num] = title
            if run_in:
                current.lines.append(run_in)
            rules.append(current)
            continue
        c = _CHAPTER.match(p)
        if c:
            chapter = _strip_md(p)
            current = None
            continue
        if _MD_HEADING.match(p) and current is None:
            continue  # a title or other heading outside any rule: context only
        if current is not None:
            current.lines.append(p)
    if not rules:
        raise BadDocument(f"{doc.path or doc.id}: no local rule headings (such as 'L.R. 37-1') were found; "
                          "if this is not a local rules document, add it with a different --type")

    pieces: list[Piece] = []
    for r in rules:
        if not any(ln.strip() for ln in r.lines):
            continue  # heading only: its sub-rules hold the text
        head = f"L.R. {r.num} {r.title}".strip()
        context = [r.chapter] if r.chapter else []
        parts = r.num.replace("-", ".").split(".")
        for i in range(2, len(parts)):
            parent = f"{parts[0]}-{'.'.join(parts[1:i])}"
            if titles.get(parent):
                context.append(f"L.R. {parent} {titles[parent]}")
        heading = " / ".join([*context, head])
        for section, paras_ in _subsections(r):
            used = [n for n in footnotes if any(f"[^{n}]" in p for p in paras_)]
            text_paras = [_FOOTNOTE_CALL.sub(lambda m: m.group("n").translate(_SUP), _strip_md(p)) for p in paras_]
            text_paras[0] = f"{head} {text_paras[0]}" if section == r.num else f"{head}\n{text_paras[0]}"
            notes = [f"{n.translate(_SUP)} {footnotes[n]}" for n in used]
            pieces.append(Piece(section=section, text="\n\n".join([*text_paras, *notes]), heading=heading))
    return pieces


def _subsections(r: _Rule) -> list[tuple[str, list[str]]]:
    """The rule whole, or (when long and lettered (a), (b), ... in order) its opening plus each subsection."""
    whole = [(r.num, r.lines)]
    if sum(len(x) for x in r.lines) <= LONG_RULE_CHARS:
        return whole
    starts = [(i, _LETTERED.match(p).group("l")) for i, p in enumerate(r.lines) if _LETTERED.match(p)]
    letters = [l for _, l in starts]
    if len(starts) < 2 or letters != [chr(ord("a") + k) for k in range(len(letters))]:
        return whole
    out: list[tuple[str, list[str]]] = []
    if starts[0][0] > 0:
        out.append((r.num, r.lines[: starts[0][0]]))
    bounds = [i for i, _ in starts] + [len(r.lines)]
    for (i, letter), end in zip(starts, bounds[1:]):
        out.append((f"{r.num}({letter})", r.lines[i:end]))
    return out
