"""Faults: an LLM server killed mid-answer, a read-only data directory, a full disk, an ingest killed
midway. Each ends in a clear message, the store intact, and a documented recovery."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from assistant import Assistant
from ingest.embedding import Embedder
from ingest.keyword_index import KeywordIndex, KeywordIndexError
from ingest.pipeline import ingest
from ingest.settings import Settings, load_settings
from ingest.store import Store
from tests.conftest import FIXTURES
from tests.helpers import start_llama_server


def _snapshot(settings: Settings, embedder: Embedder) -> tuple[list, list]:
    store = Store(settings, embedder.name, embedder.dimension)
    return (sorted((c.id, c.meta.paper_id, c.text) for c in store.all_chunks()),
            sorted((r.id, r.content_hash) for r in store.paper_records()))


def test_llm_server_killed_mid_answer_falls_back_and_keeps_serving(seed_settings: Settings, gguf: Path) -> None:
    server, url = start_llama_server(gguf)
    try:
        settings = seed_settings.updated(openai_base_url=url,
                                         llm_first_token_timeout_s=60.0, llm_timeout_s=60.0)
        assistant = Assistant(settings, llm="openai")
        stream = assistant.stream("How can a classifier avoid memorizing noisy labels?")
        for _ in stream:
            if server.poll() is None:
                server.send_signal(signal.SIGKILL)  # dies after its first token
                server.wait()
        final = stream.answer
        assert final is not None and final.backend == "extractive"
        assert "unavailable" in (final.notice or "") and final.citations
        again = assistant.ask("What did the Matryoshka paper show?", llm="extractive")
        assert again.citations and again.notice is None
    finally:
        if server.poll() is None:
            server.kill()


def test_full_disk_while_writing_the_keyword_index(
    settings: Settings, embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    ingest([corpus], settings, embedder=embedder)
    before = KeywordIndex.load(settings.keyword_index_path)
    (corpus / "new.md").write_text("# Tidal Harmonics\n\nWe fit tides with harmonic regression.")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("bm25s.BM25.save", disk_full)
    with pytest.raises(KeywordIndexError, match=r"No space left on device.*--rebuild"):
        ingest([corpus], settings, embedder=embedder)
    assert KeywordIndex.load(settings.keyword_index_path).version == before.version  # old index kept whole
    monkeypatch.undo()
    assistant = Assistant(settings, llm="extractive")  # reader notices the stale index and rebuilds
    assert assistant.search("harmonic regression of tides", k=1)[0].title == "Tidal Harmonics"
    report = ingest([corpus], settings, embedder=embedder, rebuild=True)
    assert report.chunks_embedded == 0
    assert KeywordIndex.load(settings.keyword_index_path).version == assistant.store.corpus_version()


def _as_nobody(command: list[str]) -> list[str]:
    """Root ignores file modes; drop to 'nobody' so a read-only directory really is read-only."""
    if os.geteuid() != 0:
        return command
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a directory read-only")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]


def test_read_only_data_directory(seed_settings: Settings) -> None:
    # Outside pytest's private temp root, which another user cannot traverse.
    base = Path(tempfile.mkdtemp(prefix="paperchat-ro-"))
    try:
        base.chmod(0o755)
        data = base / "ro"
        shutil.copytree(seed_settings.data_dir, data)
        for path in [data, *data.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        scratch = base / "scratch"
        scratch.mkdir(mode=0o777)
        scratch.chmod(0o777)
        env = {**os.environ, "PAPERCHAT_DATA_DIR": str(data), "PAPERCHAT_PROGRESS": "false",
               "HOME": str(scratch), "TIKTOKEN_CACHE_DIR": str(scratch)}
        before = sorted((p.relative_to(data), p.stat().st_size) for p in data.rglob("*") if p.is_file())
        run = subprocess.run(_as_nobody([sys.executable, "-m", "assistant.cli", "ingest", str(FIXTURES)]),
                             env=env, capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 2
        assert "Traceback" not in run.stderr
        # the write lock comes first (the store is opened under it): the directory is named, nothing is touched
        assert f"paperchat: error: cannot write to {data}: Permission denied" in run.stderr
        after = sorted((p.relative_to(data), p.stat().st_size) for p in data.rglob("*") if p.is_file())
        assert after == before, "a failed ingest must not change the data directory"
    finally:
        for path in base.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(base)


# Run the real CLI, but SIGKILL the process at a chosen point of the write phase (no hooks in the code).
_KILL_POINTS = {
    "halfway through writing chunks": """
orig = Store.add_chunks
def add_chunks(self, chunks, vectors):
    half = len(chunks) // 2
    orig(self, chunks[:half], vectors[:half])
    os.kill(os.getpid(), signal.SIGKILL)
Store.add_chunks = add_chunks
""",
    "after the chunks, before the paper records": """
Store.upsert_papers = lambda self, papers, centroids: os.kill(os.getpid(), signal.SIGKILL)
""",
}


@pytest.mark.parametrize("point", list(_KILL_POINTS))
def test_ingest_killed_midway_is_repaired_by_the_next_run(tmp_path: Path, embedder: Embedder, point: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):  # more papers only take longer to embed
        (corpus / f"paper{i:03d}.md").write_text(
            f"# Synthetic Study Number {i}\n\n" + " ".join(f"Finding {j} of study {i} concerns topic {i * j % 97}."
                                                          for j in range(12)))
    killed = load_settings(data_dir=tmp_path / "killed", progress=False)
    ingest([corpus / "paper000.md"], killed, embedder=embedder)  # an existing store, as users have
    script = ("import os, signal, sys\nfrom ingest.store import Store\n" + _KILL_POINTS[point]
              + "from assistant.cli import main\nsys.exit(main(['ingest', sys.argv[1]]))")
    env = {**os.environ, "PAPERCHAT_DATA_DIR": str(killed.data_dir), "PAPERCHAT_PROGRESS": "false"}
    run = subprocess.run([sys.executable, "-c", script, str(corpus)], env=env, capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
    store = Store(killed, embedder.name, embedder.dimension)
    left = len(store.all_chunks())  # one chunk per paper
    assert left > 1 and len(store.paper_records()) == 1  # really left half-done

    repair = ingest([corpus], killed, embedder=embedder)
    assert repair.chunks_embedded == 40 - left  # what the killed run stored is not embedded again
    clean = load_settings(data_dir=tmp_path / "clean", progress=False)
    ingest([corpus], clean, embedder=embedder)
    assert _snapshot(killed, embedder) == _snapshot(clean, embedder)  # no duplicates, no orphans
    store = Store(killed, embedder.name, embedder.dimension)
    assert {c.meta.paper_id for c in store.all_chunks()} == {r.id for r in store.paper_records()}
    assert KeywordIndex.load(killed.keyword_index_path).version == store.corpus_version()
