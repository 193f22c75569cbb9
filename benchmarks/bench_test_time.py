"""Wall time of the test command on a fresh clone, as CI runs it: `git clone` of the committed HEAD into a
temporary directory, then `make test` there (a new .venv, the pinned install from the machine's pip cache and
wheel mirror, ruff, the whole suite). One run; the machine's load average is printed with it, since other work
on its cores slows it.

Run: `python benchmarks/bench_test_time.py [--before "13 min 32 s at 3faa6b0"]` (about 8 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.report import write_section

ROOT = Path(__file__).resolve().parent.parent


def minutes(seconds: float) -> str:
    whole, rest = divmod(round(seconds), 60)
    return f"{whole} min {rest} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="an earlier measurement to show beside this one, e.g. '13 min 32 s'")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp).chmod(0o755)  # like /tmp: the fault tests run a command as another user from the clone
        clone = Path(tmp) / "paperchat"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        run = subprocess.run(["make", "test"], cwd=clone, capture_output=True, text=True, check=False)
        wall = time.monotonic() - started
        load_after = os.getloadavg()[0]
    summary = re.findall(r"=+ (\d+ passed.*?) in ([\d.]+)s", run.stdout)
    if run.returncode != 0 or not summary:
        sys.exit(f"make test failed (exit {run.returncode}):\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    counts, pytest_s = summary[-1]
    before = f" Before: {args.before}." if args.before else ""
    write_section("test-time", f"""## Test command on a fresh clone (benchmarks/bench_test_time.py)

`git clone` of {commit} into a temporary directory, then `make test` there: a new .venv, the pinned install
(from the machine's pip cache), ruff and the whole suite ({counts}). One run; 1-minute load average
{load_before:.1f} before and {load_after:.1f} after (other work shares the cores).

| make test, wall | of which pytest |
|---|---|
| {minutes(wall)} | {minutes(float(pytest_s))} |

Target (issue #13): 4 min.{before}""")


if __name__ == "__main__":
    main()
