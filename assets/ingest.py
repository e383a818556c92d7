"""raw_pages: discover each source's URLs and fetch them politely."""

import time

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.metadata import counts_table, preview, row_count
from assets.partitions import daily_partitions, partition_day
from assets.resources import NewsclaimsConfig
from pipeline.stages.ingest import ingest
from pipeline.stages.progress import should_report
from pipeline.store import ensure_schema, reads, replace_partition
from pipeline.store.parquet import STAGE_TABLES, export_partition, parquet_root

# Every asset that writes the DuckDB file runs in this pool; the instance allows one slot
# (.dagster_home/dagster.yaml), so two runs never write the file at once.
DUCKDB_POOL = "duckdb_writes"

FAILURE_RATE_CHECK = "fetch_failure_rate"
# Statuses that are not failures of the fetch: the page was fine or unchanged.
NOT_FAILURES = frozenset({"ok", "not_modified"})


@dg.asset(
    partitions_def=daily_partitions,
    kinds={"python", "duckdb"},
    group_name="ingest",
    pool=DUCKDB_POOL,
    # Sources are remote: a dropped connection or a briefly locked file is worth a retry.
    retry_policy=dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL),
    check_specs=[
        dg.AssetCheckSpec(
            FAILURE_RATE_CHECK,
            asset="raw_pages",
            description="Share of attempted URLs that failed stays under the configured threshold.",
        )
    ],
    description="Fetched pages (compressed) and fetch_log: one row per attempted URL.",
)
def raw_pages(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, newsclaims: NewsclaimsConfig
) -> dg.MaterializeResult:
    day = partition_day(context)
    started = time.perf_counter()
    config = newsclaims.load_sources()  # a bad sources file fails here, before any write
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        validators = reads.validators_before(conn, day)

    def progress(done: int, total: int) -> None:
        if should_report(done, total):
            context.log.info(f"fetched {done} of {total}")

    result = ingest(config, day, validators=validators, progress=progress, log=context.log.info)
    fetched = time.perf_counter()
    with duckdb.get_connection() as conn:
        replace_partition(conn, day, {"raw_pages": result.raw_pages, "fetch_log": result.fetch_log})
        if (parquet := parquet_root()) is not None:  # scale-out copy (docs/SCALING.md)
            export_partition(conn, parquet, day, STAGE_TABLES["raw_pages"])
    written = time.perf_counter()
    # One line per stage that bench/run.py parses (and a person can read in the run log).
    context.log.info(
        f"timing raw_pages: fetch {fetched - started:.2f} s, write {written - fetched:.2f} s"
    )

    attempted = sum(result.statuses.values())
    failed = sum(n for status, n in result.statuses.items() if status not in NOT_FAILURES)
    rate = failed / attempted if attempted else 0.0
    for status, n in sorted(result.statuses.items()):
        context.log.info(f"fetch status {status}: {n}")
    return dg.MaterializeResult(
        metadata={
            **row_count(len(result.raw_pages)),
            "seconds_fetch": round(fetched - started, 3),
            "seconds_write": round(written - fetched, 3),
            "attempted_urls": attempted,
            "failure_rate": round(rate, 4),
            "by_status": dg.MetadataValue.md(counts_table(result.statuses)),
            "newest_fetches": dg.MetadataValue.md(
                preview(result.fetch_log, ["url", "source", "status", "reason"], "fetched_at")
            ),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=FAILURE_RATE_CHECK,
                passed=rate <= newsclaims.max_failure_rate,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "failure_rate": round(rate, 4),
                    "threshold": newsclaims.max_failure_rate,
                    "failed": failed,
                    "attempted": attempted,
                },
            )
        ],
    )
