"""The text of a document someone wants reviewed (a proposed protective order): Word, PDF, HTML or plain text.

The one reader: review reads a file through the same extraction as `corpus add` (`indexers.extract`:
format sniffed, then the format's reader), under the same budgets (size, a Word package's parts and elements,
PDF pages, text, wall clock), so a file that indexes also reviews, and a file shared in chat costs no more
than one an admin adds.  `budgets` defaults to the settings' defaults.

>>> document_text(b"Nothing shall be filed except under seal.", "order.txt")
'Nothing shall be filed except under seal.'
"""

from __future__ import annotations

from indexers.budgets import Budgets
from indexers.errors import BadDocument
from indexers.extract import extract_bytes


def document_text(data: bytes, name: str, *, budgets: Budgets | None = None) -> str:
    """The text of `data` (a file called `name`); a `BadDocument` says in one line why it cannot be read."""
    got = extract_bytes(data, name, budgets=budgets or Budgets())
    text = got.text.strip()
    if not text:
        raise BadDocument(f"{name} has no text (a scanned PDF?); run OCR on it or use the Word version.")
    return text
