"""Value objects of the drafting and review steps.

A `Draft` is what `draft(kind, facts, engine)` returns: Markdown text, the
verified `Citation`s it relies on, the facts still `missing` (shown in the text
as bracketed placeholders), and the `checks` run on it.  A draft is *clean*
only when no check is flagged.

>>> d = Draft(kind="good-cause", text="GOOD CAUSE STATEMENT", checks=(Check("cite", "flag", "x"),))
>>> d.clean
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.types import Citation

STATUSES = ("ok", "note", "flag")


@dataclass(frozen=True)
class Check:
    """One verification result.

    `status` is ``ok`` (verified), ``note`` (nothing wrong, but the user should
    know, e.g. a local rule stated in words because the corpus lacks it) or
    ``flag`` (a problem: the draft is not clean).
    """

    code: str
    status: str
    message: str
    cite: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"Check.status must be one of {STATUSES}, not {self.status!r}")

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "status": self.status, "message": self.message, "cite": self.cite}


@dataclass(frozen=True)
class Counsel:
    """An attorney as a caption or letterhead names them; a missing part is a bracketed placeholder."""

    name: str
    bar_number: str
    firm: str
    address: tuple[str, ...]  # lines
    phone: str
    email: str


@dataclass(frozen=True)
class Caption:
    """The caption a standalone filing starts with (C.D. Cal. L.R. 11-3.8), built from the facts.

    `head` is the Markdown the caption stands for in `Draft.text` (the title heading and the case line that
    chat shows): a Word export sets the caption in its place.  `parties` are (name, role) pairs in the order
    of the case title; `details` are (label, value) lines under the judge (the title page's dates).
    """

    title: str
    court: tuple[str, ...]
    counsel: tuple[Counsel, ...]
    counsel_for: str
    parties: tuple[tuple[str, str], ...]
    case_number: str
    judge: str = ""
    details: tuple[tuple[str, str], ...] = ()
    head: str = ""


@dataclass(frozen=True)
class Letterhead:
    """The head of a letter: the firm's name, address and how to reach the writer."""

    firm: str
    address: tuple[str, ...]
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Draft:
    """A drafted section: Markdown `text` plus what backs it and what it still needs."""

    kind: str
    text: str
    citations: tuple[Citation, ...] = ()
    missing: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    notes: tuple[str, ...] = ()
    title: str = ""
    drafter: str = "template"  # "template" | "llm"
    # (note, words of the text the note is about), so an export can attach the note to those words
    anchors: tuple[tuple[str, str], ...] = ()
    # the head of each standalone document in the draft (pleading paper), and of a letter
    captions: tuple[Caption, ...] = ()
    letterhead: Letterhead | None = None

    @property
    def clean(self) -> bool:
        """True when no check is flagged (every citation verified against the corpus)."""
        return not any(c.status == "flag" for c in self.checks)

    @property
    def flags(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "flag")

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "title": self.title, "text": self.text,
            "citations": [c.as_dict() for c in self.citations],
            "missing": list(self.missing), "checks": [c.as_dict() for c in self.checks],
            "notes": list(self.notes), "clean": self.clean, "drafter": self.drafter,
        }


@dataclass(frozen=True)
class Finding:
    """A problem found in a reviewed document.

    `excerpt` is the words of the reviewed document that show the problem (empty
    when the problem is an absence); `cite` is the pin cite of the corpus passage
    that supports the finding and `quote` its words, verbatim.
    """

    code: str
    severity: str  # "error" | "warning"
    message: str
    excerpt: str = ""
    cite: str = ""
    quote: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "excerpt": self.excerpt, "cite": self.cite, "quote": self.quote}
