"""Load benchmark, loopback only, bounded in count and time. Against the real app (`python app.py`)
served from a real `chroma run` server:

1. 20 concurrent gradio_client users x 5 questions, extractive backend: errors, answers citing the
   right paper, latency p50/p95, throughput;
2. the local LLM backend with fewer users: how requests queue behind the one model;
3. an ingest of more papers (another process) while users ask: errors, answers still cited,
   duplicate chunks afterwards, new papers findable.

Run: `python benchmarks/bench_load.py [--users 20 --questions 5 --llm-users 3]`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gradio_client import Client

from benchmarks.report import write_section
from benchmarks.servers import free_port, start_chroma, wait_for
from ingest.records import normalise_title

ROOT = Path(__file__).resolve().parent.parent


def questions() -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "dev_questions.jsonl").read_text().splitlines()]
    return [(r["question"], r["gold_titles"][0]) for r in rows if r.get("kind") == "single"]


def run_users(url: str, users: int, per_user: int, backend: str, pool: list[tuple[str, str]],
              stop: threading.Event | None = None) -> dict:
    """`users` threads, each its own gradio_client, asking `per_user` questions (or until `stop`)."""
    latencies: list[float] = []
    outcomes = {"answered": 0, "cited_gold": 0, "errors": 0, "uncited": 0}
    lock = threading.Lock()

    def user(index: int) -> None:
        client = Client(url, verbose=False)
        asked = 0
        while asked < per_user or (stop is not None and not stop.is_set()):
            question, gold = pool[(index * per_user + asked) % len(pool)]
            started = time.perf_counter()
            try:
                result = client.predict(question, backend, api_name="/ask")
                elapsed = time.perf_counter() - started
                cited = {normalise_title(c["title"]) for c in result["citations"]}
                with lock:
                    latencies.append(elapsed)
                    outcomes["answered"] += 1
                    outcomes["cited_gold"] += normalise_title(gold) in cited
                    outcomes["uncited"] += not cited
            except Exception:
                with lock:
                    outcomes["errors"] += 1
            asked += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    return {**outcomes, "wall": wall, "p50": ordered[len(ordered) // 2],
            "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], "throughput": len(latencies) / wall}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--llm-users", type=int, default=3)
    args = parser.parse_args()
    pool = questions()
    with tempfile.TemporaryDirectory() as tmp:
        chroma_port, app_port = free_port(), free_port()
        env = {**os.environ, "PAPERCHAT_DATA_DIR": f"{tmp}/app", "PAPERCHAT_CHROMA_HOST": "127.0.0.1",
               "PAPERCHAT_CHROMA_PORT": str(chroma_port), "PAPERCHAT_APP_PORT": str(app_port),
               "PAPERCHAT_PROGRESS": "false", "PAPERCHAT_LLM_MODEL": "qwen2.5-coder-0.5b"}
        chroma = start_chroma(f"{tmp}/chroma", chroma_port)
        app = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{app_port}/"
        try:
            wait_for(url, 300)
            Client(url, verbose=False).predict("warm-up", "extractive", api_name="/ask")
            extractive = run_users(url, args.users, args.questions, "extractive", pool)

            single = run_users(url, 1, 1, "llamacpp", pool)  # also loads the model
            single = run_users(url, 1, 2, "llamacpp", pool)
            llm = run_users(url, args.llm_users, 2, "llamacpp", pool)

            extra = Path(tmp) / "extra"
            extra.mkdir()
            for i in range(40):
                (extra / f"study{i:02d}.md").write_text(
                    f"# Tidal Study {i}\n\nWe model tide gauge records number {i} with harmonic regression. "
                    f"The residuals of station {i} reveal storm surges.")
            stop = threading.Event()
            ingest_env = {**env, "PAPERCHAT_DATA_DIR": f"{tmp}/ingester"}
            ingest_started = time.perf_counter()
            ingester = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(ROOT / "seeds"),
                                         str(extra)], env=ingest_env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
            threading.Thread(target=lambda: (ingester.wait(), stop.set()), daemon=True).start()
            during = run_users(url, 5, 2, "extractive", pool, stop=stop)
            ingest_seconds = time.perf_counter() - ingest_started
            ingest_output = ingester.stdout.read() if ingester.stdout else ""
            time.sleep(6)  # one keyword-index refresh interval
            client = Client(url, verbose=False)
            found_new = client.predict("harmonic regression of tide gauge records", "extractive",
                                       api_name="/ask")["citations"]
            papers = client.predict("", api_name="/papers")
        finally:
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=60)
        import chromadb

        collection = chromadb.HttpClient(host="127.0.0.1", port=chroma_port).get_collection("papers")
        got = collection.get(include=["metadatas"])
        keys = [(m["paper_id"], m["chunk_index"]) for m in got["metadatas"]]
        duplicates = len(keys) - len(set(keys))
        chroma.send_signal(signal.SIGTERM)
        chroma.wait(timeout=30)

    def line(name: str, r: dict, users: int, each: int) -> str:
        return (f"| {name} | {users} x {each} | {r['answered']} | {r['errors']} | {r['cited_gold']}/{r['answered']} | "
                f"{r['p50']:.2f} s | {r['p95']:.2f} s | {r['throughput']:.2f}/s |")

    body = f"""## Load (benchmarks/bench_load.py)

The real app (`python app.py`, queue concurrency {os.environ.get('PAPERCHAT_APP_CONCURRENCY', 4)}) on loopback,
its store on a real `chroma run` server; each user is its own `gradio_client.Client` calling `/ask`; questions
are the dev set's single-paper questions; "right paper cited" = the answer's checked citations include the gold
paper. One run.

| backend | users x questions | answered | errors | right paper cited | latency p50 | latency p95 | throughput |
|---|---|---|---|---|---|---|---|
{line("extractive", extractive, args.users, args.questions)}
{line("llamacpp 0.5B, one user alone", single, 1, 2)}
{line("llamacpp 0.5B, concurrent", llm, args.llm_users, 2)}

Queueing with the local LLM: one llama.cpp model serves one generation at a time, so {args.llm_users} concurrent
users see p50 {llm['p50']:.1f} s against {single['p50']:.1f} s alone (x{llm['p50'] / max(single['p50'], 1e-9):.1f});
the extractive backend is not serialised.

**Ingest while users ask**: another process ingested the seed plus 40 new papers through the Chroma server
({ingest_seconds:.0f} s; `{ingest_output.strip().splitlines()[-1] if ingest_output.strip() else "no output"}`)
while 5 users kept asking: {during['answered']} answered, {during['errors']} errors, {during['uncited']} answers
without a citation. Afterwards: {duplicates} duplicate chunks (same paper and chunk index) in the collection,
{len(papers)} papers listed by the app, and a question about the new papers cites
"{found_new[0]['title'] if found_new else 'nothing'}" (the app's keyword index refreshed from the server's corpus
version).
"""
    write_section("load", body)


if __name__ == "__main__":
    main()
