"""What one document may cost to read: the limits the extract step checks, and its clock.

Every limit has a setting (named in `SETTING`, read by `bot.settings.Settings`); a document past
one is refused with a one-line reason naming the limit and the setting, before the expensive
step it would blow up (a Word file is measured while it is decompressed, an HTML page while it
is scanned, before any tree is built).

>>> Budgets().over("pdf_pages", "bomb.pdf", "it has more pages than")
'bomb.pdf: it has more pages than the limit of 2,000 (RULEBOT_MAX_PDF_PAGES); get a proper copy, or raise RULEBOT_MAX_PDF_PAGES if the document is genuine'
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from indexers.errors import BadDocument

MB = 1024 * 1024
FETCH_SECONDS = 30.0  # a whole URL download: connection, redirects, every byte (RULEBOT_FETCH_TIMEOUT)

# field -> the setting that changes it (documented in the README's Security section)
SETTING = {
    "max_bytes": "RULEBOT_MAX_DOCUMENT_MB",
    "docx_bytes": "RULEBOT_MAX_UNZIPPED_MB",
    "zip_entries": "RULEBOT_MAX_ZIP_ENTRIES",
    "docx_elements": "RULEBOT_MAX_DOCX_ELEMENTS",
    "html_depth": "RULEBOT_MAX_HTML_DEPTH",
    "html_elements": "RULEBOT_MAX_HTML_ELEMENTS",
    "pdf_pages": "RULEBOT_MAX_PDF_PAGES",
    "text_chars": "RULEBOT_MAX_TEXT_MB",
    "seconds": "RULEBOT_DOCUMENT_SECONDS",
    "memory_bytes": "RULEBOT_MAX_DOCUMENT_MEMORY_MB",
    "reads": "RULEBOT_MAX_CONCURRENT_READS",
}


@dataclass(frozen=True)
class Budgets:
    """Limits for one document (defaults: the settings' documented defaults)."""

    max_bytes: int = 30 * MB  # the file or download itself
    docx_bytes: int = 50 * MB  # a Word file decompressed: all its parts together, and any one
    zip_entries: int = 1000  # parts in a Word file's zip package (a real one has 10-100)
    docx_elements: int = 1_000_000  # XML elements in all a Word file's XML parts (about 1,000 a page)
    html_depth: int = 200  # nesting depth of an HTML page (real pages: under 40)
    html_elements: int = 100_000  # elements of an HTML page (real pages: a few thousand)
    pdf_pages: int = 2000
    text_chars: int = 20 * MB  # characters of extracted text
    seconds: float = 300.0  # wall-clock time to read one document
    memory_bytes: int = 960 * MB  # address space of the process that reads it (`indexers.isolate`): under 1 GiB
    reads: int = 2  # documents read at once in one process (each may take `memory_bytes`); more wait `seconds`

    def over(self, limit: str, name: str, what: str) -> str:
        """The one-line refusal for a document past `limit` (a field name); `what` ends where
        "the limit of ..." goes on ("it has more pages than")."""
        value = getattr(self, limit)
        shown = (size(value) if limit in ("max_bytes", "docx_bytes", "text_chars", "memory_bytes")
                 else f"{value:g} s" if limit == "seconds" else f"{value:,}")
        return (f"{name}: {what} the limit of {shown} ({SETTING[limit]}); get a proper copy, "
                f"or raise {SETTING[limit]} if the document is genuine")

    def refuse(self, limit: str, name: str, what: str) -> BadDocument:
        return BadDocument(self.over(limit, name, what))

    def busy(self, name: str) -> BadDocument:
        """The one-line refusal for a document that waited `seconds` for one of the `reads` at once.

        >>> str(Budgets(seconds=5).busy("order.pdf"))  # doctest: +ELLIPSIS
        'order.pdf: not read: 2 other documents were being read for longer than 5 s (RULEBOT_DOCUMENT_SECONDS), ...'
        """
        return BadDocument(f"{name}: not read: {self.reads:,} other documents were being read for longer than "
                           f"{self.seconds:g} s ({SETTING['seconds']}), and {self.reads:,} is the most read at once "
                           f"({SETTING['reads']}); try again shortly, or raise {SETTING['reads']} if the machine has "
                           f"memory for more ({SETTING['memory_bytes']} each)")

    def clock(self, name: str, doing: str = "reading") -> "Deadline":
        """The wall clock of `doing` (reading, checking) the document `name`, from now."""
        return Deadline(self, name, doing=doing)


class Deadline:
    """The wall-clock budget of one document; `check()` raises once it is spent.

    Long loops call `check()` (cheap: one clock read); nothing here interrupts a single call.

    >>> now = [0.0]
    >>> d = Deadline(Budgets(seconds=5), "order.docx", doing="checking", clock=lambda: now[0])
    >>> now[0] = 6.0; d.check()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    indexers.errors.BadDocument: order.docx: checking it took longer than the limit of 5 s (RULEBOT_DOCUMENT_SECONDS); ...
    """

    def __init__(self, budgets: Budgets, name: str, clock=time.monotonic, *, doing: str = "reading"):
        self.budgets = budgets
        self.name = name
        self.doing = doing
        self._clock = clock
        self.started = clock()

    def check(self) -> None:
        if self._clock() - self.started > self.budgets.seconds:
            raise self.budgets.refuse("seconds", self.name, f"{self.doing} it took longer than")


def size(n: int) -> str:
    """A byte or character count for a message: '1.5 MB', '12 KB'."""
    return f"{n / MB:.1f} MB" if n >= MB else f"{max(1, round(n / 1024))} KB"
