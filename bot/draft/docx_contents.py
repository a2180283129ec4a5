"""Word layout of a filing's table of contents: each entry a line that ends in its heading's page number.

The draft's Markdown writes the contents as a heading ("TABLE OF CONTENTS") and one line for each heading
listed, in the heading's words ("I. Introductory statements" for "I. INTRODUCTORY STATEMENTS").  In Word
each entry is linked as Word's own tables of contents are: the heading it names carries a hidden bookmark
(``_Toc…``), and the entry ends in a right-aligned tab with a dot leader and a PAGEREF field (``\\h``) to
that bookmark.  An entry for a lower heading (an issue under "II.") is indented half an inch a level.

The field's stored result is the page the heading is estimated to fall on (`bot.draft.paginate`), which
Word shows until the field is updated (F9, or printing with "update fields before printing" on);
LibreOffice computes the page itself.  The document does not ask Word to update its fields on opening
(``w:updateFields``): Word would then ask, for every draft, whether to update fields "that may refer to
other files".

>>> key("I. INTRODUCTORY STATEMENTS") == key("I. Introductory statements")
True
"""

from __future__ import annotations

import re

from bot.draft.paginate import first_pages
from bot.draft.typeset import fold

CONTENTS = "TABLE OF CONTENTS"
BOOKMARK = "_Toc"  # Word hides bookmarks whose names start with "_"; its tables of contents use "_Toc"
INDENT_INCHES = 0.5  # a sub-entry's indent, a level


def key(text: str) -> str:
    """A heading's words as an entry may spell them: case, spacing and typographic marks aside."""
    return re.sub(r"\s+", " ", fold(text)[0]).strip(" .:").casefold()


def link_contents(doc, headings: list) -> int:
    """Link the entries of the table of contents in `doc` to the `headings` they name ((paragraph, level), in
    document order, the contents' own heading among them); returns how many entries were linked.  An entry that
    names no later heading is left as written."""
    at = next((i for i, (p, _) in enumerate(headings) if key(p.text) == key(CONTENTS)), None)
    if at is None:
        return 0
    toc, later = headings[at][0], headings[at + 1:]
    if not later:
        return 0
    entries = _entries(toc, later[0][0])
    pairs, start = [], 0
    for entry in entries:
        k = key(entry.text)
        hit = next((j for j in range(start, len(later)) if key(later[j][0].text) == k), None)
        if hit is None:
            continue
        pairs.append((entry, later[hit]))
        start = hit + 1
    if not pairs:
        return 0
    pages = first_pages(doc)  # before anything is added: the entries' tabs and numbers do not change the layout
    top = min(level for _, (_, level) in pairs)
    ids = _Ids(doc)
    for entry, (heading, level) in pairs:
        name = ids.bookmark(heading)
        _entry(doc, entry, name, pages.get(heading._p, 1), level - top)
    return len(pairs)


def _entries(toc, end) -> list:
    """The paragraphs with words between the contents' heading and the heading that follows it."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    out = []
    el = toc._p.getnext()
    while el is not None and el is not end._p:
        if el.tag == qn("w:p"):
            p = Paragraph(el, toc._parent)
            if p.text.strip():
                out.append(p)
        el = el.getnext()
    return out


class _Ids:
    """Bookmark ids and names not yet used in the document (a firm template may hold bookmarks of its own)."""

    def __init__(self, doc):
        from docx.oxml.ns import qn

        marks = list(doc.element.body.iter(qn("w:bookmarkStart")))
        self.qn = qn
        self.next_id = 1 + max((int(m.get(qn("w:id"), "0")) for m in marks
                                if m.get(qn("w:id"), "").lstrip("-").isdigit()), default=0)
        self.names = {m.get(qn("w:name")) for m in marks}

    def bookmark(self, heading) -> str:
        """Bookmark the whole of `heading`; returns the bookmark's name."""
        qn = self.qn
        n = self.next_id
        self.next_id += 1
        name = f"{BOOKMARK}{n:08d}"
        while name in self.names:
            n += 1
            name = f"{BOOKMARK}{n:08d}"
        self.names.add(name)
        p = heading._p
        start = p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): str(n), qn("w:name"): name})
        end = p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): str(n)})
        if p.pPr is not None:
            p.pPr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)
        self.next_id = max(self.next_id, n + 1)
        return name


def _section_width(doc, p) -> int:
    """The text width (EMU) of the section `p` is in."""
    from docx.oxml.ns import qn

    el = p._p
    while el is not None:
        sect = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if el.tag == qn("w:p") else None
        if sect is not None or el.tag == qn("w:sectPr"):
            sect = sect if sect is not None else el
            break
        el = el.getnext()
    section = next((s for s in doc.sections if s._sectPr is sect), doc.sections[-1])
    return section.page_width - section.left_margin - section.right_margin


def _entry(doc, entry, bookmark: str, page: int, depth: int) -> None:
    """End `entry` in a dot leader to the right margin and a PAGEREF field to `bookmark` showing `page`."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml.ns import qn
    from docx.shared import Inches

    pf = entry.paragraph_format
    pf.left_indent, pf.first_line_indent = Inches(INDENT_INCHES * depth), 0
    pf.tab_stops.add_tab_stop(_section_width(doc, entry), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    entry.add_run("\t")
    p = entry._p

    def run(child):
        r = p.makeelement(qn("w:r"), {})
        r.append(child)
        p.append(r)

    def char(kind: str):
        return p.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})

    code = p.makeelement(qn("w:instrText"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    code.text = f" PAGEREF {bookmark} \\h "
    shown = p.makeelement(qn("w:t"), {})
    shown.text = str(page)
    for child in (char("begin"), code, char("separate"), shown, char("end")):
        run(child)
