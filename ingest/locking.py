"""One writer at a time per data directory. Ingests and keyword-index rebuilds write the store and
swap index directories; two at once would interleave. Readers never take the lock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from filelock import FileLock, Timeout


class WriteLockError(RuntimeError):
    """The data directory cannot be locked for writing: another writer holds it, or it is read-only."""


def _lock_paths(data_dir: Path) -> tuple[Path, Path]:
    return data_dir / ".write.lock", data_dir / ".write.lock.pid"


@contextmanager
def writer_lock(data_dir: Path, timeout: float) -> Iterator[None]:
    """Hold the data directory's write lock, waiting at most `timeout` seconds for another writer.
    Raises WriteLockError naming that writer's pid, or saying the directory is not writable."""
    lock_path, pid_path = _lock_paths(data_dir)
    lock = FileLock(lock_path, timeout=timeout)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        holder = _read_pid(pid_path)
        raise WriteLockError(f"another paperchat process is writing to {data_dir}"
                             + (f" (pid {holder})" if holder else "") + "; try again when it has finished") from None
    except OSError as exc:
        raise WriteLockError(f"cannot write to {data_dir}: {exc.strerror or exc}") from None
    try:
        try:
            pid_path.write_text(str(os.getpid()))
        except OSError as exc:  # a lock file left writable in a directory that is not
            raise WriteLockError(f"cannot write to {data_dir}: {exc.strerror or exc}") from None
        yield
    finally:
        with suppress(OSError):
            pid_path.unlink(missing_ok=True)
        lock.release()


def _read_pid(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""
