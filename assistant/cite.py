"""Citation lookup: from a quote, a claim or a half-remembered title to the paper, its best
supporting sentence, and references ready to paste.

Exact quotes (modulo case, punctuation and whitespace) win, then fuzzy title matches, then
semantic matches; when none is good enough the result says so instead of guessing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.evidence import SentenceScorer
from assistant.references import PaperRef, apa, bibtex, markdown
from assistant.retrieval import HybridRetriever
from ingest.chunking import sentence_spans
from ingest.settings import Settings

MatchKind = Literal["exact_quote", "title", "semantic"]
_KIND_RANK = {"exact_quote": 0, "title": 1, "semantic": 2}
_MIN_QUOTE_WORDS = 4
_CITE_REQUEST = re.compile(
    r"^\s*(where (does|did|is) (this|that|the following) (quote|sentence|claim|passage|text)( come)?( from)?|"
    r"(find|what is|what's) the source (of|for)|which paper (says|said|contains|wrote))\b[\s:,?-]*(?P<text>.+)$",
    re.I | re.S)


@dataclass(frozen=True)
class CiteMatch:
    paper_id: str
    title: str
    kind: MatchKind
    score: float
    sentence: str  # the abstract's sentence that best supports the text
    start: int
    end: int
    ref: PaperRef

    @property
    def bibtex(self) -> str:
        return bibtex(self.ref)

    @property
    def apa(self) -> str:
        return apa(self.ref)

    @property
    def markdown(self) -> str:
        return markdown(self.ref)


@dataclass
class CiteResult:
    text: str
    matches: list[CiteMatch] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.matches)

    @property
    def message(self) -> str:
        if not self.matches:
            return "No stored paper matches this text well enough to cite it."
        best = self.matches[0]
        return {"exact_quote": "Found verbatim in", "title": "Title matches",
                "semantic": "Closest supporting paper:"}[best.kind] + f" {best.title}"


def cite_request_text(question: str) -> str | None:
    """The text to look up when a chat question asks where a quote comes from, else None."""
    match = _CITE_REQUEST.match(question)
    return match.group("text").strip().strip("\"“”'‘’").strip() if match else None


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Lowercase alphanumerics with single spaces between words, and each character's original index."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if char.isalnum():
            chars.append(char.lower())
            offsets.append(index)
        elif chars and chars[-1] != " ":
            chars.append(" ")
            offsets.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def _whole_sentences(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the sentences it touches."""
    touched = [(s, e) for s, e in sentence_spans(text) if s < end and e > start]
    return (touched[0][0], touched[-1][1]) if touched else (start, end)


def _ref(record: dict) -> PaperRef:
    return PaperRef(record["id"], record["title"], tuple(record["authors"]), record["published"], record["url"],
                    record["arxiv_id"])


class CitationFinder:
    def __init__(self, retriever: HybridRetriever, scorer: SentenceScorer, settings: Settings):
        self.retriever, self.scorer, self.settings = retriever, scorer, settings

    def _best_sentence(self, text: str, abstract: str, scorer: SentenceScorer) -> tuple[str, int, int]:
        spans = sentence_spans(abstract) or [(0, len(abstract))]
        similarity = scorer.similarity(text, [abstract[s:e] for s, e in spans])
        start, end = spans[int(similarity.argmax())]
        return abstract[start:end], start, end

    def _exact(self, text: str, paper_ids: list[str]) -> list[CiteMatch]:
        needle, _ = normalise_with_offsets(text)
        if len(needle.split()) < _MIN_QUOTE_WORDS:
            return []
        found = []
        for pid in paper_ids:
            record = self.retriever.papers[pid]
            haystack, offsets = normalise_with_offsets(record["abstract"])
            at = haystack.find(needle)
            if at >= 0:
                start, end = _whole_sentences(record["abstract"], offsets[at], offsets[at + len(needle) - 1] + 1)
                found.append(CiteMatch(pid, record["title"], "exact_quote", 1.0, record["abstract"][start:end],
                                       start, end, _ref(record)))
        return found

    def cite(self, text: str, k: int = 5) -> CiteResult:
        text = " ".join(text.split())
        if not text:
            return CiteResult(text)
        scorer = self.scorer
        passages = self.retriever.search(text, k=self.settings.candidates)
        candidates = list(dict.fromkeys(p.paper_id for p in passages))
        matches = {m.paper_id: m for m in self._exact(text, candidates)}
        for pid, score in self.retriever.titles.fuzzy(text, limit=k, cutoff=self.settings.cite_min_title_score):
            if pid not in matches:
                record = self.retriever.papers[pid]
                sentence, start, end = self._best_sentence(text, record["abstract"], scorer)
                matches[pid] = CiteMatch(pid, record["title"], "title", round(score / 100, 3), sentence, start, end,
                                         _ref(record))
        for passage in passages:
            relevance = self.retriever.relevance(passage)
            if passage.paper_id in matches or relevance < self.settings.min_relevance:
                continue
            record = self.retriever.papers[passage.paper_id]
            sentence, start, end = self._best_sentence(text, record["abstract"], scorer)
            matches[passage.paper_id] = CiteMatch(passage.paper_id, record["title"], "semantic",
                                                  round(relevance, 3), sentence, start, end, _ref(record))
        ranked = sorted(matches.values(), key=lambda m: (_KIND_RANK[m.kind], -m.score))
        return CiteResult(text, ranked[:k])
