"""Settings read from the environment, with defaults that work from a checkout."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO_ROOT / "data" / "newsclaims.duckdb"
DEFAULT_SOURCES = REPO_ROOT / "sources" / "default.yaml"
DEFAULT_MODEL = "en_core_web_sm"
# First day offered for backfills in the UI; older days can be added by changing it.
DEFAULT_START_DATE = "2026-01-01"


def db_path() -> str:
    return os.environ.get("NEWSCLAIMS_DB") or str(DEFAULT_DB)


def sources_path() -> str:
    return os.environ.get("NEWSCLAIMS_SOURCES") or str(DEFAULT_SOURCES)


def spacy_model() -> str:
    return os.environ.get("NEWSCLAIMS_SPACY_MODEL") or DEFAULT_MODEL


def start_date() -> str:
    return os.environ.get("NEWSCLAIMS_START_DATE") or DEFAULT_START_DATE


def timezone() -> str:
    return os.environ.get("NEWSCLAIMS_TIMEZONE") or "UTC"


def schedule_hour() -> int:
    return _int_env("NEWSCLAIMS_SCHEDULE_HOUR", 6, 0, 23)


def schedule_minute() -> int:
    return _int_env("NEWSCLAIMS_SCHEDULE_MINUTE", 0, 0, 59)


def _int_env(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number ({low}-{high})") from None
    if not low <= value <= high:
        raise ValueError(f"{name}={value} is out of range ({low}-{high})")
    return value
