"""Render page 1 of Word files to PNG with LibreOffice in headless mode (for the README's screenshots).

    python bench/render_docx.py out.docx firm-out.docx --out docs/img

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


def first_page_png(docx: Path, out_dir: Path, workdir: Path, dpi: int = 80) -> Path:
    """Render page 1 of `docx` to ``out_dir/<name>.png``; returns the PNG's path."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        raise SystemExit("need soffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils) to render pages")
    subprocess.run([soffice, f"-env:UserInstallation=file://{workdir / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(workdir), str(docx)],
                   check=True, capture_output=True, timeout=180)
    pdf = workdir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice did not convert {docx}")
    png = out_dir / (docx.stem + ".png")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True, timeout=120)
    return png


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path, help=".docx files")
    ap.add_argument("--out", type=Path, default=Path("docs/img"), help="folder for the PNGs (default docs/img)")
    ap.add_argument("--dpi", type=int, default=80)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for f in args.files:
            print(first_page_png(f.resolve(), args.out.resolve(), Path(tmp), args.dpi))
    return 0


if __name__ == "__main__":
    sys.exit(main())
