"""What every part of the web app shares: how an error reaches a user (one mapping, used by the chat,
the tabs and the API endpoints) and the chat history as plain turns."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

from assistant import QuestionError
from ingest.store import StoreError

log = logging.getLogger("paperchat.app")
T = TypeVar("T")
SORRY = "Sorry, that did not work. The details are in the server log."
STORE_DOWN = "The paper store is not reachable right now. Please try again shortly."


def user_message(exc: Exception, doing: str) -> str:
    """What a user sees for an error while `doing` something: their own mistake's message, or a sentence;
    the trace goes to the log, never to the page."""
    if isinstance(exc, QuestionError):
        return str(exc)
    if isinstance(exc, StoreError):
        log.warning("store unavailable while %s: %s", doing, exc)
        return STORE_DOWN
    log.error("%s failed", doing, exc_info=exc)
    return SORRY


def for_api(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """An API endpoint's call: any error reaches the caller as `user_message`'s sentence."""
    try:
        return call(*args, **kwargs)
    except Exception as exc:
        raise gr.Error(user_message(exc, f"API call {getattr(call, '__name__', call)}")) from None


def plain_turns(history: list[dict[str, Any]] | None) -> list[dict[str, str]]:
    """Gradio messages (content a string or a list of parts) as plain user/assistant turns."""
    plain = []
    for turn in history or []:
        content = turn.get("content")
        if isinstance(content, list):
            content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
        if isinstance(content, str) and turn.get("role") in {"user", "assistant"}:
            plain.append({"role": turn["role"], "content": content})
    return plain
