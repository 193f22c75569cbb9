"""The Python API: what the CLI, the web app and other programs call."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from assistant import prompts
from assistant.answer import (
    Answer,
    AnswerStream,
    History,
    QuestionError,
    answer_stream,
    bounded_history,
    check_question,
    citation_answer,
)
from assistant.answerability import judge
from assistant.compare import ComparisonTable, compare, compare_request
from assistant.draft_check import DraftCheck, check_draft
from assistant.evidence import SentenceScorer
from assistant.export import conversation_markdown
from assistant.extractive import Extractive
from assistant.langchain_retriever import PaperchatRetriever
from assistant.llm.backends import Backend, BackendError, make_backend
from assistant.lookup import CitationFinder, CiteResult, cite_request_text
from assistant.rerank import CrossEncoderReranker
from assistant.retrieval import Filters, HybridRetriever, PaperHit, Passage
from ingest.embedding import load_embedder, resolve_model_path
from ingest.records import PaperRecord
from ingest.settings import MAX_ANSWER_SOURCES, Settings, load_settings
from ingest.store import Store

if TYPE_CHECKING:
    from assistant.overview import MapPoint, Overview, Overviews, RelatedPaper


class Assistant:
    """Opens the store once; every question goes through `search`, `search_papers` or `ask`."""

    def __init__(self, settings: Settings | None = None, *, llm: str | None = None, **overrides: object):
        if llm is not None:
            overrides["llm"] = llm
        self.settings = settings.updated(**overrides) if settings else load_settings(**overrides)
        s = self.settings
        # the store first: a server that is down or a store never ingested is an error before the model loads
        resolve_model_path(s.store.embedding_model)  # (a mistyped model is the error to show, though)
        self.store = Store(s, s.store.embedding_model, create=False)
        self.embedder = load_embedder(s.store.embedding_model, s.store.embedding_device, s.store.embedding_batch_size)
        self.store.set_dimension(self.embedder.dimension)
        reranker = (CrossEncoderReranker(s.retrieval.reranker_model, s.store.embedding_device)
                    if s.retrieval.reranker_model else None)
        self.scorer = SentenceScorer(self.embedder)
        self.retriever = HybridRetriever(s, self.embedder, self.store, self.scorer.embed, reranker)
        self.citations = CitationFinder(self.retriever, self.scorer, s)
        self._backends: dict[str, Backend] = {}
        self._backends_lock = threading.Lock()
        self._overviews: Overviews | None = None
        self._overviews_lock = threading.Lock()

    @property
    def overviews(self) -> Overviews:
        """Built on first use (once, whatever the threads): its clustering and projection libraries take a
        second to import, which a question or a CLI command that never asks for an overview should not pay."""
        with self._overviews_lock:
            if self._overviews is None:
                from assistant.overview import Overviews

                self._overviews = Overviews(self.retriever)
            return self._overviews

    def backend(self, name: str) -> Backend:
        """The named answer backend, set up once; raises BackendError when it cannot be."""
        with self._backends_lock:
            if name not in self._backends:
                self._backends[name] = make_backend(name, self.settings)
            return self._backends[name]

    def stream(self, question: str, history: History | None = None, llm: str | None = None,
               sources: int | None = None) -> AnswerStream:
        """The answer as it is written: its `sources` at once (none for abstentions, citation lookups and
        comparisons), then text deltas as they are generated (provisional), then the checked `answer`.
        `sources` overrides how many papers the answer may draw on."""
        question = check_question(question, self.settings)
        if sources is not None and not 1 <= sources <= MAX_ANSWER_SOURCES:
            raise QuestionError(f"Please ask for 1 to {MAX_ANSWER_SOURCES} sources (not {sources}).")
        history = bounded_history(list(history or []), self.settings)
        quote = cite_request_text(question)
        if quote:
            answer = citation_answer(question, self.cite(quote, k=3))
            return AnswerStream.of(answer, answer.text)
        pair = compare_request(question, self.retriever.titles)
        if pair:  # "compare X and Y": the table is the answer
            table = self.compare(pair)
            return AnswerStream.of(Answer(question, question, table.to_markdown(), "compare", table=table))
        name = llm or self.settings.llm.backend
        try:
            backend, notice = self.backend(name), None
        except BackendError as exc:
            backend = Extractive(self.settings)
            notice = prompts.LLM_FALLBACK_NOTICE.format(backend=name, reason=exc)
        settings = self.settings.updated(answer_sources=sources) if sources else self.settings
        return answer_stream(question, history, self.retriever, self.scorer, settings, backend, notice)

    def ask(self, question: str, history: History | None = None, llm: str | None = None) -> Answer:
        """The cited answer to `question`, using `history` (OpenAI/Gradio messages) for follow-ups."""
        return self.stream(question, history, llm).answer

    def search(self, question: str, k: int = 8, *, paper_ids: list[str] | None = None,
               titles: list[str] | None = None, published: list[str] | None = None,
               sources: list[str] | None = None) -> list[Passage]:
        """The `k` passages that best answer `question`, best first. Filters: paper ids, titles
        (fuzzy, e.g. "pointer networks"), publication dates as stored, source files."""
        ids = list(paper_ids or [])
        for title in titles or []:
            matched = self.retriever.titles.fuzzy(title, limit=1)
            if not matched:
                return []
            ids.append(matched[0][0])
        filters = Filters(tuple(ids), tuple(published or ()), tuple(sources or ()))
        return self.retriever.search(question, k=k, filters=filters)

    def search_papers(self, question: str, k: int = 5) -> list[PaperHit]:
        """Papers ranked for "which papers ..." questions, each with its best passages."""
        return self.retriever.search_papers(question, k=k)

    def covers(self, question: str) -> bool:
        """False when the stored papers do not address the question: the topic test an answer abstains on
        (calibrated in docs/benchmarks.md)."""
        ranking = self.settings.retrieval
        passages = self.retriever.search(check_question(question, self.settings), k=ranking.candidates)
        return judge(question, question, passages, self.retriever, self.scorer, ranking.topic_coverage_weight,
                     ranking.min_topic).on_topic

    def cite(self, text: str, k: int = 5) -> CiteResult:
        """Where a quote, claim or half-remembered title comes from, with ready references."""
        return self.citations.cite(check_question(text, self.settings, what="texts to look up"), k=k)

    def compare(self, papers: list[str], aspects: list[str] | None = None) -> ComparisonTable:
        """2-6 papers (ids or fuzzy titles) side by side: per aspect (default problem, method, data /
        evaluation, main result, limitation) each abstract's sentence that states it, or "not stated"."""
        return compare(papers, aspects, self.retriever, self.scorer)

    def check(self, text: str) -> DraftCheck:
        """Each sentence of a draft: supported (paper, sentence, BibTeX), weak, or not found."""
        return check_draft(text, self.citations, self.scorer, max_chars=10 * self.settings.answer.max_question_chars)

    def export(self, answers: list[Answer]) -> tuple[str, str]:
        """A conversation as (Markdown with footnotes, BibTeX whose keys the footnotes name)."""
        self.retriever.refresh()
        return conversation_markdown(answers, self.retriever.papers)

    def as_retriever(self, k: int = 4, paper_ids: list[str] | None = None) -> PaperchatRetriever:
        """A LangChain `BaseRetriever` over the same hybrid search."""
        return PaperchatRetriever(hybrid=self.retriever, k=k, filters=Filters(paper_ids=tuple(paper_ids or ())))

    def overview(self, paper_ids: list[str] | None = None, published: str | None = None) -> Overview:
        """Topics over the stored papers (or those with `paper_ids` / published on `published`), each
        paper with a one-sentence TLDR; `.to_markdown()` is the digest. Cached per store version."""
        return self.overviews.overview(paper_ids, published)

    def related(self, paper_id: str, k: int = 5) -> list[RelatedPaper]:
        """The `k` papers nearest by content (their stored vectors) to the paper with this id, or with
        this title (fuzzy, as in `cite`), each with the distinctive terms both use."""
        return self.overviews.related(paper_id, k)

    def paper_map(self) -> list[MapPoint]:
        """One 2-D point per paper with its topic; the same for every call on one store version."""
        return self.overviews.paper_map()

    def papers(self) -> list[PaperRecord]:
        """The stored papers by title, from the retriever's cache (refreshed when the store changes)."""
        self.retriever.refresh()
        return list(self.retriever.papers.values())

    def paper(self, paper_id: str) -> PaperRecord | None:
        """The stored paper with this id, or None."""
        self.retriever.refresh()
        return self.retriever.papers.get(paper_id)

    def find_paper(self, paper: str) -> PaperRecord:
        """The stored paper with this id or (fuzzily, as `cite` matches) this title; QuestionError if none."""
        return self.retriever.papers[self.overviews.find(paper)]

    def acronyms(self) -> list[str]:
        """The acronyms the stored papers define, those that most chunks mention first."""
        self.retriever.refresh()
        keyword = self.retriever.keyword
        return sorted(sorted(keyword.acronyms), key=lambda a: -keyword.chunks_mentioning(a))
