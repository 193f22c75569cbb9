"""Small builders for test inputs that are awkward to keep as fixture files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


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
