"""Cross-process access to the DuckDB file: one writer at a time, readers that wait.

DuckDB lets one process open a file read-write, and that process excludes every other
process (readers included) for as long as its connection is open; read-only connections
from many processes can coexist, but they block a writer. So:

* Writers (the assets, ``newsclaims run``) take ``<db>.lock``, an OS file lock (the
  ``filelock`` package: ``flock`` on POSIX, released by the kernel if the process dies,
  so a crashed run never leaves a stale lock), before opening the file, and hold it only
  while their connection is open. Two runs on one file queue here and the waiting one
  says so on stderr, instead of failing on DuckDB's "Conflicting lock is held".
* Inside the lock the writer may still find the file held by a reader (a notebook, the
  ``newsclaims sql`` command); it retries the open until ``timeout`` and says why.
* Readers open read-only, per query, and retry while a writer holds the file.

Every wait is bounded by a timeout and ends in a ``DatabaseBusyError`` that names the
lock, the holder DuckDB reports and what to do, never in a raw DuckDB lock error.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from filelock import FileLock, Timeout

# How long a writer waits for another writer, and then for readers to let go. A daily
# run's write transactions take seconds; ten minutes covers a long backfill step of the
# other run and still ends a run that is stuck behind a notebook left open over lunch.
# The default of NEWSCLAIMS_LOCK_TIMEOUT, which the edge (assets/settings.py) reads.
WRITE_TIMEOUT_S = 600.0
# How long `newsclaims sql` waits for a writer to close the file: a writer holds it for
# one stage's read or write transaction, seconds at a time. NEWSCLAIMS_READ_TIMEOUT's default.
READ_TIMEOUT_S = 60.0
# Pause between attempts to open a file another process holds. DuckDB has no way to
# wait on its lock, so we poll; a quarter second keeps latency low at negligible cost.
POLL_S = 0.25

Notify = Callable[[str], None]


class DatabaseBusyError(RuntimeError):
    """The database stayed held by another process for longer than the timeout."""


def _stderr(message: str) -> None:
    print(f"newsclaims: {message}", file=sys.stderr, flush=True)


def lock_path(db: str | Path) -> Path:
    """The lock file that serialises writers of ``db``."""
    path = Path(db)
    return path.with_name(path.name + ".lock")


def is_lock_conflict(exc: BaseException) -> bool:
    """True for DuckDB's error when another process holds the file."""
    text = str(exc)
    return isinstance(exc, duckdb.IOException) and (
        "Could not set lock" in text or "Conflicting lock" in text
    )


@contextmanager
def write_lock(
    db: str | Path, *, timeout: float = WRITE_TIMEOUT_S, notify: Notify = _stderr
) -> Iterator[None]:
    """Hold ``<db>.lock`` for the block; wait (saying so once) while another writer has it."""
    path = lock_path(db)
    # A fresh object per acquisition: each opens its own descriptor, and flock excludes
    # other descriptors even in this process, so threads queue like processes do (not
    # reentrant: do not nest writers in one thread). thread_local=False because Dagster
    # may release in another thread than the one that acquired.
    lock = FileLock(path, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        notify(
            f"waiting for another newsclaims run writing {db} (lock {path}); up to {timeout:g} s"
        )
        started = time.monotonic()
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise DatabaseBusyError(
                f"{db} is still being written by another newsclaims run after {timeout:g} s "
                f"(lock {path}); wait for it to finish or raise NEWSCLAIMS_LOCK_TIMEOUT"
            ) from None
        notify(f"lock on {db} acquired after {time.monotonic() - started:.1f} s")
    try:
        yield
    finally:
        lock.release()


def _open_with_retry(
    db: str | Path,
    *,
    read_only: bool,
    timeout: float,
    notify: Notify,
    config: dict[str, Any] | None,
) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + timeout
    told = False
    # Bounded: every pass either returns, raises, or sleeps POLL_S until the deadline.
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            if not is_lock_conflict(exc):
                raise
            if time.monotonic() >= deadline:
                who = "a writer (a running pipeline)" if read_only else "another process"
                raise DatabaseBusyError(
                    f"{db} stayed open in {who} for {timeout:g} s: {exc}. "
                    + (
                        "Retry when the run's current step has finished."
                        if read_only
                        else "Close long-lived connections to it (notebooks: open "
                        "read_only per query, or query a copy of the file)."
                    )
                ) from None
            if not told:
                what = "a running newsclaims write" if read_only else "another process (a reader?)"
                notify(f"{db} is open in {what}; retrying for up to {timeout:g} s")
                told = True
            time.sleep(POLL_S)


@contextmanager
def connect_for_write(
    db: str | Path,
    *,
    timeout: float = WRITE_TIMEOUT_S,
    notify: Notify = _stderr,
    config: dict[str, Any] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection, opened and used under the writers' lock, then closed.

    Keep the block short (read inputs, or write one transaction): other processes cannot
    open the file while it is open.
    """
    if str(db) == ":memory:":
        conn = duckdb.connect(":memory:", config=config or {})
        try:
            yield conn
        finally:
            conn.close()
        return
    with write_lock(db, timeout=timeout, notify=notify):
        conn = _open_with_retry(db, read_only=False, timeout=timeout, notify=notify, config=config)
        try:
            yield conn
        finally:
            # Closing inside the lock: the next writer must find the file free.
            conn.close()


@contextmanager
def connect_for_read(
    db: str | Path, *, timeout: float = READ_TIMEOUT_S, notify: Notify = _stderr
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection; waits (bounded) while a writer holds the file."""
    conn = _open_with_retry(db, read_only=True, timeout=timeout, notify=notify, config=None)
    try:
        yield conn
    finally:
        conn.close()
