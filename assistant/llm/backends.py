"""Answer backends behind one interface, and the one registry of their names.

A backend writes an answer from numbered sources: `extractive` from the papers' own sentences (no model,
instant, always there: the fallback), the others with a LangChain chat model, so they all stream the same
way. The registry below is what Settings validates `llm.backend` against, what the CLI offers and what the app lists.
"""

from __future__ import annotations

import importlib.util
import logging
import queue
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant import prompts
from assistant.extractive import Extractive
from assistant.llm.local_models import ModelUnavailable, model_path
from assistant.llm.local_server import ServerError, ServerSpec, ensure_server
from ingest.settings import Settings

if TYPE_CHECKING:
    from assistant.evidence import Source

log = logging.getLogger(__name__)


class BackendError(RuntimeError):
    """The backend could not answer: not installed, unreachable, too slow or failed mid-answer."""


class Backend(Protocol):
    """What writes an answer from numbered sources. Setting one up (the constructor) raises BackendError
    when it cannot be. A `generative` backend is a language model: its text streams over seconds, is shown
    as it comes and checked afterwards; the others' text is ready at once and shown checked."""

    name: ClassVar[str]
    generative: ClassVar[bool]

    def __init__(self, settings: Settings) -> None: ...

    @classmethod
    def available(cls, settings: Settings) -> bool:
        """Installed or configured here (the app offers only these)."""
        ...

    def answer(self, question: str, sources: Sequence[Source]) -> Iterator[str]:
        """Text deltas citing the sources as [n]; BackendError when it fails, is silent or too slow."""
        ...


class ChatBackend(ABC):
    """A LangChain chat model answering from a prompt of the sources, within the timeouts of Settings."""

    name: ClassVar[str]
    generative: ClassVar[bool] = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        try:
            self.model = self.chat_model(settings)
        except BackendError:
            raise
        except ModelUnavailable as exc:  # our own message, meant for the user
            raise BackendError(str(exc)) from None
        except Exception as exc:  # a bad URL, a library error: the log gets the details, the user one line
            log.warning("the %s backend could not be set up: %r", self.name, exc)
            raise BackendError("it could not be set up; the details are in the log") from None

    @classmethod
    def available(cls, settings: Settings) -> bool:
        return True

    @abstractmethod
    def chat_model(self, settings: Settings) -> BaseChatModel:
        """The model, ready to stream (a local one is started here)."""

    def _stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        return stream_tokens(self.model, messages, self.settings.llm.first_token_timeout_s, self.settings.llm.timeout_s)

    def answer(self, question: str, sources: Sequence[Source]) -> Iterator[str]:
        return self._stream(prompts.build_prompt(question, sources))


def _server_chat(settings: Settings, base_url: str, model: str, api_key: str,
                 local_server: ServerSpec | None = None) -> BaseChatModel:
    from assistant.llm.server_chat import ServerChat  # imports openai: only when a server is used

    return ServerChat(base_url=base_url, model=model, api_key=api_key,  # type: ignore[arg-type]
                      timeout=settings.llm.timeout_s, max_retries=0, max_tokens=settings.llm.max_tokens,  # type: ignore[call-arg]
                      temperature=settings.llm.temperature, local_server=local_server)


def local_server_spec(settings: Settings, **overrides: object) -> ServerSpec:
    """How to serve the configured GGUF model (assembled from the bundled parts on first use)."""
    path = settings.llm.model_path or model_path(settings.llm.model, settings.data_dir / "models")
    spec = ServerSpec(str(Path(path).resolve()), parallel=settings.llm.parallel, threads=settings.llm.threads,
                      context_per_slot=settings.llm.context_tokens, alias=settings.llm.model)
    return replace(spec, **overrides)  # type: ignore[arg-type]


class LlamaCpp(ChatBackend):
    """The local GGUF model through this process's llama.cpp server (started here on first use)."""

    name = "llamacpp"

    @classmethod
    def available(cls, settings: Settings) -> bool:
        return importlib.util.find_spec("xllamacpp") is not None

    def chat_model(self, settings: Settings) -> BaseChatModel:
        spec = local_server_spec(settings)
        try:
            base_url = ensure_server(spec)
        except ServerError as exc:
            raise BackendError(str(exc)) from None
        return _server_chat(settings, base_url, spec.alias, "not-needed", local_server=spec)


class OpenAI(ChatBackend):
    """Any OpenAI-compatible server, e.g. `paperchat serve-llm` shared by several app processes."""

    name = "openai"

    @classmethod
    def available(cls, settings: Settings) -> bool:
        return "openai_base_url" in settings.llm.model_fields_set

    def chat_model(self, settings: Settings) -> BaseChatModel:
        key = settings.llm.openai_api_key.get_secret_value() if settings.llm.openai_api_key else "not-needed"
        return _server_chat(settings, settings.llm.openai_base_url, settings.llm.openai_model, key)


class Ollama(ChatBackend):
    """A model served by Ollama."""

    name = "ollama"

    @classmethod
    def available(cls, settings: Settings) -> bool:
        return "ollama_host" in settings.llm.model_fields_set

    def chat_model(self, settings: Settings) -> BaseChatModel:
        from langchain_ollama import ChatOllama

        return ChatOllama(model=settings.llm.ollama_model, base_url=settings.llm.ollama_host,
                          num_predict=settings.llm.max_tokens, temperature=settings.llm.temperature,
                          num_ctx=settings.llm.context_tokens, client_kwargs={"timeout": settings.llm.timeout_s})


BACKENDS: dict[str, type[Backend]] = {backend.name: backend for backend in (Extractive, LlamaCpp, OpenAI, Ollama)}


def make_backend(name: str, settings: Settings) -> Backend:
    """The named backend, set up; raises BackendError when it is unknown or cannot be set up."""
    if name not in BACKENDS:
        raise BackendError(f"unknown backend {name!r}; choose one of {sorted(BACKENDS)}")
    return BACKENDS[name](settings)


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
