"""The overview: topics (digest), related papers and the paper map, on real stores (the 65 seed papers,
a one-paper store, near-identical papers) built with the real embedding model and Chroma."""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pytest
from markdown_it import MarkdownIt
from threadpoolctl import threadpool_limits

from assistant import Assistant, QuestionError
from assistant.overview import Overview, Topic, TopicPaper, same_day
from assistant.topics import MAX_TOPICS, cluster, kmeans_labels, silhouette, topic_count_range
from ingest.chunking import sentence_spans
from ingest.embedding import Embedder
from ingest.pipeline import ingest
from ingest.settings import Settings, load_settings


@pytest.fixture(scope="module")
def assistant(seed_settings: Settings) -> Assistant:
    return Assistant(seed_settings, llm="extractive")


def _store(tmp_path: Path, embedder: Embedder, papers: list[tuple[str, str]]) -> Assistant:
    source = tmp_path / "papers.json"
    source.write_text(json.dumps([{"paper": {"id": f"2501.{n:05d}", "title": title, "summary": abstract},
                                   "publishedAt": "2025-01-02T10:00:00.000Z"}
                                  for n, (title, abstract) in enumerate(papers)]))
    settings = load_settings(data_dir=tmp_path / "data", progress=False)
    ingest([source], settings, embedder=embedder)
    return Assistant(settings, llm="extractive")


def _ids(overview: Overview) -> list[str]:
    return [paper.paper_id for topic in overview.topics for paper in topic.papers]


def test_every_stored_paper_is_in_exactly_one_named_topic(assistant: Assistant) -> None:
    overview = assistant.overview()
    stored = [paper.id for paper in assistant.papers()]
    assert sorted(_ids(overview)) == sorted(stored) and len(stored) == 65
    names = [topic.name for topic in overview.topics]
    assert len(set(names)) == len(names)
    for topic in overview.topics:
        assert topic.name == ", ".join(topic.keywords[:3]) and not topic.name.lower().startswith("topic")
        assert len(topic.keywords) == len(set(topic.keywords)) >= 3


def test_topic_count_is_the_best_silhouette_in_range(assistant: Assistant) -> None:
    overview = assistant.overview()
    assert overview.tried == tuple(range(5, MAX_TOPICS + 1))  # 65 papers: at most 15 a topic on average
    ids, vectors = assistant.store.paper_vectors()
    vectors = vectors[np.argsort(ids)].astype(np.float64)  # the overview's order: stable for one store
    with threadpool_limits(limits=1):  # as the overview computes it
        scores = {k: silhouette(vectors, kmeans_labels(vectors, k)) for k in overview.tried}
    assert len(overview.topics) == max(scores, key=scores.get)
    assert overview.silhouette == pytest.approx(max(scores.values()))


def test_click_through_rate_papers_share_a_topic_named_after_them(assistant: Assistant) -> None:
    topics = {paper.title: topic for topic in assistant.overview().topics for paper in topic.papers}
    ctr = [topics[title] for title in ("Deep Interest Network for Click-Through Rate Prediction",
                                       "Optimizing Feature Set for Click-Through Rate Prediction")]
    ctr += [topic for title, topic in topics.items() if title.startswith("AutoInt: Automatic Feature Interaction")]
    assert ctr[0] is ctr[1] is ctr[2]
    assert any("click-through" in term for term in ctr[0].keywords)


def test_tldr_is_a_sentence_of_the_abstract_that_says_what_the_paper_does(assistant: Assistant) -> None:
    papers = {paper.id: paper for paper in assistant.papers()}
    items = {item.title: item for topic in assistant.overview().topics for item in topic.papers}
    for item in items.values():
        abstract = papers[item.paper_id].abstract
        assert (item.start, item.end) in sentence_spans(abstract) and abstract[item.start:item.end] == item.tldr
    assert items["Deep Interest Network for Click-Through Rate Prediction"].tldr.startswith(
        "In this paper, we propose a novel model: Deep Interest Network (DIN)")
    assert items["Matryoshka Representation Learning"].tldr.startswith("Our main contribution is Matryoshka")


def test_related_papers_are_the_nearest_others_with_shared_terms(assistant: Assistant) -> None:
    ids, vectors = assistant.store.paper_vectors()
    target = ids.index(next(p.id for p in assistant.papers() if p.title == "Deep Interest Network for Click-Through "
                                                                              "Rate Prediction"))
    related = assistant.related(ids[target], k=5)
    similarity = vectors @ vectors[target]
    expected = [ids[i] for i in np.argsort(-similarity) if i != target][:5]
    assert [r.paper_id for r in related] == expected
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)
    assert related[0].score == pytest.approx(float(similarity[ids.index(expected[0])]), abs=1e-5)
    texts = {p.id: f"{p.title} {p.abstract}".lower() for p in assistant.papers()}
    for paper in related:
        for term in paper.shared_terms:
            assert all(word in texts[paper.paper_id] and word in texts[ids[target]] for word in term.split())
    assert "click-through rate" in related[0].shared_terms or "ctr" in related[0].shared_terms


def test_related_by_half_remembered_title_and_clear_errors(assistant: Assistant) -> None:
    related = assistant.related("matryoshka representation learnin", k=3)
    matryoshka = next(p.id for p in assistant.papers() if p.title == "Matryoshka Representation Learning")
    assert len(related) == 3 and matryoshka not in [r.paper_id for r in related]
    with pytest.raises(QuestionError, match="no stored paper has the id or a title like"):
        assistant.related("a paper about cooking pasta al dente")
    with pytest.raises(QuestionError, match="at least 1"):
        assistant.related(matryoshka, k=0)


def test_map_has_one_point_per_paper_with_its_topic_and_is_stable(assistant: Assistant,
                                                                  seed_settings: Settings) -> None:
    points = assistant.paper_map()
    assert sorted(p.paper_id for p in points) == sorted(p.id for p in assistant.papers())
    topic_of = {p.paper_id: t.name for t in assistant.overview().topics for p in t.papers}
    assert all(point.topic == topic_of[point.paper_id] for point in points)
    assert len({(p.x, p.y) for p in points}) == len(points)
    assert assistant.paper_map() == points
    assert Assistant(seed_settings, llm="extractive").paper_map() == points  # another process, same store


def test_subsets_by_id_and_publication_day(assistant: Assistant) -> None:
    ids = sorted(p.id for p in assistant.papers())[:12]
    subset = assistant.overview(paper_ids=ids)
    assert sorted(_ids(subset)) == ids and subset.tried == (2, 3, 4, 5, 6)
    assert subset.paper_count == 12
    assert assistant.overview(published="2025-10-09").paper_count == 65  # the page says "Oct 9", no year
    with pytest.raises(QuestionError, match="stored dates: Oct 9"):
        assistant.overview(published="2025-10-10")
    with pytest.raises(QuestionError, match="no stored paper has the id"):
        assistant.overview(paper_ids=["not-an-id"])


def test_one_paper_store(tmp_path: Path, embedder: Embedder) -> None:
    a = _store(tmp_path, embedder, [("Sparse Attention for Long Documents",
                                     "We propose sparse attention for long documents. It is fast.")])
    overview = a.overview()
    assert len(overview.topics) == 1 and overview.silhouette is None and overview.paper_count == 1
    assert overview.topics[0].papers[0].tldr == "We propose sparse attention for long documents."
    assert overview.topics[0].name  # named from its own terms
    assert a.related(overview.topics[0].papers[0].paper_id) == []
    assert len(a.paper_map()) == 1
    assert "Sparse Attention for Long Documents" in overview.to_markdown()


def test_near_identical_papers(tmp_path: Path, embedder: Embedder) -> None:
    abstract = "We introduce a graph neural network for molecule property prediction. It beats baselines."
    a = _store(tmp_path, embedder, [("Molecule Graphs", abstract), ("Molecule Graphs, Revisited", abstract),
                                    ("Molecule Graphs Again", abstract + " Code is released."),
                                    ("Molecule Graphs Once More", abstract)])
    overview = a.overview()
    assert overview.paper_count == 4 and len(_ids(overview)) == len(set(_ids(overview)))
    first = _ids(overview)[0]
    related = a.related(first, k=5)
    assert len(related) == 3 and first not in [r.paper_id for r in related] and related[0].score > 0.9
    assert len(a.paper_map()) == 4


def test_topic_count_range_bounds() -> None:
    rng = np.random.default_rng(0)

    def unit(n: int) -> np.ndarray:
        vectors = rng.standard_normal((n, 16))
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    assert list(topic_count_range(unit(1))) == [] and list(topic_count_range(unit(3))) == []
    assert list(topic_count_range(unit(4))) == [2]
    assert list(topic_count_range(unit(150))) == [10, 11, 12]
    assert list(topic_count_range(np.repeat(unit(3), 10, axis=0))) == [2]  # 30 papers, 3 distinct vectors


@pytest.mark.parametrize("blobs", [3, 5, 7])
def test_topic_count_follows_the_data(blobs: int) -> None:
    rng = np.random.default_rng(blobs)
    centres = rng.standard_normal((blobs, 32))
    vectors = np.repeat(centres, 8, axis=0) + 0.15 * rng.standard_normal((blobs * 8, 32))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    clustering = cluster(vectors)
    assert clustering.labels.max() + 1 == blobs
    assert all(len(set(clustering.labels[i * 8:(i + 1) * 8])) == 1 for i in range(blobs))


def test_digest_markdown_shows_paper_text_literally() -> None:
    title = "Evil <img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold**"
    paper = TopicPaper("p1", title, "We propose `code` and <script>alert(1)</script>.", 0, 10)
    markdown = Overview((Topic("graphs, *nodes*", ("graphs", "*nodes*"), (paper,)),), None, ()).to_markdown()
    rendered = MarkdownIt().render(markdown)
    assert "<img" not in rendered and "<script" not in rendered and "<a " not in rendered and "<code>" not in rendered
    assert f"<li><strong>{html.escape(title, quote=False)}</strong> — We propose `code` and " in rendered
    assert "<h2>1. graphs, *nodes* (1 paper)</h2>" in rendered


def test_same_day() -> None:
    assert same_day("Oct 9", "2025-10-09") and same_day("2025-10-09T17:59:57.000Z", "2025-10-09")
    assert same_day("October 9, 2025", "Oct 9") and not same_day("Oct 9", "2025-10-10")
    assert not same_day("2024-10-09", "2025-10-09") and not same_day("", "2025-10-09")
    assert same_day("Feb 29", "2024-02-29") and not same_day("Feb 29", "2024-03-01")  # a leap day without a year
