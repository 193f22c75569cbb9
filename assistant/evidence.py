"""From retrieved passages to numbered sources: one per paper, holding its sentences that best
match the question, within a token budget. Small prompts keep time to first token low on a CPU."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.retrieval import Passage
from ingest.chunking import sentence_spans
from ingest.embedding import Embedder
from ingest.keyword_index import tokenize
from ingest.tokens import count_tokens

Prior = Callable[[str], float]  # what a sentence gains for being the kind of answer asked (asks.SentencePrior)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # character span in the paper's abstract
    end: int
    score: float = 0.0  # its rank for the question: similarity and priors (build_sources)


@dataclass(frozen=True)
class Source:
    n: int
    paper_id: str
    title: str
    url: str
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in sorted(self.sentences, key=lambda s: s.start))


LEXICAL_WEIGHT = 0.3  # a sentence's word overlap with the question, next to its cosine, in its rank


def lexical_overlap(claim: str, sentence: str) -> float:
    """Share of the claim's content words (stemmed) that the sentence contains."""
    claim_words, sentence_words = set(tokenize([claim])[0]), set(tokenize([sentence])[0])
    return len(claim_words & sentence_words) / len(claim_words) if claim_words else 0.0


def passage_sentences(passage: Passage) -> list[Sentence]:
    return [Sentence(passage.text[s:e], passage.start + s, passage.start + e)
            for s, e in sentence_spans(passage.text)]


class SentenceScorer:
    """Cosine similarity of sentences to a text. One scorer serves every request of an Assistant, so
    an abstract sentence is embedded once per process, not once per question (bounded, thread-safe)."""

    def __init__(self, embedder: Embedder, max_cached: int = 50_000):
        self.embedder, self.max_cached = embedder, max_cached
        self.vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.embedder.dimension))
        with self._lock:
            known = {t: self.vectors[t] for t in texts if t in self.vectors}
            for text in known:
                self.vectors.move_to_end(text)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, self.embedder.encode(missing), strict=True))
            with self._lock:
                self.vectors.update((t, known[t]) for t in missing)
                while len(self.vectors) > self.max_cached:
                    self.vectors.popitem(last=False)
        return np.stack([known[t] for t in texts])

    def similarity(self, text: str, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros(0)
        return self.embed(sentences) @ self.embed([text])[0]


def sentence_scores(question: str, texts: list[str], scorer: SentenceScorer, prior: Prior | None = None) -> list[float]:
    """How well each sentence answers the question: cosine, word overlap and what the kind of answer favours."""
    return [float(sim) + LEXICAL_WEIGHT * lexical_overlap(question, text) + (prior(text) if prior else 0.0)
            for sim, text in zip(scorer.similarity(question, texts), texts, strict=True)]


def build_sources(question: str, passages: list[Passage], scorer: SentenceScorer, *, max_sources: int,
                  token_budget: int, sentences_per_source: int = 3, prior: Prior | None = None,
                  parts: Sequence[tuple[str, Prior]] = ()) -> list[Source]:
    """Number the papers in retrieval order; give each its best sentences while the budget lasts.
    `prior` adds to a sentence's score what the question's kind of answer favours (a figure, a name).
    `parts`: the parts of a question of several ("Which model ..., and how big is it?"), each with its prior: each
    part's best sentence ranks right after the best one, so that every part gets its sentence."""
    by_paper: dict[str, list[Passage]] = {}
    for passage in passages:
        if passage.paper_id in by_paper or len(by_paper) < max_sources:
            by_paper.setdefault(passage.paper_id, []).append(passage)
    candidates: list[tuple[str, Sentence]] = []
    for paper_id, group in by_paper.items():
        seen: dict[tuple[int, int], Sentence] = {}
        for passage in group:
            for sentence in passage_sentences(passage):
                seen.setdefault((sentence.start, sentence.end), sentence)
        candidates += [(paper_id, s) for s in seen.values()]
    texts = [s.text for _, s in candidates]
    scores = sentence_scores(question, texts, scorer, prior)
    if texts:
        just_below_best = max(scores) - 1e-6
        for part, part_prior in parts:
            best = int(np.argmax(sentence_scores(part, texts, scorer, part_prior)))
            scores[best] = max(scores[best], just_below_best)
    ranked = sorted(((score, pid, s) for (pid, s), score in zip(candidates, scores, strict=True)), key=lambda r: -r[0])
    chosen: dict[str, list[Sentence]] = {pid: [] for pid in by_paper}
    used = 0
    for score, pid, sentence in ranked:
        cost = count_tokens(sentence.text) + (count_tokens(by_paper[pid][0].title) + 12 if not chosen[pid] else 0)
        if len(chosen[pid]) >= sentences_per_source or used + cost > token_budget:
            continue
        chosen[pid].append(Sentence(sentence.text, sentence.start, sentence.end, score))
        used += cost
    sources = []
    for pid, sentences in chosen.items():
        if sentences:
            first = by_paper[pid][0]
            sources.append(Source(len(sources) + 1, pid, first.title, first.url, tuple(sentences)))
    return sources
