"""The Python API: what the CLI, the web app and other programs call."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_core.language_models.chat_models import BaseChatModel

from assistant import prompts
from assistant.answer import (
    Answer,
    History,
    Sources,
    answer_stream,
    bounded_history,
    check_question,
    citation_answer,
)
from assistant.cite import CitationFinder, CiteResult, _ref, cite_request_text
from assistant.compare import ComparisonTable, compare, compare_request
from assistant.draft_check import DraftCheck, check_draft
from assistant.evidence import SentenceScorer
from assistant.export import conversation_markdown
from assistant.langchain_retriever import PaperchatRetriever
from assistant.llm.backends import BackendError, make_chat_model
from assistant.overview import MapPoint, Overview, Overviews, RelatedPaper
from assistant.rerank import CrossEncoderReranker
from assistant.retrieval import Filters, HybridRetriever, PaperHit, Passage
from ingest.embedding import load_embedder
from ingest.settings import Settings, load_settings
from ingest.store import Store


@dataclass(frozen=True)
class PaperInfo:
    id: str
    title: str
    abstract: str
    authors: list[str]
    published: str
    url: str
    arxiv_id: str
    sources: list[str]


class Assistant:
    """Opens the store once; every question goes through `search`, `search_papers` or `ask`."""

    def __init__(self, settings: Settings | None = None, *, llm: str | None = None, **overrides: object):
        if llm is not None:
            overrides["llm"] = llm
        self.settings = settings.model_copy(update=overrides) if settings else load_settings(**overrides)
        s = self.settings
        self.embedder = load_embedder(s.embedding_model, s.embedding_device, s.embedding_batch_size)
        self.store = Store(s, self.embedder.name, self.embedder.dimension, create=False)
        reranker = CrossEncoderReranker(s.reranker_model, s.embedding_device) if s.reranker_model else None
        self.retriever = HybridRetriever(s, self.embedder, self.store, reranker)
        self.scorer = SentenceScorer(self.embedder)
        self.citations = CitationFinder(self.retriever, self.scorer, s)
        self.overviews = Overviews(self.retriever)
        self._models: dict[str, BaseChatModel | None] = {}
        self._models_lock = threading.Lock()

    def chat_model(self, backend: str) -> BaseChatModel | None:
        """The backend's chat model, set up once; raises BackendError when it cannot be."""
        with self._models_lock:
            if backend not in self._models:
                self._models[backend] = make_chat_model(backend, self.settings)
            return self._models[backend]

    def stream(self, question: str, history: History | None = None, llm: str | None = None,
               sources: int | None = None) -> Iterator[str | Sources | Answer]:
        """The `Sources` (as soon as they are chosen, not for abstentions or citation lookups), text deltas as
        they are generated (provisional), then the final checked `Answer`.
        `sources` overrides how many papers the answer may draw on."""
        question = check_question(question, self.settings)
        history = bounded_history(list(history or []), self.settings)
        quote = cite_request_text(question)
        if quote:
            answer = citation_answer(question, self.cite(quote, k=3))
            yield answer.text
            yield answer
            return
        pair = compare_request(question, self.retriever.titles)
        if pair:  # "compare X and Y": the table is the answer
            table = self.compare(pair)
            yield Answer(question, question, table.to_markdown(), "compare", table=table)
            return
        backend = llm or self.settings.llm
        notice = None
        try:
            model = self.chat_model(backend)
        except BackendError as exc:
            model, notice = None, prompts.LLM_FALLBACK_NOTICE.format(backend=backend, reason=exc)
        settings = self.settings.model_copy(update={"answer_sources": sources}) if sources else self.settings
        yield from answer_stream(question, history, self.retriever, self.scorer,
                                 settings, backend if model is not None else "extractive", model, notice)

    def ask(self, question: str, history: History | None = None, llm: str | None = None) -> Answer:
        """The cited answer to `question`, using `history` (OpenAI/Gradio messages) for follow-ups."""
        *_, answer = self.stream(question, history, llm)
        assert isinstance(answer, Answer)
        return answer

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

    def relevance(self, passages: list[Passage]) -> float:
        """How well the best passage matches the question; the abstention signal."""
        return max((self.retriever.relevance(p) for p in passages), default=0.0)

    def covers(self, question: str) -> bool:
        """False when the stored papers do not address the question (calibrated in docs/benchmarks.md)."""
        return self.relevance(self.search(question, k=4)) >= self.settings.min_relevance

    def cite(self, text: str, k: int = 5) -> CiteResult:
        """Where a quote, claim or half-remembered title comes from, with ready references."""
        return self.citations.cite(check_question(text, self.settings, what="texts to look up"), k=k)

    def compare(self, papers: list[str], aspects: list[str] | None = None) -> ComparisonTable:
        """2-6 papers (ids or fuzzy titles) side by side: per aspect (default problem, method, data /
        evaluation, main result, limitation) each abstract's sentence that states it, or "not stated"."""
        return compare(papers, aspects, self.retriever, self.scorer)

    def check(self, text: str) -> DraftCheck:
        """Each sentence of a draft: supported (paper, sentence, BibTeX), weak, or not found."""
        return check_draft(text, self.citations, self.scorer, max_chars=10 * self.settings.max_question_chars)

    def export(self, answers: list[Answer]) -> tuple[str, str]:
        """A conversation as (Markdown with footnotes, BibTeX whose keys the footnotes name)."""
        self.retriever.refresh()
        refs = {pid: _ref(record) for pid, record in self.retriever.papers.items()}
        return conversation_markdown(answers, refs)

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

    def papers(self) -> list[PaperInfo]:
        """The stored papers by title, from the retriever's cache (refreshed when the store changes)."""
        self.retriever.refresh()
        return [PaperInfo(id=r["id"], title=r["title"], abstract=r["abstract"], authors=r["authors"],
                          published=r["published"], url=r["url"], arxiv_id=r["arxiv_id"], sources=r["source_names"])
                for r in self.retriever.papers.values()]
