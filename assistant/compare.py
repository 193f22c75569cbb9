"""Papers side by side: for each aspect (problem, method, ...) the abstract sentence of each paper that
best states it, or "not stated in the abstract" when none does well enough.

A sentence's score for an aspect is its cosine similarity to a description of the aspect plus a
bonus when it carries the aspect's cue words ("we propose" for the method). Within one paper each
sentence fills at most one aspect (the best-scoring pairs first), so "problem" and "limitation" do not
both show the same "However, ..." sentence.

The threshold, MIN_SUPPORT = 0.33: six descriptions of unrelated things (a bread recipe, a football
final, TLS termination, ...) were scored against every sentence of the 65 seed abstracts; the best
sentence of an abstract reached 0.064 at the median, 0.19 at the 99th percentile and 0.328 at most.
A cell is filled only above that maximum, so a sentence never fills a cell by chance similarity alone:
it needs a clear similarity, or a cue word and a moderate one (>= 0.18).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from assistant.answer import QuestionError
from assistant.evidence import SentenceScorer, lexical_overlap
from assistant.render import markdown_inline
from assistant.retrieval import HybridRetriever
from assistant.titles import TitleIndex
from ingest.chunking import sentence_spans
from ingest.records import normalise_title

MIN_SUPPORT = 0.33
CUE_BONUS = 0.15
NOT_STATED = "not stated in the abstract"
MIN_PAPERS, MAX_PAPERS = 2, 6
MAX_ASPECTS, MAX_ASPECT_CHARS = 10, 200

# aspect -> (what a sentence stating it says, cue words)
DEFAULT_ASPECTS: dict[str, tuple[str, str]] = {
    "problem": ("the problem or challenge this work addresses: what existing methods lack or fail at",
                r"\b(however|challeng|problem|bottleneck|struggl|remain|lack|limited|costly|expensive|difficult|"
                r"prohibitive|unknown|rigid)"),
    "method": ("we propose a new method, model or approach",
               r"\b(we (propose|introduce|present|develop)|(this|the) (work|paper) (introduces|proposes|presents)"
               r"|our (main )?(contribution|method|approach|model|framework))"),
    "data / evaluation": ("we evaluate with experiments on datasets and benchmarks",
                          r"\b(experiment|dataset|benchmark|evaluat|empirical)"),
    "main result": ("the results show our approach outperforms baselines and improves accuracy",
                    r"\b(outperform|improv|achiev|state-of-the-art|demonstrate|results show|we show|speed-?ups?|gains?)"
                    r"|\d+(\.\d+)?\s*(%|x\b|×)"),
    "limitation": ("a limitation or drawback of the proposed approach and what it cannot do",
                   r"\b(limitation|fails?\b|cannot|unable|drawback|trade-?off|future work|restricted)"),
}


@dataclass(frozen=True)
class ComparedPaper:
    paper_id: str
    title: str
    url: str


@dataclass(frozen=True)
class Cell:
    text: str  # the abstract sentence, or NOT_STATED
    paper_id: str
    start: int  # span of `text` in the abstract (0, 0 when not stated)
    end: int
    support: float  # the best sentence's score, also when it was too weak to fill the cell

    @property
    def stated(self) -> bool:
        return self.end > self.start


@dataclass(frozen=True)
class Row:
    aspect: str
    cells: tuple[Cell, ...]  # one per column, in column order


@dataclass(frozen=True)
class ComparisonTable:
    columns: tuple[ComparedPaper, ...]
    rows: tuple[Row, ...]

    def to_markdown(self) -> str:
        """A Markdown table; paper text is made inert (no links, images or HTML, `|` and newlines escaped)."""
        header = "| aspect | " + " | ".join(markdown_inline(c.title) for c in self.columns) + " |"
        lines = [header, "|" + "---|" * (len(self.columns) + 1)]
        for row in self.rows:
            cells = [markdown_inline(c.text) if c.stated else f"_{NOT_STATED}_" for c in row.cells]
            lines.append(f"| {markdown_inline(row.aspect)} | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["aspect", *(_csv_cell(c.title) for c in self.columns)])
        for row in self.rows:
            writer.writerow([_csv_cell(row.aspect), *(_csv_cell(c.text) for c in row.cells)])
        return out.getvalue()

    def to_dict(self) -> dict:
        """Plain data for JSON APIs."""
        return {"columns": [c.__dict__ for c in self.columns],
                "rows": [{"aspect": r.aspect, "cells": [{**c.__dict__, "stated": c.stated} for c in r.cells]}
                         for r in self.rows]}


def resolve_paper(text: str, retriever: HybridRetriever) -> str:
    """The id of the stored paper with this id, name ("the Matryoshka paper") or (fuzzy) title."""
    text = text.strip()
    if text in retriever.papers:
        return text
    found = _named_paper(text, retriever.titles)
    if found is None:
        raise QuestionError(f"no stored paper has the id or a title like {text[:100]!r} "
                            "(`paperchat papers` lists the stored papers)")
    return found


def check_aspects(aspects: list[str] | None) -> list[str]:
    if aspects is None:
        return list(DEFAULT_ASPECTS)
    cleaned = list(dict.fromkeys(" ".join(a.split()) for a in aspects if a and a.strip()))
    if not cleaned:
        raise QuestionError("Please name at least one aspect to compare.")
    if len(cleaned) > MAX_ASPECTS or any(len(a) > MAX_ASPECT_CHARS for a in cleaned):
        raise QuestionError(f"Please compare at most {MAX_ASPECTS} aspects of up to {MAX_ASPECT_CHARS} characters.")
    return cleaned


def _score(aspect: str, sentences: list[str], scorer: SentenceScorer) -> list[float]:
    """Similarity to the aspect's description plus its cue-word bonus (a custom aspect's own words)."""
    description, cues = DEFAULT_ASPECTS.get(aspect.lower(), (aspect, ""))
    similarity = scorer.similarity(description, sentences)
    bonus = [CUE_BONUS * (1.0 if re.search(cues, s, re.I) else 0.0) if cues else CUE_BONUS * lexical_overlap(aspect, s)
             for s in sentences]
    return [float(sim) + b for sim, b in zip(similarity, bonus, strict=True)]


def _paper_cells(paper_id: str, abstract: str, aspects: list[str], scorer: SentenceScorer) -> list[Cell]:
    spans = sentence_spans(abstract)
    sentences = [abstract[s:e] for s, e in spans]
    scores = {aspect: _score(aspect, sentences, scorer) for aspect in aspects}
    ranked = sorted(((score, aspect, i) for aspect in aspects for i, score in enumerate(scores[aspect])),
                    key=lambda r: -r[0])
    chosen: dict[str, Cell] = {}
    used: set[int] = set()
    for score, aspect, i in ranked:
        if score >= MIN_SUPPORT and aspect not in chosen and i not in used:
            chosen[aspect] = Cell(sentences[i], paper_id, *spans[i], round(score, 3))
            used.add(i)
    return [chosen.get(a) or Cell(NOT_STATED, paper_id, 0, 0, round(max(scores[a], default=0.0), 3)) for a in aspects]


def compare(papers: list[str], aspects: list[str] | None, retriever: HybridRetriever,
            scorer: SentenceScorer) -> ComparisonTable:
    if not MIN_PAPERS <= len(papers) <= MAX_PAPERS:
        raise QuestionError(f"Please choose {MIN_PAPERS} to {MAX_PAPERS} papers to compare (got {len(papers)}).")
    retriever.refresh()
    ids = [resolve_paper(p, retriever) for p in papers]
    if len(set(ids)) < len(ids):
        raise QuestionError("Two of the papers to compare are the same stored paper; please choose different ones.")
    names = check_aspects(aspects)
    records = [retriever.papers[pid] for pid in ids]
    columns = tuple(ComparedPaper(r.id, r.title, r.url) for r in records)
    by_paper = [_paper_cells(r.id, r.abstract, names, scorer) for r in records]
    rows = tuple(Row(aspect, tuple(cells[i] for cells in by_paper)) for i, aspect in enumerate(names))
    return ComparisonTable(columns, rows)


_COMPARE = re.compile(r"^\s*(?:please\s+|(?:can|could|would)\s+you\s+)?(?:compare|contrast)\s+(?P<rest>.+?)[\s?.!]*$",
                      re.I | re.S)
_VERSUS = re.compile(r"^\s*(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+?)[\s?.!]*$", re.I | re.S)
def _csv_cell(text: str) -> str:
    """Paper text a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


_EXTRA_WORDS = 3  # "the ... paper", "the method of": words around a paper's name that still only name it
_SEPARATOR = re.compile(r"\s+(?:and|with|to|vs\.?|versus)\s+|\s*,\s*", re.I)


def _named_paper(text: str, titles: TitleIndex) -> str | None:
    """The one paper `text` names, when naming it is all `text` does: "CoDiEmb: what supervision does
    each use?" asks a question about a paper, it is not a paper to put in a table."""
    named = titles.named(text)
    if len(named) == 1:
        pid = named[0]
    elif named:
        return None
    else:
        matches = titles.fuzzy(text, limit=1)
        pid = matches[0][0] if matches else titles.unique_match(text)
    if pid is None:
        return None
    title_words = set(normalise_title(titles.titles[titles.position[pid]]).split())
    extra = [word for word in normalise_title(text).split() if word not in title_words]
    return pid if len(extra) <= _EXTRA_WORDS else None


def compare_request(question: str, titles: TitleIndex) -> list[str] | None:
    """The two paper ids of "compare X and Y" / "X vs Y" when both name stored papers, else None."""
    versus = _VERSUS.match(question)
    if versus:
        splits = [(versus.group("a"), versus.group("b"))]
    else:
        match = _COMPARE.match(question)
        if not match:
            return None
        rest = match.group("rest")
        splits = [(rest[:m.start()], rest[m.end():]) for m in _SEPARATOR.finditer(rest)]
    for first, second in splits[:20]:
        a, b = _named_paper(first, titles), _named_paper(second, titles)
        if a and b and a != b:
            return [a, b]
    return None
