"""Sources own their rows, through real Dagster runs of the daily job on a real DuckDB file.

Two sources files, each a `path:` source over a different part of samples/pages/ (plus one
page both hold), run for the same day one after the other as the launchpad would: the
job's resources name the first file, and the second run sets only `sources_file` in its
run config. Both sources' rows stay in every table and view; rerunning the first source
with fewer pages changes only its rows; the page both hold is stored once, by the source
that ran first, and stays so when either source runs again.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from assets.definitions import build_definitions
from assets.schedules import DAILY_JOB
from pipeline.store.writes import SUMMARY_TABLES, refresh_all_summaries
from tests.conftest import SAMPLES

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY = "2026-04-02"
SHARED = "courier-library-reopens.html"  # in both sources: stored once, by the first
ALPHA = [
    "meridian-cdf-claims-sorvik.html",
    "harborwire-nac-denies-sorvik.html",
    "ledger-election-results-rejected.html",
    "meridian-sefton-vows-to-retake-sorvik.html",
]
BETA = [
    "harborwire-minister-denies-payments.html",
    "ledger-nerro-shelling-blame.html",
    "courier-ceasefire-talks-stall.html",
]
DROPPED = ALPHA[2:]  # the rerun of alpha no longer has these
PER_DAY = ("raw_pages", "fetch_log", "documents", "entity_aliases", "mentions", "claims")


def sources_file(tmp: Path, name: str, pages: list[str]) -> Path:
    folder = tmp / name
    folder.mkdir()
    for page in pages:
        shutil.copy(SAMPLES / page, folder / page)
    path = tmp / f"{name}.yaml"
    path.write_text(f"sources:\n  - name: {name}\n    path: {folder}\n", encoding="utf-8")
    return path


def launch(job: dg.JobDefinition, sources: Path | None = None) -> dg.ExecuteInProcessResult:
    """One run of the day; ``sources`` as a launchpad edit of the resource's config."""
    run_config: dict[str, Any] = {}
    if sources is not None:
        run_config = {"resources": {"newsclaims": {"config": {"sources_file": str(sources)}}}}
    result = job.execute_in_process(
        partition_key=DAY, run_config=run_config, instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    return result


def rows_of(db: Path, source: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every column of every row of ``source`` in each per-day table (all columns: a row
    that was rewritten, even identically, would show a new fetched_at)."""
    owned = "doc_id IN (SELECT doc_id FROM documents WHERE source = $source)"
    out = {}
    with duckdb.connect(str(db), read_only=True) as conn:
        for table in PER_DAY:
            where = "source = $source" if table in PER_DAY[:3] else owned
            out[table] = conn.execute(
                f"SELECT * FROM {table} WHERE {where} ORDER BY ALL", {"source": source}
            ).fetchall()
    return out


def summaries(conn: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    tables = [t for t, _ in SUMMARY_TABLES]
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}


def assert_summaries_are_whole(db: Path, tmp: Path) -> None:
    """The per-day summaries behind the views equal a rebuild from the base tables."""
    copy = tmp / "rebuilt.duckdb"
    shutil.copy(db, copy)
    with duckdb.connect(str(db), read_only=True) as conn:
        kept = summaries(conn)
    with duckdb.connect(str(copy)) as conn:
        refresh_all_summaries(conn)
        assert summaries(conn) == kept


def test_two_sources_of_one_day_keep_their_rows(tmp_path: Path) -> None:
    alpha = sources_file(tmp_path, "alpha", [*ALPHA, SHARED])
    beta = sources_file(tmp_path, "beta", [*BETA, SHARED])
    alpha_fewer = sources_file(tmp_path, "alpha_fewer", [*ALPHA[:2], SHARED])
    alpha_fewer.write_text(alpha_fewer.read_text().replace("name: alpha_fewer", "name: alpha"))
    db = tmp_path / "news.duckdb"
    job = build_definitions(db=str(db), sources=str(alpha)).resolve_job_def(DAILY_JOB)

    # The launchpad shows the configured sources file as the default of its own field.
    config = job.run_config_schema.config_type.fields["resources"].config_type
    field = config.fields["newsclaims"].config_type.fields["config"].config_type
    assert field.fields["sources_file"].default_value == str(alpha)

    first = launch(job)
    launch(job, beta)
    with duckdb.connect(str(db), read_only=True) as conn:
        docs = dict(
            conn.execute(
                "SELECT source, count(*) FROM documents WHERE partition_date = ? GROUP BY 1",
                [DAY],
            ).fetchall()
        )
        coverage = {
            s for (s,) in conn.execute("SELECT DISTINCT source FROM source_coverage").fetchall()
        }
        speakers = {
            s for (s,) in conn.execute("SELECT DISTINCT source FROM source_speakers").fetchall()
        }
        shared = conn.execute(
            "SELECT source, status, reason FROM fetch_log WHERE url LIKE ? ORDER BY source",
            [f"%/{SHARED}"],
        ).fetchall()
    assert docs == {"alpha": len(ALPHA) + 1, "beta": len(BETA)}
    assert coverage == speakers == {"alpha", "beta"}
    # The page both hold: alpha stored it first, beta's copy is a duplicate of alpha's.
    assert shared[0][:2] == ("alpha", "ok")
    assert shared[1][:2] == ("beta", "duplicate") and "/alpha/" + SHARED in shared[1][2]
    for source in ("alpha", "beta"):
        assert all(rows_of(db, source)[t] for t in PER_DAY), source
    assert_summaries_are_whole(db, tmp_path)

    # Every stage says which sources it ran.
    for node in ("raw_pages", "documents", "annotations"):
        for materialization in first.asset_materializations_for_node(node):
            assert materialization.metadata["sources"].value == "alpha"
            assert materialization.metadata["sources_file"].value == str(alpha)

    # alpha again, with fewer pages: only alpha's rows change.
    beta_before = rows_of(db, "beta")
    with duckdb.connect(str(db), read_only=True) as conn:
        dropped_ids = [
            d
            for (d,) in conn.execute(
                "SELECT doc_id FROM documents WHERE regexp_matches(url, ?)",
                ["(" + "|".join(DROPPED) + ")$"],
            ).fetchall()
        ]
    assert len(dropped_ids) == len(DROPPED)
    launch(job, alpha_fewer)
    assert rows_of(db, "beta") == beta_before
    alpha_after = rows_of(db, "alpha")
    assert len(alpha_after["documents"]) == len(ALPHA[:2]) + 1
    with duckdb.connect(str(db), read_only=True) as conn:
        for table in ("entity_aliases", "mentions", "claims"):
            left = conn.execute(
                f"SELECT count(*) FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                [dropped_ids],
            ).fetchone()
            assert left == (0,), table
    assert_summaries_are_whole(db, tmp_path)

    # beta again: identical rows but for the fetch times, and the shared page still
    # alpha's; nothing is duplicated.
    launch(job, beta)
    again = rows_of(db, "beta")
    assert {t: len(again[t]) for t in PER_DAY} == {t: len(beta_before[t]) for t in PER_DAY}
    assert again["claims"] == beta_before["claims"]
    assert rows_of(db, "alpha") == alpha_after
