"""Parquet export and read-back, and partitions run at once by the multiprocess executor.

* export_partition + attach_views: every table and analyst view read back from the
  hive-partitioned files equals the DuckDB file it was exported from.
* Three days run concurrently (three Dagster runs, each on the multiprocess executor, so
  every step is its own process, all writing one DuckDB file and one Parquet folder)
  end without lock errors and with the same tables as the three days run one after the
  other in-process.
"""

from __future__ import annotations

import random
import shutil
import threading
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.store import ensure_schema
from pipeline.store.parquet import ALL_TABLES, attach_views, export_partition
from tests.conftest import REPO_ROOT, SAMPLES
from tests.store.test_summaries import DAYS, REFERENCE, day_rows, write_day

VIEWS = [*REFERENCE, "source_coverage"]
# Columns that differ between two runs of the same pages: when they happened.
VOLATILE = {"fetched_at"}


def table_rows(conn: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    described = conn.execute(f"SELECT * FROM {name} LIMIT 0").description
    columns = [d[0] for d in described if d[0] not in VOLATILE]
    query = f"SELECT {', '.join(columns)} FROM {name}"
    rows = conn.execute(query).fetchall()
    if name == "top_claims":  # string_agg(DISTINCT) order is DuckDB's: compare as sets
        rows = [(*r[:5], tuple(sorted((r[5] or "").split(", "))), *r[6:]) for r in rows]
    return sorted(rows, key=repr)


def test_parquet_round_trip_matches_the_duckdb_file(tmp_path: Path) -> None:
    rng = random.Random(5)
    conn = duckdb.connect(str(tmp_path / "db.duckdb"))
    ensure_schema(conn)
    for day in DAYS[:4]:
        write_day(conn, day, day_rows(rng, day, docs=4))
    root = tmp_path / "lake"
    for day in DAYS[:4]:
        export_partition(conn, root, day, ALL_TABLES)
    assert (root / "claims" / f"date={DAYS[0].isoformat()}" / "part-0.parquet").is_file()
    # A rerun of a day replaces its file whole, never adds a second one.
    export_partition(conn, root, DAYS[0], ["claims"])
    assert len(list((root / "claims" / f"date={DAYS[0].isoformat()}").iterdir())) == 1

    lake = duckdb.connect()
    found = attach_views(lake, root)
    assert set(found) == set(ALL_TABLES)
    for name in [*ALL_TABLES, "contested_links", *VIEWS]:
        assert table_rows(lake, name) == table_rows(conn, name), name


# The sample pages split into three days' worth, with the one article served under two
# URLs (harborwire-ardun-dam*) kept in one day so de-duplication never crosses days.
RUN_DAYS = ("2026-02-02", "2026-02-03", "2026-02-04")
COMPARED = (
    "fetch_log",
    "documents",
    "entities",
    "entity_aliases",
    "mentions",
    "claims",
    "claim_entity_rows",
    "contested_links",
    *VIEWS,
)


def daily_job(db: str, sources: str) -> dg.JobDefinition:
    from assets.definitions import build_definitions
    from assets.schedules import DAILY_JOB

    return build_definitions(db=db, sources=sources).resolve_job_def(DAILY_JOB)


def _sources(tmp_path: Path) -> list[Path]:
    pages = sorted(SAMPLES.iterdir())
    out = []
    for n, day in enumerate(RUN_DAYS):
        folder = tmp_path / "pages" / day
        folder.mkdir(parents=True)
        for page in pages[n * 5 : (n + 1) * 5]:
            shutil.copy(page, folder / page.name)
        sources = tmp_path / f"sources-{day}.yaml"
        sources.write_text(f"sources:\n  - name: samples\n    path: {folder}\n")
        out.append(sources)
    return out


@pytest.mark.slow
def test_partitions_at_once_on_the_multiprocess_executor_match_a_sequential_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(tmp_path)
    lake_parallel, lake_sequential = tmp_path / "lake-par", tmp_path / "lake-seq"
    parallel_db, sequential_db = tmp_path / "par.duckdb", tmp_path / "seq.duckdb"

    # Sequential: one day after the other, in-process.
    monkeypatch.setenv("NEWSCLAIMS_PARQUET_DIR", str(lake_sequential))
    for day, src in zip(RUN_DAYS, sources, strict=True):
        result = daily_job(str(sequential_db), str(src)).execute_in_process(partition_key=day)
        assert result.success

    # At once: three runs in threads, each on the multiprocess executor (one process per
    # step), against one DuckDB file: the writers' lock queues them, nothing fails.
    monkeypatch.setenv("NEWSCLAIMS_PARQUET_DIR", str(lake_parallel))
    outcomes: dict[str, bool] = {}
    errors: list[str] = []
    (tmp_path / "dagster_home").mkdir()
    with dg.DagsterInstance.local_temp(str(tmp_path / "dagster_home")) as instance:

        def run(day: str, src: Path) -> None:
            try:
                _run(day, src)
            except Exception as exc:  # reported by the assertion below, not lost in a thread
                errors.append(repr(exc))

        def _run(day: str, src: Path) -> None:
            job = dg.build_reconstructable_job(
                "tests.store.test_parquet",
                "daily_job",
                reconstructable_args=(str(parallel_db), str(src)),
                # Step processes import this module from the checkout to rebuild the job.
                reconstructor_working_directory=str(REPO_ROOT),
            )
            result = dg.execute_job(job, instance=instance, tags={"dagster/partition": day})
            outcomes[day] = result.success
            for event in result.all_events:
                if event.is_failure and event.event_specific_data is not None:
                    errors.append(str(getattr(event.event_specific_data, "error", "")))

        threads = [
            threading.Thread(target=run, args=(day, src))
            for day, src in zip(RUN_DAYS, sources, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes == dict.fromkeys(RUN_DAYS, True), errors
        assert not any("lock" in e.lower() for e in errors), errors
        # Every step ran in its own process: the multiprocess executor, not in-process.
        runs = instance.get_runs()
        assert len(runs) == 3
        for r in runs:
            messages = " ".join(e.message or "" for e in instance.all_logs(r.run_id))
            assert "multiprocess executor" in messages, messages[:500]

    seq = duckdb.connect(str(sequential_db), read_only=True)
    par = duckdb.connect(str(parallel_db), read_only=True)
    for name in COMPARED:
        assert table_rows(par, name) == table_rows(seq, name), name
    assert table_rows(par, "claims"), "the sample days produce claims"

    # And the Parquet written by the parallel runs reads back as the same tables.
    lake = duckdb.connect()
    attach_views(lake, lake_parallel)
    for name in ("documents", "mentions", "claims", "contested_links", *VIEWS):
        assert table_rows(lake, name) == table_rows(seq, name), name
