"""The daily job (every asset, one day) and its schedule."""

from __future__ import annotations

import dagster as dg

from assets.partitions import DEFINITION_SETTINGS, daily_partitions
from assets.settings import Settings

DAILY_JOB = "daily_ingest"


def daily_ingest_job_for(
    partitions: dg.DailyPartitionsDefinition,
) -> dg.UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        DAILY_JOB,
        selection=dg.AssetSelection.all(),
        partitions_def=partitions,
        description="Fetch, extract, annotate: one day of news into DuckDB.",
    )


def daily_schedule_for(
    job: dg.UnresolvedAssetJobDefinition, settings: Settings
) -> dg.ScheduleDefinition:
    """Runs ``job`` once a day for the current day's partition, at the configured hour and
    minute (NEWSCLAIMS_SCHEDULE_HOUR / _MINUTE) in the partitions' timezone
    (NEWSCLAIMS_TIMEZONE). Built from the partitioned job, so each tick's run request
    names its partition and a backfill and a tick of one day are the same run.
    """
    schedule = dg.build_schedule_from_partitioned_job(
        job,
        hour_of_day=settings.schedule_hour,
        minute_of_hour=settings.schedule_minute,
    )
    # Dagster defers building the schedule only for a job without its own partitions.
    if not isinstance(schedule, dg.ScheduleDefinition):
        raise TypeError(f"{job.name} has no partitions of its own to schedule")
    return schedule


daily_ingest_job = daily_ingest_job_for(daily_partitions)
daily_ingest_schedule = daily_schedule_for(daily_ingest_job, DEFINITION_SETTINGS)
