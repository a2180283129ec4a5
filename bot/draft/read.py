"""The text of a document someone wants reviewed (a proposed protective order): Word, PDF or plain text.

One reader for `rulebot check FILE` and for a file shared in Slack or Teams, so both find the same
problems.  Given `budgets` (a chat upload), the ingestion budgets apply first: size, the parts of a
Word file's zip package and what they decompress to, before anything is parsed.

>>> document_text(b"Nothing shall be filed except under seal.", "order.txt")
'Nothing shall be filed except under seal.'
"""

from __future__ import annotations

from pathlib import Path

from indexers.budgets import Budgets
from indexers.errors import BadDocument


def document_text(data: bytes, name: str, *, budgets: Budgets | None = None) -> str:
    """The text of `data` (a file called `name`); a `BadDocument` says in one line why it cannot be read."""
    p = Path(name)
    if budgets is not None:
        from indexers.extract import check_format, check_zip

        check_format(data, p.name, budgets=budgets)
        if data[:4] == b"PK\x03\x04":
            check_zip(data, p.name, budgets, budgets.clock(p.name))
    suffix = p.suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK" and suffix not in (".txt", ".md"):
        from bot.draft.docx import read_text

        try:
            return read_text(data)
        except Exception as exc:  # python-docx raises several kinds for a damaged file
            raise BadDocument(f"{p} is not a readable Word (.docx) file ({exc.__class__.__name__}); "
                              "save it again as .docx, or as PDF or text.") from None
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return _pdf_text(p, data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadDocument(f"{p} is not UTF-8 text, DOCX or PDF; save it in one of those formats.") from None


def _pdf_text(p: Path, data: bytes) -> str:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise BadDocument(f"{p} is an encrypted PDF; remove the password and try again.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except BadDocument:
        raise
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise BadDocument(f"{p} is not a readable PDF ({exc.__class__.__name__}).") from None
    text = "\n\n".join(pages).strip()
    if not text:
        raise BadDocument(f"{p} has no text layer (a scanned PDF?); run OCR on it or use the Word version.")
    return text
