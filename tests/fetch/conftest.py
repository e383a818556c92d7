"""Fixtures for fetch and discovery tests: a live local server and fast, permissive settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline.sources.config import FetchSettings
from tests.fetch.server import TestServer, fast_settings


@pytest.fixture
def server() -> Iterator[TestServer]:
    with TestServer() as live:
        yield live


@pytest.fixture
def settings() -> FetchSettings:
    """Local server allowed, no per-host delay, short timeouts and backoff."""
    return fast_settings()
