"""paperchat's hybrid retrieval as a LangChain retriever, for use in other LangChain apps."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval import Filters, HybridRetriever


class PaperchatRetriever(BaseRetriever):
    """`Assistant().as_retriever(k=4)`; each Document carries paper id, title, span and score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    hybrid: HybridRetriever
    k: int = 4
    filters: Filters = Filters()

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        passages = self.hybrid.search(query, k=kwargs.get("k", self.k), filters=self.filters)
        return [
            Document(
                id=p.chunk_id, page_content=p.text,
                metadata={"paper_id": p.paper_id, "title": p.title, "start": p.start, "end": p.end,
                          "score": p.score, "url": p.url, "published": p.published},
            )
            for p in passages
        ]
