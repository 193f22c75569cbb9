"""Loopback servers for benchmarks: free ports, waiting for them, a `chroma run` process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMA = Path(sys.executable).with_name("chroma")


def as_shipped_env() -> dict[str, str]:
    """This process's environment without the OpenMP settings paperchat makes now (ingest/offline.py): the old
    engine ran with OpenMP's defaults."""
    return {k: v for k, v in os.environ.items() if k not in {"GOMP_SPINCOUNT", "OMP_NUM_THREADS"}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def start_chroma(path: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen([str(CHROMA), "run", "--path", path, "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat")
    return process
