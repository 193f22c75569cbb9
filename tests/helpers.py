"""Small builders for test inputs that are awkward to keep as fixture files, and the `paperchat`
command run in-process."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest


def screenshot_path(name: str, tmp_path: Path) -> Path:
    """Where a browser test saves its screenshot: the README's copy in docs/ only when asked
    (RETAKE_SCREENSHOTS=1; not a PAPERCHAT_* name, which the tests clear), so that a test run leaves the working
    tree as it was."""
    if os.environ.get("RETAKE_SCREENSHOTS") == "1":
        return Path(__file__).resolve().parent.parent / "docs" / name
    return tmp_path / name


def write_pdf(path: Path, lines: list[str], title: str | None = None) -> Path:
    """A minimal valid one-page PDF whose text layer holds `lines` (pypdf reads it back)."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
    info = f"<< /Title ({escape(title)}) >>" if title else "<< >>"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        info,
    ]
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    path.write_bytes(out.encode("latin-1"))
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port that refuses connections for as long as the block runs: it is bound (so no other
    process can start serving on it meanwhile) but never listens. A closed free_port() could be taken."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, seconds: float = 150) -> None:
    """Poll `url` until it answers; fail early with the process's output if it dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"{process.args} exited with {process.returncode}: {str(output)[-2000:]}")
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {seconds:.0f} s")


def start_llama_server(gguf: Path, parallel: int = 2) -> tuple[subprocess.Popen, str]:
    """llama.cpp's real OpenAI-compatible server (`paperchat serve-llm`) on a free loopback port, in its
    own process; returns it and its /v1 URL."""
    port = free_port()
    env = {**os.environ, "PAPERCHAT_LLM_MODEL_PATH": str(gguf), "PAPERCHAT_LLM_PARALLEL": str(parallel)}
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve-llm", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    wait_until_serving(f"{url}/models", process)
    return process, url


@dataclass(frozen=True)
class CliRun:
    """What `paperchat ARGS` did, in the shape of subprocess.CompletedProcess."""
    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def paperchat(*args: str, data_dir: Path, **env: str) -> CliRun:
    """`paperchat ARGS` in this process: `assistant.cli.main` with PAPERCHAT_DATA_DIR, progress off and
    `env` set only for the call, stdin empty (not a terminal), stdout and stderr captured apart; an
    argparse error's SystemExit becomes the exit code. Saves the seconds of imports and model loading a
    `python -m assistant.cli` subprocess pays; test_cli runs the command as a real process."""
    from assistant.cli import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out), redirect_stderr(err):
        for name, value in {"PAPERCHAT_DATA_DIR": str(data_dir), "PAPERCHAT_PROGRESS": "false", **env}.items():
            patch.setenv(name, value)
        patch.setattr(sys, "stdin", io.StringIO())
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: 2 after a usage error, 0 after --help
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)  # what the interpreter prints for sys.exit("message")
    return CliRun(list(args), code, out.getvalue(), err.getvalue())
