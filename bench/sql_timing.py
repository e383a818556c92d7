"""Time every view and example query on a large database and print a table.

    python bench/sql_timing.py DB.duckdb [--runs 3]     (DB from bench/generate_db.py)

Views: ``SELECT count(*) FROM <view>`` — the view computed in full, without moving
millions of rows into Python (no analyst reads a whole view; they filter or aggregate
it, which is never slower than computing it). Examples (sql/examples/*.sql): run as
`newsclaims sql --file` runs them, every row fetched, with realistic --set values:
``about`` is the 20th most mentioned entity's name (a prominent actor, not the single
largest outlier). Each query runs ``--runs`` times on one read-only connection; the
table shows the first (cold) run and the median of the rest (warm). Target: < 200 ms.

``--refresh-days N`` then times what a day's write adds for the summaries:
refresh_summaries for N days spread over the stored ones, each in a transaction rolled
back afterwards (the file is left as it was; it needs write access).
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from pathlib import Path

import duckdb

from pipeline.store.sqlfiles import SQL_DIR, view_files
from pipeline.store.writes import refresh_summaries

TARGET_MS = 200.0
# A query still running after this long is interrupted and shown as "> limit": far past
# the target already, and one runaway join must not hold the whole table hostage.
TIMEOUT_S = 30.0


def _variables(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    row = conn.execute(
        """
        SELECT e.name FROM mentions AS m JOIN entities AS e USING (entity_id)
        GROUP BY e.name ORDER BY count(*) DESC LIMIT 1 OFFSET 19
        """
    ).fetchone()
    return {"about": row[0] if row else "Mira Sefton"}


def _time(
    conn: duckdb.DuckDBPyConnection, sql: str, runs: int, timeout: float
) -> tuple[float, float, int] | None:
    """(cold ms, warm ms, rows), or None when a run exceeded ``timeout``."""
    times, rows = [], 0
    for _ in range(runs):
        timer = threading.Timer(timeout, conn.interrupt)
        timer.start()
        started = time.perf_counter()
        try:
            rows = len(conn.execute(sql).fetchall())
        except duckdb.InterruptException:
            return None
        finally:
            timer.cancel()
        times.append((time.perf_counter() - started) * 1000)
    warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
    return times[0], warm, rows


# An analyst reads a day at a time: each per-day view filtered on one day, by ingest day
# (materialized) beside by publication day (plain views over the base tables), and the
# brief's queries both ways.
ONE_DAY_VIEWS = (
    ("speaker_daily", "speaker_published_daily"),
    ("entity_daily", "entity_published_daily"),
    ("contested_daily", "contested_published_daily"),
)


def _one_day_queries(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    row = conn.execute("SELECT max(partition_date) - 100 FROM documents").fetchone()
    day = f"DATE '{row[0]}'" if row and row[0] else "current_date"
    queries = []
    for ingest, published in ONE_DAY_VIEWS:
        for view in (ingest, published):
            queries.append((f"one day {view}", f"SELECT * FROM {view} WHERE day = {day}"))
    for name in ("totals", "top_entities", "top_speakers", "contested"):
        for folder in ("brief", "brief/published"):
            sql = (SQL_DIR / folder / f"{name}.sql").read_text(encoding="utf-8")
            sql = sql.replace("$day", day).replace("$limit", "10")
            queries.append((f"{folder} {name}", sql))
    return queries


def _time_refresh(db: Path, days: int) -> None:
    conn = duckdb.connect(str(db))
    conn.execute("SET enable_progress_bar = false")
    query = "SELECT DISTINCT partition_date FROM claims ORDER BY 1"
    stored = [d for (d,) in conn.execute(query).fetchall()]
    # Evenly spread, away from the ends: a middle day has neighbours on both sides, as the
    # contested pairs of a day in a running pipeline's backfill do.
    picked = [stored[(i + 1) * len(stored) // (days + 1)] for i in range(days)]
    times = []
    for day in picked:
        conn.execute("BEGIN TRANSACTION")
        started = time.perf_counter()
        refresh_summaries(conn, day)
        times.append((time.perf_counter() - started) * 1000)
        conn.execute("ROLLBACK")
    print(
        f"\nrefresh_summaries, one day: median {statistics.median(times):.0f} ms "
        f"({', '.join(f'{d}: {t:.0f}' for d, t in zip(picked, times, strict=True))})"
    )
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per run")
    parser.add_argument("--only", default=None, help="only queries whose label contains this")
    parser.add_argument("--refresh-days", type=int, default=0, help="time refresh_summaries")
    args = parser.parse_args()
    conn = duckdb.connect(str(args.db), read_only=True)
    variables = _variables(conn)
    for name, value in variables.items():
        conn.execute(f"SET VARIABLE {name} = ?", [value])
    (claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
    (mentions,) = conn.execute("SELECT count(*) FROM mentions").fetchone()
    print(f"{args.db}: {claims:,} claims, {mentions:,} mentions; --set {variables}")
    queries: list[tuple[str, str]] = []
    for path in view_files():
        queries.append((f"view {path.stem}", f"SELECT count(*) FROM {path.stem}"))
    for path in sorted((SQL_DIR / "examples").glob("*.sql")):
        queries.append((f"example {path.stem}", path.read_text(encoding="utf-8")))
    queries.extend(_one_day_queries(conn))
    print("\n| query | cold ms | warm ms | rows | < 200 ms |")
    print("|---|---:|---:|---:|:---:|")
    for label, sql in queries:
        if args.only and args.only not in label:
            continue
        timed = _time(conn, sql, args.runs, args.timeout)
        if timed is None:
            limit = f"> {args.timeout * 1000:.0f}"
            print(f"| {label} | {limit} | {limit} | – | **no** |", flush=True)
            continue
        cold, warm, rows = timed
        ok = "yes" if warm < TARGET_MS else "**no**"
        print(f"| {label} | {cold:.0f} | {warm:.0f} | {rows} | {ok} |", flush=True)
    conn.close()
    if args.refresh_days:
        _time_refresh(args.db, args.refresh_days)


if __name__ == "__main__":
    main()
