"""Ingest benchmark: the seed into a fresh store, our pipeline vs. bare `model.encode` on the same
chunk texts (same process, same model instance), and a re-ingest of unchanged sources.

Run: `make bench` or `python benchmarks/bench_ingest.py [--repeats N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

import torch

from benchmarks.report import write_section
from ingest.chunking import chunk_text
from ingest.embedding import embed_on_every_core, load_embedder
from ingest.loaders import load_file
from ingest.pipeline import embedded_text, ingest
from ingest.settings import BUNDLED_MODEL, load_settings

SEED = Path(__file__).resolve().parent.parent / "seeds" / "daily-papers-oct-09.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    embed_on_every_core()  # as `paperchat ingest` runs
    embedder = load_embedder(BUNDLED_MODEL)
    settings0 = load_settings(progress=False)
    texts = [embedded_text(p.title, c.text) for p in load_file(SEED)
             for c in chunk_text(p.abstract, settings0.store.chunk_tokens, settings0.store.chunk_overlap_tokens)]
    embedder.encode(texts[:8])  # warm-up

    fresh, bare, again = [], [], []
    for _ in range(args.repeats):
        started = time.perf_counter()
        embedder.encode(texts)
        bare.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(data_dir=Path(tmp), progress=False)
            report = ingest([SEED], settings, embedder=embedder)
            assert report.added == 65 and report.chunks_embedded == len(texts)
            fresh.append(report.seconds)
            report = ingest([SEED], settings, embedder=embedder)
            assert report.chunks_embedded == 0
            again.append(report.seconds)

    torch.set_num_threads(1)  # as in a process that runs a local model (the app's first-start ingest)
    one_thread = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        embedder.encode(texts)
        one_thread.append(time.perf_counter() - started)

    med = statistics.median
    body = f"""## Ingest (benchmarks/bench_ingest.py)

The 65 seed papers ({len(texts)} chunks) into a fresh embedded Chroma store with the bundled
all-MiniLM-L6-v2 on the CPU, median of {args.repeats} runs; model loaded once beforehand (load time excluded).
"Bare encode" is `SentenceTransformer.encode` on exactly the same chunk texts in the same run. Torch computes
on all {os.cpu_count()} cores, as `paperchat ingest` runs, except in the last row (ingest/offline.py says why).

| measure | seconds | ratio to bare encode |
|---|---|---|
| bare `model.encode` of the {len(texts)} chunks | {med(bare):.2f} | 1.00 |
| full ingest (parse, chunk, embed, store, keyword index) | {med(fresh):.2f} | {med(fresh) / med(bare):.2f} |
| re-ingest, nothing changed (0 chunks embedded) | {med(again):.2f} | {med(again) / med(bare):.2f} |
| bare `model.encode` on one thread (as in the app, which runs a local model) | {med(one_thread):.2f} | \
{med(one_thread) / med(bare):.2f} |

Throughput: {len(texts) / med(fresh):.0f} chunks/s through the pipeline vs. {len(texts) / med(bare):.0f} chunks/s bare
encode.
"""
    write_section("ingest", body)


if __name__ == "__main__":
    main()
