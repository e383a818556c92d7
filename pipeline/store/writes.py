"""Transactional per-partition writes: delete the day's rows, insert the new ones, commit.

A rerun of a day replaces that day; a crash before COMMIT leaves the previous state
(DuckDB rolls back an open transaction when the process dies); nothing is duplicated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import duckdb

from pipeline.store.sqlfiles import load_sql

Row = Mapping[str, Any]

# Tables written per day. Table names are interpolated into SQL only from this list.
PARTITIONED_TABLES = frozenset(
    {"raw_pages", "fetch_log", "documents", "entity_aliases", "mentions", "claims"}
)
# Tables shared by all days, where rows are only ever added (INSERT OR IGNORE on the key).
SHARED_TABLES = frozenset({"entities"})

# Per-day summaries behind the analyst views (sql/views/, sql/store/summaries/): table and
# its day column, in refresh order. Each is a function of the day's documents, mentions
# and claims, so a write of any of those rewrites them in the same transaction and the
# views answer exactly what their former definitions over the base tables did.
SUMMARY_TABLES: tuple[tuple[str, str], ...] = (
    ("claim_entity_rows", "partition_date"),
    ("entity_daily_rows", "day"),
    ("speaker_daily_rows", "day"),
    ("claim_keys", "partition_date"),
)
SUMMARY_SOURCES = frozenset({"documents", "mentions", "claims"})


def _columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = conn.execute(load_sql("store/table_columns"), [table]).fetchall()
    if not rows:
        raise ValueError(f"table {table!r} does not exist; was the schema applied?")
    return [(name, dtype) for name, dtype in rows]


def insert_rows(
    conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Row], *, ignore: bool = False
) -> int:
    """Insert rows column-wise (one list parameter per column), fast at any size."""
    if table not in PARTITIONED_TABLES | SHARED_TABLES:
        raise ValueError(f"unknown table {table!r}")
    if not rows:
        return 0
    columns = _columns(conn, table)
    known = {name for name, _ in columns}
    unknown = set(rows[0]) - known
    if unknown:
        raise ValueError(f"{table}: unknown columns {sorted(unknown)}")
    used = [(name, dtype) for name, dtype in columns if name in rows[0]]
    sql = load_sql("store/insert_columns").format(
        mode="OR IGNORE" if ignore else "",
        table=table,
        columns=", ".join(name for name, _ in used),
        unnests=", ".join(f"unnest(?::{dtype}[])" for _, dtype in used),
    )
    conn.execute(sql, [[row.get(name) for row in rows] for name, _ in used])
    return len(rows)


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN … COMMIT, or ROLLBACK when the block raises (also on KeyboardInterrupt)."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _delete_day(
    conn: duckdb.DuckDBPyConnection, table: str, day: date, *, column: str = "partition_date"
) -> None:
    """Delete one day's rows; ``table`` and ``column`` come from the fixed lists above."""
    conn.execute(load_sql("store/delete_partition").format(table=table, column=column), [day])


def refresh_summaries(conn: duckdb.DuckDBPyConnection, partition_date: date) -> None:
    """Rewrite every summary table's rows for one day from the base tables.

    Runs inside the caller's transaction (replace_partition). contested_links comes last:
    its pairs join claim_entity_rows of the neighbouring days, and it rewrites the pairs
    whose claim *or* denial is on this day, so a later rewrite of a neighbouring day
    refreshes the pairs that cross into it.
    """
    day = {"day": partition_date}
    for table, column in SUMMARY_TABLES:
        _delete_day(conn, table, partition_date, column=column)
        conn.execute(load_sql(f"store/summaries/{table}"), day)
    conn.execute(load_sql("store/summaries/contested_links_delete"), day)
    conn.execute(load_sql("store/summaries/contested_links"), day)


def refresh_all_summaries(conn: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the summaries of every day that has documents (a database written before
    the summaries existed, or a backfill); returns the number of days."""
    days = [d for (d,) in conn.execute(load_sql("store/summary_days")).fetchall()]
    with transaction(conn):
        for day in days:
            refresh_summaries(conn, day)
    return len(days)


def replace_partition(
    conn: duckdb.DuckDBPyConnection,
    partition_date: date,
    tables: Mapping[str, Sequence[Row]],
    *,
    shared: Mapping[str, Sequence[Row]] | None = None,
) -> dict[str, int]:
    """In one transaction: for each table, delete the day's rows and insert ``rows``.

    ``shared`` rows (e.g. entities) are added with INSERT OR IGNORE in the same transaction,
    and so are the day's summary rows when documents, mentions or claims change.
    Returns the number of rows written per table.
    """
    for table in tables:
        if table not in PARTITIONED_TABLES:
            raise ValueError(f"{table!r} is not a per-day table")
    written: dict[str, int] = {}
    with transaction(conn):
        for table, rows in (shared or {}).items():
            written[table] = insert_rows(conn, table, rows, ignore=True)
        for table, rows in tables.items():
            _delete_day(conn, table, partition_date)
            written[table] = insert_rows(conn, table, rows)
        if SUMMARY_SOURCES.intersection(tables):
            refresh_summaries(conn, partition_date)
    return written
