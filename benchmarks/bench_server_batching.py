"""What several requests at once gain from the local server's continuous batching on this machine: prompt and
generation tokens per second with 1, 2 and 4 requests in flight, and the wall time of n requests sent together
against the same number sent one after another in the same round.

The in-process llama.cpp server (bundled 0.5B model, 4 slots, 2 threads); every request has the answer system
prompt (each slot has it cached after the warm-up) and a source no other request has, greedy decoding, a fixed
answer length (`ignore_eos`); speeds from the server's own timings.

Run: `python benchmarks/bench_server_batching.py`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from assistant import prompts  # imports ingest first: OpenMP and thread settings before llama.cpp loads
from assistant.llm.local_models import model_path
from assistant.llm.local_server import ServerSpec, ensure_server
from benchmarks.report import write_section

ROOT = Path(__file__).resolve().parent.parent
ANSWER_TOKENS = 80
SOURCE_CHARS = 700  # about 150 tokens: the app's default source budget (source_token_budget)
ROUNDS = 3
TEXT = (ROOT / "seeds" / "daily-papers-oct-09.txt").read_text()
_slices = count()


def ask(url: str) -> dict[str, float]:
    """One request with a source no earlier request had; the server's timings and the wall time."""
    at = next(_slices) * SOURCE_CHARS % (len(TEXT) - SOURCE_CHARS)
    sources = prompts.SOURCE.format(n=1, title="Paper", text=TEXT[at:at + SOURCE_CHARS])
    body = {"messages": [{"role": "system", "content": prompts.ANSWER_SYSTEM},
                         {"role": "user", "content": prompts.ANSWER_USER.format(sources=sources,
                                                                               question="What is proposed?")}],
            "max_tokens": ANSWER_TOKENS, "temperature": 0, "ignore_eos": True}
    request = urllib.request.Request(f"{url}/chat/completions", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
    started = time.perf_counter()
    timings = json.loads(urllib.request.urlopen(request, timeout=600).read())["timings"]
    return {**timings, "wall": time.perf_counter() - started}


def together(url: str, n: int) -> tuple[float, list[dict[str, float]]]:
    """n requests released at once: the wall time until the last ends, and each one's timings."""
    results: list[dict[str, float]] = []
    threads = [threading.Thread(target=lambda: results.append(ask(url))) for _ in range(n)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, results


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = ensure_server(ServerSpec(str(model_path("qwen2.5-coder-0.5b", Path(tmp))), parallel=4, threads=2,
                                       context_per_slot=2048))
        together(url, 4)  # warm-up: loads the weights; every slot caches the system prompt
        load_before = os.getloadavg()[0]
        rows = []
        for n in (1, 2, 4):
            walls, sequential, per_request = [], [], []
            for _ in range(ROUNDS):
                wall, results = together(url, n)
                walls.append(wall)
                per_request.extend(results)
                sequential.append(sum(ask(url)["wall"] for _ in range(n)))
            rows.append((n, statistics.median(walls), statistics.median(sequential), per_request))
        load_after = os.getloadavg()[0]
    alone = rows[0][1]
    lines = []
    for n, wall, one_after_another, results in rows:
        prompt = statistics.median(r["prompt_per_second"] for r in results)
        generation = statistics.median(r["predicted_per_second"] for r in results)
        prompt_tokens = statistics.median(r["prompt_n"] for r in results)
        lines.append(f"| {n} | {prompt_tokens:.0f} | {prompt:.0f} | {n * prompt:.0f} | {generation:.1f} | "
                     f"{n * generation:.1f} | {wall:.2f} s | x{wall / alone:.2f} | {one_after_another:.2f} s | "
                     f"x{wall / one_after_another:.2f} |")
    single = rows[0][3]
    prompt_share = statistics.median(r["prompt_ms"] / (r["prompt_ms"] + r["predicted_ms"]) for r in single)
    body = f"""## Server batching (benchmarks/bench_server_batching.py)

What requests in flight together gain on this machine. The in-process llama.cpp server (0.5B model, 4 slots,
2 threads); each request: the answer system prompt (every slot has it cached after a warm-up) and a source of
{SOURCE_CHARS} characters no other request had, {ANSWER_TOKENS} generated tokens (greedy, `ignore_eos`). In each of
{ROUNDS} rounds per level, n requests are sent together, then n more one after another. Speeds are the server's
per-request timings; walls and speeds are medians over the rounds; "all n" multiplies by n (the requests overlap
in time). One run; 1-minute load average {load_before:.1f} before, {load_after:.1f} after.

| at once | prompt tokens (not cached) | prompt tok/s, each | all n | generation tok/s, each | all n \
| together: wall until the last ends | / one alone | one after another: wall | together / one after another |
|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(lines)}

Alone, the prompt takes {prompt_share:.0%} of a request's server time. A p50 at 4 users of x2.5 one user's
(issue #13) needs 4 requests together to end within x2.5 of one alone.
"""
    write_section("server-batching", body)


if __name__ == "__main__":
    main()
