"""Citation checking with the real embedding model as the support judge."""

import pytest

from assistant.citation_check import Said, echoes, parse_markers, unsaid, validate
from assistant.evidence import Sentence, SentenceScorer, Source
from ingest.embedding import Embedder

MRL = Source(1, "p-mrl", "Matryoshka Representation Learning", "", (
    Sentence("Matryoshka Representation Learning encodes information at different granularities.", 100, 182),
    Sentence("It gives up to 14x smaller embedding size for ImageNet-1K classification.", 183, 256),
))
DIN = Source(2, "p-din", "Deep Interest Network for Click-Through Rate Prediction", "", (
    Sentence("Click-through rate prediction is an essential task in online advertising.", 0, 73),
))


@pytest.fixture
def scorer(embedder: Embedder) -> SentenceScorer:
    return SentenceScorer(embedder)


def test_parse_markers_handles_lists() -> None:
    assert parse_markers("a [1] b [2, 3] c [4;5]") == [1, 2, 3, 4, 5]


def test_supported_citations_survive_with_quote_and_span(scorer: SentenceScorer) -> None:
    checked = validate("MRL reaches 14x smaller embeddings on ImageNet-1K [1].", [MRL, DIN], scorer, 0.45)
    assert checked.text == "MRL reaches 14x smaller embeddings on ImageNet-1K [1]."
    (citation,) = checked.citations
    assert (citation.paper_id, citation.start, citation.end) == ("p-mrl", 183, 256)
    assert citation.quote.startswith("It gives up to 14x") and not citation.attributed
    assert checked.dropped == []


def test_out_of_range_marker_is_removed(scorer: SentenceScorer) -> None:
    checked = validate("CTR prediction matters in online advertising [7].", [MRL, DIN], scorer, 0.45)
    assert "[7]" not in checked.text
    assert any("[7] points at no source" in d for d in checked.dropped)
    assert [c.paper_id for c in checked.citations] == ["p-din"]  # re-attributed to the supporting source
    assert checked.citations[0].attributed


def test_invented_citation_to_the_wrong_source_is_replaced(scorer: SentenceScorer) -> None:
    checked = validate("Click-through rate prediction is essential for online advertising [1].", [MRL, DIN],
                       scorer, 0.45)
    assert any(d.startswith("[1] does not support") for d in checked.dropped)
    assert [c.paper_id for c in checked.citations] == ["p-din"]
    assert checked.text.endswith("[1].")  # renumbered: the only surviving citation is number 1


def test_unsupported_claim_is_removed(scorer: SentenceScorer) -> None:
    text = "MRL encodes information at different granularities [1]. The moon is made of green cheese [2]."
    checked = validate(text, [MRL, DIN], scorer, 0.45)
    assert checked.text == "MRL encodes information at different granularities [1]."
    assert any("green cheese" in d for d in checked.dropped)


def test_a_sentence_that_only_repeats_the_question_is_removed(scorer: SentenceScorer) -> None:
    question = "Can an embedding encode information at different granularities?"
    text = ("Yes, an embedding can encode information at different granularities [1]. "
            "It gives up to 14x smaller embedding size for ImageNet-1K classification [1].")
    checked = validate(text, [MRL, DIN], scorer, 0.45, question)
    assert checked.text == "It gives up to 14x smaller embedding size for ImageNet-1K classification [1]."
    assert any(d.startswith("removed, repeats the question") for d in checked.dropped)
    assert validate(text, [MRL, DIN], scorer, 0.45).text.startswith("Yes")  # no question: support alone decides
    assert not echoes("Matryoshka Representation Learning encodes information at different granularities", question)
    assert not echoes("Yes, it can", question)  # too short to tell


def test_markers_after_the_full_stop_stay_with_their_sentence(scorer: SentenceScorer) -> None:
    text = "MRL gives 14x smaller embeddings for ImageNet-1K. [1] CTR prediction matters for ads. [2]"
    checked = validate(text, [MRL, DIN], scorer, 0.45)
    assert checked.text == ("MRL gives 14x smaller embeddings for ImageNet-1K [1]. "
                            "CTR prediction matters for ads [2].")


def test_lead_in_lines_and_lists_are_checked_line_by_line(scorer: SentenceScorer) -> None:
    text = ("These papers match:\n- Deep Interest Network: Click-through rate prediction is an essential task "
            "in online advertising [2].\n- Matryoshka: encodes information at different granularities [1].")
    checked = validate(text, [MRL, DIN], scorer, 0.45)
    lines = checked.text.splitlines()
    assert lines[0] == "These papers match:"
    assert lines[1].endswith("[1].") and lines[2].endswith("[2].")
    assert [c.paper_id for c in checked.citations] == ["p-din", "p-mrl"]


def test_a_name_or_figure_its_source_does_not_say_is_no_support(scorer: SentenceScorer) -> None:
    """Similarity alone passes a made-up dataset or figure in a sentence about the right method."""
    text = ("Matryoshka Representation Learning was tested on the MNIST dataset [1]. "
            "It gives up to 14x smaller embedding size for ImageNet-1K classification [1].")
    checked = validate(text, [MRL, DIN], scorer, 0.45)
    assert checked.text == "It gives up to 14x smaller embedding size for ImageNet-1K classification [1]."
    assert any(d.startswith("[1] does not say MNIST") for d in checked.dropped)
    assert "removed, no one source says its names and figures" in checked.dropped[-1]
    # a sentence about two papers: its two sources together say its names
    both = ("MRL gives 14x smaller embedding size for ImageNet-1K classification, and DIN does click-through rate "
            "prediction for online advertising [1][2].")
    checked = validate(both, [MRL, DIN], scorer, 0.45)
    assert [c.paper_id for c in checked.citations] == ["p-mrl", "p-din"] and checked.dropped == []
    # ... but only the sources it keeps: DIN's marker fails support, and MRL's abstract never says DIN
    unsupported = "MRL gives 14x smaller embeddings for ImageNet-1K classification than DIN does [1][2]."
    checked = validate(unsupported, [MRL, DIN], scorer, 0.45)
    assert checked.text == "" and any(d.startswith("[2] does not support") for d in checked.dropped)
    assert any(d.startswith("[1] does not say DIN") for d in checked.dropped)


def test_a_choice_question_may_be_echoed_and_its_names_repeated(scorer: SentenceScorer) -> None:
    question = "Is it tested on ImageNet-1K or on MNIST?"
    echo = "It is tested on ImageNet-1K, not on MNIST [1]."
    assert validate(echo, [MRL], scorer, 0.45, question, echo_check=False).citations  # MNIST: the question's
    checked = validate(echo, [MRL], scorer, 0.45, question)
    assert not checked.citations and checked.dropped[0].startswith("removed, repeats the question")


def test_what_a_claim_names_must_be_said_by_its_sources_or_the_question() -> None:
    mrl = Said.of(MRL.title, MRL.text)
    assert unsaid("MRL gives 20x smaller embeddings", [mrl]) == ["20"]
    assert unsaid("MRL gives 14× smaller embeddings on ImageNet-1K", [mrl]) == []  # the number, any unit spelling
    assert unsaid("It gives 14 times smaller embeddings than on CIFAR-10", [mrl, Said.of("", "on CIFAR-10?")]) == []
    assert unsaid("Tested on MNIST", [mrl]) == ["MNIST"]
    assert unsaid("It has over 180,000 products, not 20000", [Said.of("", "over 180,000 items; 20,000 more")]) == []
    # a name's digits are no figure, and a figure of a name-like unit is a name
    for claim, source in [("100x faster", "on CIFAR-100"), ("20x smaller", "20,000 images"), ("a 7B model", "ETTh7"),
                          ("3D scenes", "over 3 seeds"), ("5,000 images", "1,000 images")]:
        assert unsaid(claim, [Said.of("", source)]), claim
