"""fetch_all: many items, bounded concurrency, results streamed back as they finish."""

from __future__ import annotations

import logging
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from pipeline.fetch import status as st
from pipeline.fetch.client import Fetcher, Validators, host_key
from pipeline.fetch.clock import utcnow
from pipeline.records import FetchResult, SourceItem
from pipeline.sources.config import FetchSettings

log = logging.getLogger(__name__)


def interleave_by_host(items: list[SourceItem]) -> list[SourceItem]:
    """Round-robin over hosts, so workers are not all queued behind one host's delay."""
    by_host: dict[str, list[SourceItem]] = defaultdict(list)
    for item in items:
        by_host["" if item.path is not None else host_key(item.url)].append(item)
    queues = list(by_host.values())
    out: list[SourceItem] = []
    for i in range(max((len(q) for q in queues), default=0)):
        out.extend(q[i] for q in queues if i < len(q))
    return out


def fetch_all(
    items: Iterable[SourceItem],
    settings_for: Callable[[str], FetchSettings],
    validators: Mapping[str, Validators] | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    fetcher: Fetcher | None = None,
) -> Iterator[FetchResult]:
    """Fetch every item; yield one FetchResult per item, in completion order.

    Never raises for a per-URL problem. Each source has at most its own
    ``settings.concurrency`` requests in flight; the worker pool is as large as the
    largest of them. Work is handed out here, not queued in the pool, so a source with
    low concurrency never parks workers that another source could use. Stopping the
    iteration early cancels what has not started. Pass ``fetcher`` to share a robots
    cache and host pacing with discovery.
    """
    todo = list(items)
    total = len(todo)
    if not total:
        return
    settings: dict[str, FetchSettings] = {}
    queues: dict[str, deque[SourceItem]] = {}
    broken: list[FetchResult] = []
    for name in dict.fromkeys(item.source for item in todo):
        try:
            settings[name] = settings_for(name)
        except Exception as exc:  # an unknown source fails its items, not the run
            broken.extend(
                FetchResult(
                    item.source,
                    item.url,
                    st.ERROR,
                    utcnow(),
                    reason=f"no fetch settings for source {name!r}: {exc!r}",
                )
                for item in todo
                if item.source == name
            )
            continue
        queues[name] = deque(interleave_by_host([i for i in todo if i.source == name]))
    done_count = 0
    for result in broken:
        done_count += 1
        if progress:
            progress(done_count, total)
        yield result
    if not queues:
        return
    workers = max(s.concurrency for s in settings.values())
    in_flight: dict[str, int] = dict.fromkeys(queues, 0)
    own = fetcher is None
    active = fetcher or Fetcher()

    def run(item: SourceItem) -> FetchResult:
        tags = validators.get(item.url) if validators else None
        return active.fetch_item(item, settings[item.source], tags)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")
    pending: dict[Future[FetchResult], str] = {}

    def top_up() -> None:
        # Round-robin over sources with work and spare concurrency, until the pool is full.
        # Bounded: every pass submits at least one item or stops.
        while len(pending) < workers:
            ready = [
                name
                for name, queue in queues.items()
                if queue and in_flight[name] < settings[name].concurrency
            ]
            if not ready:
                return
            for name in ready:
                if len(pending) >= workers:
                    return
                pending[pool.submit(run, queues[name].popleft())] = name
                in_flight[name] += 1

    try:
        top_up()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                in_flight[pending.pop(future)] -= 1
                done_count += 1
                result = future.result()  # Fetcher.fetch catches per-URL problems itself
                top_up()
                if progress:
                    progress(done_count, total)
                yield result
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        if own:
            active.close()
