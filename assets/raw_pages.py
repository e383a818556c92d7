"""raw_pages: discover each source's URLs and fetch them politely."""

import time

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.metadata import PREVIEW_ROWS, counts_table, preview, row_count, sources_used
from assets.partitions import daily_partitions, partition_day
from assets.pools import DUCKDB_POOL
from assets.resources import NewsclaimsConfig
from assets.stops import stop_cleanly
from pipeline.stages.progress import should_report
from pipeline.stages.raw_pages import INGEST_TABLES, stage_ingest
from pipeline.store import ensure_schema, load_sql, reads
from pipeline.store.parquet import STAGE_TABLES, export_partition
from pipeline.store.staging import Staging

FAILURE_RATE_CHECK = "fetch_failure_rate"
# Statuses that are not failures of the fetch: the page was fine or unchanged.
NOT_FAILURES = frozenset({"ok", "not_modified"})


@dg.asset(
    partitions_def=daily_partitions,
    kinds={"python", "duckdb"},
    group_name="ingest",
    pool=DUCKDB_POOL,
    # For a failure that may pass (a DuckDB I/O error, a crash inside a parser). A dropped
    # connection never gets here (the fetch client retries each URL and logs what failed),
    # and a held database or an interrupt is final: @stop_cleanly fails those for good,
    # since a retry would only wait NEWSCLAIMS_LOCK_TIMEOUT again or ignore the Ctrl-C.
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
@stop_cleanly
def raw_pages(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, newsclaims: NewsclaimsConfig
) -> dg.MaterializeResult:
    day = partition_day(context)
    started = time.perf_counter()
    config = newsclaims.load_sources()  # a bad sources file fails here, before any write
    sources = newsclaims.owned_sources(day)  # the day's rows this run replaces: theirs only
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        validators = reads.validators_before(conn, day)

    def progress(done: int, total: int) -> None:
        if should_report(done, total):
            context.log.info(f"fetched {done} of {total}")

    # Fetched pages stream into a staging area and are committed in one transaction: the
    # day's bodies never sit in memory whole, and the database is free while fetching.
    with Staging() as staging:
        result = stage_ingest(
            config,
            day,
            staging,
            validators=validators,
            progress=progress,
            log=context.log.info,
            planned=newsclaims.planned_day(day),
        )
        fetched = time.perf_counter()
        with duckdb.get_connection() as conn:
            staging.commit(conn, day, INGEST_TABLES, sources=sources)
            if (parquet := newsclaims.parquet_root()) is not None:  # docs/SCALING.md
                export_partition(conn, parquet, day, STAGE_TABLES["raw_pages"])
            cursor = conn.execute(load_sql("store/newest_fetches"), [day, PREVIEW_ROWS])
            names = [d[0] for d in cursor.description]
            newest = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
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
            **row_count(result.pages),
            **sources_used(newsclaims.sources_file, sources),
            "seconds_fetch": round(fetched - started, 3),
            "seconds_write": round(written - fetched, 3),
            "attempted_urls": attempted,
            "failure_rate": round(rate, 4),
            "by_status": dg.MetadataValue.md(counts_table(result.statuses)),
            "newest_fetches": dg.MetadataValue.md(
                preview(newest, ["url", "source", "status", "reason"], "fetched_at")
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
