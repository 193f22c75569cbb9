"""What several requests at once gain from the local server's continuous batching on this machine: prompt and
generation tokens per second with 1, 2 and 4 requests in flight, and the wall time of n requests sent together
against n requests sent one after another (measured in the same run).

The in-process llama.cpp server (bundled 0.5B model, 4 slots, 2 threads); every request has a system prompt
and a paperchat-sized source no other request has (no prefix-cache hits beyond the system prompt), greedy
decoding, a fixed answer length (`ignore_eos`); speeds from the server's own timings.

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
SOURCE_CHARS = 1200  # about 250 tokens, a source at paperchat's default budget plus its heading
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
        ask(url)  # warm-up: loads the weights, caches the system prompt
        load_before = os.getloadavg()[0]
        rows = []
        for n in (1, 2, 4):
            walls, per_request = [], []
            for _ in range(ROUNDS):
                wall, results = together(url, n)
                walls.append(wall)
                per_request.extend(results)
            alone = statistics.median(r["wall"] for r in rows[0][2]) if rows else statistics.median(walls)
            rows.append((n, statistics.median(walls), per_request, alone))
        load_after = os.getloadavg()[0]
    lines = []
    for n, wall, results, alone in rows:
        prompt = statistics.median(r["prompt_per_second"] for r in results)
        generation = statistics.median(r["predicted_per_second"] for r in results)
        prompt_tokens = statistics.median(r["prompt_n"] for r in results)
        lines.append(f"| {n} | {prompt_tokens:.0f} | {prompt:.0f} | {n * prompt:.0f} | {generation:.1f} | "
                     f"{n * generation:.1f} | {wall:.2f} s | x{wall / alone:.2f} | x{wall / (n * alone):.2f} |")
    single = rows[0][2]
    prompt_share = statistics.median(r["prompt_ms"] / (r["prompt_ms"] + r["predicted_ms"]) for r in single)
    body = f"""## Server batching (benchmarks/bench_server_batching.py)

What requests in flight together gain on this machine. The in-process llama.cpp server (0.5B model, 4 slots,
2 threads); each request: the answer system prompt (cached after the warm-up) and a source of
{SOURCE_CHARS} characters no other request had, {ANSWER_TOKENS} generated tokens (greedy, `ignore_eos`).
Speeds are the server's per-request timings, medians over {ROUNDS} rounds per level; "all n" multiplies by n
(the requests overlap in time). One run; 1-minute load average {load_before:.1f} before, {load_after:.1f} after.

| at once | prompt tokens (not cached) | prompt tok/s, each | all n | generation tok/s, each | all n \
| wall until the last ends | / one alone | / n one after another |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(lines)}

Alone, the prompt takes {prompt_share:.0%} of a request's server time. Prompt processing is bound by the
2 cores' arithmetic: requests at once share its speed. Generation gains from batching (several sequences per
pass over the weights), so n requests at once end sooner than n one after another, but not n times sooner.
"""
    write_section("server-batching", body)


if __name__ == "__main__":
    main()
