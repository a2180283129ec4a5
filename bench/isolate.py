"""What reading a document in a child process (`indexers.isolate`) costs, and what it saves.

    .venv/bin/python bench/isolate.py [--runs 7] [--seconds 30]

Prints two Markdown tables.  The first: extraction time of each source document, in-process
(``isolate=False``) and in the child (text and Markdown forced through the child too, to show what
keeping them in-process saves), median and p95 over ``--runs``.  The documents are the shipped corpus's
Markdown, the FRCP sources in ``/work/shared/corpus-sources`` when present, the FRCP rendered as a PDF, a
Word file and an HTML page, and the test fixtures (`tests/fixtures/make_docs.py`).  The second: PDF
content-stream bombs (`make_docs.pdf_bomb`) under the default memory budget and a ``--seconds`` wall
clock: how long until refused, the one-line reason, and how much this process's own peak resident memory
grew meanwhile (VmHWM, reset before each bomb).
"""

from __future__ import annotations

import argparse
import html
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from benchstats import pct  # noqa: E402  (bench/ is the script's own folder)
from fixtures import make_docs as md  # noqa: E402
from indexers import isolate  # noqa: E402
from indexers.budgets import MB, Budgets  # noqa: E402
from indexers.errors import BadDocument  # noqa: E402
from indexers.extract import extract_bytes  # noqa: E402

SHARED = Path("/work/shared/corpus-sources")


def frcp_pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buf = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    SimpleDocTemplate(buf, pagesize=letter).build([Paragraph(html.escape(p), style) for p in paragraphs(text)])
    return buf.getvalue()


def frcp_docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs(text):
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def frcp_html(text: str) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    return f"<html><head><title>FRCP</title></head><body><main>{body}</main></body></html>".encode()


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip() and not p.startswith("---")]


def documents(tmp: Path) -> list[tuple[str, bytes]]:
    docs = [(p.name, p.read_bytes()) for p in sorted((ROOT / "corpus").rglob("*.md")) if p.name != "README.md"]
    if SHARED.is_dir():
        docs += [(p.name, p.read_bytes()) for p in sorted(SHARED.rglob("*")) if p.suffix in (".md", ".txt")
                 and p.name != "README.md"]
    frcp = (ROOT / "corpus" / "federal_rules" / "frcp-2022.md").read_text()
    docs += [("frcp-2022.pdf", frcp_pdf(frcp)), ("frcp-2022.docx", frcp_docx(frcp)),
             ("frcp-2022.html", frcp_html(frcp))]
    for make, name in ((md.local_rules_pdf, "local-rules.pdf"), (md.order_pdf, "order.pdf"),
                       (md.order_docx, "order.docx"), (md.procedures_html, "procedures.html")):
        make(tmp / name)
        docs.append((name, (tmp / name).read_bytes()))
    return docs


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def peak_reset() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current resident size


def status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":")) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=30.0, help="the bombs' wall clock (default 30)")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    ctx = isolate.context()
    print(f"fork server started and checked in {time.perf_counter() - started:.2f} s "
          f"(once per process; start method: {ctx.get_start_method()})\n")

    budgets = Budgets()
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(Path(tmp))
    print("| document | size | in-process median | p95 | in the child median | p95 | added (median) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, data in docs:
        here = timed(lambda: extract_bytes(data, name, isolate=False), args.runs)
        child = timed(lambda: isolate.run(budgets, name, extract_bytes, data, name, budgets=budgets, isolate=False),
                      args.runs)
        print(f"| {name} | {len(data) / 1024:,.0f} KB | {statistics.median(here):.3f} s | {pct(here, 95):.3f} s | "
              f"{statistics.median(child):.3f} s | {pct(child, 95):.3f} s | "
              f"{(statistics.median(child) - statistics.median(here)) * 1000:+.0f} ms |")

    bombs = [("rectangles", b"0 0 1 1 re f ", 10), ("q Q, 300 MB", b"q Q ", 300), ("q Q, 3 GB", b"q Q ", 3000)]
    limits = Budgets(seconds=args.seconds)
    print(f"\nBombs (memory {limits.memory_bytes // MB} MB, wall clock {limits.seconds:g} s):\n")
    print("| bomb | file | inflates to | refused in | reason | this process's peak RSS grew |")
    print("|---|---:|---:|---:|---|---:|")
    for label, unit, inflated_mb in bombs:
        data = md.pdf_bomb(unit, inflated_mb << 20)
        peak_reset()
        before = status_mb("VmRSS")
        started = time.perf_counter()
        try:
            extract_bytes(data, "bomb.pdf", budgets=limits)
            reason = "read (not refused)"
        except BadDocument as exc:
            reason = str(exc).removeprefix("bomb.pdf: ").split(";")[0]
        took = time.perf_counter() - started
        print(f"| {label} | {len(data) / 1024:,.0f} KB | {inflated_mb:,} MB | {took:.2f} s | {reason} | "
              f"{status_mb('VmHWM') - before:+.1f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
