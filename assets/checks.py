"""Data checks run against the stored tables right after each stage writes its day.

Each check is a SQL file in sql/checks/ returning the offending rows: none means passed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dagster as dg
import duckdb

from pipeline.store import load_sql

# Offending rows shown in a failed check's metadata.
SAMPLE_ROWS = 5


def sql_check(
    conn: duckdb.DuckDBPyConnection,
    name: str,
    sql_file: str,
    day: date | None,
    *,
    asset: str | None = None,
) -> dg.AssetCheckResult:
    """Run sql/checks/<sql_file>.sql; pass when it returns no rows."""
    params = [day] if day is not None else []
    cursor = conn.execute(load_sql(f"checks/{sql_file}"), params)
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    metadata: dict[str, dg.MetadataValue[Any] | int] = {"offending_rows": len(rows)}
    if rows:
        sample = [dict(zip(columns, row, strict=True)) for row in rows[:SAMPLE_ROWS]]
        metadata["sample"] = dg.MetadataValue.json(
            [{k: str(v) for k, v in r.items()} for r in sample]
        )
    return dg.AssetCheckResult(check_name=name, asset_key=asset, passed=not rows, metadata=metadata)
