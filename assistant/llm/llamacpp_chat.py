"""A thin LangChain chat model over llama-cpp-python, in process.

LangChain's own ChatLlamaCpp lives in langchain-community (a large extra dependency); this adapter
covers what paperchat needs: messages in, text or streamed chunks out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

_ROLES = {"human": "user", "ai": "assistant", "system": "system"}
_LOADED: dict[tuple[str, int, int], Any] = {}
_LOAD_LOCK = threading.Lock()


def load_llama(model_path: str, n_ctx: int, n_threads: int) -> Any:
    """One llama.cpp model per (file, context, threads) per process: loading takes seconds."""
    from llama_cpp import Llama

    key = (model_path, n_ctx, n_threads)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = Llama(model_path=model_path, n_ctx=n_ctx, n_threads=n_threads, verbose=False)
        return _LOADED[key]


class LlamaCppChat(BaseChatModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    model_path: str
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = 256
    temperature: float = 0.0
    _generate_lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    def _payload(self, messages: list[BaseMessage], stop: list[str] | None) -> dict[str, Any]:
        return {
            "messages": [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages],
            "max_tokens": self.max_tokens, "temperature": self.temperature, "stop": stop or [],
        }

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        text = "".join(chunk.message.content for chunk in self._stream(messages, stop, run_manager))  # type: ignore[misc]
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        llama = load_llama(self.model_path, self.n_ctx, self.n_threads)
        # One llama.cpp context cannot serve two generations at once; requests queue here.
        with self._generate_lock:
            for part in llama.create_chat_completion(**self._payload(messages, stop), stream=True):
                delta = part["choices"][0]["delta"].get("content") or ""
                if delta:
                    if run_manager:
                        run_manager.on_llm_new_token(delta)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=delta))
