"""Faults on a real lake: a worker killed inside a day's commit, PostgreSQL restarted under
an open transaction. Either way the day is whole (its previous rows) or the new one, never
a mix, and a rerun gives the same tables.

The "worker" is the process that runs the day's steps (`newsclaims run`'s in-process
executor; a dagster-celery worker runs the same step code). It is stopped inside the
annotations commit just before the claims go in, after the day's old claims were deleted:
the worst moment (tests/lake/pause_hook.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.store.lake import COMMIT_TABLE, connect_lake
from scripts.services import Services
from tests.conftest import REPO_ROOT, SAMPLES
from tests.lake.conftest import Lake
from tests.reliability.helpers import CONSOLE_SCRIPT, cli_env

pytestmark = pytest.mark.slow

DAY = "2026-04-02"
PAGES = 4
# A run of 4 sample pages takes ~20 s on an idle 2-core machine; minutes when it is busy.
RUN_TIMEOUT_S = 900


def _sources(tmp: Path) -> Path:
    folder = tmp / "pages"
    folder.mkdir(exist_ok=True)
    for page in sorted(SAMPLES.glob("*.html"))[:PAGES]:
        shutil.copy(page, folder / page.name)
    sources = tmp / "sources.yaml"
    sources.write_text(f'sources:\n  - name: samples\n    path: "{folder}"\n', encoding="utf-8")
    return sources


def _env(lake: Lake) -> dict[str, str]:
    return cli_env(**lake.env())


def _run(lake: Lake, sources: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CONSOLE_SCRIPT), "run", "--sources", str(sources), "--date", DAY],
        env=_env(lake),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def _paused(lake: Lake, sources: Path, tmp: Path) -> tuple[subprocess.Popen[str], Path, Path]:
    marker, go = tmp / "paused.pid", tmp / "go"
    marker.unlink(missing_ok=True)
    go.unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.lake.pause_hook",
            "claims",
            str(marker),
            str(go),
            "--",
            "run",
            "--sources",
            str(sources),
            "--date",
            DAY,
        ],
        env=_env(lake),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            output = process.stdout.read() if process.stdout else ""
            process.kill()
            pytest.fail(f"the run never reached the claims insert:\n{output[-3000:]}")
        time.sleep(0.1)
    return process, marker, go


def contents(lake: Lake) -> dict[str, list[tuple[Any, ...]]]:
    """Every table and view of the lake, rows sorted, without the TIMESTAMP columns (when a
    page was fetched or a summary built) and without the lake's own commit counter."""
    conn = connect_lake(lake.catalog, str(lake.data), read_only=True)
    try:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'lake' UNION "
                "SELECT view_name FROM duckdb_views() WHERE database_name = 'lake' "
                "AND NOT internal ORDER BY 1"
            ).fetchall()
            if name != COMMIT_TABLE
        ]
        result = {}
        for name in names:
            columns = [
                c
                for c, dtype in conn.execute(
                    "SELECT column_name, data_type FROM duckdb_columns() "
                    "WHERE database_name = 'lake' AND table_name = ? ORDER BY column_index",
                    [name],
                ).fetchall()
                if not dtype.startswith("TIMESTAMP")
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            result[name] = sorted(conn.execute(f"SELECT {select} FROM {name}").fetchall(), key=repr)
        return result
    finally:
        conn.close()


def test_worker_killed_mid_commit_then_rerun(lake: Lake, tmp_path: Path) -> None:
    sources = _sources(tmp_path)
    first = _run(lake, sources)
    assert first.returncode == 0, first.stdout + first.stderr
    whole = contents(lake)
    assert whole["claims"] and whole["mentions"]

    process, marker, _go = _paused(lake, sources, tmp_path)
    os.kill(int(marker.read_text()), signal.SIGKILL)
    process.wait(timeout=60)
    # The day's claims were deleted inside the killed transaction: the lake still has
    # them, and everything else of the day, as the first run left it.
    assert contents(lake) == whole

    rerun = _run(lake, sources)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert contents(lake) == whole


def test_postgres_restarted_under_an_open_commit(
    services: Services, lake: Lake, tmp_path: Path
) -> None:
    sources = _sources(tmp_path)
    first = _run(lake, sources)
    assert first.returncode == 0, first.stdout + first.stderr
    whole = contents(lake)

    process, _marker, go = _paused(lake, sources, tmp_path)
    services.restart_postgres()  # every open session, the run's included, is cut
    go.touch()
    output, _ = process.communicate(timeout=RUN_TIMEOUT_S)
    # The run either failed with DuckDB's one-line reason for the lost catalog, or its
    # commit reconnected and landed whole: never a half-written day.
    if process.returncode != 0:
        assert process.returncode == 1, output[-3000:]
        assert "newsclaims: error: the run for" in output
    assert contents(lake) == whole

    rerun = _run(lake, sources)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert contents(lake) == whole
