"""The daily job (every asset, one day) and its schedule."""

from __future__ import annotations

import dagster as dg

from assets.partitions import DEFINITION_SETTINGS, daily_partitions

DAILY_JOB = "daily_ingest"

daily_ingest_job = dg.define_asset_job(
    DAILY_JOB,
    selection=dg.AssetSelection.all(),
    partitions_def=daily_partitions,
    description="Fetch, extract, annotate: one day of news into DuckDB.",
)

# Runs the job for the current day's partition at the configured hour, in the
# partitions' timezone (NEWSCLAIMS_SCHEDULE_HOUR / _MINUTE, NEWSCLAIMS_TIMEZONE).
daily_ingest_schedule = dg.build_schedule_from_partitioned_job(
    daily_ingest_job,
    hour_of_day=DEFINITION_SETTINGS.schedule_hour,
    minute_of_hour=DEFINITION_SETTINGS.schedule_minute,
)
