"""Answer benchmark: extractive vs. the two bundled local models on the same dev questions, one run.

Measures answer correctness (the answer cites a gold paper), citation precision (share of surviving
citations whose paper is gold), markers removed by the checker, abstention, fallbacks, time to first
token and total time. Run: `python benchmarks/bench_answers.py [--limit N]` (N questions per kind).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.api import Assistant
from assistant.eval import AnswerScores, evaluate_answers, load_questions
from benchmarks.report import write_section
from ingest.embedding import load_embedder
from ingest.pipeline import ingest
from ingest.settings import BUNDLED_MODEL, load_settings

ROOT = Path(__file__).resolve().parent.parent


HEADER = ("| backend | answers citing a gold paper | citation precision | markers removed | unanswerable abstained "
          "| fell back (notice) | first token p50 | total p50 |")


def p50(values: list[float]) -> str:
    return f"{sorted(values)[len(values) // 2]:.2f} s" if values else "-"


def row(name: str, s: AnswerScores) -> str:
    precision = s.correct_citations / s.citations if s.citations else 0.0
    return (f"| {name} | {s.answered}/{s.answerable} | {precision:.3f} ({s.correct_citations}/{s.citations}) | "
            f"{s.dropped} | {s.abstained_unanswerable}/{s.unanswerable} | {s.fallbacks} | {p50(s.first_token)} | "
            f"{p50(s.total)} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=12)
    args = parser.parse_args()
    questions = load_questions(ROOT / "tests" / "data" / "dev_questions.jsonl")
    questions = [q for kind in ("single", "multi", "none")
                 for q in [x for x in questions if x.kind == kind][: args.limit]]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), progress=False)
        ingest([ROOT / "seeds"], settings, embedder=load_embedder(BUNDLED_MODEL))
        rows.append(row("extractive", evaluate_answers(Assistant(settings, llm="extractive"), questions, "extractive")))
        for model in ("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"):
            assistant = Assistant(settings, llm="llamacpp", llm_model=model)
            assistant.ask("warm-up: what is a pointer network?")  # model load excluded from timings
            rows.append(row(f"llamacpp {model}", evaluate_answers(assistant, questions, "llamacpp")))
    counts = {kind: sum(q.kind == kind for q in questions) for kind in ("single", "multi", "none")}
    table = "\n".join(rows)
    body = f"""## Answers (benchmarks/bench_answers.py)

{len(questions)} dev questions ({counts['single']} single-paper, {counts['multi']} "which papers", {counts['none']}
unanswerable), the same for every backend, one run, CPU only, greedy decoding. "Which papers" questions are
answered by the cited paper list for every backend (by design), so model timings cover the single-paper
answers the model generated itself.

{HEADER}
|---|---|---|---|---|---|---|---|
{table}
"""
    write_section("answers", body)


if __name__ == "__main__":
    main()
