"""Plain text and Markdown: one paper per file, the first heading (or line) is the title."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.records import Paper, SourceError, clean_text


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text (BOM allowed), or a SourceError naming the line of the first bad byte."""
    if b"\x00" in data[:8192]:
        raise SourceError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, f"not UTF-8 text (byte {exc.start})", line=line) from None


_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(?=\S)")


def heading_text(line: str) -> str | None:
    """A Markdown ATX heading's text (closing #s dropped), else None. No backtracking regex: a
    heading line with thousands of spaces must not take seconds."""
    match = _HEADING.match(line)
    if not match:
        return None
    text = line[match.end():].rstrip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):  # "# Title ##" but not "# C#"
        text = closing.rstrip()
    return text or None


def strip_comments(text: str) -> str:
    """HTML comments replaced by a space, in one pass (an unclosed one runs to the end)."""
    parts, at = [], 0
    while (start := text.find("<!--", at)) >= 0:
        parts.append(text[at:start])
        end = text.find("-->", start + 4)
        at = len(text) if end < 0 else end + 3
        parts.append(" ")
    return "".join(parts) + text[at:]


def load_text(path: Path, text: str) -> list[Paper]:
    lines = text.splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if clean_text(line)]  # not control codes only
    if not numbered:
        raise SourceError(path, "empty file")
    heading = next(((n, found) for n, line in numbered if (found := heading_text(line)) and clean_text(found)), None)
    title_line, title = heading or (numbered[0][0], numbered[0][1])
    # Text above the title is front matter; sub-headings are structure, not sentences.
    body = [line for n, line in numbered if n > title_line and not heading_text(line)]
    abstract = clean_text(strip_comments(" ".join(body)))
    title = clean_text(title)
    if not abstract:
        raise SourceError(path, "only a title, no text after it", line=title_line)
    return [Paper(title=title, abstract=abstract, source=str(path), line=title_line)]
