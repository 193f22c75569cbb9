"""The local GGUF model behind llama.cpp's own server, in process (the xllamacpp package).

The server has parallel slots with continuous batching (several users at once) and a prompt-prefix
cache (the fixed instructions are computed once). It speaks the OpenAI HTTP API, so paperchat talks to
it exactly as to a remote server: one client code path. Loading a model takes seconds and memory, so
each process starts at most one server per model file, on first use, and restarts it on the next
request if it has died.
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit


class ServerError(RuntimeError):
    """The local model server could not be started."""


@dataclass(frozen=True)
class ServerSpec:
    model_path: str
    parallel: int = 4
    threads: int = 2
    context_per_slot: int = 4096
    alias: str = "local"
    host: str = "127.0.0.1"
    port: int = 0  # any free port
    api_key: str | None = None


class LocalServer:
    """One running llama.cpp server; stops when stopped or garbage-collected."""

    def __init__(self, spec: ServerSpec):
        try:
            import xllamacpp
        except ImportError:
            raise ServerError("xllamacpp is not installed (paperchat's 'llm' extra)") from None
        params = xllamacpp.CommonParams()
        params.model.path = spec.model_path
        params.model_alias = {spec.alias}
        params.n_parallel = spec.parallel
        params.n_ctx = spec.context_per_slot * spec.parallel  # split evenly between the slots
        params.cont_batching = True
        params.cpuparams.n_threads = spec.threads
        params.cpuparams_batch.n_threads = spec.threads
        params.hostnames = [spec.host]
        params.port = spec.port
        params.api_keys = [spec.api_key] if spec.api_key else []
        params.verbosity = 1  # llama.cpp's errors only; paperchat says what is happening
        self.spec = spec
        try:
            self._server: Any = xllamacpp.Server(params)
        except RuntimeError as exc:  # llama.cpp has printed the details (bad file, port taken) to stderr
            _say(f"the llama.cpp server for {spec.model_path} did not start: {exc}")
            raise ServerError("the local model could not be started; the details are in the log") from None
        self.url: str = self._server.listening_address  # http://HOST:PORT

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 0)

    def listening(self) -> bool:
        """True while the server accepts connections (a busy server still does)."""
        try:
            with socket.create_connection((self.spec.host, self.port), timeout=2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        """Stop serving. Blocks (holding the GIL) until every request has ended: requests still waiting
        for a slot end only when their clients hang up, so in-process clients must be done first."""
        self._server = None


_SERVERS: dict[str, LocalServer] = {}
_RETIRED: list[LocalServer] = []  # dead servers are kept, not destroyed: see LocalServer.stop
_LOCK = threading.Lock()


def _say(message: str) -> None:
    print(f"paperchat: {message}", file=sys.stderr, flush=True)


def start_server(spec: ServerSpec) -> LocalServer:
    """A new server, with a message on stderr while the model loads."""
    _say(f"loading the local model {spec.model_path} ({spec.parallel} slots, {spec.threads} threads) ...")
    started = time.perf_counter()
    server = LocalServer(spec)
    _say(f"local model ready at {server.url} in {time.perf_counter() - started:.1f} s")
    return server


def ensure_server(spec: ServerSpec) -> str:
    """The /v1 base URL of this process's server for `spec.model_path`, started on first use and
    restarted (same port) when it stopped listening. Other settings of a later spec are ignored: one
    server per model per process."""
    with _LOCK:
        server = _SERVERS.get(spec.model_path)
        if server is not None and server.listening():
            return f"{server.url}/v1"
        if server is not None:
            _say("the local model server stopped; restarting it")
            spec = replace(server.spec, port=server.port)
            _RETIRED.append(_SERVERS.pop(spec.model_path))
        _SERVERS[spec.model_path] = start_server(spec)
        return f"{_SERVERS[spec.model_path].url}/v1"


def running_servers() -> dict[str, LocalServer]:
    """This process's servers by model path (a copy)."""
    with _LOCK:
        return dict(_SERVERS)


def stop_server(model_path: str) -> None:
    """Stop and forget the server of a model (the next request starts a new one)."""
    with _LOCK:
        server = _SERVERS.pop(model_path, None)
    if server is not None:
        server.stop()


def serve_forever(spec: ServerSpec) -> None:
    """Run one server in the foreground (`paperchat serve-llm`) until SIGINT or SIGTERM."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    server = start_server(spec)
    _say(f"app processes use it with PAPERCHAT_LLM=openai PAPERCHAT_OPENAI_BASE_URL={server.url}/v1 "
         f"PAPERCHAT_OPENAI_MODEL={spec.alias}" + (" PAPERCHAT_OPENAI_API_KEY=..." if spec.api_key else ""))
    stop.wait()
    _say("stopping the local model server")
    server.stop()
