"""The Chroma store: chunks with their embeddings, and one record per paper. The only module that
talks to Chroma: records go in and come out typed (`PaperRecord`, `ChunkMeta`), converted to and from
Chroma metadata here.

Chunk ids are content hashes, so Chroma itself records what has been embedded (no separate record
manager to fall out of step). The paper collection holds each paper's metadata and full abstract,
with the mean of its chunk vectors as its embedding (no extra model call).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from ingest.records import ChunkMeta, Paper, PaperRecord
from ingest.settings import Settings

_PAGE = 5000
CHROMA_FILE = "chroma.sqlite3"  # what an embedded Chroma store writes first: a store exists once it does


class StoreError(RuntimeError):
    """The store cannot be opened or used as configured; the message says what to do."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    meta: ChunkMeta


def chunk_id(paper_id: str, index: int, embedded_text: str) -> str:
    digest = hashlib.sha256(f"{index}\x1f{embedded_text}".encode()).hexdigest()
    return f"{paper_id}-{digest[:20]}"


def paper_metadata(record: PaperRecord) -> dict[str, Any]:
    """Chroma metadata holds scalars only: lists are stored as JSON, the abstract as the document."""
    return {
        "title": record.title,
        "content_hash": record.content_hash,
        "authors": json.dumps(list(record.authors)),
        "published": record.published,
        "url": record.url,
        "arxiv_id": record.arxiv_id,
        "sources": json.dumps(list(record.sources)),
        "source_names": json.dumps(list(record.source_names)),
        "line": record.line,
    }



def paper_record(paper_id: str, meta: Mapping[str, Any], abstract: str = "") -> PaperRecord:
    sources = tuple(json.loads(meta["sources"]))
    names = json.loads(meta["source_names"]) if "source_names" in meta else [Path(s).name for s in sources]
    return PaperRecord(id=paper_id, title=meta["title"], authors=tuple(json.loads(meta["authors"])),
                       published=meta.get("published", ""), url=meta.get("url", ""), arxiv_id=meta.get("arxiv_id", ""),
                       abstract=abstract, sources=sources, source_names=tuple(names),
                       content_hash=meta.get("content_hash", ""), line=int(meta.get("line", 0)))


def chunk_meta(meta: Mapping[str, Any]) -> ChunkMeta:
    """Chunks written before a field existed read it as empty."""
    return ChunkMeta(paper_id=meta["paper_id"], title=meta["title"], chunk_index=int(meta["chunk_index"]),
                     start=int(meta["start"]), end=int(meta["end"]), source=str(meta.get("source", "")),
                     published=str(meta.get("published", "")), url=str(meta.get("url", "")))


def chroma_where(fields: Mapping[str, list[str]]) -> dict | None:
    """Metadata filters (field -> allowed values) as a Chroma `where` clause."""
    clauses = [{name: {"$in": values}} for name, values in fields.items() if values]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def describe(settings: Settings) -> str:
    return (f"Chroma server at {settings.store.chroma_host}:{settings.store.chroma_port}" if settings.store.chroma_host
            else f"Chroma store at {settings.chroma_path}")


def open_client(settings: Settings) -> ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.store.chroma_host:
            client = chromadb.HttpClient(
                host=settings.store.chroma_host, port=settings.store.chroma_port, settings=chroma_settings
            )
            client.heartbeat()
            return client
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:  # chromadb raises many types; the user needs one clear message
        raise StoreError(f"cannot open the {describe(settings)}: {exc}") from None


class Store:
    """Typed access to the two collections; refuses a store built with another embedding model."""

    def __init__(self, settings: Settings, model_name: str, dimension: int | None = None,
                 create: bool = True):
        """`dimension=None` opens for reading without loading the model (checks the name only). A reader
        (`create=False`) never creates an embedded store: only an ingest, under the write lock, does."""
        self.location = describe(settings)
        if not create and not settings.store.chroma_host and not (settings.chroma_path / CHROMA_FILE).exists():
            raise StoreError(f"no papers at {settings.chroma_path} yet: run `paperchat ingest PATH` first")
        self.client = open_client(settings)
        self.model_name, self.dimension = model_name, dimension
        self.chunks = self._collection(settings.store.collection, create)
        self.papers = self._collection(f"{settings.store.collection}-papers", create)

    def _collection(self, name: str, create: bool) -> Collection:
        space = {"embedding_model": self.model_name, "dimension": self.dimension}
        try:
            existing = self.client.get_collection(name, embedding_function=None)  # type: ignore[arg-type]
        except Exception:
            if not create:
                raise StoreError(f"no collection {name!r} yet: run `paperchat ingest PATH` first") from None
            return self.client.create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine", **space}  # type: ignore[arg-type]
            )
        self._check_space(existing, self.dimension)
        return existing

    def set_dimension(self, dimension: int) -> None:
        """The model's dimension once it has loaded: a store opened without it (to fail fast when the server is
        down or nothing was ingested) still refuses another model's vectors."""
        for collection in (self.chunks, self.papers):
            self._check_space(collection, dimension)
        self.dimension = dimension

    def _check_space(self, collection: Collection, dimension: int | None) -> None:
        """Refuses a collection whose vectors come from another model (or dimension, when known)."""
        stored = {key: (collection.metadata or {}).get(key) for key in ("embedding_model", "dimension")}
        if stored["embedding_model"] != self.model_name or dimension not in (None, stored["dimension"]):
            raise StoreError(
                f"collection {collection.name!r} holds vectors of model {stored['embedding_model']!r} "
                f"(dimension {stored['dimension']}), but the configured model is {self.model_name!r} "
                f"(dimension {dimension}); mixing vector spaces would give wrong results. Use the "
                "same PAPERCHAT_EMBEDDING_MODEL, or another PAPERCHAT_COLLECTION / PAPERCHAT_DATA_DIR."
            )

    def unavailable(self, exc: Exception) -> StoreError:
        return StoreError(f"the {self.location} is not reachable ({type(exc).__name__}: {exc}); "
                          "paperchat retries on the next request")

    # -- reading ---------------------------------------------------------------------------------

    def _get_all(self, collection: Collection, include: list[str], where: dict | None = None) -> dict:
        merged: dict[str, list] = {"ids": [], **{key: [] for key in include}}
        offset = 0
        while True:
            page = collection.get(include=include, where=where, limit=_PAGE, offset=offset)  # type: ignore[arg-type]
            merged["ids"] += page["ids"]
            for key in include:
                merged[key] += page[key]  # type: ignore[literal-required]
            if len(page["ids"]) < _PAGE:
                return merged
            offset += _PAGE

    def paper_index(self) -> dict[str, PaperRecord]:
        """Every stored paper by id, without its abstract (not read): what ingest compares."""
        page = self._get_all(self.papers, ["metadatas"])
        return {pid: paper_record(pid, meta) for pid, meta in zip(page["ids"], page["metadatas"], strict=True)}

    def paper_records(self) -> list[PaperRecord]:
        """Every stored paper with its abstract, by title."""
        page = self._get_all(self.papers, ["metadatas", "documents"])
        records = [paper_record(pid, meta, abstract) for pid, meta, abstract
                   in zip(page["ids"], page["metadatas"], page["documents"], strict=True)]
        return sorted(records, key=lambda r: r.title.lower())

    def paper_count(self) -> int:
        return self.papers.count()

    def chunk_paper_ids(self) -> dict[str, str]:
        page = self._get_all(self.chunks, ["metadatas"])
        return {cid: meta["paper_id"] for cid, meta in zip(page["ids"], page["metadatas"], strict=True)}

    def paper_vectors(self, paper_ids: list[str] | None = None) -> tuple[list[str], np.ndarray]:
        """Paper ids (all, or those of `paper_ids` that are stored) and their stored vectors: the
        normalised mean of each paper's chunk vectors."""
        ids: list[str] = []
        vectors: list[np.ndarray] = []
        at = 0
        while paper_ids is None or at < len(paper_ids):
            page = (self.papers.get(include=["embeddings"], limit=_PAGE, offset=at) if paper_ids is None  # type: ignore[list-item]
                    else self.papers.get(ids=paper_ids[at:at + _PAGE], include=["embeddings"]))  # type: ignore[list-item]
            ids += page["ids"]
            vectors += list(page["embeddings"])  # type: ignore[arg-type]
            at += _PAGE
            if paper_ids is None and len(page["ids"]) < _PAGE:
                break
        return ids, np.asarray(vectors, dtype=np.float32) if vectors else np.zeros((0, self.dimension or 0), np.float32)

    def all_chunks(self) -> list[StoredChunk]:
        page = self._get_all(self.chunks, ["metadatas", "documents"])
        return [StoredChunk(cid, text, chunk_meta(m))
                for cid, text, m in zip(page["ids"], page["documents"], page["metadatas"], strict=True)]

    def search(self, vector: np.ndarray, n: int, where: Mapping[str, list[str]] | None = None
               ) -> list[tuple[StoredChunk, float]]:
        """The `n` chunks nearest to `vector` among those whose metadata fields hold one of the allowed
        values, each with its cosine similarity, nearest first."""
        result = self.chunks.query(query_embeddings=[vector.tolist()], n_results=n, where=chroma_where(where or {}),
                                   include=["documents", "metadatas", "distances"])
        return [(StoredChunk(cid, text, chunk_meta(meta)), 1.0 - float(distance)) for cid, text, meta, distance
                in zip(result["ids"][0], result["documents"][0], result["metadatas"][0],  # type: ignore[index]
                       result["distances"][0], strict=True)]  # type: ignore[index]

    def chunks_with_vectors(self, ids: list[str]) -> tuple[list[StoredChunk], np.ndarray]:
        """The stored chunks among `ids`, and their vectors as the rows of a matrix."""
        got = self.chunks.get(ids=ids, include=["documents", "metadatas", "embeddings"])
        chunks = [StoredChunk(cid, text, chunk_meta(meta))
                  for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]  # type: ignore[arg-type]
        return chunks, np.asarray(got["embeddings"], dtype=np.float32)

    def chunk_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Chunk id -> vector for the stored chunks among `ids`."""
        got = self.chunks.get(ids=ids, include=["embeddings"])
        return dict(zip(got["ids"], np.asarray(got["embeddings"]), strict=True))

    def corpus_version(self) -> str:
        """Read fresh from Chroma (another process may have ingested since we opened it)."""
        self.chunks = self.client.get_collection(self.chunks.name, embedding_function=None)  # type: ignore[arg-type]
        return str((self.chunks.metadata or {}).get("corpus_version", ""))

    # -- writing ---------------------------------------------------------------------------------

    def add_chunks(self, chunks: list[StoredChunk], vectors: np.ndarray) -> None:
        for at in range(0, len(chunks), _PAGE):
            part = chunks[at:at + _PAGE]
            self.chunks.add(ids=[c.id for c in part], embeddings=vectors[at:at + _PAGE],  # type: ignore[arg-type]
                            documents=[c.text for c in part], metadatas=[asdict(c.meta) for c in part])

    def update_chunk_metadata(self, chunks: list[StoredChunk]) -> None:
        for at in range(0, len(chunks), _PAGE):
            part = chunks[at:at + _PAGE]
            self.chunks.update(ids=[c.id for c in part], metadatas=[asdict(c.meta) for c in part])  # type: ignore[arg-type]

    def delete_chunks(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for at in range(0, len(ids), _PAGE):
            self.chunks.delete(ids=ids[at:at + _PAGE])

    def upsert_papers(self, papers: list[Paper], centroids: np.ndarray) -> None:
        if papers:
            records = [p.record() for p in papers]
            self.papers.upsert(ids=[r.id for r in records], embeddings=centroids,  # type: ignore[arg-type]
                               documents=[r.abstract for r in records],
                               metadatas=[paper_metadata(r) for r in records])  # type: ignore[arg-type]

    def delete_papers(self, paper_ids: Iterable[str]) -> None:
        ids = list(paper_ids)
        if ids:
            self.papers.delete(ids=ids)

    def paper_chunk_vectors(self, paper_id: str) -> np.ndarray:
        got = self.chunks.get(where={"paper_id": paper_id}, include=["embeddings"])
        return np.asarray(got["embeddings"], dtype=np.float32)

    def set_corpus_version(self, version: str) -> None:
        metadata = {key: value for key, value in (self.chunks.metadata or {}).items() if not key.startswith("hnsw:")}
        self.chunks.modify(metadata={**metadata, "corpus_version": version})
