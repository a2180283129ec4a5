"""Extract step (admin ingestion): a file or URL in, text plus structure hints out.

Supported: PDF with a text layer, HTML, DOCX, Markdown and plain text.  The
text comes out as light Markdown so that later steps can see the structure the
format carried: headings as ``#`` lines (HTML ``<h1>``-``<h6>``, DOCX heading
styles, whole bold lines of a PDF), run-in bold headings of a PDF as
``**L.R. 37-1 Pre-Filing Conference of Counsel.** Text...``, PDF footnote calls
as ``[^1]`` with the footnote bodies collected at the end as ``[^1]: text``.
PDF page furniture (running heads, page numbers, footers that repeat on every
page) is dropped and words hyphenated across lines or pages are rejoined.

Anything that cannot be read is refused with `bot.errors.BadDocument`, whose
message is one line saying why and what to do.  Every document is read within
`indexers.budgets.Budgets` (decompressed size and parts of a Word file, nesting
and elements of a page, PDF pages, text size, time), each measured before the
step it would make expensive: a Word file while it is decompressed, an HTML page
in one pass without building a tree (and never by recursion).  PDF, Word and HTML files are read
in a child process held to a memory limit and a wall clock it cannot escape (`indexers.isolate`),
since one call of their readers can run away between two checks.  Downloads are `indexers.fetch`.

>>> extract_bytes(b"Hello, court.", "note.txt").text
'Hello, court.\\n'
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import statistics
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Mapping

from indexers.errors import BadDocument
from indexers.budgets import Budgets, Deadline, size
from indexers import isolate as _isolate

# what a server may call a file whose format only its bytes and name tell
GENERIC_TYPES = ("application/octet-stream", "binary/octet-stream", "application/download",
                 "application/force-download", "")


@dataclass(frozen=True)
class Format:
    """One format rulebot reads: how it is recognised (its magic bytes, its content types, its suffixes)
    and how it is read.  `reader(data, filename, budgets, clock)` returns an `Extracted`; an `isolated`
    format is read in a child process held to the memory and time budgets (`indexers.isolate`: one call of
    its reader can take gigabytes or minutes); `damaged` is said when a file is named for the format but
    its bytes are not."""

    name: str
    suffixes: tuple[str, ...]
    content_types: tuple[str, ...]
    reader: Any  # Callable[[bytes, str, Budgets, Deadline], Extracted]
    isolated: bool = False
    magic: Any = None  # Callable[[bytes], bool] | None: the bytes say it whatever the name
    damaged: str = ""
    extension: str = ""  # the suffix a download without a name gets


@dataclass(frozen=True)
class Extracted:
    """What a file held: light-Markdown `text` and what its format told us."""

    text: str
    format: str  # one of FORMATS
    filename: str = ""
    title: str = ""  # <title>, DOCX core title, PDF metadata title (may be empty)
    headings: tuple[str, ...] = ()  # headings found from the format's structure (bold, styles, <hN>)
    pages: int = 0
    front_matter: Mapping[str, Any] = field(default_factory=dict)  # Markdown input that had some
    links: tuple[tuple[str, str], ...] = ()  # (text, href) of documents an HTML page links to (PDF, DOCX)
    hints: Mapping[str, str] = field(default_factory=dict)  # e.g. the ECF stamp's docket and filing date


# --- entry points ---------------------------------------------------------------------


def _budgets(budgets: Budgets | None, max_bytes: int | None) -> Budgets:
    b = budgets or Budgets()
    return dataclasses.replace(b, max_bytes=max_bytes) if max_bytes else b


def extract_file(path: str | Path, *, max_bytes: int | None = None, budgets: Budgets | None = None,
                 isolate: bool = True) -> Extracted:
    """Read a local file and extract it (refused: missing, empty, too large, unsupported, over a budget)."""
    p = Path(path)
    if not p.is_file():
        raise BadDocument(f"{p}: no such file")
    b = _budgets(budgets, max_bytes)
    _check_size(p.name, p.stat().st_size, b.max_bytes)
    return extract_bytes(p.read_bytes(), p.name, budgets=b, isolate=isolate)


def extract_bytes(data: bytes, filename: str, content_type: str = "", *,
                  max_bytes: int | None = None, budgets: Budgets | None = None, isolate: bool = True) -> Extracted:
    """Extract `data` whose name is `filename` (the format is sniffed, then taken from the name).

    A format whose reader can blow up inside one call (`ISOLATED`) is read in a child process held to
    the memory and time budgets (`indexers.isolate`); `isolate=False` reads it in this process (as that
    child does)."""
    b = _budgets(budgets, max_bytes)
    clock = b.clock(filename or "the file")
    fmt = check_format(data, filename, content_type, budgets=b)
    if isolate and BY_NAME[fmt].isolated:
        return _isolate.run(b, filename or "the file", extract_bytes, data, filename, content_type, budgets=b,
                            isolate=False)
    got = BY_NAME[fmt].reader(data, filename, b, clock)
    _check_text(filename, len(got.text), b)
    clock.check()
    return got


def check_format(data: bytes, filename: str, content_type: str = "", *, budgets: Budgets | None = None) -> str:
    """The checks that need no extraction: size, the parts of a zip package (counted before
    `zipfile` builds one object per part), then the format (`sniff_format`).  Cheap; run before
    anything compares or stores the bytes."""
    b = budgets or Budgets()
    _check_size(filename, len(data), b.max_bytes)
    if not data.strip():
        raise BadDocument(f"{filename}: the file is empty")
    if data[:4] == b"PK\x03\x04":
        _check_zip_entries(data, filename, b)
    return sniff_format(data, filename, content_type)


def _check_text(name: str, chars: int, b: Budgets) -> None:
    if chars > b.text_chars:
        raise b.refuse("text_chars", name, "its text is longer than")


# --- zip packages (DOCX) ---------------------------------------------------------------------


def zip_entries(data: bytes) -> int:
    """At most how many parts `zipfile` would find in a zip package: the most of its end record's
    count, the records its central directory's size has room for, and the records counted there
    (no entry objects are built, so a package of a million parts costs nothing to measure)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if end < 0:
        return 0
    declared = int.from_bytes(data[end + 10:end + 12], "little")
    cd_size = int.from_bytes(data[end + 12:end + 16], "little")
    cd_at = int.from_bytes(data[end + 16:end + 20], "little")
    lo, hi = (cd_at, cd_at + cd_size) if cd_at + cd_size <= end else (0, end)
    # zipfile reads the directory from where its size says it ends, whatever its offset and count
    # claim: at most one entry per 46 bytes (the fixed part of a directory record)
    by_size = 0 if cd_size == 0xFFFFFFFF else min(cd_size, end) // 46
    return max(0 if declared == 0xFFFF else declared, by_size, data.count(b"PK\x01\x02", lo, hi))


def _check_zip_entries(data: bytes, name: str, budgets: Budgets) -> None:
    n = zip_entries(data)
    if n > budgets.zip_entries:
        raise budgets.refuse("zip_entries", name, f"its zip package holds up to {n:,} parts, more than")


def check_zip(data: bytes, name: str, budgets: Budgets, clock: Deadline, *, elements: bool = False) -> None:
    """Refuse a zip package with too many parts or that decompresses past the budget; it is
    decompressed in 1 MB steps and counted, never held (the sizes its header claims are not trusted).

    `elements` (a Word file): in the same pass, the elements of every XML part (``*.xml``, ``*.rels``:
    python-docx finds its main part through ``_rels/.rels`` and parses styles, numbering, headers...) are
    counted against one total, at C speed: an element is a start tag, a '<' that is not '</', '<?' or '<!'
    (XML allows no raw '<' in text or attribute values, so the count is exact, or over in a comment or CDATA
    holding '<'). A part that is not well-formed is left to python-docx's parser, which only ever sees what
    fits the budget.

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as zf:
    ...     zf.writestr("word/document.xml", '<?xml version="1.0"?><!-- c --><w:d a="1"><w:p/><w:p>t</w:p></w:d>')
    >>> b = Budgets(docx_elements=3); check_zip(buf.getvalue(), "a.docx", b, b.clock("a"), elements=True)
    >>> b = Budgets(docx_elements=2); check_zip(buf.getvalue(), "a.docx", b, b.clock("a"), elements=True)
    Traceback (most recent call last):
    ...
    indexers.errors.BadDocument: a.docx: its XML parts have more elements than the limit of 2 (RULEBOT_MAX_DOCX_ELEMENTS); ...
    """
    _check_zip_entries(data, name, budgets)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        return  # not a zip after all: `sniff_format` says what it is
    total = n = 0
    with zf:
        try:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                xml = elements and info.filename.lower().endswith((".xml", ".rels"))
                with zf.open(info) as f:
                    carry = b""  # the last byte of the piece before: a '</' may straddle two pieces
                    while chunk := f.read(1 << 20):
                        total += len(chunk)
                        if total > budgets.docx_bytes:
                            raise budgets.refuse("docx_bytes", name, "it decompresses to more than")
                        if xml:
                            joined = carry + chunk
                            n += chunk.count(b"<") - joined.count(b"</") - joined.count(b"<?") - joined.count(b"<!")
                            carry = chunk[-1:]
                            if n > budgets.docx_elements:
                                raise budgets.refuse("docx_elements", name, "its XML parts have more elements than")
                        clock.check()
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError,
                OSError) as exc:
            raise BadDocument(f"{name}: the zip package is damaged ({_why(exc)}); get a fresh copy") from None


def sniff_format(data: bytes, filename: str, content_type: str = "") -> str:
    """The format of `data`: magic bytes first, then the server's content type, then the file name."""
    name = filename or "the file"
    head = data[:1024].lstrip()
    for f in FORMAT_TABLE:  # the bytes say it, whatever the name
        if f.magic is not None and f.magic(data):
            return f.name
    if data[:4] == b"PK\x03\x04":
        raise BadDocument(f"{name}: a ZIP or Office file that is not a Word .docx document; "
                          "save it as PDF, DOCX, HTML or text and add it again")
    suffix = Path(filename.split("?")[0]).suffix.lower()
    for f in FORMAT_TABLE:  # named for a format whose bytes would have said so
        if f.damaged and suffix in f.suffixes:
            raise BadDocument(f"{name}: {f.damaged}")
    ctype = content_type.split(";")[0].strip().lower()
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:4096].lower():
        return "html"
    if ctype in CONTENT_TYPE_FORMAT and ctype not in ("text/plain",):
        return CONTENT_TYPE_FORMAT[ctype]
    if suffix in SUFFIX_FORMAT:
        return SUFFIX_FORMAT[suffix]
    if ctype == "text/plain":
        return "text"
    readable = "rulebot reads " + READABLE
    if ctype and ctype not in GENERIC_TYPES:
        raise BadDocument(f"{name}: unsupported content type {ctype}; {readable}")
    if suffix:
        raise BadDocument(f"{name}: unsupported file type {suffix}; {readable}")
    if _looks_textual(data):
        return "text"
    raise BadDocument(f"{name}: unrecognised file format; {readable}")


def _is_docx(data: bytes) -> bool:
    """A zip package holding a Word document's main part."""
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


def _check_size(name: str, n: int, max_bytes: int) -> None:
    if n == 0:
        raise BadDocument(f"{name}: the file is empty")
    if n > max_bytes:
        raise BadDocument(f"{name}: the file is {size(n)}, over the {size(max_bytes)} limit "
                          "(RULEBOT_MAX_DOCUMENT_MB); split it or ask for a smaller copy")


def _looks_textual(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > len(sample) - 4  # cut in the middle of a character


def _decode(data: bytes, filename: str) -> str:
    if b"\x00" in data[:4096]:
        raise BadDocument(f"{filename}: binary data, not text; rulebot reads PDF, HTML, DOCX, Markdown and text")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- plain text and Markdown -----------------------------------------------------------

_FM = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def extract_text(text: str, filename: str, fmt: str = "text") -> Extracted:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    front: dict = {}
    m = _FM.match(text)
    if m:
        import yaml

        from indexers.load import read_yaml

        try:
            data = read_yaml(m.group(1)) or {}
        except yaml.YAMLError:
            raise BadDocument(f"{filename}: the front matter at the top is not valid YAML; fix it and add it again") from None
        if isinstance(data, dict):
            front = data
            text = text[m.end():]
    if not text.strip():
        raise BadDocument(f"{filename}: the file has no text")
    headings = tuple(h.strip("# ").strip() for h in re.findall(r"^#{1,6}\s+.+$", text, re.M)) if fmt == "markdown" else ()
    title = headings[0] if headings else ""
    return Extracted(text=text.strip() + "\n", format=fmt, filename=filename, title=title,
                     headings=headings, front_matter=front)


# --- HTML --------------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "select", "input", "textarea")
_OUTSIDE_CONTENT = ("nav", "aside")
_BLOCK = ("p", "div", "section", "article", "main", "li", "tr", "blockquote", "pre", "dd", "dt",
          "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "br", "td", "th", "details",
          "header", "footer", "summary")
_NOISE = re.compile(r"^(?:nav|navbar|navigation|menu|main-menu|breadcrumbs?|sidebar|site-?header|site-?footer|"
                    r"skip-?link|skip-?to-?content|cookies?|cookie-?banner|social|share|social-?share|"
                    r"search|search-?form|visually-?hidden|sr-only|print-?only)$", re.I)


def _noise(tag) -> bool:
    tokens = [*(tag.get("class") or []), tag.get("id") or "", tag.get("role") or ""]
    return any(_NOISE.match(t) for t in tokens if t) or tag.get("role") in ("navigation", "banner", "contentinfo") \
        or tag.get("aria-hidden") == "true"


class _HtmlScan(HTMLParser):
    """One pass over a page with no tree built: counts elements and nesting (refusing past the
    budgets as soon as they are passed) and collects its links as (text, href).  Nesting follows
    the tree BeautifulSoup's html.parser builder makes: void elements do not nest, an end tag
    closes up to its open element, a stray end tag is ignored."""

    def __init__(self, name: str, budgets: Budgets, clock: Deadline):
        super().__init__(convert_charrefs=True)
        from bs4.builder import HTMLTreeBuilder

        self.void = HTMLTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS
        self.name, self.budgets, self.clock = name, budgets, clock
        self.open: list[str] = []
        self.elements = 0
        self.links: list[tuple[str, str]] = []
        self._link: tuple[str, list[str]] | None = None

    def _count(self) -> None:
        self.elements += 1
        if self.elements > self.budgets.html_elements:
            raise self.budgets.refuse("html_elements", self.name, "the page has more elements than")
        if self.elements % 2000 == 0:
            self.clock.check()

    def handle_starttag(self, tag: str, attrs) -> None:
        self._count()
        if tag == "a":
            self._end_link()
            href = dict(attrs).get("href")
            self._link = (href, []) if href else None
        if tag in self.void:
            return
        self.open.append(tag)
        if len(self.open) > self.budgets.html_depth:
            raise self.budgets.refuse("html_depth", self.name, "its elements nest deeper than")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self._count()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._end_link()
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i] == tag:
                del self.open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[1].append(data)

    def _end_link(self) -> None:
        if self._link is not None:
            href, text = self._link
            self.links.append((" ".join("".join(text).split()), href))
            self._link = None


def scan_html(html: str, name: str, budgets: Budgets | None = None, clock: Deadline | None = None) -> _HtmlScan:
    """Measure a page against the budgets (refused past one) without building its tree."""
    b = budgets or Budgets()
    scan = _HtmlScan(name, b, clock or b.clock(name))
    try:
        scan.feed(html)
        scan.close()
    except AssertionError as exc:  # the stdlib parser's answer to some broken markup (`<![foo[ x ]]>`)
        raise BadDocument(f"{name}: the web page is damaged ({_why(exc)}); get a fresh copy") from None
    return scan


def page_links(html: str, name: str, budgets: Budgets | None = None, *,
               isolate: bool = True) -> list[tuple[str, str]]:
    """Every link of a page as (text, href), in order; the page is held to the HTML budgets (and read in
    a child process, like a page that is extracted, unless `isolate` is false)."""
    b = budgets or Budgets()
    if isolate:
        return _isolate.run(b, name, page_links, html, name, b, isolate=False)
    return scan_html(html, name, b).links


def extract_html(html: str, filename: str, budgets: Budgets | None = None, clock: Deadline | None = None) -> Extracted:
    """Main content of a page, headings as ``#`` lines, lists as ``-`` lines, links as their text.

    The content is `<main>` (or `role=main`, `<article>`, `#content`) when the page has one;
    navigation, asides, scripts and forms are dropped.  Accordion and `<summary>` titles and
    paragraphs that are a single bold phrase count as headings.  The page is measured first
    (`scan_html`) and walked without recursion.
    """
    from bs4 import BeautifulSoup, NavigableString, Tag

    b = budgets or Budgets()
    clock = clock or b.clock(filename)
    scan_html(html, filename, b, clock)
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    body = soup.body or soup
    for tag in body.find_all(_DROP_TAGS):
        tag.decompose()
    root = (body.find("main") or body.find(attrs={"role": "main"}) or body.find("article")
            or body.find(id=re.compile(r"^(?:main-?)?content$", re.I)) or body)
    for tag in root.find_all(_OUTSIDE_CONTENT):
        tag.decompose()
    if root is body:
        for tag in root.find_all(("header", "footer")):
            tag.decompose()
    # Drop the outermost noise elements (BeautifulSoup's `decomposed` would search each one's subtree:
    # quadratic in the depth of the page).
    noisy = [tag for tag in root.find_all(True) if _noise(tag)]
    marked = {id(tag) for tag in noisy}
    for tag in noisy:
        if not any(id(up) in marked for up in tag.parents):
            tag.decompose()

    last_level = [0]

    def heading_level(tag: Tag) -> int:
        """h1-h6 by number; a pseudo-heading (accordion title, <summary>, bold paragraph) sits at the
        level of the section heading before it, under the page title."""
        if re.fullmatch(r"h[1-6]", tag.name):
            last_level[0] = int(tag.name[1])
            return last_level[0]
        level = _pseudo_heading(tag)
        if level:
            last_level[0] = max(2, last_level[0])
            return last_level[0]
        return 0

    def _pseudo_heading(tag: Tag) -> int:
        if tag.name == "summary" or tag.get("role") == "heading":
            return int(tag.get("aria-level") or 3) if str(tag.get("aria-level") or "3").isdigit() else 3
        classes = " ".join(tag.get("class") or [])
        if tag.name in ("div", "button", "a") and re.search(r"accordion-(?:header|title|button|toggle)|panel-title",
                                                           classes):
            return 3
        if tag.name == "p":
            kids = [k for k in tag.children if not (isinstance(k, NavigableString) and not k.strip())]
            if len(kids) == 1 and isinstance(kids[0], Tag) and kids[0].name in ("strong", "b"):
                text = kids[0].get_text(" ", strip=True)
                if 0 < len(text) <= 100 and not text.endswith((".", ",", ";")):
                    return 3
        return 0

    out: list[str] = []
    headings: list[str] = []
    links = tuple(dict.fromkeys(
        (a.get_text(" ", strip=True) or a["href"], a["href"]) for a in root.find_all("a", href=True)
        if re.search(r"\.(?:pdf|docx)(?:$|[?#])", a["href"], re.I)))

    def flush(buf: list[str]) -> None:
        s = re.sub(r"\s+", " ", "".join(buf)).strip()
        buf.clear()
        if s:
            out.append(s)

    def end_item(inner: list[str]) -> None:
        s = re.sub(r"\s+", " ", "".join(inner)).strip()
        if s:
            out.append(f"- {s}")

    def end_block(buf: list[str], name: str) -> None:
        flush(buf)
        if name in ("p", "div", "section", "article", "table", "ul", "ol", "blockquote", "pre"):
            out.append("")

    # The walk keeps its own stack (children left to visit, the buffer they write to, what to do
    # when they are done), so a deep page costs memory, never Python's recursion limit.
    buf: list[str] = []
    stack: list[tuple[Any, list[str], Any]] = [(iter(root.children), buf, None)]
    seen = 0
    while stack:
        children, into, when_done = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if when_done is not None:
                when_done()
            continue
        seen += 1
        if seen % 2000 == 0:
            clock.check()
        if isinstance(child, NavigableString):
            if type(child).__name__ not in ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"):
                into.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        level = heading_level(child)
        if level:
            flush(into)
            text = re.sub(r"\s+", " ", child.get_text(" ", strip=True)).strip()
            if text:
                headings.append(text)
                out.extend(["", "#" * level + " " + text, ""])
        elif name == "li":
            flush(into)
            inner: list[str] = []
            stack.append((iter(child.children), inner, lambda inner=inner: end_item(inner)))
        elif name == "br":
            flush(into)
        elif name in _BLOCK:
            flush(into)
            stack.append((iter(child.children), into, lambda into=into, name=name: end_block(into, name)))
        else:
            stack.append((iter(child.children), into, None))
    flush(buf)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    words = re.findall(r"[A-Za-z]{2,}", re.sub(r"^#.*$", "", text, flags=re.M))
    if len(words) < 5:
        raise BadDocument(f"{filename}: the web page has no body text (it may need JavaScript or a login); "
                          "save the page's PDF or text instead")
    return Extracted(text=text + "\n", format="html", filename=filename, title=title, headings=tuple(headings),
                     links=links)


# --- DOCX --------------------------------------------------------------------------------


def extract_docx(data: bytes, filename: str, budgets: Budgets | None = None,
                 clock: Deadline | None = None) -> Extracted:
    """Paragraphs of a Word document; heading styles (and whole-bold short paragraphs) become ``#`` lines.

    The package is measured first (`check_zip`: parts, decompressed size and the elements of all its XML
    parts, in one pass), so python-docx only ever parses what fits the budgets."""
    import docx

    b = budgets or Budgets()
    clock = clock or b.clock(filename)
    check_zip(data, filename, b, clock, elements=True)
    try:
        d = docx.Document(io.BytesIO(data))
    except BadDocument:
        raise
    except Exception as exc:  # python-docx raises several kinds for broken packages
        raise BadDocument(f"{filename}: the Word file is damaged ({type(exc).__name__}); get a fresh copy") from None
    out: list[str] = []
    headings: list[str] = []
    chars = 0
    for i, para in enumerate(d.paragraphs):
        if i % 500 == 0:
            clock.check()
            _check_text(filename, chars, b)
        text = re.sub(r"[ \t]+", " ", para.text).strip()
        chars += len(text)
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        level = 0
        m = re.match(r"Heading (\d)", style)
        if m:
            level = int(m.group(1))
        elif style == "Title":
            level = 1
        elif len(text) < 120 and para.runs and all(r.bold for r in para.runs if r.text.strip()):
            level = 2
        if level:
            headings.append(text)
            out.extend(["", "#" * level + " " + text, ""])
        else:
            out.extend([text, ""])
    for table in d.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                out.append(" | ".join(dict.fromkeys(cells)))
        out.append("")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    if not re.search(r"[A-Za-z]{2,}", text):
        raise BadDocument(f"{filename}: the Word file has no text")
    title = (d.core_properties.title or "").strip()
    return Extracted(text=text + "\n", format="docx", filename=filename, title=title, headings=tuple(headings))


# --- PDF ---------------------------------------------------------------------------------


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    words: list[dict]
    size: float = 0.0
    text: str = ""
    bold_prefix: str = ""  # leading bold words (a run-in heading)
    all_bold: bool = False
    footnote_calls: tuple[str, ...] = ()


def _is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", fontname or "", re.I))


def _name(word: str) -> bytes:
    """A pattern for the PDF name /`word` however it is written: each character as itself or as its #xx escape
    (/P#61ge is /Page, as a parser reads it), so that no escape hides a page from the count below.

    >>> bool(re.fullmatch(_name("Page"), b"/P#61g#65")), bool(re.fullmatch(_name("Page"), b"/Pag"))
    (True, False)
    """
    def hexdigit(d: str) -> bytes:
        return f"[{d.upper()}{d.lower()}]".encode() if d.isalpha() else d.encode()

    return b"/" + b"".join(b"(?:%s|#%s%s)" % (re.escape(c).encode(), hexdigit(f"{ord(c):02x}"[0]),
                                              hexdigit(f"{ord(c):02x}"[1])) for c in word)


_PAGE_OBJECT = re.compile(_name("Type") + rb"\s*" + _name("Page") + rb"(?![a-zA-Z#])")
_PAGES_COUNT = re.compile(_name("Type") + rb"\s*" + _name("Pages") + rb"(?![a-zA-Z#])[^>]{0,200}?" + _name("Count") +
                          rb"\s+(\d{1,9})|" + _name("Count") + rb"\s+(\d{1,9})[^>]{0,200}?" + _name("Type") + rb"\s*" +
                          _name("Pages") + rb"(?![a-zA-Z#])")


def declared_pages(data: bytes) -> int:
    """How many pages a PDF's bytes say it has, without parsing it: its page objects in plain view (their names
    read as a parser reads them: /P#61ge is /Page), or the largest page count its page tree states (objects packed
    in compressed streams are not seen: the parser's count, which stops past the budget, still applies).

    >>> declared_pages(b"1 0 obj <</Type /Pages /Kids [] /Count 70000>> endobj 2 0 obj <</Type /Page>> endobj")
    70000
    >>> declared_pages(b"1 0 obj <</Type /P#61ges /C#6funt 70000>> endobj 2 0 obj <</Type /P#61ge>> endobj")
    70000
    """
    counts = [int(a or b) for a, b in _PAGES_COUNT.findall(data)]
    return max([len(_PAGE_OBJECT.findall(data)), *counts])


def extract_pdf(data: bytes, filename: str, budgets: Budgets | None = None,
                clock: Deadline | None = None) -> Extracted:
    """Text layer of a PDF as light Markdown (see the module docstring).  The pages are counted
    before any is read (refused past the budget); time and text size are checked page by page."""
    import pdfplumber
    from pdfminer.pdfpage import PDFPage

    b = budgets or Budgets()
    clock = clock or b.clock(filename)
    if declared_pages(data) > b.pdf_pages:  # counted in the bytes, before a parser builds anything
        raise b.refuse("pdf_pages", filename, "it has more pages than")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), b.pdf_pages + 1))
    except Exception as exc:  # pdfminer raises many kinds (PDFSyntaxError, PSEOF, ...)
        raise BadDocument(f"{filename}: the PDF is damaged and cannot be read ({_why(exc)}); get a fresh copy") from None
    if n > b.pdf_pages:
        pdf.close()
        raise b.refuse("pdf_pages", filename, "it has more pages than")
    try:
        pages = list(pdf.pages)
    except Exception as exc:
        pdf.close()
        raise BadDocument(f"{filename}: the PDF is damaged and cannot be read ({_why(exc)}); get a fresh copy") from None
    try:
        words_by_page: list[list[dict]] = []
        heights: list[float] = []
        chars = 0
        for page in pages:
            clock.check()
            try:
                words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False,
                                           x_tolerance=1.5, y_tolerance=2)
            except Exception as exc:
                raise BadDocument(f"{filename}: page {page.page_number} of the PDF is damaged ({_why(exc)}); "
                                  "get a fresh copy") from None
            words_by_page.append(words)
            chars += sum(len(w["text"]) + 1 for w in words)
            _check_text(filename, chars, b)
            heights.append(float(page.height))
            page.close()  # drop the page's parsed objects: long PDFs would otherwise hold them all
        meta_title = str((pdf.metadata or {}).get("Title") or "").strip()
    finally:
        pdf.close()
    if not pages:
        raise BadDocument(f"{filename}: the PDF has no pages")
    all_words = [w for ws in words_by_page for w in ws]
    if sum(len(w["text"]) for w in all_words) < 20:
        raise BadDocument(f"{filename}: the PDF has no text layer (it is a scanned image); "
                          "run OCR on it or get a text PDF, then add it again")
    body_size = statistics.mode(round(float(w["size"]), 1) for w in all_words)

    words_by_page = [_drop_line_numbers(ws) for ws in words_by_page]
    page_lines = [_lines(ws, i, body_size) for i, ws in enumerate(words_by_page)]
    ecf: dict[str, str] = {}
    for lines in page_lines:  # the court's electronic-filing stamp: read it, then drop it from the text
        for ln in list(lines):
            m = _ECF_STAMP.match(ln.text.strip())
            if m:
                ecf = ecf or {"docket": m.group("docket"), "filed": m.group("filed"), "document": m.group("doc")}
                lines.remove(ln)
    furniture = _furniture(page_lines, heights)
    body: list[_Line] = []
    footnotes: dict[str, str] = {}
    for i, lines in enumerate(page_lines):
        kept = [ln for ln in lines if (i, id(ln)) not in furniture]
        kept, notes = _split_footnotes(kept, heights[i], body_size)
        footnotes.update(notes)
        body.extend(kept)
    text, headings = _paragraphs(body, body_size)
    if footnotes:
        text += "\n\n" + "\n\n".join(f"[^{n}]: {t}" for n, t in footnotes.items())
    if not re.search(r"[A-Za-z]{3,}", text):
        raise BadDocument(f"{filename}: the PDF has no readable text after removing page headers and footers")
    return Extracted(text=text.strip() + "\n", format="pdf", filename=filename, title=meta_title,
                     headings=tuple(headings), pages=len(pages), hints=ecf)


_ECF_STAMP = re.compile(r"^Case\s+(?P<docket>(?:\d:)?\d{2}-[a-z]{2}-\d{3,6}(?:-[A-Z]{2,5}){0,3})\s+Document\s+"
                        r"(?P<doc>\d+(?:-\d+)?)\s+Filed\s+(?P<filed>\d{1,2}/\d{1,2}/\d{2,4})\s+Page\s+\d+\s+of\s+\d+"
                        r"(?:\s+Page\s*ID\s*#?:?\s*\d+)?\s*$", re.I)


def _drop_line_numbers(words: list[dict]) -> list[dict]:
    """Pleading paper: the numbers 1-28 printed in a column down the left margin are not text."""
    nums = [w for w in words if re.fullmatch(r"\d{1,2}", w["text"]) and 1 <= int(w["text"]) <= 28]
    if len(nums) < 10:
        return words
    column = statistics.mode(round(float(w["x1"])) for w in nums)
    col = [w for w in nums if abs(float(w["x1"]) - column) <= 3]
    others = [w for w in words if w not in col]
    right_of = sum(1 for w in others if float(w["x0"]) > column)
    if len(col) < 10 or (others and right_of < 0.7 * len(others)):
        return words
    drop = {id(w) for w in col}
    return [w for w in words if id(w) not in drop]


def _why(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg[:80]}" if msg else type(exc).__name__


def _lines(words: list[dict], page: int, body_size: float) -> list[_Line]:
    """Group a page's words into lines; small raised digits are footnote calls."""
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (float(w["bottom"]), float(w["x0"]))):
        top, bottom = float(w["top"]), float(w["bottom"])
        for ln in lines:
            overlap = min(ln.bottom, bottom) - max(ln.top, top)
            if overlap > 0.4 * min(bottom - top, ln.bottom - ln.top):
                ln.words.append(w)
                if float(w["size"]) >= 0.9 * ln.size:
                    ln.top, ln.bottom = min(ln.top, top), max(ln.bottom, bottom)
                ln.size = max(ln.size, float(w["size"]))
                break
        else:
            lines.append(_Line(page, top, bottom, float(w["x0"]), [w], float(w["size"])))
    for ln in lines:
        ln.words.sort(key=lambda w: float(w["x0"]))
        ln.x0 = float(ln.words[0]["x0"])
        main = max(float(w["size"]) for w in ln.words)
        ln.size = main
        parts: list[str] = []
        calls: list[str] = []
        bold_prefix: list[str] = []
        prefix_open = True
        for w in ln.words:
            small = float(w["size"]) < 0.8 * main
            raised = float(w["bottom"]) < ln.bottom - 0.25 * (ln.bottom - ln.top)
            if small and raised and re.fullmatch(r"\*?\d{1,3}|[*†‡§]", w["text"]) and parts:
                calls.append(w["text"].strip("*"))
                parts[-1] += f"[^{w['text'].strip('*')}]"
                continue
            parts.append(w["text"])
            if prefix_open and _is_bold(w["fontname"]):
                bold_prefix.append(w["text"])
            else:
                prefix_open = False
        ln.text = " ".join(parts)
        ln.all_bold = prefix_open and bool(bold_prefix)
        ln.bold_prefix = " ".join(bold_prefix)
        ln.footnote_calls = tuple(calls)
    return sorted(lines, key=lambda ln: ln.top)


_PAGE_NO = re.compile(r"^(?:[-–—]\s*)?(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s+of\s+\d{1,4})?(?:\s*[-–—])?$|"
                      r"^(?:chapter\s+[ivxlc\d]+\s*[-–—:]\s*)?(?:page\s+)?\d{1,4}$", re.I)


def _norm_furniture(s: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", s.strip().lower()))


def _furniture(page_lines: list[list[_Line]], heights: list[float]) -> set[tuple[int, int]]:
    """Running heads, page numbers and repeated footers: lines in the top or bottom margin band
    that are page numbers or that repeat (digits ignored) on at least half of the pages."""
    n = len(page_lines)
    band: list[tuple[int, _Line]] = []
    for i, lines in enumerate(page_lines):
        h = heights[i]
        for ln in lines:
            if ln.top < 0.1 * h or ln.bottom > 0.9 * h:
                band.append((i, ln))
    counts = Counter(_norm_furniture(ln.text) for _, ln in band)
    pages_with = Counter()
    for key in counts:
        pages_with[key] = len({i for i, ln in band if _norm_furniture(ln.text) == key})
    drop: set[tuple[int, int]] = set()
    for i, ln in band:
        key = _norm_furniture(ln.text)
        if _PAGE_NO.match(ln.text.strip()) or (n >= 2 and pages_with[key] >= max(2, (n + 1) // 2)):
            drop.add((i, id(ln)))
    return drop


def _split_footnotes(lines: list[_Line], height: float, body_size: float) -> tuple[list[_Line], dict[str, str]]:
    """Footnote bodies: small-type lines in the lower part of the page, the first starting with its number."""
    notes: dict[str, str] = {}
    start = None
    for j, ln in enumerate(lines):
        if ln.top > 0.5 * height and ln.size < 0.9 * body_size and re.match(r"^\*?\d{1,3}\s?\S", ln.text):
            start = j
            break
    if start is None:
        return lines, notes
    if not all(ln.size < 0.9 * body_size for ln in lines[start:]):
        return lines, notes
    cur = None
    for ln in lines[start:]:
        m = re.match(r"^\*?(\d{1,3})\s*(.*)$", ln.text)
        if m and (cur is None or ln.x0 <= lines[start].x0 + 1):
            cur = m.group(1)
            notes[cur] = m.group(2)
        elif cur is not None:
            notes[cur] = _join_words(notes[cur], ln.text)
    return lines[:start], notes


_KEEP_HYPHEN = re.compile(r"^(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|self|non|court|pre|post|co)$", re.I)


def _join_words(left: str, right: str, vocab: set[str] | None = None) -> str:
    """Join two lines, rejoining a word hyphenated across them (`memo-` + `randum`)."""
    m = re.search(r"([A-Za-z]+)-$", left)
    if m and re.match(r"[a-z]", right):
        first = re.match(r"[A-Za-z]+", right).group(0)
        joined = m.group(1) + first
        keep_hyphen = (vocab is not None and (f"{m.group(1)}-{first}".lower() in vocab
                                              and joined.lower() not in vocab)) or bool(_KEEP_HYPHEN.match(m.group(1)))
        if not keep_hyphen:
            return left[:-1] + right
        return left + right
    return f"{left} {right}" if left else right


def _paragraphs(lines: list[_Line], body_size: float) -> tuple[str, list[str]]:
    """Lines (furniture removed, across pages) into Markdown paragraphs."""
    vocab = {w.lower() for ln in lines for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", ln.text)
             if not ln.text.endswith(w + "-")}
    xs = Counter(round(ln.x0) for ln in lines)
    left = min((x for x, c in xs.items() if c >= max(2, len(lines) // 20)), default=min(xs, default=0))
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom]
    usual_gap = statistics.median(gaps) if gaps else body_size * 0.3
    paras: list[str] = []
    headings: list[str] = []
    cur = ""
    prev: _Line | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        heading_line = ln.all_bold and len(text) < 160
        run_in = bool(ln.bold_prefix) and not ln.all_bold and ln.x0 <= left + 2
        new_para = (
            prev is None or heading_line or run_in or (prev.all_bold and not heading_line)
            or (prev.page == ln.page and ln.top - prev.bottom > usual_gap + 0.6 * body_size)
            or ln.x0 > left + 8 and (prev is None or not _continues(cur))
            or (re.match(r"^\(([a-z]|\d{1,2}|[ivx]{1,4})\)\s", text) is not None and _item_may_start(cur))
        )
        # a bold heading wrapped onto a second line continues the heading above it
        continues_heading = (
            prev is not None and prev.all_bold and not cur and paras and paras[-1].startswith("## ")
            and prev.page == ln.page and ln.top - prev.bottom < usual_gap + 0.6 * body_size
            and not re.search(r"[.:]$", paras[-1]) and not _NUMBERED_HEADING.match(text))
        if heading_line:
            if cur:
                paras.append(cur)
            cur = ""
            if continues_heading:
                paras[-1] = _join_words(paras[-1], text, vocab)
                headings[-1] = paras[-1][3:]
            else:
                paras.append("## " + text)
                headings.append(text)
        elif new_para:
            if cur:
                paras.append(cur)
            if run_in:
                bp = ln.bold_prefix
                if continues_heading:  # a run-in heading that started on the line above
                    bp = _join_words(paras.pop()[3:], bp, vocab)
                    headings.pop()
                    text = bp + text[len(ln.bold_prefix):]
                headings.append(bp)
                cur = f"**{bp}**" + text[len(bp):]
            else:
                cur = text
        else:
            cur = _join_words(cur, text, vocab)
        prev = ln
    if cur:
        paras.append(cur)
    return "\n\n".join(paras), headings


_NUMBERED_HEADING = re.compile(r"^(?:L\.\s?R\.\s*\d|Rule\s+\d|F\.\s?R\.|[IVX]{1,6}\.\s|[A-H]\.\s|\d{1,2}\.\s|\([a-z0-9]{1,3}\)\s)")


def _item_may_start(cur: str) -> bool:
    """A line starting "(a) " opens a list item only after a sentence, a colon/semicolon or "; and"."""
    return not _continues(cur) or bool(re.search(r"[;,]\s*(?:and|or)$", cur))


def _continues(cur: str) -> bool:
    """An indented line continues the paragraph when the paragraph is mid-sentence."""
    return bool(cur) and not re.search(r"[.:;]$", cur.rstrip("*"))


# --- the formats, in one table ---------------------------------------------------------------------
# To read another format: a reader here and a row below.  Indexing (`corpus add`, `sync`), `rulebot check`,
# a file shared in chat and a URL's download all read through this table (`extract_bytes`, `sniff_format`,
# `indexers.fetch`), under the same budgets.

FORMAT_TABLE: tuple[Format, ...] = (
    Format("pdf", (".pdf",), ("application/pdf", "application/x-pdf"), extract_pdf, isolated=True,
           magic=lambda data: b"%PDF-" in data[:1024],
           damaged="the PDF is damaged or not a PDF (no PDF header); get a fresh copy", extension=".pdf"),
    Format("html", (".html", ".htm", ".xhtml"), ("text/html", "application/xhtml+xml"),
           lambda data, name, b, clock: extract_html(_decode(data, name), name, b, clock), isolated=True,
           extension=".html"),
    Format("docx", (".docx",), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
           extract_docx, isolated=True, magic=lambda data: _is_docx(data),
           damaged="the Word file is damaged (not a .docx package); get a fresh copy", extension=".docx"),
    Format("markdown", (".md", ".markdown"), ("text/markdown", "text/x-markdown"),
           lambda data, name, b, clock: extract_text(_decode(data, name), name, "markdown"), extension=".md"),
    Format("text", (".txt", ".text"), ("text/plain",),
           lambda data, name, b, clock: extract_text(_decode(data, name), name, "text"), extension=".txt"),
)
BY_NAME = {f.name: f for f in FORMAT_TABLE}
assert len(BY_NAME) == len(FORMAT_TABLE) and all(f.reader for f in FORMAT_TABLE)
FORMATS = tuple(BY_NAME)
ISOLATED = frozenset(f.name for f in FORMAT_TABLE if f.isolated)
SUFFIX_FORMAT = {s: f.name for f in FORMAT_TABLE for s in f.suffixes}
CONTENT_TYPE_FORMAT = {t: f.name for f in FORMAT_TABLE for t in f.content_types}
READABLE = "PDF, HTML, DOCX, Markdown and text"
