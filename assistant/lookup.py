"""Citation lookup: from a quote, a claim or a half-remembered title to the paper, its best
supporting sentence, and references ready to paste.

Exact quotes (modulo case, punctuation and whitespace) win, then fuzzy title matches, then
semantic matches; when none is good enough the result says so instead of guessing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.evidence import SentenceScorer
from assistant.references import apa, bibtex, markdown
from assistant.retrieval import HybridRetriever, paper_order
from ingest.chunking import sentence_spans
from ingest.records import PaperRecord
from ingest.settings import Settings

MatchKind = Literal["exact_quote", "title", "semantic"]


@dataclass(frozen=True)
class MatchKindText:
    rank: int  # exact quotes beat titles beat meaning
    label: str  # beside a match in the app
    found: str  # the lookup's message: "{found} {title}"
    lead: str  # the chat answer: "{lead} “{title}” [1]."


MATCH_KINDS: dict[MatchKind, MatchKindText] = {
    "exact_quote": MatchKindText(0, "exact quote", "Found verbatim in", "This text appears verbatim in"),
    "title": MatchKindText(1, "title match", "Title matches", "This matches the title of"),
    "semantic": MatchKindText(2, "semantic match", "Closest supporting paper:", "The closest supporting paper is"),
}
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
    ref: PaperRecord

    @property
    def bibtex(self) -> str:
        return bibtex(self.ref)

    @property
    def apa(self) -> str:
        return apa(self.ref)

    @property
    def markdown(self) -> str:
        return markdown(self.ref)

    def to_dict(self) -> dict[str, object]:
        return {"paper_id": self.paper_id, "title": self.title, "kind": self.kind, "score": self.score,
                "sentence": self.sentence, "start": self.start, "end": self.end, "bibtex": self.bibtex,
                "markdown": self.markdown, "apa": self.apa}


@dataclass
class CiteResult:
    text: str
    matches: list[CiteMatch] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.matches)

    def to_dict(self) -> dict[str, object]:
        """For programs: the CLI's `--json` and the app's `/cite` endpoint."""
        return {"text": self.text, "found": self.found, "message": self.message,
                "matches": [match.to_dict() for match in self.matches]}

    @property
    def message(self) -> str:
        if not self.matches:
            return "No stored paper matches this text well enough to cite it."
        best = self.matches[0]
        return f"{MATCH_KINDS[best.kind].found} {best.title}"


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
            haystack, offsets = normalise_with_offsets(record.abstract)
            at = haystack.find(needle)
            if at >= 0:
                start, end = _whole_sentences(record.abstract, offsets[at], offsets[at + len(needle) - 1] + 1)
                found.append(CiteMatch(pid, record.title, "exact_quote", 1.0, record.abstract[start:end],
                                       start, end, record))
        return found

    def cite(self, text: str, k: int = 5) -> CiteResult:
        text = " ".join(text.split())
        if not text:
            return CiteResult(text)
        scorer = self.scorer
        passages = self.retriever.search(text, k=self.settings.retrieval.candidates)
        candidates = paper_order(passages)
        matches = {m.paper_id: m for m in self._exact(text, candidates)}
        for pid, score in self.retriever.titles.fuzzy(text, limit=k, cutoff=self.settings.answer.cite_min_title_score):
            if pid not in matches:
                record = self.retriever.papers[pid]
                sentence, start, end = self._best_sentence(text, record.abstract, scorer)
                matches[pid] = CiteMatch(pid, record.title, "title", round(score / 100, 3), sentence, start, end,
                                         record)
        for passage in passages:
            relevance = self.retriever.relevance(passage)
            if passage.paper_id in matches or relevance < self.settings.retrieval.min_relevance:
                continue
            record = self.retriever.papers[passage.paper_id]
            sentence, start, end = self._best_sentence(text, record.abstract, scorer)
            matches[passage.paper_id] = CiteMatch(passage.paper_id, record.title, "semantic",
                                                  round(relevance, 3), sentence, start, end, record)
        ranked = sorted(matches.values(), key=lambda m: (MATCH_KINDS[m.kind].rank, -m.score))
        return CiteResult(text, ranked[:k])
