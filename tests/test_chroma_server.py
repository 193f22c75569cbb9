"""A real `chroma run` server on 127.0.0.1: ingest and answers through it, two processes' keyword
indexes kept consistent, and the server being down, going away and coming back."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant import Assistant
from ingest.embedding import Embedder
from ingest.pipeline import ingest
from ingest.settings import Settings, load_settings
from ingest.store import Store, StoreError
from tests.conftest import FIXTURES, SEED
from tests.helpers import free_port, refused_port

CHROMA = Path(sys.executable).with_name("chroma")


@dataclass
class ChromaServer:
    path: Path
    port: int
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1",
                                         "--port", str(self.port)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1)
                return
            except OSError:
                assert self.process.poll() is None, "chroma run exited"
                time.sleep(0.25)
        raise RuntimeError("chroma run did not answer its heartbeat within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    chroma = ChromaServer(tmp_path / "chroma-server", free_port())
    chroma.start()
    yield chroma
    chroma.stop()


def _settings(server: ChromaServer, data_dir: Path) -> Settings:
    return load_settings(data_dir=data_dir, chroma_host="127.0.0.1", chroma_port=server.port, progress=False,
                         index_refresh_s=0)


def test_ingest_and_answer_through_the_server(server: ChromaServer, tmp_path: Path, embedder: Embedder) -> None:
    settings = _settings(server, tmp_path / "a")
    report = ingest([SEED], settings, embedder=embedder)
    assert report.added == 65
    assert ingest([SEED], settings, embedder=embedder).chunks_embedded == 0
    assert not (tmp_path / "a" / "chroma").exists(), "server mode must not create an embedded store"
    answer = Assistant(settings, llm="extractive").ask("What did the Matryoshka paper show?")
    assert answer.citations[0].title == "Matryoshka Representation Learning"


def test_another_process_ingest_reaches_every_keyword_index(
    server: ChromaServer, tmp_path: Path, embedder: Embedder
) -> None:
    ingester, app = _settings(server, tmp_path / "ingester"), _settings(server, tmp_path / "app")
    ingest([SEED], ingester, embedder=embedder)
    assistant = Assistant(app, llm="extractive")
    assert assistant.search("sourdough starters as open quantum systems", k=1)[0].title != \
        "Quantum Sourdough Fermentation"
    corpus = tmp_path / "more"
    corpus.mkdir()
    shutil.copy(FIXTURES / "plain_paper.txt", corpus)
    ingest([SEED, corpus], ingester, embedder=embedder)
    hit = assistant.search("sourdough starters as open quantum systems", k=1)[0]
    assert hit.title == "Quantum Sourdough Fermentation" and (hit.keyword or 0) > 0
    assert assistant.retriever.keyword.version == Store(app, embedder.name).corpus_version()
    assert len(assistant.retriever.keyword.chunk_ids) == assistant.store.chunks.count()


def test_server_down_at_start_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with refused_port() as port:
        settings = load_settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=port)
        with monkeypatch.context() as patch, \
                pytest.raises(StoreError, match=r"cannot open the Chroma server at 127\.0\.0\.1"):
            patch.setattr("assistant.api.load_embedder", lambda *args: pytest.fail("the model loaded first"))
            Assistant(settings, llm="extractive")
        result = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "anything"], capture_output=True,
                                text=True, timeout=120, env={**os.environ,
                                                             "PAPERCHAT_CHROMA_HOST": "127.0.0.1",
                                                             "PAPERCHAT_CHROMA_PORT": str(settings.store.chroma_port)},
                                check=False)
        assert result.returncode == 2 and "cannot open the Chroma server" in result.stderr
        assert "Traceback" not in result.stderr


def test_server_going_away_and_coming_back(server: ChromaServer, tmp_path: Path, embedder: Embedder) -> None:
    settings = _settings(server, tmp_path / "a")
    ingest([FIXTURES], settings, embedder=embedder)
    assistant = Assistant(settings, llm="extractive")
    assert assistant.search("pointer networks", k=1)[0].title == "Pointer Networks"
    server.stop()
    with pytest.raises(StoreError, match="not reachable"):
        assistant.search("pointer networks", k=1)
    with pytest.raises(StoreError):
        assistant.ask("What are pointer networks?")
    server.start()
    assert assistant.search("pointer networks", k=1)[0].title == "Pointer Networks"
