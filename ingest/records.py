"""The records of the whole flow: `Paper` (what every loader produces, and how duplicates are merged),
`PaperRecord` (a stored paper, as every reader sees it) and `ChunkMeta` (what is stored with a chunk)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path


class SourceError(ValueError):
    """A source file cannot be read; names the file and, where known, the line or field."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None, field: str | None = None):
        self.path, self.line, self.field = str(path), line, field
        where = self.path + (f":{line}" if line is not None else "") + (f" [{field}]" if field else "")
        super().__init__(f"{where}: {message}")


def normalise_title(title: str) -> str:
    """NFKC, case-folded words of letters, digits and symbols (emoji) of every script, punctuation
    and spacing removed: what makes two titles 'the same paper'."""
    text = unicodedata.normalize("NFKC", title).casefold()
    kept = [ch if unicodedata.category(ch)[0] in "LNM" or unicodedata.category(ch) == "So" else " " for ch in text]
    return " ".join("".join(kept).split())


def arxiv_base_id(raw: str) -> str:
    """'http://arxiv.org/abs/2205.13147v2' or '2205.13147v2' -> '2205.13147' (versions are one paper)."""
    tail = raw.strip().rstrip("/").split("/abs/")[-1]
    return re.sub(r"v\d+$", "", tail)


# Control characters (terminal escapes) and bidi overrides never belong in a title or abstract.
_INVISIBLE = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)],
                           " ")


def clean_text(text: str) -> str:
    """Collapse the whitespace and line wrapping that sources put inside titles and abstracts, and
    drop control characters."""
    return " ".join(text.translate(_INVISIBLE).split())


@dataclass(frozen=True)
class Paper:
    title: str
    abstract: str
    source: str
    line: int | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    url: str | None = None
    arxiv_id: str | None = None
    sources: tuple[str, ...] = field(default=())
    assigned_id: str | None = None  # the id the store already knows this paper by (see ingest)
    source_names: tuple[str, ...] = ()  # all_sources as named relative to what was ingested (shown to users)

    @property
    def id(self) -> str:
        """Stable across sources and re-ingests: from the arXiv id when known, else the normalised
        title (the raw title when it has no letters or digits, so such titles stay distinct)."""
        if self.assigned_id:
            return self.assigned_id
        key = f"arxiv:{self.arxiv_id}" if self.arxiv_id else (normalise_title(self.title) or
                                                               unicodedata.normalize("NFKC", self.title).strip())
        return hashlib.sha1(key.encode()).hexdigest()[:16]

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def content_hash(self) -> str:
        """Changes whenever anything stored about the paper changes."""
        parts = [self.title, self.abstract, "|".join(self.authors), self.published or "",
                 self.url or "", self.arxiv_id or "", "|".join(self.all_sources)]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

    @property
    def all_sources(self) -> tuple[str, ...]:
        return self.sources or (self.source,)

    def record(self) -> PaperRecord:
        """What the store keeps of this paper."""
        return PaperRecord(
            id=self.id, title=self.title, authors=self.authors, published=self.published or "", url=self.link or "",
            arxiv_id=self.arxiv_id or "", abstract=self.abstract, sources=self.all_sources,
            source_names=self.source_names or tuple(Path(s).name for s in self.all_sources),
            content_hash=self.content_hash, line=self.line or 0)


@dataclass(frozen=True)
class PaperRecord:
    """A stored paper: what the store returns, what answers, lookups and references are made from."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    published: str = ""  # "2022-05-26" from APIs, or "Oct 9" from the Daily Papers page
    url: str = ""
    arxiv_id: str = ""
    abstract: str = ""
    sources: tuple[str, ...] = ()  # resolved paths of the files it was read from
    source_names: tuple[str, ...] = ()  # the same files, named relative to what was ingested (shown to users)
    content_hash: str = ""
    line: int = 0

    @property
    def year(self) -> str:
        match = re.match(r"^(\d{4})", self.published)
        return match.group(1) if match else ""

    def public(self) -> dict[str, object]:
        """The fields API clients see: sources by their ingested names, never as paths on the server."""
        return {"id": self.id, "title": self.title, "abstract": self.abstract, "authors": list(self.authors),
                "published": self.published, "url": self.url, "arxiv_id": self.arxiv_id,
                "sources": list(self.source_names)}


@dataclass(frozen=True)
class ChunkMeta:
    """What the store keeps with each chunk of an abstract: its paper, its span, and the fields that
    retrieval filters on."""

    paper_id: str
    title: str
    chunk_index: int
    start: int
    end: int
    source: str = ""  # the source file's ingested name
    published: str = ""
    url: str = ""


def _merge_pair(kept: Paper, other: Paper) -> Paper:
    """Fill what `kept` lacks from `other`; `kept` came from the richer source."""
    return replace(
        kept,
        abstract=kept.abstract or other.abstract,
        authors=kept.authors or other.authors,
        published=kept.published or other.published,
        url=kept.url or other.url,
        arxiv_id=kept.arxiv_id or other.arxiv_id,
        sources=tuple(dict.fromkeys(kept.all_sources + other.all_sources)),
    )


def merge_duplicates(papers: list[Paper]) -> list[Paper]:
    """One paper per arXiv id or normalised title; earlier papers (richer sources) win fields."""
    merged: list[Paper] = []
    by_key: dict[str, int] = {}
    for paper in papers:
        keys = [f"t:{normalise_title(paper.title)}"]
        if paper.arxiv_id:
            keys.append(f"a:{paper.arxiv_id}")
        index = next((by_key[k] for k in keys if k in by_key), None)
        if index is None:
            index = len(merged)
            merged.append(paper)
        else:
            merged[index] = _merge_pair(merged[index], paper)
        for key in keys:
            by_key.setdefault(key, index)
    return merged
