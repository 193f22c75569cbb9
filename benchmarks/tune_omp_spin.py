"""How long llama.cpp's OpenMP threads should spin before sleeping (GOMP_SPINCOUNT), on idle cores and on
cores that other processes want too (busy loops here; the app's own threads or a neighbour in practice).

Every setting runs in a fresh process (OpenMP reads it when the library loads): the in-process llama.cpp
server with the bundled 0.5B model, 2 threads, a paperchat-sized prompt, greedy decoding; prompt and
generation speed from the server's own timings, median of 3 requests.

Run: `python benchmarks/tune_omp_spin.py` (the default is set in ingest/offline.py).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV, OPENMP_SPIN

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

from assistant import prompts
from assistant.llm.local_models import model_path
from assistant.llm.local_server import ServerSpec, ensure_server
from benchmarks.report import write_section

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"300,000 (GNU OpenMP's default)": {"GOMP_SPINCOUNT": "300000"}, "30,000": {"GOMP_SPINCOUNT": "30000"},
            "10,000": {"GOMP_SPINCOUNT": "10000"}, "3,000": {"GOMP_SPINCOUNT": "3000"},
            "never (OMP_WAIT_POLICY=PASSIVE)": {"OMP_WAIT_POLICY": "PASSIVE", "GOMP_SPINCOUNT": "0"}}
BUSY = 3  # busy processes besides the server, on 2 cores
HEADER = ("| spin before sleeping (GOMP_SPINCOUNT) | idle: prompt tok/s | idle: generation tok/s | busy: prompt tok/s "
          "| busy: generation tok/s |")


def measure(gguf: str) -> dict[str, float]:
    """In a fresh process: prompt and generation tokens per second, median of 3 requests after a warm-up."""
    url = ensure_server(ServerSpec(gguf, parallel=1, threads=2))
    abstract = (ROOT / "seeds" / "daily-papers-oct-09.txt").read_text()
    speeds: dict[str, list[float]] = {"prompt": [], "generation": []}
    for i in range(4):
        sources = prompts.SOURCE.format(n=1, title=f"Paper {i}", text=abstract[i * 900 : i * 900 + 450])
        body = {"messages": [{"role": "system", "content": prompts.ANSWER_SYSTEM},
                             {"role": "user", "content": prompts.ANSWER_USER.format(sources=sources,
                                                                                   question="What is proposed?")}],
                "max_tokens": 40, "temperature": 0}
        request = urllib.request.Request(f"{url}/chat/completions", json.dumps(body).encode(),
                                         {"Content-Type": "application/json"})
        timings = json.loads(urllib.request.urlopen(request, timeout=600).read())["timings"]
        if i:  # the first request warms up
            speeds["prompt"].append(timings["prompt_per_second"])
            speeds["generation"].append(timings["predicted_per_second"])
    return {kind: statistics.median(values) for kind, values in speeds.items()}


def run(gguf: str, env: dict[str, str]) -> dict[str, float]:
    result = subprocess.run([sys.executable, __file__, "--worker", gguf], env={**os.environ, **env},
                            capture_output=True, text=True, check=True, timeout=900)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        gguf = str(model_path("qwen2.5-coder-0.5b", Path(tmp)))
        rows = {name: {"idle": run(gguf, env)} for name, env in SETTINGS.items()}
        idle_load = os.getloadavg()[0]
        busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(BUSY)]
        try:
            for name, env in SETTINGS.items():
                rows[name]["busy"] = run(gguf, env)
        finally:
            for process in busy:
                process.kill()
                process.wait()
        busy_load = os.getloadavg()[0]
    table = "\n".join(f"| {name} | {r['idle']['prompt']:.0f} | {r['idle']['generation']:.1f} | "
                      f"{r['busy']['prompt']:.0f} | {r['busy']['generation']:.1f} |" for name, r in rows.items())
    body = f"""## OpenMP spinning (benchmarks/tune_omp_spin.py)

The in-process llama.cpp server (0.5B model, 2 threads) in a fresh process per setting; tokens per second
from the server's timings, median of 3 requests; "busy" = {BUSY} other processes spinning on the 2 cores
(1-minute load average {idle_load:.1f} after the idle runs, {busy_load:.1f} after the busy ones). One run.

{HEADER}
|---|---|---|---|---|
{table}

paperchat sets `GOMP_SPINCOUNT={OPENMP_SPIN}` unless the environment sets it (ingest/offline.py).
"""
    write_section("omp-spin", body)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(measure(sys.argv[2])))
    else:
        main()
