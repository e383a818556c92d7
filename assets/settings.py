"""Settings read from the environment, once, with defaults that work from a checkout.

``load_settings()`` is the only place in newsclaims that reads the environment: the CLI
and the Dagster definitions call it at their start and pass the ``Settings`` down; the
domain library (``pipeline/``) takes each value as a parameter. A bad value is a
``SettingsError`` whose one-line message names the variable and what it accepts.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.store.lock import READ_TIMEOUT_S, WRITE_TIMEOUT_S
from pipeline.store.sqlfiles import use_sql_dir

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO_ROOT / "data" / "newsclaims.duckdb"
DEFAULT_SOURCES = REPO_ROOT / "sources" / "default.yaml"
# The trained attribution model shipped with the project (pipeline.attribution).
DEFAULT_ATTRIBUTION_MODEL = REPO_ROOT / "models" / "attribution"
# pipeline.nlp.model.DEFAULT_MODEL, written out: importing that module imports spaCy,
# which `newsclaims sql` never needs (tests/cli checks the two agree).
DEFAULT_MODEL = "en_core_web_sm"
# Without NEWSCLAIMS_START_DATE the first partition is the day the definitions were first
# loaded for a database (the UI's start or the first run) minus this many days: a month
# to backfill, while a fresh install's partition bar is not a year of empty days.
START_WINDOW_DAYS = 30
# That first day is remembered beside the database (``<db>.start-date``), so the UI, the
# CLI and the schedule agree, and the partitions do not move a day further every day
# under the days already materialized.
START_DATE_SUFFIX = ".start-date"
# `newsclaims import` lands articles on their publication days, which may be years before
# that first partition: it writes the earliest day it lands on beside the database
# (``<db>.archive-start``), and the partitions start there when it is earlier, so an
# archive needs no NEWSCLAIMS_START_DATE edited first.
ARCHIVE_START_SUFFIX = ".archive-start"
# What the brief of a day shows by default: the articles ingested that day, or those
# published that day (NEWSCLAIMS_BRIEF_BY; `newsclaims brief --by`).
BRIEF_BY_CHOICES = ("ingest", "published")
DEFAULT_BRIEF_BY = "ingest"
DEFAULT_LAKE_DATA = REPO_ROOT / "data" / "lake"
# The catalog kinds DuckLake attaches (ATTACH 'ducklake:<kind>:…'); PostgreSQL is the one
# for many machines, sqlite/duckdb a single-machine lake.
LAKE_CATALOGS = ("postgres:", "sqlite:", "mysql:", "duckdb:")
CELERY_BROKERS = ("redis://", "rediss://", "amqp://", "pyamqp://")
DEFAULT_TIMEZONE = "UTC"
# The daily schedule runs at 06:00 in the partitions' timezone: after most outlets have
# published the night's news, before a working day starts.
DEFAULT_SCHEDULE_HOUR = 6
DEFAULT_SCHEDULE_MINUTE = 0

__all__ = [
    "BRIEF_BY_CHOICES",
    "DEFAULT_ATTRIBUTION_MODEL",
    "DEFAULT_DB",
    "DEFAULT_MODEL",
    "DEFAULT_SOURCES",
    "REPO_ROOT",
    "START_WINDOW_DAYS",
    "Settings",
    "SettingsError",
    "archive_start_file",
    "attribution_model",
    "configure_library",
    "load_settings",
    "remember_archive_start",
    "start_date_file",
    "use_database_for_definitions",
]


class SettingsError(ValueError):
    """An environment variable holds a value newsclaims cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting newsclaims takes from the environment (README, "Settings")."""

    db: str  # NEWSCLAIMS_DB: the DuckDB file
    sources: str  # NEWSCLAIMS_SOURCES: the sources YAML
    spacy_model: str  # NEWSCLAIMS_SPACY_MODEL: package name or model directory
    start_date: str  # NEWSCLAIMS_START_DATE: first daily partition, YYYY-MM-DD (else
    # remembered in <db>.start-date: the first load's day minus START_WINDOW_DAYS)
    timezone: str  # NEWSCLAIMS_TIMEZONE: of the partitions and the schedule
    schedule_hour: int  # NEWSCLAIMS_SCHEDULE_HOUR: 0-23
    schedule_minute: int  # NEWSCLAIMS_SCHEDULE_MINUTE: 0-59
    n_process: int  # NEWSCLAIMS_N_PROCESS: worker processes ("auto": every core)
    parquet_dir: Path | None  # NEWSCLAIMS_PARQUET_DIR: Parquet export; None = off
    sql_dir: Path | None  # NEWSCLAIMS_SQL_DIR: None = the checkout's sql/
    lock_timeout_s: float  # NEWSCLAIMS_LOCK_TIMEOUT: a writer's wait for the file
    read_timeout_s: float  # NEWSCLAIMS_READ_TIMEOUT: a reader's wait for a writer
    find_links: tuple[str, ...]  # PIP_FIND_LINKS: where model wheels may be
    dagster_home: str | None  # DAGSTER_HOME: the Dagster instance; None = ephemeral
    brief_by: str = DEFAULT_BRIEF_BY  # NEWSCLAIMS_BRIEF_BY: "ingest" or "published", the
    # day the daily brief groups articles by (ingest day, or publication day)
    # NEWSCLAIMS_ATTRIBUTION_MODEL: "off" (default: the claim rules alone), "on" (the
    # shipped models/attribution) or a trained model's directory; None = off. Off by
    # default: it adds recall on news but costs precision on the web pages
    # (docs/ATTRIBUTION.md).
    attribution_model: Path | None = None
    # NEWSCLAIMS_LAKE: a DuckLake catalog (postgres:dbname=… host=… port=…) instead of the
    # DuckDB file; None = the file (docs/SCALING.md, pipeline/store/lake.py)
    lake: str | None = None
    # NEWSCLAIMS_LAKE_DATA: the lake's Parquet folder or s3://… prefix
    lake_data: str = str(DEFAULT_LAKE_DATA)
    # NEWSCLAIMS_CELERY_BROKER: redis://… or amqp://…; set, the daily job's steps run on
    # dagster-celery workers; None = in the launching process
    celery_broker: str | None = None


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    remember_start: bool = False,
    today: date | None = None,
) -> Settings:
    """The settings in ``environ`` (default: this process's environment).

    Without NEWSCLAIMS_START_DATE the start date is the one remembered beside the database,
    else ``today`` (default: today in the partitions' timezone) minus START_WINDOW_DAYS;
    ``remember_start`` writes that day down the first time (the Dagster definitions do,
    so every later process agrees with them).

    Raises SettingsError for the first bad value. An empty variable counts as unset.
    """
    env = os.environ if environ is None else environ

    def text(name: str) -> str:
        return env.get(name, "")

    db = text("NEWSCLAIMS_DB") or str(DEFAULT_DB)
    start_date = _day("NEWSCLAIMS_START_DATE", text("NEWSCLAIMS_START_DATE"))
    timezone = _timezone("NEWSCLAIMS_TIMEZONE", text("NEWSCLAIMS_TIMEZONE"))
    if start_date is None:
        day = today or datetime.now(ZoneInfo(timezone)).date()
        start_date = _start_date(db, day - timedelta(days=START_WINDOW_DAYS), remember_start)
    if (archive := _archive_start(db)) is not None and archive < start_date:
        start_date = archive
    return Settings(
        db=db,
        sources=text("NEWSCLAIMS_SOURCES") or str(DEFAULT_SOURCES),
        spacy_model=text("NEWSCLAIMS_SPACY_MODEL") or DEFAULT_MODEL,
        start_date=start_date,
        timezone=timezone,
        schedule_hour=_int_in_range(
            "NEWSCLAIMS_SCHEDULE_HOUR", text("NEWSCLAIMS_SCHEDULE_HOUR"), DEFAULT_SCHEDULE_HOUR, 23
        ),
        schedule_minute=_int_in_range(
            "NEWSCLAIMS_SCHEDULE_MINUTE",
            text("NEWSCLAIMS_SCHEDULE_MINUTE"),
            DEFAULT_SCHEDULE_MINUTE,
            59,
        ),
        n_process=_n_process("NEWSCLAIMS_N_PROCESS", text("NEWSCLAIMS_N_PROCESS")),
        parquet_dir=_path_or_none(text("NEWSCLAIMS_PARQUET_DIR").strip()),
        sql_dir=_path_or_none(text("NEWSCLAIMS_SQL_DIR")),
        lock_timeout_s=_seconds(
            "NEWSCLAIMS_LOCK_TIMEOUT", text("NEWSCLAIMS_LOCK_TIMEOUT"), WRITE_TIMEOUT_S
        ),
        read_timeout_s=_seconds(
            "NEWSCLAIMS_READ_TIMEOUT", text("NEWSCLAIMS_READ_TIMEOUT"), READ_TIMEOUT_S
        ),
        find_links=tuple(shlex.split(env.get("PIP_FIND_LINKS", ""))),
        dagster_home=text("DAGSTER_HOME") or None,
        brief_by=_choice("NEWSCLAIMS_BRIEF_BY", text("NEWSCLAIMS_BRIEF_BY"), BRIEF_BY_CHOICES),
        attribution_model=attribution_model(
            "NEWSCLAIMS_ATTRIBUTION_MODEL", text("NEWSCLAIMS_ATTRIBUTION_MODEL")
        ),
        lake=_prefixed("NEWSCLAIMS_LAKE", text("NEWSCLAIMS_LAKE"), LAKE_CATALOGS),
        lake_data=text("NEWSCLAIMS_LAKE_DATA").strip() or str(DEFAULT_LAKE_DATA),
        celery_broker=_prefixed(
            "NEWSCLAIMS_CELERY_BROKER", text("NEWSCLAIMS_CELERY_BROKER"), CELERY_BROKERS
        ),
    )


def configure_library(settings: Settings) -> None:
    """Point the domain library at this installation's files, for the whole process.

    Most settings travel as parameters; where the SQL files are is read by every store
    function, so the library keeps it (pipeline/store/sqlfiles.py).
    """
    use_sql_dir(settings.sql_dir)


def attribution_model(name: str, raw: str) -> Path | None:
    """The attribution model's directory: "on" the shipped one, "off" or unset none, else
    a directory holding a trained model (its config.json)."""
    raw = raw.strip()
    if raw.lower() == "on":
        return DEFAULT_ATTRIBUTION_MODEL
    if raw.lower() in ("", "off"):
        return None
    path = Path(raw)
    if not (path / "config.json").is_file():
        raise SettingsError(
            f"{name}={raw!r} is not a trained attribution model's directory (no config.json);"
            " use on, off or `make train-attribution`'s output"
        )
    return path


def _path_or_none(raw: str) -> Path | None:
    return Path(raw) if raw else None


def start_date_file(db: str) -> Path | None:
    """Where the first partition of ``db`` is remembered; None for an in-memory database."""
    return None if db == ":memory:" else Path(db + START_DATE_SUFFIX)


def archive_start_file(db: str) -> Path | None:
    """Where the earliest day an import landed on is kept; None for an in-memory database."""
    return None if db == ":memory:" else Path(db + ARCHIVE_START_SUFFIX)


def remember_archive_start(db: str, day: date) -> None:
    """Make ``day`` a partition of ``db``'s definitions from now on: the archive start
    moves to it when it is earlier (never later; a later import changes nothing)."""
    path = archive_start_file(db)
    if path is None:
        return
    current = _archive_start(db)
    if current is not None and current <= day.isoformat():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"{day.isoformat()}\n")
    os.replace(tmp, path)


def use_database_for_definitions(db: str) -> None:
    """Point the Dagster definitions this process loads afterwards at ``db``: their
    partitions start where ``db``'s do (its remembered and archive start days), not where
    NEWSCLAIMS_DB's do. The definitions are module-level objects made at their import, so
    this must run before assets.definitions is imported."""
    os.environ["NEWSCLAIMS_DB"] = db


def _archive_start(db: str) -> str | None:
    path = archive_start_file(db)
    if path is None:
        return None
    try:
        raw = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SettingsError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise SettingsError(
            f"{path} holds {raw!r}, not a date in YYYY-MM-DD form; fix or delete it "
            "(`newsclaims import` writes it again)"
        ) from None


def _start_date(db: str, new_start: date, remember: bool) -> str:
    """The remembered first partition of ``db``; ``new_start`` when there is none yet,
    written down first when ``remember`` is set."""
    path = start_date_file(db)
    if path is None:
        return new_start.isoformat()
    if not path.exists() and remember:
        _write_once(path, f"{new_start.isoformat()}\n")
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return new_start.isoformat()
    except OSError as exc:
        raise SettingsError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        raise SettingsError(
            f"{path} holds {raw.strip()!r}, not a date in YYYY-MM-DD form; "
            "fix or delete it, or set NEWSCLAIMS_START_DATE"
        ) from None


def _write_once(path: Path, text: str) -> None:
    """Create ``path`` holding ``text`` unless it exists, atomically: two processes
    starting at once both end up reading the one that was linked first. A folder that
    cannot be written leaves the day unremembered (the next load computes it again)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process got there first: its day stands
    except OSError:
        # A filesystem without hard links: an exclusive create (a process reading at that
        # very instant may find it empty and stop with the file's name in its error).
        with contextlib.suppress(OSError), path.open("x", encoding="utf-8") as out:
            out.write(text)
    finally:
        os.unlink(tmp)


def _day(name: str, raw: str) -> str | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a date in YYYY-MM-DD form") from None


def _timezone(name: str, raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return DEFAULT_TIMEZONE
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"{name}={raw!r} is not a known time zone (e.g. UTC, Europe/Berlin)"
        ) from None
    return raw


def _choice(name: str, raw: str, choices: tuple[str, ...]) -> str:
    raw = raw.strip().lower()
    if not raw:
        return choices[0]
    if raw not in choices:
        raise SettingsError(f"{name}={raw!r} is not one of {', '.join(choices)}")
    return raw


def _int_in_range(name: str, raw: str, default: int, high: int) -> int:
    """A whole number from 0 to ``high``."""
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number (0-{high})") from None
    if not 0 <= value <= high:
        raise SettingsError(f"{name}={value} is out of range (0-{high})")
    return value


def _n_process(name: str, raw: str) -> int:
    """1 keeps a run in one process (the least memory, easiest to debug); the number of
    cores uses them all (bench/run.py measures the speedup). "auto" means os.cpu_count()."""
    raw = (raw.strip() or "1").lower()
    if raw == "auto":
        return os.cpu_count() or 1
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number or 'auto'") from None
    if value < 1:
        raise SettingsError(f"{name}={value} must be at least 1")
    return value


def _seconds(name: str, raw: str, default: float) -> float:
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number of seconds") from None
    if not value >= 0:  # also rejects nan
        raise SettingsError(f"{name}={value:g} must be 0 or more seconds")
    return value


def _prefixed(name: str, raw: str, prefixes: tuple[str, ...]) -> str | None:
    """A connection string that starts with one of ``prefixes``; None when unset."""
    raw = raw.strip()
    if not raw:
        return None
    if not raw.startswith(prefixes):
        raise SettingsError(
            f"{name}={raw!r} must start with one of {', '.join(prefixes)} "
            f"(e.g. {prefixes[0]}…); unset it to keep the default"
        )
    return raw
