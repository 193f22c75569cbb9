"""The one scoring implementation of answer quality, shared by `paperchat eval` and the benchmarks.

A question file is JSONL. Each line: {"question", "gold_titles", "kind"} and optionally "id",
"about_titles" (the paper a detail_absent question asks about), "key_fact" (alternative verbatim
phrases: the answer contains the key fact when it contains any one), "history" (earlier turns of a
follow-up) and "split" ("tune" or "report"). Empty gold_titles marks a question the papers do not answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.records import SourceError, normalise_title

if TYPE_CHECKING:
    from assistant.api import Assistant

SEARCH_KINDS = ("single",)  # the questions whose one gold paper `search` must rank first


@dataclass(frozen=True)
class Question:
    question: str
    gold_titles: tuple[str, ...]
    kind: str
    id: str = ""
    about_titles: tuple[str, ...] = ()
    key_fact: tuple[str, ...] = ()
    history: tuple[dict[str, str], ...] = ()
    split: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.gold_titles)


def _strings(row: dict, name: str) -> tuple[str, ...]:
    values = row.get(name) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{name} must be a list of strings")
    return tuple(values)


def load_questions(path: Path, split: str = "all") -> list[Question]:
    """The questions of `path` (of one split, or all); a bad line raises SourceError naming it."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row["question"], str):
                raise TypeError("question must be a string")
            gold, history = _strings(row, "gold_titles"), row.get("history") or []
            if not isinstance(history, list) or not all(isinstance(t, dict) for t in history):
                raise TypeError("history must be a list of {role, content} turns")
            kind = row.get("kind") or ("none" if not gold else "single" if len(gold) == 1 else "multi")
            question = Question(row["question"], gold, kind, str(row.get("id", number)), _strings(row, "about_titles"),
                                _strings(row, "key_fact"), tuple(history), str(row.get("split", "")))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise SourceError(path, f"bad question line: {exc}", line=number) from None
        if split == "all" or question.split == split:
            questions.append(question)
    return questions


def contains_key_fact(text: str, phrases: tuple[str, ...]) -> bool:
    flat = re.sub(r"\s+", " ", text).lower()
    return any(re.sub(r"\s+", " ", p).lower() in flat for p in phrases)


@dataclass(frozen=True)
class Outcome:
    """What one answer did, in the terms the measures need."""
    question: Question
    abstained: bool
    cited: tuple[str, ...]  # normalised titles of the cited papers, one per citation
    key_fact: bool
    text: str = ""
    dropped: int = 0
    notice: bool = False
    first_token_s: float | None = None
    total_s: float = 0.0
    generated: bool = False  # the asked backend wrote this answer itself (not a fallback or an abstention)

    @property
    def allowed(self) -> set[str]:
        """Papers a citation may point at: the gold papers, or the paper a detail_absent question is about."""
        return {normalise_title(t) for t in self.question.gold_titles + self.question.about_titles}

    @property
    def correct_citations(self) -> int:
        return sum(title in self.allowed for title in self.cited)


def paper_rank(assistant: Assistant, question: Question, depth: int = 10) -> int | None:
    """1-based rank of the gold paper among the papers `search` returns, None when not in the first `depth`."""
    passages = assistant.retriever.search(question.question, k=max(assistant.settings.retrieval.candidates, depth * 4))
    ranked = list(dict.fromkeys(normalise_title(p.title) for p in passages))[:depth]
    gold = {normalise_title(t) for t in question.gold_titles}
    return next((i + 1 for i, title in enumerate(ranked) if title in gold), None)


def answer_outcome(assistant: Assistant, question: Question, backend: str) -> Outcome:
    answer = assistant.ask(question.question, history=list(question.history), llm=backend)
    return Outcome(question, answer.abstained, tuple(normalise_title(c.title) for c in answer.citations),
                   contains_key_fact(answer.text, question.key_fact), answer.text, len(answer.dropped),
                   answer.notice is not None, answer.first_token_s, answer.total_s,
                   answer.backend == backend and not answer.abstained)


def _ratio(hits: int, n: int) -> str:
    return f"{hits / n:.3f} ({hits}/{n})" if n else "-"


@dataclass
class QualityScores:
    """The measures of one backend over one question set."""
    backend: str
    ranks: list[int | None] = field(default_factory=list)  # search rank of the gold paper, single-paper questions
    outcomes: list[Outcome] = field(default_factory=list)

    def hit_at(self, k: int) -> float:
        return sum(r is not None and r <= k for r in self.ranks) / len(self.ranks) if self.ranks else 0.0

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r) / len(self.ranks) if self.ranks else 0.0

    def _answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.question.answerable]

    @property
    def declined(self) -> tuple[int, int]:
        unanswerable = [o for o in self.outcomes if not o.question.answerable]
        return sum(o.abstained for o in unanswerable), len(unanswerable)

    @property
    def wrongly_declined(self) -> tuple[int, int]:
        return sum(o.abstained for o in self._answerable()), len(self._answerable())

    @property
    def citation_precision(self) -> tuple[int, int]:
        return sum(o.correct_citations for o in self.outcomes), sum(len(o.cited) for o in self.outcomes)

    @property
    def key_facts(self) -> tuple[int, int]:
        with_fact = [o for o in self._answerable() if o.question.key_fact]
        return sum(o.key_fact for o in with_fact), len(with_fact)

    HEADER = ("| backend | hit@1 | hit@4 | MRR | unanswerable declined | answerable wrongly declined "
              "| citation precision | key fact |\n|---|---|---|---|---|---|---|---|")

    def row(self, name: str | None = None) -> str:
        search = (f"{self.hit_at(1):.3f} | {self.hit_at(4):.3f} | {self.mrr:.3f}" if self.ranks
                  else "- | - | -")
        return (f"| {name or self.backend} | {search} | {_ratio(*self.declined)} | {_ratio(*self.wrongly_declined)} | "
                f"{_ratio(*self.citation_precision)} | {_ratio(*self.key_facts)} |")

    def table(self) -> str:
        return f"{self.HEADER}\n{self.row()}\n(search over {len(self.ranks)} single-paper questions)"

    def failures(self) -> list[str]:
        """One line per answer that missed a measure: for studying the tuning half, never the report half."""
        lines = []
        for o in self.outcomes:
            q = o.question
            wrong = ([("declined" if q.answerable else "answered")] if o.abstained == q.answerable else [])
            wrong += ["cites another paper"] if o.correct_citations < len(o.cited) else []
            wrong += ["no key fact"] if q.key_fact and q.answerable and not o.key_fact else []
            if wrong:
                lines.append(f"{q.id} [{q.kind}] {', '.join(wrong)}: {q.question}\n    -> {o.text[:400]}")
        return lines


def score(assistant: Assistant, questions: list[Question], backend: str, search: bool = True) -> QualityScores:
    """Every measure of the quality table for `backend`, question by question."""
    scores = QualityScores(backend)
    for question in questions:
        if search and question.kind in SEARCH_KINDS and len(question.gold_titles) == 1:
            scores.ranks.append(paper_rank(assistant, question))
        scores.outcomes.append(answer_outcome(assistant, question, backend))
    return scores
