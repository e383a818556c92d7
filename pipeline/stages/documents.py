"""Stage 2: raw pages -> documents, with de-duplication by content hash.

fetch_log statuses are refined here: a page that fetched fine but yields no article
becomes 'empty' (or the extractor's reason), and an article already stored becomes
'duplicate'. Each fetch_log row of an article that landed gets its doc_id.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.extract import ExtractedDocument, extract_document
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


def build_documents(
    pages: Iterable[FetchResult],
    fetch_log: list[dict[str, Any]],
    partition_date: date,
    *,
    known_hashes: set[str],
    total: int | None = None,
    progress: Progress | None = None,
) -> DocumentsResult:
    """Extract every page; skip articles whose text is already stored (known_hashes)."""
    out = DocumentsResult()
    log_rows = {(row["source"], row["url"]): dict(row) for row in fetch_log}
    first_url_of: dict[str, str] = {}
    for done, page in enumerate(pages, start=1):
        row = log_rows.get((page.source, page.url))
        extracted = extract_document(page)
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
