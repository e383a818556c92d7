"""Two materialized days over different sample pages, plus files that fail to fetch."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

from assets.annotations import annotations
from assets.daily_brief import daily_brief
from assets.documents import documents
from assets.raw_pages import raw_pages
from assets.resources import build_resources
from tests.conftest import SAMPLES

EARLIER = "2026-03-18"
DAY = "2026-03-20"
# The earlier day carries a claim; the later one a denial of it (harborwire denies what
# meridian reported), so the brief of DAY shows a contest across days and a trend.
EARLIER_PAGES = [
    "meridian-cdf-claims-sorvik.html",
    "meridian-sefton-vows-to-retake-sorvik.html",
    "courier-library-reopens.html",
]
DAY_PAGES = [
    "harborwire-nac-denies-sorvik.html",
    "ledger-election-results-rejected.html",
    "courier-ceasefire-talks-stall.html",
]


@dataclass(frozen=True)
class Materialized:
    db: Path
    result: dg.ExecuteInProcessResult  # the run of DAY


def _sources(tmp: Path, name: str, pages: list[str], broken: bool) -> Path:
    folder = tmp / name
    folder.mkdir()
    for page in pages:
        shutil.copy(SAMPLES / page, folder / page)
    if broken:
        (folder / "empty.html").write_bytes(b"")  # fetch status: empty
        (folder / "scan.html").write_bytes(bytes(range(256)) * 8)  # fetch status: not_html
    path = tmp / f"{name}.yaml"
    path.write_text(f"sources:\n  - name: {name}\n    path: {folder}\n", encoding="utf-8")
    return path


def materialize(db: Path, sources: Path, day: str) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [raw_pages, documents, annotations, daily_brief],
        partition_key=day,
        resources=build_resources(db=str(db), sources=str(sources)),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


@pytest.fixture(scope="package")
def materialized(tmp_path_factory: pytest.TempPathFactory) -> Materialized:
    tmp = tmp_path_factory.mktemp("brief")
    db = tmp / "db" / "news.duckdb"
    first = materialize(db, _sources(tmp, "wire", EARLIER_PAGES, broken=False), EARLIER)
    assert first.success
    second = materialize(db, _sources(tmp, "desk", DAY_PAGES, broken=True), DAY)
    assert second.success
    return Materialized(db=db, result=second)
