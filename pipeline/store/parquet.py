"""Each day's rows also as hive-partitioned Parquet, and DuckDB views that read them back.

Scale-out (docs/SCALING.md): partitions can run on separate workers, each with its own
scratch DuckDB file, writing ``<root>/<table>/date=YYYY-MM-DD/part-0.parquet``; analysts
then query every worker's output with DuckDB's read_parquet(hive_partitioning=true).

Set NEWSCLAIMS_PARQUET_DIR and the assets call export_partition after each day's write
(the folder reaches them through their resource, assets/resources.py).
A file is written under a temporary name and renamed into place, so a reader never sees
half a file and a rerun of the day replaces it whole (the same delete-then-insert
contract as the DuckDB tables).

Not exported: raw_pages (compressed HTML bodies, kept only so extraction can rerun
without fetching; large and useless to analysts), contested_links, whose pairs cross
days and so cannot be owned by one day's worker, and the summaries over all days
(writes.TOTAL_TABLES) — attach_views recomputes those from the exported rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb

from pipeline.store.schema import ensure_schema
from pipeline.store.sqlfiles import load_sql
from pipeline.store.writes import rebuild_cross_day_summaries

# The per-day tables each stage exports (its own writes, plus the summaries its write
# refreshes). entities are shared by all days: each day exports the entities its mentions
# and claims use, and attach_views de-duplicates them.
STAGE_TABLES: dict[str, tuple[str, ...]] = {
    "raw_pages": ("fetch_log",),
    "documents": ("fetch_log", "documents", "entity_daily_rows", "claim_keys"),
    "annotations": (
        "entities",
        "entity_aliases",
        "mentions",
        "claims",
        "claim_entity_rows",
        "entity_daily_rows",
        "speaker_daily_rows",
        "claim_keys",
    ),
}
# Tables whose lake view is not the plain union of the days' files: each day exports the
# entity names it knew, and a later day may have improved a name since
# (writes.merge_entities), so the lake applies the same choice and copies it into the rows.
LAKE_VIEWS = {
    "entities": "store/lake/entities",
    "claim_entity_rows": "store/lake/claim_entity_rows",
    "entity_daily_rows": "store/lake/entity_daily_rows",
}
# The day column of each exported table (the summaries named theirs "day", as the views).
DAY_COLUMN = {"entity_daily_rows": "day", "speaker_daily_rows": "day"}
ALL_TABLES = tuple(dict.fromkeys(t for tables in STAGE_TABLES.values() for t in tables))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _select(table: str, day: date) -> str:
    when = f"DATE '{day.isoformat()}'"  # a date object's ISO form: safe to inline
    if table == "entities":
        return load_sql("store/parquet_entities_for_day").replace("$day", when)
    return f"SELECT * FROM {table} WHERE {DAY_COLUMN.get(table, 'partition_date')} = {when}"


def export_partition(
    conn: duckdb.DuckDBPyConnection, root: Path, day: date, tables: Iterable[str]
) -> dict[str, Path]:
    """Write each table's rows of ``day`` to root/table/date=DAY/part-0.parquet."""
    written: dict[str, Path] = {}
    for table in tables:
        if table not in ALL_TABLES:
            raise ValueError(f"{table!r} is not exported to Parquet")
        folder = root / table / f"date={day.isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "part-0.parquet"
        # A per-process temporary name: two processes exporting the same day (a rerun
        # racing a retry) never write one file at once; the last rename wins whole.
        partial = folder / f".part-0.{os.getpid()}.tmp"
        conn.execute(
            f"COPY ({_select(table, day)}) TO {_literal(str(partial))} "
            "(FORMAT parquet, COMPRESSION zstd)"
        )
        os.replace(partial, target)
        written[table] = target
    return written


def attach_views(conn: duckdb.DuckDBPyConnection, root: Path) -> list[str]:
    """Views over root's Parquet files named like the DuckDB tables, plus the analyst views.

    For an in-memory query connection (``duckdb.connect()``), not the pipeline's file: it
    fills that connection's own contested_links table.
    Returns the tables found. The analyst views (sql/views/) are created on top, so the
    example queries run unchanged against the Parquet data.
    """
    found: list[str] = []
    # entities first: the views that take the entity names from it are created after it.
    for table in sorted(ALL_TABLES, key=lambda name: name != "entities"):
        if not any((root / table).glob("date=*/*.parquet")):
            continue
        pattern = _literal(str(root / table / "date=*" / "*.parquet"))
        source = f"read_parquet({pattern}, hive_partitioning = true)"
        renamed = "entities" in found or table == "entities"
        template = LAKE_VIEWS.get(table, "store/lake/rows") if renamed else "store/lake/rows"
        conn.execute(load_sql(template).format(table=table, source=source))
        found.append(table)
    # The project's schema: tables that were not exported become empty tables (CREATE
    # TABLE IF NOT EXISTS leaves the Parquet views alone), then the analyst views.
    ensure_schema(conn)
    # The contested pairs and the totals over all days belong to no single day: computed
    # from the exported rows.
    rebuild_cross_day_summaries(conn)
    return found
