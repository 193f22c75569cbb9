"""Loaders turn paper sources into `Paper` records, chosen by file extension and content."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ingest.loaders.arxiv_atom import load_arxiv_atom
from ingest.loaders.daily_page import is_daily_page, load_daily_page
from ingest.loaders.hf_json import load_hf_json
from ingest.loaders.pdf import load_pdf
from ingest.loaders.text import decode, load_text
from ingest.records import Paper, SourceError

Loader = Callable[[Path, bytes], list[Paper]]

SUFFIXES = {".txt", ".md", ".markdown", ".json", ".xml", ".atom", ".pdf"}


def _text_loader(path: Path, data: bytes) -> list[Paper]:
    text = decode(path, data)
    return load_daily_page(path, text) if is_daily_page(text) else load_text(path, text)


def _pick_loader(path: Path, data: bytes) -> Loader:
    suffix = path.suffix.lower()
    head = data.lstrip()[:64]
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        return load_pdf
    if suffix == ".json" or (suffix not in {".md", ".markdown"} and head[:1] in (b"[", b"{")):
        return load_hf_json
    if suffix in {".xml", ".atom"} or head.startswith(b"<?xml") or head.startswith(b"<feed"):
        return load_arxiv_atom
    return _text_loader


def load_file(path: Path) -> list[Paper]:
    """All papers in one file, or a SourceError naming the file (and line/field where known)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise SourceError(path, "empty file")
    papers = _pick_loader(path, data)(path, data)
    if not papers:
        raise SourceError(path, "no papers found")
    return papers


def iter_source_files(paths: list[Path]) -> Iterator[Path]:
    """Files named explicitly, and supported files under directories (recursive, sorted, no dotfiles)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUFFIXES:
                    yield child
        elif path.exists():
            yield path
        else:
            raise SourceError(path, "no such file or directory")
