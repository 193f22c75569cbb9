"""Shared fixtures: the real bundled embedding model and real Chroma stores in temp dirs."""

from __future__ import annotations

import os

for _name, _value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                      "GRADIO_ANALYTICS_ENABLED": "False"}.items():
    os.environ.setdefault(_name, _value)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from ingest.embedding import Embedder, load_embedder  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from ingest.settings import BUNDLED_MODEL, Settings, load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "daily-papers-oct-09.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_paperchat_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their settings explicitly; a developer's PAPERCHAT_* must not leak in."""
    for name in list(os.environ):
        if name.startswith("PAPERCHAT_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder(BUNDLED_MODEL)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", progress=False)


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """One store with the 65 seed papers, shared read-only by the retrieval and answer tests."""
    settings = load_settings(data_dir=tmp_path_factory.mktemp("seed") / "data", progress=False)
    ingest([SEED], settings, embedder=embedder)
    return settings
