"""The web app's `/overview` and `/related` endpoints, through gradio_client against the running app."""

from __future__ import annotations

import pytest
from gradio_client import Client
from markdown_it import MarkdownIt


@pytest.fixture(scope="module")
def client(app_url: str) -> Client:
    return Client(app_url, verbose=False)


def test_endpoints_are_documented(client: Client) -> None:
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/overview", "/related"} <= set(endpoints)


def test_overview_puts_every_paper_in_one_topic(client: Client) -> None:
    result = client.predict("", api_name="/overview")
    titles = [paper["title"] for topic in result["topics"] for paper in topic["papers"]]
    papers = client.predict("", api_name="/papers")
    assert sorted(titles) == sorted(p["title"] for p in papers) and len(titles) == len(papers) > 65
    assert all(topic["name"] and topic["keywords"] for topic in result["topics"])
    assert result["markdown"].count("\n- **") == len(papers)
    rendered = MarkdownIt().render(result["markdown"])
    assert "<img" not in rendered
    assert "<strong>Second Tiny Paper &lt;img src=x onerror=alert(1)&gt;</strong>" in rendered
    day = client.predict("2025-10-09", api_name="/overview")
    assert sum(len(topic["papers"]) for topic in day["topics"]) == sum(p["published"] == "Oct 9" for p in papers)


def test_related_by_title_excludes_the_paper(client: Client) -> None:
    related = client.predict("Matryoshka Representation Learning", 4, api_name="/related")
    assert len(related) == 4 and "Matryoshka Representation Learning" not in [r["title"] for r in related]
    assert [r["score"] for r in related] == sorted((r["score"] for r in related), reverse=True)
    assert all(isinstance(r["shared_terms"], list) for r in related)


def test_unknown_paper_is_a_clear_error(client: Client) -> None:
    with pytest.raises(Exception, match="no stored paper has the id or a title like"):
        client.predict("a field guide to alpine mushrooms", 3, api_name="/related")
