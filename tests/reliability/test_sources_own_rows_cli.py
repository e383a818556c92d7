"""The user's sequence, through the console script: `newsclaims run --sources a.yaml --date
D`, then `newsclaims run --sources b.yaml --date D`. Each run replaces only the day's rows
of its own sources, so the second keeps the first's; each run is tagged in the Dagster
instance with the sources file and sources it ran.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import SAMPLES
from tests.reliability.helpers import cli_env, run_cli, table_contents

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY = "2026-07-01"
A_PAGES = ["meridian-cdf-claims-sorvik.html", "harborwire-nac-denies-sorvik.html"]
B_PAGES = ["ledger-election-results-rejected.html", "meridian-sefton-vows-to-retake-sorvik.html"]


def sources_file(tmp: Path, name: str, pages: list[str]) -> Path:
    folder = tmp / f"pages-{name}"
    folder.mkdir()
    for page in pages:
        shutil.copy(SAMPLES / page, folder / page)
    path = tmp / f"{name}.yaml"
    path.write_text(f"sources:\n  - name: {name}\n    path: {folder}\n", encoding="utf-8")
    return path


def run(sources: Path, db: Path, home: Path) -> None:
    env = cli_env()
    env["DAGSTER_HOME"] = str(home)  # a recorded instance, so the runs' tags can be read
    result = run_cli("run", "--sources", str(sources), "--db", str(db), "--date", DAY, env=env)
    assert result.returncode == 0, result.stderr[-3000:]


def documents_by_source(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "SELECT source, count(*) FROM documents WHERE partition_date = ? GROUP BY 1", [DAY]
        ).fetchall()
    return dict(rows)


def test_a_second_sources_file_keeps_the_first_files_rows(tmp_path: Path) -> None:
    a, b = sources_file(tmp_path, "a", A_PAGES), sources_file(tmp_path, "b", B_PAGES)
    db, home = tmp_path / "news.duckdb", tmp_path / "dagster_home"
    home.mkdir()
    run(a, db, home)
    only_a = table_contents(db)
    run(b, db, home)
    assert documents_by_source(db) == {"a": len(A_PAGES), "b": len(B_PAGES)}
    both = table_contents(db)
    for table, rows in only_a.items():
        if table != "entities":  # shared: b's run adds its own
            assert set(rows) <= set(both[table]), f"{table}: rows of a were lost"
    with duckdb.connect(str(db), read_only=True) as conn:
        for table in ("mentions", "claims"):
            sources = conn.execute(
                f"SELECT DISTINCT d.source FROM {table} JOIN documents AS d USING (doc_id)"
            ).fetchall()
            assert {s for (s,) in sources} == {"a", "b"}, table

    # a again: b's rows are untouched, a's are what they were (fetch times aside).
    run(a, db, home)
    assert table_contents(db) == both

    with dg.DagsterInstance.from_config(str(home)) as instance:
        tags = [(r.tags["newsclaims/sources"], r.tags["newsclaims/sources_file"])
                for r in reversed(instance.get_runs())]  # fmt: skip
    assert tags == [("a", str(a)), ("b", str(b)), ("a", str(a))]
