"""Ingestion end to end against a real embedded Chroma and the real bundled model."""

import hashlib
import shutil
from pathlib import Path

import pytest

from assistant import Assistant
from ingest.embedding import Embedder
from ingest.keyword_index import KeywordIndex
from ingest.pipeline import IngestError, ingest
from ingest.records import ChunkMeta
from ingest.settings import Settings
from ingest.store import Store, StoredChunk, StoreError
from tests.conftest import FIXTURES


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    return corpus


def _snapshot(settings: Settings, embedder: Embedder) -> tuple:
    """Everything a user could observe in the store, to compare before and after."""
    store = Store(settings, embedder.name, embedder.dimension)
    chunks = sorted((c.id, c.text, c.meta.paper_id, c.meta.start, c.meta.end) for c in store.all_chunks())
    papers = sorted((r.id, r.content_hash, r.abstract) for r in store.paper_records())
    index_files = sorted(
        (p.name, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in settings.keyword_index_path.glob("*") if p.is_file()
    )
    return chunks, papers, index_files


def test_ingest_is_idempotent(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    first = ingest([corpus], settings, embedder=embedder)
    assert first.added == 8 and first.chunks_embedded > 0
    before = _snapshot(settings, embedder)
    again = ingest([corpus], settings, embedder=embedder)
    assert (again.added, again.updated, again.unchanged, again.chunks_embedded) == (0, 0, 8, 0)
    assert _snapshot(settings, embedder) == before


def test_changed_abstract_replaces_its_chunks(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    ingest([corpus], settings, embedder=embedder)
    store = Store(settings, embedder.name, embedder.dimension)
    old = {c.id for c in store.all_chunks() if c.meta.title == "Quantum Sourdough Fermentation"}
    (corpus / "plain_paper.txt").write_text("Quantum Sourdough Fermentation\nA completely new abstract about rye.\n")
    report = ingest([corpus], settings, embedder=embedder)
    assert (report.added, report.updated, report.unchanged, report.chunks_embedded) == (0, 1, 7, 1)
    chunks = [c for c in store.all_chunks() if c.meta.title == "Quantum Sourdough Fermentation"]
    assert [c.text for c in chunks] == ["A completely new abstract about rye."]
    assert not old & {c.id for c in chunks}
    index = KeywordIndex.load(settings.keyword_index_path)
    assert set(index.chunk_ids) == {c.id for c in store.all_chunks()}
    assert index.search("rye", k=3)[0][0] == chunks[0].id


def test_metadata_only_change_embeds_nothing(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    ingest([corpus], settings, embedder=embedder)
    xml = corpus / "arxiv_query.xml"
    xml.write_text(xml.read_text().replace("<name>Grace Hopper</name>", "<name>Grace B. Hopper</name>"))
    report = ingest([corpus], settings, embedder=embedder)
    assert (report.updated, report.chunks_embedded) == (1, 0)
    records = Store(settings, embedder.name, embedder.dimension).paper_records()
    assert ("Grace B. Hopper",) in [r.authors for r in records]


def test_prune_removes_papers_whose_source_is_gone(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    ingest([corpus], settings, embedder=embedder)
    (corpus / "note_paper.md").unlink()
    kept = ingest([corpus], settings, embedder=embedder)
    assert kept.removed == 0
    pruned = ingest([corpus], settings, embedder=embedder, prune=True)
    assert pruned.removed == 1
    store = Store(settings, embedder.name, embedder.dimension)
    assert "Sparse Mixtures of Gardening Experts" not in {r.title for r in store.paper_records()}
    assert "Sparse Mixtures of Gardening Experts" not in {c.meta.title for c in store.all_chunks()}


def test_duplicate_papers_across_sources_are_stored_once(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "dupe.md").write_text("# MATRYOSHKA representation learning\n\nA shorter copy of the abstract.")
    ingest([corpus], settings, embedder=embedder)
    records = Store(settings, embedder.name, embedder.dimension).paper_records()
    matryoshka = [r for r in records if r.title == "Matryoshka Representation Learning"]
    assert len(matryoshka) == 1
    assert matryoshka[0].arxiv_id == "2205.13147"
    assert len(matryoshka[0].sources) == 2


def test_opening_with_another_model_is_refused(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    ingest([_corpus(tmp_path)], settings, embedder=embedder)
    with pytest.raises(StoreError, match="all-MiniLM-L6-v2"):
        Store(settings, "all-mpnet-base-v2", 768)
    with pytest.raises(StoreError, match="dimension"):
        Store(settings, embedder.name, 768)
    opened = Store(settings, embedder.name, create=False)  # before the model has loaded: the name only
    opened.set_dimension(embedder.dimension)
    with pytest.raises(StoreError, match=rf"dimension {embedder.dimension}\), but .* \(dimension 768\)"):
        opened.set_dimension(768)
    assert opened.dimension == embedder.dimension  # a refused dimension is not kept


def test_an_assistant_refuses_a_store_of_another_dimension(settings: Settings, embedder: Embedder) -> None:
    Store(settings, embedder.name, 768)  # the same model name, another vector space
    with pytest.raises(StoreError, match="dimension 768"):
        Assistant(settings, llm="extractive")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("binary.md", b"\x00\x01\x02\x03"),
        ("latin1.txt", b"Title\nna\xefve text\n"),
        ("bad.json", b"[{"),
        ("bad.xml", b"<feed><entry></feed>"),
        ("odd.txt", b"Daily Papers\n\nOct 9\n\nTitle only\n"),
        ("bad.pdf", b"%PDF-1.7\ngarbage"),
    ],
)
def test_bad_input_leaves_the_store_unchanged(
    settings: Settings, embedder: Embedder, tmp_path: Path, name: str, content: bytes
) -> None:
    corpus = _corpus(tmp_path)
    ingest([corpus], settings, embedder=embedder)
    before = _snapshot(settings, embedder)
    (corpus / "plain_paper.txt").write_text("Quantum Sourdough Fermentation\nChanged, but must not be stored.\n")
    (corpus / name).write_bytes(content)
    with pytest.raises(IngestError) as error:
        ingest([corpus], settings, embedder=embedder)
    assert name in str(error.value)
    assert _snapshot(settings, embedder) == before


def test_skip_bad_ingests_the_good_files_and_reports_the_bad(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "bad.json").write_text("{nope")
    report = ingest([corpus], settings, embedder=embedder, skip_bad=True)
    assert report.added == 8
    assert len(report.bad_files) == 1 and "bad.json" in report.bad_files[0]


def test_interrupted_ingest_is_repaired_by_the_next_run(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path)
    ingest([corpus], settings, embedder=embedder)
    clean = _snapshot(settings, embedder)
    store = Store(settings, embedder.name, embedder.dimension)
    # A run killed after writing chunks, before its paper records: orphan chunks, a missing record.
    victim = next(r for r in store.paper_records() if r.title == "Pointer Networks")
    store.delete_papers([victim.id])
    vector = embedder.encode(["orphan"])
    store.add_chunks([StoredChunk("ghost-0", "orphan text", ChunkMeta("ghost", "Ghost", 0, 0, 11, source="x"))],
                     vector)
    report = ingest([corpus], settings, embedder=embedder)
    assert (report.added, report.chunks_embedded) == (1, 0)
    assert _snapshot(settings, embedder)[:2] == clean[:2]
