"""The web app's API for programs, through gradio_client against the running app."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gradio_client import Client

from app import auth_pairs
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
    assert len(papers) == 67
    assert [p["title"] for p in client.predict("matryoshka", api_name="/papers")] == [
        "Matryoshka Representation Learning"]


def test_chat_streams_text_then_sources(client: Client) -> None:
    job = client.submit("How can a classifier avoid memorizing noisy labels?", "extractive", 3, api_name="/chat")
    outputs = list(job)
    text, sources = job.outputs()[-1]
    assert outputs and "[1]" in text and "<mark>" in sources


def test_too_long_question_gets_a_polite_message(client: Client) -> None:
    text, sources = client.predict("why " * 1000, "extractive", 3, api_name="/chat")
    assert "under 2000 characters" in text and "Traceback" not in text and sources == ""


def test_first_start_ingests_the_seeds_and_login_is_enforced(tmp_path: Path) -> None:
    assert auth_pairs(load_settings(auth="ada:lovelace")) == [("ada", "lovelace")]
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
