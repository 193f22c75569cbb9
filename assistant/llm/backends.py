"""LLM backends behind one interface: a name in Settings -> a LangChain chat model.

`extractive` has no model at all; the others are LangChain chat models, so they stream the same way.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.llm.local_models import ModelUnavailable, model_path
from assistant.llm.local_server import ServerError, ServerSpec, ensure_server
from ingest.settings import Settings

log = logging.getLogger(__name__)


class BackendError(RuntimeError):
    """The backend could not answer: not installed, unreachable, too slow or failed mid-answer."""


def _server_chat(settings: Settings, base_url: str, model: str, api_key: str,
                 local_server: ServerSpec | None = None) -> BaseChatModel:
    from assistant.llm.server_chat import ServerChat  # imports openai: only when a server is used

    return ServerChat(base_url=base_url, model=model, api_key=api_key,  # type: ignore[arg-type]
                      timeout=settings.llm_timeout_s, max_retries=0, max_tokens=settings.llm_max_tokens,  # type: ignore[call-arg]
                      temperature=settings.llm_temperature, local_server=local_server)


def local_server_spec(settings: Settings, **overrides: object) -> ServerSpec:
    """How to serve the configured GGUF model (assembled from the bundled parts on first use)."""
    path = settings.llm_model_path or model_path(settings.llm_model, settings.data_dir / "models")
    spec = ServerSpec(str(Path(path).resolve()), parallel=settings.llm_parallel, threads=settings.llm_threads,
                      context_per_slot=settings.llm_context_tokens, alias=settings.llm_model)
    return replace(spec, **overrides)  # type: ignore[arg-type]


def _llamacpp(settings: Settings) -> BaseChatModel:
    """The local GGUF model through this process's llama.cpp server (started here on first use)."""
    spec = local_server_spec(settings)
    try:
        base_url = ensure_server(spec)
    except ServerError as exc:
        raise BackendError(str(exc)) from None
    return _server_chat(settings, base_url, spec.alias, "not-needed", local_server=spec)


def _openai(settings: Settings) -> BaseChatModel:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return _server_chat(settings, settings.openai_base_url, settings.openai_model, key)


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
    except ModelUnavailable as exc:  # our own message, meant for the user
        raise BackendError(str(exc)) from None
    except Exception as exc:  # a bad URL, a library error: the log gets the details, the user one line
        log.warning("the %s backend could not be set up: %r", name, exc)
        raise BackendError("it could not be set up; the details are in the log") from None


def _reason(error: object) -> str:
    """A sentence for the user about a library's exception; its text (URLs, internals) stays in the log."""
    name = type(error).__name__.lower()
    if "connect" in name:
        return "the server could not be reached"
    if "timeout" in name:
        return "the server took too long"
    return "it failed while answering; the details are in the log"


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
                log.warning("the answer stream failed: %r", value)
                raise BackendError(_reason(value)) from None
            deadline = deadline or started + total_timeout
            yield str(value)
    finally:
        stop.set()
