"""documents: article text and metadata extracted from the day's raw pages."""

import time

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.checks import sql_check
from assets.metadata import PREVIEW_ROWS, counts_table, preview, row_count, sources_used
from assets.partitions import daily_partitions, partition_day
from assets.pools import DUCKDB_POOL
from assets.raw_pages import raw_pages
from assets.resources import NewsclaimsConfig
from assets.stops import stop_cleanly
from pipeline.stages.documents import (
    build_documents,
    commit_documents,
    known_hashes_in,
    stage_inputs,
    staged_pages,
)
from pipeline.stages.progress import should_report
from pipeline.store import ensure_schema, load_sql
from pipeline.store.parquet import STAGE_TABLES, export_partition
from pipeline.store.staging import Staging


@dg.asset(
    deps=[raw_pages],
    partitions_def=daily_partitions,
    kinds={"python", "duckdb"},
    group_name="ingest",
    pool=DUCKDB_POOL,
    check_specs=[
        dg.AssetCheckSpec("unique_doc_id", asset="documents", description="doc_id is unique."),
        dg.AssetCheckSpec("non_empty_text", asset="documents", description="No empty text."),
    ],
    description="Articles extracted with trafilatura; the same text is never stored twice.",
)
@stop_cleanly
def documents(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, newsclaims: NewsclaimsConfig
) -> dg.MaterializeResult:
    day = partition_day(context)
    started = time.perf_counter()
    # The sources whose pages this run extracts: it replaces only their rows of the day.
    sources = newsclaims.owned_sources(day)

    def progress(done: int, n: int) -> None:
        if should_report(done, n):
            context.log.info(f"extracted {done} of {n}")

    # The database (and its write lock) is held only to snapshot the inputs and to commit:
    # readers and other runs get in while the pages are extracted (pipeline/store/staging.py).
    with Staging() as staging:
        with duckdb.get_connection() as conn:
            ensure_schema(conn)
            total = stage_inputs(conn, staging, day, sources)
        read = time.perf_counter()
        result = build_documents(
            staged_pages(staging),
            day,
            staging=staging,
            known_hashes=known_hashes_in(staging),
            total=total,
            progress=progress,
            n_process=newsclaims.n_process,
        )
        extracted = time.perf_counter()
        with duckdb.get_connection() as conn:
            rows = commit_documents(conn, staging, day, sources, result)
            if (parquet := newsclaims.parquet_root()) is not None:  # docs/SCALING.md
                export_partition(conn, parquet, day, STAGE_TABLES["documents"])
            written = time.perf_counter()
            checks = [
                sql_check(conn, "unique_doc_id", "duplicate_doc_ids", None),
                sql_check(conn, "non_empty_text", "empty_text", day),
            ]
            by_language = dict(
                conn.execute(load_sql("store/staging/documents_by_language"), [day]).fetchall()
            )
            cursor = conn.execute(load_sql("store/staging/newest_documents"), [day, PREVIEW_ROWS])
            names = [d[0] for d in cursor.description]
            newest = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    # One line per stage that bench/run.py parses (and a person can read in the run log).
    context.log.info(
        f"timing documents: read {read - started:.2f} s, extract {extracted - read:.2f} s, "
        f"write {written - extracted:.2f} s, checks {time.perf_counter() - written:.2f} s"
    )
    return dg.MaterializeResult(
        metadata={
            **row_count(rows["documents"]),
            **sources_used(newsclaims.sources_file, sources),
            "seconds_read": round(read - started, 3),
            "seconds_extract": round(extracted - read, 3),
            "seconds_write": round(written - extracted, 3),
            "by_status": dg.MetadataValue.md(counts_table(result.statuses)),
            "by_language": dg.MetadataValue.md(counts_table(by_language, "language")),
            "newest_documents": dg.MetadataValue.md(
                preview(newest, ["title", "source", "published_at", "url"], "fetched_at")
            ),
        },
        check_results=checks,
    )
