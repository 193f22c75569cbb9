"""Shared fixtures: the real bundled embedding model and real Chroma stores in temp dirs."""

from __future__ import annotations

import os

from ingest.offline import stay_offline

stay_offline()

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from ingest.embedding import Embedder, embed_on_every_core, load_embedder  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from ingest.settings import Settings, StoreSettings, load_settings  # noqa: E402
from tests.helpers import free_port, wait_until_serving  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "daily-papers-oct-09.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE_PAPER = Path(__file__).resolve().parent / "data" / "hostile_paper.md"  # Markdown/HTML/prompt attacks


@pytest.fixture(autouse=True)
def _no_paperchat_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their settings explicitly; a developer's PAPERCHAT_* must not leak in."""
    for name in list(os.environ):
        if name.startswith("PAPERCHAT_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """Embedding on every core: the suite ingests far more than it generates with the in-process model. The
    real model, each text embedded once per session: the suite ingests the seed papers into several stores."""
    embed_on_every_core()
    store = StoreSettings()
    # the instance (load_embedder's cache key) every Assistant with the default store settings uses too
    model = load_embedder(store.embedding_model, store.embedding_device, store.embedding_batch_size)
    vectors: dict[str, np.ndarray] = {}
    encode = model.encode

    def encode_once(texts: list[str], progress: bool = False) -> np.ndarray:
        new = [text for text in dict.fromkeys(texts) if text not in vectors]
        if new:
            vectors.update(zip(new, encode(new, progress), strict=True))
        return np.stack([vectors[text] for text in texts]) if texts else encode(texts)

    model.encode = encode_once  # type: ignore[method-assign]
    return model


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", progress=False)


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """One store with the 65 seed papers, shared read-only by the retrieval and answer tests."""
    settings = load_settings(data_dir=tmp_path_factory.mktemp("seed") / "data", progress=False)
    ingest([SEED], settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The seed papers plus three hostile ones (HTML/JS/Markdown images and links in titles and abstracts)."""
    sources = tmp_path_factory.mktemp("app-sources")
    shutil.copy(SEED, sources)
    shutil.copy(FIXTURES / "daily_page_small.txt", sources)
    shutil.copy(HOSTILE_PAPER, sources)
    settings = load_settings(data_dir=tmp_path_factory.mktemp("app") / "data", progress=False)
    ingest([sources], settings, embedder=embedder)
    return settings.data_dir


@pytest.fixture(scope="session")
def app_url(app_data_dir: Path) -> Iterator[str]:
    """The real web app (`python app.py`) on a free loopback port, answering with the extractive backend."""
    port = free_port()
    env = {**os.environ, "PAPERCHAT_DATA_DIR": str(app_data_dir), "PAPERCHAT_APP_PORT": str(port),
           "PAPERCHAT_LLM": "extractive", "PAPERCHAT_PROGRESS": "false"}
    log = open(app_data_dir.parent / "app.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The smallest bundled GGUF model, assembled into a temp dir (needs paperchat's 'llm' extra)."""
    if os.environ.get("CI") != "true":
        pytest.importorskip("xllamacpp")
    from assistant.llm.local_models import model_path

    return model_path("qwen2.5-coder-0.5b", tmp_path_factory.mktemp("models"))
