"""sources -> papers -> chunks -> embeddings -> store, incrementally.

Every file is parsed and every new chunk embedded before the store is touched, so bad input or a
failed model call leaves the store exactly as it was.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ingest.chunking import chunk_text
from ingest.embedding import Embedder, load_embedder
from ingest.keyword_index import KeywordIndex, KeywordIndexError, corpus_version
from ingest.loaders import iter_source_files, load_file, source_format
from ingest.locking import WriteLockError, writer_lock
from ingest.reconcile import SourceScan, removals, resolve_ids
from ingest.records import ChunkMeta, Paper, SourceError, merge_duplicates
from ingest.settings import Settings
from ingest.store import Store, StoredChunk, StoreError, chunk_id


class IngestError(RuntimeError):
    """One or more sources are bad; nothing was written."""

    def __init__(self, errors: list[SourceError], skippable: bool = True):
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        hint = "\n(use --skip-bad to ingest the good files)" if skippable else ""
        super().__init__(f"{len(errors)} bad source(s), nothing ingested:\n{lines}{hint}")


class PruneRefused(RuntimeError):
    """Prune would remove more than half of the store and was not confirmed; nothing was written."""


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    bad_files: list[str] = field(default_factory=list)
    removed_titles: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"papers: {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.removed} removed; chunks embedded: {self.chunks_embedded} "
                f"(store holds {self.chunks_total}); {self.seconds:.1f} s")
        for title in self.removed_titles:
            text += f"\nremoved: {title}"
        for bad in self.bad_files:
            text += f"\nskipped bad file: {bad}"
        return text


def read_sources(paths: list[Path], skip_bad: bool = False, progress: bool = False) -> SourceScan:
    """Parse every source; duplicates merged. A missing path is always an error; other bad files
    raise IngestError unless skip_bad."""
    try:
        files = list(iter_source_files(paths))
    except SourceError as exc:
        raise IngestError([exc], skippable=False) from None
    scan = SourceScan([], [], set(), set(), [p.resolve() for p in paths if p.is_dir()], {})
    for path, name in tqdm(files, desc="parsing", unit="file", disable=not progress):
        resolved = str(path.resolve())
        scan.names[resolved] = name
        try:
            scan.papers += [replace(paper, source=resolved) for paper in load_file(path)]
            scan.read_files.add(resolved)
        except SourceError as exc:
            scan.errors.append(exc)
            scan.bad_files.add(resolved)
    if scan.errors and not skip_bad:
        raise IngestError(scan.errors)
    # Richer sources first: their fields win when duplicates are merged.
    scan.papers.sort(key=lambda p: (source_format(Path(p.source)).rank, p.source, p.line or 0))
    scan.papers = [replace(p, source_names=tuple(scan.names.get(s, Path(s).name) for s in p.all_sources))
                   for p in merge_duplicates(scan.papers)]
    return scan


def embedded_text(title: str, chunk: str) -> str:
    """What the model sees for a chunk: the title gives every chunk its paper's context."""
    return f"{title}\n{chunk}"


def _chunk_rows(paper: Paper, settings: Settings) -> list[StoredChunk]:
    rows = []
    for chunk in chunk_text(paper.abstract, settings.store.chunk_tokens, settings.store.chunk_overlap_tokens):
        meta = ChunkMeta(paper_id=paper.id, title=paper.title, chunk_index=chunk.index, start=chunk.start,
                         end=chunk.end, source=paper.source_names[0] if paper.source_names else Path(paper.source).name,
                         published=paper.published or "", url=paper.link or "")
        rows.append(StoredChunk(chunk_id(paper.id, chunk.index, embedded_text(paper.title, chunk.text)), chunk.text,
                                meta))
    return rows


def rebuild_keyword_index(store: Store, settings: Settings, must_persist: bool = True) -> KeywordIndex:
    """The BM25 index rebuilt from the store. A writer (`must_persist`, holding the write lock) saves
    it and stamps the store; a reader saves it only when no writer is busy and the directory is
    writable, and otherwise keeps it in memory instead of failing."""
    if must_persist:
        return _rebuild_keyword_index(store, settings, persist=True)
    try:
        with writer_lock(settings.data_dir, timeout=0):
            return _rebuild_keyword_index(store, settings, persist=False)
    except WriteLockError as exc:
        logging.getLogger(__name__).warning("%s; keeping the keyword index in memory", exc)
        return _build_keyword_index(store)


def _build_keyword_index(store: Store) -> KeywordIndex:
    chunks = store.all_chunks()
    ids = [c.id for c in chunks]
    fields = {"paper_id": [c.meta.paper_id for c in chunks], "published": [c.meta.published for c in chunks],
              "source": [c.meta.source for c in chunks]}
    return KeywordIndex.build(ids, [embedded_text(c.meta.title, c.text) for c in chunks], corpus_version(ids), fields)


def _rebuild_keyword_index(store: Store, settings: Settings, persist: bool) -> KeywordIndex:
    index = _build_keyword_index(store)
    try:
        index.save(settings.keyword_index_path)
    except KeywordIndexError as exc:
        if persist:
            raise
        logging.getLogger(__name__).warning("%s; using it from memory", exc)
    if store.corpus_version() != index.version:
        try:
            store.set_corpus_version(index.version)
        except Exception as exc:  # a read-only store: readers still search the right corpus
            if persist:
                raise StoreError(f"cannot update the {store.location}: {exc}") from None
            logging.getLogger(__name__).warning("cannot stamp the corpus version: %s", exc)
    return index


ConfirmPrune = Callable[[list[str], int], bool]


def ingest(paths: list[Path], settings: Settings, *, prune: bool = False, skip_bad: bool = False,
           rebuild: bool = False, embedder: Embedder | None = None,
           confirm_prune: ConfirmPrune | None = None) -> IngestReport:
    """Read `paths` into the store. With `prune`, stored papers this run vouches are gone are removed;
    `confirm_prune(titles, stored_count)` sees them first and may refuse (without it, removing more
    than half of the store is refused)."""
    started = time.perf_counter()
    scan = read_sources(paths, skip_bad=skip_bad, progress=settings.store.progress)
    embedder = embedder or load_embedder(settings.store.embedding_model, settings.store.embedding_device,
                                         settings.store.embedding_batch_size)
    with writer_lock(settings.data_dir, settings.store.write_lock_timeout_s):
        # opened under the lock: opening creates the collections, and two writers creating them at once fail
        # with "database is locked"
        store = Store(settings, embedder.name, embedder.dimension)
        report = _write(scan, store, embedder, settings, prune, skip_bad, rebuild, confirm_prune)
    report.seconds = time.perf_counter() - started
    return report


def _write(scan: SourceScan, store: Store, embedder: Embedder, settings: Settings, prune: bool, skip_bad: bool,
           rebuild: bool, confirm_prune: ConfirmPrune | None) -> IngestReport:
    stored = store.paper_index()
    papers, collisions = resolve_ids(scan.papers, stored)
    if collisions and not skip_bad:
        raise IngestError(collisions)
    report = IngestReport(bad_files=[str(e) for e in scan.errors + collisions])
    removed = removals(scan, stored, {p.id for p in papers}) if prune else []
    if removed:
        titles = [stored[pid].title for pid in removed]
        allowed = confirm_prune(titles, len(stored)) if confirm_prune else 2 * len(removed) <= len(stored)
        if not allowed:
            raise PruneRefused(f"prune would remove {len(removed)} of the {len(stored)} stored papers; nothing "
                               "was changed (pass --yes to confirm)")

    changed = [p for p in papers if p.id not in stored or stored[p.id].content_hash != p.content_hash]
    report.unchanged = len(papers) - len(changed)
    report.added = sum(1 for p in changed if p.id not in stored)
    report.updated = len(changed) - report.added

    existing_chunks = store.chunk_paper_ids()
    rows_by_paper = {p.id: _chunk_rows(p, settings) for p in changed}
    new_rows = [row for rows in rows_by_paper.values() for row in rows if row.id not in existing_chunks]
    kept_rows = [row for rows in rows_by_paper.values() for row in rows if row.id in existing_chunks]
    texts = [embedded_text(row.meta.title, row.text) for row in new_rows]
    vectors = embedder.encode(texts, progress=settings.store.progress) if new_rows \
        else np.zeros((0, embedder.dimension), np.float32)

    live_papers = (set(stored) | {p.id for p in papers}) - set(removed)
    wanted = {row.id for rows in rows_by_paper.values() for row in rows}
    stale = [cid for cid, pid in existing_chunks.items()
             if pid not in live_papers or (pid in rows_by_paper and cid not in wanted)]

    # Nothing has been written so far. Each step below is safe to repeat, and the paper record is
    # written last, so an interrupted run is finished by the next one.
    store.add_chunks(new_rows, vectors)
    store.update_chunk_metadata(kept_rows)
    store.delete_chunks(stale)
    store.upsert_papers(changed, _centroids(store, changed))
    store.delete_papers(removed)
    report.removed = len(removed)
    report.removed_titles = [stored[pid].title for pid in removed]
    report.chunks_embedded = len(new_rows)
    report.chunks_total = len(existing_chunks) + len(new_rows) - len(stale)

    index_version = KeywordIndex.stored_version(settings.keyword_index_path)
    if rebuild or new_rows or stale or kept_rows or index_version != store.corpus_version():
        rebuild_keyword_index(store, settings)
    return report


def _centroids(store: Store, papers: list[Paper]) -> np.ndarray:
    """Each paper's vector in the paper collection: the normalised mean of its chunk vectors."""
    rows = []
    for paper in papers:
        mean = store.paper_chunk_vectors(paper.id).mean(axis=0)
        rows.append(mean / (np.linalg.norm(mean) or 1.0))
    return np.asarray(rows, dtype=np.float32)
