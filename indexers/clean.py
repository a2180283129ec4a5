"""Clean step: repair extraction artifacts before chunking.

Cleaners are plain `str -> str` functions registered by name; a document's
front matter lists the ones it needs (`clean: [casetext_wrapper]`).  `normalize`
always runs first.

>>> CLEANERS["dehyphenate"]("work to- gether on mo-\\ntions")
'work together on motions'
"""

from __future__ import annotations

import re
import unicodedata

from indexers.errors import BadDocument
from indexers.types import Document
from indexers.registry import CLEANERS, load_builtins, register_cleaner

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# "// // //": the slashes some courts print to fill the rest of a line or page; never words of the order.
_FILLER = re.compile(r"[ \t]*(?<!\S)//(?:[ \t]+//)+(?!\S)")


@register_cleaner("normalize")
def normalize(text: str) -> str:
    """Unicode NFC, no control characters, Unix newlines, no trailing spaces, no line-filling slashes.

    >>> normalize("the interests that line // // up, against disclosure. // //\\n// // //\\nhttp://x.org")
    'the interests that line up, against disclosure.\\n\\nhttp://x.org\\n'
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _FILLER.sub("", _CONTROL.sub("", text).replace("\u00a0", " "))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip() + "\n"


_HYPHEN_BREAK = re.compile(r"(\w)- ?\n?\s*(?=[a-z])|(\w)-\n(?=\w)")


@register_cleaner("dehyphenate")
def dehyphenate(text: str) -> str:
    """Rejoin words split at line ends (`to- gether`, `mo-\\ntions`)."""
    text = re.sub(r"(\w)-\n\s*([a-z])", r"\1\2", text)
    return re.sub(r"([a-z])- ([a-z])", r"\1\2", text)


_CASETEXT_HEAD = re.compile(r"^From Casetext:.*$", re.M)
_CASETEXT_TAIL = re.compile(r"^\s*(?:Summaries of|Case details for|Citing Cases)\b", re.M)


@register_cleaner("casetext_wrapper")
def casetext_wrapper(text: str) -> str:
    """Keep the opinion of a case-law site's page: drop the "From Casetext" header block
    (up to the line "Opinion") and the "Summaries of / Case details / Citing Cases" tail."""
    text = _CASETEXT_HEAD.sub("", text)
    m = re.search(r"^Opinion\s*$", text, re.M)
    if m:
        text = text[m.end():]
    tail = _CASETEXT_TAIL.search(text)
    if tail:
        text = text[: tail.start()]
    return text.strip() + "\n"


def clean_document(doc: Document) -> str:
    """Apply `normalize` and then the document's named cleaners, in order."""
    load_builtins()
    text = normalize(doc.text)
    for name in doc.meta.clean:
        fn = CLEANERS.get(name)
        if fn is None:
            raise BadDocument(f"{doc.path or doc.id}: unknown cleaning step {name!r} in its front matter "
                              f"(known: {', '.join(sorted(CLEANERS))})")
        text = fn(text)
    return text


@register_cleaner("dangling_paren")
def dangling_paren(text: str) -> str:
    """Drop an opening parenthesis left alone at a line's end where a citation was cut out."""
    return re.sub(r"\s+\($", "", text, flags=re.M)
