"""Reads the later stages need from earlier ones, so each stage reruns from stored data."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import duckdb

from pipeline.records import FetchResult, FetchStatus
from pipeline.store.sqlfiles import load_sql


def page_from_row(row: Sequence[Any]) -> FetchResult:
    """A stored raw page (the columns of store/raw_pages_for_partition.sql), body decompressed."""
    url, final_url, source, http_status, ctype, etag, modified, body, fetched = row
    return FetchResult(
        source=source,
        url=url,
        status=FetchStatus.OK,
        fetched_at=fetched,
        final_url=final_url,
        http_status=http_status,
        content_type=ctype,
        body=zlib.decompress(body) if body is not None else None,
        etag=etag,
        last_modified=modified,
    )


def raw_pages(conn: duckdb.DuckDBPyConnection, partition_date: date) -> Iterator[FetchResult]:
    """The day's stored raw responses, bodies decompressed, one at a time.

    Holds ``conn`` (and with it the write lock) until exhausted; the documents stage reads
    a snapshot instead (pipeline/stages/documents.py).
    """
    cursor = conn.execute(load_sql("store/raw_pages_for_partition"), [partition_date])
    # Decompress in small batches: the compressed rows are one result, the bodies are not.
    while batch := cursor.fetchmany(64):
        for row in batch:
            yield page_from_row(row)


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
    """(doc_id, text, language) for the day's documents, all in memory at once.

    The annotations stage reads a snapshot of them instead (pipeline/stages/annotations.py).
    """
    rows = conn.execute(load_sql("store/documents_for_partition"), [partition_date]).fetchall()
    return [(doc_id, text, language) for doc_id, text, language in rows]
