"""Why a day has no document, in words: the brief and the run summary say it rather than
show an empty page (an empty folder, every page seen before, nothing published that day)."""

from __future__ import annotations

from datetime import date

import duckdb

from pipeline.store import load_sql

BY_INGEST = "ingest"
BY_PUBLISHED = "published"


def empty_day_reasons(conn: duckdb.DuckDBPyConnection, day: date, by: str = BY_INGEST) -> list[str]:
    """One sentence per reason ``day`` (ingest or publication day, ``by``) has no document;
    an empty list when it has some."""
    column = "coalesce(published_at, partition_date)" if by == BY_PUBLISHED else "partition_date"
    # The column is one of two fixed expressions, never user input.
    row = conn.execute(f"SELECT count(*) FROM documents WHERE {column} = ?", [day]).fetchone()
    if row is not None and row[0]:
        return []
    reasons = []
    if by == BY_PUBLISHED:
        reasons.append(f"no stored document was published on {day}")
        elsewhere = conn.execute(load_sql("brief/published/ingested_elsewhere"), {"day": day})
        documents, first, last = elsewhere.fetchone() or (0, None, None)
        if documents:
            span = f"{first}" if first == last else f"{first} to {last}"
            reasons.append(
                f"the {documents} documents ingested on {day} were published on {span} "
                "(their briefs by publication day show them)"
            )
            return reasons
    statuses = conn.execute(load_sql("brief/empty_day"), {"day": day}).fetchall()
    if not statuses:
        reasons.append(f"nothing was fetched for {day}: no run has ingested this day")
        return reasons
    total = sum(urls for _, urls, _, _ in statuses)
    if len(statuses) == 1 and statuses[0][0] == "duplicate":
        _, urls, sources, example = statuses[0]
        reasons.append(
            f"all {urls} pages fetched on {day} ({sources}) were seen before "
            f"(duplicate: {example or 'same text as a stored document'})"
        )
        return reasons
    if len(statuses) > 1:
        reasons.append(f"none of the {total} URLs fetched on {day} became a document")
    for status, urls, sources, example in statuses:
        because = f": {example}" if example else ""
        reasons.append(f"{status} {urls} ({sources}){because}")
    return reasons
