"""Property-based tests: arbitrary input either loads or fails cleanly naming the file; chunks always
point at their text; nothing hangs."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.chunking import chunk_text
from ingest.loaders import load_file
from ingest.records import SourceError
from ingest.tokens import count_tokens

FAST = settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
SUFFIXES = [".txt", ".md", ".json", ".xml", ".pdf", ".atom"]


def _load_or_clean_error(path: Path) -> None:
    try:
        papers = load_file(path)
    except SourceError as exc:
        assert str(path) in str(exc)
        return
    assert papers and all(p.title.strip() and p.abstract.strip() for p in papers)


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_load_or_fail_cleanly(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    _load_or_clean_error(path)


@FAST
@given(text=st.text(max_size=3000), suffix=st.sampled_from(SUFFIXES))
@example(text="\x08\x1e0", suffix=".txt")  # a line of control codes only was a title: Paper(title="")
@example(text="# \x08\nSome body text.", suffix=".md")  # so was a heading of control codes only
def test_arbitrary_unicode_text_loads_or_fails_cleanly(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_text(text, encoding="utf-8")
    _load_or_clean_error(path)


@FAST
@given(body=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=2000))
@example(body="0\x1e\x1e\x1b")  # an abstract of control codes only (\x1e also ends a line) was a paper
def test_daily_page_shapes_load_or_fail_cleanly(tmp_path: Path, body: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(f"Daily Papers\n\nOct 9\n\n{body}", encoding="utf-8")
    _load_or_clean_error(path)


def test_huge_line_and_deep_json_and_entity_bomb(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("Huge Title\n" + "word " * 400_000)
    (paper,) = load_file(huge)
    assert len(paper.abstract) == len("word " * 400_000) - 1
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SourceError, match=r"deep\.json"):
        load_file(deep)
    bomb = tmp_path / "bomb.xml"
    entities = '<!ENTITY e0 "lol">' + "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    bomb.write_text(f'<?xml version="1.0"?><!DOCTYPE feed [{entities}]><feed xmlns="http://www.w3.org/2005/Atom">'
                    "<entry><title>&e11;</title><summary>x</summary></entry></feed>")
    with pytest.raises(SourceError, match="unsafe XML"):
        load_file(bomb)
    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps([{"paper": {"title": "T", "summary": {"deep": [[[[["x"]]]]]}}}]))
    with pytest.raises(SourceError, match="summary"):
        load_file(nested)


@FAST
@given(text=st.text(max_size=4000), size=st.integers(16, 300), overlap=st.integers(0, 100))
def test_chunks_always_point_at_their_text_and_fit(text: str, size: int, overlap: int) -> None:
    overlap = min(overlap, size - 1)
    chunks = chunk_text(text, size, overlap)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text and chunk.text.strip()
        assert count_tokens(chunk.text) <= size or len(chunk.text.split()) == 1
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert all(b.start > a.start for a, b in itertools.pairwise(chunks))
