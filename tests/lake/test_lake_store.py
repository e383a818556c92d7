"""The store on a real DuckLake (PostgreSQL catalog, Parquet data): the same tables and
views, a day replaced in one transaction, concurrent writers that all land."""

from __future__ import annotations

import multiprocessing
import subprocess
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.store import ensure_schema, replace_partition
from pipeline.store.lake import COMMIT_TABLE, connect_lake, is_lake
from scripts.services import free_port
from tests.lake.conftest import Lake
from tests.reliability.helpers import CONSOLE_SCRIPT, cli_env

DAY = date(2026, 3, 1)
OTHER = date(2026, 3, 2)


def log_rows(day: date, source: str, n: int) -> list[dict[str, object]]:
    return [
        {
            "url": f"https://{source}.example/{day}/{i}",
            "source": source,
            "partition_date": day,
            "status": "ok",
            "fetched_at": datetime(2026, 3, 1, 12),
        }
        for i in range(n)
    ]


def entity(entity_id: str, name: str) -> dict[str, object]:
    return {"entity_id": entity_id, "name": name, "label": "person"}


def counts(conn: duckdb.DuckDBPyConnection) -> dict[tuple[date, str], int]:
    rows = conn.execute(
        "SELECT partition_date, source, count(*) FROM fetch_log GROUP BY ALL"
    ).fetchall()
    return {(day, source): n for day, source, n in rows}


def test_same_tables_and_views_as_the_file(lake: Lake, tmp_path: Path) -> None:
    file = duckdb.connect(str(tmp_path / "file.duckdb"))
    ensure_schema(file)
    conn = connect_lake(lake.catalog, str(lake.data))
    try:
        assert is_lake(conn) and not is_lake(file)
        ensure_schema(conn)
        ensure_schema(conn)  # idempotent, as on the file

        def names(c: duckdb.DuckDBPyConnection) -> set[str]:
            query = (
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                " UNION SELECT view_name FROM duckdb_views() "
                "WHERE database_name = current_database() AND NOT internal"
            )
            return {name for (name,) in c.execute(query).fetchall()}

        assert names(conn) - {COMMIT_TABLE} == names(file)
    finally:
        conn.close()
        file.close()


def test_a_rerun_replaces_its_sources_rows_of_the_day(lake: Lake) -> None:
    conn = connect_lake(lake.catalog, str(lake.data))
    try:
        ensure_schema(conn)
        replace_partition(conn, DAY, {"fetch_log": log_rows(DAY, "a", 3)}, sources=["a"])
        replace_partition(conn, DAY, {"fetch_log": log_rows(DAY, "b", 2)}, sources=["b"])
        replace_partition(conn, OTHER, {"fetch_log": log_rows(OTHER, "a", 4)}, sources=["a"])
        replace_partition(conn, DAY, {"fetch_log": log_rows(DAY, "a", 1)}, sources=["a"])
        assert counts(conn) == {(DAY, "a"): 1, (DAY, "b"): 2, (OTHER, "a"): 4}
        coverage = conn.execute(
            "SELECT source, day, attempted FROM source_coverage ORDER BY ALL"
        ).fetchall()
        assert coverage == [("a", DAY, 1), ("a", OTHER, 4), ("b", DAY, 2)]
    finally:
        conn.close()


def test_a_failed_commit_leaves_the_day_as_it_was(lake: Lake) -> None:
    conn = connect_lake(lake.catalog, str(lake.data))
    try:
        ensure_schema(conn)
        replace_partition(conn, DAY, {"fetch_log": log_rows(DAY, "a", 3)}, sources=["a"])
        bad = log_rows(DAY, "a", 2)
        bad[1]["status"] = None  # NOT NULL: the insert fails after the day's delete
        with pytest.raises(duckdb.ConstraintException):
            replace_partition(conn, DAY, {"fetch_log": bad}, sources=["a"])
        assert counts(conn) == {(DAY, "a"): 3}
    finally:
        conn.close()


def _write_day(catalog: str, data: str, number: int) -> None:
    day = date(2026, 3, 1 + number)
    conn = connect_lake(catalog, data)
    try:
        ensure_schema(conn)
        # Every writer adds the same entity (under its own spelling) and one of its own:
        # without the lake's commit row both would append it.
        shared = {"entities": [entity("e-shared", f"Name {number}"), entity(f"e-{number}", "X")]}
        replace_partition(
            conn, day, {"fetch_log": log_rows(day, "s", 50)}, shared=shared, sources=["s"]
        )
    finally:
        conn.close()


def test_concurrent_writers_retry_and_every_row_lands(lake: Lake) -> None:
    writers = 4
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_write_day, args=(lake.catalog, str(lake.data), n))
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
    assert [p.exitcode for p in processes] == [0] * writers
    conn = connect_lake(lake.catalog, str(lake.data), read_only=True)
    try:
        assert counts(conn) == {(date(2026, 3, 1 + n), "s"): 50 for n in range(writers)}
        entities = conn.execute("SELECT entity_id, name FROM entities ORDER BY ALL").fetchall()
        # One row per entity, and the name kept is the first in the fixed order whatever
        # order the writers committed in (sql/store/entities/rename.sql).
        assert entities == [
            ("e-0", "X"),
            ("e-1", "X"),
            ("e-2", "X"),
            ("e-3", "X"),
            ("e-shared", "Name 0"),
        ]
    finally:
        conn.close()


def _sql(lake_env: dict[str, str], query: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CONSOLE_SCRIPT), "sql", query, "--format", "csv"],
        env=cli_env(**lake_env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_newsclaims_sql_reads_the_lake(lake: Lake) -> None:
    conn = connect_lake(lake.catalog, str(lake.data))
    try:
        ensure_schema(conn)
        replace_partition(conn, DAY, {"fetch_log": log_rows(DAY, "a", 3)}, sources=["a"])
    finally:
        conn.close()
    result = _sql(lake.env(), "SELECT source, attempted FROM source_coverage")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["source,attempted", "a,3"]


def test_an_unreachable_catalog_is_one_line(lake: Lake, tmp_path: Path) -> None:
    closed = free_port()  # nothing listens there
    env = {
        "NEWSCLAIMS_LAKE": f"postgres:dbname=x host=127.0.0.1 port={closed}",
        "NEWSCLAIMS_LAKE_DATA": str(tmp_path / "data"),
    }
    result = _sql(env, "SELECT 1")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NEWSCLAIMS_LAKE" in lines[0], result.stderr
