"""Reads the later stages need from earlier ones, so each stage reruns from stored data."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb

from pipeline.records import FetchResult
from pipeline.store.sqlfiles import load_sql


def raw_pages(conn: duckdb.DuckDBPyConnection, partition_date: date) -> Iterator[FetchResult]:
    """The day's stored raw responses, bodies decompressed, one at a time."""
    cursor = conn.execute(load_sql("store/raw_pages_for_partition"), [partition_date])
    # Fetch in small batches so a large day never sits in memory all at once.
    while batch := cursor.fetchmany(64):
        for url, final_url, source, http_status, ctype, etag, modified, body, fetched in batch:
            yield FetchResult(
                source=source,
                url=url,
                status="ok",
                fetched_at=fetched,
                final_url=final_url,
                http_status=http_status,
                content_type=ctype,
                body=zlib.decompress(body) if body is not None else None,
                etag=etag,
                last_modified=modified,
            )


def validators_before(
    conn: duckdb.DuckDBPyConnection, partition_date: date
) -> dict[str, tuple[str | None, str | None]]:
    """url -> (etag, last_modified) from the newest earlier fetch, for conditional requests."""
    rows = conn.execute(load_sql("store/validators_before"), [partition_date]).fetchall()
    return {url: (etag, modified) for url, etag, modified in rows}


def hashes_elsewhere(conn: duckdb.DuckDBPyConnection, partition_date: date) -> set[str]:
    """Content hashes of documents stored for any other day."""
    rows = conn.execute(load_sql("store/hashes_elsewhere"), [partition_date]).fetchall()
    return {h for (h,) in rows}


def fetch_log(conn: duckdb.DuckDBPyConnection, partition_date: date) -> list[dict[str, Any]]:
    """The day's fetch_log rows as dicts."""
    cursor = conn.execute(load_sql("store/fetch_log_for_partition"), [partition_date])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def documents(
    conn: duckdb.DuckDBPyConnection, partition_date: date
) -> list[tuple[str, str, str | None]]:
    """(doc_id, text, language) for the day's documents."""
    rows = conn.execute(load_sql("store/documents_for_partition"), [partition_date]).fetchall()
    return [(doc_id, text, language) for doc_id, text, language in rows]


def raw_page_count(conn: duckdb.DuckDBPyConnection, partition_date: date) -> int:
    row = conn.execute(load_sql("store/raw_page_count"), [partition_date]).fetchone()
    return int(row[0]) if row else 0
