"""Render Word files to PNG with LibreOffice in headless mode (for the README's screenshots).

    python bench/render_docx.py out.docx firm-out.docx --out docs/img          # page 1 of each
    python bench/render_docx.py sealing-application.docx --all-pages --dpi 50 --out docs/pages
    python bench/render_docx.py --kinds --all-pages --dpi 50 --out docs/pages  # every kind, from examples/facts

``--kinds`` drafts every draft kind from its ``examples/facts/KIND.yaml`` (both layouts: pleading paper and
the letter) against the shipped corpus, as the tests read it (no model, no index), and renders those.

Needs ``soffice`` (Debian: ``apt-get install --no-install-recommends libreoffice-writer-nogui``) to
convert each file to PDF and ``pdftoppm`` (``poppler-utils``) to rasterize its first page (the
``nogui`` build has no PNG export filter).  Not part of the tests: neither is a dependency of rulebot.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def page_pngs(docx: Path, out_dir: Path, workdir: Path, dpi: int = 80, *, all_pages: bool = True) -> list[Path]:
    """Render `docx` to ``out_dir/<name>-<page>.png`` (every page), or page 1 to ``<name>.png``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        raise SystemExit("need soffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils) to render pages")
    subprocess.run([soffice, f"-env:UserInstallation=file://{workdir / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(workdir), str(docx)],
                   check=True, capture_output=True, timeout=180)
    pdf = workdir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice did not convert {docx}")
    if not all_pages:
        png = out_dir / (docx.stem + ".png")
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(png.with_suffix(""))], check=True, timeout=120)
        return [png]
    for old in out_dir.glob(f"{docx.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out_dir / docx.stem)], check=True, timeout=120)
    return sorted(out_dir.glob(f"{docx.stem}-*.png"))


ROOT = Path(__file__).resolve().parent.parent


def draft_examples(out_dir: Path) -> list[Path]:
    """Each draft kind drafted from its example facts and written as Word to ``out_dir/KIND.docx``."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from bot.draft.compose import render
    from bot.draft.docx import write
    from bot.draft.facts import load_facts
    from bot.draft.kinds import KINDS
    from bot.draft.verify import Corpus
    from test_draft_shapes import ShippedIndex  # the shipped corpus, chunked, without a model (a test stand-in)

    corpus = Corpus(ShippedIndex())
    return [write(render(k, load_facts(k, ROOT / "examples" / "facts" / f"{k}.yaml"), corpus), out_dir / f"{k}.docx")
            for k in KINDS]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help=".docx files")
    ap.add_argument("--kinds", action="store_true", help="also every draft kind, drafted from examples/facts")
    ap.add_argument("--out", type=Path, default=Path("docs/img"), help="folder for the PNGs (default docs/img)")
    ap.add_argument("--dpi", type=int, default=80)
    ap.add_argument("--all-pages", action="store_true", help="every page, as <name>-<page>.png (default: page 1)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.files and not args.kinds:
        ap.error("give .docx files, or --kinds")
    with tempfile.TemporaryDirectory() as tmp:
        files = list(args.files) + (draft_examples(Path(tmp)) if args.kinds else [])
        for f in files:
            for png in page_pngs(f.resolve(), args.out.resolve(), Path(tmp), args.dpi, all_pages=args.all_pages):
                print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
