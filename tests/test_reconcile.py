"""Nothing lost: a mistyped path, a skipped bad file or a large prune never empties the store, and
papers whose titles differ never share an id (any script, emoji, Greek letters)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.embedding import Embedder
from ingest.pipeline import IngestError, PruneRefused, ingest
from ingest.reconcile import resolve_ids
from ingest.records import Paper
from ingest.settings import Settings
from ingest.store import Store
from tests.helpers import paperchat


def _paper_file(directory: Path, name: str, title: str, body: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(f"# {title}\n\n{body or 'We study ' + title + ' and report what we found in our experiments.'}\n",
                    encoding="utf-8")
    return path


def _titles(settings: Settings, embedder: Embedder) -> set[str]:
    return {r.title for r in Store(settings, embedder.name, embedder.dimension).paper_records()}


def test_mistyped_path_with_prune_and_skip_bad_is_an_error_and_removes_nothing(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    for n in range(3):
        _paper_file(papers, f"p{n}.md", f"Paper number {n} on sparse retrieval")
    data = tmp_path / "data"
    assert paperchat("ingest", str(papers), data_dir=data).returncode == 0
    typo = paperchat("ingest", str(papers), str(tmp_path / "typo"), "--prune", "--skip-bad", data_dir=data)
    assert typo.returncode == 2
    assert f"{tmp_path / 'typo'}: no such file or directory" in typo.stderr
    assert "Traceback" not in typo.stderr
    assert paperchat("papers", data_dir=data).stdout.strip().endswith("3 papers")


def test_prune_removes_only_what_this_run_vouches_for(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus, other = tmp_path / "corpus", tmp_path / "other"
    rewritten = _paper_file(corpus, "a.md", "Alpha paper on graph pooling")
    broken = _paper_file(corpus, "b.md", "Beta paper on token pruning")
    deleted = _paper_file(corpus, "c.md", "Gamma paper on sparse attention")
    _paper_file(corpus, "d.md", "Delta paper on hashing tricks")
    _paper_file(other, "e.md", "Epsilon paper kept elsewhere")
    ingest([corpus, other], settings, embedder=embedder)

    rewritten.write_text("# Alpha two: graph pooling revisited\n\nA new paper replaces the old one in this file.\n")
    broken.write_bytes(b"\x00\x01binary")
    deleted.unlink()
    report = ingest([corpus], settings, embedder=embedder, prune=True, skip_bad=True)

    assert sorted(report.removed_titles) == ["Alpha paper on graph pooling", "Gamma paper on sparse attention"]
    assert _titles(settings, embedder) == {"Alpha two: graph pooling revisited", "Beta paper on token pruning",
                                           "Delta paper on hashing tricks", "Epsilon paper kept elsewhere"}


def test_prune_of_more_than_half_needs_confirmation(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    files = [_paper_file(corpus, f"p{n}.md", f"Paper {n} about contrastive learning") for n in range(4)]
    ingest([corpus], settings, embedder=embedder)
    for path in files[1:]:
        path.unlink()
    with pytest.raises(PruneRefused, match="remove 3 of the 4 stored papers"):
        ingest([corpus], settings, embedder=embedder, prune=True)
    assert len(_titles(settings, embedder)) == 4
    shown: list[tuple[list[str], int]] = []
    report = ingest([corpus], settings, embedder=embedder, prune=True,
                    confirm_prune=lambda titles, stored: shown.append((titles, stored)) or True)
    assert report.removed == 3 and shown[0][1] == 4 and len(shown[0][0]) == 3
    assert _titles(settings, embedder) == {"Paper 0 about contrastive learning"}


def test_cli_prune_lists_removals_and_wants_yes(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    files = [_paper_file(corpus, f"p{n}.md", f"Paper {n} about quantisation") for n in range(3)]
    assert paperchat("ingest", str(corpus), data_dir=data).returncode == 0
    for path in files[1:]:
        path.unlink()
    refused = paperchat("ingest", str(corpus), "--prune", data_dir=data)
    assert refused.returncode == 2
    assert "Paper 1 about quantisation" in refused.stderr and "--yes" in refused.stderr
    confirmed = paperchat("ingest", str(corpus), "--prune", "--yes", data_dir=data)
    assert confirmed.returncode == 0, confirmed.stderr
    assert "2 removed" in confirmed.stdout
    assert paperchat("papers", data_dir=data).stdout.strip().endswith("1 papers")


@pytest.mark.parametrize("first, second", [
    ("深度学习的研究", "图神经网络"),
    ("Векторные представления слов", "Графовые нейронные сети"),
    ("α-Net: Sparse Experts", "β-Net: Sparse Experts"),
    ("🚀🚀", "🌙🌙"),
])
def test_titles_in_any_script_keep_their_own_ids(settings: Settings, embedder: Embedder, tmp_path: Path,
                                                  first: str, second: str) -> None:
    one = ingest([_paper_file(tmp_path / "a", "one.md", first, "The first paper's abstract text.")], settings,
                 embedder=embedder)
    two = ingest([_paper_file(tmp_path / "b", "two.md", second, "The second paper's abstract text.")], settings,
                 embedder=embedder)
    assert (one.added, two.added, two.updated) == (1, 1, 0)
    assert _titles(settings, embedder) == {first, second}


def test_two_titles_on_one_stored_id_are_refused(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    """A store written before ids were Unicode-aware gave every non-Latin title the id of ''. A new
    paper that lands on such an id must not overwrite the stored one."""
    ingest([_paper_file(tmp_path / "a", "old.md", "深度学习的研究")], settings, embedder=embedder)
    store = Store(settings, embedder.name, embedder.dimension)
    stored = store.paper_index()
    (pid,) = stored
    newcomer = Paper(title="图神经网络", abstract="Another paper.", source="new.md", assigned_id=pid)
    resolved, errors = resolve_ids([newcomer], stored)
    assert resolved == []
    assert "already has; refusing to overwrite it" in str(errors[0]) and "深度学习的研究" in str(errors[0])
    twins = [Paper(title="Alpha", abstract="x", source="a.md", assigned_id="same"),
             Paper(title="Beta", abstract="y", source="b.md", assigned_id="same")]
    assert "map to the same id same" in str(resolve_ids(twins, {})[1][0])


def test_arxiv_id_keeps_the_stored_id_when_the_title_changes(settings: Settings, embedder: Embedder,
                                                              tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text('[{"paper": {"id": "2101.00001", "title": "First Title", "summary": "An abstract."}}]')
    ingest([feed], settings, embedder=embedder)
    feed.write_text('[{"paper": {"id": "2101.00001v2", "title": "Renamed Title", "summary": "An abstract."}}]')
    report = ingest([feed], settings, embedder=embedder)
    assert (report.added, report.updated) == (0, 1)
    assert _titles(settings, embedder) == {"Renamed Title"}


def test_every_parse_failure_is_the_files_error(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _paper_file(corpus, "good.md", "A good paper on pruning")
    (corpus / "huge.json").write_text('[{"paper": {"title": "T", "summary": "S", "n": ' + "9" * 5000 + "}}]")
    with pytest.raises(IngestError, match=r"huge\.json"):
        ingest([corpus], settings, embedder=embedder)
    report = ingest([corpus], settings, embedder=embedder, skip_bad=True)
    assert report.added == 1 and "huge.json" in report.bad_files[0]


def test_control_characters_are_stripped_at_ingest(settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    _paper_file(tmp_path / "c", "esc.md", "Red \x1b[31mAlert\x1b[0m \u202eevil", "Body with a \x07bell.")
    ingest([tmp_path / "c"], settings, embedder=embedder)
    (record,) = Store(settings, embedder.name, embedder.dimension).paper_records()
    assert "\x1b" not in record.title and "\u202e" not in record.title and "\x07" not in record.abstract
    assert record.source_names == ("esc.md",)
