"""Chunk step: cut a cleaned document into passages, each with a pin cite.

Each document type has a chunker (see `indexers.registry.CHUNKERS`) that
returns `Piece`s; this module turns them into `Passage`s with stable ids and
the document's metadata.  A chunker never lets a piece run across two rules
or sections.

>>> from indexers.types import DocMeta, Document
>>> meta = DocMeta(id="d", title="T", type="order", court="C.D. Cal.", cite="T (C.D. Cal.)")
>>> to_passages(Document(meta, ""), [Piece("¶ 1", "First."), Piece("¶ 2", "Second.")])[1].cite
'T (C.D. Cal.), ¶ 2'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexers.errors import BadDocument
from indexers.types import Document, Passage
from indexers.registry import CHUNKERS, load_builtins


@dataclass(frozen=True)
class Piece:
    """A chunker's output: `section` is the pin (``26(c)(1)``, ``§ II.A``, ``37-1``).

    `cite` overrides the default pin cite built from the document's cite stem.
    """

    section: str
    text: str
    heading: str = ""
    cite: str = ""


def default_cite(doc: Document, section: str) -> str:
    """`Fed. R. Civ. P. 26(c)(1)`, `C.D. Cal. L.R. 37-1`, or `<case cite>, § II.A`."""
    stem = doc.meta.cite or doc.meta.title
    if not section:
        return stem
    if doc.meta.type in ("federal_rules", "local_rules"):
        return f"{stem} {section}"
    return f"{stem}, {section}"


_ID_BAD = re.compile(r"[^A-Za-z0-9_.()\-§¶]+")


def to_passages(doc: Document, pieces: list[Piece]) -> list[Passage]:
    """Give pieces stable ids (document, section, occurrence) and the document's metadata."""
    seen: dict[str, int] = {}
    out: list[Passage] = []
    m = doc.meta
    for ordinal, piece in enumerate(p for p in pieces if p.text.strip()):
        n = seen.get(piece.section, 0)
        seen[piece.section] = n + 1
        key = _ID_BAD.sub("_", piece.section) or "_"
        out.append(Passage(
            id=f"{m.id}::{key}::{n}", doc_id=m.id, cite=piece.cite or default_cite(doc, piece.section),
            section=piece.section, text=piece.text.strip(), heading=piece.heading.strip(),
            title=m.title, court=m.court, judge=m.judge, doc_type=m.type, date=m.date,
            source=m.source, ordinal=ordinal,
        ))
    return out


def chunk_document(doc: Document, text: str) -> list[Passage]:
    """Chunk a cleaned document with the chunker registered for its type."""
    load_builtins()
    chunker = CHUNKERS.get(doc.meta.type)
    if chunker is None:
        raise BadDocument(f"{doc.path or doc.id}: no chunker for document type {doc.meta.type!r}")
    passages = to_passages(doc, chunker(doc, text))
    if not passages:
        raise BadDocument(f"{doc.path or doc.id}: no text to index after cleaning")
    return passages


# --- helpers shared by chunkers -------------------------------------------------

_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences (legal abbreviations such as `v.`, `No.`, `Cal.` kept whole)."""
    text = re.sub(r"\s+", " ", text.strip())
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        candidate = text[start:end].strip()
        if _ends_with_abbrev(candidate):
            continue
        out.append(candidate)
        start = end
    if start < len(text):
        out.append(text[start:].strip())
    return [s for s in out if s]


# Abbreviations that end in a period without ending a sentence (reporters, courts, states, months).
LEGAL_ABBREVIATIONS = (
    "v|vs|No|Nos|Cal|Cir|Dist|Dkt|Ex|Exs|Gov't|Inc|Co|Corp|Ltd|Dep't|Sec|Civ|Crim|Fed|R|P|L|U\\.S|S\\.D|C\\.D|N\\.D|"
    "E\\.D|W\\.D|M\\.D|D|F|Supp|App|Cf|e\\.g|i\\.e|al|Mr|Ms|Mrs|Dr|Hon|Jr|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|"
    "Oct|Nov|Dec|Ala|Alaska|Ariz|Ark|Colo|Conn|Del|Fla|Ga|Haw|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|"
    "Neb|Nev|Okla|Or|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|Decl|Prot|Ord|Mot|St|Ct|at|id|Id|ed|cl|para|pp|p|Stat|Pub|"
    "Mag|Mem|Op|Sup|Wl|WL|Cong|Rec|Doc|Reg|Ann|Rev|Bankr|Cl|Fr|Evid"
)
ABBREV_END = re.compile(rf"(?:\b(?:{LEGAL_ABBREVIATIONS})\.|\b[A-Z]\.)$")


def _ends_with_abbrev(s: str) -> bool:
    return bool(ABBREV_END.search(s))


def window(sentences: list[str], max_chars: int = 1200, sep: str = " ") -> list[str]:
    """Group sentences (or paragraphs) into consecutive windows of at most `max_chars`, joined
    by `sep` (a longer piece stands alone)."""
    out: list[str] = []
    cur = ""
    for s in sentences:
        if cur and len(cur) + len(sep) + len(s) > max_chars:
            out.append(cur)
            cur = s
        else:
            cur = f"{cur}{sep}{s}" if cur else s
    if cur:
        out.append(cur)
    return out


# --- retrieval views ---------------------------------------------------------------
VIEW_CHARS = 500


@dataclass(frozen=True)
class View:
    """A window of a passage indexed for retrieval; hits on a view count for its passage."""

    id: str  # "<passage id>#<n>" (text), "#t" (terms) or "#t.<n>" (a window of a long terms line)
    passage_id: str
    text: str

    @property
    def hash(self) -> str:
        from indexers.types import content_hash

        return content_hash(self.text)


def passage_views(p: Passage, size: int = VIEW_CHARS) -> list[View]:
    """Overlapping sentence windows of at most ~`size` characters, each prefixed with the pin
    cite and heading, so that a long passage is found by any of its parts (dense models read
    only the first ~256 tokens, and BM25 favours short texts); and, when the passage has terms
    (indexers/terms.py), what it governs in practitioners' words: one view, or a long line's windows of a few
    phrases each under the cite alone (`terms_windows`)."""
    prefix = f"{p.cite}. {p.heading}\n" if p.heading else f"{p.cite}.\n"
    # what it governs: searched, never quoted
    extra = [View(f"{p.id}#t.{i}", p.id, f"{p.cite}.\n" + w) for i, w in enumerate(terms_windows(p.terms), 1)]
    if p.terms and not extra:
        extra = [View(f"{p.id}#t", p.id, prefix + p.terms)]
    if len(p.text) <= size:
        return [View(f"{p.id}#0", p.id, prefix + p.text)] + extra
    sentences = split_sentences(p.text)
    windows: list[str] = []
    cur: list[str] = []
    for s in sentences:
        if cur and sum(len(x) + 1 for x in cur) + len(s) > size:
            windows.append(" ".join(cur))
            cur = cur[-1:]  # one sentence of overlap
            if sum(len(x) + 1 for x in cur) + len(s) > size:
                cur = []
        cur.append(s)
    if cur:
        windows.append(" ".join(cur))
    return [View(f"{p.id}#{i}", p.id, prefix + w) for i, w in enumerate(windows)] + extra


TERMS_VIEW_CHARS = 240


def terms_windows(terms: str, size: int = TERMS_VIEW_CHARS) -> list[str]:
    """A long terms line cut between its phrases into windows of at most ~`size` characters: the dense model reads
    only a text's first 256 word pieces, and one meaning of a situation is lost among twenty others.  Nothing when
    the line is one window already (its whole view is that window)."""
    if not terms or len(terms) <= size:
        return []
    out: list[str] = []
    cur = ""
    for phrase in (x.strip() for x in terms.split(";")):
        if not phrase:
            continue
        if cur and len(cur) + 2 + len(phrase) > size:
            out.append(cur)
            cur = ""
        cur = f"{cur}; {phrase}" if cur else phrase
    if cur:
        out.append(cur)
    return out if len(out) > 1 else []  # one window is the line itself: its own view


def parent_id(view_id: str) -> str:
    return view_id.rsplit("#", 1)[0]


def is_terms_view(view_id: str) -> bool:
    """A view of a passage's terms ("#t", or "#t.<n>" for a window of a long line), not of its text.

    >>> [is_terms_view(v) for v in ("frcp::26(c)(1)#t", "frcp::26(c)(1)#t.2", "frcp::26(c)(1)#0")]
    [True, True, False]
    """
    return view_id.rsplit("#", 1)[-1].split(".")[0] == "t"
