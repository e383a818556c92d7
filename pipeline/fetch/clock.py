"""The timestamp every FetchResult carries."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now in UTC, *naive*.

    fetch_log.fetched_at and raw_pages.fetched_at are TIMESTAMP (no time zone) columns,
    and DuckDB stores an aware datetime converted to the session's local zone: with
    aware values a host running with TZ=America/New_York would write every row five
    hours early. Naive UTC is what the rest of the store writes and reads.
    """
    return datetime.now(UTC).replace(tzinfo=None)
