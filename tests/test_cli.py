"""The `paperchat` command. Most tests call its main() in-process (`tests.helpers.paperchat`: the same
parsing, exit codes and separate stdout and stderr, without a process's start-up each time); the ones
that need a real process run `python -m assistant.cli`, what the installed console script runs: on a
real terminal, started as a user's shell starts it (progress on, no quieting variables), and with a bad
setting in its environment."""

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.offline import OFFLINE_ENV
from ingest.settings import Settings
from tests.conftest import FIXTURES, SEED
from tests.helpers import paperchat


def test_ingest_the_seed_twice_then_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = paperchat("ingest", str(SEED.parent), data_dir=data)
    assert first.returncode == 0, first.stderr
    assert "65 added" in first.stdout
    second = paperchat("ingest", str(SEED.parent), data_dir=data)
    assert "65 unchanged" in second.stdout and "chunks embedded: 0 " in second.stdout
    listing = paperchat("papers", data_dir=data)
    assert listing.stdout.strip().endswith("65 papers")
    assert "Matryoshka Representation Learning" in listing.stdout


def test_bad_file_exits_non_zero_and_names_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    (corpus / "broken.json").write_text('[{"paper": ')
    result = paperchat("ingest", str(corpus), data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "broken.json" in result.stderr and "Traceback" not in result.stderr
    skipped = paperchat("ingest", "--skip-bad", str(corpus), data_dir=tmp_path / "data")
    assert skipped.returncode == 1
    assert "8 added" in skipped.stdout and "broken.json" in skipped.stdout


def test_papers_before_any_ingest_says_what_to_do(tmp_path: Path) -> None:
    result = paperchat("papers", data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "paperchat ingest" in result.stderr


def test_invalid_setting_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "PAPERCHAT_CHUNK_TOKENS": "-3"}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "papers"], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "PAPERCHAT_CHUNK_TOKENS" in result.stderr


def _model_must_not_load(*args: object) -> None:
    raise AssertionError("the embedding model loaded before the store was checked")


def test_asking_before_any_ingest_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assistant.api.load_embedder", _model_must_not_load)  # said before the model loads
    result = paperchat("ask", "What is MRL?", data_dir=tmp_path / "empty")
    assert result.returncode == 2 and "run `paperchat ingest PATH` first" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "empty").rglob("chroma.sqlite3"))  # a reader creates no store: only an ingest does


def test_ask_on_a_terminal_lists_the_sources_before_the_answer_streams(seed_settings: Settings) -> None:
    env = {**os.environ, "PAPERCHAT_DATA_DIR": str(seed_settings.data_dir), "PAPERCHAT_PROGRESS": "false"}
    leader, follower = pty.openpty()  # stdout a terminal, as when a user types the command
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ask", "What did the Matryoshka paper show?",
                                "--llm", "extractive"], env=env, stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
    os.close(leader)
    text = shown.decode().replace("\r\n", "\n")
    early = text.index("Sources found:\n  [1] Matryoshka Representation Learning\n")
    cited = text.index("\nSources:\n  [1] Matryoshka Representation Learning")
    assert early < cited and "[1]" in text[early + 60 : cited]  # the answer came in between


def test_ask_prints_only_the_answer_and_no_progress_bars(seed_settings: Settings) -> None:
    """As a user runs it (progress on, none of the quieting variables set): `paperchat ask ... | less`
    shows just the checked answer and its sources (the live view goes to stderr), and no library bar
    reaches the terminal either."""
    env = {name: value for name, value in os.environ.items() if name not in OFFLINE_ENV}
    env |= {"PAPERCHAT_DATA_DIR": str(seed_settings.data_dir), "PAPERCHAT_LLM": "extractive"}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "What did the Matryoshka paper show?"],
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "Sources found" not in result.stdout and "Sources found:\n  [1] Matryoshka" in result.stderr
    answer, sources = result.stdout.split("\nSources:\n")
    assert "[1]" in answer and sources.startswith("  [1] Matryoshka Representation Learning")
    for bar in ("Loading weights", "Batches", "it/s", "%|"):
        assert bar not in result.stdout and bar not in result.stderr


def test_json_for_scripts(seed_settings: Settings) -> None:
    def run(*args: str) -> object:
        result = paperchat(*args, "--json", data_dir=seed_settings.data_dir)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)  # nothing but the JSON on stdout

    papers = run("papers")
    assert len(papers) == 65 and {"id", "title", "abstract", "authors", "published", "url", "sources"} <= set(papers[0])
    assert "Matryoshka Representation Learning" in {p["title"] for p in papers}

    passages = run("search", "What did the Matryoshka paper show?", "-k", "3")
    assert [p["rank"] for p in passages] == [1, 2, 3]
    assert passages[0]["title"] == "Matryoshka Representation Learning" and passages[0]["text"]
    ranked = run("search", "Which papers deal with CTR prediction?", "--papers", "-k", "3")
    assert len(ranked) == 3 and all({"paper_id", "title", "score"} <= set(hit) for hit in ranked)

    [lookup] = run("cite", "Matryoshka Representation Learning")
    assert lookup["found"] and lookup["matches"][0]["title"] == "Matryoshka Representation Learning"
    assert lookup["matches"][0]["kind"] == "title" and lookup["matches"][0]["bibtex"].startswith("@")

    answer = run("ask", "What did the Matryoshka paper show?", "--llm", "extractive")
    assert answer["backend"] == "extractive" and not answer["abstained"] and answer["notice"] is None
    assert answer["citations"] and {c["title"] for c in answer["citations"]} == {"Matryoshka Representation Learning"}
    assert all(f"[{c['n']}]" in answer["text"] for c in answer["citations"])
    assert answer["sources"][0]["title"] == "Matryoshka Representation Learning"
