"""An archive import: every page lands on its publication day's partition.

``plan_archive`` finds and fetches a sources file's pages once, reads each page's date
the way the documents stage does (pipeline/extract: the page's own metadata), and groups
them by day: the publication day, or the ingest day when the page gives none or gives one
after the ingest day (a date that has no partition yet). Web pages are kept in a cache
folder, so each day's run reads them from disk under their own URL instead of fetching
them again. Failures (discovery, fetch) land on the ingest day, where a run would have
recorded them. The plan is a JSON file the Dagster assets read (``NewsclaimsConfig.
import_plan``): one run of the daily job per day then replaces, on that day, only the rows
of the sources the plan lands there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.extract import ExtractedDocument
from pipeline.fetch import Fetcher, fetch_all
from pipeline.fetch.discover import discover
from pipeline.records import FetchResult, FetchStatus, SourceItem
from pipeline.sources import SourcesConfig
from pipeline.stages.documents import extract_pages, published_day
from pipeline.stages.progress import Progress
from pipeline.stages.raw_pages import PlannedDay, nothing_found

PLAN_VERSION = 1


@dataclass
class ArchivePlan:
    ingest_day: date
    days: dict[date, PlannedDay] = field(default_factory=dict)
    undated: int = 0  # pages with no date of their own: on the ingest day
    future: int = 0  # pages dated after the ingest day: on the ingest day

    def day(self, day: date) -> PlannedDay:
        return self.days.setdefault(day, PlannedDay())

    def pages(self) -> int:
        return sum(len(items) for p in self.days.values() for items in p.items.values())


def _cache_path(cache_dir: Path, result: FetchResult) -> Path:
    # The suffix tells read_local the content type (.txt: plain text, else HTML).
    suffix = ".txt" if (result.content_type or "").startswith("text/plain") else ".html"
    name = hashlib.sha256(f"{result.source}\n{result.url}".encode()).hexdigest()[:24]
    return cache_dir / f"{name}{suffix}"


def plan_archive(
    config: SourcesConfig,
    ingest_day: date,
    cache_dir: Path,
    *,
    n_process: int = 1,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
) -> ArchivePlan:
    """Find, fetch and date every page of ``config``; web pages are cached in
    ``cache_dir``. Never raises for a page: its failure lands on ``ingest_day``."""
    plan = ArchivePlan(ingest_day)
    items: list[SourceItem] = []
    with Fetcher() as fetcher:
        for source in config.sources:
            found, failures = discover(source, config.settings_for(source), fetcher=fetcher)
            if log:
                log(f"source {source.name}: {len(found)} URLs, {len(failures)} discovery failures")
            if not found and not failures:
                failures = [nothing_found(source)]
            if failures:  # no day without rows: its run would own no source
                plan.day(ingest_day).failures.extend(failures)
            items.extend(found)
        by_key = {(item.source, item.url): item for item in items}
        by_name = {source.name: config.settings_for(source) for source in config.sources}
        cache_dir.mkdir(parents=True, exist_ok=True)

        def fetched() -> Iterator[FetchResult]:
            for result in fetch_all(items, by_name.__getitem__, None, progress, fetcher=fetcher):
                if result.status != FetchStatus.OK:
                    plan.day(ingest_day).failures.append(result)
                    continue
                item = by_key[(result.source, result.url)]
                if item.path is None:  # a web page: read from the cache from now on
                    path = _cache_path(cache_dir, result)
                    path.write_bytes(result.body or b"")
                    by_key[(result.source, result.url)] = SourceItem(
                        source=item.source, url=item.url, path=path
                    )
                yield result

        for page, extracted in extract_pages(fetched(), n_process):
            day = ingest_day
            if isinstance(extracted, ExtractedDocument):
                published = published_day(extracted.published_at)
                if published is None:
                    plan.undated += 1
                elif published > ingest_day:
                    plan.future += 1
                else:
                    day = published
            # A page that yields no article lands on the ingest day, where the documents
            # stage records why.
            plan.day(day).items.setdefault(page.source, []).append(by_key[(page.source, page.url)])
    return plan


def write_plan(plan: ArchivePlan, path: Path) -> None:
    """The plan as JSON, for the assets of each day's run (read_planned_day)."""
    days = {
        day.isoformat(): {
            "items": [
                {"source": i.source, "url": i.url, "path": str(i.path) if i.path else None}
                for items in planned.items.values()
                for i in items
            ],
            "failures": [
                {
                    "source": f.source,
                    "url": f.url,
                    "status": str(f.status),
                    "http_status": f.http_status,
                    "reason": f.reason,
                    "final_url": f.final_url,
                    "fetched_at": f.fetched_at.isoformat(),
                }
                for f in planned.failures
            ],
        }
        for day, planned in sorted(plan.days.items())
    }
    body = {"version": PLAN_VERSION, "ingest_day": plan.ingest_day.isoformat(), "days": days}
    path.write_text(json.dumps(body, indent=1), encoding="utf-8")


def read_planned_day(path: Path, day: date) -> PlannedDay:
    """What the plan at ``path`` lands on ``day`` (nothing when the day is not in it)."""
    body = json.loads(path.read_text(encoding="utf-8"))
    raw = body["days"].get(day.isoformat())
    planned = PlannedDay()
    if raw is None:
        return planned
    for i in raw["items"]:
        item = SourceItem(
            source=i["source"], url=i["url"], path=Path(i["path"]) if i["path"] else None
        )
        planned.items.setdefault(item.source, []).append(item)
    for f in raw["failures"]:
        planned.failures.append(
            FetchResult(
                source=f["source"],
                url=f["url"],
                status=FetchStatus(f["status"]),
                fetched_at=datetime.fromisoformat(f["fetched_at"]),
                final_url=f["final_url"],
                http_status=f["http_status"],
                reason=f["reason"],
            )
        )
    return planned


def planned_days(path: Path) -> list[date]:
    body = json.loads(path.read_text(encoding="utf-8"))
    return [date.fromisoformat(d) for d in body["days"]]
