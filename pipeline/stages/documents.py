"""Stage 2: raw pages -> documents, with de-duplication by content hash.

fetch_log statuses are refined here: a page that fetched fine but yields no article
becomes 'empty' (or the extractor's reason), and an article already stored becomes
'duplicate'. Each fetch_log row of an article that landed gets its doc_id.

The stage streams through a staging area (pipeline/store/staging.py), so it holds the
database only to snapshot its inputs and to commit, and its memory does not grow with the
day: ``stage_inputs`` copies the day's raw pages, fetch_log and the other days' content
hashes to Parquet; ``build_documents`` extracts the pages one snapshot file at a time and
stages document rows and per-page outcomes; ``commit_documents`` writes them in one
transaction. Pages are extracted in storage order (sorting them would hold every body in
memory), so of several pages with the same text the one stored — the first by (source,
url), as before — is chosen at commit, in SQL (sql/store/staging/first_documents.sql,
fetch_log_merged.sql).

Near-duplicates (syndicated copies: another template and headline, a paragraph cut or
added) are all stored — which outlets ran a story is information — under one story_id:
each document row carries the MinHash signature of its text, and ``commit_documents``
matches the documents it stores against the signatures stored for the days before
(pipeline/stories/) just before its transaction, under the same write lock.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from multiprocessing import forkserver
from multiprocessing.context import ForkServerContext
from multiprocessing.pool import AsyncResult
from typing import Any

import duckdb

from pipeline.extract import ExtractedDocument, extract_document
from pipeline.extract.failures import ExtractionFailure
from pipeline.records import FetchResult
from pipeline.stages.progress import Progress
from pipeline.store.reads import page_from_row
from pipeline.store.sqlfiles import load_sql
from pipeline.store.staging import Staging
from pipeline.stories import Candidate, StoredDocument, assign_story_ids, minhash_bytes
from pipeline.stories.matching import STORY_WINDOW

# Which of a batch of content hashes other days store: the snapshot's lookup or a set.
KnownHashes = Callable[[Sequence[str]], Set[str]] | Set[str]

# Pages decided at a time: their content hashes are looked up among other days' in one
# query over the snapshot of those hashes (a scan, ~10 ms per million), and their rows are
# staged together. 256 keeps a batch's texts to a few MB.
DECIDE_BATCH = 256
# Staged rows are written to Parquet and dropped every this many pages (~a few MB of
# document rows), so the day's documents never sit in memory together.
FLUSH_PAGES = 500

# Also written by sql/store/staging/fetch_log_merged.sql, for a text another day stored
# after this stage's snapshot of known hashes.
REASON_STORED_ELSEWHERE = "same text as a document stored for another day"


@dataclass
class DocumentsResult:
    """Counters of one run; the rows themselves are in the staging area."""

    statuses: Counter[str] = field(default_factory=Counter)
    pages: int = 0

    def settle(self, stored: int) -> None:
        """Count as duplicates the texts the commit did not store because another day
        stored them after this run's snapshot (two days extracted at once), or another
        source stored them for this day (first_documents.sql)."""
        late = self.statuses["ok"] - stored
        if late > 0:
            self.statuses["ok"] -= late
            self.statuses["duplicate"] += late
            self.statuses += Counter()  # drops a count that fell to zero


def make_doc_id(canonical_url: str, content_hash: str) -> str:
    """Stable id: the same article at the same address always gets the same id."""
    return hashlib.sha256(f"{canonical_url}\n{content_hash}".encode()).hexdigest()[:16]


def published_day(value: str | None) -> date | None:
    """documents.published_at of an extracted date string (None when it is no date)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _document_row(
    doc: ExtractedDocument, page: FetchResult, partition_date: date
) -> dict[str, Any]:
    return {
        "doc_id": make_doc_id(doc.canonical_url, doc.content_hash),
        "url": doc.url,
        "canonical_url": doc.canonical_url,
        "source": doc.source,
        "title": doc.title,
        "author": doc.author,
        "published_at": published_day(doc.published_at),
        "sitename": doc.sitename,
        "language": doc.language,
        "text": doc.text,
        "content_hash": doc.content_hash,
        "partition_date": partition_date,
        "fetched_at": page.fetched_at,
        "minhash": minhash_bytes(doc.text),
    }


# Pages per task sent to a worker: large enough that pickling round trips stay a small
# share of the ~7-30 ms per page, small enough to balance the pages over the workers.
EXTRACT_CHUNK = 4
# Tasks in flight per worker. The parent reads and decompresses the next pages, and stages
# the rows of the last ones, while the workers extract: with a fixed window of tasks
# queued ahead the workers never wait for it (a batch-at-a-time map left them idle at
# every batch's end and during the parent's own work), and a large day never sits in
# memory whole: 2 workers x 8 tasks x 4 pages of ~100 kB are a few MB.
TASKS_AHEAD_PER_WORKER = 8

Extracted = ExtractedDocument | ExtractionFailure


def _extract_one(page: FetchResult) -> tuple[FetchResult, Extracted]:
    # The body is dropped before the page travels back: the caller needs only its metadata.
    return replace(page, body=None), extract_document(page)


def _extract_chunk(pages: list[FetchResult]) -> list[tuple[FetchResult, Extracted]]:
    return [_extract_one(page) for page in pages]


def _init_extract_worker() -> None:
    # The pool's exit ends its workers with SIGTERM (Pool.terminate), and nothing else
    # does: terminate holds the task queue's lock, so no worker can read a stop sentinel.
    # They must not ignore SIGTERM, yet an ignored signal survives the forkserver's exec
    # and fork: a process a shell starts in the background ignores SIGINT, and Dagster
    # gives SIGTERM that disposition after a run (setup_interrupt_handlers). In a process
    # that outlives one run (a test session, a notebook) a later pool's exit would then
    # wait forever, as would any consumer that stops mid-day
    # (tests/stages/test_documents.py).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _forkserver() -> ForkServerContext:
    """The forkserver context, its server started with SIGTERM's default action.

    Workers reset SIGTERM themselves (_init_extract_worker), but one still starting when
    the pool exits gets the signal before that and lives on (seen under load). The server
    is started once per process and its children inherit its dispositions, so an ignored
    SIGTERM is lifted while it starts (only the main thread may set handlers)."""
    context = multiprocessing.get_context("forkserver")
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
    ):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            forkserver.ensure_running()
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
    return context


def extract_pages(
    pages: Iterable[FetchResult], n_process: int = 1
) -> Iterator[tuple[FetchResult, Extracted]]:
    """(page, extraction) in input order; with n_process > 1, in a pool of workers.

    Extraction (trafilatura, language id) is pure CPU per page, so it scales with cores.
    The pool uses forkserver, not fork: the caller may be a threaded Dagster process, and
    forking one can deadlock on a lock another thread held at the time of the fork.
    """
    if n_process <= 1:
        yield from map(_extract_one, pages)
        return
    pending = iter(pages)
    with _forkserver().Pool(n_process, initializer=_init_extract_worker) as pool:
        in_flight: deque[AsyncResult[list[tuple[FetchResult, Extracted]]]] = deque()

        def submit() -> None:
            if chunk := list(islice(pending, EXTRACT_CHUNK)):
                in_flight.append(pool.apply_async(_extract_chunk, (chunk,)))

        for _ in range(n_process * TASKS_AHEAD_PER_WORKER):
            submit()
        while in_flight:
            done = in_flight.popleft().get()
            submit()  # before yielding: the caller's work on these overlaps the workers'
            yield from done


def stage_inputs(
    conn: duckdb.DuckDBPyConnection,
    staging: Staging,
    partition_date: date,
    sources: Collection[str],
) -> int:
    """Snapshot the day's inputs of ``sources`` (the names of the sources the run ingests)
    into ``staging`` (the only reads of the database); returns the number of raw pages.
    The caller can close ``conn`` as soon as this returns."""
    scope = {"day": partition_date, "sources": sorted(sources)}
    staging.pin(
        conn,
        "store/staging/documents_inputs_fingerprint",
        scope,
        f"the raw pages or fetch_log of {partition_date} changed while its documents were "
        "extracted (another run fetched the day again); rerun the documents step",
    )
    staging.snapshot(conn, "fetch_log_before", "store/staging/fetch_log_before", scope)
    staging.snapshot(conn, "known_hashes", "store/hashes_elsewhere", [partition_date])
    return staging.snapshot(conn, "raw_pages", "store/staging/raw_pages", scope)


def staged_pages(staging: Staging) -> Iterator[FetchResult]:
    """The snapshot's raw pages, bodies decompressed one page at a time."""
    for row in staging.rows("raw_pages"):
        yield page_from_row(row)


def known_hashes_in(staging: Staging) -> Callable[[Sequence[str]], Set[str]]:
    """Lookup of content hashes in the snapshot of the other days' hashes."""

    def lookup(hashes: Sequence[str]) -> Set[str]:
        if not hashes:
            return set()
        return {h for (h,) in staging.query("store/staging/known_among", [list(hashes)])}

    return lookup


def build_documents(
    pages: Iterable[FetchResult],
    partition_date: date,
    *,
    staging: Staging,
    known_hashes: KnownHashes,
    total: int | None = None,
    progress: Progress | None = None,
    n_process: int = 1,
    flush_pages: int = FLUSH_PAGES,
) -> DocumentsResult:
    """Extract every page; stage a document row for each new text, an outcome otherwise.

    Texts other days store (``known_hashes``) become duplicates here; of the pages of one
    new text, all are staged and the first by (source, url) is stored at commit. Staged
    rows are flushed to Parquet every ``flush_pages`` pages. ``n_process`` > 1 extracts in
    that many worker processes (same results).
    """
    lookup = _lookup(known_hashes)
    out = DocumentsResult()
    # Pages staged per new text, to count stored and duplicate pages without the rows: a
    # hash and a number per text (~100 bytes), not the documents.
    pages_of_text: Counter[str] = Counter()
    documents: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    extracted_pages = extract_pages(pages, n_process)
    while batch := list(islice(extracted_pages, DECIDE_BATCH)):
        known = lookup([e.content_hash for _, e in batch if isinstance(e, ExtractedDocument)])
        for page, extracted in batch:
            out.pages += 1
            status: str | None
            reason: str | None
            if not isinstance(extracted, ExtractedDocument):
                status, reason = extracted.status, extracted.reason
            elif extracted.content_hash in known:
                status, reason = "duplicate", REASON_STORED_ELSEWHERE
            else:
                # Stored or a duplicate of another page of the day: decided at commit.
                pages_of_text[extracted.content_hash] += 1
                documents.append(_document_row(extracted, page, partition_date))
                status = reason = None
            if status is not None:
                out.statuses[status] += 1
                outcomes.append(
                    {"source": page.source, "url": page.url, "status": status, "reason": reason}
                )
            if out.pages % flush_pages == 0:
                _stage(staging, documents, outcomes)
                documents, outcomes = [], []
            if progress and total:
                progress(out.pages, total)
    _stage(staging, documents, outcomes)
    if pages_of_text:
        out.statuses["ok"] += len(pages_of_text)
        if duplicates := sum(pages_of_text.values()) - len(pages_of_text):
            out.statuses["duplicate"] += duplicates
    return out


def _lookup(known_hashes: KnownHashes) -> Callable[[Sequence[str]], Set[str]]:
    if callable(known_hashes):
        return known_hashes
    return lambda hashes: {h for h in hashes if h in known_hashes}


def _stage(
    staging: Staging, documents: list[dict[str, Any]], outcomes: list[dict[str, Any]]
) -> None:
    """Hand a run of pages' rows to the staging area and write them out of memory."""
    staging.add("documents", documents)
    staging.add("fetch_log_outcomes", outcomes)
    staging.flush()


def commit_documents(
    conn: duckdb.DuckDBPyConnection,
    staging: Staging,
    partition_date: date,
    sources: Collection[str],
    result: DocumentsResult | None = None,
) -> dict[str, int]:
    """Replace the day's documents and fetch_log of ``sources`` with the staged ones, in one
    transaction (other sources' rows of the day stay); ``result``'s counts are settled
    with what was stored.

    Before the transaction, the documents it may store get their story_ids
    (``match_stories``): ``conn`` holds the write lock, so nothing is stored between the
    two."""
    match_stories(conn, staging, partition_date, sources)
    written = staging.commit(
        conn,
        partition_date,
        ("documents", "fetch_log"),
        queries={
            "documents": "store/staging/first_documents",
            "fetch_log": "store/staging/fetch_log_merged",
        },
        sources=sources,
    )
    if result is not None:
        result.settle(written["documents"])
    return written


def match_stories(
    conn: duckdb.DuckDBPyConnection,
    staging: Staging,
    partition_date: date,
    sources: Collection[str],
) -> dict[str, str]:
    """Stage the story_id of each staged document the commit may store
    (document_stories; first_documents.sql copies it in) and return them.

    Matched against the documents stored for the STORY_WINDOW before the day and for the
    day by other sources (pipeline/stories/matching.py). A text stored already is left out:
    the commit does not store it again, so it must not become a story of its own.
    """
    staged = staging.query("store/staging/story_candidates")
    scope = {"day": partition_date, "sources": sorted(sources)}
    stored_texts = {
        h
        for (h,) in conn.execute(
            load_sql("store/staging/hashes_stored_among"),
            {**scope, "hashes": [h for _, h, _ in staged]},
        ).fetchall()
    }
    candidates = [
        Candidate(doc_id, minhash)
        for doc_id, content_hash, minhash in staged
        if content_hash not in stored_texts and minhash is not None
    ]
    window = {**scope, "first": partition_date - STORY_WINDOW}
    stored = (
        StoredDocument(doc_id, story_id, day, minhash)
        for doc_id, story_id, day, minhash in conn.execute(
            load_sql("store/staging/stories_stored"), window
        ).fetchall()
    )
    stories = assign_story_ids(candidates, stored, partition_date)
    staging.add(
        "document_stories",
        [{"doc_id": doc_id, "story_id": story_id} for doc_id, story_id in stories.items()],
    )
    return stories
