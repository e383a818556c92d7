"""Shared helpers: sample pages as FetchResults, the way the local fetcher builds them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.extract import ExtractedDocument, ExtractionFailure, extract_document
from pipeline.records import FetchResult

PAGES = Path(__file__).resolve().parents[2] / "samples" / "pages"
SUFFIX_TYPES = {".html": "text/html", ".txt": "text/plain"}


def fetched(
    body: bytes | None,
    url: str = "https://news.example.org/2026/11/story",
    *,
    content_type: str | None = "text/html",
    final_url: str | None = None,
    status: str = "ok",
) -> FetchResult:
    return FetchResult(
        source="test",
        url=url,
        status=status,
        fetched_at=datetime.now(UTC),
        final_url=final_url,
        http_status=200 if status == "ok" else None,
        content_type=content_type,
        body=body,
    )


def sample_result(name: str) -> FetchResult:
    path = PAGES / name
    return fetched(path.read_bytes(), path.as_uri(), content_type=SUFFIX_TYPES[path.suffix])


def extract_sample(name: str) -> ExtractedDocument:
    doc = extract_document(sample_result(name))
    assert isinstance(doc, ExtractedDocument), f"{name}: {doc}"
    return doc


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="session")
def sample_docs() -> dict[str, ExtractedDocument | ExtractionFailure]:
    """Every sample page extracted once (trafilatura takes ~50 ms a page)."""
    return {
        path.name: extract_document(sample_result(path.name))
        for path in sorted(PAGES.iterdir())
        if path.suffix in SUFFIX_TYPES
    }
