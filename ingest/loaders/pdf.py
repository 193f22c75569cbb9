"""PDF via pypdf: title from the metadata or the first line; the text is the body."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ingest.records import Paper, SourceError, clean_text


def load_pdf(path: Path, data: bytes) -> list[Paper]:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(path, f"unreadable PDF: {exc}") from None
    lines = [line.strip() for line in "\n".join(pages).splitlines() if line.strip()]
    if not lines:
        raise SourceError(path, "PDF has no extractable text (scanned images?)")
    title = clean_text(str(meta_title)) or lines[0]
    body = lines[1:] if title == lines[0] else lines
    abstract = clean_text(" ".join(body))
    if not abstract:
        raise SourceError(path, "PDF has a title but no text")
    return [Paper(title=clean_text(title), abstract=abstract, source=str(path), line=None)]
