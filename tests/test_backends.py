"""LLM backends for real: the local GGUF model (llama.cpp's server in process), a standalone
OpenAI-compatible llama.cpp server on 127.0.0.1 shared by several assistants, and the faults: a backend
that is down, one that never answers, one that fails mid-answer. More on the in-process server in
tests/test_local_server.py."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant import Answer, Assistant
from assistant.llm.backends import BACKENDS, BackendError, make_backend, stream_tokens
from assistant.llm.local_models import ModelUnavailable, model_path
from ingest.settings import Settings, SettingsError, load_settings
from tests.helpers import refused_port, start_llama_server

SMALL_MODEL = "qwen2.5-coder-0.5b"  # the fastest bundled model keeps the suite short


def _llm_settings(seed_settings: Settings, **update: object) -> Settings:
    # answers capped as in tests/test_local_server.py: cited sentences come first, the cap saves test time
    return seed_settings.updated(llm_model=SMALL_MODEL, llm_max_tokens=120, **update)


def _assert_grounded(assistant: Assistant, answer: Answer) -> None:
    abstracts = {p.id: p.abstract for p in assistant.papers()}
    assert answer.citations
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
        assert abstracts[citation.paper_id][citation.start : citation.end] == citation.quote


def test_bundled_model_is_assembled_once_and_verified(gguf: Path) -> None:
    assert gguf.stat().st_size == 491_400_064
    mtime = gguf.stat().st_mtime_ns
    assert model_path(SMALL_MODEL, gguf.parent) == gguf
    assert gguf.stat().st_mtime_ns == mtime, "a verified model must not be re-assembled"
    with pytest.raises(ModelUnavailable, match="unknown bundled model"):
        model_path("gpt-17", gguf.parent)


@pytest.mark.slow
def test_llamacpp_answers_with_checked_citations(seed_settings: Settings, gguf: Path) -> None:
    assistant = Assistant(_llm_settings(seed_settings, llm_model_path=gguf), llm="llamacpp")
    answer = assistant.ask("How can a classifier avoid memorizing noisy labels?")
    assert answer.notice is None and answer.backend == "llamacpp"
    assert answer.first_token_s is not None and answer.first_token_s < answer.total_s
    _assert_grounded(assistant, answer)
    assert "Early-Learning Regularization Prevents Memorization of Noisy Labels" in {c.title for c in answer.citations}


@pytest.mark.slow
def test_llamacpp_answers_a_follow_up_from_the_conversation_paper(seed_settings: Settings, gguf: Path) -> None:
    assistant = Assistant(_llm_settings(seed_settings, llm_model_path=gguf), llm="llamacpp")
    history = [{"role": "user", "content": "What did the Matryoshka paper show?"},
               {"role": "assistant", "content": "It adapts one embedding to many compute budgets [1]."}]
    answer = assistant.ask("Which datasets did they evaluate on?", history=history)
    assert answer.standalone_question == "Which datasets did they evaluate on? (What did the Matryoshka paper show?)"
    assert answer.backend == "llamacpp" and not answer.abstained
    assert "Matryoshka Representation Learning" in {c.title for c in answer.citations}


@pytest.fixture(scope="module")
def llama_server(gguf: Path) -> Iterator[str]:
    process, url = start_llama_server(gguf)
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.slow
def test_two_assistants_share_one_standalone_server(seed_settings: Settings, llama_server: str) -> None:
    """`paperchat serve-llm` in its own process, as several app processes would share it."""
    settings = _llm_settings(seed_settings, openai_base_url=llama_server, openai_model="local")
    assistants = [Assistant(settings, llm="openai"), Assistant(settings, llm="openai")]
    questions = ["What does the Pointer Networks paper propose?",
                 "How can a classifier avoid memorizing noisy labels?"]
    answers: dict[int, Answer] = {}
    threads = [threading.Thread(target=lambda i=i: answers.update({i: assistants[i].ask(questions[i])}))
               for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, assistant in enumerate(assistants):
        assert answers[i].backend == "openai" and answers[i].notice is None
        _assert_grounded(assistant, answers[i])
    assert answers[0].citations[0].title == "Pointer Networks"


def test_backend_down_gives_a_notice_and_the_extractive_answer(seed_settings: Settings) -> None:
    started = time.monotonic()
    with refused_port() as port:
        settings = seed_settings.updated(openai_base_url=f"http://127.0.0.1:{port}/v1")
        answer = Assistant(settings).ask("What did the Matryoshka paper show?", llm="openai")
    assert time.monotonic() - started < 60
    assert answer.backend == "extractive" and "unavailable" in (answer.notice or "")
    assert answer.citations
    # The library's exception text (URL, port, internals) stays in the log; the user gets a sentence.
    assert "could not be reached" in (answer.notice or "") and "127.0.0.1" not in (answer.notice or "")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never replies: a hung LLM server."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_backend_that_never_answers_times_out_into_the_fallback(seed_settings: Settings, silent_server: int) -> None:
    settings = seed_settings.updated(openai_base_url=f"http://127.0.0.1:{silent_server}/v1",
                                     llm_first_token_timeout_s=2.0, llm_timeout_s=5.0)
    started = time.monotonic()
    answer = Assistant(settings).ask("What did the Matryoshka paper show?", llm="openai")
    assert time.monotonic() - started < 30
    assert answer.backend == "extractive" and "no answer within" in (answer.notice or "")


def test_stream_tokens_reports_a_failure_mid_answer(caplog: pytest.LogCaptureFixture) -> None:
    class Breaks(GenericFakeChatModel):  # logic around the interface: fails after two tokens
        def _stream(self, *args, **kwargs):
            chunks = super()._stream(*args, **kwargs)
            yield next(chunks)
            yield next(chunks)
            raise ConnectionResetError("server went away")

    model = Breaks(messages=iter([AIMessage(content="one two three four")]))
    received = []
    with pytest.raises(BackendError, match="the server could not be reached"):
        for delta in stream_tokens(model, [], 5, 5):
            received.append(delta)
    assert received
    assert "server went away" in caplog.text  # the library's own text goes to the log, not to the user


def test_a_model_file_llama_cpp_cannot_load_gives_a_notice(seed_settings: Settings, tmp_path: Path) -> None:
    pytest.importorskip("xllamacpp")
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF but not really")
    answer = Assistant(_llm_settings(seed_settings, llm_model_path=broken), llm="llamacpp").ask(
        "What did the Matryoshka paper show?")
    assert answer.backend == "extractive" and "could not be started" in (answer.notice or "") and answer.citations


def test_registry_knows_the_backends(seed_settings: Settings) -> None:
    assert not make_backend("extractive", seed_settings).generative  # no model
    with pytest.raises(BackendError, match="unknown backend"):
        make_backend("gpt-17", seed_settings)
    ollama = make_backend("ollama", seed_settings.updated(ollama_host="http://127.0.0.1:9",
                                                          ollama_model="qwen:0.5b")).model
    assert ollama.base_url == "http://127.0.0.1:9" and ollama.model == "qwen:0.5b"


def test_one_registry_drives_settings_and_offers(seed_settings: Settings) -> None:
    assert list(BACKENDS) == ["extractive", "llamacpp", "openai", "ollama"]
    with pytest.raises(SettingsError, match=r"PAPERCHAT_LLM: .*unknown backend 'gpt-17'"):
        load_settings(llm="gpt-17")
    assert load_settings(llm="ollama").llm.backend == "ollama"
    offered = [name for name, backend in BACKENDS.items() if backend.available(seed_settings)]
    assert offered[0] == "extractive" and "openai" not in offered  # openai only when its URL is configured
    assert BACKENDS["openai"].available(seed_settings.updated(openai_base_url="http://127.0.0.1:9/v1"))


def test_ollama_live_when_a_server_is_reachable(seed_settings: Settings) -> None:
    try:
        urllib.request.urlopen(f"{seed_settings.llm.ollama_host}/api/tags", timeout=1)
    except OSError:
        pytest.skip(f"no Ollama server at {seed_settings.llm.ollama_host}")
    answer = Assistant(seed_settings).ask("What did the Matryoshka paper show?", llm="ollama")
    assert answer.backend in {"ollama", "extractive"}
