"""Typed value objects of the document side, which the question side (`bot/`) also uses.

Documents come in (`Document`), are cut into `Passage`s that each carry a pin
cite, are retrieved as `Hit`s, and leave as an `Answer` whose `Citation`s quote
the passages verbatim.  Nothing here does I/O.

>>> p = Passage(id="x", doc_id="d", cite="Fed. R. Civ. P. 1", section="1", text="These rules govern.")
>>> p.cite
'Fed. R. Civ. P. 1'
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, asdict
from typing import Any, Mapping

from indexers.courts import court_key  # noqa: F401  (the one table of courts is indexers/courts.py)

DOC_TYPES = ("local_rules", "federal_rules", "judge_procedures", "order")
RULE_TYPES = ("federal_rules", "local_rules")  # the document types that are rules (numbered parts), not decisions


def content_hash(text: str) -> str:
    """Stable short hash of a text, used to decide what must be re-embedded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def judge_key(judge: str) -> str:
    """A judge's surname, lower-cased: 'Suzanne H. Segal' -> 'segal'; 'Judge Segal' -> 'segal'."""
    words = [w for w in judge.replace(",", " ").split() if w.lower().strip(".") not in
             ("judge", "hon", "honorable", "magistrate", "district", "u.s", "us", "united", "states", "jr", "sr", "ii", "iii")]
    return words[-1].lower().strip(".") if words else ""


@dataclass(frozen=True)
class Amendment:
    """An amendment known to postdate a document's text: `part` (a pin without the citation stem,
    ``26(f)``) as amended with effect from `effective` (ISO date).

    >>> Amendment("26(f)", "2025-12-01").as_dict()
    {'part': '26(f)', 'effective': '2025-12-01'}
    """

    part: str
    effective: str

    def as_dict(self) -> dict[str, str]:
        return {"part": self.part, "effective": self.effective}


def amendments_json(items: tuple[Amendment, ...]) -> str:
    """Amendments as one JSON string (a stored passage's metadata holds scalars only); "" for none."""
    return json.dumps([a.as_dict() for a in items], separators=(",", ":")) if items else ""


def amendments_from_json(value: Any) -> tuple[Amendment, ...]:
    """The inverse of `amendments_json`; anything unreadable (or absent, in an index built before
    amendments were stored) reads as none known."""
    try:
        items = json.loads(value) if isinstance(value, str) and value else []
        return tuple(Amendment(str(d["part"]), str(d["effective"])) for d in items)
    except (ValueError, TypeError, KeyError):
        return ()


@dataclass(frozen=True)
class DocMeta:
    """A document's metadata, as kept beside its text (front matter).

    `cite` is the citation stem used for every passage of the document, e.g.
    ``Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020)``.
    Unknown values are stored as the literal string ``unknown`` rather than
    guessed.
    """

    id: str
    title: str
    type: str
    court: str
    cite: str
    judge: str = ""
    date: str = ""  # ISO date of the order, or of the "as amended to" date
    date_kind: str = "date"  # "date" | "as_amended_to"
    docket: str = ""
    source: str = ""
    provenance: str = ""
    clean: tuple[str, ...] = ()  # names of cleaning steps (indexers.clean.CLEANERS)
    extra: Mapping[str, Any] = field(default_factory=dict)
    # amendments that took effect after `date` and are not in the text (front matter `superseded_parts`)
    superseded_parts: tuple[Amendment, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["clean"] = list(self.clean)
        d["extra"] = dict(self.extra)
        d["superseded_parts"] = [a.as_dict() for a in self.superseded_parts]
        return d


@dataclass(frozen=True)
class Document:
    """A whole document: its metadata and its (raw) text."""

    meta: DocMeta
    text: str
    path: str = ""
    # what each passage governs, in practitioners' words (its sidecar; indexers/terms.py): searched, never quoted
    terms: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def hash(self) -> str:
        terms = repr(sorted(self.terms.items())) if self.terms else ""
        return content_hash(repr(sorted(self.meta.as_dict().items())) + "\n" + self.text + terms)


@dataclass(frozen=True)
class Passage:
    """One retrievable unit of text with its pin cite.

    `text` is exactly what is quoted to users and checked for verbatim quotes.
    `heading` is context (rule title, section heading) indexed with the text but
    not part of the quotable span.  `section` is the pin without the stem
    (``26(c)(1)``, ``II.A``, ``37-1``); `cite` is the full pin cite.
    """

    id: str
    doc_id: str
    cite: str
    section: str
    text: str
    heading: str = ""
    title: str = ""
    court: str = ""
    judge: str = ""
    doc_type: str = ""
    date: str = ""
    source: str = ""
    ordinal: int = 0  # position of the passage in its document
    date_kind: str = ""  # "date" | "as_amended_to" (its document's); "" when the index did not record it
    superseded: tuple[Amendment, ...] = ()  # its document's `superseded_parts` (see bot/currency.py)
    terms: str = ""  # what it governs in practitioners' words (indexers/terms.py): a search view, never quoted

    @property
    def hash(self) -> str:
        return content_hash(f"{self.cite}\n{self.heading}\n{self.text}\n{self.metadata_key()}\n{self.terms}")

    def metadata_key(self) -> str:
        return "|".join((self.title, self.court, self.judge, self.doc_type, self.date, self.source,
                         self.date_kind, amendments_json(self.superseded)))

    def index_text(self) -> str:
        """The text embedded and BM25-indexed: heading for context, then the passage."""
        return f"{self.cite}. {self.heading}\n{self.text}" if self.heading else f"{self.cite}.\n{self.text}"

    def metadata(self) -> dict[str, Any]:
        """Flat metadata as stored beside the vector (Chroma allows scalars only)."""
        return {
            "doc_id": self.doc_id, "cite": self.cite, "section": self.section,
            "heading": self.heading, "title": self.title, "court": self.court,
            "judge": self.judge, "doc_type": self.doc_type, "date": self.date,
            "source": self.source, "ordinal": self.ordinal, "hash": self.hash,
            "court_key": court_key(self.court), "judge_key": judge_key(self.judge),
            "date_kind": self.date_kind, "superseded": amendments_json(self.superseded),
            "terms": self.terms,
        }

    @classmethod
    def from_stored(cls, pid: str, text: str, md: Mapping[str, Any]) -> "Passage":
        return cls(
            id=pid, doc_id=md.get("doc_id", ""), cite=md.get("cite", ""), section=md.get("section", ""),
            text=text, heading=md.get("heading", ""), title=md.get("title", ""), court=md.get("court", ""),
            judge=md.get("judge", ""), doc_type=md.get("doc_type", ""), date=md.get("date", ""),
            source=md.get("source", ""), ordinal=int(md.get("ordinal", 0)),
            # absent in indexes built before currency was stored: read as unknown (no warning)
            date_kind=md.get("date_kind", ""), superseded=amendments_from_json(md.get("superseded")),
            terms=md.get("terms", "") or "",
        )


@dataclass(frozen=True)
class Progress:
    """A reindex progress report handed to a callback."""

    stage: str  # "load" | "chunk" | "embed" | "store" | "done"
    done: int
    total: int
    chunks_per_s: float = 0.0
    message: str = ""
