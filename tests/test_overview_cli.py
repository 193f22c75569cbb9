"""`paperchat digest` and `paperchat related` on the seed store, through the command's main() called
in-process (its arguments, exit codes, stdout and stderr; test_cli runs it as a real process)."""

from __future__ import annotations

from pathlib import Path

from ingest.settings import Settings
from tests.helpers import paperchat


def test_digest_lists_every_paper_once(seed_settings: Settings, tmp_path: Path) -> None:
    output = tmp_path / "digest.md"
    result = paperchat("digest", "--published", "2025-10-09", "--output", str(output),
                       data_dir=seed_settings.data_dir)
    assert result.returncode == 0, result.stderr
    assert "wrote the digest of 65 papers in" in result.stderr  # stdout is for results only
    digest = output.read_text(encoding="utf-8")
    items = [line for line in digest.splitlines() if line.startswith("- **")]
    assert len(items) == 65 and len(set(items)) == 65
    assert digest.startswith("# Digest: 65 papers in ") and "## 1. " in digest
    assert "- **Pointer Networks** — We introduce a new neural architecture" in digest


def test_related_by_half_remembered_title(seed_settings: Settings) -> None:
    result = paperchat("related", "deep intrest network for click through rate", "-k", "3",
                       data_dir=seed_settings.data_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Related to: Deep Interest Network for Click-Through Rate Prediction"
    ranked = [line for line in lines if line[:2] in {"1.", "2.", "3."}]
    assert len(ranked) == 3 and not any("Deep Interest Network" in line for line in ranked)
    assert "shared:" in result.stdout


def test_unknown_title_and_date_are_clear_errors(seed_settings: Settings) -> None:
    unknown = paperchat("related", "a field guide to alpine mushrooms", data_dir=seed_settings.data_dir)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert "no stored paper has the id or a title like 'a field guide to alpine mushrooms'" in unknown.stderr
    wrong_day = paperchat("digest", "--published", "2025-10-10", data_dir=seed_settings.data_dir)
    assert wrong_day.returncode == 2 and "no stored paper was published on '2025-10-10'" in wrong_day.stderr
