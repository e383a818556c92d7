"""Stage 2: raw pages -> documents, with de-duplication by content hash.

fetch_log statuses are refined here: a page that fetched fine but yields no article
becomes 'empty' (or the extractor's reason), and an article already stored becomes
'duplicate'. Each fetch_log row of an article that landed gets its doc_id.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from typing import Any

from pipeline.extract import ExtractedDocument, extract_document
from pipeline.extract.failures import ExtractionFailure
from pipeline.records import FetchResult
from pipeline.stages.progress import Progress


@dataclass
class DocumentsResult:
    documents: list[dict[str, Any]] = field(default_factory=list)
    fetch_log: list[dict[str, Any]] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)


def make_doc_id(canonical_url: str, content_hash: str) -> str:
    """Stable id: the same article at the same address always gets the same id."""
    return hashlib.sha256(f"{canonical_url}\n{content_hash}".encode()).hexdigest()[:16]


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _document_row(doc: ExtractedDocument, page: FetchResult, partition_date: date) -> dict:
    return {
        "doc_id": make_doc_id(doc.canonical_url, doc.content_hash),
        "url": doc.url,
        "canonical_url": doc.canonical_url,
        "source": doc.source,
        "title": doc.title,
        "author": doc.author,
        "published_at": _published(doc.published_at),
        "sitename": doc.sitename,
        "language": doc.language,
        "text": doc.text,
        "content_hash": doc.content_hash,
        "partition_date": partition_date,
        "fetched_at": page.fetched_at,
    }


# Pages handed to the extraction workers at a time. Bounded so a large day never sits in
# memory whole (the reader streams pages from DuckDB); 64 pages of ~100 kB are a few MB,
# and with two workers a batch is ~0.5 s of work per worker, so the barrier between batches
# costs little (bench/run.py measures the stage).
EXTRACT_BATCH = 64
# Pages per task sent to a worker: small enough to balance 64 pages over the workers,
# large enough that pickling round trips stay a small share of the ~30 ms per page.
EXTRACT_CHUNK = 4

Extracted = ExtractedDocument | ExtractionFailure


def _extract_one(page: FetchResult) -> tuple[FetchResult, Extracted]:
    # The body is dropped before the page travels back: the caller needs only its metadata.
    return replace(page, body=None), extract_document(page)


def extract_pages(
    pages: Iterable[FetchResult], n_process: int = 1
) -> Iterator[tuple[FetchResult, Extracted]]:
    """(page, extraction) in input order; with n_process > 1, in a pool of workers.

    Extraction (trafilatura, language id) is pure CPU per page, so it scales with cores.
    The pool uses forkserver, not fork: the caller may be a threaded Dagster process, and
    forking one can deadlock on a lock another thread held at the time of the fork.
    """
    if n_process <= 1:
        for page in pages:
            yield replace(page, body=None), extract_document(page)
        return
    pending = iter(pages)
    with multiprocessing.get_context("forkserver").Pool(n_process) as pool:
        while batch := list(islice(pending, EXTRACT_BATCH)):
            yield from pool.imap(_extract_one, batch, chunksize=EXTRACT_CHUNK)


def build_documents(
    pages: Iterable[FetchResult],
    fetch_log: list[dict[str, Any]],
    partition_date: date,
    *,
    known_hashes: set[str],
    total: int | None = None,
    progress: Progress | None = None,
    n_process: int = 1,
) -> DocumentsResult:
    """Extract every page; skip articles whose text is already stored (known_hashes).

    ``n_process`` > 1 extracts in that many worker processes (same results, same order).
    """
    out = DocumentsResult()
    log_rows = {(row["source"], row["url"]): dict(row) for row in fetch_log}
    first_url_of: dict[str, str] = {}
    for done, (page, extracted) in enumerate(extract_pages(pages, n_process), start=1):
        row = log_rows.get((page.source, page.url))
        if not isinstance(extracted, ExtractedDocument):
            status, reason = extracted.status, extracted.reason
        elif extracted.content_hash in known_hashes:
            status, reason = "duplicate", "same text as a document stored for another day"
        elif extracted.content_hash in first_url_of:
            status = "duplicate"
            reason = f"same text as {first_url_of[extracted.content_hash]}"
        else:
            status, reason = "ok", None
            first_url_of[extracted.content_hash] = page.url
            doc = _document_row(extracted, page, partition_date)
            out.documents.append(doc)
            if row is not None:
                row["doc_id"] = doc["doc_id"]
        if row is not None:
            row["status"], row["reason"] = status, reason
        out.statuses[status] += 1
        if progress and total:
            progress(done, total)
    out.fetch_log = list(log_rows.values())
    return out
