"""How much source text the local model gets: answer quality and speed against `source_token_budget`.

Every prompt is the fixed instructions (system message, identical across requests, so llama.cpp's
prefix cache computes them once), then the numbered sources, then the question. Sources are the part
that costs time on a CPU; this sweep finds the knee: the smallest budget whose answers are as good as
the best budget's (within one answer citing a gold paper, citation precision within 0.05, at least 90 % of
its correct citations). Each budget gets a fresh server, so no budget profits from prompts cached by
another. The budget limits what the model reads; extractive answers, paper lists and the answers to first questions
asking for a paper ("Which method ...", "Is there ...": extractive whatever the backend) are not limited.

Run: `python benchmarks/tune_sources.py [--limit 20] [--budgets 300 450 600 900]` (0.5B model).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

from assistant.api import Assistant
from assistant.eval import AnswerScores, evaluate_answers, load_questions
from assistant.evidence import Source
from assistant.llm.backends import local_server_spec
from assistant.llm.local_server import stop_server
from benchmarks.report import write_section
from ingest.embedding import load_embedder
from ingest.pipeline import ingest
from ingest.settings import BUNDLED_MODEL, load_settings
from ingest.tokens import count_tokens

ROOT = Path(__file__).resolve().parent.parent
MODEL = "qwen2.5-coder-0.5b"
HEADER = ("| source_token_budget | source tokens | answers citing a gold paper | citation precision | markers removed "
          "| fell back | first token p50 | total p50 | load avg after |")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def prompt_sources(assistant: Assistant, question: str) -> list[Source]:
    """The sources the model would be given (chosen before it is asked, and it is not; none when the
    question is declined as not covered)."""
    return assistant.stream(question).sources or []


def precision(s: AnswerScores) -> float:
    return s.correct_citations / s.citations if s.citations else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=20, help="single-paper dev questions")
    parser.add_argument("--budgets", type=int, nargs="+", default=[50, 100, 150, 300, 600])
    args = parser.parse_args()
    questions = [q for q in load_questions(ROOT / "tests" / "data" / "dev_questions.jsonl")
                 if q.kind == "single"][: args.limit]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), progress=False, llm_model=MODEL)
        ingest([ROOT / "seeds"], settings, embedder=load_embedder(BUNDLED_MODEL))
        for budget in args.budgets:
            # A fresh server per budget: no prompt of an earlier budget is in its prefix cache. The warm-up
            # loads the model and caches the fixed instructions, as for any running app.
            stop_server(local_server_spec(settings).model_path)
            assistant = Assistant(settings, llm="llamacpp", source_token_budget=budget)
            assistant.ask("warm-up: what is a pointer network?")
            started = time.perf_counter()
            scores = evaluate_answers(assistant, questions, "llamacpp")
            used = [sum(count_tokens(s.text) for s in prompt_sources(assistant, q.question)) for q in questions]
            results.append((budget, scores, sum(used) / len(used), time.perf_counter() - started,
                            os.getloadavg()[0]))
    best_answered = max(s.answered for _, s, *_ in results)
    best_precision = max(precision(s) for _, s, *_ in results)
    best_cited = max(s.correct_citations for _, s, *_ in results)
    knee = next(b for b, s, *_ in results if s.answered >= best_answered - 1
                and precision(s) >= best_precision - 0.05 and s.correct_citations >= 0.9 * best_cited)
    rows = "\n".join(
        f"| {b} | {used:.0f} | {s.answered}/{s.answerable} | {precision(s):.3f} ({s.correct_citations}/{s.citations}) "
        f"| {s.dropped} | {s.fallbacks} | {percentile(s.first_token, 0.5):.2f} s | {percentile(s.total, 0.5):.2f} s "
        f"| {load:.1f} |" for b, s, used, _, load in results)
    body = f"""## Source budget (benchmarks/tune_sources.py)

{len(questions)} single-paper dev questions, the bundled {MODEL} model on the `llamacpp` backend, greedy
decoding, one run, the same questions for every budget. "Source tokens" is the mean tiktoken count of the
source text actually put in the prompt; "fell back" counts answers whose model text could not be matched to
the papers (the user then gets the extractive answer with a notice); timings are the model's own answers.

{HEADER}
|---|---|---|---|---|---|---|---|---|
{rows}

Knee (the smallest budget within one answer citing a gold paper of the best budget, with citation precision
within 0.05 and at least 90 % of its correct citations):
**{knee}**. The shipped default is `source_token_budget={load_settings().answer.source_token_budget}`.
"""
    write_section("source-budget", body)


if __name__ == "__main__":
    main()
