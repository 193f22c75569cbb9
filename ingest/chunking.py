"""Token-aware, sentence-preferring chunks that remember their character span in the abstract.

LangChain's splitters lose exact spans once chunks overlap (start_index is found by searching), and
answers must point at the exact sentence, so chunks are packed here from sentence spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.tokens import count_tokens

# A full stop ends a sentence, not an abbreviation that hardly ever ends one ("two models, i.e. ViLT and METER");
# "et al." and "etc." often do.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[iI]\.e\.)(?<!\b[eE]\.g\.)(?<!\b[vV]s\.)(?<!\b[cC]f\.)"
                           r"[\"')\]]*\s+(?=[A-Z0-9(\[\"'])")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Chunk:
    text: str
    index: int
    start: int
    end: int


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace between sentences excluded."""
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        spans.append((start, boundary.start() + len(boundary.group().rstrip())))
        start = boundary.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than `limit` tokens at word boundaries."""
    pieces, piece_start, piece_end, used = [], None, start, 0
    for word in _WORD.finditer(text, start, end):
        cost = count_tokens(" " + word.group())
        if piece_start is not None and used + cost > limit:
            pieces.append((piece_start, piece_end))
            piece_start, used = None, 0
        if piece_start is None:
            piece_start = word.start()
        piece_end, used = word.end(), used + cost
    if piece_start is not None:
        pieces.append((piece_start, piece_end))
    return pieces


def chunk_text(text: str, max_tokens: int, overlap_tokens: int) -> list[Chunk]:
    """Pack whole sentences up to `max_tokens`; each chunk repeats up to `overlap_tokens` of
    trailing whole sentences from the previous one."""
    units: list[tuple[int, int, int]] = []  # start, end, tokens
    for start, end in sentence_spans(text):
        tokens = count_tokens(text[start:end])
        pieces = [(start, end)] if tokens <= max_tokens else _split_long(text, start, end, max_tokens)
        units += [(s, e, count_tokens(text[s:e]) if len(pieces) > 1 else tokens) for s, e in pieces]
    chunks: list[Chunk] = []
    first = 0
    while first < len(units):
        last, used = first, units[first][2]
        while last + 1 < len(units) and used + units[last + 1][2] + 1 <= max_tokens:
            last += 1
            used += units[last][2] + 1
        start, end = units[first][0], units[last][1]
        chunks.append(Chunk(text=text[start:end], index=len(chunks), start=start, end=end))
        if last + 1 >= len(units):
            break
        next_first, carried = last + 1, 0
        while next_first - 1 > first and carried + units[next_first - 1][2] <= overlap_tokens:
            next_first -= 1
            carried += units[next_first][2]
        first = next_first
    return chunks
