"""Stage 1: sources -> URLs -> fetched pages (raw_pages and fetch_log rows).

``ingest`` collects the rows in memory (small days, tests); ``stage_ingest`` hands them to
a staging area (pipeline/store/staging.py) and flushes every FLUSH_PAGES pages, so a day of
many large pages never sits in memory whole and the database is only touched to commit.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.fetch import Fetcher, fetch_all
from pipeline.fetch import status as st
from pipeline.fetch.clock import utcnow
from pipeline.fetch.discover import LOCAL_SUFFIXES, discover
from pipeline.records import FetchResult, SourceItem
from pipeline.sources import Source, SourcesConfig
from pipeline.stages.progress import Progress
from pipeline.store.staging import Staging

# zlib level 1: the fastest. On news-dev's 61 real pages (14.7 MB of HTML) it stores 22 %
# of the bytes in 0.12 s, where the default level 6 stores 18 % in 0.33 s; the stage
# compresses every page in the run's serial path, so 4 points of archive size buy back
# ~3.5 ms a page (~2 % of a news-dev run).
RAW_COMPRESSION_LEVEL = 1

# Fetched pages buffered before the staging area writes them out. A compressed body is
# ~10-60 KB for a news page (the fetch byte cap bounds the worst case), so 200 pages are a
# few MB of rows; more would save little, the Parquet write costs ~ms per flush.
FLUSH_PAGES = 200


@dataclass
class PlannedDay:
    """What an import (pipeline/stages/archive.py) lands on one day: each source's items,
    found and dated already, and the failures it met finding them (on the ingest day)."""

    items: dict[str, list[SourceItem]] = field(default_factory=dict)
    failures: list[FetchResult] = field(default_factory=list)

    def sources(self) -> list[str]:
        """The sources with rows on the day: the ones the day's run owns."""
        return sorted({*self.items, *(f.source for f in self.failures)})


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


def nothing_found(source: Source) -> FetchResult:
    """The fetch_log row of a source that found nothing to fetch (an empty folder, a feed
    without article links): without it the day would have no row saying the source ran,
    and its brief could not say why it is empty."""
    if source.path is not None:
        where = source.path.resolve().as_uri()
        reason = (
            f"folder {source.path} holds no {', '.join(LOCAL_SUFFIXES)} files; "
            "put the pages there or point 'path:' at another folder"
        )
    else:
        where = source.feed or source.sitemap or f"urls of {source.name}"
        reason = f"the source's {source.kind} listed no article URLs"
    return FetchResult(
        source=source.name, url=where, status=st.EMPTY, fetched_at=utcnow(), reason=reason
    )


def _rows(
    config: SourcesConfig,
    partition_date: date,
    validators: Mapping[str, tuple[str | None, str | None]] | None,
    progress: Progress | None,
    log: Callable[[str], None] | None,
    planned: PlannedDay | None = None,
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(table, row, status) for every discovery failure and every fetched URL, in order.

    ``planned`` (an import, pipeline/stages/archive.py) names each source's items for the
    day and the failures met finding them: only those are fetched (cached pages are read
    from disk), and nothing is discovered."""
    items: list[SourceItem] = []
    # One Fetcher for discovery and pages: robots.txt is read once per host and the
    # per-host delay also spaces a page request after the feed or sitemap request.
    with Fetcher() as fetcher:
        if planned is not None:
            for failure in planned.failures:
                yield "fetch_log", fetch_log_row(failure, partition_date), failure.status
        for source in config.sources:
            if planned is not None:
                items.extend(planned.items.get(source.name, []))
                continue
            found, failures = discover(source, config.settings_for(source), fetcher=fetcher)
            if log:
                log(f"source {source.name}: {len(found)} URLs, {len(failures)} discovery failures")
            items.extend(found)
            if not found and not failures:
                failures = [nothing_found(source)]
            for failure in failures:
                yield "fetch_log", fetch_log_row(failure, partition_date), failure.status
        by_name = {source.name: config.settings_for(source) for source in config.sources}
        for result in fetch_all(items, by_name.__getitem__, validators, progress, fetcher=fetcher):
            yield "fetch_log", fetch_log_row(result, partition_date), result.status
            if result.status == "ok":
                yield "raw_pages", raw_page_row(result, partition_date), result.status


def ingest(
    config: SourcesConfig,
    partition_date: date,
    *,
    validators: Mapping[str, tuple[str | None, str | None]] | None = None,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
    planned: PlannedDay | None = None,
) -> IngestResult:
    """Discover every source's URLs and fetch them; failures become fetch_log rows.
    ``planned`` as in ``_rows``."""
    out = IngestResult()
    for table, row, status in _rows(config, partition_date, validators, progress, log, planned):
        if table == "fetch_log":
            out.fetch_log.append(row)
            out.statuses[status] += 1
        else:
            out.raw_pages.append(row)
    return out


@dataclass
class StagedIngest:
    """Counters of a staged ingest; the rows themselves are in the staging area."""

    pages: int = 0
    statuses: Counter[str] = field(default_factory=Counter)


def stage_ingest(
    config: SourcesConfig,
    partition_date: date,
    staging: Staging,
    *,
    validators: Mapping[str, tuple[str | None, str | None]] | None = None,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
    flush_pages: int = FLUSH_PAGES,
    planned: PlannedDay | None = None,
) -> StagedIngest:
    """``ingest``, with the rows streamed into ``staging`` (commit them with
    ``staging.commit(conn, day, INGEST_TABLES, sources=source_names(config))``);
    ``planned`` as in ``_rows``."""
    out = StagedIngest()
    pending = 0
    for table, row, status in _rows(config, partition_date, validators, progress, log, planned):
        staging.add(table, [row])
        if table == "fetch_log":
            out.statuses[status] += 1
        else:
            out.pages += 1
            pending += 1
            if pending >= flush_pages:
                staging.flush()
                pending = 0
    staging.flush()
    return out


# The tables stage 1 writes, in commit order.
INGEST_TABLES = ("raw_pages", "fetch_log")


def source_names(config: SourcesConfig) -> list[str]:
    """The sources a run of ``config`` owns: every stage replaces only their rows of the day."""
    return [source.name for source in config.sources]
