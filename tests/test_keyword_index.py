from pathlib import Path

import numpy as np
import pytest

from ingest.keyword_index import KeywordIndex, KeywordIndexError, corpus_version

TEXTS = ["Click-through rate prediction for online ads", "Nested Matryoshka embeddings adapt to budgets",
         "Lung tumor segmentation from small MR datasets"]
IDS = ["ctr", "mrl", "lung"]


def test_search_ranks_by_bm25_and_drops_non_matches() -> None:
    index = KeywordIndex.build(IDS, TEXTS, corpus_version(IDS))
    hits = index.search("which papers predict clicks on ads?", k=3)
    assert [cid for cid, _ in hits] == ["ctr"]
    assert index.search("the of and", k=3) == []


def test_mask_restricts_to_allowed_chunks() -> None:
    index = KeywordIndex.build(IDS, TEXTS, "v")
    mask = np.array([0, 1, 1], dtype=np.float32)
    assert index.search("click prediction embeddings", k=3, mask=mask) == index.search("embeddings", k=3)


def test_save_load_roundtrip(tmp_path: Path) -> None:
    KeywordIndex.build(IDS, TEXTS, "v1").save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert loaded.version == "v1" == KeywordIndex.stored_version(tmp_path / "kw")
    assert loaded.search("segmentation", k=2)[0][0] == "lung"


def test_corrupted_index_gives_a_clear_error(tmp_path: Path) -> None:
    KeywordIndex.build(IDS, TEXTS, "v1").save(tmp_path / "kw")
    for path in (tmp_path / "kw").glob("*.npy"):
        path.write_bytes(b"garbage")
    with pytest.raises(KeywordIndexError, match="--rebuild"):
        KeywordIndex.load(tmp_path / "kw")
    with pytest.raises(KeywordIndexError, match="no keyword index"):
        KeywordIndex.load(tmp_path / "missing")


def test_chunks_mentioning_counts_the_chunks_a_term_scores_in() -> None:
    index = KeywordIndex.build(["a", "b", "c"], ["Click-through rate (CTR) models.", "CTR again here.",
                                                 "Nothing related at all."], "v1")
    assert index.chunks_mentioning("CTR") == 2 == len(index.search("CTR", k=3))
    assert index.chunks_mentioning("sourdough") == 0 and index.chunks_mentioning("the") == 0
