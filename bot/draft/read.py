"""The text of a document someone wants reviewed (a proposed protective order): Word, PDF, HTML or plain text.

The one reader: review reads a file through the same extraction as `corpus add` (`indexers.extract`:
format sniffed, then the format's reader), under the same budgets (size, a Word package's parts and elements,
PDF pages, text, wall clock), so a file that indexes also reviews, and a file shared in chat costs no more
than one an admin adds.  `budgets` defaults to the settings' defaults.

The check of a file shared in chat runs in a reading child too (`checked`): it is pure Python over the whole
text, and in the server's process a 19 MB text file's check (minutes) slowed every question asked meanwhile (up
to 3.7 s here, 1.3 s in the issue 23 probe; with the check in a child, 0.21 s at most).

>>> document_text(b"Nothing shall be filed except under seal.", "order.txt")
'Nothing shall be filed except under seal.'
>>> checked("protective-order", "STIPULATED PROTECTIVE ORDER\\n\\nAll documents shall be filed under seal.", "order.txt")[0]
('no-good-cause-heading', '')
"""

from __future__ import annotations

from indexers import isolate
from indexers.budgets import Budgets
from indexers.errors import BadDocument
from indexers.extract import extract_bytes

isolate.preload("bot.draft.review")  # the check, run in the reading children (`checked`)


def document_text(data: bytes, name: str, *, budgets: Budgets | None = None) -> str:
    """The text of `data` (a file called `name`); a `BadDocument` says in one line why it cannot be read."""
    got = extract_bytes(data, name, budgets=budgets or Budgets())
    text = got.text.strip()
    if not text:
        raise BadDocument(f"{name} has no text (a scanned PDF?); run OCR on it or use the Word version.")
    return text


def checked(kind: str, text: str, name: str, *, budgets: Budgets | None = None) -> list[tuple[str, str]]:
    """What the review's check of `kind` finds in `text` (`bot.draft.review.check`: (code, excerpt) pairs), run in a
    child process held to the document's memory and time budgets (`indexers.isolate`), never in this one; past
    them, a one-line `BadDocument` naming the setting."""
    b = budgets or Budgets()
    return isolate.run(b, name, _check, kind, text, name, b)


def _check(kind: str, text: str, name: str, budgets: Budgets) -> list[tuple[str, str]]:
    from bot.draft.review import check

    return check(kind, text, clock=budgets.clock(name, "checking"))
