"""Shared helpers of the reliability suite: the console script, table snapshots, RSS."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import duckdb

from tests.conftest import REPO_ROOT, SAMPLES

# The console script the project installs, beside this interpreter: what a user runs.
CONSOLE_SCRIPT = Path(sys.executable).parent / "newsclaims"
# Every table a run writes, and the columns that legitimately differ between two runs of
# the same input (wall-clock times). Everything else must be identical.
TABLES = ("raw_pages", "fetch_log", "documents", "entities", "entity_aliases", "mentions", "claims")
VOLATILE_COLUMNS = frozenset({"fetched_at"})
# One CLI run over the sample pages takes ~15 s on 2 cores; this bounds a hung run.
RUN_TIMEOUT_S = 300


def cli_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("DAGSTER_HOME", None)  # an ephemeral Dagster instance per process
    return env


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *args],
        cwd=REPO_ROOT,
        env=env or cli_env(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


class Collected:
    """Drains a pipe in a thread (so the child never blocks on a full pipe) and keeps it."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self._thread.start()

    def _drain(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line)

    def text(self) -> str:
        return "".join(self.lines)

    def join(self) -> None:
        self._thread.join(timeout=10)


class CliProcess:
    """A `newsclaims` process whose stdout and stderr are collected as it runs."""

    def __init__(self, args: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [str(CONSOLE_SCRIPT), *args],
            cwd=REPO_ROOT,
            env=env or cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.stdout = Collected(self.proc.stdout)
        self.stderr = Collected(self.proc.stderr)

    def wait(self, timeout: float = RUN_TIMEOUT_S) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.stdout.join()
        self.stderr.join()
        return code


def sample_sources(tmp: Path, name: str = "sources.yaml", pages: Path = SAMPLES) -> Path:
    path = tmp / name
    path.write_text(f"sources:\n  - name: samples\n    path: {pages}\n", encoding="utf-8")
    return path


def table_contents(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, minus volatile columns, sorted: equal iff same data."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with duckdb.connect(str(db), read_only=True) as conn:
        for table in TABLES:
            names = [
                name
                for (name,) in conn.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if name not in VOLATILE_COLUMNS
            ]
            rows = conn.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
    return out


def partition_counts(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], int]:
    """(table, day) -> rows, for every per-day table."""
    counts: dict[tuple[str, str], int] = {}
    for table in TABLES:
        if table == "entities":
            continue  # shared by all days
        for day, n in conn.execute(
            f"SELECT CAST(partition_date AS VARCHAR), count(*) FROM {table} GROUP BY 1"
        ).fetchall():
            counts[(table, day)] = n
    return counts
