"""Load step of the firm's Word template: held to the document budgets, then cut off from the outside.

A .docx can make Word reach out when it is opened: a relationship marked ``TargetMode="External"`` (a
linked picture, a remote ``attachedTemplate`` in settings.xml, a hyperlink to a file share, an OLE link, a
chart's workbook, a frame), a mail-merge data source, or a field code that fetches (``INCLUDEPICTURE``,
``INCLUDETEXT``, ``LINK``, ``DDE``...).  Copied into every draft, each is a tracking beacon, or a Windows
sign-in (NTLM) handed to whoever runs the address.  `strip_external` removes them all from the template's
package before python-docx reads it, keeping what they showed: a hyperlink's words, a field's last result,
a picture's embedded copy.  Fields are kept by an allow-list (`KEPT_FIELDS`: page numbers, dates,
cross-references, tables of contents and authorities...): any other field loses its code, and so does a
field whose code holds another field (Word builds such a code when it updates the field, so
``{ {QUOTE "INCLUDE" "PICTURE"} "http://..." }`` fetches although no name in it does).  The draft itself
adds no links.  What was removed is logged once for each version of the template (`describe`: "1
attachedTemplate, 1 field INCLUDEPICTURE (http://tracker.example/t.dotm)"); the stripped package is kept,
by the file's path, modification time and size, for the drafts that follow.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import threading
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.draft import messages as M
from bot.errors import BadDocument

log = logging.getLogger(__name__)

MAX_TEMPLATE_BYTES = 20_000_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# the attributes that name a relationship of their part: r:id, r:link, r:embed, r:href... (both OOXML dialects),
# and VML's o:relid
_REL_ATTRIBUTE_NAMESPACES = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}",
                             "{http://purl.oclc.org/ooxml/officeDocument/relationships}")
_VML_RELID = "{urn:schemas-microsoft-com:office:office}relid"
# Fields that show what the document itself holds, or the date: kept with their codes.  Any other field (those
# that fetch from a file, an address or a program: INCLUDEPICTURE, INCLUDETEXT, LINK, DDE...; those whose
# code is built at update time: IF, QUOTE, "=", SET...; any Word may add) keeps only its last result.
KEPT_FIELDS = frozenset({
    "PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "DATE", "TIME", "CREATEDATE", "SAVEDATE", "PRINTDATE",
    "SEQ", "REF", "PAGEREF", "NOTEREF", "STYLEREF", "MERGEFIELD", "TOC", "TC", "TOA", "TA", "FILENAME",
    "HYPERLINK",  # only to a place in the document (\l); to an address it is dropped, as a hyperlink is
})


@dataclass(frozen=True)
class Reach:
    """One way a template reached outside: its `kind` (a relationship's type, "field INCLUDEPICTURE",
    "mail merge") and, for a relationship, the address it named."""

    kind: str
    target: str = ""


def describe(removed: tuple[Reach, ...], shown: int = 5) -> str:
    """What was removed, for the log: each kind counted, then the first addresses (credentials redacted).

    >>> describe((Reach("image", "http://u:pw@x.example/a.png"), Reach("image", "http://x.example/b.png"),
    ...           Reach("field INCLUDETEXT")))
    '2 image, 1 field INCLUDETEXT (http://***@x.example/a.png, http://x.example/b.png)'
    """
    from indexers.fetch import redact

    kinds = ", ".join(f"{n} {kind}" for kind, n in Counter(r.kind for r in removed).items())
    targets = list(dict.fromkeys(r.target for r in removed if r.target))
    more = f", {len(targets) - shown} more" if len(targets) > shown else ""
    return kinds + (f" ({redact(', '.join(targets[:shown]))}{more})" if targets else "")


_STRIPPED: dict[tuple[str, int, int], bytes] = {}  # (path, mtime_ns, size) -> the package stripped
_STRIPPED_KEPT = 4  # templates kept (a firm has one; a test or a change of settings makes more)
_STRIPPED_LOCK = threading.Lock()


def open_template(path: str | Path):
    """The python-docx `Document` of the firm's template at `path`: refused in one line (`BadDocument`) when it
    is missing, not a Word file or past a document budget; every link to outside the document removed (once
    for each version of the file: its path, modification time and size)."""
    from docx import Document

    p = Path(path).expanduser()
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
        with _STRIPPED_LOCK:
            data = _STRIPPED.get(key)
        if data is None:
            data = _load(p, st.st_size)
            with _STRIPPED_LOCK:
                while len(_STRIPPED) >= _STRIPPED_KEPT:
                    del _STRIPPED[next(iter(_STRIPPED))]
                _STRIPPED[key] = data
        return Document(io.BytesIO(data))
    except FileNotFoundError:
        raise BadDocument(M.DOCX_TEMPLATE_MISSING.format(path=p)) from None
    except BadDocument:
        raise
    except Exception as exc:  # python-docx raises several kinds for a damaged or non-.docx file
        raise BadDocument(M.DOCX_TEMPLATE_UNREADABLE.format(path=p, error=exc.__class__.__name__)) from None


def _load(p: Path, size: int) -> bytes:
    """The template's bytes, held to the document budgets, stripped of every link outside (what went, logged)."""
    from indexers.budgets import Budgets
    from indexers.extract import check_format, check_zip

    if size > MAX_TEMPLATE_BYTES:
        raise BadDocument(M.DOCX_TEMPLATE_TOO_LARGE.format(path=p, mb=MAX_TEMPLATE_BYTES // 1_000_000))
    data = p.read_bytes()
    # a template is a Word file like any other: its parts, decompressed size and elements are counted
    # before python-docx builds them (a 27 KB file can hold a gigabyte of XML)
    budgets = Budgets()
    clock = budgets.clock(p.name)
    try:
        fmt = check_format(data, p.name, budgets=budgets)
    except BadDocument as exc:
        if "RULEBOT_" in str(exc):  # past a budget: say which, and the setting
            raise
        fmt = ""
    if fmt != "docx":
        raise BadDocument(M.DOCX_TEMPLATE_UNREADABLE.format(path=p, error="not a Word .docx file"))
    check_zip(data, p.name, budgets, clock, elements=True)
    data, removed = strip_external(data)
    if removed:
        log.warning("the Word template %s reached outside the document; removed from the draft: %s",
                    p.name, describe(removed))
    return data


def strip_external(data: bytes) -> tuple[bytes, tuple[Reach, ...]]:
    """The Word package `data` without any link to outside it, and what was removed; `data` itself when
    there was nothing to remove.

    External relationships go from every ``.rels`` part, with the element of the part that names each (a
    hyperlink keeps its words; a picture its embedded copy); fields not kept (`kept_field`, and any whose
    code holds another field) lose their code and keep their last result; mail-merge settings go."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        parts = {i.filename: zf.read(i) for i in infos}
    trees: dict[str, object] = {}

    def tree(name: str):
        if name not in trees:
            raw = parts.get(name, b"")
            try:
                trees[name] = etree.fromstring(raw, parser) if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") \
                    else None
            except etree.XMLSyntaxError:
                trees[name] = None
        return trees[name]

    removed: list[Reach] = []
    changed: set[str] = set()
    for name in parts:
        if not name.endswith(".rels"):
            continue
        rels = tree(name)
        if rels is None:
            continue
        gone = set()
        for rel in list(rels):
            if rel.tag == f"{_PKG_RELS}Relationship" and (rel.get("TargetMode") or "").lower() == "external":
                gone.add(rel.get("Id"))
                removed.append(Reach((rel.get("Type") or "").rsplit("/", 1)[-1], rel.get("Target") or ""))
                rels.remove(rel)
        if gone:
            changed.add(name)
            source = _source_part(name)
            root = tree(source) if source in parts else None
            if root is not None and _drop_references(root, gone):
                changed.add(source)
    for name in parts:
        root = tree(name)
        if root is None:
            continue
        found = _drop_fields(root) + _drop_mail_merge(root)
        if found:
            removed.extend(found)
            changed.add(name)
    if not changed:
        return data, ()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in infos:
            body = parts[info.filename]
            if info.filename in changed:
                body = etree.tostring(trees[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True)
            zf.writestr(info.filename, body)
    return out.getvalue(), tuple(removed)


def _source_part(rels_name: str) -> str:
    """The part a ``.rels`` part belongs to: ``word/_rels/document.xml.rels`` -> ``word/document.xml``
    (``_rels/.rels``, the package's own, belongs to no part: "")."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]) if base != ".rels" else ""


def _drop_references(root, ids: set[str]) -> bool:
    """Remove what names the relationships `ids` in a part: a hyperlink is unwrapped (its words stay), a
    picture's link attribute goes (its embedded copy stays), any other element naming one goes whole."""
    hits = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        names = [a for a, v in el.attrib.items() if v in ids and (a.startswith(_REL_ATTRIBUTE_NAMESPACES)
                                                                   or a == _VML_RELID)]
        if names:
            hits.append((el, names))
    for el, names in hits:
        if el.tag == f"{_W}hyperlink":
            _unwrap(el)
        elif el.tag == f"{_A}blip":
            for a in names:
                del el.attrib[a]
        elif el.getparent() is not None:
            el.getparent().remove(el)
    return bool(hits)


def _unwrap(el) -> None:
    """Put `el`'s children where it is, and remove it."""
    parent = el.getparent()
    if parent is None:
        return
    at = parent.index(el)
    for i, child in enumerate(list(el)):
        parent.insert(at + i, child)
    parent.remove(el)


def kept_field(code: str) -> bool:
    r"""Whether a field keeps its code: one of `KEPT_FIELDS` (a ``HYPERLINK`` only to a place in the document).

    >>> kept_field(" PAGE \\* MERGEFORMAT "), kept_field(' INCLUDEPICTURE "http://x.example/p.png" \\d ')
    (True, False)
    >>> kept_field(' HYPERLINK \\l "_Toc1" \\h '), kept_field(' HYPERLINK "\\\\srv\\a.docx" \\l "x" '), kept_field(" ")
    (True, False, False)
    """
    words = re.findall(r'"[^"]*"?|\S+', code)
    if not words or words[0].upper() not in KEPT_FIELDS:
        return False
    if words[0].upper() != "HYPERLINK":
        return True
    # HYPERLINK \l "bookmark" [\o "tip"] [\t "frame"] [\h] [\m] [\n]: an address is a word no switch takes
    rest, to_place = iter(words[1:]), False
    for word in rest:
        switch = word.lower()
        if switch in ("\\l", "\\o", "\\t"):
            to_place |= switch == "\\l"
            next(rest, None)
        elif switch not in ("\\h", "\\m", "\\n"):
            return False
    return to_place


def _field_name(code: str) -> str:
    word = (code.split() or [""])[0].upper()
    return word if word.replace("=", "").isalnum() or word == "=" else "(unnamed)"


def _drop_fields(root) -> list[Reach]:
    """Remove the code of every field not kept (`kept_field`), simple and complex, nested too, and of every
    field whose code holds another field; their last results stay as text.  Returns one "field NAME" per field
    removed."""
    removed: list[Reach] = []
    for simple in [el for el in root.iter(f"{_W}fldSimple") if not kept_field(el.get(f"{_W}instr") or "")]:
        removed.append(Reach(f"field {_field_name(simple.get(f'{_W}instr') or '')}"))
        _unwrap(simple)
    fields: list[dict] = []  # open complex fields, innermost last
    doomed = []
    for el in root.iter(f"{_W}fldChar", f"{_W}instrText", f"{_W}delInstrText", f"{_W}t", f"{_W}delText"):
        kind = el.get(f"{_W}fldCharType") if el.tag == f"{_W}fldChar" else \
            "code" if el.tag in (f"{_W}instrText", f"{_W}delInstrText") else "text"
        # what a field's code holds, from its begin to its separate (a nested field whole), goes with its code
        for field in fields:
            if field["in_code"]:
                field["code_part"].append(el)
        if kind == "begin":
            if fields and fields[-1]["in_code"]:
                fields[-1]["nested"] = True
            fields.append({"code_part": [el], "code": "", "in_code": True, "nested": False})
        elif not fields or kind == "text":
            continue  # text outside any field's code; a mark outside any field: left as it is
        elif kind == "code":
            if fields[-1]["in_code"]:
                fields[-1]["code"] += el.text or ""
        elif kind == "separate":
            fields[-1]["in_code"] = False
        elif kind == "end":
            field = fields.pop()
            if field["nested"] or not kept_field(field["code"]):
                name = "(code built by a nested field)" if field["nested"] else _field_name(field["code"])
                removed.append(Reach(f"field {name}"))
                doomed.extend(field["code_part"] + [el])
    for el in doomed:
        if el.getparent() is not None:
            el.getparent().remove(el)
    return removed


def _drop_mail_merge(root) -> list[Reach]:
    """Mail-merge settings (a data source Word connects to, or a query it runs, when the draft opens)."""
    found = [el for el in root.iter(f"{_W}mailMerge") if el.getparent() is not None]
    for el in found:
        el.getparent().remove(el)
    return [Reach("mail merge")] * len(found)
