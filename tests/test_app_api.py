"""The web app's API for programs, through gradio_client against the running app."""

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from gradio_client import Client

import app
from ingest.settings import load_settings
from tests.conftest import ROOT
from tests.helpers import free_port, wait_until_serving


@pytest.fixture(scope="module")
def client(app_url: str) -> Client:
    return Client(app_url, verbose=False)


def test_documented_endpoints(client: Client) -> None:
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/chat", "/ask", "/cite", "/papers"} <= set(endpoints)


def test_ask_returns_the_checked_answer_and_citations(client: Client) -> None:
    result = client.predict("What did the Matryoshka paper show?", "extractive", api_name="/ask")
    assert result["citations"] and result["citations"][0]["title"] == "Matryoshka Representation Learning"
    assert "[1]" in result["text"] and result["abstained"] is False


def test_cite_and_papers(client: Client) -> None:
    assert client.predict("Pointer Network", 3, api_name="/cite")["matches"][0]["kind"] == "title"
    papers = client.predict("", api_name="/papers")
    assert len(papers) == 68
    assert [p["title"] for p in client.predict("matryoshka", api_name="/papers")] == [
        "Matryoshka Representation Learning"]


def test_chat_streams_text_then_sources(client: Client) -> None:
    job = client.submit("How can a classifier avoid memorizing noisy labels?", "extractive", 3, api_name="/chat")
    outputs = list(job)
    text, sources = job.outputs()[-1]
    assert outputs and "[1]" in text and "<mark>" in sources
    early_text, early_sources = job.outputs()[0]  # the sources panel fills before the answer is written
    assert early_text == "" and "<mark>" in early_sources


def test_too_long_question_gets_a_polite_message(client: Client) -> None:
    text, sources = client.predict("why " * 1000, "extractive", 3, api_name="/chat")
    assert "under 2000 characters" in text and "Traceback" not in text and sources == ""


def test_first_start_ingests_the_seeds_and_login_is_enforced(tmp_path: Path) -> None:
    assert app.auth_pairs(load_settings(auth="ada:lovelace")) == [("ada", "lovelace")]
    port = free_port()
    env = {**os.environ, "PAPERCHAT_DATA_DIR": str(tmp_path / "empty"), "PAPERCHAT_APP_PORT": str(port),
           "PAPERCHAT_LLM": "extractive", "PAPERCHAT_AUTH": "ada:lovelace", "PAPERCHAT_PROGRESS": "false"}
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process)
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own error types
            Client(url, verbose=False).predict("", api_name="/papers")
        authed = Client(url, auth=("ada", "lovelace"), verbose=False)
        assert len(authed.predict("", api_name="/papers")) == 65
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "ingesting the seed papers" in output
    assert "lovelace" not in output and "lovelace" not in repr(load_settings(auth="ada:lovelace"))
    assert "without a login" not in output


def test_backends_the_app_does_not_offer_are_refused(client: Client) -> None:
    for backend in ("openai", "ollama", "../../models/x.gguf"):
        with pytest.raises(Exception, match="Unknown backend"):  # gradio_client raises AppError
            client.predict("What did the Matryoshka paper show?", backend, api_name="/ask")


def test_papers_name_their_sources_relative_to_what_was_ingested(client: Client, app_data_dir: Path) -> None:
    papers = client.predict("", api_name="/papers")
    names = {name for p in papers for name in p["sources"]}
    assert names == {"daily-papers-oct-09.txt", "daily_page_small.txt", "hostile_paper.md"}


def test_oversized_lookups_are_refused_quickly(client: Client) -> None:
    with pytest.raises(Exception, match="under 2000 characters"):  # gradio_client raises AppError
        client.predict("x" * 20_000, 3, api_name="/cite")
    text, _ = client.predict("where does this quote come from: " + "y" * 20_000, "extractive", 3, api_name="/chat")
    assert "under 2000 characters" in text


def test_a_public_address_without_login_warns(app_data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                              caplog: pytest.LogCaptureFixture) -> None:
    """`main()` in this process up to the launch (the first-start test runs the real process)."""
    for name, value in {"PAPERCHAT_DATA_DIR": str(app_data_dir), "PAPERCHAT_APP_HOST": "0.0.0.0",
                        "PAPERCHAT_LLM": "extractive", "PAPERCHAT_PROGRESS": "false"}.items():
        monkeypatch.setenv(name, value)
    launched: dict[str, Any] = {}
    monkeypatch.setattr(gr.Blocks, "launch", lambda _app, **options: launched.update(options))
    with caplog.at_level(logging.WARNING, logger="paperchat.app"):
        app.main()
    assert launched["server_name"] == "0.0.0.0" and launched["auth"] is None
    assert "serving on 0.0.0.0 without a login" in caplog.text
