"""Load step: read corpus directories into `Document`s.

A corpus file is Markdown or plain text that starts with YAML front matter
between two `---` lines; the front matter holds the document's metadata
(`bot.types.DocMeta` fields) in a form a person can read and edit::

    ---
    id: al-otro-lado-v-wolf-2020
    title: "Al Otro Lado, Inc. v. Wolf"
    type: order
    court: S.D. Cal.
    cite: "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020)"
    ---
    text ...

A document whose text predates known amendments lists them, each with the date it took
effect; a citation to such a part then warns that its text predates the amendment::

    superseded_parts:
      - {part: "26(f)", effective: "2025-12-01"}
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from indexers.errors import BadDocument
from indexers.terms import load_terms
from indexers.types import DOC_TYPES, Amendment, DocMeta, Document

CORPUS_SUFFIXES = (".md", ".txt")
REQUIRED = ("id", "title", "type", "court", "cite")
_FM = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_META_FIELDS = {f.name for f in fields(DocMeta)}


@dataclass(frozen=True)
class LoadResult:
    documents: tuple[Document, ...]
    skipped: tuple[tuple[str, str], ...]  # (path, reason)


class _NoAliases(yaml.SafeLoader):
    """YAML without anchors and aliases: front matter never needs them, and a few hundred bytes of nested
    aliases expand to gigabytes once anything reads the values (a "billion laughs")."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML's hook
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        return super().compose_node(parent, index)


def read_yaml(text: str):
    """`yaml.safe_load` with aliases refused (`_NoAliases`); a `yaml.YAMLError` when the text is not YAML.

    >>> read_yaml("a: 1")
    {'a': 1}
    >>> read_yaml("a: &x [1]\\nb: *x")
    Traceback (most recent call last):
    ...
    yaml.composer.ComposerError: aliases (*name) are not allowed
      in "<unicode string>", line 2, column 4:
        b: *x
           ^
    """
    return yaml.load(text, Loader=_NoAliases)


def split_front_matter(raw: str, where: str = "") -> tuple[dict, str]:
    raw = raw.lstrip("\ufeff")
    m = _FM.match(raw)
    if not m:
        raise BadDocument(f"{where}: no front matter (the file must start with '---', the metadata, then '---')")
    try:
        data = read_yaml(m.group(1)) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        at = f" (line {line + 2})" if line is not None else ""
        raise BadDocument(f"{where}: the front matter is not valid YAML{at}; fix it and reindex") from None
    if not isinstance(data, dict):
        raise BadDocument(f"{where}: the front matter must be key: value pairs")
    return data, raw[m.end():]


def meta_from_dict(data: dict, where: str = "") -> DocMeta:
    """Validate front-matter keys into a `DocMeta` (missing required keys are named)."""
    missing = [k for k in REQUIRED if not str(data.get(k) or "").strip()]
    if missing:
        raise BadDocument(f"{where}: front matter lacks {', '.join(missing)}; add them and reindex")
    if data["type"] not in DOC_TYPES:
        raise BadDocument(f"{where}: type {data['type']!r} is not one of {', '.join(DOC_TYPES)}")
    if not _ID_OK.match(str(data["id"])):
        raise BadDocument(f"{where}: id {data['id']!r} must be letters, digits, '.', '_' or '-'")
    known = {k: v for k, v in data.items() if k in _META_FIELDS and k not in ("clean", "extra", "superseded_parts")}
    extra = {k: v for k, v in data.items() if k not in _META_FIELDS}
    extra.update(data.get("extra") or {})
    clean = data.get("clean") or ()
    if isinstance(clean, str):
        clean = (clean,)
    values = {k: ("" if v is None else str(v)) for k, v in known.items()}
    superseded = superseded_parts(data.get("superseded_parts"), str(data["cite"]), where)
    return DocMeta(**values, clean=tuple(str(c) for c in clean), extra=extra, superseded_parts=superseded)


def superseded_parts(value, stem: str = "", where: str = "") -> tuple[Amendment, ...]:
    """Front matter `superseded_parts` (a list of `{part, effective}`) as `Amendment`s.

    `part` is a pin without the citation stem (``26(f)``; ``Rule 26(f)`` and ``Fed. R. Civ. P.
    26(f)`` are accepted too); `effective` is the ISO date the amendment took effect.

    >>> superseded_parts([{"part": "Fed. R. Civ. P. 26(f)", "effective": "2025-12-01"}], "Fed. R. Civ. P.")
    (Amendment(part='26(f)', effective='2025-12-01'),)
    """
    if not value:
        return ()
    if not isinstance(value, list):
        raise BadDocument(f"{where}: superseded_parts must be a list of entries like "
                          "{part: \"26(f)\", effective: \"2025-12-01\"}")
    out = []
    for n, item in enumerate(value, 1):
        part = str(item.get("part") or "").strip() if isinstance(item, dict) else ""
        effective = str(item.get("effective") or "").strip() if isinstance(item, dict) else ""
        if stem and part.startswith(stem):
            part = part[len(stem):].strip(" ,")
        part = re.sub(r"^Rule\s+", "", part)
        try:
            effective = dt.date.fromisoformat(effective).isoformat()
        except ValueError:
            effective = ""
        if not part or not effective:
            raise BadDocument(f"{where}: superseded_parts entry {n} needs a part (e.g. 26(f)) and the date it "
                              "took effect as effective: 2025-12-01; fix it and reindex")
        out.append(Amendment(part, effective))
    return tuple(out)


def load_file(path: Path) -> Document:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadDocument(f"{path}: not UTF-8 text") from None
    data, body = split_front_matter(raw, str(path))
    meta = meta_from_dict(data, str(path))
    if not body.strip():
        raise BadDocument(f"{path}: has metadata but no text")
    return Document(meta=meta, text=body, path=str(path), terms=load_terms(path))


def iter_corpus_files(dirs: tuple[Path, ...] | list[Path]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        if not d.is_dir():
            continue
        for p in sorted(d.rglob("*")):
            rel = p.relative_to(d)
            if any(part.startswith((".", "_")) for part in rel.parts) or "originals" in rel.parts:
                continue
            if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES and p.name.lower() != "readme.md":
                out.append(p)
    return out


def load_corpus(dirs) -> LoadResult:
    """Read every corpus file under `dirs`; a broken file is skipped with its reason, never fatal.

    Two files claiming the same id: the first wins, the second is skipped.
    """
    docs: list[Document] = []
    skipped: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for path in iter_corpus_files(list(dirs)):
        try:
            doc = load_file(path)
        except BadDocument as exc:
            skipped.append((str(path), str(exc)))
            continue
        if doc.id in seen:
            skipped.append((str(path), f"{path}: id {doc.id!r} is already used by {seen[doc.id]}"))
            continue
        seen[doc.id] = str(path)
        docs.append(doc)
    return LoadResult(tuple(docs), tuple(skipped))
