"""A per-run staging area: a stage's inputs and outputs as Parquet files in a temporary folder.

Why: a stage that read its inputs from the database and collected its output rows in
Python held the database's write lock (pipeline/store/lock.py) for the whole extraction,
and its memory grew with the size of the day. With a staging area a stage

1. takes a short-lived connection and copies its inputs to Parquet (``snapshot``), then
   lets go of the database: readers and other writers are not blocked while it works;
2. reads the snapshot back one file at a time (``rows``), and hands its output rows to
   ``add``; every few hundred documents ``flush`` writes them to Parquet and drops them,
   so memory stays flat however large the day is;
3. takes a connection again and commits (``commit``): in ONE transaction, the day's old rows
   of the sources the stage ran are deleted (other sources' rows of the day stay) and the
   staged rows inserted (INSERT … SELECT from the Parquet files), shared
   rows merged (``writes.merge_entities``), then the day's summaries are refreshed — exactly what
   ``writes.replace_partition`` does with rows in memory. A crash before COMMIT leaves the
   previous state (DuckDB rolls the transaction back).

The folder is removed on ``close`` (the context manager closes it, also on error). A
killed process cannot remove its own: the folder names its owner's pid, and the next
staging area created in the same place removes the folders of processes that are gone.

Because the stage no longer holds the lock between reading and writing, ``pin`` records
a fingerprint of what it read, and ``commit`` re-checks it inside its transaction: if
another process rewrote the inputs meanwhile, the commit is refused with
``InputsChangedError`` instead of mixing two versions of the day. (What other days wrote
meanwhile is the commit's queries' to take into account: they run in its transaction.)

Staged rows are typed by the tables of sql/schema.sql plus sql/store/staging/tables.sql,
created in the staging area's own in-memory DuckDB database, which also writes and reads
the Parquet files (no pyarrow needed).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Formatter
from types import TracebackType
from typing import Any

import duckdb

from pipeline.store.lake import retry_on_conflict
from pipeline.store.sqlfiles import load_sql
from pipeline.store.writes import (
    PARTITIONED_TABLES,
    SHARED_TABLES,
    after_day_written,
    delete_owned,
    merge_entities,
    transaction,
)

Row = Mapping[str, Any]
Params = Sequence[Any] | Mapping[str, Any]

# Rows of one table buffered before they are written to a file even if the stage has not
# flushed: a guard against a stage (or a pathological document) that stages far more rows
# than its flush interval expects. 50k rows of a few hundred bytes are ~20 MB of dicts.
MAX_BUFFERED_ROWS = 50_000


PREFIX = "newsclaims-staging-"
OWNER_FILE = "owner.pid"


class InputsChangedError(RuntimeError):
    """The database changed under a stage between its snapshot and its commit."""


@dataclass(frozen=True)
class _Pin:
    sql_name: str
    params: Params
    value: list[tuple[Any, ...]]
    message: str


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _file_number(path: Path) -> int:
    # COPY names its files data_0, data_1, … data_10: read them in the order written.
    tail = path.stem.rsplit("_", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to judge
        return True
    return True


def remove_abandoned(root: Path) -> list[Path]:
    """Remove the staging folders under ``root`` whose process is gone (killed before it
    could close them); returns them. A folder without a readable pid is left alone: it
    is being created, or it is not ours."""
    removed = []
    for folder in root.glob(PREFIX + "*"):
        try:
            pid = int((folder / OWNER_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def insert_staged(conn: duckdb.DuckDBPyConnection, table: str, select: str) -> int:
    """INSERT INTO table BY NAME <select>; the number of rows inserted.

    A module-level function so a test can pause a commit just before one table's rows go
    in (tests/reliability/crash_hook.py), as it does for writes.insert_rows.
    """
    sql = load_sql("store/staging/insert").format(table=table, select=select)
    row = conn.execute(sql).fetchone()
    return int(row[0]) if row else 0


class Staging:
    """Temporary folder of Parquet files for one stage run; see the module docstring."""

    def __init__(
        self, *, root: str | Path | None = None, max_buffered_rows: int = MAX_BUFFERED_ROWS
    ) -> None:
        parent = Path(root) if root is not None else Path(tempfile.gettempdir())
        remove_abandoned(parent)
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        self._max_buffered = max(1, max_buffered_rows)
        self._files: dict[str, list[Path]] = {}
        self._buffers: dict[str, list[Row]] = {}
        self._columns: dict[str, list[tuple[str, str]]] = {}
        self._pins: list[_Pin] = []
        self._closed = False
        try:
            (self.path / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
            self._mem = duckdb.connect()
            self._mem.execute(load_sql("schema"))
            self._mem.execute(load_sql("store/staging/tables"))
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    # -- life cycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Drop the buffers, close the in-memory database and remove the folder."""
        if self._closed:
            return
        self._closed = True
        self._buffers.clear()
        try:
            self._mem.close()
        finally:
            shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- inputs -------------------------------------------------------------------------

    def snapshot(
        self, conn: duckdb.DuckDBPyConnection, name: str, sql_name: str, params: Params = ()
    ) -> int:
        """Copy the rows of sql/<sql_name>.sql (run on ``conn``) to the staging area as
        ``name``; returns the number of rows. The query must not end in a semicolon."""
        if name in self._files or name in self._buffers:
            raise ValueError(f"{name!r} is already staged")
        target = self.path / name
        sql = load_sql("store/staging/snapshot").format(
            query=load_sql(sql_name), target=_literal(str(target))
        )
        row = conn.execute(sql, params).fetchone()
        self._files[name] = sorted(target.glob("*.parquet"), key=_file_number)
        return int(row[0]) if row else 0

    def rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """A snapshot's rows, one file (a few MB) in memory at a time."""
        for path in list(self._files.get(name, [])):
            batch = self._mem.execute(load_sql("store/staging/read_file"), [str(path)]).fetchall()
            yield from batch

    def query(self, sql_name: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Run sql/<sql_name>.sql in the staging area; ``{name}`` in it reads staged ``name``."""
        return self._mem.execute(self._fill(load_sql(sql_name)), params).fetchall()

    def pin(
        self,
        conn: duckdb.DuckDBPyConnection,
        sql_name: str,
        params: Params,
        message: str,
    ) -> None:
        """Record the result of a query on ``conn`` now; ``commit`` refuses if it differs."""
        value = conn.execute(load_sql(sql_name), params).fetchall()
        self._pins.append(_Pin(sql_name, params, value, message))

    # -- outputs ------------------------------------------------------------------------

    def add(self, table: str, rows: Iterable[Row]) -> None:
        """Buffer rows for ``table`` (a table of the schema or of staging/tables.sql)."""
        known = {name for name, _ in self._table_columns(table)}
        buffer = self._buffers.setdefault(table, [])
        for row in rows:
            unknown = set(row) - known
            if unknown:
                raise ValueError(f"{table}: unknown columns {sorted(unknown)}")
            buffer.append(row)
        if len(buffer) >= self._max_buffered:
            self._flush_table(table)

    def flush(self) -> None:
        """Write every buffer to its own Parquet file and drop the rows from memory."""
        for table in list(self._buffers):
            self._flush_table(table)

    def commit(
        self,
        conn: duckdb.DuckDBPyConnection,
        partition_date: date,
        tables: Sequence[str],
        *,
        shared: Sequence[str] = (),
        queries: Mapping[str, str] | None = None,
        sources: Collection[str] | None = None,
    ) -> dict[str, int]:
        """In one transaction: check the pins, merge the ``shared`` rows
        (writes.merge_entities), replace each of ``tables``' rows of the day with the staged
        ones, and refresh the day's summaries when documents, mentions or claims changed.

        ``sources``: the sources the stage ran; only their rows of the day are replaced
        (writes.delete_owned). ``None`` replaces the whole day.
        A table's rows come from the set staged under its name, or from the query
        sql/<queries[table]>.sql, whose ``{name}`` placeholders read staged sets, ``{day}``
        is the day's date and ``{sources}`` the list of ``sources``.
        Returns the number of rows inserted per table.
        """
        for table in tables:
            if table not in PARTITIONED_TABLES:
                raise ValueError(f"{table!r} is not a per-day table")
        for table in shared:
            if table not in SHARED_TABLES:
                raise ValueError(f"{table!r} is not a shared table")
        self.flush()
        queries = queries or {}
        # Everything that touches the staging folder (empty files for empty sets) happens
        # before BEGIN, so the transaction only reads and writes the database.
        selects = {
            table: self._fill(
                load_sql(queries.get(table, "store/staging/staged_rows")),
                table,
                partition_date,
                sources,
            )
            for table in (*shared, *tables)
        }

        def attempt() -> dict[str, int]:
            written: dict[str, int] = {}
            with transaction(conn):
                for pin in self._pins:
                    if conn.execute(load_sql(pin.sql_name), pin.params).fetchall() != pin.value:
                        raise InputsChangedError(pin.message)
                for table in shared:
                    written[table] = merge_entities(conn, selects[table])
                for table in tables:
                    delete_owned(conn, table, partition_date, sources)
                    written[table] = insert_staged(conn, table, selects[table])
                after_day_written(conn, partition_date, tables, sources)
            return written

        # On a lake, a commit another writer overtook is rerun whole on the new snapshot
        # (pipeline/store/lake.py); the staged files are still there to read again.
        return retry_on_conflict(attempt)

    # -- internals ----------------------------------------------------------------------

    def _table_columns(self, table: str) -> list[tuple[str, str]]:
        if table not in self._columns:
            rows = self._mem.execute(load_sql("store/table_columns"), [table]).fetchall()
            if not rows:
                raise ValueError(f"unknown table {table!r}: not in the schema or staging tables")
            self._columns[table] = [(name, dtype) for name, dtype in rows]
        return self._columns[table]

    def _flush_table(self, table: str) -> None:
        rows = self._buffers.pop(table, [])
        if not rows:
            return
        columns = self._table_columns(table)
        files = self._files.setdefault(table, [])
        target = self.path / table / f"part-{len(files):05d}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        sql = load_sql("store/staging/copy_rows").format(
            columns=", ".join(f'unnest(?::{dtype}[]) AS "{name}"' for name, dtype in columns),
            target=_literal(str(target)),
        )
        self._mem.execute(sql, [[row.get(name) for row in rows] for name, _ in columns])
        files.append(target)

    def _source(self, name: str) -> str:
        """read_parquet([...]) of a staged set; an empty typed file when nothing was staged."""
        self._flush_table(name)
        files = self._files.get(name)
        if not files:
            target = self.path / name / "empty.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            self._table_columns(name)  # a clear error for a name that is neither
            self._mem.execute(
                load_sql("store/staging/copy_empty").format(
                    table=name, target=_literal(str(target))
                )
            )
            files = self._files[name] = [target]
        return "read_parquet([" + ", ".join(_literal(str(p)) for p in files) + "])"

    def _fill(
        self,
        sql: str,
        default: str | None = None,
        day: date | None = None,
        sources: Collection[str] | None = None,
    ) -> str:
        """Replace ``{name}`` with the staged set ``name`` (``{rows}``: the ``default`` set),
        ``{day}`` with the date ``day`` (an ISO date: safe to inline) and ``{sources}`` with
        a VARCHAR[] of ``sources`` (quoted literals); a query that names ``{sources}`` is
        only run by a commit that was given them."""
        names = {field for _, field, _, _ in Formatter().parse(sql) if field}
        values = {n: self._value(n, default, day, sources) for n in names}
        return sql.format(**values)

    def _value(
        self,
        name: str,
        default: str | None,
        day: date | None,
        sources: Collection[str] | None,
    ) -> str:
        if name == "day" and day is not None:
            return f"DATE '{day.isoformat()}'"
        if name == "sources":
            if sources is None:
                raise ValueError("this commit's queries need the sources the stage ran")
            return "[" + ", ".join(_literal(s) for s in sorted(sources)) + "]::VARCHAR[]"
        return self._source(default if name == "rows" and default else name)
