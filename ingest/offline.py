"""paperchat never downloads at run time and reports nothing home. These variables keep the libraries
it uses offline (Hugging Face hub, transformers) and quiet (Gradio analytics, Chroma telemetry, model
loading bars), and OpenMP's threads from taking the cores from llama.cpp's. They must be set before those libraries are
imported: `ingest` applies them on import, and entry points that import a library first (the web app, the
tests, the benchmarks) call `stay_offline()` at the top."""

from __future__ import annotations

import os

# GNU OpenMP's threads spin while they wait (300,000 rounds by default). When anything else wants the cores
# (the app's own threads, other processes), spinning threads starve the ones doing the work; never spinning
# costs llama.cpp a third of its speed on idle cores. A short spin keeps both (benchmarks/tune_omp_spin.py).
# OpenMP reads it once, when torch loads it, and llama.cpp's threads share torch's copy in one process.
OPENMP_SPIN = "10000"
# torch computes on one thread: once torch has run a team of OpenMP threads, llama.cpp's generation in the same
# process runs a quarter slower (30 against 40 tokens/s, 0.5B model, 2 cores), while one thread embeds slower
# (docs/benchmarks.md, "Ingest"). `paperchat ingest`, which runs no local model, and the tests, which mostly
# embed, compute on every core (ingest.embedding.embed_on_every_core). llama.cpp sets its own thread count.
TORCH_THREADS = "1"
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
               "ANONYMIZED_TELEMETRY": "False", "HF_HUB_DISABLE_PROGRESS_BARS": "1", "GOMP_SPINCOUNT": OPENMP_SPIN,
               "OMP_NUM_THREADS": TORCH_THREADS}


def stay_offline() -> None:
    """Set every offline variable the user has not set."""
    for name, value in OFFLINE_ENV.items():
        os.environ.setdefault(name, value)
