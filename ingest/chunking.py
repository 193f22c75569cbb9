"""Token-aware, sentence-preferring chunks that remember their character span in the abstract.

LangChain's splitters lose exact spans once chunks overlap (start_index is found by searching), and
answers must point at the exact sentence, so chunks are packed here from sentence spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

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
    """Cut a sentence longer than `limit` tokens at word boundaries, each word counted with a space before it; a
    piece whose own text still counts more is cut again (`_fitted`)."""
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
    return [part for piece_start, piece_end in pieces for part in _fitted(text, piece_start, piece_end, limit)]


def _fitted(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """The span, or its words cut into pieces whose own text fits (one word always makes a piece)."""
    if count_tokens(text[start:end]) <= limit:
        return [(start, end)]
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    pieces, first = [], 0
    while first < len(words):
        stop = _most_that_fit(text, words, first, len(words), limit)
        pieces.append((words[first][0], words[stop - 1][1]))
        first = stop
    return pieces


def _most_that_fit(text: str, spans: Sequence[tuple[int, ...]], first: int, stop: int, limit: int) -> int:
    """The end of the longest run of spans from `first` (before `stop`, at least one span) whose text fits. Token
    counts do not add up (U+0085 between two words costs more than either side says), so the run's own text is
    counted: doubling, then bisecting, a few counts of at most twice the run, so hostile text stays fast."""

    def fits(end: int) -> bool:
        return count_tokens(text[spans[first][0]:spans[end - 1][1]]) <= limit

    good, step = first + 1, 1
    while good + step <= stop and fits(good + step):
        good, step = good + step, step * 2
    bad = min(good + step, stop + 1)  # the first end known not to fit, or past the last span
    while bad - good > 1:
        middle = (good + bad) // 2
        good, bad = (middle, bad) if fits(middle) else (good, middle)
    return good


def chunk_text(text: str, max_tokens: int, overlap_tokens: int) -> list[Chunk]:
    """Pack whole sentences up to `max_tokens`; each chunk repeats up to `overlap_tokens` of
    trailing whole sentences from the previous one."""
    units: list[tuple[int, int, int]] = []  # start, end, tokens
    for start, end in sentence_spans(text):
        tokens = count_tokens(text[start:end])
        pieces = [(start, end)] if tokens <= max_tokens else _split_long(text, start, end, max_tokens)
        units += [(s, e, count_tokens(text[s:e]) if len(pieces) > 1 else tokens) for s, e in pieces]
    # what the whitespace between two units costs, at least a token (a long run of it costs more)
    gaps = [0] + [max(1, count_tokens(text[a[1]:b[0]])) for a, b in pairwise(units)]
    chunks: list[Chunk] = []
    first = 0
    while first < len(units):
        last, used = first, units[first][2]
        while last + 1 < len(units) and used + units[last + 1][2] + gaps[last + 1] <= max_tokens:
            last += 1
            used += units[last][2] + gaps[last]
        if count_tokens(text[units[first][0]:units[last][1]]) > max_tokens:  # the estimate was short
            last = _most_that_fit(text, units, first, last, max_tokens) - 1
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
