"""mentions and claims: entities and attributed statements found in the day's documents.

One spaCy pass feeds both tables, so they are one multi-asset; it reads only stored
documents and can be rerun without fetching again.
"""

import time
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.checks import sql_check
from assets.documents import documents
from assets.metadata import counts_table, markdown_table, row_count, sources_used
from assets.partitions import daily_partitions, partition_day
from assets.pools import DUCKDB_POOL
from assets.resources import NewsclaimsConfig
from assets.stops import stop_cleanly
from pipeline.stages.annotations import build_annotations, commit_annotations, stage_inputs
from pipeline.stages.progress import should_report
from pipeline.store import ensure_schema, load_sql
from pipeline.store.parquet import STAGE_TABLES, export_partition
from pipeline.store.staging import Staging

# Speakers and contested claims listed in the run's metadata.
TOP_N = 10

CLAIM_CHECKS = {
    "claim_document_exists": "claims_without_document",
    "claim_offsets_slice_text": "claim_offsets",
    "claim_content_not_empty": "empty_claims",
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "mentions",
            deps=[documents],
            kinds={"spacy", "duckdb"},
            group_name="nlp",
            description="Named-entity mentions (plus the entities and entity_aliases tables).",
        ),
        dg.AssetSpec(
            "claims",
            deps=[documents],
            kinds={"spacy", "duckdb"},
            group_name="nlp",
            description="Attributed statements: speaker, cue, stance, content, denial links.",
        ),
    ],
    partitions_def=daily_partitions,
    pool=DUCKDB_POOL,
    check_specs=[
        dg.AssetCheckSpec("mention_offsets_slice_text", asset="mentions"),
        *(dg.AssetCheckSpec(name, asset="claims") for name in CLAIM_CHECKS),
    ],
)
# No return annotation: Dagster infers the outputs from it, and takes none for a generator
# of results (an Iterator[...] annotation is refused at definition time).
@stop_cleanly
def annotations(  # type: ignore[no-untyped-def]
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, newsclaims: NewsclaimsConfig
):
    day = partition_day(context)
    started = time.perf_counter()
    newsclaims.check_model()  # a missing model fails here, naming the fix
    # The sources whose documents this run annotates: it replaces only their rows of the day.
    sources = newsclaims.owned_sources(day)
    used = sources_used(newsclaims.sources_file, sources)

    def progress(done: int, total: int) -> None:
        if should_report(done, total):
            context.log.info(f"annotated {done} of {total} documents")

    # The database (and its write lock) is held only to snapshot the documents and to
    # commit: readers and other runs get in while spaCy runs (pipeline/store/staging.py).
    with Staging() as staging:
        with duckdb.get_connection() as conn:
            ensure_schema(conn)
            total = stage_inputs(conn, staging, day, sources)
        read = time.perf_counter()
        result = build_annotations(
            staging.rows("documents"),
            day,
            staging=staging,
            total=total,
            model=newsclaims.spacy_model,
            batch_size=newsclaims.batch_size,
            n_process=newsclaims.n_process,
            progress=progress,
            attribution_model=(
                Path(newsclaims.attribution_model) if newsclaims.attribution_model else None
            ),
        )
        annotated = time.perf_counter()
        skipped = sum(result.skipped_language.values())
        if skipped:
            context.log.info(
                f"skipped {skipped} non-English documents: {dict(result.skipped_language)}"
            )
        with duckdb.get_connection() as conn:
            commit_annotations(conn, staging, day, sources)
            if (parquet := newsclaims.parquet_root()) is not None:  # docs/SCALING.md
                export_partition(conn, parquet, day, STAGE_TABLES["annotations"])
            written = time.perf_counter()
            mention_check = sql_check(
                conn, "mention_offsets_slice_text", "mention_offsets", day, asset="mentions"
            )
            claim_checks = [
                sql_check(conn, name, sql_file, day, asset="claims")
                for name, sql_file in CLAIM_CHECKS.items()
            ]
            contested = conn.execute(load_sql("store/contested_for_day"), [day, day]).fetchall()
    # One line per stage that bench/run.py parses (and a person can read in the run log).
    context.log.info(
        f"timing annotations: read {read - started:.2f} s, annotate {annotated - read:.2f} s, "
        f"write {written - annotated:.2f} s, checks {time.perf_counter() - written:.2f} s"
    )

    yield dg.MaterializeResult(
        asset_key="mentions",
        metadata={
            **row_count(result.mentions),
            **used,
            "seconds_read": round(read - started, 3),
            "seconds_annotate": round(annotated - read, 3),
            "seconds_write": round(written - annotated, 3),
            "entities": result.entities,
            "by_label": dg.MetadataValue.md(counts_table(result.labels, "label")),
            "documents_annotated": result.documents,
            "documents_skipped_not_english": skipped,
        },
    )
    yield mention_check
    yield dg.MaterializeResult(
        asset_key="claims",
        metadata={
            **row_count(result.claims),
            **used,
            "by_stance": dg.MetadataValue.md(counts_table(result.stances, "stance")),
            "top_speakers": dg.MetadataValue.md(
                markdown_table(
                    [{"speaker": s, "claims": n} for s, n in result.speakers.most_common(TOP_N)],
                    ["speaker", "claims"],
                )
            ),
            "contested_claims": dg.MetadataValue.md(
                markdown_table(
                    [
                        {"claimant": r[0], "claim": r[1], "denier": r[2], "denial": r[3]}
                        for r in contested[:TOP_N]
                    ],
                    ["claimant", "claim", "denier", "denial"],
                )
            ),
        },
    )
    yield from claim_checks
