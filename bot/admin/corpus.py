"""Corpus administration: add, list, show, remove and sync the documents admins bring in.

Core functions only (no printing); `bot.cli.corpus` and the chat admin commands
call them, then reindex incrementally through `Engine.reindex`.

An added document is stored as ``<documents_dir>/<id>.md`` (its cleaned text as
Markdown with YAML front matter whose keys are `bot.types.DocMeta` fields), its
original file as ``<documents_dir>/originals/<id>.<ext>`` and a provenance record
``<documents_dir>/originals/<id>.json`` (where it came from, when, its sha256,
original file name, ETag / Last-Modified of a download).  Nothing is written
until the document has been read, described and chunked successfully, so a bad
file never replaces a good one.  Choosing the id and writing the three files
happen under one lock on the documents directory (`corpus_lock`), whichever
process writes (CLI, chat admin command, sync), so two adds never overwrite each
other: ids that would collide become ``x`` and ``x-2``.  Every document is read
within the settings' budgets (`Settings.budgets`) and fetched only from public
addresses or those in ``RULEBOT_FETCH_ALLOW`` (`indexers.fetch`).

>>> # add(settings, "LocalRules.pdf", {"court": "C.D. Cal."}).meta.cite  -> 'C.D. Cal. L.R.'
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import yaml

from bot.errors import BadDocument, CorpusBusy, RulebotError
from indexers.terms import sidecar_path
from indexers.locks import owned_lock
from bot.settings import Settings
from bot.types import DocMeta, Document
from indexers import extract as ex
from indexers import fetch as web
from indexers.budgets import size
from indexers.detect import describe, detect

log = logging.getLogger("rulebot.corpus")

ORIGINALS = "originals"
_ID_OK = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_EXT = {"pdf": ".pdf", "html": ".html", "docx": ".docx", "markdown": ".md", "text": ".txt"}
Fetcher = Callable[..., web.Fetched]


@dataclass(frozen=True)
class AddResult:
    id: str
    status: str  # "added" | "updated" | "unchanged"
    meta: DocMeta
    path: Path
    sections: tuple[str, ...] = ()  # pin cites the document yields
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        n = len(self.sections)
        return (f"{self.status} {self.id}: {self.meta.title} ({self.meta.type}, {self.meta.court}); "
                f"{n} passage{'s' if n != 1 else ''} cited as {self.meta.cite}")


@dataclass(frozen=True)
class DocInfo:
    id: str
    title: str
    type: str
    court: str
    judge: str
    date: str
    cite: str
    origin: str  # "shipped" | "added"
    path: str
    source: str = ""
    added_at: str = ""
    sha256: str = ""
    chunks: int | None = None
    problem: str = ""  # why the file cannot be indexed, when it cannot

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class DocDetail:
    info: DocInfo
    meta: dict
    provenance: dict
    sections: tuple[str, ...]
    preview: str


@dataclass(frozen=True)
class SyncReport:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()  # (entry name, reason)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed)

    def summary(self) -> str:
        return (f"sync: {len(self.added)} added, {len(self.changed)} changed, {len(self.unchanged)} unchanged, "
                f"{len(self.failed)} failed")

    def as_dict(self) -> dict[str, Any]:
        return {"added": list(self.added), "changed": list(self.changed), "unchanged": list(self.unchanged),
                "failed": [list(f) for f in self.failed]}


# --- paths and records ------------------------------------------------------------------


def check_id(doc_id: str) -> str:
    """A document id safe to use as a file name (lower-case letters, digits, '.', '_', '-')."""
    if not _ID_OK.match(doc_id or "") or ".." in doc_id:
        raise BadDocument(f"{doc_id!r} is not a document id (use lower-case letters, digits, '.', '_' or '-'); "
                          "see `rulebot corpus list`")
    return doc_id


def slugify(text: str, limit: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].rstrip("-") or "document"


def _inside(base: Path, name: str) -> Path:
    """`base/name`, refusing anything that would land outside `base`."""
    base_r = base.resolve()
    p = (base / name).resolve()
    if p.parent != base_r:
        raise BadDocument(f"{name!r} would be stored outside {base}; refused")
    return p


def doc_path(settings: Settings, doc_id: str) -> Path:
    return _inside(settings.documents_dir, f"{check_id(doc_id)}.md")


def record_path(settings: Settings, doc_id: str) -> Path:
    return _inside(settings.documents_dir / ORIGINALS, f"{check_id(doc_id)}.json")


def read_record(settings: Settings, doc_id: str) -> dict:
    p = record_path(settings, doc_id)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _records(settings: Settings) -> list[dict]:
    d = settings.documents_dir / ORIGINALS
    out = []
    for p in sorted(d.glob("*.json")) if d.is_dir() else []:
        try:
            rec = json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(rec, dict) and rec.get("id"):
            out.append(rec)
    return out


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # the folders are private like the files (0600): an added document's name says what a firm works on
    for folder in (path.parent, path.parent.parent) if path.parent.name == ORIGINALS else (path.parent,):
        folder.chmod(0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _known_ids(settings: Settings) -> dict[str, Path]:
    from indexers.load import iter_corpus_files, split_front_matter

    out: dict[str, Path] = {}
    for p in iter_corpus_files(list(settings.corpus_dirs)):
        try:
            data, _ = split_front_matter(p.read_text(encoding="utf-8"), str(p))
        except (BadDocument, UnicodeDecodeError, OSError):
            continue
        if data.get("id"):
            out.setdefault(str(data["id"]), p)
    return out


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@contextlib.contextmanager
def corpus_lock(settings: Settings, what: str) -> Iterator[None]:
    """Hold the documents directory's lock (``$RULEBOT_HOME/documents.lock``) for one change; a second
    writer waits up to `settings.corpus_lock_seconds`, then is told who holds it."""
    def busy(info: dict) -> CorpusBusy:
        return CorpusBusy(f"Another change to the added documents is still running ({info.get('what', 'unknown')}, "
                          f"pid {info.get('pid', '?')}, since {info.get('since', '?')}); try again when it has "
                          "finished.")

    with owned_lock(settings.home / "documents.lock", {"what": what, "since": _now()}, busy=busy,
                    wait=settings.corpus_lock_seconds):
        yield


# --- add -----------------------------------------------------------------------------------


def _limits(settings: Settings, fetcher: Fetcher | None, max_bytes: int | None) -> tuple[Fetcher, int]:
    """The download function and size limit: as passed in (tests), else from the settings."""
    return (fetcher or functools.partial(web.fetch, timeout=settings.fetch_timeout, policy=settings.fetch_policy),
            max_bytes or settings.max_document_bytes)


_SPECIAL = ((stat.S_ISCHR, "a device (character special file)"), (stat.S_ISBLK, "a device (block special file)"),
            (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def _not_a_file(shown: str, mode: int) -> BadDocument | None:
    """Why a path whose target has `mode` cannot be added (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return BadDocument(f"{shown}: is a folder, not a file; add its files one by one")
    what = next((w for test, w in _SPECIAL if test(mode)), "not a regular file")
    return BadDocument(f"{shown}: is {what}, not a document file; give the path of a PDF, HTML, DOCX, "
                       "Markdown or text file")


def read_local(src: str, max_bytes: int) -> tuple[bytes, Path, bool]:
    """The bytes of a local document, its resolved path, and whether `src` was a symbolic link.

    Devices, FIFOs, sockets and folders are refused by name (also as a link's target); a link is
    followed only to a regular file, and every message then names where it leads.  The file is
    opened once, without blocking or following a further link, and checked again as opened.
    """
    p = Path(src).expanduser()
    try:
        is_link = stat.S_ISLNK(os.lstat(p).st_mode)
    except FileNotFoundError:
        raise BadDocument(f"{src}: no such file (give a file path or an http(s):// address)") from None
    except OSError as exc:
        raise BadDocument(f"{src}: cannot be read ({exc.strerror}); check the path and its permissions") from None
    try:
        real = p.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        if is_link:
            raise BadDocument(f"{src}: a symbolic link to {os.readlink(p)}, which does not exist "
                              "(or links back to itself)") from None
        raise BadDocument(f"{src}: cannot be read ({getattr(exc, 'strerror', None) or exc}); check the path") from None
    shown = f"{src} (a link to {real})" if is_link else src
    try:
        bad = _not_a_file(shown, os.stat(real).st_mode)
        if bad:
            raise bad
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise BadDocument(f"{shown}: cannot be read ({exc.strerror}); check its permissions") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        bad = _not_a_file(shown, st.st_mode)
        if bad:
            raise bad
        name = f"{p.name} (a link to {real})" if is_link else p.name
        if st.st_size == 0:
            raise BadDocument(f"{name}: the file is empty")
        if st.st_size > max_bytes:
            raise BadDocument(f"{name}: the file is {size(st.st_size)}, over the {size(max_bytes)} limit "
                              "(RULEBOT_MAX_DOCUMENT_MB); split it or ask for a smaller copy")
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BadDocument(f"{name}: the file is over the {size(max_bytes)} limit (RULEBOT_MAX_DOCUMENT_MB)")
    return data, real, is_link


def add(settings: Settings, path_or_url: str, overrides: Mapping[str, str] | None = None, *,
        fetcher: Fetcher | None = None, max_bytes: int | None = None) -> AddResult:
    """Bring a file or URL into the admin corpus (see the module docstring).

    `overrides` holds what the admin said (`type`, `court`, `judge`, `title`, `date`, `cite`,
    `docket`, `id`); it wins over what is detected.  Adding the same source again updates
    the stored document (status "updated", or "unchanged" when nothing differs).
    """
    fetcher, max_bytes = _limits(settings, fetcher, max_bytes)
    overrides = {k: v for k, v in (overrides or {}).items() if v}
    src = path_or_url.strip()
    if web.is_url(src):
        got = fetcher(src, max_bytes=max_bytes)
        return ingest(settings, got.body, source=src, filename=got.filename, content_type=got.content_type,
                      overrides=overrides, download={"etag": got.etag, "last_modified": got.last_modified,
                                                     "final_url": got.url}, max_bytes=max_bytes)
    data, real, is_link = read_local(src, max_bytes)
    name = Path(src).name
    try:
        res = ingest(settings, data, source=str(real), filename=name, overrides=overrides, max_bytes=max_bytes)
    except BadDocument as exc:
        if not is_link:
            raise
        msg = str(exc)  # say where the link led in the reason too
        raise BadDocument(f"{name} (a link to {real}){msg[len(name):]}" if msg.startswith(f"{name}:")
                          else f"{src} (a link to {real}): {msg}") from None
    if is_link:
        res = dataclasses.replace(res, notes=(f"{src} is a symbolic link: read {real}", *res.notes))
    return res


def _previous(settings: Settings, source: str, sha: str, overrides: Mapping[str, str]) -> dict | None:
    """The record this document updates: same source, the id asked for, or the very same file from elsewhere."""
    records = _records(settings)
    previous = next((r for r in records if r.get("source") == source), None)
    if overrides.get("id"):
        return read_record(settings, overrides["id"]) or previous
    if previous is None:
        previous = next((r for r in records if r.get("sha256") == sha and r.get("overrides", {}) == overrides), None)
    return previous


def _unchanged(settings: Settings, previous: dict | None, sha: str, overrides: Mapping[str, str],
               download: Mapping[str, str] | None) -> AddResult | None:
    if not (previous and previous.get("sha256") == sha and previous.get("overrides", {}) == overrides
            and doc_path(settings, previous["id"]).is_file()):
        return None
    meta = _meta_of(doc_path(settings, previous["id"]))
    _touch_record(settings, previous, download)
    return AddResult(id=previous["id"], status="unchanged", meta=meta, path=doc_path(settings, previous["id"]),
                     sections=tuple(previous.get("sections", ())))


def ingest(settings: Settings, data: bytes, *, source: str, filename: str, content_type: str = "",
           overrides: Mapping[str, str] | None = None, download: Mapping[str, str] | None = None,
           max_bytes: int | None = None) -> AddResult:
    """Extract, describe, check and store bytes that came from `source` (a path or URL).

    The format is checked first (a file that is not what it says is refused even when its bytes
    match a stored copy); extraction runs within `settings.budgets`, outside the lock; the id is
    chosen and the files written under `corpus_lock`."""
    budgets = settings.budgets if not max_bytes else dataclasses.replace(settings.budgets, max_bytes=max_bytes)
    source = web.redact_url(source)
    if download and download.get("final_url"):
        download = {**download, "final_url": web.redact_url(download["final_url"])}  # never store credentials
    overrides = dict(overrides or {})
    if overrides.get("id"):
        check_id(overrides["id"])
    ex.check_format(data, filename, content_type, budgets=budgets)
    sha = hashlib.sha256(data).hexdigest()
    with corpus_lock(settings, f"add {filename or source}"):
        same = _unchanged(settings, _previous(settings, source, sha, overrides), sha, overrides, download)
    if same:
        return same

    got = ex.extract_bytes(data, filename, content_type, budgets=budgets)
    where = filename or source
    given = {k: str(v) for k, v in got.front_matter.items() if k in ("type", "court", "judge", "title", "date",
                                                                     "cite", "docket") and v}
    given.update(overrides)
    found = detect(got.text, title=got.title, headings=got.headings, hints=got.hints)
    fields_ = describe(found, given, where=where)
    text = _body_for(fields_["type"], got.text)

    notes = [] if given.get("type") else [f"type {fields_['type']} detected from {r}" for r in found.reasons]
    if got.links:
        from urllib.parse import urljoin

        shown = [urljoin(source, href) if web.is_url(source) else href for _, href in got.links[:5]]
        notes.append(f"the page links to {len(got.links)} document(s) you may want to add too: {', '.join(shown)}")
    doc = _Incoming(data=data, sha=sha, got=got, found=found, fields=fields_, text=text, source=source,
                    filename=filename, content_type=content_type, overrides=overrides, download=download)
    with corpus_lock(settings, f"add {filename or source}"):
        return _store(settings, doc, notes)


@dataclass(frozen=True)
class _Incoming:
    """A document read and described, ready to be stored."""

    data: bytes
    sha: str
    got: ex.Extracted
    found: Any  # indexers.detect's findings (for the record)
    fields: Mapping[str, Any]  # described metadata (indexers.detect.describe)
    text: str
    source: str
    filename: str
    content_type: str
    overrides: Mapping[str, str]
    download: Mapping[str, str] | None


def _store(settings: Settings, doc: _Incoming, notes: list[str]) -> AddResult:
    """Choose the id, check the document chunks, write original, record and text (the caller holds the lock)."""
    fields_, source, filename, overrides, got, sha = doc.fields, doc.source, doc.filename, doc.overrides, doc.got, doc.sha
    where = filename or source
    previous = _previous(settings, source, sha, overrides)
    if previous is None and not overrides.get("id") and fields_["type"] in ("local_rules", "judge_procedures"):
        # A new edition of the same rules or procedures replaces the old one (same cite stem), so that
        # two copies never answer with the same pin cites.
        same = _added_with_cite(settings, fields_["type"], fields_["cite"])
        if same:
            previous = read_record(settings, same) or {"id": same}
            notes.append(f"replaces the earlier copy of {same} (from {previous.get('source', 'unknown')})")
    known = _known_ids(settings)
    if overrides.get("id"):
        doc_id = overrides["id"]
        if doc_id in known and known[doc_id].resolve().parent != settings.documents_dir.resolve():
            raise BadDocument(f"id {doc_id!r} belongs to a shipped document ({known[doc_id].name}); choose another --id")
    elif previous:
        doc_id = previous["id"]
    else:
        doc_id = _new_id(fields_, filename, known)
    check_id(doc_id)

    meta = DocMeta(id=doc_id, title=fields_["title"], type=fields_["type"], court=fields_["court"],
                   cite=fields_["cite"], judge=fields_["judge"], date=fields_["date"],
                   date_kind=fields_["date_kind"], docket=fields_["docket"], source=source,
                   provenance="", extra=fields_["extra"])
    sections = _dry_run(meta, doc.text, where)

    ext = _EXT.get(got.format, Path(filename).suffix.lower() or ".bin")
    original = _inside(settings.documents_dir / ORIGINALS, f"{doc_id}{ext}")
    added_at = _now()
    meta = DocMeta(**{**meta.__dict__, "provenance": (
        f"Added with `rulebot corpus add` on {added_at} from {source} ({got.format}, sha256 {sha[:16]}...); "
        f"original kept as {ORIGINALS}/{original.name}, record in {ORIGINALS}/{doc_id}.json")})
    record = {
        "id": doc_id, "source": source, "source_kind": "url" if web.is_url(source) else "file",
        "original_filename": filename, "original": f"{ORIGINALS}/{original.name}", "sha256": sha,
        "size": len(doc.data), "format": got.format, "pages": got.pages, "content_type": doc.content_type,
        "added_at": (previous or {}).get("added_at", added_at), "updated_at": added_at,
        "etag": (doc.download or {}).get("etag", ""), "last_modified": (doc.download or {}).get("last_modified", ""),
        "final_url": (doc.download or {}).get("final_url", ""), "overrides": overrides,
        "detected": {k: v for k, v in doc.found.__dict__.items() if v and k != "reasons"},
        "sections": list(sections),
    }
    old_original = (previous or {}).get("original")
    _atomic_write(original, doc.data)
    _atomic_write(record_path(settings, doc_id), json.dumps(record, indent=1, ensure_ascii=False).encode())
    _atomic_write(doc_path(settings, doc_id), render_markdown(meta, doc.text).encode("utf-8"))
    if old_original and old_original != record["original"]:
        _remove_original(settings, old_original)
    status = "updated" if previous else "added"
    return AddResult(id=doc_id, status=status, meta=meta, path=doc_path(settings, doc_id), sections=sections,
                     notes=tuple(notes))


def _added_with_cite(settings: Settings, doc_type: str, cite: str) -> str:
    """Id of an added document of `doc_type` whose cite stem is `cite` ("" if none)."""
    from indexers.load import split_front_matter

    for p in sorted(settings.documents_dir.glob("*.md")) if settings.documents_dir.is_dir() else []:
        try:
            data, _ = split_front_matter(p.read_text(encoding="utf-8"), str(p))
        except (BadDocument, UnicodeDecodeError, OSError):
            continue
        if data.get("type") == doc_type and str(data.get("cite", "")).strip() == cite and _ID_OK.match(str(data.get("id", ""))):
            return str(data["id"])
    return ""


def _touch_record(settings: Settings, rec: dict, download: Mapping[str, str] | None) -> None:
    if not download:
        return
    new = {**rec, **{k: v for k, v in download.items() if v}, "checked_at": _now()}
    _atomic_write(record_path(settings, rec["id"]), json.dumps(new, indent=1, ensure_ascii=False).encode())


def _new_id(fields_: Mapping[str, Any], filename: str, known: Mapping[str, Path]) -> str:
    court = slugify(re.sub(r"[.\s]+", "", fields_["court"] or ""), 20)
    t = fields_["type"]
    if t == "local_rules":
        base = f"{court}-local-rules"
    elif t == "judge_procedures":
        base = f"{court}-judge-{slugify(fields_['judge'].split()[-1] if fields_['judge'] else 'unknown', 30)}-procedures"
    elif t == "order":
        base = f"{slugify(fields_['title'], 50)}-{fields_['date']}" if fields_["date"] not in ("", "unknown") \
            else slugify(fields_["title"], 60)
    else:
        base = slugify(Path(filename).stem or fields_["title"])
    base = slugify(base, 70)
    doc_id, n = base, 2
    while doc_id in known:
        doc_id, n = f"{base}-{n}", n + 1
    return doc_id


def _body_for(doc_type: str, text: str) -> str:
    """Orders are chunked by their numbered headings, so Markdown marks are taken off them."""
    if doc_type == "order":
        text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M).replace("**", "")
    return text


def _dry_run(meta: DocMeta, text: str, where: str) -> tuple[str, ...]:
    """Clean and chunk before storing, so a document that would not index is refused now."""
    from indexers.chunk import chunk_document
    from indexers.clean import clean_document

    doc = Document(meta=meta, text=text, path=where)
    try:
        passages = chunk_document(doc, clean_document(doc))
    except BadDocument as exc:
        msg = str(exc)
        raise BadDocument(msg if msg.startswith(where) else f"{where}: {msg}") from None
    return tuple(p.cite for p in passages)


def render_markdown(meta: DocMeta, text: str) -> str:
    """Front matter (DocMeta keys, empty ones left out) and the text."""
    d = meta.as_dict()
    front = {k: v for k, v in d.items() if v not in ("", [], {}, None) or k in ("id", "title", "type", "court", "cite")}
    if front.get("date_kind") == "date":
        front.pop("date_kind")
    dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---\n{text.strip()}\n"


def _meta_of(path: Path) -> DocMeta:
    from indexers.load import meta_from_dict, split_front_matter

    data, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    return meta_from_dict(data, str(path))


# --- list / show / remove ---------------------------------------------------------------------


def list_documents(settings: Settings, chunk_counts: Mapping[str, int] | None = None) -> list[DocInfo]:
    """Every corpus document (shipped and added), with provenance for added ones."""
    from indexers.load import iter_corpus_files, load_file

    added_dir = settings.documents_dir.resolve()
    out: list[DocInfo] = []
    for p in iter_corpus_files(list(settings.corpus_dirs)):
        origin = "added" if added_dir in p.resolve().parents else "shipped"
        try:
            m = load_file(p).meta
        except BadDocument as exc:
            out.append(DocInfo(id=p.stem, title="", type="", court="", judge="", date="", cite="", origin=origin,
                               path=str(p), problem=str(exc)))
            continue
        rec = read_record(settings, m.id) if origin == "added" and _ID_OK.match(m.id) else {}
        out.append(DocInfo(
            id=m.id, title=m.title, type=m.type, court=m.court, judge=m.judge, date=m.date, cite=m.cite,
            origin=origin, path=str(p), source=m.source, added_at=rec.get("updated_at", ""),
            sha256=rec.get("sha256", ""), chunks=(chunk_counts or {}).get(m.id) if chunk_counts is not None else None,
        ))
    return out


def find(settings: Settings, doc_id: str) -> DocInfo:
    for d in list_documents(settings):
        if d.id == doc_id:
            return d
    raise BadDocument(f"no document with id {doc_id!r}; see `rulebot corpus list`")


def show(settings: Settings, doc_id: str, chunk_counts: Mapping[str, int] | None = None) -> DocDetail:
    """A document's metadata, provenance, the pin cites it yields and the start of its text."""
    from indexers.chunk import chunk_document
    from indexers.clean import clean_document
    from indexers.load import load_file

    info = find(settings, doc_id)
    if chunk_counts is not None:
        info = DocInfo(**{**info.__dict__, "chunks": chunk_counts.get(doc_id)})
    if info.problem:
        return DocDetail(info=info, meta={}, provenance={}, sections=(), preview="")
    doc = load_file(Path(info.path))
    try:
        sections = tuple(p.cite for p in chunk_document(doc, clean_document(doc)))
    except BadDocument as exc:
        info = DocInfo(**{**info.__dict__, "problem": str(exc)})
        sections = ()
    rec = read_record(settings, doc_id) if info.origin == "added" else {}
    return DocDetail(info=info, meta=doc.meta.as_dict(), provenance=rec, sections=sections,
                     preview=doc.text.strip()[:600])


def remove(settings: Settings, doc_id: str) -> DocInfo:
    """Delete an added document, its original and its record (shipped documents cannot be removed)."""
    check_id(doc_id)
    info = find(settings, doc_id)
    if info.origin != "added":
        raise BadDocument(f"{doc_id!r} is part of the shipped corpus ({Path(info.path).name}), not an added "
                          "document; it cannot be removed with `rulebot corpus remove`")
    path = Path(info.path).resolve()
    if settings.documents_dir.resolve() not in path.parents:
        raise BadDocument(f"{doc_id!r}: its file is outside {settings.documents_dir}; refused")
    with corpus_lock(settings, f"remove {doc_id}"):
        rec = read_record(settings, doc_id)
        path.unlink(missing_ok=True)
        sidecar_path(path).unlink(missing_ok=True)  # its terms (indexers/terms.py) go with it
        if rec.get("original"):
            _remove_original(settings, rec["original"])
        record_path(settings, doc_id).unlink(missing_ok=True)
    return info


def _remove_original(settings: Settings, rel: str) -> None:
    name = Path(rel).name
    try:
        _inside(settings.documents_dir / ORIGINALS, name).unlink(missing_ok=True)
    except BadDocument:
        pass


# --- sync -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceEntry:
    name: str
    url: str
    overrides: Mapping[str, str] = field(default_factory=dict)
    follow: str = ""  # regex: on an HTML page, follow the first link whose text or address matches


def read_manifest(path: Path) -> list[SourceEntry]:
    """Entries `[[source]]` of a sources.toml manifest (see corpus/sources.toml)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadDocument(f"{path}: no such manifest; create it or pass --manifest PATH") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadDocument(f"{path}: not valid TOML ({exc}); fix it and sync again") from None
    out: list[SourceEntry] = []
    for i, e in enumerate(data.get("source", []), 1):
        if not isinstance(e, dict) or not e.get("url"):
            raise BadDocument(f"{path}: source #{i} has no url")
        if e.get("enabled", True) is False:
            continue
        ov = {k: str(e[k]) for k in ("id", "type", "court", "judge", "title", "date", "cite", "docket") if e.get(k)}
        out.append(SourceEntry(name=str(e.get("id") or e.get("title") or e["url"]), url=str(e["url"]),
                               overrides=ov, follow=str(e.get("follow", ""))))
    return out


def sync(settings: Settings, manifest_path: str | Path, *, fetcher: Fetcher | None = None,
         max_bytes: int | None = None) -> SyncReport:
    """Download what changed among the manifest's sources (conditional GET, then sha256) and add it."""
    fetcher, max_bytes = _limits(settings, fetcher, max_bytes)
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    failed: list[tuple[str, str]] = []
    for entry in read_manifest(Path(manifest_path)):
        name = web.redact(entry.name)
        try:
            status, doc_id = _sync_one(settings, entry, fetcher, max_bytes)
        except RulebotError as exc:
            failed.append((name, str(exc)))
            continue
        except Exception as exc:  # one source's failure, whatever it is, never stops the others
            log.warning("sync: %s failed", name, exc_info=True)
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            failed.append((name, web.redact(f"unexpected error ({type(exc).__name__}{': ' + first if first else ''}); "
                                            "the other sources were synced")))
            continue
        {"added": added, "updated": changed, "unchanged": unchanged}[status].append(doc_id)
    return SyncReport(tuple(added), tuple(changed), tuple(unchanged), tuple(failed))


def _sync_one(settings: Settings, entry: SourceEntry, fetcher: Fetcher, max_bytes: int) -> tuple[str, str]:
    rec = (read_record(settings, entry.overrides["id"]) if entry.overrides.get("id") else {}) \
        or next((r for r in _records(settings) if r.get("source") in (entry.url, web.redact_url(entry.url))), {})
    have_doc = bool(rec) and doc_path(settings, rec["id"]).is_file()
    if entry.follow:
        page = fetcher(entry.url, max_bytes=max_bytes)
        target = _follow(entry, page, settings)
    else:
        target = entry.url
    got = fetcher(target, etag=rec.get("etag", "") if have_doc else "",
                  last_modified=rec.get("last_modified", "") if have_doc else "", max_bytes=max_bytes)
    if got.status == 304 and have_doc:
        with corpus_lock(settings, f"sync {entry.name}"):
            _touch_record(settings, rec, {"etag": got.etag, "last_modified": got.last_modified})
        return "unchanged", rec["id"]
    res = ingest(settings, got.body, source=entry.url, filename=got.filename, content_type=got.content_type,
                 overrides=entry.overrides, download={"etag": got.etag, "last_modified": got.last_modified,
                                                      "final_url": got.url}, max_bytes=max_bytes)
    return res.status, res.id


def _follow(entry: SourceEntry, page: web.Fetched, settings: Settings) -> str:
    """The address of the first link on the page matching `entry.follow` (the page is held to the
    HTML budgets; where the link points is checked when it is fetched, like any address)."""
    from urllib.parse import urljoin

    shown = web.redact_url(entry.url)
    try:
        rx = re.compile(entry.follow, re.I)
    except re.error as exc:
        raise BadDocument(f"{shown}: the follow pattern {entry.follow!r} is not a valid regular expression "
                          f"({exc}); fix it in corpus/sources.toml") from None
    for text, href in ex.page_links(page.body.decode("utf-8", "replace"), shown, settings.budgets):
        if rx.search(href) or rx.search(text):
            return urljoin(page.url or entry.url, href)
    raise BadDocument(f"{shown}: no link matching {entry.follow!r} on the page; the court may have "
                      "moved the document, update corpus/sources.toml")
