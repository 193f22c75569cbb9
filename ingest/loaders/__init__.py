"""Loaders turn paper sources into `Paper` records, chosen by file extension and content."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.loaders.arxiv_atom import load_arxiv_atom
from ingest.loaders.daily_page import is_daily_page, load_daily_page
from ingest.loaders.hf_json import load_hf_json
from ingest.loaders.pdf import load_pdf
from ingest.loaders.text import decode, load_text
from ingest.records import Paper, SourceError

Loader = Callable[[Path, bytes], list[Paper]]


def _text_loader(path: Path, data: bytes) -> list[Paper]:
    text = decode(path, data)
    return load_daily_page(path, text) if is_daily_page(text) else load_text(path, text)


@dataclass(frozen=True)
class SourceFormat:
    """One kind of paper source: how it is recognised, parsed, and how much its fields are trusted
    when the same paper comes from several sources (lower rank wins)."""

    name: str
    suffixes: tuple[str, ...]
    magic: tuple[bytes, ...]  # how the file's first bytes start when the suffix says nothing
    loader: Loader
    rank: int


FORMATS = (  # checked in this order; plain text last, it takes anything
    SourceFormat("pdf", (".pdf",), (b"%PDF",), load_pdf, 3),
    SourceFormat("hf-json", (".json",), (b"[", b"{"), load_hf_json, 0),
    SourceFormat("arxiv-atom", (".xml", ".atom"), (b"<?xml", b"<feed"), load_arxiv_atom, 0),
    SourceFormat("markdown", (".md", ".markdown"), (), _text_loader, 2),
    SourceFormat("text", (".txt",), (), _text_loader, 1),
)
SUFFIXES = {suffix for fmt in FORMATS for suffix in fmt.suffixes}


def source_format(path: Path, data: bytes = b"") -> SourceFormat:
    """By suffix; an unknown suffix by the content's first bytes; else plain text."""
    suffix = path.suffix.lower()
    by_suffix = next((fmt for fmt in FORMATS if suffix in fmt.suffixes), None)
    if by_suffix is not None:
        return by_suffix
    head = data.lstrip()[:64]
    return next((fmt for fmt in FORMATS if any(head.startswith(m) for m in fmt.magic)), FORMATS[-1])


def load_file(path: Path) -> list[Paper]:
    """All papers in one file, or a SourceError naming the file (and line/field where known)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise SourceError(path, "empty file")
    try:
        papers = source_format(path, data).loader(path, data)
    except SourceError:
        raise
    except Exception as exc:  # any parser failure (a 5,000-digit JSON number, ...) is this file's error
        raise SourceError(path, f"cannot parse: {type(exc).__name__}: {str(exc)[:200]}") from None
    if not papers:
        raise SourceError(path, "no papers found")
    return papers


def iter_source_files(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """(file, name relative to the path it was found under) for files named explicitly and supported
    files under directories (recursive, sorted, no dotfiles). Every path must exist: a mistyped path
    is an error before anything is read, never an empty source."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise SourceError(missing[0], "no such file or directory"
                          + (f" (and {len(missing) - 1} more missing paths)" if len(missing) > 1 else ""))
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUFFIXES:
                    yield child, str(child.relative_to(path))
        else:
            yield path, path.name
