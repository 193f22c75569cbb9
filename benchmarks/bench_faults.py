"""Fault benchmark: how long each failure takes to reach the user as a clear outcome, and to recover.

Run: `python benchmarks/bench_faults.py`. Loopback only; every server is real (chroma run, a socket that
never answers); timings are one run each.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

from assistant.api import Assistant
from benchmarks.report import write_section
from benchmarks.servers import free_port, start_chroma
from ingest.embedding import Embedder, load_embedder
from ingest.locking import writer_lock
from ingest.pipeline import IngestReport, ingest
from ingest.settings import BUNDLED_MODEL, load_settings
from ingest.store import StoreError

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did the Matryoshka paper show?"


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    try:
        result = action()
    except Exception as exc:  # the outcome is what we measure
        result = exc
    return time.perf_counter() - started, result


def _outcome(result: object) -> str:
    if isinstance(result, Exception):
        return f"{type(result).__name__}: {' '.join(str(result).split())[:110]}"
    if isinstance(result, IngestReport):
        return result.summary().splitlines()[0].split(";")[0] + (" + bad file reported" if result.bad_files else "")
    return type(result).__name__


def hostile_inputs(assistant: Assistant, tmp: Path, embedder: Embedder) -> list[tuple[str, float, str]]:
    """Inputs that used to hang the app or the ingest (quadratic regexes, unbounded texts, a parse
    error escaping as a traceback, a typo that pruned everything), each to its clear outcome."""
    rows = []
    word = "a" * 20_000
    for name, action in [
        ("/cite with a 20 KB single word", lambda: assistant.cite(word)),
        ("chat 'where does this quote come from: ' + 20 KB",
         lambda: assistant.ask(f"where does this quote come from: {word}")),
        ("question of 1 MB", lambda: assistant.ask("why " * 250_000)),
    ]:
        seconds, result = timed(action)
        rows.append((name, seconds, _outcome(result)))
    scratch = load_settings(data_dir=tmp / "hostile", progress=False)
    files = {"heading.md": "# x" + " " * 2000 + "y\nA body sentence about sparse retrieval.\n",
             "comments.md": "# Comments\nA body sentence. " + "<!--" * 250_000,
             "bigint.json": '[{"paper": {"title": "T", "summary": "S", "n": ' + "9" * 5000 + "}}]"}
    for name, text in files.items():
        folder = tmp / "hostile-src" / name.split(".")[0]
        folder.mkdir(parents=True)
        (folder / name).write_text(text)
        seconds, result = timed(lambda folder=folder: ingest([folder], scratch, embedder=embedder, skip_bad=True))
        rows.append((f"ingest --skip-bad: {name} ({len(text) // 1000} KB)", seconds, _outcome(result)))
    seconds, result = timed(lambda: ingest([tmp / "hostile-src", tmp / "typo"], scratch, embedder=embedder,
                                           prune=True, skip_bad=True))
    rows.append(("ingest PATH typo/ --prune --skip-bad (typo/ missing)", seconds, _outcome(result)))
    with writer_lock(scratch.data_dir, timeout=0):
        busy = scratch.updated(write_lock_timeout_s=1.0)
        seconds, result = timed(lambda: ingest([tmp / "hostile-src"], busy, embedder=embedder, skip_bad=True))
    rows.append(("second writer while another holds the lock (wait 1 s)", seconds, _outcome(result)))
    return rows


def main() -> None:
    embedder = load_embedder(BUNDLED_MODEL)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp) / "local", progress=False)
        ingest([ROOT / "seeds"], settings, embedder=embedder)
        normal, _ = timed(lambda: Assistant(settings, llm="extractive").ask(QUESTION))
        rows.append(("healthy, extractive answer (reference)", normal, "answer with citations"))

        down = settings.updated(openai_base_url=f"http://127.0.0.1:{free_port()}/v1")
        seconds, answer = timed(lambda: Assistant(down).ask(QUESTION, llm="openai"))
        rows.append(("OpenAI-compatible server down (connection refused)", seconds,
                     f"extractive answer + notice: {answer.notice}"))

        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        hung = settings.updated(openai_base_url=f"http://127.0.0.1:{silent.getsockname()[1]}/v1",
                                llm_first_token_timeout_s=5.0, llm_timeout_s=10.0)
        seconds, answer = timed(lambda: Assistant(hung).ask(QUESTION, llm="openai"))
        silent.close()
        rows.append(("server accepts but never answers (first-token timeout 5 s)", seconds,
                     f"extractive answer + notice: {answer.notice}"))

        rows += hostile_inputs(Assistant(settings, llm="extractive"), Path(tmp), embedder)

        shutil.rmtree(settings.keyword_index_path)
        seconds, _ = timed(lambda: Assistant(settings, llm="extractive").search(QUESTION, k=1))
        rows.append(("keyword index deleted: open + first search (rebuilds it)", seconds, "results as before"))

        port = free_port()
        chroma = start_chroma(f"{tmp}/chroma", port)
        server_settings = load_settings(data_dir=Path(tmp) / "server", chroma_host="127.0.0.1", chroma_port=port,
                                        progress=False)
        ingest([ROOT / "seeds"], server_settings, embedder=embedder)
        assistant = Assistant(server_settings, llm="extractive")
        chroma.send_signal(signal.SIGTERM)
        chroma.wait()
        seconds, error = timed(lambda: assistant.search(QUESTION, k=1))
        rows.append(("Chroma server gone: a search", seconds, f"{type(error).__name__}: {str(error)[:90]}…"
                     if isinstance(error, StoreError) else f"unexpected: {error!r}"))
        restarted = time.perf_counter()
        chroma = start_chroma(f"{tmp}/chroma", port)
        ready = time.perf_counter() - restarted
        seconds, hits = timed(lambda: assistant.search(QUESTION, k=1))
        rows.append(("Chroma server back: first search after its heartbeat", seconds,
                     f"{hits[0].title} (server took {ready:.1f} s to start)" if isinstance(hits, list) else repr(hits)))
        chroma.send_signal(signal.SIGTERM)
        chroma.wait()

    table = "\n".join(f"| {name} | {seconds:.2f} s | {outcome} |" for name, seconds, outcome in rows)
    body = f"""## Faults (benchmarks/bench_faults.py)

Time from the request to a clear outcome for the user, one run each; the fault tests in tests/test_faults.py,
tests/test_backends.py and tests/test_chroma_server.py assert the outcomes themselves.

| fault | time | outcome |
|---|---|---|
{table}
"""
    write_section("faults", body)


if __name__ == "__main__":
    main()
