"""The daily brief: one self-contained HTML page per day for an analyst (no Dagster here)."""

from pipeline.brief.data import BriefData, load_brief_data
from pipeline.brief.empty import BY_INGEST, BY_PUBLISHED, empty_day_reasons
from pipeline.brief.render import render_brief
from pipeline.brief.report import Brief, brief_path, write_brief

__all__ = [
    "BY_INGEST",
    "BY_PUBLISHED",
    "Brief",
    "BriefData",
    "brief_path",
    "empty_day_reasons",
    "load_brief_data",
    "render_brief",
    "write_brief",
]
