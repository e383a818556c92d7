"""Stage 1: sources -> URLs -> fetched pages (raw_pages and fetch_log rows)."""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.fetch import Fetcher, fetch_all
from pipeline.records import FetchResult, SourceItem
from pipeline.sources import SourcesConfig
from pipeline.sources.discover import discover
from pipeline.stages.progress import Progress

# zlib level 6 is the library default: most of the gain of level 9 at a third of the cost.
RAW_COMPRESSION_LEVEL = 6


@dataclass
class IngestResult:
    raw_pages: list[dict[str, Any]] = field(default_factory=list)
    fetch_log: list[dict[str, Any]] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)


def fetch_log_row(result: FetchResult, partition_date: date) -> dict[str, Any]:
    return {
        "url": result.url,
        "source": result.source,
        "partition_date": partition_date,
        "status": result.status,
        "http_status": result.http_status,
        "reason": result.reason,
        "final_url": result.final_url,
        "doc_id": None,
        "fetched_at": result.fetched_at,
    }


def raw_page_row(result: FetchResult, partition_date: date) -> dict[str, Any]:
    body = result.body or b""
    return {
        "url": result.url,
        "final_url": result.final_url,
        "source": result.source,
        "partition_date": partition_date,
        "http_status": result.http_status,
        "content_type": result.content_type,
        "etag": result.etag,
        "last_modified": result.last_modified,
        "body_zlib": zlib.compress(body, RAW_COMPRESSION_LEVEL),
        "body_bytes": len(body),
        "fetched_at": result.fetched_at,
    }


def ingest(
    config: SourcesConfig,
    partition_date: date,
    *,
    validators: Mapping[str, tuple[str | None, str | None]] | None = None,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
) -> IngestResult:
    """Discover every source's URLs and fetch them; failures become fetch_log rows."""
    out = IngestResult()
    items: list[SourceItem] = []
    # One Fetcher for discovery and pages: robots.txt is read once per host and the
    # per-host delay also spaces a page request after the feed or sitemap request.
    with Fetcher() as fetcher:
        for source in config.sources:
            found, failures = discover(source, config.settings_for(source), fetcher=fetcher)
            if log:
                log(f"source {source.name}: {len(found)} URLs, {len(failures)} discovery failures")
            items.extend(found)
            for failure in failures:
                out.fetch_log.append(fetch_log_row(failure, partition_date))
                out.statuses[failure.status] += 1
        by_name = {source.name: config.settings_for(source) for source in config.sources}
        for result in fetch_all(items, by_name.__getitem__, validators, progress, fetcher=fetcher):
            out.fetch_log.append(fetch_log_row(result, partition_date))
            out.statuses[result.status] += 1
            if result.status == "ok":
                out.raw_pages.append(raw_page_row(result, partition_date))
    return out
