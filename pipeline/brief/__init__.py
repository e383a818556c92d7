"""The daily brief: one self-contained HTML page per day for an analyst (no Dagster here)."""

from pipeline.brief.data import BriefData, load_brief_data
from pipeline.brief.render import render_brief
from pipeline.brief.report import Brief, brief_path, write_brief

__all__ = ["Brief", "BriefData", "brief_path", "load_brief_data", "render_brief", "write_brief"]
