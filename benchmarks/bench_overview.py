"""Overview benchmark, all in one run:

1. time of a cold overview (topics, TLDRs, names: what the digest needs), the map and a related-papers
   lookup, as a ratio to one warm `Assistant.search` call on the same store: the 65 seed papers, and a
   10,000-paper synthetic store (random unit vectors as in the retrieval benchmark, abstracts made of
   seed sentences); the chunk collection is watched to show the overview reads no chunk;
2. related-paper quality on the seed: does a paper's nearest neighbour share a hand-assigned topic
   label (tests/data/topic_labels.json)? Ours (stored paper vectors) vs a TF-IDF neighbour baseline
   (arxiv-sanity's method), same run;
3. topic quality: silhouette of the chosen clustering vs k-means with a fixed k, and how often two
   papers put in one topic share a label.

Run: `python benchmarks/bench_overview.py` (builds its temporary stores itself).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

import numpy as np
from chromadb.api.models.Collection import Collection
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.api import Assistant
from assistant.eval import load_questions
from assistant.overview import Overviews
from assistant.topics import kmeans_labels, silhouette
from benchmarks.report import write_section
from ingest.chunking import sentence_spans
from ingest.embedding import load_embedder
from ingest.pipeline import ingest, rebuild_keyword_index
from ingest.records import ChunkMeta, Paper
from ingest.settings import BUNDLED_MODEL, Settings, load_settings
from ingest.store import Store, StoredChunk

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "daily-papers-oct-09.txt"
LABELS = ROOT / "tests" / "data" / "topic_labels.json"
SYNTHETIC_PAPERS = 10_000
FIXED_K = 8
SEED_REPEATS, SYNTHETIC_REPEATS = 5, 3  # cold overview runs per store


class ChunkReads:
    """Counts the reads (get, query, peek) that reach one Chroma collection while active, whichever
    Python object the store holds for it at the time."""

    def __init__(self, name: str):
        self.name, self.calls = name, 0

    def __enter__(self) -> ChunkReads:
        self.saved = {method: getattr(Collection, method) for method in ("get", "query", "peek")}
        for method, original in self.saved.items():
            setattr(Collection, method, self._counting(original))
        return self

    def __exit__(self, *exc: object) -> None:
        for method, original in self.saved.items():
            setattr(Collection, method, original)

    def _counting(self, original: Callable) -> Callable:
        def read(collection: Collection, *args: object, **kwargs: object) -> object:
            self.calls += collection.name == self.name
            return original(collection, *args, **kwargs)
        return read


def timings(assistant: Assistant, questions: list[str], repeats: int) -> dict[str, float]:
    """Seconds: warm search p50; overview and then map on a cold cache, and warm related, medians."""
    assistant.search("warm-up", k=8)
    searches = []
    for question in questions:
        started = time.perf_counter()
        assistant.search(question, k=8)
        searches.append(time.perf_counter() - started)
    overviews, maps = [], []
    with ChunkReads(assistant.store.chunks.name) as reads:
        for _ in range(repeats):
            views = Overviews(assistant.retriever)  # a cold cache
            started = time.perf_counter()
            views.overview()
            overviews.append(time.perf_counter() - started)
            started = time.perf_counter()
            views.paper_map()
            maps.append(time.perf_counter() - started)
    first = assistant.papers()[0].id
    related = []
    for _ in range(5):
        started = time.perf_counter()
        assistant.related(first, k=5)
        related.append(time.perf_counter() - started)
    return {"search": median(searches), "overview": median(overviews), "map": median(maps),
            "related": median(related), "chunk_reads": reads.calls}


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def synthetic_store(settings: Settings, abstracts: list[str], papers: int) -> None:
    """`papers` papers, one chunk each: random unit vectors (as bench_retrieval.py), abstracts of 5-9
    random seed sentences, titles of 6 random seed title words."""
    embedder = load_embedder(BUNDLED_MODEL)
    store = Store(settings, embedder.name, embedder.dimension)
    rng = np.random.default_rng(0)
    random.seed(0)
    sentences = [abstract[s:e] for abstract in abstracts for s, e in sentence_spans(abstract)]
    words = sorted({w for s in sentences for w in s.split() if w.isalpha() and len(w) > 3})
    batch = 5000
    for at in range(0, papers, batch):
        vectors = rng.standard_normal((batch, embedder.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"synthetic-{n}" for n in range(at, at + batch)]
        titles = [" ".join(random.choices(words, k=6)).capitalize() for _ in ids]
        texts = [" ".join(random.sample(sentences, random.randint(5, 9))) for _ in ids]
        store.add_chunks([StoredChunk(f"{pid}-0", text, ChunkMeta(pid, title, 0, 0, len(text), source="synthetic"))
                          for pid, title, text in zip(ids, titles, texts, strict=True)], vectors)
        store.upsert_papers([Paper(title=title, abstract=text, source="synthetic", assigned_id=pid)
                             for pid, title, text in zip(ids, titles, texts, strict=True)], vectors)
    rebuild_keyword_index(store, settings)


def neighbour_share(neighbours: dict[str, list[str]], labels: dict[str, set[str]], k: int) -> float:
    """Share of (paper, one of its k nearest) pairs whose labels overlap, over all papers."""
    hits = [bool(labels[pid] & labels[other]) for pid, ranked in neighbours.items() for other in ranked[:k]]
    return sum(hits) / len(hits)


def tfidf_neighbours(ids: list[str], texts: list[str], min_df: int, max_df: float) -> dict[str, list[str]]:
    """arxiv-sanity-lite's TF-IDF (compute.py): word 1-2-grams, English stop words, sublinear tf, l2."""
    vectorizer = TfidfVectorizer(input="content", encoding="utf-8", decode_error="replace", strip_accents="unicode",
                                 lowercase=True, analyzer="word", stop_words="english",
                                 token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b", ngram_range=(1, 2),
                                 max_features=20000, norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True,
                                 max_df=max_df, min_df=min_df)
    matrix = vectorizer.fit_transform(texts)
    similarity = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similarity, -np.inf)
    return {pid: [ids[j] for j in np.argsort(-similarity[i], kind="stable")] for i, pid in enumerate(ids)}


def pair_precision(groups: list[list[str]], labels: dict[str, set[str]]) -> float:
    """Share of paper pairs put in one topic that share a label."""
    pairs = [bool(labels[a] & labels[b]) for group in groups for i, a in enumerate(group) for b in group[i + 1:]]
    return sum(pairs) / len(pairs)


def quality(assistant: Assistant) -> tuple[list[str], list[str], str]:
    fixture = json.loads(LABELS.read_text())
    by_title = {item["title"]: set(item["labels"]) for item in fixture["papers"]}
    papers = assistant.papers()
    labels = {p.id: by_title[p.title] for p in papers}
    ids = sorted(labels)
    texts = {p.id: f"{p.title} {p.abstract}" for p in papers}
    ours = {pid: [r.paper_id for r in assistant.related(pid, k=5)] for pid in ids}
    sanity = tfidf_neighbours(ids, [texts[pid] for pid in ids], min_df=5, max_df=0.1)
    scaled = tfidf_neighbours(ids, [texts[pid] for pid in ids], min_df=1, max_df=1.0)
    chance = np.mean([np.mean([bool(labels[a] & labels[b]) for b in ids if b != a]) for a in ids])
    rows = [f"| {name} | {neighbour_share(n, labels, 1):.3f} | {neighbour_share(n, labels, 3):.3f} | "
            f"{neighbour_share(n, labels, 5):.3f} |" for name, n in (
                ("paperchat: stored paper vectors (cosine)", ours),
                ("TF-IDF, arxiv-sanity-lite settings (min_df=5, max_df=0.1)", sanity),
                ("TF-IDF, same but min_df=1, max_df=1.0 (65 papers)", scaled))]
    rows.append(f"| a random other paper (expected) | {chance:.3f} | {chance:.3f} | {chance:.3f} |")

    overview = assistant.overview()
    ids_, vectors = assistant.store.paper_vectors()
    order = np.argsort(ids_)
    vectors, ordered = vectors[order].astype(np.float64), [ids_[i] for i in order]
    fixed = kmeans_labels(vectors, FIXED_K)
    chosen_groups = [[p.paper_id for p in topic.papers] for topic in overview.topics]
    fixed_groups = [[ordered[i] for i in np.flatnonzero(fixed == k)] for k in range(FIXED_K)]
    topic_rows = [
        f"| chosen by silhouette among k = {overview.tried[0]}-{overview.tried[-1]} | {len(overview.topics)} | "
        f"{overview.silhouette or 0.0:.3f} | {pair_precision(chosen_groups, labels):.3f} |",
        f"| fixed k = {FIXED_K} | {FIXED_K} | {silhouette(vectors, fixed):.3f} | "
        f"{pair_precision(fixed_groups, labels):.3f} |",
    ]
    return rows, topic_rows, fixture["method"]


def main() -> None:
    questions = [q.question for q in load_questions(ROOT / "tests" / "data" / "dev_questions.jsonl")][:30]
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        seed = load_settings(data_dir=Path(tmp) / "seed", progress=False)
        ingest([SEED], seed, embedder=load_embedder(BUNDLED_MODEL))
        assistant = Assistant(seed, llm="extractive")
        seed_times = timings(assistant, questions, SEED_REPEATS)
        neighbour_rows, topics, method = quality(assistant)
        digest_topics = len(assistant.overview().topics)

        big = load_settings(data_dir=Path(tmp) / "big", progress=False)
        build_started = time.perf_counter()
        synthetic_store(big, [p.abstract for p in assistant.papers()], SYNTHETIC_PAPERS)
        build_seconds = time.perf_counter() - build_started
        big_assistant = Assistant(big, llm="extractive")
        big_times = timings(big_assistant, questions, SYNTHETIC_REPEATS)
        big_topics = len(big_assistant.overview().topics)

    load_after = os.getloadavg()[0]

    def timing_row(store: str, t: dict[str, float]) -> str:
        ratio = t["overview"] / t["search"]
        times = f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.0f}x"
        return (f"| {store} | {t['search'] * 1000:.1f} ms | {t['overview']:.2f} s ({times}) | "
                f"{t['map'] * 1000:.0f} ms | {t['related'] * 1000:.2f} ms | {t['chunk_reads']} |")

    body = f"""## Overview: digest, related papers, map (benchmarks/bench_overview.py)

### Time, as a ratio to one search on the same store

"Overview" is `Assistant.overview()` on a cold cache: read the stored paper vectors, sentence-split and
count the words of every title and abstract, pick each paper's TLDR, k-means for each candidate topic
count with its silhouette, name the topics. It is then cached until the store changes (a repeat call
is a dictionary lookup). "Map" is `paper_map()` (PCA) right after it; "related" is a warm
`related(paper, k=5)`. Search is the p50 of {len(questions)} dev questions, `search(k=8)`, warm; the
others are medians of {SEED_REPEATS} (seed) and {SYNTHETIC_REPEATS} (synthetic) runs. Torch embeds the query on
one thread, as in the app. The 1-minute load average was {load_before:.1f} at the start, {load_after:.1f} at the end,
on {os.cpu_count()} cores (other work shares them).

| store | search p50 | overview, cold (/ search) | map | related | chunk reads during overview + map |
|---|---|---|---|---|---|
{timing_row(f"seed: 65 papers ({digest_topics} topics)", seed_times)}
{timing_row(f"{SYNTHETIC_PAPERS:,} synthetic papers ({big_topics} topics)", big_times)}

Nothing is embedded again and no chunk is read (no get/query reaches the chunk collection): the overview uses
the per-paper vectors ingest already stores and the abstracts the retriever already holds. The
synthetic store (random unit vectors as in the retrieval benchmark, one chunk per paper, abstracts of
5-9 random seed sentences) took {build_seconds:.0f} s to build; its vectors have no topic structure,
so only its timings mean anything. At {SYNTHETIC_PAPERS:,} papers the topic-count range collapses to
the cap ({big_topics}), and silhouette is estimated on a fixed sample of 2,000 papers.

### Related papers: does the nearest neighbour share a topic label?

Labels: tests/data/topic_labels.json. {method} For each of the 65 seed papers, its k nearest other
papers by each method; the figure is the share of (paper, neighbour) pairs that share at least one label.

| neighbours by | nearest shares a label | top 3 | top 5 |
|---|---|---|---|
{chr(10).join(neighbour_rows)}

arxiv-sanity-lite's own settings are meant for ~100k papers: on 65, min_df=5 and max_df=0.1 leave few
terms, hence the second TF-IDF row with every term kept.

### Topics: chosen topic count vs a fixed k

| clustering (k-means on the stored paper vectors) | topics | cosine silhouette | pairs in one topic sharing a label |
|---|---|---|---|
{chr(10).join(topics)}

The silhouette is the selection criterion, so the chosen clustering cannot score below a k it
compared; the label column is the check that does not share that bias. Silhouettes this low say the
seed listing has no sharply separated topics: it is one day's mixed listing of representation learning.
"""
    write_section("overview", body)


if __name__ == "__main__":
    main()
