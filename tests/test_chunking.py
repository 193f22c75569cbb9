import itertools

from ingest.chunking import chunk_text, sentence_spans
from ingest.embedding import Embedder
from ingest.loaders import load_file
from ingest.pipeline import embedded_text
from ingest.settings import load_settings
from ingest.tokens import count_tokens
from tests.conftest import SEED


def test_sentence_spans_skip_abbreviation_like_breaks() -> None:
    text = "CTR prediction (e.g. for ads) matters. We propose AutoInt. Results: 4 datasets."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "CTR prediction (e.g. for ads) matters.", "We propose AutoInt.", "Results: 4 datasets."]


def test_an_abbreviation_before_a_capital_does_not_end_the_sentence() -> None:
    text = ("We apply DCD to two models, i.e. ViLT and METER. Unlike prior work, e.g. CLIP, it needs no labels, etc. "
            "It beats BERT vs. GPT baselines (cf. Table 2). It was proposed by Smith et al. We extend it.")
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "We apply DCD to two models, i.e. ViLT and METER.", "Unlike prior work, e.g. CLIP, it needs no labels, etc.",
        "It beats BERT vs. GPT baselines (cf. Table 2).", "It was proposed by Smith et al.", "We extend it."]


def test_chunk_spans_point_at_the_chunk_text_for_every_seed_paper() -> None:
    settings = load_settings()
    for paper in load_file(SEED):
        chunks = chunk_text(paper.abstract, settings.store.chunk_tokens, settings.store.chunk_overlap_tokens)
        assert chunks, paper.title
        for chunk in chunks:
            assert paper.abstract[chunk.start : chunk.end] == chunk.text
            assert count_tokens(chunk.text) <= settings.store.chunk_tokens
        covered = set().union(*(range(c.start, c.end) for c in chunks))
        assert all(i in covered or paper.abstract[i].isspace() for i in range(len(paper.abstract)))


def test_chunks_overlap_by_whole_sentences() -> None:
    sentences = [f"Sentence number {i} talks about topic {i} in a few words." for i in range(30)]
    text = " ".join(sentences)
    chunks = chunk_text(text, max_tokens=60, overlap_tokens=20)
    assert len(chunks) > 3
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end, "consecutive chunks share a sentence"
        assert after.start > before.start
        assert text[after.start : before.end].strip() in sentences


def test_a_sentence_longer_than_a_chunk_is_cut_at_words() -> None:
    text = "Start. " + " ".join(f"word{i}" for i in range(400)) + ". End."
    chunks = chunk_text(text, max_tokens=50, overlap_tokens=10)
    assert all(count_tokens(c.text) <= 50 for c in chunks)
    assert all(text[c.start : c.end] == c.text for c in chunks)
    assert chunks[-1].text.endswith("End.")


def test_a_chunk_fits_where_token_counts_do_not_add_up() -> None:
    """Found by the property test: U+0085 between two words costs more tokens than either side says."""
    text = "0:\x810:0:0\x85\xb80\U00010000\U00010000\U00010000\U00010000"
    assert count_tokens(text) == 30
    chunks = chunk_text(text, 29, 0)
    assert all(count_tokens(c.text) <= 29 for c in chunks) and "".join(c.text for c in chunks) == text.replace(
        "\x85", "")
    sentences = "Ab.\x85" * 200  # the same between sentences
    assert all(count_tokens(c.text) <= 29 for c in chunk_text(sentences, 29, 5))


def test_no_chunk_exceeds_the_embedding_models_window(embedder: Embedder) -> None:
    settings = load_settings()
    for paper in load_file(SEED):
        for chunk in chunk_text(paper.abstract, settings.store.chunk_tokens, settings.store.chunk_overlap_tokens):
            assert embedder.count_model_tokens(embedded_text(paper.title, chunk.text)) <= embedder.max_tokens


def test_empty_text_gives_no_chunks() -> None:
    assert chunk_text("", 100, 10) == []
