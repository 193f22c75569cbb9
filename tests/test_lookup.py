"""Citation lookup over the real seed store."""

from pathlib import Path

import bibtexparser
import pytest

from assistant import Assistant
from assistant.lookup import cite_request_text, normalise_with_offsets
from ingest.settings import Settings
from tests.helpers import paperchat

NOISY = ("Early-Learning Regularization Prevents Memorization of Noisy Labels")


@pytest.fixture(scope="module")
def assistant(seed_settings: Settings) -> Assistant:
    return Assistant(seed_settings, llm="extractive")


def test_normalisation_keeps_offsets_into_the_original() -> None:
    text, offsets = normalise_with_offsets("Hello,  World!\nAgain")
    assert text == "hello world again"
    assert [offsets[0], offsets[6], offsets[12]] == [0, 8, 15]


@pytest.mark.parametrize("quote", [
    "When trained on noisy labels, deep neural networks have been observed to first fit the training data",
    "WHEN TRAINED ON NOISY LABELS DEEP NEURAL NETWORKS HAVE BEEN OBSERVED TO FIRST FIT THE TRAINING DATA",
    "when trained on noisy labels -- deep neural\nnetworks have been observed to first fit the training data...",
])
def test_verbatim_quote_finds_its_paper_first_despite_case_punctuation_and_breaks(
    assistant: Assistant, quote: str
) -> None:
    result = assistant.cite(quote)
    best = result.matches[0]
    assert (best.kind, best.title) == ("exact_quote", NOISY)
    abstract = next(p.abstract for p in assistant.papers() if p.title == NOISY)
    assert abstract[best.start : best.end] == best.sentence
    assert best.sentence.startswith("When trained on noisy labels")


@pytest.mark.parametrize(("garbled", "title"), [
    ("Matryoska Represntation Lerning", "Matryoshka Representation Learning"),
    ("Pointer Network", "Pointer Networks"),
    ("diffusion models beat GANs image classification", "Diffusion Models Beat GANs on Image Classification"),
])
def test_fuzzy_titles(assistant: Assistant, garbled: str, title: str) -> None:
    best = assistant.cite(garbled).matches[0]
    assert (best.kind, best.title) == ("title", title)


def test_semantic_claim(assistant: Assistant) -> None:
    result = assistant.cite("Networks fit clean examples first and only later memorize the mislabeled ones.")
    assert result.matches[0].kind == "semantic" and result.matches[0].title == NOISY


def test_no_match_says_so(assistant: Assistant) -> None:
    result = assistant.cite("The recipe calls for a rye sourdough starter fed twice a day.")
    assert not result.found and "No stored paper" in result.message


def test_chat_routes_quote_questions_to_lookup(assistant: Assistant) -> None:
    assert cite_request_text('Where does this quote come from: "nested representations"') == "nested representations"
    assert cite_request_text("What did the Matryoshka paper show?") is None
    answer = assistant.ask("Where does this quote come from: a single embedding to adapt to the computational "
                           "constraints of downstream tasks")
    assert answer.backend == "cite" and answer.citations[0].title == "Matryoshka Representation Learning"


def test_batch_mode_writes_a_table_and_a_bib(seed_settings: Settings, tmp_path: Path) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text("Matryoska Represntation Lerning\n\nWhen trained on noisy labels, deep neural networks have "
                      "been observed to first fit the training data\nsourdough starter fed twice a day\n")
    run = ["cite", "--file", str(claims)]
    table = paperchat(*run, data_dir=seed_settings.data_dir)
    rows = [line.split("\t") for line in table.stdout.strip().splitlines()]
    assert rows[0][:3] == ["claim", "match", "score"] and len(rows) == 4
    assert [r[1] for r in rows[1:]] == ["title", "exact_quote", "none"]
    assert table.returncode == 1  # one claim found nothing
    bib = tmp_path / "out.bib"
    paperchat(*run, "--format", "bibtex", "--output", str(bib), data_dir=seed_settings.data_dir)
    library = bibtexparser.parse_string(bib.read_text())
    assert not library.failed_blocks
    assert {e["title"] for e in library.entries} == {"{Matryoshka Representation Learning}", "{" + NOISY + "}"}
