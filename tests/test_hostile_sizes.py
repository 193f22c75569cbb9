"""Hostile sizes: every text path a user or a source file can feed is linear. Each property repeats
a drawn unit up to about a megabyte and bounds the wall-clock time of one call; the patterns these
functions used before took seconds at 20 KB and grew quadratically or worse."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answerability import compares_two
from assistant.asks import (
    bare_names,
    described_near,
    is_which_paper_question,
    named_metric,
    names_asked,
    names_in,
    sentence_prior,
    size_near,
    size_noun,
    unit_asked,
    used_for,
)
from assistant.citation_check import Said, parse_markers, unsaid
from assistant.lookup import cite_request_text, normalise_with_offsets
from assistant.prompts import delimited
from assistant.render import markdown_text
from assistant.titles import TitleIndex
from ingest.acronyms import expand, find_acronyms
from ingest.chunking import sentence_spans
from ingest.loaders.text import load_text
from ingest.records import SourceError, normalise_title

MEGABYTE = 1_000_000
BOUND_S = 10.0  # linear code takes well under a second here; the old patterns took minutes
HOSTILE = settings(max_examples=6, deadline=None)
units = st.sampled_from(["a", "A", " ", "# x ", "<!--", "a-", "(", "[1", "paper ", "AB ", "\t", "'", "#", ".", "< /"]) \
    | st.text(alphabet="aA #<!-([1]'.\t:/pper", min_size=1, max_size=6)
TITLES = TitleIndex([("m", "Matryoshka Representation Learning"), ("a", "AutoInt: Automatic Feature Interaction")])


def _bounded(call: Callable[[str], object], unit: str, prefix: str = "", suffix: str = "") -> None:
    text = prefix + unit * (MEGABYTE // len(unit)) + suffix
    started = time.perf_counter()
    with contextlib.suppress(SourceError):  # a clean refusal is fine; hanging is not
        call(text)
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND_S, f"{getattr(call, '__name__', call)} took {elapsed:.1f} s on {unit!r} x {MEGABYTE}"


@HOSTILE
@given(units)
def test_markdown_loader(unit: str) -> None:
    _bounded(lambda text: load_text(Path("x.md"), text), unit, prefix="# x", suffix="y\nbody")
    _bounded(lambda text: load_text(Path("x.md"), text), unit, prefix="# title\nbody ")


@HOSTILE
@given(units)
def test_acronyms(unit: str) -> None:
    _bounded(lambda text: find_acronyms([text]), unit, suffix=" (CTR)")
    _bounded(lambda text: expand(text, {"CTR": ["click-through rate"]}), unit)


@HOSTILE
@given(units)
def test_named_papers_and_title_lookup(unit: str) -> None:
    _bounded(TITLES.named, unit, suffix=" paper")
    _bounded(normalise_title, unit)


@HOSTILE
@given(units)
def test_citation_markers_and_quotes(unit: str) -> None:
    _bounded(parse_markers, unit, suffix="x")
    _bounded(lambda text: unsaid(text, [Said.of("Title", "An abstract says 14x.")]), unit, prefix="ViT-B/32 ")
    _bounded(cite_request_text, unit, prefix="where does this quote come from: ")
    _bounded(normalise_with_offsets, unit)


@HOSTILE
@given(units)
def test_sentences_rendering_and_prompt_guard(unit: str) -> None:
    _bounded(sentence_spans, unit)
    _bounded(markdown_text, unit)
    _bounded(delimited, unit)


@HOSTILE
@given(st.sampled_from(["use ", " for", " to ", "1,", "1 ", "batch size ", "use x for "]) | units)
def test_what_a_question_uses_and_the_figure_it_asks(unit: str) -> None:
    latency = re.compile(unit_asked("What latency in milliseconds?") or "", re.I)
    _bounded(used_for, unit, prefix="Which papers use ")
    _bounded(latency.search, unit)
    _bounded(lambda text: size_near(["batch", "size"], text), unit, prefix="batch ")
    _bounded(named_metric, unit, prefix="How much does the ")
    _bounded(is_which_paper_question, unit, prefix="Which base ")
    _bounded(names_asked, unit, prefix="What kind of ", suffix=" datasets")
    _bounded(names_asked, unit, prefix="What are the datasets ")
    _bounded(size_noun, unit, prefix="what's the ")
    _bounded(compares_two, unit, prefix="How do A and B ", suffix=" differ?")
    _bounded(sentence_prior("How does it work?"), unit, prefix="by ")  # a means asked
    _bounded(sentence_prior("How does it work?"), unit, prefix="through ")
    _bounded(names_in, unit)
    _bounded(names_in, unit, prefix="ABCDEFGH ")
    _bounded(lambda text: bare_names("datasets", text), unit, prefix="on ")
    _bounded(lambda text: described_near("optimizer", text, set()), unit, prefix="a ", suffix=" optimizer")
    _bounded(sentence_prior, unit, prefix="how ")


def test_a_claims_figures_are_checked_in_linear_time() -> None:
    """Each of a megabyte of distinct figures is looked up, not searched for in the source."""
    claim = " ".join(map(str, range(10, 150_000)))
    _bounded(lambda text: unsaid(text, [Said.of("Title", "An abstract says 14x. " * 100)]), claim)


def test_a_comparison_is_found_in_linear_time() -> None:
    for unit in ["difference between x ", "differ between ", "compared with ", "Compare ", "both A and ", " ", ", a"]:
        _bounded(compares_two, unit, prefix="How", suffix="differ?")
