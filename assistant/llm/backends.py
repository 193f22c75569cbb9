"""LLM backends behind one interface: a name in Settings -> a LangChain chat model.

`extractive` has no model at all; the others are LangChain chat models, so they stream the same way.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterator

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.llm.local_models import model_path
from ingest.settings import Settings


class BackendError(RuntimeError):
    """The backend could not answer: not installed, unreachable, too slow or failed mid-answer."""


def _llamacpp(settings: Settings) -> BaseChatModel:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        raise BackendError("llama-cpp-python is not installed (paperchat's 'llm' extra)") from None
    from assistant.llm.llamacpp_chat import LlamaCppChat

    path = settings.llm_model_path or model_path(settings.llm_model, settings.data_dir / "models")
    return LlamaCppChat(model_path=str(path), n_ctx=settings.llm_context_tokens, n_threads=os.cpu_count() or 2,
                        max_tokens=settings.llm_max_tokens, temperature=settings.llm_temperature)


def _openai(settings: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return ChatOpenAI(base_url=settings.openai_base_url, model=settings.openai_model, api_key=key,  # type: ignore[arg-type]
                      timeout=settings.llm_timeout_s, max_retries=0, max_tokens=settings.llm_max_tokens,  # type: ignore[call-arg]
                      temperature=settings.llm_temperature)


def _ollama(settings: Settings) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    return ChatOllama(model=settings.ollama_model, base_url=settings.ollama_host,
                      num_predict=settings.llm_max_tokens, temperature=settings.llm_temperature,
                      num_ctx=settings.llm_context_tokens, client_kwargs={"timeout": settings.llm_timeout_s})


BACKENDS: dict[str, Callable[[Settings], BaseChatModel] | None] = {
    "extractive": None, "llamacpp": _llamacpp, "openai": _openai, "ollama": _ollama,
}


def make_chat_model(name: str, settings: Settings) -> BaseChatModel | None:
    """None for the extractive backend; raises BackendError when the model cannot be set up."""
    if name not in BACKENDS:
        raise BackendError(f"unknown backend {name!r}; choose one of {sorted(BACKENDS)}")
    factory = BACKENDS[name]
    if factory is None:
        return None
    try:
        return factory(settings)
    except BackendError:
        raise
    except Exception as exc:  # a missing model file, a bad URL: the user sees one line and the fallback
        raise BackendError(str(exc) or type(exc).__name__) from None


def stream_tokens(model: BaseChatModel, messages: list[BaseMessage], first_token_timeout: float,
                  total_timeout: float) -> Iterator[str]:
    """Text deltas from `model`, raising BackendError if it fails, or is silent or slow past a deadline.

    The model runs in a worker thread so a hung server or a stuck local model cannot hang the caller;
    when the caller stops early, the worker is told to stop at its next token."""
    deltas: queue.Queue[tuple[str, object]] = queue.Queue()
    stop = threading.Event()

    def work() -> None:
        try:
            for chunk in model.stream(messages):
                if stop.is_set():
                    return
                deltas.put(("delta", str(chunk.content)))
            deltas.put(("done", None))
        except Exception as exc:  # reported to the caller as a BackendError
            deltas.put(("error", exc))

    threading.Thread(target=work, daemon=True, name="llm-stream").start()
    deadline: float | None = None
    timeout = first_token_timeout
    started = time.monotonic()
    try:
        while True:
            if deadline is not None:
                timeout = max(0.0, deadline - time.monotonic())
            try:
                kind, value = deltas.get(timeout=timeout)
            except queue.Empty:
                waited = time.monotonic() - started
                raise BackendError(f"no answer within {waited:.0f} s") from None
            if kind == "done":
                return
            if kind == "error":
                raise BackendError(str(value) or type(value).__name__)
            deadline = deadline or started + total_timeout
            yield str(value)
    finally:
        stop.set()
