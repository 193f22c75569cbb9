"""The one client for OpenAI-compatible servers: remote ones and paperchat's in-process llama.cpp server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai import ChatOpenAI

from assistant.llm.local_server import ServerSpec, ensure_server


class IncompleteAnswer(RuntimeError):
    """The answer stream ended without a finish reason: the server stopped mid-answer."""


class ServerChat(ChatOpenAI):
    """ChatOpenAI for any OpenAI-compatible server, local or remote: one client code path.

    A server that dies mid-answer just closes the stream, so a stream without a finish reason is a
    failure here. With `local_server` set, this process's llama.cpp server for that model is started,
    or restarted after a crash, before each request."""

    local_server: ServerSpec | None = None

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        if self.local_server is not None:
            ensure_server(self.local_server)
        finished = False
        for chunk in super()._stream(*args, **kwargs):
            finished = finished or bool((chunk.generation_info or {}).get("finish_reason"))
            yield chunk
        if not finished:
            raise IncompleteAnswer("the server ended the answer stream before the answer was finished")

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        if self.local_server is not None:
            ensure_server(self.local_server)
        return super()._generate(*args, **kwargs)
