"""The installed `paperchat` console script, run as a user would."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ingest.settings import Settings
from tests.conftest import FIXTURES, SEED


def _paperchat(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PAPERCHAT_DATA_DIR": str(data_dir), "PAPERCHAT_PROGRESS": "false"}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_ingest_the_seed_twice_then_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _paperchat("ingest", str(SEED.parent), data_dir=data)
    assert first.returncode == 0, first.stderr
    assert "65 added" in first.stdout
    second = _paperchat("ingest", str(SEED.parent), data_dir=data)
    assert "65 unchanged" in second.stdout and "chunks embedded: 0 " in second.stdout
    listing = _paperchat("papers", data_dir=data)
    assert listing.stdout.strip().endswith("65 papers")
    assert "Matryoshka Representation Learning" in listing.stdout


def test_bad_file_exits_non_zero_and_names_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    (corpus / "broken.json").write_text('[{"paper": ')
    result = _paperchat("ingest", str(corpus), data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "broken.json" in result.stderr and "Traceback" not in result.stderr
    skipped = _paperchat("ingest", "--skip-bad", str(corpus), data_dir=tmp_path / "data")
    assert skipped.returncode == 1
    assert "8 added" in skipped.stdout and "broken.json" in skipped.stdout


def test_papers_before_any_ingest_says_what_to_do(tmp_path: Path) -> None:
    result = _paperchat("papers", data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "paperchat ingest" in result.stderr


def test_invalid_setting_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "PAPERCHAT_CHUNK_TOKENS": "-3"}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "papers"], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "PAPERCHAT_CHUNK_TOKENS" in result.stderr


def test_ask_lists_the_sources_before_the_answer_streams(seed_settings: Settings) -> None:
    result = _paperchat("ask", "What did the Matryoshka paper show?", "--llm", "extractive",
                        data_dir=seed_settings.data_dir)
    assert result.returncode == 0, result.stderr
    early = result.stdout.index("Sources found:\n  [1] Matryoshka Representation Learning\n")
    cited = result.stdout.index("\nSources:\n  [1] Matryoshka Representation Learning")
    assert early < cited and "[1]" in result.stdout[early + 60 : cited]  # the answer came in between
