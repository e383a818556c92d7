"""Per-day writes on a real DuckDB file: replace, never duplicate, roll back on failure."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.records import FetchStatus
from pipeline.store import ensure_schema, insert_rows, reads, replace_partition

DAY = date(2026, 3, 1)
OTHER = date(2026, 3, 2)


def log_row(url: str, day: date, status: str = "ok") -> dict:
    return {
        "url": url,
        "source": "s",
        "partition_date": day,
        "status": status,
        "fetched_at": datetime(2026, 3, 1, 12),
    }


@pytest.fixture
def conn(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(tmp_path / "test.duckdb"))
    ensure_schema(connection)
    yield connection
    connection.close()


def count(conn: duckdb.DuckDBPyConnection, table: str, day: date) -> int:
    return conn.execute(f"SELECT count(*) FROM {table} WHERE partition_date = ?", [day]).fetchone()[
        0
    ]


def test_schema_is_idempotent(conn: duckdb.DuckDBPyConnection) -> None:
    ensure_schema(conn)
    tables = {
        r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert {
        "documents",
        "fetch_log",
        "raw_pages",
        "entities",
        "entity_aliases",
        "mentions",
        "claims",
        "contested_claims",
        "claim_entities",
    } <= tables


def test_rerun_replaces_the_day_and_leaves_others(conn: duckdb.DuckDBPyConnection) -> None:
    replace_partition(conn, OTHER, {"fetch_log": [log_row("http://o/1", OTHER)]})
    replace_partition(
        conn, DAY, {"fetch_log": [log_row("http://a/1", DAY), log_row("http://a/2", DAY)]}
    )
    replace_partition(
        conn, DAY, {"fetch_log": [log_row("http://a/1", DAY), log_row("http://a/2", DAY)]}
    )
    assert count(conn, "fetch_log", DAY) == 2
    replace_partition(conn, DAY, {"fetch_log": [log_row("http://a/3", DAY, "timeout")]})
    assert [r["url"] for r in reads.fetch_log(conn, DAY)] == ["http://a/3"]
    assert count(conn, "fetch_log", OTHER) == 1


def test_failure_mid_write_keeps_previous_state(conn: duckdb.DuckDBPyConnection) -> None:
    replace_partition(conn, DAY, {"fetch_log": [log_row("http://a/1", DAY)]})
    bad = {
        "url": None,
        "source": "s",
        "partition_date": DAY,
        "fetched_at": datetime(2026, 3, 1),
    }  # NOT NULL violation on url
    with pytest.raises(duckdb.ConstraintException):
        replace_partition(
            conn, DAY, {"fetch_log": [log_row("http://a/2", DAY)], "raw_pages": [bad]}
        )
    assert [r["url"] for r in reads.fetch_log(conn, DAY)] == ["http://a/1"]


def test_shared_rows_are_added_once(conn: duckdb.DuckDBPyConnection) -> None:
    entity = {"entity_id": "e1", "name": "Mira Sefton", "label": "person"}
    replace_partition(conn, DAY, {}, shared={"entities": [entity]})
    replace_partition(conn, OTHER, {}, shared={"entities": [entity]})
    assert conn.execute("SELECT count(*) FROM entities").fetchone()[0] == 1


def test_rejects_unknown_tables_and_columns(conn: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="per-day"):
        replace_partition(conn, DAY, {"entities": []})
    with pytest.raises(ValueError, match="unknown table"):
        insert_rows(conn, "secrets; DROP TABLE claims", [{"a": 1}])
    with pytest.raises(ValueError, match="unknown columns"):
        insert_rows(conn, "fetch_log", [{**log_row("u", DAY), "colour": "red"}])


def test_bulk_insert_keeps_types_and_nulls(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [log_row(f"http://a/{i}", DAY) | {"http_status": i % 3 or None} for i in range(5000)]
    replace_partition(conn, DAY, {"fetch_log": rows})
    got = conn.execute(
        "SELECT count(*), count(http_status), max(http_status) FROM fetch_log"
        " WHERE partition_date = ?",
        [DAY],
    ).fetchone()
    assert got == (5000, 3333, 2)


def test_raw_pages_round_trip_compressed(conn: duckdb.DuckDBPyConnection) -> None:
    from pipeline.records import FetchResult
    from pipeline.stages.raw_pages import raw_page_row

    body = "<html><body><p>Żółć – ünïcode</p></body></html>".encode() * 100
    result = FetchResult(
        source="s",
        url="http://a/1",
        status=FetchStatus.OK,
        fetched_at=datetime(2026, 3, 1),
        http_status=200,
        content_type="text/html",
        body=body,
        etag='"v1"',
    )
    row = raw_page_row(result, DAY)
    assert len(row["body_zlib"]) < len(body) // 5
    replace_partition(conn, DAY, {"raw_pages": [row]})
    (page,) = list(reads.raw_pages(conn, DAY))
    assert page.body == body and page.etag == '"v1"' and page.source == "s"
    assert page.status is FetchStatus.OK
    assert reads.validators_before(conn, OTHER) == {"http://a/1": ('"v1"', None)}
    assert reads.validators_before(conn, DAY) == {}


def test_fetch_statuses_are_stored_as_their_strings(conn: duckdb.DuckDBPyConnection) -> None:
    from pipeline.fetch import status as st

    # The strings in fetch_log.status (and in every query and view that reads them).
    assert {s.value for s in FetchStatus} == {
        "ok", "robots", "timeout", "http_error", "too_large", "not_html", "empty",
        "private_address", "redirect_loop", "too_many_redirects", "connection_error",
        "invalid_url", "not_modified", "file_error", "bad_feed", "bad_sitemap", "error",
    }  # fmt: skip
    assert st.TIMEOUT is FetchStatus.TIMEOUT and frozenset(FetchStatus) == st.ALL_STATUSES
    rows = [log_row(f"http://a/{s}", DAY, status=s) for s in FetchStatus]
    replace_partition(conn, DAY, {"fetch_log": rows})
    stored = conn.execute("SELECT status FROM fetch_log ORDER BY status").fetchall()
    assert [s for (s,) in stored] == sorted(s.value for s in FetchStatus)
    assert all(type(s) is str for (s,) in stored)
