import json
from pathlib import Path

import pytest

from ingest.loaders import iter_source_files, load_file
from ingest.records import Paper, SourceError, merge_duplicates, normalise_title
from tests.conftest import FIXTURES, SEED
from tests.helpers import write_pdf

SEED_TITLES_SAMPLE = {
    0: "Cross-D Conv: Cross-Dimensional Transferable Knowledge Base via Fourier Shifting Operation",
    28: "BT^2: Backward-compatible Training with Basis Transformation",
    34: "Matryoshka Representation Learning",
    47: "Escaping Plato's Cave: Towards the Alignment of 3D and Text Latent Spaces",
    59: "G-SimCLR : Self-Supervised Contrastive Learning with Guided Projection via Pseudo Labelling",
    64: "Transductive Few-Shot Learning: Clustering is All You Need?",
}


def _expected_seed_titles() -> list[str]:
    """Independently of the loader: non-empty lines after the 6 header lines, every other one."""
    lines = [line for line in SEED.read_text().splitlines() if line.strip()]
    return lines[6::2]


def test_seed_page_yields_its_65_papers_with_exact_titles() -> None:
    papers = load_file(SEED)
    assert len(papers) == 65
    assert [p.title for p in papers] == _expected_seed_titles()
    for index, title in SEED_TITLES_SAMPLE.items():
        assert papers[index].title == title
    assert all(p.abstract and p.published == "Oct 9" for p in papers)
    assert len({p.id for p in papers}) == 65
    assert papers[0].line == 13


def test_seed_page_is_robust_to_formatting_noise(tmp_path: Path) -> None:
    text = SEED.read_text()
    noisy = text.replace("\n", "  \r\n").replace("\r\n  \r\n", "\r\n\r\n\r\n").rstrip()
    path = tmp_path / "noisy.txt"
    path.write_bytes(noisy.encode())
    assert [(p.title, p.abstract) for p in load_file(path)] == [(p.title, p.abstract) for p in load_file(SEED)]


def test_page_with_odd_number_of_paragraphs_names_the_line(tmp_path: Path) -> None:
    lines = SEED.read_text().splitlines()
    drop = lines.index("Matryoshka Representation Learning")
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines[:drop] + lines[drop + 2 :]))
    with pytest.raises(SourceError) as error:
        load_file(path)
    assert str(path) in str(error.value)
    assert error.value.line is not None


def test_small_page_keeps_markup_as_text() -> None:
    papers = load_file(FIXTURES / "daily_page_small.txt")
    assert [p.title for p in papers] == ["First Tiny Paper: Testing the Loader",
                                         "Second Tiny Paper <img src=x onerror=alert(1)>"]
    assert "<script>" in papers[1].abstract


def test_hf_daily_papers_json() -> None:
    first, second = load_file(FIXTURES / "hf_daily_papers.json")
    assert first.title == "Matryoshka Representation Learning"
    assert first.arxiv_id == "2205.13147"
    assert first.authors == ("Aditya Kusupati", "Gantavya Bhatt")
    assert first.published == "2022-05-26"
    assert first.link == "https://huggingface.co/papers/2205.13147"
    assert second.arxiv_id == "2410.05779"
    assert "\n" not in second.abstract


def test_arxiv_atom_xml() -> None:
    pointer, tides = load_file(FIXTURES / "arxiv_query.xml")
    assert pointer.title == "Pointer Networks"
    assert pointer.arxiv_id == "1506.03134"
    assert pointer.authors == ("Oriol Vinyals", "Meire Fortunato", "Navdeep Jaitly")
    assert pointer.published == "2015-06-09"
    assert pointer.abstract.startswith("We introduce a new neural architecture")
    assert tides.link == "https://arxiv.org/abs/2401.00001"


def test_markdown_takes_first_heading_as_title() -> None:
    (paper,) = load_file(FIXTURES / "note_paper.md")
    assert paper.title == "Sparse Mixtures of Gardening Experts"
    assert paper.abstract.startswith("We route each plant")
    assert "#" not in paper.abstract


def test_plain_text_takes_first_line_as_title() -> None:
    (paper,) = load_file(FIXTURES / "plain_paper.txt")
    assert paper.title == "Quantum Sourdough Fermentation"
    assert paper.abstract.endswith("bread rises faster.")


def test_pdf_title_from_first_line_or_metadata(tmp_path: Path) -> None:
    lines = ["Graph Kernels for Bird Song", "We compare bird songs with graph kernels.", "Finches sing in motifs."]
    (paper,) = load_file(write_pdf(tmp_path / "a.pdf", lines))
    assert paper.title == "Graph Kernels for Bird Song"
    assert paper.abstract == "We compare bird songs with graph kernels. Finches sing in motifs."
    (paper,) = load_file(write_pdf(tmp_path / "b.pdf", ["Running header", "Body text."], title="Meta Title"))
    assert paper.title == "Meta Title"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"  \n\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.md", b"# Title\n\nCaf\xe9 au lait\n", "not UTF-8"),
        ("bad.json", b'[{"paper": {"title": "x",}}]', "invalid JSON"),
        ("fields.json", b'[{"paper": {"title": "T", "summary": "S"}}, {"paper": {"title": "U"}}]', "summary"),
        ("bad.xml", b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n</feed>',
         "invalid XML"),
        ("bomb.xml", b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
         b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol2;</title></feed>', "unsafe XML"),
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf\n%%EOF", "PDF"),
        ("title_only.txt", b"Just A Title\n", "no text after"),
    ],
)
def test_bad_input_names_the_file(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as error:
        load_file(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_errors_carry_line_or_field(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(b"# Title\n\nline two\nCaf\xe9\n")
    with pytest.raises(SourceError) as error:
        load_file(path)
    assert error.value.line == 4
    path = tmp_path / "fields.json"
    path.write_text(json.dumps([{"paper": {"title": "T", "summary": "S"}}, {"paper": {"title": "U"}}]))
    with pytest.raises(SourceError) as error:
        load_file(path)
    assert error.value.field == "[1].paper.summary"
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"paper": \n    {"title": "x",}\n  }\n]')
    with pytest.raises(SourceError) as error:
        load_file(path)
    assert error.value.line == 3


def test_directory_walk_is_recursive_sorted_and_skips_unsupported(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "deep.md").write_text("# Deep\n\ntext")
    (tmp_path / "a.txt").write_text("A\ntext")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("X\ntext")
    assert [f.name for f, _ in iter_source_files([tmp_path])] == ["a.txt", "deep.md"]
    with pytest.raises(SourceError, match="no such file"):
        list(iter_source_files([tmp_path / "missing"]))


def test_duplicates_merge_by_arxiv_id_or_title() -> None:
    from_json = Paper(title="Matryoshka Representation Learning", abstract="long abstract", source="a.json",
                      arxiv_id="2205.13147", authors=("A. K.",))
    from_page = Paper(title="Matryoshka  representation learning!", abstract="page abstract", source="p.txt",
                      published="Oct 9")
    retitled = Paper(title="MRL (v2 title)", abstract="other", source="b.xml", arxiv_id="2205.13147")
    other = Paper(title="Pointer Networks", abstract="x", source="p.txt")
    merged = merge_duplicates([from_json, from_page, retitled, other])
    assert len(merged) == 2
    assert merged[0].abstract == "long abstract"
    assert merged[0].published == "Oct 9"
    assert merged[0].all_sources == ("a.json", "p.txt", "b.xml")
    assert normalise_title("Matryoshka  representation learning!") == "matryoshka representation learning"
