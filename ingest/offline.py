"""paperchat never downloads at run time and reports nothing home. These variables keep the libraries
it uses offline (Hugging Face hub, transformers) and quiet (Gradio analytics, Chroma telemetry, model
loading bars). They must be set before those libraries are imported: `ingest` applies them on import, and
entry points that import a library first (the web app, the tests, the benchmarks) call `stay_offline()` at
the top."""

from __future__ import annotations

import os

OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
               "ANONYMIZED_TELEMETRY": "False", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}


def stay_offline() -> None:
    """Set every offline variable the user has not set."""
    for name, value in OFFLINE_ENV.items():
        os.environ.setdefault(name, value)
