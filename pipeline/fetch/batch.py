"""fetch_all: many items, bounded concurrency, results streamed back as they finish."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime

from pipeline.fetch import status as st
from pipeline.fetch.client import Fetcher, Validators, host_key
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

    Never raises for a per-URL problem. Each source runs at most its own
    ``settings.concurrency`` requests at once; the worker pool is as large as the
    largest of them. Stopping iteration early cancels what has not started.
    """
    todo = interleave_by_host(list(items))
    total = len(todo)
    if not total:
        return
    settings: dict[str, FetchSettings | Exception] = {}
    for name in {item.source for item in todo}:
        try:
            settings[name] = settings_for(name)
        except Exception as exc:  # an unknown source fails its items, not the run
            settings[name] = exc
    workers = max((s.concurrency for s in settings.values() if isinstance(s, FetchSettings)),
                  default=1)  # fmt: skip
    gates = {
        name: threading.BoundedSemaphore(s.concurrency)
        for name, s in settings.items()
        if isinstance(s, FetchSettings)
    }
    own = fetcher is None
    active = fetcher or Fetcher()

    def run(item: SourceItem) -> FetchResult:
        chosen = settings[item.source]
        if isinstance(chosen, Exception):
            return FetchResult(item.source, item.url, st.ERROR, datetime.now(UTC),
                               reason=f"no fetch settings for source: {chosen!r}")  # fmt: skip
        with gates[item.source]:
            tags = validators.get(item.url) if validators else None
            return active.fetch_item(item, chosen, tags)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")
    pending: set[Future[FetchResult]] = set()
    try:
        pending = {pool.submit(run, item) for item in todo}
        done_count = 0
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                done_count += 1
                result = future.result()  # run() catches per-URL problems itself
                if progress:
                    progress(done_count, total)
                yield result
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        if own:
            active.close()
