import json
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.eval import evaluate, load_questions
from assistant.quality import contains_key_fact, score
from ingest.loaders import load_file
from ingest.records import SourceError, normalise_title
from ingest.settings import Settings
from tests.conftest import SEED
from tests.helpers import paperchat

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
    result = paperchat("eval", str(path), "-k", "3", data_dir=seed_settings.data_dir)
    assert result.returncode == 0, result.stderr
    assert "single" in result.stdout and "latency p50" in result.stdout
    assert "citation precision" in result.stdout and "| extractive | 1.000 | 1.000 | 1.000 |" in result.stdout


QUESTIONS = Path(__file__).parent / "data" / "questions.jsonl"


def test_blind_dev_set_is_split_once_into_tuning_and_report_halves() -> None:
    """The first 202 questions were split once, half and half; later blind questions (q203 on) only ever
    extend the tuning half, so the report half stays the one that was split off."""
    tune, report, everything = (load_questions(QUESTIONS, split) for split in ("tune", "report", "all"))
    assert len(tune) + len(report) == len(everything) >= 150
    first = [q for q in everything if int(q.id[1:]) <= 202]
    assert len(first) == 202 and abs(sum(q.split == "tune" for q in first) - 101) <= 1
    assert len(report) == 101 and all(int(q.id[1:]) <= 202 for q in report)
    assert {q.kind for q in everything} == {"single", "which", "multi", "follow_up", "detail_absent", "off_topic"}
    unanswerable = [q for q in everything if not q.answerable]
    assert len(unanswerable) >= 40 and {q.kind for q in unanswerable} == {"detail_absent", "off_topic"}
    assert all(q.about_titles for q in unanswerable if q.kind == "detail_absent")
    assert all(q.history for q in everything if q.kind == "follow_up")


def test_every_question_points_at_seed_papers_and_quotes_their_abstracts() -> None:
    """A wrong title or a key fact the gold abstract does not hold would score a right answer as wrong."""
    abstracts = {normalise_title(paper.title): paper.abstract for paper in load_file(SEED)}
    questions = load_questions(QUESTIONS) + load_questions(DEV)
    assert len({q.id for q in load_questions(QUESTIONS)}) == len(load_questions(QUESTIONS))
    for q in questions:
        assert all(normalise_title(t) in abstracts for t in q.gold_titles + q.about_titles), q.id
        gold = " ".join(abstracts[normalise_title(t)] for t in q.gold_titles)
        assert all(contains_key_fact(gold, (fact,)) for fact in q.key_fact), q.id


def test_quality_measures_on_the_real_store(seed_settings: Settings, tmp_path: Path) -> None:
    matryoshka = "Matryoshka Representation Learning"
    rows = [{"id": "a", "question": "What did the Matryoshka paper show about embedding size on ImageNet-1K?",
             "kind": "single", "gold_titles": [matryoshka], "key_fact": ["14x smaller"]},
            {"id": "b", "question": "How many GPUs were used to train the Matryoshka models?", "kind": "detail_absent",
             "gold_titles": [], "about_titles": [matryoshka]},
            {"id": "c", "question": "What is the best recipe for sourdough bread?", "kind": "off_topic",
             "gold_titles": []},
            {"id": "d", "question": "What speed-ups did they report for retrieval?", "kind": "follow_up",
             "gold_titles": [matryoshka], "key_fact": ["14x real-world speed-ups"],
             "history": [{"role": "user", "content": "What did the Matryoshka paper show?"}]}]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    scores = score(Assistant(seed_settings), load_questions(path), "extractive")
    assert scores.ranks == [1] and scores.hit_at(1) == scores.mrr == 1.0
    assert scores.declined == (2, 2) and scores.wrongly_declined == (0, 2)
    correct, cited = scores.citation_precision
    assert cited >= 3 and correct == cited  # the detail_absent decline cites the paper it is about
    assert scores.key_facts == (2, 2)
    assert "| extractive | 1.000 | 1.000 | 1.000 | 1.000 (2/2) | 0.000 (0/2) |" in scores.table()
