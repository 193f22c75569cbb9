"""What is in the store, at a glance: topics with one-line TLDRs (a digest), related papers, and a 2-D
map. Built from what ingest already stored, the per-paper vectors (mean of the chunk vectors) and the
abstracts; nothing is embedded again and no chunk text is read. Computed once per store version."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sklearn.decomposition import PCA
from threadpoolctl import threadpool_limits

from assistant.answer import QuestionError
from assistant.render import markdown_inline
from assistant.retrieval import HybridRetriever
from assistant.topics import Terms, cluster
from ingest.records import PaperRecord

KEYWORDS = 8
NAME_TERMS = 3
SHARED_TERMS = 5


@dataclass(frozen=True)
class TopicPaper:
    paper_id: str
    title: str
    tldr: str  # the abstract sentence that says what the paper does
    start: int  # its span in the abstract
    end: int


@dataclass(frozen=True)
class Topic:
    name: str  # its top distinctive terms, e.g. "click-through rate, feature, cross-domain"
    keywords: tuple[str, ...]
    papers: tuple[TopicPaper, ...]  # most central first


@dataclass(frozen=True)
class Overview:
    topics: tuple[Topic, ...]  # largest first; every paper is in exactly one
    silhouette: float | None  # of the chosen clustering; None for a single topic
    tried: tuple[int, ...]  # the topic counts compared

    @property
    def paper_count(self) -> int:
        return sum(len(topic.papers) for topic in self.topics)

    def to_markdown(self) -> str:
        """The digest: topics, then each paper's title and TLDR. Paper text is escaped (untrusted)."""
        lines = [f"# Digest: {_count(self.paper_count, 'paper')} in {_count(len(self.topics), 'topic')}"]
        if self.silhouette is not None:
            lines += ["", f"_Topic count chosen by silhouette among {self.tried[0]}–{self.tried[-1]} "
                          f"(cosine silhouette {self.silhouette:.3f}); names are each topic's distinctive terms._"]
        for number, topic in enumerate(self.topics, start=1):
            lines += ["", f"## {number}. {markdown_inline(topic.name)} ({_count(len(topic.papers), 'paper')})"]
            if topic.keywords:
                lines.append(f"_Keywords: {markdown_inline(', '.join(topic.keywords))}_\n")
            lines += [f"- **{markdown_inline(p.title)}**" + (f" — {markdown_inline(p.tldr)}" if p.tldr else "")
                      for p in topic.papers]
        return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


@dataclass(frozen=True)
class RelatedPaper:
    paper_id: str
    title: str
    score: float  # cosine similarity of the paper vectors
    shared_terms: tuple[str, ...]  # distinctive terms both abstracts use


@dataclass(frozen=True)
class MapPoint:
    paper_id: str
    title: str
    x: float
    y: float
    topic: str


def same_day(stored: str, wanted: str) -> bool:
    """Whether a stored publication date ("Oct 9", "2025-10-09", "2025-10-09T08:00:00Z") is the day
    `wanted`; a date without a year matches that day of any year."""
    if stored.strip() == wanted.strip():
        return True
    a, b = _day(stored), _day(wanted)
    if a is None or b is None:
        return False
    return a[1:] == b[1:] and (a[0] is None or b[0] is None or a[0] == b[0])


def _day(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a date as sources write it, else None."""
    text = text.strip()[:10] if text.strip()[:4].isdigit() else text.strip()
    for pattern, has_year in (("%Y-%m-%d", True), ("%b %d, %Y", True), ("%B %d, %Y", True), ("%b %d", False),
                              ("%B %d", False)):
        try:  # a day without a year is read in a leap year, so "Feb 29" is a day
            parsed = datetime.strptime(text if has_year else f"{text} 2000", pattern if has_year else f"{pattern} %Y")
        except ValueError:
            continue
        return (parsed.year if has_year else None, parsed.month, parsed.day)
    return None


class Landscape:
    """The overview's data for one version of the store: paper vectors, term statistics, TLDRs, the
    clustering of all papers and the map. Papers are kept in id order so results are stable."""

    def __init__(self, records: dict[str, PaperRecord], ids: list[str], vectors: np.ndarray):
        self.records = records
        order = [i for i in np.argsort(ids, kind="stable") if ids[i] in records]
        self.ids = [ids[i] for i in order]
        self.row = {pid: row for row, pid in enumerate(self.ids)}
        self.vectors = np.asarray(vectors, dtype=np.float64)[np.asarray(order, dtype=int)]
        self.terms = Terms([records[pid].title for pid in self.ids], [records[pid].abstract for pid in self.ids])
        self.tldrs = self.terms.tldrs()
        self._all: Overview | None = None
        self._map: list[MapPoint] | None = None

    def overview(self, rows: np.ndarray | None = None) -> Overview:
        """Topics over the papers at `rows` (all by default; that one is kept)."""
        if rows is None:
            if self._all is None:
                self._all = self._overview(np.arange(len(self.ids)))
            return self._all
        return self._overview(rows)

    def _overview(self, rows: np.ndarray) -> Overview:
        clustering = cluster(self.vectors[rows])
        labels = clustering.labels
        keywords = self.terms.topic_terms(rows, labels, KEYWORDS)
        topics = []
        for topic, terms in enumerate(keywords):
            members = rows[labels == topic]
            centre = self.vectors[members].mean(axis=0)
            ranked = members[np.argsort(-(self.vectors[members] @ centre), kind="stable")]
            name = ", ".join(terms[:NAME_TERMS]) or self.records[self.ids[ranked[0]]].title
            topics.append(Topic(name, tuple(terms), tuple(self._topic_paper(int(row)) for row in ranked)))
        return Overview(tuple(topics), clustering.silhouette, clustering.tried)

    def _topic_paper(self, row: int) -> TopicPaper:
        pid = self.ids[row]
        tldr, start, end = self.tldrs[row]
        return TopicPaper(pid, self.records[pid].title, tldr, start, end)

    def related(self, paper_id: str, k: int) -> list[RelatedPaper]:
        row = self.row[paper_id]
        similarity = self.vectors @ self.vectors[row]
        similarity[row] = -np.inf
        best = np.argsort(-similarity, kind="stable")[: max(0, min(k, len(self.ids) - 1))]
        return [RelatedPaper(self.ids[other], self.records[self.ids[other]].title, float(similarity[other]),
                             tuple(self.terms.shared_terms(row, int(other), SHARED_TERMS))) for other in best]

    def paper_map(self) -> list[MapPoint]:
        """The paper vectors projected on their first two principal components (deterministic: an
        eigendecomposition of the covariance, signs fixed by sklearn), each point labelled with its topic
        in the overview of all papers."""
        if self._map is None:
            xy = np.zeros((len(self.ids), 2))
            components = min(2, len(self.ids) - 1)  # a single paper sits at the origin
            if components > 0:
                pca = PCA(n_components=components, svd_solver="covariance_eigh")
                xy[:, :components] = pca.fit_transform(self.vectors)
            topic_of = {p.paper_id: t.name for t in self.overview().topics for p in t.papers} if self.ids else {}
            self._map = [MapPoint(pid, self.records[pid].title, round(float(x), 5), round(float(y), 5),
                                  topic_of[pid]) for pid, (x, y) in zip(self.ids, xy, strict=True)]
        return self._map


def _one_thread() -> threadpool_limits:
    """The overview's algebra is on small matrices: BLAS/OpenMP threads cost more than they save, and
    on a busy machine they spin (2 cores under load, 65 papers: overview 0.9 s -> 0.12 s, map 2.1 s ->
    0.01 s; 10,000 papers: no slower). One thread also leaves the other cores to other requests."""
    return threadpool_limits(limits=1)


class Overviews:
    """The overview API of an Assistant: one Landscape, rebuilt when the store changes."""

    def __init__(self, retriever: HybridRetriever):
        self.retriever = retriever
        self._landscape: Landscape | None = None
        self._lock = threading.Lock()

    def landscape(self) -> Landscape:
        self.retriever.refresh()
        records = self.retriever.papers  # replaced (not mutated) when the store changes
        with self._lock:
            if self._landscape is None or self._landscape.records is not records:
                ids, vectors = self.retriever.store.paper_vectors()
                with _one_thread():
                    self._landscape = Landscape(records, ids, vectors)
            return self._landscape

    def overview(self, paper_ids: list[str] | None = None, published: str | None = None) -> Overview:
        """Topics over all stored papers, or those with `paper_ids` and/or published on `published`."""
        landscape = self.landscape()
        if not landscape.ids:
            raise QuestionError("the store holds no papers yet: run `paperchat ingest PATH` first")
        if paper_ids is None and not published:
            with _one_thread():
                return landscape.overview()
        unknown = [pid for pid in paper_ids or [] if pid not in landscape.row]
        if unknown:
            raise QuestionError(f"no stored paper has the id {unknown[0]!r}")
        rows = sorted({landscape.row[pid] for pid in paper_ids}) if paper_ids is not None \
            else list(range(len(landscape.ids)))
        if published:
            rows = [row for row in rows if same_day(landscape.records[landscape.ids[row]].published, published)]
        if not rows:
            dates = sorted({r.published for r in landscape.records.values() if r.published})
            raise QuestionError(f"no stored paper was published on {published!r} (stored dates: "
                                f"{', '.join(dates[:10]) or 'none'})" if published else "no paper ids given")
        with _one_thread():
            return landscape.overview(np.asarray(rows))

    def related(self, paper_id: str, k: int = 5) -> list[RelatedPaper]:
        if k < 1:
            raise QuestionError(f"k must be at least 1, not {k}")
        landscape = self.landscape()
        return landscape.related(self._find(landscape, paper_id), k)

    def find(self, paper: str) -> str:
        """The id of the stored paper with this id or (fuzzily, as `cite` matches) this title."""
        return self._find(self.landscape(), paper)

    def _find(self, landscape: Landscape, paper: str) -> str:
        if paper in landscape.row:
            return paper
        matches = self.retriever.titles.fuzzy(paper, limit=1)
        if not matches or matches[0][0] not in landscape.row:
            raise QuestionError(f"no stored paper has the id or a title like {paper!r} (`paperchat papers` "
                                "lists the stored papers)")
        return matches[0][0]

    def paper_map(self) -> list[MapPoint]:
        landscape = self.landscape()
        with _one_thread():
            return landscape.paper_map()
