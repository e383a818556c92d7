"""Cross-process access to the DuckDB file: one writer at a time, readers that wait.

DuckDB lets one process open a file read-write, and that process excludes every other
process (readers included) for as long as its connection is open; read-only connections
from many processes can coexist, but they block a writer. So:

* Writers (the assets, ``newsclaims run``) take ``<db>.lock``, an OS file lock (the
  ``filelock`` package: ``flock`` on POSIX, released by the kernel if the process dies,
  so a crashed run never leaves a stale lock), before opening the file, and hold it only
  while their connection is open. Two runs on one file queue here and the waiting one
  says so on stderr, instead of failing on DuckDB's "Conflicting lock is held".
* While it holds the lock a writer records who it is (pid, command, since when) in
  ``<db>.lock.holder``, so a waiting reader or writer can name it.
* Inside the lock the writer may still find the file held by a reader (a notebook, the
  ``newsclaims sql`` command); it retries the open until ``timeout`` and says why.
* Readers open read-only, per query, and retry while a writer holds the file.

Every wait is bounded by one timeout (a writer's covers both the lock and the file) and
ends in a ``DatabaseBusyError`` that names the holder and what to do, never in a raw
DuckDB lock error. Waits poll in short sleeps, so a signal handler that raises (Ctrl-C's
KeyboardInterrupt, Dagster's interrupt inside a step) ends them at once; the exception
then carries a note saying what it interrupted (``interrupted_wait``).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
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
# wait on its lock, so we poll; a quarter second keeps latency low at negligible cost,
# and a signal ends the sleep at once.
POLL_S = 0.25
# filelock's pause between attempts on <db>.lock: short, so an interrupt is seen at once.
LOCK_POLL_S = 0.05
# The note an interrupted wait adds to the exception (see interrupted_wait()).
_WAIT_NOTE = "newsclaims: interrupted while waiting for "
# A holder's command line is quoted in one-line messages: whitespace runs become one
# space, and beyond this many characters (a `python -c` script) it is cut with "...".
MAX_COMMAND_CHARS = 120
# DuckDB names the process holding a file in its lock error: "... (PID 1234)".
_DUCKDB_PID = re.compile(r"\(PID (\d+)\)")

Notify = Callable[[str], None]


class DatabaseBusyError(RuntimeError):
    """The database stayed held by another process for longer than the timeout."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


def _stderr(message: str) -> None:
    print(f"newsclaims: {message}", file=sys.stderr, flush=True)


def lock_path(db: str | Path) -> Path:
    """The lock file that serialises writers of ``db``."""
    path = Path(db)
    return path.with_name(path.name + ".lock")


def holder_path(db: str | Path) -> Path:
    """The side file in which the writer holding ``lock_path(db)`` says who it is."""
    path = Path(db)
    return path.with_name(path.name + ".lock.holder")


def is_lock_conflict(exc: BaseException) -> bool:
    """True for DuckDB's error when another process holds the file."""
    text = str(exc)
    return isinstance(exc, duckdb.IOException) and (
        "Could not set lock" in text or "Conflicting lock" in text
    )


def interrupted_wait(exc: BaseException) -> str | None:
    """What ``exc`` interrupted, when it ended one of this module's waits, else None."""
    notes: list[str] = getattr(exc, "__notes__", [])
    for note in notes:
        if note.startswith(_WAIT_NOTE):
            return note.removeprefix("newsclaims: interrupted while ")
    return None


@contextmanager
def _noting_interrupts(what: Callable[[], str]) -> Iterator[None]:
    """Let an interrupt (any BaseException that is not an Exception) say what it ended."""
    try:
        yield
    except Exception:
        raise
    except BaseException as exc:
        exc.add_note(_WAIT_NOTE + what())
        raise


def _one_line(command: str) -> str:
    text = " ".join(command.split())
    return text if len(text) <= MAX_COMMAND_CHARS else text[: MAX_COMMAND_CHARS - 3] + "..."


def _command_line() -> str:
    args = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    return shlex.join(args)


def _record_holder(db: str | Path) -> None:
    """Write the side file for this process, atomically (readers may read it any time)."""
    record = {
        "pid": os.getpid(),
        "command": _command_line(),
        "since": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    target = holder_path(db)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(record), encoding="utf-8")
        temporary.replace(target)
    except OSError:
        pass  # naming the holder is a courtesy; the lock itself is what protects the file


def _recorded_holder(db: str | Path) -> dict[str, Any] | None:
    try:
        record = json.loads(holder_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("pid"), int) else None


def _process_command(pid: int) -> str | None:
    """The command line of ``pid`` (Linux /proc), or None where that is not readable."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    args = [a.decode(errors="replace") for a in raw.split(b"\0") if a]
    return _one_line(shlex.join(args)) if args else None


def _describe_record(record: dict[str, Any]) -> str:
    since = str(record.get("since", ""))
    clock = since[11:19] if len(since) >= 19 else since
    command = _one_line(str(record.get("command", "?")))
    return f"pid {record['pid']} (`{command}`, writing since {clock})"


def describe_holder(db: str | Path, pid: int | None = None) -> str:
    """Who holds ``db``: the recorded writer if it is ``pid`` (or no pid is known), else
    the process ``pid`` with its command line, else "another process"."""
    record = _recorded_holder(db)
    if record is not None and (pid is None or record["pid"] == pid):
        return "a newsclaims writer, " + _describe_record(record)
    if pid is None:
        return "another process"
    command = _process_command(pid)
    return f"process {pid}" + (f" (`{command}`)" if command else "")


def _holder_from_conflict(db: str | Path, exc: BaseException) -> str:
    match = _DUCKDB_PID.search(str(exc))
    return describe_holder(db, int(match[1]) if match else None)


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
        holder = describe_holder(db)
        if holder == "another process":
            holder = "another newsclaims writer"  # only writers take <db>.lock
        notify(f"waiting for {holder} writing {db} (lock {path}); up to {timeout:g} s")
        started = time.monotonic()
        try:
            with _noting_interrupts(lambda: f"the write lock on {db}, held by {holder}"):
                lock.acquire(timeout=timeout, poll_interval=LOCK_POLL_S)
        except Timeout:
            raise DatabaseBusyError(
                f"the database {db} is held by {holder} (lock {path}) after waiting "
                f"{timeout:g} s; wait for it to finish or raise NEWSCLAIMS_LOCK_TIMEOUT",
                holder,
            ) from None
        notify(f"lock on {db} acquired after {time.monotonic() - started:.1f} s")
    try:
        _record_holder(db)
        yield
    finally:
        # Before the release: once released, the file belongs to the next writer.
        holder_path(db).unlink(missing_ok=True)
        lock.release()


def _open_with_retry(
    db: str | Path,
    *,
    read_only: bool,
    timeout: float,
    notify: Notify,
    config: dict[str, Any] | None,
    deadline: float | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open ``db``, retrying while another process holds it, until ``deadline`` (default:
    ``timeout`` from now; ``timeout`` is the whole wait the messages quote)."""
    if deadline is None:
        deadline = time.monotonic() + timeout
    holder = "another process"
    told = False
    with _noting_interrupts(lambda: f"{db}, held by {holder}"):
        # Bounded: every pass either returns, raises, or sleeps POLL_S until the deadline.
        while True:
            try:
                return duckdb.connect(str(db), read_only=read_only, config=config or {})
            except duckdb.IOException as exc:
                if not is_lock_conflict(exc):
                    raise
                holder = _holder_from_conflict(db, exc)
            if time.monotonic() >= deadline:
                fix = (
                    "Retry when its current step has finished, or raise NEWSCLAIMS_READ_TIMEOUT."
                    if read_only
                    else "Close that connection (notebooks: open read_only per query, or "
                    "query a copy of the file), or raise NEWSCLAIMS_LOCK_TIMEOUT."
                )
                raise DatabaseBusyError(
                    f"the database {db} is held by {holder} after waiting {timeout:g} s. {fix}",
                    holder,
                )
            if not told:
                notify(f"{db} is open in {holder}; retrying for up to {timeout:g} s")
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

    ``timeout`` bounds the whole wait: for the writers' lock, then for readers to let go.
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
    deadline = time.monotonic() + timeout
    with write_lock(db, timeout=timeout, notify=notify):
        conn = _open_with_retry(
            db, read_only=False, timeout=timeout, notify=notify, config=config, deadline=deadline
        )
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
