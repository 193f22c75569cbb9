"""Hybrid retrieval: dense (Chroma) and keyword (BM25) candidates fused, optionally reranked,
then kept at passage level for answers or grouped to paper level for "which papers" questions."""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from assistant.coverage import CorpusTerms, Embed, word_credit
from assistant.names import NameIndex
from assistant.rerank import Reranker
from assistant.titles import TitleIndex
from ingest.acronyms import expand
from ingest.embedding import Embedder
from ingest.keyword_index import KeywordIndex, KeywordIndexError
from ingest.pipeline import rebuild_keyword_index
from ingest.records import PaperRecord
from ingest.settings import Settings
from ingest.store import Store, StoredChunk, StoreError

log = logging.getLogger(__name__)
Fusion = Literal["rrf", "weighted", "dense", "keyword"]


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    paper_id: str
    title: str
    text: str
    score: float
    start: int
    end: int
    chunk_index: int = 0
    dense: float | None = None  # cosine similarity to the question
    keyword: float | None = None  # BM25 score
    url: str = ""
    published: str = ""
    named: bool = False  # the question names this passage's paper
    identifiers: int = 0  # identifiers of the question (K-means, ETTh1) that few papers but this one use



@dataclass(frozen=True)
class PaperHit:
    paper_id: str
    title: str
    score: float
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval; each field left empty means 'any'."""

    paper_ids: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def as_fields(self) -> dict[str, list[str]]:
        named = {"paper_id": self.paper_ids, "published": self.published, "source": self.sources}
        return {name: list(values) for name, values in named.items() if values}


def rrf(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion (Cormack et al. 2009)."""
    fused: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            fused[item] += 1.0 / (k + rank + 1)
    return dict(fused)


def weighted_score(similarity: float, bm25: float, keyword_weight: float, saturation: float) -> float:
    """Cosine similarity plus a saturated BM25 score, s/(s+saturation), so one rare-word match can
    lift a passage but never dominate a strong semantic match."""
    return similarity + keyword_weight * bm25 / (bm25 + saturation)


class HybridRetriever:
    """Owns the keyword index and keeps it in step with the store (rebuilt when stale)."""

    def __init__(self, settings: Settings, embedder: Embedder, store: Store, embed_words: Embed,
                 reranker: Reranker | None = None):
        """`embed_words`: a cached embedding of words, for preferring the paper that covers the question."""
        self.settings, self.embedder, self.store, self.reranker = settings, embedder, store, reranker
        self.embed_words = embed_words
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self.keyword = self._load_keyword_index()
        self._load_papers()

    def _load_papers(self) -> None:
        """Paper records (with abstracts) and the title index, kept with the keyword index."""
        self.papers: dict[str, PaperRecord] = {record.id: record for record in self.store.paper_records()}
        self.titles = TitleIndex([(pid, record.title) for pid, record in self.papers.items()])
        self.names = NameIndex([(pid, record.title, record.abstract) for pid, record in self.papers.items()])
        self.terms = CorpusTerms({pid: (record.title, record.abstract) for pid, record in self.papers.items()})

    # -- keeping the keyword index current ----------------------------------------------------

    def _load_keyword_index(self) -> KeywordIndex:
        try:
            index = KeywordIndex.load(self.settings.keyword_index_path)
        except KeywordIndexError as exc:
            log.warning("%s; rebuilding it from the store", exc)
            return rebuild_keyword_index(self.store, self.settings, must_persist=False)
        if index.version != self.store.corpus_version():
            log.info("keyword index is older than the store; rebuilding it")
            return rebuild_keyword_index(self.store, self.settings, must_persist=False)
        return index

    def refresh(self, force: bool = False) -> None:
        """Pick up another process's ingest (Chroma server mode) at most every few seconds."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.settings.store.index_refresh_s:
            return
        with self._lock:
            self._checked_at = now
            if force or self.keyword.version != self.store.corpus_version():
                self.keyword = self._load_keyword_index()
                self._load_papers()

    # -- searching -----------------------------------------------------------------------------

    def embed_query(self, query: str) -> np.ndarray:
        return self.embedder.encode([query])[0]

    def _dense(self, vector: np.ndarray, n: int, filters: Filters) -> dict[str, Passage]:
        return {chunk.id: _passage(chunk, similarity)
                for chunk, similarity in self.store.search(vector, n, filters.as_fields())}

    def _fetch(self, ids: list[str], vector: np.ndarray) -> dict[str, Passage]:
        """Keyword-only candidates, with their real cosine similarity to the question."""
        if not ids:
            return {}
        chunks, vectors = self.store.chunks_with_vectors(ids)
        similarity = vectors @ vector
        return {chunk.id: _passage(chunk, float(sim)) for chunk, sim in zip(chunks, similarity, strict=True)}

    def candidates(
        self, query: str, n: int, filters: Filters | None = None
    ) -> tuple[dict[str, Passage], dict[str, float]]:
        """The union of the top `n` dense and top `n` keyword passages (each with its cosine
        similarity), and the keyword scores."""
        self.refresh()
        filters = filters or Filters()
        total = len(self.keyword.chunk_ids)  # kept in step with the store; Chroma's count() costs a scan
        if total == 0:
            return {}, {}
        named = set(self.named_papers(query))
        if self.settings.retrieval.expand_acronyms:
            query = expand(query, self.keyword.acronyms)
        vector = self.embed_query(query)
        dense = self._dense(vector, min(n, total), filters)
        if named:
            allowed = [pid for pid in named if not filters.paper_ids or pid in filters.paper_ids]
            if allowed:
                dense.update(self._dense(vector, min(n, total), replace(filters, paper_ids=tuple(allowed))))
        keyword = dict(self.keyword.search(query, n, self.keyword.mask(filters.as_fields())))
        dense.update(self._fetch([cid for cid in keyword if cid not in dense], vector))
        identifiers = self.names.identifier_matches(query)
        return {cid: replace(p, keyword=keyword.get(cid, 0.0), named=p.paper_id in named,
                             identifiers=identifiers.get(p.paper_id, 0)) for cid, p in dense.items()}, keyword

    def search(self, query: str, k: int = 8, filters: Filters | None = None, fusion: Fusion | None = None,
               candidates: int | None = None, mmr: bool | None = None) -> list[Passage]:
        """The `k` best passages, best first; `score` is the fused score. Raises StoreError with a
        clear message when the store (e.g. a Chroma server) cannot be reached."""
        try:
            return self._search(query, k, filters, fusion, candidates, mmr)
        except (StoreError, KeywordIndexError):
            raise
        except Exception as exc:  # chromadb/httpx raise many types; the user needs one message
            raise self.store.unavailable(exc) from exc

    def _search(self, query: str, k: int, filters: Filters | None, fusion: Fusion | None,
                candidates: int | None, mmr: bool | None) -> list[Passage]:
        fusion = fusion or self.settings.retrieval.fusion
        n = candidates or max(self.settings.retrieval.candidates, k)
        passages, keyword = self.candidates(query, n, filters)
        similarity = {cid: p.dense or 0.0 for cid, p in passages.items()}
        if fusion == "dense":
            scores = similarity
        elif fusion == "keyword":
            scores = dict(keyword)
        elif fusion == "rrf":
            scores = rrf([sorted(similarity, key=lambda c: -similarity[c]), list(keyword)])
        else:
            scores = {cid: self.relevance(p) for cid, p in passages.items()}
        ranked = sorted(scores, key=lambda c: -scores[c])
        results = [replace(passages[c], score=scores[c]) for c in ranked]
        if self.reranker is not None:
            results = self.reranker.rerank(query, results)
        elif fusion == "weighted":
            results = self._prefer_covering(query, results)
        if mmr if mmr is not None else self.settings.retrieval.mmr:
            results = self._mmr(results, k)
        return results[:k]

    def _prefer_covering(self, query: str, results: list[Passage]) -> list[Passage]:
        """Weighted fusion without a reranker: of the two best papers, the one whose abstract covers more of the
        question's words gains `coverage_rerank_weight` x the difference, which puts it first when that outweighs
        its lower relevance: two papers on the same theme, and the question's own words ("weights of other
        networks", said differently as well) decide between them. Not when the question names a paper."""
        weight, terms = self.settings.retrieval.coverage_rerank_weight, self.terms
        top = paper_order(results)[:2]
        if len(top) < 2 or any(p.named for p in results):
            return results
        first, second = (next(p.score for p in results if p.paper_id == pid) for pid in top)
        if first - second >= weight:  # coverage differs by at most 1: the order cannot change
            return results
        first_covers, second_covers = (terms.coverage(query, [pid], word_credit(self.embed_words, terms, [pid]))
                                       for pid in top)
        gainer, gain = (top[1], second_covers - first_covers) if second_covers > first_covers else \
            (top[0], first_covers - second_covers)
        rescored = [replace(p, score=p.score + weight * gain) if p.paper_id == gainer else p for p in results]
        return sorted(rescored, key=lambda p: -p.score)

    def named_papers(self, question: str) -> list[str]:
        """Ids of the papers the question names: by title, short name or a name coined in an abstract."""
        return list(dict.fromkeys(self.titles.named(question) + self.names.named(question)))

    def covers(self, passages: list[Passage]) -> bool:
        """Retrieval alone: does any passage match the question well enough (`min_relevance`)? The
        retrieval table of `paperchat eval` reports it; answers abstain on the topic test (answerability)."""
        best = max((self.relevance(p) for p in passages), default=0.0)
        return best >= self.settings.retrieval.min_relevance

    def relevance(self, passage: Passage) -> float:
        """The weighted score of a passage whatever the fusion: the signal for abstaining."""
        ranking = self.settings.retrieval
        bonus = (ranking.named_paper_bonus if passage.named else 0.0) + ranking.identifier_bonus * passage.identifiers
        return bonus + weighted_score(passage.dense or 0.0, passage.keyword or 0.0, ranking.keyword_weight,
                                      ranking.keyword_saturation)

    def _mmr(self, passages: list[Passage], k: int, diversity: float = 0.3) -> list[Passage]:
        """Maximal marginal relevance over the fused ranking, using chunk vectors from the store."""
        if len(passages) <= 1:
            return passages
        vectors = self.store.chunk_vectors([p.chunk_id for p in passages])
        matrix = np.stack([vectors[p.chunk_id] for p in passages])
        relevance = np.array([p.score for p in passages])
        relevance = (relevance - relevance.min()) / ((relevance.max() - relevance.min()) or 1.0)
        chosen = [0]
        similarity = matrix @ matrix.T
        while len(chosen) < min(k, len(passages)):
            redundancy = similarity[:, chosen].max(axis=1)
            gain = (1 - diversity) * relevance - diversity * redundancy
            gain[chosen] = -np.inf
            chosen.append(int(gain.argmax()))
        return [passages[i] for i in chosen]

    def search_papers(self, query: str, k: int = 5, filters: Filters | None = None,
                      passages_per_paper: int = 3) -> list[PaperHit]:
        """Papers ranked by their best passage; each keeps its best few passages."""
        passages = self.search(query, k=max(self.settings.retrieval.candidates, k * 4), filters=filters, mmr=False)
        grouped: dict[str, list[Passage]] = defaultdict(list)
        for passage in passages:
            grouped[passage.paper_id].append(passage)
        hits = [PaperHit(pid, group[0].title, group[0].score, group[:passages_per_paper])
                for pid, group in grouped.items()]
        return sorted(hits, key=lambda h: -h.score)[:k]


def paper_order(passages: list[Passage]) -> list[str]:
    """Paper ids in the order their first passage comes."""
    return list(dict.fromkeys(p.paper_id for p in passages))


def _passage(chunk: StoredChunk, dense: float) -> Passage:
    meta = chunk.meta
    return Passage(chunk_id=chunk.id, paper_id=meta.paper_id, title=meta.title, text=chunk.text, score=0.0,
                   start=meta.start, end=meta.end, chunk_index=meta.chunk_index, dense=dense,
                   published=meta.published, url=meta.url)
