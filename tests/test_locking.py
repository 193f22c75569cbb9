"""Two writers on one data directory: the second waits a bounded time, then stops with a message
naming the first; readers are unaffected. A real store; the lock holder and the two concurrent ingests
are real processes, the other commands call the command's main() in-process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES
from tests.helpers import paperchat

CORPUS = FIXTURES / "daily_page_small.txt"  # two papers: the lock, not the corpus, is under test

HOLD_LOCK = """
import sys, time
from pathlib import Path
from ingest.locking import writer_lock
with writer_lock(Path(sys.argv[1]), timeout=0):
    print("held", flush=True)
    time.sleep(120)
"""


def _paperchat(*args: str, data_dir: Path, **env: str) -> subprocess.Popen[str]:
    full_env = {**os.environ, "PAPERCHAT_DATA_DIR": str(data_dir), "PAPERCHAT_PROGRESS": "false", **env}
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", *args], env=full_env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)


def _run(*args: str, data_dir: Path, **env: str) -> tuple[int, str, str]:
    process = _paperchat(*args, data_dir=data_dir, **env)
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def test_second_writer_waits_then_names_the_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert paperchat("ingest", str(CORPUS), data_dir=data).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(data)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        second = paperchat("ingest", str(CORPUS), "--rebuild", data_dir=data, PAPERCHAT_WRITE_LOCK_TIMEOUT_S="1")
        assert second.returncode == 2
        assert f"another paperchat process is writing to {data} (pid {holder.pid})" in second.stderr
        reader = paperchat("search", "a tiny paper testing the loader", data_dir=data)
        assert reader.returncode == 0, reader.stderr
        assert "First Tiny Paper" in reader.stdout
    finally:
        holder.kill()
        holder.wait()
    assert paperchat("ingest", str(CORPUS), "--rebuild", data_dir=data).returncode == 0


def test_two_ingests_at_once_both_finish_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _paperchat("ingest", str(CORPUS), data_dir=data)
    second = _paperchat("ingest", str(CORPUS), "--rebuild", data_dir=data)
    results = [(*process.communicate(timeout=300), process.returncode) for process in (first, second)]
    for _out, err, code in results:
        assert code == 0, err
        assert "Traceback" not in err
    assert not list(data.rglob("*.old-*")), "an interrupted index swap left a directory behind"
    assert _run("papers", data_dir=data)[1].strip().endswith("2 papers")
