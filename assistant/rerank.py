"""Optional reranking stage: a sentence-transformers CrossEncoder from a local directory."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ingest.settings import invalid_setting

if TYPE_CHECKING:
    from assistant.retrieval import Passage


class Reranker(Protocol):
    def rerank(self, query: str, passages: list[Passage]) -> list[Passage]: ...


class CrossEncoderReranker:
    """Scores (question, passage) pairs jointly; slower than the bi-encoder, often sharper."""

    def __init__(self, model_dir: str, device: str = "cpu"):
        from sentence_transformers import CrossEncoder

        if not Path(model_dir).is_dir():
            raise invalid_setting("reranker_model", f"no model directory {model_dir!r}")
        self.model = CrossEncoder(model_dir, device=device)

    def rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
        if not passages:
            return passages
        scores = self.model.predict([(query, f"{p.title}\n{p.text}") for p in passages])
        rescored = [replace(p, score=float(s)) for p, s in zip(passages, scores, strict=True)]
        return sorted(rescored, key=lambda p: -p.score)
