"""Hybrid retrieval over the real seed store (embedded Chroma, bundled model, BM25)."""

import shutil

import pytest

from assistant import Assistant
from assistant.retrieval import Passage, rrf, weighted_score
from ingest.keyword_index import KeywordIndex
from ingest.settings import Settings

CTR_PAPERS = {"AutoInt: Automatic Feature Interaction Learning via Self-Attentive Neural Networks",
              "Optimizing Feature Set for Click-Through Rate Prediction",
              "Deep Interest Network for Click-Through Rate Prediction"}


@pytest.fixture(scope="module")
def assistant(seed_settings: Settings) -> Assistant:
    return Assistant(seed_settings)


def test_rrf_rewards_agreement_between_rankings() -> None:
    fused = rrf([["a", "b", "c"], ["b", "d"]])
    assert max(fused, key=fused.get) == "b"
    assert fused["a"] > fused["c"] and set(fused) == {"a", "b", "c", "d"}


def test_weighted_score_saturates_bm25() -> None:
    assert weighted_score(0.5, 0.0, 0.5, 8.0) == 0.5
    assert weighted_score(0.5, 8.0, 0.5, 8.0) == pytest.approx(0.75)
    assert weighted_score(0.5, 1e9, 0.5, 8.0) < 1.0 + 1e-6


def test_search_returns_ranked_passages_with_exact_spans(assistant: Assistant) -> None:
    hits = assistant.search("nested embeddings whose prefixes adapt to the compute budget", k=8)
    assert len(hits) == 8
    assert hits[0].title == "Matryoshka Representation Learning"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    abstracts = {p.id: p.abstract for p in assistant.papers()}
    for hit in hits:
        assert abstracts[hit.paper_id][hit.start : hit.end] == hit.text


def test_acronym_in_the_question_finds_papers_that_spell_it_out(assistant: Assistant) -> None:
    papers = [hit.title for hit in assistant.search_papers("Which of these papers deal with CTR prediction?", k=4)]
    assert set(papers) >= CTR_PAPERS


def test_paper_grouping_gives_each_paper_once_with_its_own_passages(assistant: Assistant) -> None:
    hits = assistant.search_papers("contrastive learning", k=6)
    assert len({h.paper_id for h in hits}) == len(hits) == 6
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert hit.passages and all(p.paper_id == hit.paper_id for p in hit.passages)
        assert hit.score == hit.passages[0].score


def test_filters_restrict_dense_and_keyword_candidates(assistant: Assistant) -> None:
    target = next(p for p in assistant.papers() if p.title == "Pointer Networks")
    hits = assistant.search("click-through rate prediction", k=5, paper_ids=[target.id])
    assert hits and {h.paper_id for h in hits} == {target.id}
    by_title = assistant.search("click-through rate prediction", k=5, titles=["pointer network"])
    assert by_title and {h.paper_id for h in by_title} == {target.id}
    assert assistant.search("anything", k=5, titles=["no such paper about sourdough"]) == []
    assert assistant.search("click-through rate", k=5, published=["Oct 9"])
    assert assistant.search("click-through rate", k=5, published=["Jan 1"]) == []


def test_mmr_keeps_the_best_passage_and_diversifies(assistant: Assistant) -> None:
    question = "backward compatible representations without backfilling the gallery"
    plain = assistant.retriever.search(question, k=5, mmr=False)
    diverse = assistant.retriever.search(question, k=5, mmr=True)
    assert diverse[0].chunk_id == plain[0].chunk_id
    assert len(diverse) == 5 and len({p.chunk_id for p in diverse}) == 5
    assert len({p.paper_id for p in diverse}) >= len({p.paper_id for p in plain})


def test_reranker_stage_reorders_the_candidates(seed_settings: Settings) -> None:
    class ReverseReranker:  # logic around the interface only; no cross-encoder ships offline
        def rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
            return list(reversed(passages))

    assistant = Assistant(seed_settings)
    question = "pointer attention over input positions"
    plain = assistant.retriever.search(question, k=1000, candidates=30)
    assistant.retriever.reranker = ReverseReranker()
    reranked = assistant.retriever.search(question, k=3, candidates=30)
    assert [p.chunk_id for p in reranked] == [p.chunk_id for p in reversed(plain)][:3]


def test_of_two_close_papers_the_one_covering_the_question_goes_first(seed_settings: Settings) -> None:
    question = ("Is there a self-supervised visual method where any two samples, even a snake and a lamp, count as "
                "a match?")
    positive_pairs = "Rethinking Positive Pairs in Contrastive Learning"
    assert Assistant(seed_settings).search(question, k=1)[0].title == positive_pairs
    plain = Assistant(seed_settings.updated(coverage_rerank_weight=0)).search(question, k=1)[0]
    assert plain.title != positive_pairs  # relevance alone puts another contrastive paper first
    named = Assistant(seed_settings).search(f"In the {plain.title} paper, {question[0].lower()}{question[1:]}", k=1)
    assert named[0].title == plain.title  # a named paper is not reranked away


def test_a_kind_of_paper_is_not_its_name(assistant: Assistant) -> None:
    titles = assistant.retriever.titles
    assert titles.named("Which theory paper studies the kernel limit of wide convnets?") == []
    assert titles.named("What does the Matryoshka paper show?") != []
    # "that paper" names none: the words before it ("decomposition does") are no title ("Knowledge Composition")
    assert titles.named("Which low-rank decomposition does that paper rely on?") == []
    quoted = 'What did "A theory of representation learning gives a deep generalisation of kernel methods" find?'
    assert titles.named(quoted) != []  # a quoted title keeps its words
    # one quoted lower-case word is a scare quote ("view" is in "Transductive Multi-view Zero-Shot Learning")
    assert titles.named("Which approach feeds language-specific 'view' generators into a meta-classifier?") == []
    assert titles.named("What does 'Matryoshka' propose?") != []  # a quoted name is still one


def test_a_description_that_fits_another_title_names_no_paper(assistant: Assistant) -> None:
    titles, papers = assistant.retriever.titles, assistant.retriever.papers
    # "metric learning" is in one title ("Mixup for Deep Metric Learning"), "medical" in others but not that one
    assert titles.named("What did the medical metric learning paper with subspace learners find?") == []
    for question in ["What did the famous Matryoshka paper show?",  # "famous" is in no title
                     "What did the deep Matryoshka paper show?",  # "deep" is in many titles
                     "Can you summarize Matryoshka paper?", "What did Google's Matryoshka paper show?",
                     "Which datasets did the LASSO-based active multi-task representation learning paper use?",
                     "What does the intrinsic-dimension fine-tuning paper find?"]:  # dimension ~ dimensionality
        assert len(titles.named(question)) == 1, question
    assert len(titles.named("How do MUVERA and Matryoshka paper differ?")) == 2
    question = "how much did proxy labels improve Dice in the medical metric learning paper with subspace learners?"
    assert papers[assistant.retriever.search(question, k=1)[0].paper_id].title.startswith("Attention-based Dynamic")


@pytest.mark.parametrize("question", ["What is the best recipe for sourdough bread?",
                                      "Who won the 2018 FIFA World Cup final?"])
def test_uncovered_questions_fall_below_the_relevance_threshold(assistant: Assistant, question: str) -> None:
    assert not assistant.covers(question)


@pytest.mark.parametrize("question", ["what did the Matryoshka paper show?",
                                      "Which papers study backward-compatible training?"])
def test_covered_questions_pass_the_relevance_threshold(assistant: Assistant, question: str) -> None:
    assert assistant.covers(question)


def test_missing_or_stale_keyword_index_is_rebuilt_from_the_store(seed_settings: Settings, tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(seed_settings.data_dir, data)
    settings = seed_settings.updated(data_dir=data)
    shutil.rmtree(settings.keyword_index_path)
    assistant = Assistant(settings)
    assert assistant.search("pointer networks", k=1)[0].title == "Pointer Networks"
    index = KeywordIndex.load(settings.keyword_index_path)
    assert index.version == assistant.store.corpus_version()
    for npy in settings.keyword_index_path.glob("*.npy"):
        npy.write_bytes(b"corrupt")
    assert Assistant(settings).search("pointer networks", k=1)[0].title == "Pointer Networks"


def test_langchain_retriever_adapter(assistant: Assistant) -> None:
    retriever = assistant.as_retriever(k=3)
    documents = retriever.invoke("Which architecture points at positions of its input sequence?")
    assert len(documents) == 3
    assert documents[0].metadata["title"] == "Pointer Networks"
    assert {"paper_id", "start", "end", "score"} <= set(documents[0].metadata)
    paper_id = documents[0].metadata["paper_id"]
    only = assistant.as_retriever(k=2, paper_ids=[paper_id]).invoke("click-through rate")
    assert {d.metadata["paper_id"] for d in only} == {paper_id}
