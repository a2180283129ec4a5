"""Extract and detect steps: fixture documents built at test time, refusals, downloads from a local server."""

from __future__ import annotations

import re

import pytest

from bot.errors import BadDocument
from fixtures import make_docs as md
from fixtures.http_server import FixtureSite
from indexers.detect import court_abbrev, describe, detect, normalize_date
from indexers.extract import extract_bytes, extract_file
from indexers.fetch import fetch as fetch_anywhere

LOOPBACK = ("127.0.0.1",)  # the fixture site is a loopback server: allowed here as RULEBOT_FETCH_ALLOW would


def fetch(url, **kw):
    return fetch_anywhere(url, allow=LOOPBACK, **kw)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    d = tmp_path_factory.mktemp("docs")
    info = md.local_rules_pdf(d / "LocalRules.pdf")
    md.image_only_pdf(d / "scanned.pdf")
    md.corrupt_pdf(d / "corrupt.pdf")
    md.procedures_html(d / "procedures.html")
    md.procedures_html(d / "app-shell.html", with_body=False)
    md.order_docx(d / "order.docx")
    md.zip_not_docx(d / "sheet.docx")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.md").write_text("\n  \n")
    (d / "data.xlsx").write_bytes(b"\x00\x01binary spreadsheet\x00")
    (d / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (d / "notes.txt").write_text("L.R. 1-1 Title. Plain text rules, test fixture text.\n")
    (d / "fm.md").write_text("---\ncourt: C.D. Cal.\ntype: local_rules\n---\n# Rules\n\nL.R. 1-1 One. Text.\n")
    return d, info


def test_pdf_drops_page_furniture_and_keeps_structure(docs):
    d, info = docs
    got = extract_file(d / "LocalRules.pdf")
    assert got.format == "pdf" and got.pages == info.pages >= 2
    assert md.RUNNING_HEAD not in got.text
    assert "Chapter I - Page" not in got.text and "Test fixture, effective" not in got.text
    # bold run-in headings are marked, whole bold lines are headings
    assert "**L.R. 37-2.3 Supplemental Memorandum.** After the Joint Stipulation" in got.text
    assert "## L.R. 37-2 Discovery Motions - Joint Stipulation." in got.text
    assert "## F.R.CIV.P. 37. FAILURE TO MAKE DISCLOSURES" in got.text
    # the footnote call is marked where it is made, its text collected once
    assert "good faith[^1] to eliminate" in got.text
    assert got.text.count(md.FOOTNOTE[1]) == 1 and f"[^1]: {md.FOOTNOTE[1]}" in got.text
    # words hyphenated across a line and across a page are whole again; real hyphens stay
    assert "short extension, and the moving party" in got.text
    assert "filed with the stipulation and listed" in got.text
    assert "twenty-one" in got.text and "twentyone" not in got.text
    assert not re.search(r"[a-z]- [a-z]", got.text)
    assert info.supplemental_text in got.text


def test_pleading_paper_order_pdf(tmp_path):
    got = extract_file(md.order_pdf(tmp_path / "order.pdf"))
    assert got.pages == 2 and got.hints == {"docket": md.ORDER_PDF_DOCKET, "filed": "04/14/26", "document": "57"}
    assert "Page ID" not in got.text and "Document 57" not in got.text  # the ECF stamp is read, then dropped
    assert not re.search(r"(?<![\w:-])(?:[1-9]|1\d|2[0-8])(?![\w:-])", got.text.replace("(14)", "")), \
        "margin line numbers or page numbers leaked into the text"
    # the paragraph that runs onto page 2 is one paragraph; indented paragraphs start anew
    assert f"\n\n{md.ORDER_PDF_SECTIONS[2][1]}\n\n" in got.text
    assert "\n\nIT IS SO ORDERED.\n\n" in got.text
    found = detect(got.text, title=got.title, hints=got.hints)
    assert (found.caption, found.judge, found.judge_title, found.docket, found.date) == (
        "Fixture Widgets LLC v. Sample Gadgets Inc.", md.JUDGE, "Magistrate Judge", md.ORDER_PDF_DOCKET, "2026-04-14")


def test_html_main_content_with_markdown_headings(docs):
    d, _ = docs
    got = extract_file(d / "procedures.html")
    assert got.format == "html" and "Rosalind T. Example" in got.title
    for head in md.PROCEDURES_SECTIONS:
        assert f"## {head}\n" in got.text
    for noise in ("Privacy policy", "tracking", "Forms", "font-family"):
        assert noise not in got.text
    assert got.headings[0] == f"Magistrate Judge {md.JUDGE}"


def test_html_judge_name_in_an_article_header_is_kept(tmp_path):
    got = extract_file(md.procedures_accordion_html(tmp_path / "judge.html"))
    assert got.text.startswith(f"# Hon. {md.JUDGE}, United States Magistrate Judge")
    found = detect(got.text, title=got.title)
    assert (found.judge, found.judge_title, found.doc_type) == (md.JUDGE, "Magistrate Judge", "judge_procedures")


def test_docx_headings_by_style(docs):
    d, _ = docs
    got = extract_file(d / "order.docx")
    assert got.format == "docx"
    assert "# ORDER GRANTING STIPULATED PROTECTIVE ORDER" in got.text
    assert "## II. DISCUSSION" in got.text and "## A. Good Cause" in got.text
    assert "Case No. 2:25-cv-01234-ABC-DEF" in got.text


def test_markdown_front_matter_is_read(docs):
    d, _ = docs
    got = extract_file(d / "fm.md")
    assert got.format == "markdown" and got.front_matter == {"court": "C.D. Cal.", "type": "local_rules"}
    assert got.text.startswith("# Rules")


REFUSALS = [  # (file, phrase the one-line reason must contain)
    ("empty.txt", "the file is empty"),
    ("blank.md", "the file is empty"),
    ("scanned.pdf", "no text layer"),
    ("corrupt.pdf", "damaged"),
    ("app-shell.html", "no body text"),
    ("sheet.docx", "not a Word .docx"),
    ("data.xlsx", "unsupported file type .xlsx"),
    ("picture.png", "unsupported file type .png"),
]


@pytest.mark.parametrize("name,phrase", REFUSALS)
def test_bad_files_are_refused_with_one_line_reason(docs, name, phrase):
    d, _ = docs
    with pytest.raises(BadDocument) as err:
        extract_file(d / name)
    msg = str(err.value)
    assert phrase in msg and name in msg and "\n" not in msg and "Traceback" not in msg


def test_size_limit(docs):
    d, _ = docs
    with pytest.raises(BadDocument, match="over the 1 KB limit .RULEBOT_MAX_DOCUMENT_MB."):
        extract_file(d / "LocalRules.pdf", max_bytes=1024)


def test_pdf_misnamed_as_text_is_still_a_pdf(docs):
    d, _ = docs
    got = extract_bytes((d / "LocalRules.pdf").read_bytes(), "download.txt")
    assert got.format == "pdf"


# --- downloads ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(docs):
    d, _ = docs
    with FixtureSite() as s:
        s.put("/rules.pdf", (d / "LocalRules.pdf").read_bytes(), "application/pdf")
        s.put("/page", (d / "procedures.html").read_bytes(), "text/html; charset=utf-8")
        s.put("/logo.png", b"\x89PNG....", "image/png")
        s.put("/attach", (d / "LocalRules.pdf").read_bytes(), "application/octet-stream",
              disposition='attachment; filename="Local Rules 2026.pdf"')
        s.redirects["/old-rules"] = "/rules.pdf"
        for i in range(8):
            s.redirects[f"/loop{i}"] = f"/loop{i + 1}"
        s.slow["/slow"] = 2.0
        s.put("/slow", b"late", "text/plain")
        yield s


def test_fetch_follows_a_redirect_and_returns_validators(site):
    got = fetch(site.url("/old-rules"))
    assert got.status == 200 and got.url.endswith("/rules.pdf") and got.body.startswith(b"%PDF")
    assert got.etag and got.last_modified and got.filename == "rules.pdf"
    again = fetch(site.url("/rules.pdf"), etag=got.etag)
    assert again.status == 304 and again.body == b""
    assert site.requests[-1][1].get("If-None-Match") == got.etag


def test_fetch_names_attachments_from_content_disposition(site):
    assert fetch(site.url("/attach")).filename == "Local_Rules_2026.pdf"


@pytest.mark.parametrize("path,kwargs,phrase", [
    ("/logo.png", {}, "sent image/png"),
    ("/rules.pdf", {"max_bytes": 2000}, "over the 2 KB limit"),
    ("/loop0", {}, "too many redirects"),
    ("/nothing-here", {}, "HTTP 404"),
    ("/slow", {"timeout": 0.5}, "did not answer within 0.5 s"),
])
def test_fetch_refusals(site, path, kwargs, phrase):
    with pytest.raises(BadDocument) as err:
        fetch(site.url(path), **kwargs)
    assert phrase in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("url,phrase", [
    ("file:///etc/passwd", "not a web address"),
    ("ftp://127.0.0.1/x.pdf", "not a web address"),
    ("http://127.0.0.1:1/rules.pdf", "cannot reach the server"),
])
def test_fetch_refuses_other_schemes_and_dead_servers(url, phrase):
    with pytest.raises(BadDocument, match=phrase):
        fetch(url, timeout=2)


# --- detect --------------------------------------------------------------------------

COURTS = [
    ("UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA", "C.D. Cal."),
    ("United States District Court for the Southern District of New York", "S.D.N.Y."),
    ("IN THE UNITED STATES DISTRICT COURT FOR THE DISTRICT OF NEW JERSEY", "D.N.J."),
    ("U.S. District Court, District of Nevada", "D. Nev."),
    ("Northern District of West Virginia", "N.D. W. Va."),
    ("District of Columbia", "D.D.C."),
    ("Eastern District of Texas", "E.D. Tex."),
    ("Superior Court of California", ""),
]


@pytest.mark.parametrize("text,court", COURTS)
def test_court_abbreviations(text, court):
    assert court_abbrev(text) == court


JUDGES = [
    ("Procedures of Magistrate Judge Rosalind T. Example", "Rosalind T. Example", "Magistrate Judge"),
    ("HON. JANE Q. ROE\nUNITED STATES DISTRICT JUDGE", "Jane Q. Roe", "District Judge"),
    ("Dated: May 1, 2026\n\nJOHN A. DOE\nUNITED STATES MAGISTRATE JUDGE", "John A. Doe", "Magistrate Judge"),
    ("Judge Maria Lopez-Garcia requires courtesy copies.", "Maria Lopez-Garcia", "Judge"),
    ("The Court has considered the motion.", "", ""),
]


@pytest.mark.parametrize("text,name,title", JUDGES)
def test_judge_names(text, name, title):
    got = detect(text)
    assert (got.judge, got.judge_title) == (name, title)


def test_detect_order_fields():
    text = ("UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\n\nACME CORP., Plaintiff,\nv. BETA LLC, "
            "Defendant.\n\nCase No. 2:21-cv-01234-ABC-DEF\n\nORDER RE MOTION\n\nIT IS SO ORDERED.\n\n"
            "Dated: June 26, 2020\n")
    got = detect(text)
    assert (got.court, got.docket, got.date, got.doc_type) == ("C.D. Cal.", "2:21-cv-01234-ABC-DEF", "2020-06-26", "order")
    meta = describe(got, {}, where="x")
    assert meta["cite"] == "Acme Corp. v. Beta LLC, No. 2:21-cv-01234 (C.D. Cal. June 26, 2020)"


def test_detect_local_rules_amendment_date(docs):
    d, _ = docs
    got = detect(extract_file(d / "LocalRules.pdf").text)
    assert (got.doc_type, got.court, got.date, got.date_kind) == ("local_rules", "C.D. Cal.", "2026-12-01", "as_amended_to")


MISSING = [  # (text, overrides, flag the message must name)
    ("Some words about nothing in particular, test fixture text.", {}, "--type"),
    ("L.R. 1-1 One. a.\nL.R. 1-2 Two. b.\nL.R. 1-3 Three. c.", {}, "--court"),
    ("## Discovery\n\nCall chambers first.", {"type": "judge_procedures", "court": "C.D. Cal."}, "--judge"),
    ("I. BACKGROUND\n\nFacts.", {"type": "order", "court": "C.D. Cal."}, "--title"),
    ("I. BACKGROUND\n\nFacts.", {"type": "order", "court": "C.D. Cal.", "title": "A v. B"}, "--date"),
    ("text", {"type": "statute"}, "--type"),
]


@pytest.mark.parametrize("text,overrides,flag", MISSING)
def test_missing_metadata_names_the_flag(text, overrides, flag):
    with pytest.raises(BadDocument) as err:
        describe(detect(text), overrides, where="doc.txt")
    msg = str(err.value)
    assert flag in msg and msg.startswith(("doc.txt", "--type")) and "\n" not in msg


def test_overrides_win_and_dates_normalize():
    meta = describe(detect("L.R. 1-1 A. x.\nL.R. 1-2 B. y.\nL.R. 1-3 C. z."), {"court": "N.D. Cal.", "date": "December 1, 2025"},
                    where="x")
    assert (meta["cite"], meta["date"], meta["date_kind"]) == ("N.D. Cal. L.R.", "2025-12-01", "as_amended_to")
    assert normalize_date("3/4/2026") == "2026-03-04"
    with pytest.raises(BadDocument, match="--date"):
        normalize_date("sometime")


@pytest.mark.parametrize("before,starts", [
    ("the application must include the following:", True),
    ("a declaration; and", True),
    ("It is denied.", True),
    ("relief under subsections", False),
    ("", True),
])
def test_a_lettered_line_opens_an_item_only_after_a_break_in_the_sentence(before, starts):
    from indexers.extract import _item_may_start

    assert _item_may_start(before) is starts


# --- the one table of formats ------------------------------------------------------------------------

def test_every_format_is_one_row_read_through_one_table():
    from indexers import extract as ex
    from indexers import fetch

    assert ex.FORMATS == ("pdf", "html", "docx", "markdown", "text")
    for f in ex.FORMAT_TABLE:  # each row names how it is recognised and read
        assert f.suffixes and f.content_types and callable(f.reader) and f.extension in f.suffixes
        assert all(ex.SUFFIX_FORMAT[s] == f.name for s in f.suffixes)
        assert all(ex.CONTENT_TYPE_FORMAT[t] == f.name for t in f.content_types)
        assert all(t in fetch._ACCEPT for t in f.content_types)  # a download asks for what the table reads
    assert ex.ISOLATED == {"pdf", "docx", "html"}


@pytest.mark.parametrize("name,data,said", [
    ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type .rtf"),
    ("scan.pdf", b"not a pdf at all", "the PDF is damaged"),
    ("brief.docx", b"plain words", "the Word file is damaged"),
    ("archive.bin", b"PK\x03\x04rest", "not a Word .docx document"),
])
def test_an_unknown_or_false_format_is_refused_by_name(name, data, said):
    with pytest.raises(BadDocument, match=re.escape(said)):
        extract_bytes(data, name)


def test_front_matter_aliases_are_refused_before_they_expand():
    """A few hundred bytes of nested YAML aliases would expand to gigabytes once read ("billion laughs")."""
    layers = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    layers += [f"{n}: &{n} [{','.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
    bomb = ("---\n" + "\n".join(layers) + "\n---\n# Title\nText.\n").encode()
    assert len(bomb) < 1000
    with pytest.raises(BadDocument, match="front matter"):
        extract_bytes(bomb, "laughs.md")
