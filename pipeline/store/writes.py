"""Transactional per-partition writes: delete the day's rows, insert the new ones, commit.

A rerun of a day replaces that day's rows of the sources it ran (other sources' rows of
the day stay); a crash before COMMIT leaves the previous state (DuckDB rolls back an open
transaction when the process dies); nothing is duplicated.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from typing import Any

import duckdb

from pipeline.store.lake import claim_commit, is_lake, retry_on_conflict
from pipeline.store.sqlfiles import load_sql

Row = Mapping[str, Any]

# Tables written per day. Table names are interpolated into SQL only from this list.
PARTITIONED_TABLES = frozenset(
    {"raw_pages", "fetch_log", "documents", "entity_aliases", "mentions", "claims"}
)
# Who owns a per-day row: its own source column, or the source of the document its doc_id
# names. A run owns the rows of the sources it ran, and replaces only those.
OWNED_BY_SOURCE = frozenset({"raw_pages", "fetch_log", "documents"})
OWNED_BY_DOCUMENT = frozenset({"entity_aliases", "mentions", "claims"})
# Tables shared by all days: rows are only ever added, and a known row only ever renamed
# (merge_entities).
SHARED_TABLES = frozenset({"entities"})

# Per-day summaries behind the analyst views (sql/views/, sql/store/summaries/): table and
# its day column, in refresh order. Each is a function of the day's documents, mentions
# and claims, so a write of any of those rewrites them in the same transaction and the
# views answer exactly what their former definitions over the base tables did.
SUMMARY_TABLES: tuple[tuple[str, str], ...] = (
    ("claim_entity_rows", "partition_date"),
    ("entity_daily_rows", "day"),
    ("speaker_daily_rows", "day"),
    ("speaker_source_daily_rows", "day"),
    ("claim_keys", "partition_date"),
)
# Summaries over all days, for the views whose group-bys span days (a per-day table would
# still leave millions of rows to group per query). refresh_summaries keeps each equal to
# its definition over the per-day tables: TOTALS_BEFORE take the day's old contribution
# out while the per-day tables still hold it, TOTALS_AFTER put the new one in. Each table
# also has a <table>_rebuild.sql that computes it whole (refresh_all_summaries, Parquet).
TOTAL_TABLES = ("cooccurrence_totals", "speaker_source_totals", "top_claims_totals")
TOTALS_BEFORE = ("cooccurrence_subtract", "speaker_source_subtract", "top_claims_mark")
TOTALS_AFTER = ("cooccurrence_add", "speaker_source_add", "top_claims_regroup")
# Summaries whose rows cross days: contested pairs (claim and denial up to 3 days apart)
# and their per-denial-day aggregates.
CROSS_DAY_TABLES = ("contested_links", "contested_daily_rows")
CONTESTED_DAYS = timedelta(days=3)
# The $first..$last of the per-day summary statements that covers every stored day.
EVERY_DAY = {"first": date.min, "last": date.max}
# Bump when a summary is added or its definition changes: a database whose summaries were
# built with an older version is rebuilt whole by its next refresh_summaries.
SUMMARY_VERSION = 3
SUMMARY_SOURCES = frozenset({"documents", "mentions", "claims"})
# Writes after which the day's entities are merged across its documents (merge_day_entities).
DAY_MERGE_SOURCES = frozenset({"mentions", "claims"})


def _columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = conn.execute(load_sql("store/table_columns"), [table]).fetchall()
    if not rows:
        raise ValueError(f"table {table!r} does not exist; was the schema applied?")
    return [(name, dtype) for name, dtype in rows]


def insert_rows(conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Row]) -> int:
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
        table=table,
        columns=", ".join(name for name, _ in used),
        unnests=", ".join(f"unnest(?::{dtype}[])" for _, dtype in used),
    )
    conn.execute(sql, [[row.get(name) for row in rows] for name, _ in used])
    return len(rows)


def merge_entities(
    conn: duckdb.DuckDBPyConnection, select: str, params: Sequence[object] = ()
) -> int:
    """Add the entities ``select`` yields and give a known one the better of its stored
    and its new name (sql/store/entities/rename.sql says which is better, and why the
    choice must not depend on the order days are written in); the number added.

    Runs inside the caller's transaction, before the day's summaries are refreshed.
    """
    conn.execute(load_sql("store/entities/candidates").format(select=select), params)
    conn.execute(load_sql("store/entities/rename"))
    row = conn.execute(load_sql("store/entities/add")).fetchone()
    return int(row[0]) if row else 0


def merge_entity_rows(conn: duckdb.DuckDBPyConnection, rows: Sequence[Row]) -> int:
    """merge_entities for rows held in memory (one list parameter per column)."""
    if not rows:
        return 0
    used = [(name, dtype) for name, dtype in _columns(conn, "entities") if name in rows[0]]
    select = "SELECT " + ", ".join(f"unnest(?::{dtype}[]) AS {name}" for name, dtype in used)
    return merge_entities(conn, select, [[row.get(name) for row in rows] for name, _ in used])


def merge_day_entities(
    conn: duckdb.DuckDBPyConnection, partition_date: date, sources: Collection[str] | None
) -> int:
    """Join the day's surname-only person entities to the day's one full name they
    stand for ("Trump" -> "Donald Trump"), in the rows of ``sources``' documents (all of
    the day's with ``None``); the number of entities joined (docs/ENTITIES.md).

    Runs inside the caller's transaction, after the day's mentions and claims are
    inserted and before its summaries are refreshed.
    """
    conn.execute(load_sql("store/entities/day_merges"), {"day": partition_date})
    scope = {"day": partition_date, "sources": sorted(sources or ()), "every": sources is None}
    conn.execute(load_sql("store/entities/day_merge_scope"), scope)
    conn.execute(load_sql("store/entities/day_merge_apply"))
    ((joined,),) = conn.execute(load_sql("store/entities/day_merge_count")).fetchall()
    return int(joined)


def after_day_written(
    conn: duckdb.DuckDBPyConnection,
    partition_date: date,
    tables: Collection[str],
    sources: Collection[str] | None,
) -> None:
    """What follows a day's rows inside both write paths' transaction (replace_partition,
    Staging.commit): the day's entity merge when mentions or claims changed, then its
    summary rows when documents, mentions or claims did."""
    if DAY_MERGE_SOURCES.intersection(tables):
        merge_day_entities(conn, partition_date, sources)
    if SUMMARY_SOURCES.intersection(tables):
        refresh_summaries(conn, partition_date)


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN … COMMIT, or ROLLBACK when the block raises (also on KeyboardInterrupt).

    On a lake the transaction first claims the lake's commit row, so it conflicts with
    any other write transaction it overlaps (pipeline/store/lake.py); the caller reruns
    it whole (retry_on_conflict).
    """
    lake = is_lake(conn)
    conn.execute("BEGIN TRANSACTION")
    try:
        if lake:
            claim_commit(conn)
        yield
        conn.execute("COMMIT")
    except BaseException:
        # A COMMIT that failed (a lake conflict, the catalog gone) has ended the
        # transaction already; the original error is the one to report.
        with suppress(duckdb.Error):
            conn.execute("ROLLBACK")
        raise


def _delete_day(
    conn: duckdb.DuckDBPyConnection, table: str, day: date, *, column: str = "partition_date"
) -> None:
    """Delete one day's rows; ``table`` and ``column`` come from the fixed lists above."""
    conn.execute(load_sql("store/delete_partition").format(table=table, column=column), [day])


def delete_owned(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    day: date,
    sources: Collection[str] | None,
) -> None:
    """Delete the day's rows of ``table`` that a run of ``sources`` replaces.

    ``None``: every row of the day (a caller that writes the whole day: tests, tools).
    Otherwise the rows of those sources — for entity_aliases, mentions and claims, every
    row of the day that no document of another source owns, so the rows of documents the
    run no longer stores go too (sql/store/delete_unowned.sql).
    """
    if sources is None:
        _delete_day(conn, table, day)
        return
    if table in OWNED_BY_SOURCE:
        name = "store/delete_sources"
    elif table in OWNED_BY_DOCUMENT:
        name = "store/delete_unowned"
    else:
        raise ValueError(f"{table!r} is not a per-day table")
    conn.execute(load_sql(name).format(table=table), {"day": day, "sources": sorted(sources)})


def refresh_summaries(conn: duckdb.DuckDBPyConnection, partition_date: date) -> None:
    """Rewrite every summary's rows for one day from the base tables.

    Runs inside the caller's transaction (replace_partition), after the day's base rows
    were replaced. The totals over all days are adjusted around the per-day rewrite (see
    TOTAL_TABLES). contested_links comes last: its pairs join claim_entity_rows of the
    neighbouring days, and it rewrites the pairs whose claim *or* denial is on this day,
    so a later rewrite of a neighbouring day refreshes the pairs that cross into it; the
    denial days those pairs can fall on are then regrouped into contested_daily_rows.
    """
    # An aggregate without GROUP BY: always exactly one row.
    ((version,),) = conn.execute(load_sql("store/summary_version")).fetchall()
    if version is None or version < SUMMARY_VERSION:
        # Summaries from older code (or none yet): the totals would be adjusted from
        # per-day rows that are missing or stale. Rebuilt from the base tables, which
        # already hold this day's new rows, so nothing is left to do for the day.
        _rebuild_all(conn)
        return
    day = {"day": partition_date}
    if is_lake(conn):
        # DuckLake's MERGE takes one UPDATE/DELETE action only, and the totals' adjustments
        # need several: the lake rebuilds the totals whole from the per-day summaries
        # (cost grows with the lake; docs/SCALING.md).
        _refresh_day_rows(conn, partition_date)
        for table in TOTAL_TABLES:
            conn.execute(load_sql("store/delete_table").format(table=table))
            conn.execute(load_sql(f"store/summaries/{table}_rebuild"))
    else:
        for name in TOTALS_BEFORE:
            conn.execute(load_sql(f"store/summaries/{name}"), day)
        _refresh_day_rows(conn, partition_date)
        for name in TOTALS_AFTER:
            conn.execute(load_sql(f"store/summaries/{name}"), day)
    _refresh_contested(conn, partition_date)
    days = {"first": partition_date - CONTESTED_DAYS, "last": partition_date + CONTESTED_DAYS}
    conn.execute(load_sql("store/summaries/contested_daily_delete"), days)
    conn.execute(load_sql("store/summaries/contested_daily_rows"), days)


def _refresh_day_rows(conn: duckdb.DuckDBPyConnection, partition_date: date) -> None:
    for table, column in SUMMARY_TABLES:
        _delete_day(conn, table, partition_date, column=column)
        days = {"first": partition_date, "last": partition_date}
        conn.execute(load_sql(f"store/summaries/{table}"), days)


def _refresh_contested(conn: duckdb.DuckDBPyConnection, partition_date: date) -> None:
    day = {"day": partition_date}
    conn.execute(load_sql("store/summaries/contested_links_delete"), day)
    conn.execute(load_sql("store/summaries/contested_links"), day)


def rebuild_cross_day_summaries(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the summaries no single day owns — the totals over all days, the contested
    pairs and contested_daily_rows — from the per-day summaries and base tables.

    For a connection whose per-day tables are complete: refresh_all_summaries, and a
    Parquet read-back (pipeline/store/parquet.py attach_views), where only per-day tables
    are exported. Runs in the caller's transaction, if any.
    """
    for table in (*TOTAL_TABLES, *CROSS_DAY_TABLES):
        conn.execute(load_sql("store/delete_table").format(table=table))
    for table in TOTAL_TABLES:
        conn.execute(load_sql(f"store/summaries/{table}_rebuild"))
    for (day,) in conn.execute(load_sql("store/summary_days")).fetchall():
        _refresh_contested(conn, day)
    conn.execute(load_sql("store/summaries/contested_daily_rows"), EVERY_DAY)


def _rebuild_all(conn: duckdb.DuckDBPyConnection) -> int:
    days = conn.execute(load_sql("store/summary_days")).fetchall()
    # Whole tables emptied, rows of a day no longer stored included, then each per-day
    # table filled for all days in one statement (a day at a time: minutes at 1M claims).
    for table, _ in SUMMARY_TABLES:
        conn.execute(load_sql("store/delete_table").format(table=table))
        conn.execute(load_sql(f"store/summaries/{table}"), EVERY_DAY)
    rebuild_cross_day_summaries(conn)
    conn.execute(load_sql("store/summary_version_set"), [SUMMARY_VERSION])
    return len(days)


def refresh_all_summaries(conn: duckdb.DuckDBPyConnection) -> int:
    """Rebuild every summary from the base tables (a database written before the
    summaries existed, or a backfill), in one transaction; returns the number of days."""

    def attempt() -> int:
        with transaction(conn):
            return _rebuild_all(conn)

    return retry_on_conflict(attempt)


def replace_partition(
    conn: duckdb.DuckDBPyConnection,
    partition_date: date,
    tables: Mapping[str, Sequence[Row]],
    *,
    shared: Mapping[str, Sequence[Row]] | None = None,
    sources: Collection[str] | None = None,
) -> dict[str, int]:
    """In one transaction: for each table, delete the day's rows and insert ``rows``.

    With ``sources``, only the day's rows of those sources are deleted (delete_owned); the
    rows inserted should belong to them. ``shared`` rows (entities) are merged in the same
    transaction (merge_entities), and the day's summary rows are refreshed when documents,
    mentions or claims change.
    Returns the number of rows written per table.
    """
    for table in tables:
        if table not in PARTITIONED_TABLES:
            raise ValueError(f"{table!r} is not a per-day table")
    for table in shared or {}:
        if table not in SHARED_TABLES:
            raise ValueError(f"{table!r} is not a shared table")

    def attempt() -> dict[str, int]:
        written: dict[str, int] = {}
        with transaction(conn):
            for table, rows in (shared or {}).items():
                written[table] = merge_entity_rows(conn, rows)
            for table, rows in tables.items():
                delete_owned(conn, table, partition_date, sources)
                written[table] = insert_rows(conn, table, rows)
            after_day_written(conn, partition_date, tables, sources)
        return written

    # A lake commit that another writer overtook is rerun whole (pipeline/store/lake.py).
    return retry_on_conflict(attempt)
