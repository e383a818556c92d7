"""Stage 1 streams its rows through a staging area (issue #5: flat memory).

Against a real HTTP server on 127.0.0.1 and real DuckDB files: ``stage_ingest`` flushing
after every page writes the same raw_pages and fetch_log as the in-memory ``ingest`` +
``replace_partition``, holds at most ``flush_pages`` pages in memory, and a rerun of the
day replaces its rows instead of adding to them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.sources import load_sources
from pipeline.stages.raw_pages import INGEST_TABLES, ingest, stage_ingest
from pipeline.store import ensure_schema, replace_partition
from pipeline.store.staging import Staging
from tests.http_server import TestServer, article

DAY = date(2026, 5, 6)
PAGES = 7
# Columns that differ between two fetches of the same page: when it was fetched.
VOLATILE = {"fetched_at"}


def rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        out = {}
        for table in INGEST_TABLES:
            cursor = conn.execute(f"SELECT * FROM {table}")
            keep = [i for i, d in enumerate(cursor.description) if d[0] not in VOLATILE]
            out[table] = sorted((tuple(r[i] for i in keep) for r in cursor.fetchall()), key=repr)
        return out


@pytest.fixture
def sources(tmp_path: Path) -> Any:
    with TestServer() as srv:
        paths = [f"/news/{n}.html" for n in range(PAGES)]
        for n, path in enumerate(paths):
            srv.add(path, body=article(f"Story {n}", paragraphs=4 + n))
        srv.add("/news/gone.html", status=404)
        urls = "\n".join(f"      - {srv.url(p)}" for p in [*paths, "/news/gone.html"])
        config = tmp_path / "sources.yaml"
        config.write_text(
            "fetch:\n  allow_private_networks: true\n  per_host_delay: 0\n  retries: 0\n"
            f"sources:\n  - name: picks\n    urls:\n{urls}\n",
            encoding="utf-8",
        )
        yield load_sources(config)


class CountingStaging(Staging):
    """A staging area that records the most page rows it ever buffered."""

    most_buffered = 0

    def add(self, table: str, rows: Any) -> None:
        super().add(table, rows)
        buffered = len(self._buffers.get("raw_pages", []))
        self.most_buffered = max(self.most_buffered, buffered)


def test_staged_ingest_writes_what_the_in_memory_ingest_writes(
    sources: Any, tmp_path: Path
) -> None:
    reference = tmp_path / "reference.duckdb"
    result = ingest(sources, DAY)
    with duckdb.connect(str(reference)) as conn:
        ensure_schema(conn)
        replace_partition(conn, DAY, {"raw_pages": result.raw_pages, "fetch_log": result.fetch_log})

    staged = tmp_path / "staged.duckdb"
    for _ in range(2):  # the second run replaces the first: no duplicates
        with CountingStaging() as staging:
            counts = stage_ingest(sources, DAY, staging, flush_pages=2)
            with duckdb.connect(str(staged)) as conn:
                ensure_schema(conn)
                written = staging.commit(conn, DAY, INGEST_TABLES)
        assert staging.most_buffered <= 2
        assert counts.pages == PAGES == written["raw_pages"]
        assert written["fetch_log"] == PAGES + 1
        assert counts.statuses["ok"] == PAGES
        assert sum(counts.statuses.values()) == PAGES + 1
        assert counts.statuses == result.statuses

    assert rows(staged) == rows(reference)
    assert len(rows(staged)["raw_pages"]) == PAGES
