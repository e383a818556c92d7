"""The lake mode: the same tables and views in a DuckLake instead of one DuckDB file.

A DuckLake keeps its catalog in a SQL database (PostgreSQL here: ``postgres:dbname=…``)
and its rows as Parquet files under a data path (a folder, or ``s3://…`` with DuckDB's
httpfs). Any number of processes on any number of machines attach it at once; each
transaction commits a new snapshot, and a reader sees whole snapshots only. So the
single-file contract holds unchanged: a day's rows of its sources are replaced in one
transaction, readers see whole days, a crash before COMMIT leaves nothing behind.

What differs from the file, and how it is handled:

* No PRIMARY KEY or UNIQUE constraints (DuckLake refuses them): ``lake_schema`` drops
  them from sql/schema.sql; the writes never relied on them (entities are added with
  NOT EXISTS, sql/store/entities/add.sql).
* Concurrent writers are optimistic: DuckLake only refuses a commit when another one
  deleted from the same rows. Two days appending to ``entities`` at once would then both
  add a new entity, and two days adjusting the totals over all days (writes.TOTAL_TABLES)
  would each start from a state without the other's. So every write transaction first
  bumps the one row of ``lake_commits`` (``claim_commit``): of two overlapping write
  transactions exactly one commits, the other fails with a conflict and is rerun whole
  on the new snapshot (``retry_on_conflict``). Only the commits queue; the heavy stages
  (fetch, extract, annotate) hold nothing while they work, as with the file.

The extensions come from the PyPI wheels duckdb-extension-ducklake and
duckdb-extension-postgres (extensions/v<duckdb>/<name>.duckdb_extension), installed from
that file: DuckDB's extension site is not reachable everywhere, and the wheels pin the
version that matches the duckdb package.
"""

from __future__ import annotations

import importlib.util
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

T = TypeVar("T")

LAKE_ALIAS = "lake"
EXTENSIONS = ("ducklake", "postgres")
# The one-row table every write transaction updates first (see the module docstring).
COMMIT_TABLE = "lake_commits"
# Conflict retries: attempts and the first pause, doubled each time, with jitter so two
# writers that collided do not collide again. A day's commit takes 1-10 s on the lake here
# (docs/SCALING.md); eight attempts wait up to ~2 min in all, enough for a queue of a few
# workers, and a run still fails, with a clear message, behind a writer that is stuck.
CONFLICT_ATTEMPTS = 8
CONFLICT_FIRST_PAUSE_S = 0.5
CONFLICT_MAX_PAUSE_S = 30.0
# Attempts to attach a catalog that other processes are creating at the same moment.
INIT_ATTEMPTS = 5
# DuckLake's messages for a commit another transaction got in before.
_CONFLICT = re.compile(r"conflict|Failed to commit DuckLake transaction", re.IGNORECASE)
_PRIMARY_KEY = re.compile(r"\s+PRIMARY KEY", re.IGNORECASE)


class LakeUnavailableError(RuntimeError):
    """The catalog or an extension could not be reached; the message names the fix."""


def extension_file(name: str) -> Path:
    """The .duckdb_extension file of the wheel duckdb-extension-<name> for this DuckDB."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    version = duckdb.__version__
    if spec is None or spec.origin is None:
        raise LakeUnavailableError(
            f"the DuckDB extension {name} is not installed: "
            f"pip install duckdb-extension-{name}=={version} (or run `make setup`)"
        )
    path = Path(spec.origin).parent / "extensions" / f"v{version}" / f"{name}.duckdb_extension"
    if not path.exists():
        raise LakeUnavailableError(
            f"{path} is missing: duckdb-extension-{name} does not match duckdb {version}; "
            f"pip install duckdb-extension-{name}=={version}"
        )
    return path


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def load_extensions(conn: duckdb.DuckDBPyConnection) -> None:
    for name in EXTENSIONS:
        conn.execute(f"INSTALL {_literal(str(extension_file(name)))}")
        conn.execute(f"LOAD {name}")


def connect_lake(
    catalog: str, data_path: str, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached and in use: unqualified names are the
    lake's tables and views, so every statement of sql/ runs on it unchanged.

    ``catalog``: DuckLake's metadata connection, e.g. ``postgres:dbname=lake host=…``.
    ``data_path``: where the Parquet files go (a folder or ``s3://bucket/prefix/``).
    """
    conn = duckdb.connect(config={"custom_user_agent": "newsclaims-lake"})
    try:
        load_extensions(conn)
        if "://" not in data_path:
            Path(data_path).mkdir(parents=True, exist_ok=True)
            data_path = str(Path(data_path).resolve()) + "/"
        options = [f"DATA_PATH {_literal(data_path)}"]
        if read_only:
            options.append("READ_ONLY")
        attach = f"ATTACH {_literal('ducklake:' + catalog)} AS {LAKE_ALIAS} ({', '.join(options)})"
        for number in range(1, INIT_ATTEMPTS + 1):
            try:
                conn.execute(attach)
                break
            except duckdb.Error as exc:
                # Processes attaching a new catalog at once race to create its tables; the
                # losers find it made when they try again.
                if "initialize DuckLake" in str(exc) and number < INIT_ATTEMPTS:
                    time.sleep(CONFLICT_FIRST_PAUSE_S * number)
                    continue
                first = str(exc).strip().splitlines()[0]
                raise LakeUnavailableError(
                    f"cannot attach the lake catalog {catalog!r} (NEWSCLAIMS_LAKE): {first}"
                ) from None
        conn.execute(f"USE {LAKE_ALIAS}")
    except BaseException:
        conn.close()
        raise
    return conn


def is_lake(conn: duckdb.DuckDBPyConnection) -> bool:
    """True when ``conn``'s current database is a DuckLake."""
    row = conn.execute(
        "SELECT type FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return row is not None and row[0] == "ducklake"


def lake_schema(sql: str) -> str:
    """sql/schema.sql for a DuckLake: the same tables without PRIMARY KEY."""
    return _PRIMARY_KEY.sub("", sql)


def ensure_commit_table(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"CREATE TABLE IF NOT EXISTS {COMMIT_TABLE} (commits BIGINT NOT NULL)")
    ((rows,),) = conn.execute(f"SELECT count(*) FROM {COMMIT_TABLE}").fetchall()
    if rows == 0:
        # Two processes creating a fresh lake at once would each insert a row: retried.
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(
                f"INSERT INTO {COMMIT_TABLE} SELECT 0 WHERE NOT EXISTS "
                f"(SELECT 1 FROM {COMMIT_TABLE})"
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def claim_commit(conn: duckdb.DuckDBPyConnection) -> None:
    """Inside a write transaction: make it conflict with every other write transaction
    that overlaps it (see the module docstring)."""
    conn.execute(f"UPDATE {COMMIT_TABLE} SET commits = commits + 1")


def is_conflict(exc: BaseException) -> bool:
    """True for DuckLake's refusal of a commit that another transaction overtook."""
    return isinstance(exc, duckdb.TransactionException) and bool(_CONFLICT.search(str(exc)))


def retry_on_conflict(
    attempt: Callable[[], T],
    *,
    attempts: int = CONFLICT_ATTEMPTS,
    first_pause_s: float = CONFLICT_FIRST_PAUSE_S,
    notify: Callable[[str], None] | None = None,
) -> T:
    """``attempt()`` (one whole transaction), rerun after a pause when DuckLake refuses its
    commit as conflicting; the last conflict is raised when every attempt conflicted."""
    pause = first_pause_s
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except duckdb.TransactionException as exc:
            if not is_conflict(exc) or number == attempts:
                raise
            wait = min(pause, CONFLICT_MAX_PAUSE_S) * (0.5 + random.random())
            if notify is not None:
                notify(
                    f"lake commit conflicted with another writer; retry {number} in {wait:.1f} s"
                )
            time.sleep(wait)
            pause *= 2
    raise AssertionError("unreachable")  # the loop returns or raises
