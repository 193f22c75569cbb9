"""The `llamacpp` backend's in-process llama.cpp server (xllamacpp) with the real bundled model: requests
answered at the same time, one server per model per process, restarted when it has stopped, and a hung server
ending in the extractive answer with a notice (a server killed mid-answer: tests/test_faults.py)."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Answer, Assistant
from assistant.llm import local_server
from assistant.llm.local_server import running_servers, stop_server
from ingest.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local(seed_settings: Settings, gguf: Path) -> Iterator[Settings]:
    # shorter answers (these tests are about serving), still long enough for a cited sentence
    yield seed_settings.updated(llm_model="qwen2.5-coder-0.5b", llm_model_path=gguf, llm_parallel=4, llm_max_tokens=120)
    for path in running_servers():
        stop_server(path)


def _key(gguf: Path) -> str:
    return str(gguf.resolve())


def _ask_together(assistants: list[Assistant], questions: list[str]) -> list[tuple[Answer, list[float]]]:
    """Each question from its own thread, all released at once; each answer with the times at which the
    model's text deltas arrived."""
    results: list[tuple[Answer, list[float]] | None] = [None] * len(questions)
    barrier = threading.Barrier(len(questions))

    def ask(i: int) -> None:
        barrier.wait()
        times = []
        stream = assistants[i % len(assistants)].stream(questions[i])
        for _ in stream:
            times.append(time.monotonic())
        answer = stream.answer
        assert answer is not None
        # A model answer that cannot be matched to the papers is replaced by the extractive one (one more delta).
        results[i] = (answer, times if answer.backend == "llamacpp" else times[:-1])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in results if r is not None]


def test_sources_come_before_the_first_token(local: Settings) -> None:
    stream = Assistant(local, llm="llamacpp").stream("How can a classifier avoid memorizing noisy labels?")
    sources = stream.sources  # chosen before the model is asked
    first = next(iter(stream))
    assert sources and isinstance(first, str)
    assert stream.answer.backend == "llamacpp" and stream.answer.notice is None


def test_parallel_requests_are_generated_at_the_same_time(local: Settings) -> None:
    assistant = Assistant(local, llm="llamacpp")
    assistant.backend("llamacpp")  # the server is up before the clock starts
    questions = [  # asked nowhere else in this process: no prompt is already in the prefix cache
        "Do two networks trained from different random initializations end up with matching units in their hidden "
        "layers?",
        "Which network adaptively models feature interactions across the columns of relational database tables with "
        "a gated attention mechanism?"]
    results = _ask_together([assistant], questions)
    assert len(results) == 2
    for answer, times in results:
        assert times and "unavailable" not in (answer.notice or "")  # the model answered
    # Served one after another, one answer would end before the other began; here they are written at once.
    assert max(times[0] for _, times in results) < min(times[-1] for _, times in results)


def test_one_server_per_model_even_when_two_assistants_ask_at_once(
    local: Settings, gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two assistants (two app sessions) reach for the model at the same moment, before any server runs.
    (Answers written at once: test_parallel_requests_are_generated_at_the_same_time.)"""
    stop_server(_key(gguf))
    starts = []
    real_start = local_server.start_server
    monkeypatch.setattr(local_server, "start_server", lambda spec: starts.append(spec) or real_start(spec))
    assistants = [Assistant(local, llm="llamacpp"), Assistant(local, llm="llamacpp")]
    barrier = threading.Barrier(len(assistants), timeout=60)
    backends: list[object] = []

    def reach(assistant: Assistant) -> None:
        barrier.wait()
        backends.append(assistant.backend("llamacpp"))  # what a question does first

    threads = [threading.Thread(target=reach, args=(a,), daemon=True) for a in assistants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert [getattr(b, "name", None) for b in backends] == ["llamacpp", "llamacpp"]  # both set up, none failed
    assert len(starts) == 1 and list(running_servers()) == [_key(gguf)]


def test_a_stopped_server_restarts_on_its_port_at_the_next_question(
    local: Settings, gguf: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A server that died between questions. (One that dies mid-answer ends in the extractive answer:
    tests/test_faults.py kills a real server process, which the same client code talks to. Stopping the
    in-process server mid-answer would wait for that very answer: see LocalServer.stop.)"""
    assistant = Assistant(local.updated(llm_max_tokens=48), llm="llamacpp")  # one cited sentence is enough
    assistant.backend("llamacpp")
    server = running_servers()[_key(gguf)]
    server.stop()
    assert not server.listening()
    again = assistant.ask("What did the Matryoshka paper show?")
    # the restarted server answered: a failed one ends in the extractive answer with an "unavailable" notice
    # (a short draft without a checked citation would only say it is unverified)
    assert not again.abstained and "unavailable" not in (again.notice or "")
    assert list(running_servers()) == [_key(gguf)]
    assert running_servers()[_key(gguf)].url == server.url  # same port: existing clients keep working
    assert "restarting" in capfd.readouterr().err


def test_a_server_that_never_answers_times_out_into_the_fallback(local: Settings, gguf: Path) -> None:
    stop_server(_key(gguf))
    one_slot = local.updated(llm_parallel=1, llm_first_token_timeout_s=3.0, llm_timeout_s=8.0)
    assistant = Assistant(one_slot, llm="llamacpp")
    assistant.backend("llamacpp")
    url = running_servers()[_key(gguf)].url
    busy, done = threading.Event(), threading.Event()

    def hog_the_only_slot() -> None:
        # ignore_eos: the hog must not end early (CI once saw it finish and free the slot in time)
        body = json.dumps({"messages": [{"role": "user", "content": "Count from 1 to 2000, one number a line."}],
                           "max_tokens": 3000, "ignore_eos": True, "stream": True}).encode()
        request = urllib.request.Request(f"{url}/v1/chat/completions", body, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                for _line in response:
                    busy.set()
                    if done.is_set():
                        return  # hang up: the server ends the generation and frees the slot
        except OSError:
            pass  # refused or cut off: `busy` stays unset and the test says so

    hog = threading.Thread(target=hog_the_only_slot, daemon=True)
    hog.start()
    try:
        assert busy.wait(120), "the long request never started"
        started = time.monotonic()
        answer = assistant.ask("What did the Matryoshka paper show?")
        assert time.monotonic() - started < 30
        assert answer.backend == "extractive" and "no answer within 3 s" in (answer.notice or "")
        assert answer.citations
    finally:
        done.set()
        hog.join(timeout=60)
        for waiting in [t for t in threading.enumerate() if t.name == "llm-stream"]:
            waiting.join(timeout=60)  # the server stops only once every request has ended
        stop_server(_key(gguf))
