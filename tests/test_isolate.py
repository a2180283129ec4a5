"""`indexers.isolate`: a document is read in a child process held to a memory limit and a wall clock.

The bombs are real PDFs (`fixtures.make_docs.pdf_bomb`): a content stream of a few hundred KB that
inflates to 200 MB of drawing operators in one call of pdfminer.  Each test watches the test process
itself: its resident memory while the child reads, and the processes below it afterwards.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.admin import corpus as ca
from bot.draft.read import document_text
from bot.errors import BadDocument
from fixtures import make_docs as md
from fixtures.http_server import FixtureSite
from indexers import isolate
from indexers.budgets import MB, Budgets
from indexers.extract import extract_bytes, extract_file, page_links
from fixtures.waiting import wait_until

MEMORY = "reading it needed more memory than the limit of 256.0 MB (RULEBOT_MAX_DOCUMENT_MEMORY_MB)"
SMALL = Budgets(seconds=10, memory_bytes=256 * MB)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """200 MB of ``q Q`` operators in a 200 KB PDF: past 256 MB as soon as it is inflated."""
    return md.pdf_bomb(b"q Q ", 200 << 20)


@pytest.fixture(scope="module")
def slow() -> bytes:
    """20 MB of ``q Q`` operators: little memory, but minutes of parsing inside one page."""
    return md.pdf_bomb(b"q Q ", 20 << 20)


def _status(pid: int | str, field: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))


def descendants() -> set[int]:
    """The processes below this one (the fork server, its children, the resource tracker)."""
    parents = {}
    for entry in os.listdir("/proc"):
        try:
            parents[int(entry)] = _status(entry, "PPid")
        except (ValueError, OSError, StopIteration):
            continue
    below, grew = {os.getpid()}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in below} - below
        below |= more
        grew = bool(more)
    return below - {os.getpid()}


@contextmanager
def watched():
    """While the block runs: the most this process's resident memory grew (MB) and the processes that
    appeared below it; afterwards, the test checks they are gone."""
    isolate.context()  # the fork server is started before the snapshot: it stays, on purpose
    before, rss0 = descendants(), _status("self", "VmRSS")
    seen: dict = {"pids": set(), "grew_mb": 0.0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            seen["pids"] |= descendants() - before
            seen["grew_mb"] = max(seen["grew_mb"], (_status("self", "VmRSS") - rss0) / 1024)
            done.wait(0.02)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        yield seen
    finally:
        done.set()
        t.join()


def gone(pids: set[int], within: float = 2.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not pids & descendants():
            return True
        time.sleep(0.01)
    return False


def one_line(err: pytest.ExceptionInfo, *phrases: str) -> str:
    msg = str(err.value)
    assert "\n" not in msg and all(p in msg for p in phrases), msg
    return msg


def test_a_content_stream_bomb_is_refused_for_memory_in_one_line(bomb):
    assert len(bomb) < 400 << 10
    with watched() as seen, pytest.raises(BadDocument) as err:
        started = time.monotonic()
        extract_bytes(bomb, "bomb.pdf", budgets=SMALL)
    took = time.monotonic() - started
    one_line(err, f"bomb.pdf: {MEMORY}", "raise RULEBOT_MAX_DOCUMENT_MEMORY_MB if the document is genuine")
    assert took < 20, took  # about 0.5 s idle; wide for a loaded 2-core CI
    assert seen["pids"] and gone(seen["pids"]), "the reading process was left behind"
    assert seen["grew_mb"] < 50, seen  # the 200 MB were inflated in the child, never here


def test_a_page_that_parses_for_minutes_is_killed_at_the_wall_clock(slow):
    with watched() as seen, pytest.raises(BadDocument) as err:
        started = time.monotonic()
        extract_bytes(slow, "slow.pdf", budgets=Budgets(seconds=1))
    took = time.monotonic() - started
    one_line(err, "slow.pdf: reading it took longer than the limit of 1 s (RULEBOT_DOCUMENT_SECONDS)")
    assert 1 <= took < 1 + isolate.GRACE + 8, took  # killed at the clock; wide for a loaded CI
    assert seen["pids"] and gone(seen["pids"]), "the killed process was left behind"
    assert seen["grew_mb"] < 50, seen


def test_a_page_the_html_parser_chokes_on_is_killed_at_the_wall_clock():
    """Python 3.11's html.parser rescans an unclosed tag from its start: 400 KB of ``<a`` take minutes in
    one `feed` call, where no clock is read.  `corpus sync` reads a `follow` page's links this way."""
    page = "<html><body>" + "<a" * 200_000
    with watched() as seen, pytest.raises(BadDocument) as err:
        started = time.monotonic()
        page_links(page, "https://court.example/rules", Budgets(seconds=1))
    one_line(err, "https://court.example/rules: reading it took longer than the limit of 1 s")
    assert time.monotonic() - started < 1 + isolate.GRACE + 8
    assert seen["pids"] and gone(seen["pids"])


@pytest.mark.parametrize("make", [md.local_rules_pdf, md.order_pdf, md.order_docx, md.procedures_html],
                         ids=["local-rules.pdf", "order.pdf", "order.docx", "procedures.html"])
def test_an_ordinary_document_reads_the_same_in_the_child_as_in_process(tmp_path, make):
    suffix = {"order_docx": ".docx", "procedures_html": ".html"}.get(make.__name__, ".pdf")
    path = tmp_path / f"doc{suffix}"
    make(path)
    assert extract_file(path) == extract_file(path, isolate=False)


@pytest.mark.parametrize("make,budgets,phrase", [
    (md.local_rules_pdf, Budgets(pdf_pages=1), "more pages than the limit of 1 (RULEBOT_MAX_PDF_PAGES)"),
    (md.image_only_pdf, Budgets(), "the PDF has no text layer"),
    (md.corrupt_pdf, Budgets(), "the PDF is damaged and cannot be read"),
], ids=["pages", "scanned", "corrupt"])
def test_the_childs_refusal_is_the_same_one_line_bad_document(tmp_path, make, budgets, phrase):
    path = tmp_path / "doc.pdf"
    make(path)
    with pytest.raises(BadDocument) as isolated:
        extract_file(path, budgets=budgets)
    with pytest.raises(BadDocument) as here:
        extract_file(path, budgets=budgets, isolate=False)
    assert one_line(isolated, "doc.pdf: ", phrase) == str(here.value)


def test_a_bomb_added_or_synced_leaves_the_corpus_untouched(make_settings, tmp_path, bomb):
    settings = make_settings(corpus_dir=tmp_path / "shipped", fetch_allow=("127.0.0.1",), max_document_memory_mb=256)
    (tmp_path / "shipped").mkdir()
    path = tmp_path / "order-bomb.pdf"
    path.write_bytes(bomb)
    with pytest.raises(BadDocument) as err:
        ca.add(settings, str(path), {})
    one_line(err, f"order-bomb.pdf: {MEMORY}")
    assert not settings.documents_dir.exists() or not any(settings.documents_dir.rglob("*.*"))

    md.order_docx(tmp_path / "order.docx")
    manifest = tmp_path / "sources.toml"
    with FixtureSite() as site:  # what `admin sync` in chat runs: the same sync, the same reader
        site.put("/bomb.pdf", bomb, "application/pdf")
        site.put("/order.docx", (tmp_path / "order.docx").read_bytes(),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        manifest.write_text(f'[[source]]\nid = "bomb"\nurl = "{site.url("/bomb.pdf")}"\ntype = "order"\n\n'
                            f'[[source]]\nid = "order"\nurl = "{site.url("/order.docx")}"\ntype = "order"\n')
        report = ca.sync(settings, manifest)
    assert report.added == ("order",) and [name for name, _ in report.failed] == ["bomb"]
    assert MEMORY in report.failed[0][1] and "\n" not in report.failed[0][1]
    assert sorted(p.name for p in settings.documents_dir.glob("*.md")) == ["order.md"]


def test_review_reads_through_the_same_child(bomb):
    with pytest.raises(BadDocument) as err:
        document_text(bomb, "proposed-order.pdf", budgets=SMALL)
    one_line(err, f"proposed-order.pdf: {MEMORY}")


def test_the_child_imports_this_copy_of_rulebot():
    assert isolate.run(Budgets(seconds=10), "probe", isolate._where) == isolate._where()
    assert isolate.context().get_start_method() == "forkserver"  # the warm fork server, not a spawn a document


def test_what_the_child_returns_raises_or_logs_reaches_the_parent(caplog):
    big = isolate.run(Budgets(seconds=10), "big", bytes, 50 << 20)  # far past a pipe's buffer: drained as it comes
    assert len(big) == 50 << 20
    with pytest.raises(ValueError, match="invalid literal"):
        isolate.run(Budgets(seconds=10), "bad", int, "not a number")
    with caplog.at_level(logging.WARNING, logger="pdfminer.fixture"):
        isolate.run(Budgets(seconds=10), "logs", logging.getLogger("pdfminer.fixture").warning, "odd %s", "font")
    assert [(r.name, r.getMessage()) for r in caplog.records] == [("pdfminer.fixture", "odd font")]


def test_a_reader_that_dies_of_a_fatal_error_is_one_line_in_the_log_not_a_dump(caplog, capfd):
    """A PDF whose text inflates past the memory limit (issue 23's text50m.pdf) made the child's interpreter abort
    with "Fatal Python error" and a 15-line thread dump on the server's own standard error.  The child's standard
    error now comes to the parent: one log line, with the error's first line; the refusal is the same one line."""
    from fixtures import crash

    fatal = "Cannot recover from MemoryErrors while normalizing exceptions."
    with caplog.at_level(logging.WARNING, logger="indexers.isolate"), pytest.raises(BadDocument) as err:
        isolate.run(Budgets(seconds=10), "order.pdf", crash.fatal_error, fatal)
    one_line(err, "order.pdf: the reader died (SIGABRT), most likely past the limit of")
    said = [r.getMessage() for r in caplog.records if r.name == "indexers.isolate"]
    assert said == [f"the process reading order.pdf ended without an answer (SIGABRT): Fatal Python error: {fatal}"]
    assert "Fatal Python error" not in capfd.readouterr().err


def test_a_child_that_writes_much_to_its_standard_error_is_not_stalled_by_it():
    big = isolate.run(Budgets(seconds=10), "noisy", os.write, 2, b"x" * (1 << 20))  # far past a pipe's buffer
    assert big == 1 << 20


def test_the_memory_budget_is_a_setting(make_settings):
    assert make_settings().budgets.memory_bytes == 960 * MB
    assert make_settings(max_document_memory_mb=300).budgets.memory_bytes == 300 * MB


# --- reads at once ------------------------------------------------------------------------------------

# held reads are children blocked on a FIFO (mkfifo), seen holding it open in /proc
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and FIFOs (Linux)")


def has_reader(fifo) -> bool:
    """Whether a process below this one holds `fifo` open (a child blocked reading it); looked up in /proc, so
    that looking does not end the read."""
    for pid in descendants():
        try:
            if any(os.path.realpath(fd) == str(fifo) for fd in Path(f"/proc/{pid}/fd").iterdir()):
                return True
        except OSError:
            continue
    return False


class Holds:
    """FIFOs that hold reads: a child reading one blocks until `release` writes to it and closes this end (kept
    open from the start, so the child's open returns at once and shows in /proc)."""

    def __init__(self, folder, n: int):
        self.fifos = [folder / f"held-{i}" for i in range(n)]
        for fifo in self.fifos:
            os.mkfifo(fifo)
        self.ends = [os.open(fifo, os.O_RDWR) for fifo in self.fifos]  # O_RDWR: never blocks on Linux

    def release(self, i: int, data: bytes) -> None:
        if self.ends[i] is not None:
            os.write(self.ends[i], data)
            os.close(self.ends[i])
            self.ends[i] = None


@linux_only
def test_reads_at_once_are_bounded_and_the_next_waits_with_the_document_deadline(tmp_path):
    """Each read may take the whole memory budget: two held children (each blocked reading a FIFO until the
    test writes to it) take the two places; a third waits its document's deadline and is refused in one
    line without a child ever starting; once one ends, the next read goes ahead."""
    holds = Holds(tmp_path, 2)
    got: dict[int, bytes] = {}
    held = Budgets(seconds=60, reads=2)
    for i, fifo in enumerate(holds.fifos):
        threading.Thread(target=lambda i=i, fifo=fifo: got.__setitem__(
            i, isolate.run(held, f"held-{i}", Path.read_bytes, fifo)), daemon=True).start()
    try:
        for fifo in holds.fifos:
            wait_until(lambda: has_reader(fifo), what=f"a child reading {fifo.name}")
        with watched() as seen, pytest.raises(BadDocument) as err:
            started = time.monotonic()
            isolate.run(Budgets(seconds=1, reads=5), "third.pdf", len, b"never read")  # one count a process
        took = time.monotonic() - started
        one_line(err, "third.pdf: not read: 2 other documents were being read for longer than 1 s "
                      "(RULEBOT_DOCUMENT_SECONDS)", "2 is the most read at once (RULEBOT_MAX_CONCURRENT_READS)")
        assert 1 <= took < 1 + 8, took  # the document's deadline; wide for a loaded CI
        assert seen["pids"] == set(), "no child was started for the refused read"
        holds.release(0, b"first")
        wait_until(lambda: 0 in got, what="the first held read to end")
        assert isolate.run(Budgets(seconds=30, reads=2), "next.txt", len, b"read now") == 8
    finally:
        for i, data in enumerate((b"first", b"second")):
            holds.release(i, data)
    wait_until(lambda: 1 in got, what="the second held read to end")
    assert got == {0: b"first", 1: b"second"}


def test_reads_at_once_is_a_setting(make_settings):
    assert make_settings().budgets.reads == 2
    from bot.settings import Settings

    assert Settings.load(env={"RULEBOT_HOME": "/tmp/x", "RULEBOT_MAX_CONCURRENT_READS": "4"}).budgets.reads == 4


@linux_only
def test_the_wait_for_a_place_counts_against_the_reads_own_deadline(tmp_path):
    """A read that waited most of its RULEBOT_DOCUMENT_SECONDS for a place has only the rest to be read in:
    at worst a read takes its deadline (plus the grace), not twice it.  Here it waits 8 of its 10 s, then
    its child blocks for good: refused about 11 s after it asked (counting its clock from its start, 19)."""
    holds = Holds(tmp_path, 3)  # two held reads, and what the third reads: never written
    got: dict[int, bytes] = {}
    for i in (0, 1):
        threading.Thread(target=lambda i=i: got.__setitem__(
            i, isolate.run(Budgets(seconds=60), f"held-{i}", Path.read_bytes, holds.fifos[i])), daemon=True).start()
    refused: list[tuple[float, BaseException]] = []

    def third() -> None:
        asked = time.monotonic()
        try:
            isolate.run(Budgets(seconds=10), "third.pdf", Path.read_bytes, holds.fifos[2])
        except BadDocument as e:
            refused.append((time.monotonic() - asked, e))

    try:
        for fifo in holds.fifos[:2]:
            wait_until(lambda: has_reader(fifo), what=f"a child reading {fifo.name}")
        asked = time.monotonic()
        threading.Thread(target=third, daemon=True).start()
        wait_until(lambda: time.monotonic() - asked >= 8, what="the third read to wait 8 s for a place")
        holds.release(0, b"first")
        wait_until(lambda: refused, seconds=60, what="the third read to be refused")
    finally:
        for i, data in enumerate((b"first", b"second", b"")):
            holds.release(i, data)
    took, err = refused[0]
    assert 10 <= took < 10 + isolate.GRACE + 6, took  # its own deadline, 6 s wide for a loaded CI; a fresh clock: 19
    said = str(err)
    assert "\n" not in said and said.startswith("third.pdf: waiting ") and said.split(" s ", 1)[1].startswith(
        "for a place and reading it took longer than the limit of 10 s (RULEBOT_DOCUMENT_SECONDS)"), said
    wait_until(lambda: 1 in got, what="the second held read to end")
