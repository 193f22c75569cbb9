"""Wall time of the test command on a fresh clone, as CI runs it: `git clone` of the committed HEAD into a
temporary directory, then `make test` there (a new .venv, the pinned install by uv from an empty uv cache, as on
a fresh machine, ruff, the whole suite). The install is timed on its own (`make install`), and afterwards the
same install by pip (what `make install` ran before uv; pip's cache is warm here) for comparison. One run; the
machine's load average is printed with it, since other work on its cores slows it.

Run: `python benchmarks/bench_test_time.py [--before "13 min 32 s at 3faa6b0"]` (about 9 minutes on 2 cores).
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
        env = {**os.environ, "UV_CACHE_DIR": str(Path(tmp) / "uv-cache")}  # empty: a fresh machine's
        load_before = os.getloadavg()[0]
        install_s, _ = timed(["make", "install"], clone, env)
        test_s, test_output = timed(["make", "test"], clone, env)
        load_after = os.getloadavg()[0]
        pip_venv = Path(tmp) / "pip-venv"
        pip_s, _ = timed(["bash", "-c", f"python3 -m venv {pip_venv} && {pip_venv}/bin/python -m pip install --quiet "
                       f"--upgrade pip && {pip_venv}/bin/python -m pip install --quiet -c constraints.txt "
                       "-e '.[dev,llm]'"], clone, env)
    summary = re.findall(r"=+ (\d+ passed.*?) in ([\d.]+)s", test_output)
    if not summary:
        sys.exit(f"make test printed no pytest summary:\n{test_output[-3000:]}")
    counts, pytest_s = summary[-1]
    before = f" Before: {args.before}." if args.before else ""
    write_section("test-time", f"""## Test command on a fresh clone (benchmarks/bench_test_time.py)

`git clone` of {commit} into a temporary directory, then `make test` there: a new .venv, the pinned install by
uv from an empty uv cache (as on a fresh machine; the CPU torch wheel from the machine's wheel folder), ruff and
the whole suite in two pytest-xdist processes ({counts}). One run; 1-minute load average {load_before:.1f}
before and {load_after:.1f} after the test command (other work shares the cores).

| make test, wall | install (uv, empty cache) | ruff + pytest | of which pytest |
|---|---|---|---|
| {minutes(install_s + test_s)} | {minutes(install_s)} | {minutes(test_s)} | {minutes(float(pytest_s))} |

The same install by pip into a new venv, after the tests, same run (what `make install` ran before; pip's own
cache warm): {minutes(pip_s)}.

Target (issue #13): 4 min.{before}""")


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Seconds the command took, and its output; exits with the output when it fails."""
    started = time.monotonic()
    run = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"{command} failed (exit {run.returncode}):\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return time.monotonic() - started, run.stdout


if __name__ == "__main__":
    main()
