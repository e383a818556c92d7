"""While a stage extracts or annotates, the database is free: another writer can take
the lock and another process can open the file (the assets hold it only to snapshot
their inputs and to commit). The stages' own streaming is tested in tests/stages.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

import assets.annotations
import assets.documents
from assets.annotations import annotations
from assets.documents import documents
from assets.raw_pages import raw_pages
from assets.resources import build_resources
from pipeline.store.lock import DatabaseBusyError, write_lock
from tests.conftest import SAMPLES

DAY = date(2026, 4, 2)


READER = (
    "import duckdb, sys\n"
    "with duckdb.connect(sys.argv[1], read_only=True) as conn:\n"
    "    print(conn.execute('SELECT count(*) FROM fetch_log').fetchone()[0])\n"
)


def test_the_database_is_free_while_the_stages_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "news.duckdb"
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - name: samples\n    path: {SAMPLES}\n", encoding="utf-8")
    seen: dict[str, list[str]] = {}

    def probing(module: Any, stage: str) -> None:
        real = module.should_report

        def should_report(done: int, total: int) -> bool:
            if stage not in seen and 2 <= done < total:  # once, inside extraction/annotation
                outcome = []
                try:
                    # The writers' lock, as a second `newsclaims run` would take it …
                    with write_lock(db, timeout=0, notify=lambda _m: None):
                        outcome.append("lock taken")
                except DatabaseBusyError:
                    outcome.append("lock busy")
                # … and the file, from another process, as a notebook would open it.
                reader = subprocess.run(
                    [sys.executable, "-c", READER, str(db)],
                    capture_output=True, text=True, timeout=60, check=False,
                )  # fmt: skip
                outcome.append("read" if reader.returncode == 0 else reader.stderr[-500:])
                seen[stage] = outcome
            return real(done, total)

        monkeypatch.setattr(module, "should_report", should_report)

    probing(assets.documents, "documents")
    probing(assets.annotations, "annotations")
    result = dg.materialize(
        [raw_pages, documents, annotations],
        partition_key=DAY.isoformat(),
        resources=build_resources(db=str(db), sources=str(sources)),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    assert seen == {"documents": ["lock taken", "read"], "annotations": ["lock taken", "read"]}
