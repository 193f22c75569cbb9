from assistant import Assistant
from assistant.evidence import SentenceScorer, build_sources
from assistant.retrieval import Passage
from ingest.embedding import Embedder
from ingest.settings import Settings
from ingest.tokens import count_tokens


def test_sources_are_numbered_papers_with_exact_sentence_spans(seed_settings: Settings) -> None:
    assistant = Assistant(seed_settings, llm="extractive")
    question = "How do backward-compatible embeddings avoid backfilling the gallery?"
    passages = assistant.retriever.search(question, k=12)
    sources = build_sources(question, passages, SentenceScorer(assistant.embedder), max_sources=3,
                            token_budget=400)
    assert [s.n for s in sources] == list(range(1, len(sources) + 1)) and 1 <= len(sources) <= 3
    assert len({s.paper_id for s in sources}) == len(sources)
    abstracts = {p.id: p.abstract for p in assistant.papers()}
    for source in sources:
        for sentence in source.sentences:
            assert abstracts[source.paper_id][sentence.start : sentence.end] == sentence.text
    assert sum(count_tokens(s.text) for s in sources) <= 400


def test_budget_limits_the_prompt(seed_settings: Settings) -> None:
    assistant = Assistant(seed_settings, llm="extractive")
    question = "contrastive learning"
    passages = assistant.retriever.search(question, k=20)
    small = build_sources(question, passages, SentenceScorer(assistant.embedder), max_sources=5, token_budget=80)
    large = build_sources(question, passages, SentenceScorer(assistant.embedder), max_sources=5, token_budget=800)
    assert sum(count_tokens(s.text) for s in small) <= 80 < sum(count_tokens(s.text) for s in large)


def test_scorer_embeds_each_sentence_once_and_stays_bounded(embedder: Embedder) -> None:
    calls: list[list[str]] = []

    class Counting:
        dimension = embedder.dimension

        def encode(self, texts: list[str]):
            calls.append(texts)
            return embedder.encode(texts)

    scorer = SentenceScorer(Counting(), max_cached=3)  # type: ignore[arg-type]
    first = scorer.similarity("question", ["a sentence.", "another one."])
    again = scorer.similarity("question", ["a sentence.", "another one."])
    assert calls == [["a sentence.", "another one."], ["question"]]
    assert (first == again).all()
    scorer.embed(["x", "y"])
    assert len(scorer.vectors) == 3


def test_every_part_of_a_question_gets_its_best_sentence(seed_settings: Settings) -> None:
    """Ranked for the whole question, the sentences about the pointer mechanism fill the answer and the second
    part (the geometric problems) goes unanswered; its best sentence now ranks right after the best one."""
    answer = Assistant(seed_settings, llm="extractive").ask(
        "Which model uses attention as a pointer to pick input positions, and what geometric problems was it tried on?")
    assert not answer.abstained and "Delaunay triangulations" in answer.text


class _WordScorer:
    """Cosine stands in as word overlap: a unit test of the ranking, not of the embedding."""

    def similarity(self, text: str, sentences: list[str]) -> list[float]:
        words = set(text.lower().split())
        return [len(words & set(s.lower().split())) / len(words) for s in sentences]


def _passage(text: str) -> Passage:
    return Passage("p-0", "p", "A paper", text, 1.0, 0, len(text))


def test_a_parts_best_sentence_ranks_right_after_the_best_one() -> None:
    text = "Alpha beta gamma is fast. Alpha beta is new. Alpha is old. It was tried on delta tasks."
    ranked = lambda parts: [s.text for s in build_sources(  # noqa: E731
        "alpha beta gamma", [_passage(text)], _WordScorer(), max_sources=1, token_budget=500,
        sentences_per_source=4, parts=parts)[0].sentences]
    assert ranked(())[-1] == "It was tried on delta tasks."
    assert ranked([("delta tasks", None)])[:2] == ["Alpha beta gamma is fast.", "It was tried on delta tasks."]
    # a part whose best sentence is the best one changes nothing
    assert ranked([("gamma fast", None)]) == ranked(())
    assert build_sources("alpha", [], _WordScorer(), max_sources=1, token_budget=500,
                         parts=[("delta", None)]) == []
