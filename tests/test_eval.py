import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.eval import evaluate, load_questions
from ingest.records import SourceError
from ingest.settings import Settings

DEV = Path(__file__).parent / "data" / "dev_questions.jsonl"


def test_dev_set_has_the_three_kinds() -> None:
    questions = load_questions(DEV)
    kinds = {q.kind for q in questions}
    assert len(questions) >= 60 and kinds == {"single", "multi", "none"}


def test_bad_question_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "ok", "gold_titles": []}\n{"question": 3}\n')
    with pytest.raises(SourceError) as error:
        load_questions(path)
    assert error.value.line == 2


def test_evaluate_scores_hits_and_abstentions(seed_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    question = "one flexible representation that adapts to the computational constraints of downstream tasks"
    rows = [{"question": question, "gold_titles": ["Matryoshka Representation Learning"]},
            {"question": question, "gold_titles": ["Pointer Networks"]},
            {"question": "capital of Australia", "gold_titles": []}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    result = evaluate(Assistant(seed_settings), load_questions(path), k=1)
    assert result.by_kind["single"].count == 2 and result.by_kind["single"].hit1 == 1
    assert result.by_kind["none"].abstained == 1
    assert "hit@1" in result.table() and len(result.latencies) == 3


def test_eval_command_prints_the_table(seed_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"question": "pointer attention", "gold_titles": ["Pointer Networks"]}))
    env = {**os.environ, "PAPERCHAT_DATA_DIR": str(seed_settings.data_dir)}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "eval", str(path), "-k", "3"], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "single" in result.stdout and "latency p50" in result.stdout
