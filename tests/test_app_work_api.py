"""The web app's /compare and /check endpoints, through gradio_client against the running app."""

from __future__ import annotations

import bibtexparser
import pytest
from gradio_client import Client

MRL = "Matryoshka Representation Learning"
UNIFIED = "Unified Embedding: Battle-Tested Feature Representations for Web-Scale ML Systems"


@pytest.fixture(scope="module")
def client(app_url: str) -> Client:
    return Client(app_url, verbose=False)


def test_compare_returns_the_table_with_spans(client: Client) -> None:
    result = client.predict(["Matryoska Represntation Lerning", "Unified Embedding"], None, api_name="/compare")
    assert [c["title"] for c in result["columns"]] == [MRL, UNIFIED]
    assert [r["aspect"] for r in result["rows"]] == ["problem", "method", "data / evaluation", "main result",
                                                     "limitation"]
    method = result["rows"][1]["cells"][1]
    assert method["stated"] and "Feature Multiplexing" in method["text"] and method["end"] > method["start"]
    assert result["markdown"].startswith("| aspect |") and result["csv"].startswith("aspect,")


def test_compare_with_custom_aspects_and_bad_input(client: Client) -> None:
    result = client.predict([MRL, "Pointer Networks"], ["recipe for rye sourdough bread"], api_name="/compare")
    assert [c["stated"] for c in result["rows"][0]["cells"]] == [False, False]
    with pytest.raises(Exception, match="2 to 6 papers"):  # gradio_client raises AppError
        client.predict([MRL], None, api_name="/compare")
    with pytest.raises(Exception, match="no stored paper"):
        client.predict([MRL, "a paper about sourdough starters"], None, api_name="/compare")


def test_check_gives_verdicts_and_bibtex(client: Client) -> None:
    result = client.predict("Many categorical features can share one embedding table without losing accuracy [3]. "
                            "The 2018 World Cup final was played in Moscow.", api_name="/check")
    assert [(s["verdict"], s["title"]) for s in result["sentences"]] == [
        ("supported", UNIFIED), ("not found in the stored papers", "")]
    assert [e["title"] for e in bibtexparser.parse_string(result["bib"]).entries] == ["{" + UNIFIED + "}"]
    with pytest.raises(Exception, match="paste the text"):
        client.predict("   ", api_name="/check")
