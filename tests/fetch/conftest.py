"""Fixtures for fetch and discovery tests: a live local server and fast, permissive settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline.sources.config import FetchSettings
from tests.fetch.server import TestServer

# Small limits keep the failure tests fast: a 0.5 s total deadline turns the slow
# routes into timeouts quickly, and 64 KB is enough for any test article.
TEST_TIMEOUT = 0.5
TEST_MAX_BYTES = 64 * 1024


def article(title: str, paragraphs: int = 3) -> bytes:
    body = "".join(
        f"<p>{title}: paragraph {i} says the minister denied the report.</p>"
        for i in range(paragraphs)
    )
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


@pytest.fixture
def server() -> Iterator[TestServer]:
    with TestServer() as live:
        yield live


@pytest.fixture
def settings() -> FetchSettings:
    """Local server allowed, no per-host delay, short timeouts and backoff."""
    return FetchSettings(
        allow_private_networks=True,
        per_host_delay=0,
        concurrency=4,
        timeout=TEST_TIMEOUT,
        connect_timeout=TEST_TIMEOUT,
        max_bytes=TEST_MAX_BYTES,
        max_redirects=3,
        retries=2,
        backoff=0.05,
        max_retry_after=2,
        user_agent="newsclaims-test/1.0",
    )
