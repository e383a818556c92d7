"""daily_brief: the analyst's HTML page for a day, written beside the database."""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets import settings
from assets.metadata import markdown_table
from assets.partitions import daily_partitions, partition_day
from assets.pools import DUCKDB_POOL
from assets.resources import LakeDuckDBResource, NewsclaimsConfig
from assets.settings import BRIEF_BY_CHOICES
from assets.stops import stop_cleanly
from pipeline.brief import brief_path, write_brief
from pipeline.store import ensure_schema


def _db_path(duckdb: DuckDBResource) -> Path:
    # A lake's briefs go into its local data folder (an object store's: beside the
    # default file); an in-memory database has no directory: where the default file lives.
    if isinstance(duckdb, LakeDuckDBResource):
        local = "://" not in duckdb.data_path
        return Path(duckdb.data_path) / "lake" if local else Path(settings.DEFAULT_DB)
    if duckdb.database == ":memory:":
        return Path(settings.DEFAULT_DB)
    return Path(duckdb.database)


@dg.asset(
    deps=[dg.AssetKey("mentions"), dg.AssetKey("claims")],
    partitions_def=daily_partitions,
    kinds={"duckdb", "html"},
    group_name="report",
    # The brief only reads, but DuckDB lets a file be open read-write by one process *or*
    # read-only by several, never both: reading while another run's asset writes would
    # fail to open it. In the writers' pool the brief waits its turn instead.
    pool=DUCKDB_POOL,
    description="Daily brief (HTML) of the day's articles by ingest or publication day "
    "(NEWSCLAIMS_BRIEF_BY): top entities with a 14-day trend, top speakers, contested claims "
    "with both sides, fetch failures by reason, and why the day is empty when it is.",
)
@stop_cleanly
def daily_brief(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, newsclaims: NewsclaimsConfig
) -> dg.MaterializeResult:
    day = partition_day(context)
    by = newsclaims.brief_by
    if by not in BRIEF_BY_CHOICES:  # a launchpad's config is free text
        raise dg.Failure(f"brief_by must be one of {', '.join(BRIEF_BY_CHOICES)}, got {by!r}")
    path = brief_path(_db_path(duckdb), day, by)
    with duckdb.get_connection() as conn:
        # Views are (re)created from sql/views so the brief reads their current definitions.
        ensure_schema(conn)
        brief = write_brief(conn, day, path, by)
    data = brief.data
    context.log.info(f"brief for {day} (by {by} day) written to {path}")
    for reason in data.empty_reasons:
        context.log.info(f"empty day: {reason}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "by": by,
            "empty_reasons": dg.MetadataValue.md("\n".join(f"- {r}" for r in data.empty_reasons)),
            "url": dg.MetadataValue.url(path.as_uri()),
            "entities": len(data.entities),
            "speakers": len(data.speakers),
            "contested_claims": len(data.contests),
            "failed_urls": sum(f.urls for f in data.failures),
            "top_entities": dg.MetadataValue.md(
                markdown_table(
                    [{"entity": e.name, "mentions": e.mentions} for e in data.entities[:5]],
                    ["entity", "mentions"],
                )
            ),
        }
    )
