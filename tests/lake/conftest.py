"""A real PostgreSQL and Redis on 127.0.0.1 for the lake tests (scripts/services.py), started
once per session on private folders and free ports, and a fresh lake per test."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.services import Services


@dataclass(frozen=True)
class Lake:
    catalog: str  # NEWSCLAIMS_LAKE
    data: Path  # NEWSCLAIMS_LAKE_DATA

    def env(self) -> dict[str, str]:
        return {"NEWSCLAIMS_LAKE": self.catalog, "NEWSCLAIMS_LAKE_DATA": str(self.data)}


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    # Not under pytest's tmp folder: that one is private to this user, and PostgreSQL runs
    # as the postgres user when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="newsclaims-services-"))
    running = Services.start(folder)
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


def new_lake(services: Services, data: Path) -> Lake:
    return Lake(services.create_catalog(f"lake_{uuid.uuid4().hex[:12]}"), data)


@pytest.fixture
def lake(services: Services, tmp_path: Path) -> Lake:
    return new_lake(services, tmp_path / "lake-data")
