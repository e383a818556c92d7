"""One partition per calendar day, in the configured timezone."""

from __future__ import annotations

from datetime import date

import dagster as dg

from assets.settings import Settings, load_settings

# Dagster's definitions are module-level objects, so the code location reads its settings
# when it is imported: once per process, here (the schedule uses the same). Loading them
# remembers the first partition beside the database, so later processes (the CLI, the UI
# after a restart) offer the same days.
DEFINITION_SETTINGS = load_settings(remember_start=True)


def daily_partitions_for(settings: Settings) -> dg.DailyPartitionsDefinition:
    return dg.DailyPartitionsDefinition(
        start_date=settings.start_date, timezone=settings.timezone, end_offset=1
    )


daily_partitions = daily_partitions_for(DEFINITION_SETTINGS)


def partition_day(context: dg.AssetExecutionContext) -> date:
    return date.fromisoformat(context.partition_key)
