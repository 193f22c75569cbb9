import bibtexparser

from assistant.references import apa, bibtex, bibtex_key, markdown, unique_keys
from ingest.records import PaperRecord

MRL = PaperRecord("x", "Matryoshka Representation Learning", ("Aditya Kusupati", "Gantavya Bhatt"), "2022-05-26",
               "https://arxiv.org/abs/2205.13147", "2205.13147")
SEED_STYLE = PaperRecord("y", "BT^2: Backward-compatible Training with Basis Transformation", (), "Oct 9")


def test_keys_follow_author_year_word_and_fall_back_without_authors() -> None:
    assert bibtex_key(MRL) == "kusupati2022matryoshka"
    assert bibtex_key(SEED_STYLE) == "bt2backward"


def test_bibtex_parses_back_with_special_characters() -> None:
    library = bibtexparser.parse_string(bibtex(MRL) + "\n\n" + bibtex(SEED_STYLE))
    assert not library.failed_blocks
    first, second = library.entries
    assert first.key == "kusupati2022matryoshka"
    assert first["author"] == "Aditya Kusupati and Gantavya Bhatt" and first["year"] == "2022"
    assert first["eprint"] == "2205.13147"
    assert second["title"] == r"{BT\^{}2: Backward-compatible Training with Basis Transformation}"
    assert "Oct 9" in second["note"]


def test_apa_and_markdown() -> None:
    assert apa(MRL) == ("Kusupati, A., & Bhatt, G. (2022). Matryoshka Representation Learning. arXiv:2205.13147. "
                        "https://arxiv.org/abs/2205.13147")
    assert apa(SEED_STYLE).endswith("(n.d.). Hugging Face Daily Papers (Oct 9).")
    assert markdown(MRL) == ("[Matryoshka Representation Learning](https://arxiv.org/abs/2205.13147) "
                             "(Aditya Kusupati et al., 2022)")
    assert markdown(SEED_STYLE) == "*BT^2: Backward-compatible Training with Basis Transformation*"


def test_unique_keys_skip_keys_other_papers_already_have() -> None:
    def paper(pid: str, title: str) -> PaperRecord:
        return PaperRecord(pid, title, ("Ada Smith",), "2020-01-01", "", "")

    refs = [paper("x", "Deep A"), paper("y", "Deep B"), paper("z", "Deepa")]  # z's own key is smith2020deepa
    keys = unique_keys(refs)
    assert keys["z"] == "smith2020deepa" and len(set(keys.values())) == 3
    many = unique_keys([paper(str(i), "Deep net") for i in range(30)])
    assert len(set(many.values())) == 30 and many["29"] == "smith2020deepad"  # past 'z': 'aa', 'ab', ...
