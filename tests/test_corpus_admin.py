"""`bot.admin.corpus` and `rulebot corpus ...`: storing, listing, removing, syncing (no index needed)."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest
import yaml

from bot.admin import corpus as ca
from bot.cli import main
from bot.errors import BadDocument
from bot.types import DocMeta
from fixtures import make_docs as md
from fixtures.http_server import FixtureSite
from indexers.load import load_corpus, load_file


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("files")
    md.local_rules_pdf(d / "LocalRules.pdf")
    md.procedures_html(d / "procedures.html")
    md.order_docx(d / "order.docx")
    md.corrupt_pdf(d / "corrupt.pdf")
    md.image_only_pdf(d / "scanned.pdf")
    (d / "empty.txt").write_bytes(b"")
    (d / "rules-no-court.txt").write_text(
        "L.R. 1-1 One. First fixture rule.\nL.R. 1-2 Two. Second fixture rule.\nL.R. 1-3 Three. Third.\n")
    (d / "sheet.xlsx").write_bytes(b"PK\x03\x04 not really")
    return d


@pytest.fixture
def settings(make_settings, tmp_path):
    empty = tmp_path / "shipped"
    empty.mkdir()
    (empty / "shipped-order.md").write_text(
        "---\nid: shipped-order\ntitle: Shipped v. Order\ntype: order\ncourt: C.D. Cal.\n"
        "cite: Shipped v. Order (C.D. Cal.)\n---\nI. BACKGROUND\n\nA shipped fixture order.\n")
    return make_settings(corpus_dir=empty, fetch_allow=("127.0.0.1",))  # the fixture sites are loopback servers


def snapshot(settings) -> dict:
    d = settings.documents_dir
    return {str(p.relative_to(d)): p.read_bytes() for p in d.rglob("*") if p.is_file()} if d.exists() else {}


def test_add_pdf_stores_markdown_original_and_provenance(settings, files):
    res = ca.add(settings, str(files / "LocalRules.pdf"), {})
    assert (res.status, res.id, res.meta.cite) == ("added", "cdcal-local-rules", "C.D. Cal. L.R.")
    assert "C.D. Cal. L.R. 37-2.3" in res.sections
    path = settings.documents_dir / "cdcal-local-rules.md"
    assert res.path == path
    front = yaml.safe_load(path.read_text().split("---\n")[1])
    assert set(front) <= {f.name for f in dataclasses.fields(DocMeta)}
    assert front["date"] == "2026-12-01" and front["date_kind"] == "as_amended_to"
    doc = load_file(path)  # the loader the index uses reads it back
    assert doc.meta.type == "local_rules" and "**L.R. 37-2.3 Supplemental Memorandum.**" in doc.text
    rec = json.loads((settings.documents_dir / "originals" / "cdcal-local-rules.json").read_text())
    original = settings.documents_dir / rec["original"]
    assert original.read_bytes() == (files / "LocalRules.pdf").read_bytes()
    assert rec["sha256"] == hashlib.sha256(original.read_bytes()).hexdigest()
    assert rec["source"] == str((files / "LocalRules.pdf").resolve()) and rec["original_filename"] == "LocalRules.pdf"
    assert rec["added_at"].endswith("Z") and rec["format"] == "pdf"
    # the folders holding added documents are private, as the files are (an added document's name is listable)
    for folder in (settings.documents_dir, settings.documents_dir / "originals"):
        assert oct(folder.stat().st_mode & 0o777) == "0o700", folder
    # the index's loader sees the document but never the originals folder
    loaded = load_corpus(settings.corpus_dirs)
    assert sorted(d.id for d in loaded.documents) == ["cdcal-local-rules", "shipped-order"] and not loaded.skipped


def test_adding_the_same_source_again(settings, files):
    first = ca.add(settings, str(files / "LocalRules.pdf"), {})
    before = snapshot(settings)
    again = ca.add(settings, str(files / "LocalRules.pdf"), {})
    assert again.status == "unchanged" and snapshot(settings) == before
    retitled = ca.add(settings, str(files / "LocalRules.pdf"), {"title": "Local Civil Rules of the C.D. Cal."})
    assert (retitled.status, retitled.id) == ("updated", first.id)
    assert load_file(retitled.path).meta.title == "Local Civil Rules of the C.D. Cal."
    assert len(list(settings.documents_dir.glob("*.md"))) == 1


def test_same_file_elsewhere_and_new_editions_do_not_make_duplicates(settings, files, tmp_path):
    first = ca.add(settings, str(files / "LocalRules.pdf"), {})
    copy = tmp_path / "copy-of-rules.pdf"
    copy.write_bytes((files / "LocalRules.pdf").read_bytes())
    assert ca.add(settings, str(copy), {}).status == "unchanged"
    v1, v2 = tmp_path / "rules-2025.txt", tmp_path / "rules-2026.txt"
    v1.write_text("L.R. 1-1 One. First fixture rule.\nL.R. 1-2 Two. Second.\nL.R. 1-3 Three. Third.\n")
    v2.write_text("L.R. 1-1 One. First fixture rule, amended.\nL.R. 1-2 Two. Second.\nL.R. 1-3 Three. Third.\n")
    old = ca.add(settings, str(v1), {"court": "D. Nev."})
    new = ca.add(settings, str(v2), {"court": "D. Nev."})
    assert (new.status, new.id) == ("updated", old.id) and any("replaces" in n for n in new.notes)
    assert "amended" in load_file(new.path).text
    assert sorted(p.name for p in settings.documents_dir.glob("*.md")) == sorted([f"{first.id}.md", f"{old.id}.md"])
    assert sorted(p.name for p in (settings.documents_dir / "originals").iterdir()) == sorted(
        [f"{first.id}.pdf", f"{first.id}.json", f"{old.id}.txt", f"{old.id}.json"])


def test_add_from_a_url(settings, files):
    with FixtureSite() as site:
        site.put("/docs/LocalRules.pdf", (files / "LocalRules.pdf").read_bytes(), "application/pdf")
        res = ca.add(settings, site.url("/docs/LocalRules.pdf"), {})
        assert res.status == "added" and res.meta.source == site.url("/docs/LocalRules.pdf")
        rec = ca.read_record(settings, res.id)
        assert rec["source_kind"] == "url" and rec["etag"] and rec["original_filename"] == "LocalRules.pdf"
        site.put("/judges/example", (files / "procedures.html").read_bytes(), "text/html")
        proc = ca.add(settings, site.url("/judges/example"), {})
        assert any(site.url("/files/model-protective-order.pdf") in n for n in proc.notes)
        site.put("/logo.png", b"\x89PNG", "image/png")
        with pytest.raises(BadDocument, match="sent image/png"):
            ca.add(settings, site.url("/logo.png"), {})


def test_add_html_procedures_and_docx_order(settings, files):
    proc = ca.add(settings, str(files / "procedures.html"), {})
    assert proc.meta.type == "judge_procedures" and proc.meta.judge == "Rosalind T. Example"
    assert 'Magistrate Judge Rosalind T. Example (C.D. Cal.), Procedures, "Discovery"' in proc.sections
    order = ca.add(settings, str(files / "order.docx"), {})
    assert order.meta.cite == "Fixture Widgets LLC v. Sample Gadgets Inc., No. 2:25-cv-01234 (C.D. Cal. Mar. 3, 2026)"
    assert order.meta.docket == "2:25-cv-01234-ABC-DEF" and order.meta.date == "2026-03-03"
    assert any(c.endswith("§ II.A") for c in order.sections)
    assert "#" not in load_file(order.path).text  # orders are stored without Markdown heading marks


def test_add_order_pdf_from_the_docket(settings, tmp_path):
    res = ca.add(settings, str(md.order_pdf(tmp_path / "order.pdf")), {})
    stem = "Fixture Widgets LLC v. Sample Gadgets Inc., No. 2:25-cv-04321 (C.D. Cal. Apr. 14, 2026)"
    assert res.meta.cite == stem and res.meta.judge == md.JUDGE and res.meta.date == "2026-04-14"
    assert f"{stem}, § II.A" in res.sections and f"{stem}, § I" in res.sections


BAD = [  # (file, overrides, phrase of the one-line reason)
    ("corrupt.pdf", {}, "damaged"),
    ("scanned.pdf", {}, "no text layer"),
    ("empty.txt", {}, "empty"),
    ("sheet.xlsx", {}, "not a Word .docx document"),
    ("rules-no-court.txt", {}, "--court"),
    ("procedures.html", {"type": "local_rules"}, "no local rule headings"),
    ("missing.pdf", {}, "no such file"),
]


@pytest.mark.parametrize("name,overrides,phrase", BAD)
def test_bad_documents_are_refused_and_nothing_is_lost(settings, files, name, overrides, phrase):
    ca.add(settings, str(files / "LocalRules.pdf"), {})
    before = snapshot(settings)
    with pytest.raises(BadDocument) as err:
        ca.add(settings, str(files / name), overrides)
    assert phrase in str(err.value) and "\n" not in str(err.value)
    assert snapshot(settings) == before


def test_missing_metadata_can_be_supplied(settings, files):
    res = ca.add(settings, str(files / "rules-no-court.txt"), {"court": "D. Nev."})
    assert res.meta.cite == "D. Nev. L.R." and res.sections == ("D. Nev. L.R. 1-1", "D. Nev. L.R. 1-2", "D. Nev. L.R. 1-3")


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "..", "Upper", "x" * 90, ""])
def test_ids_cannot_leave_the_documents_folder(settings, files, bad_id):
    with pytest.raises(BadDocument):
        ca.add(settings, str(files / "LocalRules.pdf"), {"id": bad_id} if bad_id else {"id": "../"})
    with pytest.raises(BadDocument):
        ca.remove(settings, bad_id or "/etc/passwd")
    assert not (settings.documents_dir.parent / "escape.md").exists()


def test_list_show_remove(settings, files):
    ca.add(settings, str(files / "LocalRules.pdf"), {})
    docs = {d.id: d for d in ca.list_documents(settings, {"cdcal-local-rules": 11})}
    assert docs["shipped-order"].origin == "shipped" and docs["cdcal-local-rules"].origin == "added"
    assert docs["cdcal-local-rules"].chunks == 11 and docs["cdcal-local-rules"].sha256
    det = ca.show(settings, "cdcal-local-rules")
    assert det.provenance["original_filename"] == "LocalRules.pdf" and "C.D. Cal. L.R. 37-1" in det.sections
    with pytest.raises(BadDocument, match="shipped corpus"):
        ca.remove(settings, "shipped-order")
    with pytest.raises(BadDocument, match="no document with id"):
        ca.remove(settings, "nope")
    ca.remove(settings, "cdcal-local-rules")
    assert snapshot(settings) == {}
    assert [d.id for d in ca.list_documents(settings)] == ["shipped-order"]


def test_a_shipped_id_is_not_taken(settings, files):
    with pytest.raises(BadDocument, match="shipped document"):
        ca.add(settings, str(files / "order.docx"), {"id": "shipped-order"})


# --- sync against a local web server ----------------------------------------------------------


def write_manifest(path, site, extra: str = "") -> None:
    path.write_text(f"""
[[source]]
id = "cdcal-local-rules"
url = "{site.url('/rules-page')}"
follow = "local rules \\\\(pdf\\\\)"
type = "local_rules"
court = "C.D. Cal."

[[source]]
url = "{site.url('/judges/example')}"
type = "judge_procedures"

[[source]]
id = "disabled"
url = "{site.url('/never')}"
enabled = false
{extra}""")


def test_sync_adds_then_reports_unchanged_then_changed(settings, files, tmp_path):
    manifest = tmp_path / "sources.toml"
    with FixtureSite() as site:
        site.put("/rules-page", b"<html><body><h1>Local Rules</h1><p>The court's rules as one file, updated yearly "
                                b"for practitioners.</p><a href='/files/LR-2026.pdf'>Local Rules (PDF)</a></body></html>",
                 "text/html")
        site.put("/files/LR-2026.pdf", (files / "LocalRules.pdf").read_bytes(), "application/pdf")
        site.put("/judges/example", (files / "procedures.html").read_bytes(), "text/html; charset=utf-8",
                 etag=False)  # this server only sends Last-Modified
        write_manifest(manifest, site, extra=f'\n[[source]]\nid = "gone"\nurl = "{site.url("/moved")}"\ntype = "order"\n')

        first = ca.sync(settings, manifest)
        assert set(first.added) == {"cdcal-local-rules", "cdcal-judge-example-procedures"}
        assert [name for name, _ in first.failed] == ["gone"] and "HTTP 404" in first.failed[0][1]
        assert "/never" not in [p for p, _ in site.requests]

        site.requests.clear()
        second = ca.sync(settings, manifest)
        assert set(second.unchanged) == {"cdcal-local-rules", "cdcal-judge-example-procedures"} and not second.changed
        sent = {p: h for p, h in site.requests}
        assert sent["/files/LR-2026.pdf"].get("If-None-Match")  # conditional GET by ETag
        assert sent["/judges/example"].get("If-Modified-Since")  # ... and by date

        page = (files / "procedures.html").read_text().replace("Tuesdays at 10:00 a.m.", "Wednesdays at 9:00 a.m.")
        site.put("/judges/example", page.encode(), "text/html", etag=False)
        third = ca.sync(settings, manifest)
        assert third.changed == ("cdcal-judge-example-procedures",) and third.unchanged == ("cdcal-local-rules",)
        text = (settings.documents_dir / "cdcal-judge-example-procedures.md").read_text()
        assert "Wednesdays at 9:00 a.m." in text and "Tuesdays" not in text


def test_sync_compares_hashes_when_the_server_sends_no_validators(settings, files, tmp_path):
    manifest = tmp_path / "sources.toml"
    with FixtureSite() as site:
        site.put("/rules.pdf", (files / "LocalRules.pdf").read_bytes(), "application/pdf", etag=False,
                 conditional=False)
        manifest.write_text(f'[[source]]\nid = "lr"\nurl = "{site.url("/rules.pdf")}"\ncourt = "C.D. Cal."\n')
        assert ca.sync(settings, manifest).added == ("lr",)
        before = snapshot(settings)
        report = ca.sync(settings, manifest)
        assert report.unchanged == ("lr",) and not report.changed
        assert {k: v for k, v in snapshot(settings).items() if not k.endswith(".json")} == \
            {k: v for k, v in before.items() if not k.endswith(".json")}


def test_sync_with_a_broken_manifest_is_one_line(settings, tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text("[[source]\nurl=")
    with pytest.raises(BadDocument, match="not valid TOML"):
        ca.sync(settings, bad)
    with pytest.raises(BadDocument, match="no such manifest"):
        ca.sync(settings, tmp_path / "none.toml")


def test_shipped_manifest_parses_and_lists_the_official_pages():
    from bot.settings import shipped_corpus_dir

    entries = ca.read_manifest(shipped_corpus_dir() / "sources.toml")
    urls = [e.url for e in entries]
    assert "https://www.cacd.uscourts.gov/court-procedures/local-rules" in urls
    assert all(e.url.startswith("https://www.cacd.uscourts.gov/") for e in entries)


# --- the CLI (no reindex here: --no-index; the index itself is tested in test_reindex_safety) ---


def test_cli_add_list_show_remove(settings, files, capsys, monkeypatch):
    monkeypatch.setenv("RULEBOT_HOME", str(settings.home))
    monkeypatch.setenv("RULEBOT_CORPUS", str(settings.corpus_dir))
    assert main(["corpus", "add", str(files / "LocalRules.pdf"), "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "added cdcal-local-rules" in out and "C.D. Cal. L.R. 37-2.3" in out and "rulebot index" in out
    assert main(["corpus", "list"]) == 0
    out = capsys.readouterr().out
    assert "cdcal-local-rules  [added] local_rules" in out and "not indexed" in out
    assert main(["corpus", "list", "--json"]) == 0
    assert {d["id"] for d in json.loads(capsys.readouterr().out)} == {"cdcal-local-rules", "shipped-order"}
    assert main(["corpus", "show", "cdcal-local-rules"]) == 0
    assert "sha256" in capsys.readouterr().out
    assert main(["corpus", "remove", "cdcal-local-rules", "--no-index"]) == 0
    assert "removed cdcal-local-rules" in capsys.readouterr().out


@pytest.mark.parametrize("argv,phrase", [
    (["corpus", "add", "{files}/corrupt.pdf", "--no-index"], "corrupt.pdf: the PDF is damaged"),
    (["corpus", "add", "{files}/rules-no-court.txt", "--no-index"], "add --court"),
    (["corpus", "show", "nope"], "no document with id 'nope'"),
    (["corpus", "remove", "../etc"], "is not a document id"),
    (["corpus", "sync", "--manifest", "{files}/none.toml"], "no such manifest"),
])
def test_cli_errors_are_one_line(settings, files, capsys, monkeypatch, argv, phrase):
    monkeypatch.setenv("RULEBOT_HOME", str(settings.home))
    monkeypatch.setenv("RULEBOT_CORPUS", str(settings.corpus_dir))
    assert main([a.format(files=files) for a in argv]) == 2
    err = capsys.readouterr().err
    assert phrase in err and err.count("\n") == 1 and err.startswith("rulebot: ") and "Traceback" not in err


def test_the_size_limit_comes_from_the_settings(settings, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("L.R. 1-1 Scope. These rules apply.\n" * 2000)  # about 70 KB
    small = dataclasses.replace(settings, max_document_mb=0.01)
    with pytest.raises(BadDocument, match="over the .* limit"):
        ca.add(small, str(big), {"type": "local_rules", "court": "C.D. Cal."})
    assert not list(small.documents_dir.glob("*.md"))


def test_sync_of_a_source_with_credentials_in_its_url_finds_its_record_again(settings, files, tmp_path):
    """The record keeps the URL with its credentials redacted; the next sync still recognises the source
    (a conditional GET, "unchanged"), never adds it a second time, and no credential is stored."""
    manifest = tmp_path / "sources.toml"
    with FixtureSite() as site:
        site.put("/judges/example?token=s3cret", (files / "procedures.html").read_bytes(), "text/html; charset=utf-8",
                 etag=False)
        manifest.write_text(f'[[source]]\nurl = "{site.url("/judges/example?token=s3cret")}"\ntype = "judge_procedures"\n')
        first = ca.sync(settings, manifest)
        assert first.added == ("cdcal-judge-example-procedures",)
        second = ca.sync(settings, manifest)
        assert second.unchanged == ("cdcal-judge-example-procedures",) and not second.added
        stored = "".join(p.read_text() for p in settings.documents_dir.rglob("*.json"))
        assert "s3cret" not in stored and "***" in stored
