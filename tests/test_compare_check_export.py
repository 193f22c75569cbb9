"""Comparing papers, checking a draft and exporting answers, over the real seed store (extractive)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import bibtexparser
import pytest

from assistant import Answer, Assistant, Citation, QuestionError
from assistant.compare import NOT_STATED, Cell, ComparedPaper, ComparisonTable, Row, compare_request
from assistant.draft_check import claim_text
from assistant.export import unique_keys
from ingest.records import PaperRecord
from ingest.settings import Settings
from tests.helpers import paperchat

MRL = "Matryoshka Representation Learning"
UNIFIED = "Unified Embedding: Battle-Tested Feature Representations for Web-Scale ML Systems"
NOISY = "Early-Learning Regularization Prevents Memorization of Noisy Labels"
CITE_SET = Path(__file__).resolve().parent / "data" / "cite_queries.jsonl"


@pytest.fixture(scope="module")
def assistant(seed_settings: Settings) -> Assistant:
    return Assistant(seed_settings, llm="extractive")


def test_compare_fills_each_aspect_with_a_sentence_of_that_paper(assistant: Assistant) -> None:
    table = assistant.compare(["Matryoska Represntation Lerning", "Unified Embedding"])
    assert [c.title for c in table.columns] == [MRL, UNIFIED]
    assert [r.aspect for r in table.rows] == ["problem", "method", "data / evaluation", "main result", "limitation"]
    abstracts = {p.id: p.abstract for p in assistant.papers()}
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            assert cell.paper_id == column.paper_id
            if cell.stated:
                assert abstracts[cell.paper_id][cell.start:cell.end] == cell.text
    method = {c.paper_id: c.text for c in table.rows[1].cells}
    assert "Feature Multiplexing" in method[table.columns[1].paper_id]
    cells = [c.text for row in table.rows for c in row.cells if c.stated]
    assert len(cells) == len(set(cells))  # a sentence fills one aspect of its paper


def test_an_aspect_no_abstract_states_is_not_guessed(assistant: Assistant) -> None:
    table = assistant.compare([MRL, "Pointer Networks"], aspects=["recipe for rye sourdough bread", "main result"])
    assert [c.text for c in table.rows[0].cells] == [NOT_STATED, NOT_STATED]
    assert all(not c.stated and c.support < 0.33 for c in table.rows[0].cells)
    assert "generalize beyond the maximum lengths" in table.rows[1].cells[1].text


def test_compare_refuses_bad_input_with_clear_messages(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="2 to 6 papers"):
        assistant.compare([MRL])
    with pytest.raises(QuestionError, match=r"no stored paper .*sourdough"):
        assistant.compare([MRL, "sourdough starters in cold kitchens"])
    with pytest.raises(QuestionError, match="the same stored paper"):
        assistant.compare([MRL, "Matryoska Represntation Lerning"])
    with pytest.raises(QuestionError, match="at most 10 aspects"):
        assistant.compare([MRL, UNIFIED], aspects=[f"aspect {i}" for i in range(11)])


def test_markdown_and_csv_keep_paper_text_inert_and_intact() -> None:
    hostile = "A | B\nC ![x](https://attacker.example/x.gif) <img src=x>"
    table = ComparisonTable(
        (ComparedPaper("a", "Title | one", ""), ComparedPaper("b", "Two", "")),
        (Row("method", (Cell(hostile, "a", 0, len(hostile), 0.5), Cell(NOT_STATED, "b", 0, 0, 0.1))),))
    lines = table.to_markdown().splitlines()
    assert len(lines) == 3  # the newline did not break the row
    assert all(line.count("|") - line.count("\\|") == 4 for line in lines)  # 3 columns, no extra separators
    assert "![x](" not in lines[2] and "<img" not in lines[2]
    rows = list(csv.reader(io.StringIO(table.to_csv())))
    assert rows == [["aspect", "Title | one", "Two"], ["method", hostile, NOT_STATED]]


def test_chat_questions_that_compare_two_named_papers_get_the_table(assistant: Assistant) -> None:
    titles = assistant.retriever.titles
    mrl, pointer = titles.fuzzy(MRL, limit=1)[0][0], titles.fuzzy("Pointer Networks", limit=1)[0][0]
    assert compare_request("Matryoshka vs Pointer Networks?", titles) == [mrl, pointer]
    assert compare_request("compare apples and oranges", titles) is None
    assert compare_request("Contrast Matryoshka and Pointer Networks", titles) == [mrl, pointer]
    assert compare_request("Would you compare Matryoshka with Pointer Networks?", titles) == [mrl, pointer]
    assert compare_request("What did the Matryoshka paper show?", titles) is None
    answer = assistant.ask("compare the Matryoshka paper and Unified Embedding")
    assert answer.backend == "compare" and answer.table is not None
    assert [c.title for c in answer.table.columns] == [MRL, UNIFIED]
    assert answer.text.startswith("| aspect |")


def test_check_gives_each_sentence_a_verdict_with_its_paper(assistant: Assistant) -> None:
    draft = ("Many categorical features can share one embedding table without losing accuracy [1].\n"
             "Transformers were invented in 2012. When trained on noisy labels, deep neural networks have been "
             "observed to first fit the training data (Liu et al., 2020).")
    report = assistant.check(draft)
    verdicts = [(s.verdict, s.title) for s in report.sentences]
    assert verdicts == [("supported", UNIFIED), ("not found in the stored papers", ""), ("supported", NOISY)]
    assert all(draft[s.start:s.end] == s.text for s in report.sentences)
    assert report.sentences[2].score == 1.0  # a verbatim quote
    library = bibtexparser.parse_string(report.bib())
    assert not library.failed_blocks and len(library.entries) == 2
    assert claim_text("Shared tables work [1, 2] (Coleman et al., 2023) \\cite{x}.") == "Shared tables work."


def test_supported_verdicts_name_the_gold_paper_on_the_cite_set(assistant: Assistant) -> None:
    """Precision of 'supported' on the quotes, claims and off-topic texts of the citation dev set."""
    rows = [json.loads(line) for line in CITE_SET.read_text().splitlines() if line.strip()]
    checks = [(row, assistant.check(row["text"]).sentences[0]) for row in rows if row["kind"] != "title"]
    supported = [(row, s) for row, s in checks if s.verdict == "supported"]
    correct = [s for row, s in supported if s.title == row["gold_title"]]
    assert len(correct) / len(supported) >= 0.95 and len(supported) >= 20
    assert all(s.verdict == "not found in the stored papers" for row, s in checks if row["kind"] == "none")


def test_check_bounds_its_input(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="paste the text"):
        assistant.check("  ")
    with pytest.raises(QuestionError, match="at most 20000 characters"):
        assistant.check("word " * 5000)


def test_answer_markdown_has_a_footnote_per_citation(assistant: Assistant) -> None:
    answer = assistant.ask("What did the Matryoshka paper show?")
    markdown = answer.to_markdown()
    assert answer.citations
    for citation in answer.citations:
        assert f"[^{citation.n}]" in markdown.split("\n\n")[0]
        assert re.search(rf"^\[\^{citation.n}\]: Matryoshka Representation Learning: \u201c", markdown, re.M)


def test_footnotes_link_only_http_urls_and_keep_paper_text_inert() -> None:
    answer = Answer("q", "q", "Claim [1]. Other [2].", "extractive", citations=[
        Citation(1, "a", "Paper ![i](https://attacker.example/i.gif)", "Quote <img src=x>", 0, 5,
                 "https://arxiv.org/abs/2205.13147"),
        Citation(2, "b", "Other", "Quote two", 0, 5, "javascript:alert(1)")])
    markdown = answer.to_markdown()
    assert "[Paper \\!\\[i\\]\\(https\\:\\/\\/attacker" in markdown
    assert "](https://arxiv.org/abs/2205.13147)" in markdown
    assert "javascript" not in markdown.replace("javascript\\:", "") and "<img" not in markdown


def test_conversation_export_footnotes_match_the_bib_keys(assistant: Assistant) -> None:
    answers = [assistant.ask("What did the Matryoshka paper show?"),
               assistant.ask("How can a classifier avoid memorizing noisy labels?")]
    markdown, bib = assistant.export(answers)
    notes = re.findall(r"^\[\^(\d+)\]: \[@([^\]]+)\]", markdown, re.M)
    assert [int(n) for n, _ in notes] == list(range(1, sum(len(a.citations) for a in answers) + 1))
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    assert {key for _, key in notes} == {entry.key for entry in library.entries}
    assert {entry["title"] for entry in library.entries} == {"{" + MRL + "}", "{" + NOISY + "}"}


def test_duplicate_bibtex_keys_get_suffixes() -> None:
    refs = [PaperRecord("a", "Deep Nets", ("Ada Smith",), "2020"),
            PaperRecord("b", "Deep Trees", ("Bo Smith",), "2020"), PaperRecord("c", "Pointer Networks")]
    assert unique_keys(refs) == {"a": "smith2020deepa", "b": "smith2020deepb", "c": "pointernetworks"}


def test_cli_compare_and_check(seed_settings: Settings, tmp_path: Path) -> None:
    data = seed_settings.data_dir
    table = paperchat("compare", MRL, "Pointer Networks", "--aspects", "main result", "--format", "csv",
                      data_dir=data)
    assert table.returncode == 0, table.stderr
    assert next(csv.reader(io.StringIO(table.stdout))) == ["aspect", MRL, "Pointer Networks"]
    draft = tmp_path / "draft.md"
    draft.write_text("# Related work\n\nMany categorical features can share one embedding table without losing "
                     "accuracy.\nThe 2018 World Cup final was played in Moscow.\n")
    bib = tmp_path / "refs.bib"
    checked = paperchat("check", str(draft), "--bib", str(bib), data_dir=data)
    assert checked.returncode == 0, checked.stderr
    assert "[supported] Many categorical features" in checked.stdout
    assert "1 supported, 0 weak, 2 not found" in checked.stdout
    assert [e["title"] for e in bibtexparser.parse_string(bib.read_text()).entries] == ["{" + UNIFIED + "}"]
    missing = paperchat("check", str(tmp_path / "nope.md"), data_dir=data)
    assert missing.returncode == 2 and "cannot read the draft" in missing.stderr
