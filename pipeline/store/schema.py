"""Create the tables and views (idempotent)."""

from __future__ import annotations

import duckdb

from pipeline.store.lake import ensure_commit_table, is_lake, lake_schema, retry_on_conflict
from pipeline.store.sqlfiles import load_sql, view_files


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Apply sql/schema.sql and (re)create every view in sql/views/.

    On a lake (pipeline/store/lake.py) the tables have no PRIMARY KEY, and the whole is
    retried when another process creating the same tables or views at once conflicts.
    """
    if is_lake(conn):
        retry_on_conflict(lambda: _apply(conn, lake_schema(load_sql("schema"))))
        retry_on_conflict(lambda: ensure_commit_table(conn))
    else:
        _apply(conn, load_sql("schema"))


def _apply(conn: duckdb.DuckDBPyConnection, schema: str) -> None:
    conn.execute(schema)
    # Tables made before a column existed get it (sql/store/added_columns.sql); names come
    # from that file only.
    for table, column, dtype in conn.execute(load_sql("store/added_columns")).fetchall():
        conn.execute(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{column}" {dtype}')
    pending = view_files()
    # A view may select from another view; DuckDB binds at creation, so retry the ones
    # whose dependency is not there yet. Bounded: each pass must create at least one.
    for _ in range(len(pending)):
        failed = []
        for path in pending:
            try:
                conn.execute(path.read_text(encoding="utf-8"))
            except duckdb.CatalogException:
                failed.append(path)
        if not failed:
            return
        if len(failed) == len(pending):
            break
        pending = failed
    # Report the first real error rather than a generic one.
    conn.execute(pending[0].read_text(encoding="utf-8"))
