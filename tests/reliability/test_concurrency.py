"""Two `newsclaims run`s on one DuckDB file, plus readers, at the same time.

DuckDB lets one process hold a file read-write and then excludes all others, readers
included (see pipeline/store/lock.py). The guarantees tested here:

* two runs for different days on one file both succeed: writers queue on ``<db>.lock``
  and say so on stderr; a run whose file is held by a reader (a notebook) waits for it
  and says so; DuckDB's "Conflicting lock" never reaches the user;
* `newsclaims sql` during a run answers (it waits while a writer holds the file);
* a reader only ever sees whole partitions: every (table, day) has either no rows or
  all of its final rows, and tables written in one transaction appear together.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.store import ensure_schema
from pipeline.store.lock import (
    DatabaseBusyError,
    connect_for_read,
    connect_for_write,
    lock_path,
    write_lock,
)
from tests.conftest import SAMPLES
from tests.reliability.helpers import (
    CliProcess,
    cli_env,
    partition_counts,
    run_cli,
    sample_sources,
)

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY_A = "2026-05-01"
DAY_B = "2026-05-02"
LOCK_ERRORS = ("Conflicting lock", "Could not set lock")
# Bounds for waiting on a child's message; far above the few seconds it takes.
MESSAGE_TIMEOUT_S = 120

# A stand-in for a notebook: opens the file read-only, keeps it open until told to let go.
HOLDER = """
import duckdb, pathlib, sys, time
conn = duckdb.connect(sys.argv[1], read_only=True)
conn.execute("SELECT count(*) FROM documents").fetchall()
print("open", flush=True)
release = pathlib.Path(sys.argv[2])
for _ in range(1200):  # bounded: 120 s at most
    if release.exists():
        break
    time.sleep(0.1)
conn.close()
print("closed", flush=True)
"""


def _split_samples(tmp: Path) -> tuple[Path, Path]:
    """Two folders with disjoint halves of the sample pages, one per day."""
    first, second = tmp / "pages-a", tmp / "pages-b"
    first.mkdir()
    second.mkdir()
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".html", ".htm", ".txt"))
    for i, page in enumerate(files):
        shutil.copy(page, (first if i % 2 == 0 else second) / page.name)
    return first, second


def _wait_for(predicate, what: str, timeout: float = MESSAGE_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_two_runs_and_readers_share_one_file(tmp_path: Path) -> None:
    pages_a, pages_b = _split_samples(tmp_path)
    db = tmp_path / "news.duckdb"
    with connect_for_write(db) as conn:
        ensure_schema(conn)

    release = tmp_path / "release"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(release)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "open"

    run_a = CliProcess(
        ["run", "--sources", str(sample_sources(tmp_path, "a.yaml", pages_a)),
         "--db", str(db), "--date", DAY_A]
    )  # fmt: skip
    run_b = CliProcess(
        ["run", "--sources", str(sample_sources(tmp_path, "b.yaml", pages_b)),
         "--db", str(db), "--date", DAY_B]
    )  # fmt: skip
    runs = (run_a, run_b)
    try:
        # While the "notebook" holds the file, one run waits for it inside the writers'
        # lock and the other waits for that run: both must say so, neither may fail.
        _wait_for(
            lambda: any(f"is open in process {holder.pid}" in r.stderr.text() for r in runs),
            "a writer's 'file is open in process <the notebook>' message",
        )
        _wait_for(
            lambda: any("waiting for a newsclaims writer" in r.stderr.text() for r in runs),
            "a writer's 'waiting for a newsclaims writer' message",
        )
        assert all(r.proc.poll() is None for r in runs), "a run ended while the file was held"
        release.touch()
        assert holder.wait(timeout=30) == 0

        # Read while both runs write: short read-only connections, as documented.
        snapshots: list[dict[tuple[str, str], int]] = []
        sql_result: subprocess.CompletedProcess[str] | None = None
        deadline = time.monotonic() + 300
        while any(r.proc.poll() is None for r in runs) and time.monotonic() < deadline:
            with connect_for_read(db, timeout=120) as conn:
                snapshots.append(partition_counts(conn))
            if sql_result is None and snapshots[-1]:
                # Mid-run, as an analyst would: it must answer, not fail on the lock.
                sql_result = run_cli("sql", "SELECT count(*) AS n FROM fetch_log", "--db", str(db))
            time.sleep(0.2)
        codes = [r.wait() for r in runs]
    finally:
        release.touch()
        for r in runs:
            if r.proc.poll() is None:
                r.proc.kill()
        holder.kill()
        holder.wait(timeout=10)

    for r, code in zip(runs, codes, strict=True):
        assert code == 0, r.stderr.text()[-3000:]
        for error in LOCK_ERRORS:
            assert error not in r.stderr.text() + r.stdout.text()
        assert "documents:" in r.stdout.text()  # the summary, read after the run
    assert sql_result is not None, "no reader got in while the runs were writing"
    assert sql_result.returncode == 0, sql_result.stderr
    assert not any(e in sql_result.stderr for e in LOCK_ERRORS)

    with connect_for_read(db) as conn:
        final = partition_counts(conn)
    for day in (DAY_A, DAY_B):
        for table in ("raw_pages", "fetch_log", "documents", "mentions", "claims"):
            assert final.get((table, day), 0) > 0, (table, day)
    assert len(snapshots) >= 2
    for snap in snapshots:
        for key, n in snap.items():
            # A partition is visible whole or not at all.
            assert n == final[key], (key, n, final[key])
        for day in (DAY_A, DAY_B):
            # Written in one transaction, so seen together (or not at all).
            assert ("raw_pages", day) in snap or ("fetch_log", day) not in snap
            assert (("mentions", day) in snap) == (("claims", day) in snap)
            # Assets commit in order: annotations only after documents.
            assert ("claims", day) not in snap or ("documents", day) in snap


def test_write_lock_serialises_and_times_out_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    messages: list[str] = []
    # Another process holds the writers' lock: we wait, say so, and give up cleanly.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock;"
            "lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True);"
            "time.sleep(float(sys.argv[2]))",
            str(lock_path(db)),
            "1.5",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with (
            pytest.raises(DatabaseBusyError, match="NEWSCLAIMS_LOCK_TIMEOUT"),
            write_lock(db, timeout=0.3, notify=messages.append),
        ):
            pass
        assert any("waiting for another newsclaims writer" in m for m in messages)
        # Once the holder exits (the kernel drops its lock) we get in.
        started = time.monotonic()
        with connect_for_write(db, timeout=30, notify=messages.append) as conn:
            waited = time.monotonic() - started
            conn.execute("CREATE TABLE t AS SELECT 1 AS x")
        assert waited > 0.5  # we really waited for the other process
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert not db.with_suffix(".duckdb.wal").exists()


def test_reader_waits_for_a_writer_and_writer_for_a_reader(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with connect_for_write(db) as conn:
        conn.execute("CREATE TABLE t AS SELECT 42 AS x")
    # A writer process keeps the file open for a moment, as a stage's transaction does.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
            "print('open', flush=True); time.sleep(1.5); c.close()",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    messages: list[str] = []
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "open"
        with (
            pytest.raises(DatabaseBusyError, match="Retry when"),
            connect_for_read(db, timeout=0.3, notify=messages.append),
        ):
            pass
        with connect_for_read(db, timeout=30, notify=messages.append) as conn:
            assert conn.execute("SELECT x FROM t").fetchone() == (42,)
    finally:
        writer.kill()
        writer.wait(timeout=10)
    # The writer recorded who it is; a plain duckdb.connect did not, so DuckDB's pid names it.
    assert any(f"open in process {writer.pid}" in m for m in messages), messages


# A notebook that keeps the file open read-only for good (bounded: 120 s at most).
NOTEBOOK = """
import duckdb, sys, time
conn = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
time.sleep(120)
"""


def _held_database(tmp: Path) -> tuple[Path, subprocess.Popen[str]]:
    db = tmp / "news.duckdb"
    with connect_for_write(db) as conn:
        ensure_schema(conn)
    notebook = subprocess.Popen(
        [sys.executable, "-c", NOTEBOOK, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert notebook.stdout is not None
    assert notebook.stdout.readline().strip() == "open"
    return db, notebook


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_run_gives_up_on_a_held_database_once_with_the_reason(tmp_path: Path) -> None:
    db, notebook = _held_database(tmp_path)
    try:
        started = time.monotonic()
        result = run_cli(
            "run", "--sources", str(sample_sources(tmp_path)), "--db", str(db),
            "--date", DAY_A, env=cli_env(NEWSCLAIMS_LOCK_TIMEOUT="5"),
        )  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        notebook.kill()
        notebook.wait(timeout=10)
    # Once: no retry of the wait (it took 88 s with a 15-s timeout while retried).
    assert 4 < elapsed < 15, elapsed
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "Stack Trace" not in result.stderr
    last = _last_line(result.stderr)
    assert last.startswith(f"newsclaims: stopped: the database {db} is held by process "), last
    assert f"process {notebook.pid} (" in last  # the holder, with its command line
    assert "NEWSCLAIMS_LOCK_TIMEOUT" in last
    assert result.stderr.count("stopped:") == 1


def test_interrupt_stops_a_waiting_run_at_once(tmp_path: Path) -> None:
    db, notebook = _held_database(tmp_path)
    run = CliProcess(
        ["run", "--sources", str(sample_sources(tmp_path)), "--db", str(db), "--date", DAY_A],
        env=cli_env(NEWSCLAIMS_LOCK_TIMEOUT="120"),
    )
    try:
        _wait_for(lambda: "retrying for up to" in run.stderr.text(), "the run's wait message")
        started = time.monotonic()
        run.proc.send_signal(signal.SIGINT)
        code = run.wait(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        notebook.kill()
        notebook.wait(timeout=10)
    assert elapsed < 2, elapsed
    assert code == 130, run.stderr.text()[-2000:]
    assert "Traceback" not in run.stderr.text()
    last = _last_line(run.stderr.text())
    assert last.startswith(f"newsclaims: stopped: interrupted while waiting for {db}"), last
    assert f"held by process {notebook.pid}" in last


def test_sql_names_the_run_holding_the_database(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with connect_for_write(db) as conn:
        ensure_schema(conn)
    # A writer holding the lock and the file, as a stage's transaction does.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pipeline.store.lock import connect_for_write\n"
            "with connect_for_write(sys.argv[1]):\n"
            "    print('open', flush=True); time.sleep(60)",
            str(db),
            "--a-stage",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "open"
        env = cli_env(NEWSCLAIMS_READ_TIMEOUT="1")
        result = run_cli("sql", "SELECT 1", "--db", str(db), env=env)
    finally:
        writer.kill()
        writer.wait(timeout=10)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    last = _last_line(result.stderr)
    assert f"is held by a newsclaims writer, pid {writer.pid} (" in last, last
    assert "--a-stage" in last and "writing since" in last
