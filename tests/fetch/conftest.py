"""Fixtures for fetch and discovery tests: a live local server and fast, permissive settings."""

from __future__ import annotations

import pytest

from pipeline.sources.config import FetchSettings
from tests.http_server import fast_settings


@pytest.fixture
def settings() -> FetchSettings:
    """Local server allowed, no per-host delay, short timeouts and backoff."""
    return fast_settings()
