"""The Hugging Face Daily Papers page saved as text: header lines, then title / abstract paragraphs."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.records import Paper, SourceError, clean_text

_MARKER = "daily papers"
_DATE = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(, \d{4})?$", re.I
)
_MAX_TITLE_CHARS = 400
_HEADER_PARAGRAPHS = 12


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each blank-line separated paragraph; a line of control codes only is blank."""
    paragraphs: list[tuple[int, str]] = []
    start, lines = 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        line = clean_text(line)
        if line:
            start = start or number
            lines.append(line)
        elif lines:
            paragraphs.append((start, " ".join(lines)))
            start, lines = 0, []
    if lines:
        paragraphs.append((start, " ".join(lines)))
    return paragraphs


def is_daily_page(text: str) -> bool:
    head = _paragraphs(text[:4000])[:_HEADER_PARAGRAPHS]
    return any(p.lower() == _MARKER for _, p in head)


def load_daily_page(path: Path, text: str) -> list[Paper]:
    paragraphs = _paragraphs(text)
    head = [p.lower() for _, p in paragraphs[:_HEADER_PARAGRAPHS]]
    marker = head.index(_MARKER)
    date_at = next((i for i in range(marker + 1, len(head)) if _DATE.match(head[i])), None)
    if date_at is None:
        raise SourceError(path, "Daily Papers page without a date line (e.g. 'Oct 9') after its header")
    published = paragraphs[date_at][1]
    body = paragraphs[date_at + 1 :]
    if len(body) % 2:
        line = body[-1][0]
        raise SourceError(
            path, f"odd number of paragraphs ({len(body)}) after the header: a title or abstract is missing",
            line=line,
        )
    papers = []
    for (title_line, title), (_, abstract) in zip(body[::2], body[1::2], strict=True):
        if len(title) > _MAX_TITLE_CHARS:
            raise SourceError(
                path, f"expected a title, found a {len(title)}-character paragraph (is a title missing above?)",
                line=title_line,
            )
        papers.append(Paper(title=clean_text(title), abstract=clean_text(abstract), source=str(path),
                            line=title_line, published=published))
    return papers
