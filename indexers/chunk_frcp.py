"""Chunk step for the Federal Rules of Civil Procedure (chunker for type ``federal_rules``).

Reads the regular form written by `indexers.clean_frcp` (a ``Rule N. Title``
line per rule, one paragraph per subdivision, numbered paragraph, item and
sub-item, the ``(As amended ...)`` note last) and cuts it into pieces pinned
to rule and subdivision:

- a rule without subdivisions is one piece (section ``1``);
- a subdivision without numbered paragraphs is one piece (``26(d)``-style),
  and so is one whose numbered paragraphs are uncaptioned list items that
  finish its lead-in sentence (``5.2(a)``: "... may include only: (1) the last
  four digits ...") when it fits in `MAX_CHARS`;
  a subdivision's own text before its paragraphs is a piece of its own when it
  says more than its caption (``4(e)``);
- each numbered paragraph is one piece with its lettered items inside it
  (``26(c)(1)`` holds (A) to (H)); a paragraph longer than `MAX_CHARS` is split
  at its lettered items (``26(a)(1)(A)``), and an item still longer than
  `MAX_ITEM_CHARS` at its sub-items;
- the rule's amendment-history note is its own piece, section
  ``26 (amendment history)``.

A piece's text is the rule's words exactly as cleaned; `heading` gives the
context (rule title, subdivision caption, paragraph caption).  No piece runs
across two rules or subdivisions.

>>> from indexers.types import DocMeta, Document
>>> doc = Document(DocMeta(id="frcp", title="FRCP", type="federal_rules", court="", cite="Fed. R. Civ. P."), "")
>>> text = "Rule 9. Example\\n\\n(a) IN GENERAL. A rule.\\n\\n(b) LIMITS.\\n\\n(1) In General. Text:\\n\\n(A) one; and\\n\\n(B) two."
>>> [(p.section, p.heading) for p in chunk_federal_rules(doc, text)]
[('9(a)', 'Rule 9. Example — (a) In General'), ('9(b)(1)', 'Rule 9. Example — (b) Limits — (1) In General')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexers.types import Document
from indexers.chunk import Piece
from indexers.clean_frcp import Outline
from indexers.registry import register_chunker

MAX_CHARS = 1500  # a numbered paragraph longer than this is split at its lettered items
MAX_ITEM_CHARS = 2500  # a lettered item longer than this is split at its sub-items

_RULE = re.compile(r"^Rule (\d+(?:\.\d+)?)\. (.+)$")
_LABEL = re.compile(r"^\(([a-z]{1,5}|\d{1,2}|[A-Z])\)(?=[ (])")
_NOTE = re.compile(r"^\((?:As amended|As added|Amended|Added)\b")
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
          "under", "with", "nor", "onto", "upon", "after", "before", "between", "about", "against", "than",
          "that", "when", "where", "whom", "who", "is", "be", "its", "not", "if"}


@dataclass
class Node:
    level: int
    label: str
    text: str
    children: list["Node"] = field(default_factory=list)

    def block(self) -> str:
        """This unit's text followed by all its descendants', one paragraph each."""
        return "\n\n".join([self.text] + [c.block() for c in self.children])


# --- captions ---------------------------------------------------------------------------

def caps_caption(rest: str) -> str:
    """``PROTECTIVE ORDERS. For good cause`` -> ``PROTECTIVE ORDERS.`` (subdivision captions are in capitals)."""
    words = []
    for w in rest.split(" "):
        if not w or any(ch.islower() for ch in w):
            return ""
        words.append(w)
        if w.endswith("."):
            return " ".join(words)
    return ""


_TITLE_END = re.compile(r"(?<=[a-z0-9)’'”])\.(?=\s|$)")


def title_caption(rest: str) -> str:
    """``In General. A party may`` -> ``In General.``; ``the name and`` -> `` `` (paragraph captions are in title case)."""
    m = _TITLE_END.search(rest)
    if not m or m.start() > 160:
        return ""
    cand = rest[:m.start()]
    words = [w.strip("()‘’“”'\",;:") for w in re.split(r"[ —]+", cand)]
    words = [w for w in words if w]
    if not words or not words[0][:1].isupper() or len(words) > 20:
        return ""
    for w in words:
        head = w.split("-")[0]
        if head.isalpha() and head[:1].islower() and head.lower() not in _SMALL:
            return ""
    return cand + "."


def caption(node: Node) -> str:
    """The unit's caption in title case without the final period, or ''."""
    rest = node.text[len(node.label) + 2:].lstrip()
    if node.level == 0:
        cap = caps_caption(rest)
        return _title_case(cap.rstrip(".")) if cap else ""
    cap = title_caption(rest)
    return cap.rstrip(".") if cap else ""


def own_text_beyond_caption(node: Node) -> bool:
    rest = node.text[len(node.label) + 2:].lstrip()
    cap = caps_caption(rest) if node.level == 0 else title_caption(rest)
    return bool(rest[len(cap):].strip())


_MINOR = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with",
          "nor", "onto", "upon"}


def _title_case(caps: str) -> str:
    """``SERVICE: WHEN REQUIRED`` -> ``Service: When Required``; ``PARTY’S FAILURE TO ATTEND`` -> ``Party’s Failure to Attend``."""
    if "—" in caps:
        return "—".join(_title_case(part) for part in caps.split("—"))
    out = []
    for i, w in enumerate(caps.split(" ")):
        low = w.lower()
        bare = low.strip(";:,")
        after_colon = i and out[-1].endswith((":", ";"))
        if i and bare in _MINOR and not after_colon:
            out.append(low)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(out)


# --- parsing the cleaned text -----------------------------------------------------------

@dataclass
class RuleText:
    number: str
    title: str
    intro: list[str]
    nodes: list[Node]
    note: str = ""

    @property
    def heading(self) -> str:
        return f"Rule {self.number}. {self.title}"


def parse_rules(text: str) -> list[RuleText]:
    """Read the cleaner's form back into rules and outline trees."""
    rules: list[RuleText] = []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not para:
            continue
        para = " ".join(para.split())
        m = _RULE.match(para)
        if m:
            rules.append(RuleText(m.group(1), m.group(2), [], []))
            outline = Outline()
            stack: list[Node] = []
            continue
        if not rules:
            continue  # text before the first rule heading
        rule = rules[-1]
        if _NOTE.match(para):
            rule.note = f"{rule.note} {para}".strip()
            continue
        lm = _LABEL.match(para)
        level = outline.accept(lm.group(1), para[lm.end():].lstrip()[:60]) if lm else None
        if level is None:
            if stack:  # text the cleaner left without a label belongs to the unit above it
                stack[-1].text = f"{stack[-1].text} {para}"
            else:
                rule.intro.append(para)
            continue
        node = Node(level, lm.group(1), para)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else rule.nodes).append(node)
        stack.append(node)
    return rules


# --- pieces -------------------------------------------------------------------------------

def _pieces(rule: RuleText, node: Node, path: list[Node]) -> list[Piece]:
    path = path + [node]
    section = rule.number + "".join(f"({n.label})" for n in path)
    heading = " — ".join([rule.heading] + [f"({n.label}) {c}" for n in path if (c := caption(n))])
    block = node.block()
    if not node.children:
        return [Piece(section, block, heading)]
    has_paragraphs = any(c.level == 1 for c in node.children)
    list_items = not any(caption(c) for c in node.children)  # "(1) the year of the individual's birth;"
    limit = MAX_ITEM_CHARS if node.level >= 2 else MAX_CHARS
    if (list_items or not (node.level == 0 and has_paragraphs)) and len(block) <= limit:
        return [Piece(section, block, heading)]
    out = [Piece(section, node.text, heading)] if own_text_beyond_caption(node) else []
    for child in node.children:
        out.extend(_pieces(rule, child, path))
    return out


def rule_pieces(rule: RuleText) -> list[Piece]:
    """All pieces of one rule, in order."""
    out: list[Piece] = []
    if rule.intro:
        out.append(Piece(rule.number, "\n\n".join(rule.intro), rule.heading))
    for node in rule.nodes:
        out.extend(_pieces(rule, node, []))
    if rule.note:
        out.append(Piece(f"{rule.number} (amendment history)", rule.note, f"{rule.heading} — amendment history"))
    return out


@register_chunker("federal_rules")
def chunk_federal_rules(doc: Document, text: str) -> list[Piece]:
    """Pieces pinned to rule, subdivision and paragraph (``26(c)(1)``), split at items when long."""
    out: list[Piece] = []
    for rule in parse_rules(text):
        out.extend(rule_pieces(rule))
    return out
