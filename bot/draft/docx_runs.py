"""The characters of a Word run, with Word's non-breaking hyphen (``<w:noBreakHyphen/>``) as its own element.

Typeset text (`bot.draft.typeset`) marks a hyphen no line may break at (inside a local rule's number, a case
number, a pin cite) as U+2011.  Word does not reliably treat that character as a hyphen (fonts without the glyph
show a box), so a run holds it as Word's ``w:noBreakHyphen`` element, which python-docx reads back as "-".
`write` puts text into a run that way, and `chars` reads a run's text back with U+2011 where Word has the element,
so a run split for a comment (`bot.draft.docx`) or measured for a page (`bot.draft.paginate`) keeps its hyphens
unbreakable.

>>> from docx import Document
>>> run = Document().add_paragraph().add_run()
>>> write(run, "L.R. 79\\u20115")
>>> run.text, chars(run) == "L.R. 79\\u20115", len(run._r.xpath("w:noBreakHyphen"))
('L.R. 79-5', True, 1)
"""

from __future__ import annotations

from bot.draft.typeset import NBH

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHARS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": NBH}


def write(run, text: str) -> None:
    """Set `run`'s text (as python-docx's ``run.text = ...``), each U+2011 a ``w:noBreakHyphen`` element."""
    from docx.oxml.parser import OxmlElement
    from docx.oxml.text.run import _RunContentAppender

    r = run._r
    r.clear_content()
    for k, piece in enumerate(text.split(NBH)):
        if k:
            r.append(OxmlElement("w:noBreakHyphen"))
        if piece:
            _RunContentAppender.append_to_run_from_text(r, piece)


def chars(run) -> str:
    """`run`'s text as `write` takes it: python-docx's ``run.text`` with U+2011 for each ``w:noBreakHyphen``."""
    return "".join(el.text or "" if el.tag == f"{_W}t" else _CHARS.get(el.tag, "") for el in run._r)
