"""One partition per calendar day, in the configured timezone."""

from __future__ import annotations

from datetime import date

import dagster as dg

from assets import settings

daily_partitions = dg.DailyPartitionsDefinition(
    start_date=settings.start_date(), timezone=settings.timezone(), end_offset=1
)


def partition_day(context: dg.AssetExecutionContext) -> date:
    return date.fromisoformat(context.partition_key)
