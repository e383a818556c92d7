"""documents: article text and metadata extracted from the day's raw pages."""

import time

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.checks import sql_check
from assets.ingest import DUCKDB_POOL, raw_pages
from assets.metadata import counts_table, preview, row_count
from assets.partitions import daily_partitions, partition_day
from assets.resources import NewsclaimsConfig
from pipeline.stages.documents import build_documents
from pipeline.stages.progress import should_report
from pipeline.store import ensure_schema, reads, replace_partition
from pipeline.store.parquet import STAGE_TABLES, export_partition, parquet_root


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
def documents(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, newsclaims: NewsclaimsConfig
) -> dg.MaterializeResult:
    day = partition_day(context)
    started = time.perf_counter()
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        known = reads.hashes_elsewhere(conn, day)
        log_rows = reads.fetch_log(conn, day)
        total = reads.raw_page_count(conn, day)

        def progress(done: int, n: int) -> None:
            if should_report(done, n):
                context.log.info(f"extracted {done} of {n}")

        result = build_documents(
            reads.raw_pages(conn, day),
            log_rows,
            day,
            known_hashes=known,
            total=total,
            progress=progress,
            n_process=newsclaims.n_process,
        )
        # Reading streams pages while they are extracted, so read + extract are one figure.
        extracted = time.perf_counter()
        replace_partition(conn, day, {"documents": result.documents, "fetch_log": result.fetch_log})
        if (parquet := parquet_root()) is not None:  # scale-out copy (docs/SCALING.md)
            export_partition(conn, parquet, day, STAGE_TABLES["documents"])
        written = time.perf_counter()
        checks = [
            sql_check(conn, "unique_doc_id", "duplicate_doc_ids", None),
            sql_check(conn, "non_empty_text", "empty_text", day),
        ]
    # One line per stage that bench/run.py parses (and a person can read in the run log).
    context.log.info(
        f"timing documents: extract {extracted - started:.2f} s, "
        f"write {written - extracted:.2f} s, checks {time.perf_counter() - written:.2f} s"
    )
    by_language: dict[str, int] = {}
    for doc in result.documents:
        key = doc["language"] or "unknown"
        by_language[key] = by_language.get(key, 0) + 1
    return dg.MaterializeResult(
        metadata={
            **row_count(len(result.documents)),
            "seconds_extract": round(extracted - started, 3),
            "seconds_write": round(written - extracted, 3),
            "by_status": dg.MetadataValue.md(counts_table(result.statuses)),
            "by_language": dg.MetadataValue.md(counts_table(by_language, "language")),
            "newest_documents": dg.MetadataValue.md(
                preview(result.documents, ["title", "source", "published_at", "url"], "fetched_at")
            ),
        },
        check_results=checks,
    )
