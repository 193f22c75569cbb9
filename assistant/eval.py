"""Evaluation harness: `paperchat eval QUESTIONS.jsonl` or `python -m assistant.eval QUESTIONS.jsonl`.

Questions are JSONL (see assistant/quality.py for the fields; tests/data/questions.jsonl has a tuning and
a report split, tests/data/dev_questions.jsonl the older, easier set). Prints retrieval per kind of
question (hit@1, recall@k, MRR, latency), then the quality table of one answer backend: right paper
first / in the top 4 / MRR, unanswerable questions declined, answerable ones wrongly declined, citation
precision and answers containing the key fact. `--show-misses` lists what went wrong, question by
question: study the tuning split with it, never the report split.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.llm.backends import BACKENDS
from assistant.quality import Outcome, Question, load_questions, score
from ingest.records import SourceError, normalise_title

if TYPE_CHECKING:
    from assistant.api import Assistant

__all__ = ["AnswerScores", "EvalResult", "KindScores", "Question", "evaluate", "evaluate_answers", "evaluate_cite",
           "load_questions"]


@dataclass
class KindScores:
    count: int = 0
    hit1: float = 0.0
    recall: float = 0.0
    rr: float = 0.0
    abstained: int = 0


@dataclass
class AnswerScores:
    backend: str
    answered: int = 0  # answerable questions whose answer cites a gold paper
    answerable: int = 0
    abstained_unanswerable: int = 0
    unanswerable: int = 0
    wrongly_abstained: int = 0
    citations: int = 0
    correct_citations: int = 0  # citations whose paper is in gold_titles
    dropped: int = 0  # markers or sentences the checker removed (invented, unsupported, echoing the question)
    fallbacks: int = 0
    first_token: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)

    def table(self) -> str:
        def p50(values: list[float]) -> float:
            return sorted(values)[len(values) // 2] if values else 0.0

        precision = self.correct_citations / self.citations if self.citations else 0.0
        return (f"backend={self.backend}\n"
                f"answers citing a gold paper: {self.answered}/{self.answerable}\n"
                f"citation precision: {precision:.3f} ({self.correct_citations}/{self.citations}); "
                f"markers removed by the checker: {self.dropped}\n"
                f"unanswerable abstained: {self.abstained_unanswerable}/{self.unanswerable}; "
                f"answerable wrongly abstained: {self.wrongly_abstained}/{self.answerable}\n"
                f"answers that fell back to extractive (with a notice): {self.fallbacks}\n"
                f"time to first token p50 {p50(self.first_token):.2f} s; total p50 {p50(self.total):.2f} s "
                f"(over the {len(self.total)} answers the backend generated itself)")

    @classmethod
    def from_outcomes(cls, backend: str, outcomes: list[Outcome]) -> AnswerScores:
        scores = cls(backend=backend)
        for o in outcomes:
            if o.generated:  # timings of the answers the backend generated itself
                scores.total.append(o.total_s)
                if o.first_token_s is not None:
                    scores.first_token.append(o.first_token_s)
            scores.dropped += o.dropped
            scores.fallbacks += o.notice
            if not o.question.answerable:
                scores.unanswerable += 1
                scores.abstained_unanswerable += o.abstained
                continue
            scores.answerable += 1
            scores.wrongly_abstained += o.abstained
            scores.answered += o.correct_citations > 0
            scores.citations += len(o.cited)
            scores.correct_citations += o.correct_citations
        return scores


def evaluate_answers(assistant: Assistant, questions: list[Question], backend: str) -> AnswerScores:
    """Ask every question; score abstention and whether the surviving citations point at gold papers."""
    return AnswerScores.from_outcomes(backend, score(assistant, questions, backend, search=False).outcomes)


@dataclass
class EvalResult:
    k: int
    fusion: str
    by_kind: dict[str, KindScores] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

    def table(self) -> str:
        lines = [f"fusion={self.fusion}  k={self.k}",
                 f"{'kind':<10}{'n':>4}{'hit@1':>8}{f'recall@{self.k}':>11}{'MRR':>7}{'no match':>11}"]
        for kind, s in sorted(self.by_kind.items()):
            n = s.count or 1
            ranks = (f"{s.hit1 / n:>8.3f}{s.recall / n:>11.3f}{s.rr / n:>7.3f}" if kind != "none"
                     else f"{'-':>8}{'-':>11}{'-':>7}")
            lines.append(f"{kind:<10}{s.count:>4}{ranks}{s.abstained / n:>11.3f}")
        lines.append(f"latency p50 {self.percentile(0.5) * 1000:.1f} ms, p95 {self.percentile(0.95) * 1000:.1f} ms "
                     f"over {len(self.latencies)} questions")
        answerable = [s for kind, s in self.by_kind.items() if kind != "none"]
        wrongly = sum(s.abstained for s in answerable)
        total = sum(s.count for s in answerable)
        lines.append(f"answerable questions with no passage above the relevance floor (min_relevance): "
                     f"{wrongly}/{total}; answers abstain on the topic test (table below)")
        return "\n".join(lines)


def evaluate(assistant: Assistant, questions: list[Question], k: int = 5, fusion: str | None = None,
             mmr: bool = False) -> EvalResult:
    """Paper-level ranking quality and abstention, question by question."""
    fusion = fusion or assistant.settings.retrieval.fusion
    result = EvalResult(k=k, fusion=fusion)
    for q in questions:
        started = time.perf_counter()
        passages = assistant.retriever.search(q.question, k=max(assistant.settings.retrieval.candidates, k * 4),
                                              fusion=fusion, mmr=mmr)  # type: ignore[arg-type]
        result.latencies.append(time.perf_counter() - started)
        ranked = list(dict.fromkeys(normalise_title(p.title) for p in passages))[:k]
        gold = {normalise_title(t) for t in q.gold_titles}
        scores = result.by_kind.setdefault(q.kind, KindScores())
        scores.count += 1
        scores.abstained += not assistant.retriever.covers(passages[:4])
        if not gold:
            continue
        found = [i for i, title in enumerate(ranked) if title in gold]
        scores.hit1 += bool(found and found[0] == 0)
        scores.recall += len(set(ranked) & gold) / min(len(gold), k)
        scores.rr += 1 / (found[0] + 1) if found else 0.0
        if not (found and found[0] == 0):
            result.misses.append(f"[{q.kind}] {q.question}")
    return result


def evaluate_cite(assistant: Assistant, path: Path) -> str:
    """hit@1 of `Assistant.cite` per kind of lookup; 'none' lines must find nothing."""
    totals: dict[str, list[int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, gold, kind = row["text"], normalise_title(row.get("gold_title", "")), row.get("kind", "lookup")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SourceError(path, f"bad lookup line: {exc}", line=number) from None
        result = assistant.cite(text, k=3)
        top = normalise_title(result.matches[0].title) if result.found else ""
        hit = top == gold if gold else not result.found
        totals.setdefault(kind, [0, 0])
        totals[kind][0] += hit
        totals[kind][1] += 1
    lines = [f"{'lookup kind':<12}{'n':>4}{'hit@1':>8}"]
    lines += [f"{kind:<12}{n:>4}{hits / n:>8.3f}" for kind, (hits, n) in sorted(totals.items())]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The one parser of `paperchat eval` and `python -m assistant.eval`."""
    parser.add_argument("questions", type=Path)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--split", choices=["tune", "report", "all"], default="all",
                        help="only the questions of this split (default: all)")
    parser.add_argument("--fusion", choices=["weighted", "rrf", "dense", "keyword"])
    parser.add_argument("--show-misses", action="store_true", help="list each miss (tuning split only!)")
    parser.add_argument("--answers", metavar="BACKEND", default="extractive", choices=list(BACKENDS),
                        help=f"score the answers of this backend: {', '.join(BACKENDS)} (default: extractive)")
    parser.add_argument("--limit", type=int, help="only the first N questions of each kind")
    parser.add_argument("--cite", type=Path, metavar="LOOKUPS", help="also score citation lookup on this JSONL")


def run(args: argparse.Namespace) -> int:
    from assistant.api import Assistant

    questions = load_questions(args.questions, args.split)
    if args.limit:
        questions = [q for kind in dict.fromkeys(q.kind for q in questions)
                     for q in [x for x in questions if x.kind == kind][: args.limit]]
    assistant = Assistant()
    assistant.retriever.search("warm-up", k=1)
    result = evaluate(assistant, questions, k=args.k, fusion=args.fusion)
    print(result.table())
    quality = score(assistant, questions, args.answers)
    print(f"\n{len(questions)} questions, split {args.split}\n{quality.table()}")
    if args.show_misses:
        print("\n".join(result.misses + quality.failures()))
    if args.cite:
        print(evaluate_cite(assistant, args.cite))
    return 0


if __name__ == "__main__":  # the same command as `paperchat eval`, with its error handling
    from assistant.cli import main

    sys.exit(main(["eval", *sys.argv[1:]]))
