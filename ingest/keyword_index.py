"""BM25 keyword index over the chunks (bm25s), persisted next to the store.

It is derived data: rebuilt from the Chroma chunks whenever they change, and tagged with the
store's corpus version so a reader can tell when it is stale (e.g. a Chroma server updated by
another process) and rebuild it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from ingest.acronyms import find_acronyms

_STEMMER = Stemmer.Stemmer("english")
_IDS_FILE = "chunk_ids.json"
# Question words that every query has and no abstract answers with.
_EXTRA_STOPWORDS = ["paper", "papers", "which", "what", "who", "how", "does", "do", "did", "deal",
                    "deals", "about", "propose", "proposes", "show", "shows", "work", "works"]
STOPWORDS = sorted(set(bm25s.stopwords.STOPWORDS_EN) | set(_EXTRA_STOPWORDS))
STOPWORD_SET = frozenset(STOPWORDS)  # for membership tests


class KeywordIndexError(RuntimeError):
    """The persisted index is missing or unreadable; `paperchat ingest --rebuild` recreates it."""


def tokenize(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords=STOPWORDS, stemmer=_STEMMER, return_ids=False,
                          show_progress=False)  # type: ignore[return-value]


class KeywordIndex:
    """BM25 over chunks, plus per-chunk filter fields (e.g. paper_id) kept as integer codes so a
    filter becomes one vectorised mask instead of a Python loop over documents."""

    def __init__(self, bm25: bm25s.BM25, chunk_ids: list[str], version: str,
                 fields: dict[str, list[str]] | None = None, acronyms: dict[str, list[str]] | None = None):
        self.bm25, self.chunk_ids, self.version = bm25, chunk_ids, version
        self.fields = fields or {}
        self.acronyms = acronyms or {}
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {
            name: np.unique(np.asarray(values, dtype=str), return_inverse=True)
            for name, values in self.fields.items() if values
        }

    @classmethod
    def build(cls, chunk_ids: list[str], texts: list[str], version: str,
              fields: dict[str, list[str]] | None = None) -> KeywordIndex:
        bm25 = bm25s.BM25()
        if texts:
            bm25.index(tokenize(texts), show_progress=False)
        return cls(bm25, chunk_ids, version, fields, find_acronyms(texts))

    def mask(self, allowed: dict[str, list[str]]) -> np.ndarray | None:
        """1.0 for chunks whose every named field has one of the allowed values, else 0.0."""
        if not allowed or not self.chunk_ids:
            return None
        keep = np.ones(len(self.chunk_ids), dtype=bool)
        for name, values in allowed.items():
            uniques, codes = self._codes[name]
            keep &= np.isin(codes, np.flatnonzero(np.isin(uniques, values)))
        return keep.astype(np.float32)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best `k` chunks with a positive score."""
        if not self.chunk_ids:
            return []
        tokens = tokenize([query])
        if not tokens[0]:
            return []
        k = min(k, len(self.chunk_ids))
        docs, scores = self.bm25.retrieve(tokens, k=k, show_progress=False, weight_mask=mask, n_threads=1)
        return [(self.chunk_ids[d], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def chunks_mentioning(self, term: str) -> int:
        """How many chunks score for `term`: one scoring pass, no ranking."""
        tokens = tokenize([term])[0]
        if not self.chunk_ids or not tokens:
            return 0
        return int(np.count_nonzero(self.bm25.get_scores(tokens) > 0))

    def save(self, path: Path) -> None:
        """Write beside the old index, then swap, so readers never see half an index."""
        fresh = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        old = path.with_name(f"{path.name}.old-{os.getpid()}")
        try:
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir(parents=True)
            if self.chunk_ids:
                self.bm25.save(str(fresh), show_progress=False)
            meta = {"version": self.version, "ids": self.chunk_ids, "fields": self.fields, "acronyms": self.acronyms}
            (fresh / _IDS_FILE).write_text(json.dumps(meta))
            if path.exists():
                path.rename(old)
            fresh.rename(path)
        except OSError as exc:
            shutil.rmtree(fresh, ignore_errors=True)
            if old.exists() and not path.exists():
                old.rename(path)
            raise KeywordIndexError(
                f"cannot write the keyword index at {path} ({exc.strerror or exc}); the vector store is intact: "
                "free space or fix permissions, then run `paperchat ingest PATH --rebuild`"
            ) from None
        shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def stored_version(path: Path) -> str | None:
        try:
            return str(json.loads((path / _IDS_FILE).read_text())["version"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @classmethod
    def load(cls, path: Path) -> KeywordIndex:
        try:
            meta = json.loads((path / _IDS_FILE).read_text())
            ids, version = list(meta["ids"]), str(meta["version"])
            bm25 = bm25s.BM25.load(str(path), show_progress=False) if ids else bm25s.BM25()
            if ids and bm25.scores["num_docs"] != len(ids):
                raise ValueError(f"{bm25.scores['num_docs']} documents indexed for {len(ids)} ids")
        except FileNotFoundError:
            raise KeywordIndexError(f"no keyword index at {path}") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeywordIndexError(
                f"keyword index at {path} is unreadable ({exc}); run `paperchat ingest --rebuild`"
            ) from None
        return cls(bm25, ids, version, meta.get("fields"), meta.get("acronyms"))


def corpus_version(chunk_ids: list[str]) -> str:
    """Identifies a set of chunks; both the store and the keyword index carry it."""
    return hashlib.sha256("\n".join(sorted(chunk_ids)).encode()).hexdigest()[:24]
