"""The numbers behind the overview: how many topics (silhouette), which papers form them (k-means on
the stored paper vectors), what to call them (class-based TF-IDF over titles and abstracts), what two
papers share, and each paper's one-sentence TLDR. Pure functions of arrays and texts; no store, no model."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.metrics import silhouette_score

from ingest.chunking import sentence_spans

MAX_TOPICS = 12  # a digest one can scan
MAX_AVERAGE_TOPIC_SIZE = 15  # a busy day's 150 papers get at least 10 topics, not 2
SILHOUETTE_SAMPLE = 2000  # silhouette is quadratic; above this many papers it is estimated on a fixed sample
TITLE_WEIGHT = 2  # a term in a title says more about the paper than one in its abstract
# Words every abstract uses; they say nothing about what a paper is about.
_FILLER = {
    "paper", "papers", "propose", "proposed", "proposes", "approach", "approaches", "method", "methods", "result",
    "results", "show", "shows", "shown", "demonstrate", "demonstrates", "based", "using", "use", "used", "new",
    "novel", "existing", "performance", "work", "works", "problem", "problems", "achieve", "achieves", "significant",
    "significantly", "improve", "improves", "improved", "improving", "introduce", "introduces", "present", "presents",
    "study", "recent", "recently", "different", "various", "also", "however", "effective", "effectively",
    "efficient", "state", "art", "experiments", "experimental", "extensive", "furthermore", "moreover", "way",
    "ability", "key", "finally", "respectively", "specifically", "particular", "particularly", "given", "like",
    "able", "make", "makes", "well", "widely", "including", "provide", "provides", "order", "previous", "prior",
    "code", "available", "github", "com", "https", "http", "www", "et", "al", "eg", "ie", "wide",
    "interestingly", "commonly", "typically", "usually", "often", "generally", "directly", "simply", "largely",
    "highly", "mainly", "mostly", "notably", "surprisingly", "empirically", "potentially", "additionally",
    "consequently", "previously", "currently", "successfully", "substantially", "accurately", "explicitly",
    "implicitly", "simultaneously", "independently", "especially", "importantly", "thus", "therefore", "benefit",
    "benefits", "standard", "simple", "leads", "lead", "leading", "allows", "allow", "enable", "enables",
}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | _FILLER)
# Words of 2+ characters and hyphenated compounds ("click-through", "3d", "self-supervised"); no bare numbers.
_TOKEN = r"(?u)\b(?:\d+[a-zA-Z]|[a-zA-Z][a-zA-Z0-9])[a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*\b"
# Sentences that say what the paper does ("we propose ...", "this paper introduces ...") or found.
_DOES = re.compile(r"(\b(we|this (paper|work|study|dissertation)|here)\b[^.;?]{0,80}?\b(propose|introduce|present|"
                   r"develop|design|describe|formulate|construct)|\bour (main |key )?contributions? (is|are)\b)[^?]*$",
                   re.I)
_FINDS = re.compile(r"\b(we|this (paper|work|study))\b[^.;?]{0,80}?\b(show|find|identify|investigate|explore|"
                    r"study|prove|report|demonstrate)[^?]*$", re.I)
# ... unless it only elaborates on another sentence.
_ELABORATES = re.compile(r"^(in particular|furthermore|moreover|finally|additionally|in addition|also|specifically|"
                         r"more generally|more specifically|besides|then|next|second|third|lastly)\b", re.I)
TLDR_WORDS = 40  # longer sentences are discounted: a TLDR is read at a glance


def topic_count_range(vectors: np.ndarray) -> range:
    """The topic counts worth comparing: at least 2 papers a topic on average, at most MAX_TOPICS, and
    enough topics that none averages more than MAX_AVERAGE_TOPIC_SIZE papers. Empty below 4 papers
    (or distinct vectors): such a store is one topic."""
    n = len(vectors)
    distinct = len(np.unique(vectors.round(4), axis=0)) if n else 0
    high = min(MAX_TOPICS, n // 2, distinct - 1)
    if high < 2:
        return range(0)
    return range(min(high, max(2, math.ceil(n / MAX_AVERAGE_TOPIC_SIZE))), high + 1)


def kmeans_labels(vectors: np.ndarray, k: int) -> np.ndarray:
    """k-means on the unit paper vectors (so Euclidean distance ranks like cosine); fixed seed."""
    return KMeans(n_clusters=k, n_init=4, random_state=0).fit_predict(vectors)


def silhouette(vectors: np.ndarray, labels: np.ndarray) -> float:
    """Cosine silhouette, on a fixed sample above SILHOUETTE_SAMPLE papers."""
    sample = SILHOUETTE_SAMPLE if len(vectors) > SILHOUETTE_SAMPLE else None
    return float(silhouette_score(vectors, labels, metric="cosine", sample_size=sample, random_state=0))


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # topic number per paper, 0 = the largest topic
    silhouette: float | None  # None when there was nothing to choose (one topic)
    tried: tuple[int, ...]  # the topic counts compared


def cluster(vectors: np.ndarray) -> Clustering:
    """The k-means clustering with the best silhouette over `topic_count_range`."""
    tried = topic_count_range(vectors)
    best: tuple[np.ndarray, float] | None = None
    for k in tried:
        labels = kmeans_labels(vectors, k)
        if 2 <= len(set(labels.tolist())) < len(vectors):
            score = silhouette(vectors, labels)
            if best is None or score > best[1]:
                best = (labels, score)
    if best is None:
        return Clustering(np.zeros(len(vectors), dtype=int), None, tuple(tried))
    sizes = np.bincount(best[0])
    order = sorted(range(len(sizes)), key=lambda topic: (-sizes[topic], topic))
    renumber = np.argsort(order)
    return Clustering(renumber[best[0]], best[1], tuple(tried))


class Terms:
    """Words of titles and abstracts: one sparse pass over every sentence, summed per paper. Paper
    rows give c-TF-IDF topic names and shared terms; sentence rows give TLDRs."""

    def __init__(self, titles: list[str], abstracts: list[str]):
        self.abstracts = abstracts
        self.segments: list[str] = []  # per paper: its title, then its abstract's sentences
        self.spans: list[tuple[int, int]] = []  # (start, end) in the abstract; (-1, -1) for a title
        owners: list[int] = []
        for paper, (title, abstract) in enumerate(zip(titles, abstracts, strict=True)):
            spans = sentence_spans(abstract)
            self.segments += [title] + [abstract[s:e] for s, e in spans]
            self.spans += [(-1, -1), *spans]
            owners += [paper] * (len(spans) + 1)
        self.owners = np.asarray(owners, dtype=np.int64)
        vectorizer = CountVectorizer(token_pattern=_TOKEN, stop_words=list(STOP_WORDS), ngram_range=(1, 2))
        try:
            counts = vectorizer.fit_transform(self.segments).tocsr()
            self.vocabulary = vectorizer.get_feature_names_out()
        except ValueError:  # not one word that is not a stop word
            counts, self.vocabulary = sparse.csr_matrix((len(owners), 0)), np.asarray([], dtype=object)
        self.paper_counts = paper_counts = _per_paper(counts, self.owners, len(titles))
        self.present = (paper_counts > 0).astype(np.float64).tocsr()
        in_title = (counts[np.searchsorted(self.owners, np.arange(len(titles)))] > 0).astype(np.float64)
        self.salience = ((self.present + TITLE_WEIGHT * in_title) / (1 + TITLE_WEIGHT)).tocsr()  # 1: in the title
        self.frequency = np.asarray(self.present.sum(axis=0)).ravel()  # papers using each term
        idf = np.log((1 + len(titles)) / (1 + self.frequency)) + 1
        sublinear = paper_counts.copy()
        sublinear.data = 1 + np.log(sublinear.data)
        self.paper_weights = _unit_rows(sublinear.multiply(idf))
        self.sentence_weights = _unit_rows(counts.multiply(idf))

    def topic_terms(self, rows: np.ndarray, labels: np.ndarray, count: int) -> list[list[str]]:
        """Per topic, the terms its papers use (in titles above all) far more than the papers `rows`
        as a whole do (class-based TF-IDF): share x log(share / share overall). A single topic has
        nothing to stand out from, so its terms are ranked by share x log(1 + papers / papers using it)."""
        salience = self.salience[rows]
        topics = int(labels.max()) + 1
        membership = _per_paper(sparse.identity(len(rows), format="csr"), labels, topics)
        share = np.asarray((membership @ salience).todense()) / np.bincount(labels)[:, None]
        overall = np.asarray(salience.mean(axis=0)).ravel()
        if topics == 1:
            frequency = np.asarray((salience > 0).sum(axis=0)).ravel()
            weight = np.log(1 + len(rows) / np.maximum(frequency, 1))[None, :]
        else:
            weight = np.log(np.maximum(share / np.maximum(overall, 1e-12), 1))
        return [self._distinct(scores, count) for scores in share * weight]

    def shared_terms(self, a: int, b: int, count: int) -> list[str]:
        """The distinctive terms both papers use, strongest first, those each uses more than in passing
        (in its title, or twice) before the others. A term used by more than a quarter of the papers
        says nothing about why these two belong together."""
        papers, frequency = self.present.shape[0], self.frequency
        rarity = np.log(1 + papers / np.maximum(frequency, 1)) * (frequency <= max(2, papers / 4))
        weights = [self.paper_weights[row].toarray().ravel() for row in (a, b)]
        substantive = [((self.paper_counts[row] >= 2) + (self.salience[row] == 1)).toarray().ravel() > 0
                       for row in (a, b)]
        return self._distinct(np.minimum(*weights) * rarity * (1 + substantive[0] * substantive[1]), count)

    def tldrs(self) -> list[tuple[str, int, int]]:
        """Per paper, the abstract sentence that best says what the paper does, and its span: closest
        to the whole abstract in TF-IDF terms (long sentences discounted), first of all one that says
        "we propose/introduce/present ...", next one that says "we show/find ..."; not one that opens
        with "Furthermore", "In particular" and the like."""
        cue = [(1.0 if _DOES.search(text) else 0.3 if _FINDS.search(text) else 0.0)
               - (0.3 if _ELABORATES.match(text) else 0.0) for text in self.segments]
        words = np.asarray([len(text.split()) for text in self.segments])
        score = self._centrality() * np.minimum(1, TLDR_WORDS / np.maximum(words, 1)) + np.asarray(cue)
        bounds = np.searchsorted(self.owners, np.arange(len(self.abstracts) + 1))
        found = []
        for paper, abstract in enumerate(self.abstracts):
            first, last = bounds[paper] + 1, bounds[paper + 1]  # skip the title row
            if first == last:
                found.append(("", 0, 0))
                continue
            start, end = self.spans[first + int(np.argmax(score[first:last]))]
            found.append((abstract[start:end], start, end))
        return found

    def _centrality(self) -> np.ndarray:
        """Cosine of each segment's TF-IDF vector with its paper's, without materialising a paper row
        per sentence: each non-zero looks up its paper's weight for the same term (which always exists,
        a paper's terms being the union of its segments')."""
        sentences, papers = self.sentence_weights.tocoo(), self.paper_weights
        width = max(papers.shape[1], 1)
        paper_keys = np.repeat(np.arange(papers.shape[0]), np.diff(papers.indptr)) * width + papers.indices
        paper_weight = papers.data[np.searchsorted(paper_keys, self.owners[sentences.row] * width + sentences.col)]
        return np.bincount(sentences.row, weights=sentences.data * paper_weight, minlength=sentences.shape[0])

    def _distinct(self, scores: np.ndarray, count: int) -> list[str]:
        """The best-scoring terms without repeats: a phrase replaces the words of it already chosen
        ("metric learning" for "metric") when it scores at least half as well, else is skipped."""
        chosen: list[tuple[str, set[str], float]] = []
        for index in np.argsort(-scores, kind="stable")[: count * 20]:
            term, score = str(self.vocabulary[index]), float(scores[index])
            if score <= 0:
                break
            words = {_singular(word) for word in term.split()}
            overlapping = [c for c in chosen if c[1] <= words or words <= c[1]]
            if not overlapping:
                chosen.append((term, words, score))
            elif all(c[1] < words and score >= c[2] / 2 for c in overlapping):
                chosen[chosen.index(overlapping[0])] = (term, words, score)
                chosen = [c for c in chosen if c not in overlapping[1:]]
            if len(chosen) == count:
                break
        return [term for term, _, _ in chosen]


def _singular(word: str) -> str:
    """'functions' -> 'function', so a term and its plural count as one (not 'loss' -> 'los')."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _per_paper(rows: sparse.csr_matrix, owners: np.ndarray, papers: int) -> sparse.csr_matrix:
    """Rows summed by owner: row i of the result is the sum of the rows whose owner is i."""
    membership = sparse.csr_matrix((np.ones(len(owners)), (owners, np.arange(len(owners)))),
                                   shape=(papers, len(owners)))
    return (membership @ rows).tocsr()


def _unit_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    unit = (sparse.diags(1 / np.where(norms > 0, norms, 1)) @ matrix).tocsr()
    unit.sort_indices()
    return unit
