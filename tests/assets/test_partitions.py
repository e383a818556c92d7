"""The daily partitions and their schedule: the schedule is built from the partitioned job
(so a tick names its day), and without NEWSCLAIMS_START_DATE the first partition is
remembered beside the database, so every process and every later day agrees on it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from assets.cli import EXIT_USAGE, main
from assets.definitions import build_definitions
from assets.partitions import daily_partitions, daily_partitions_for
from assets.schedules import (
    DAILY_JOB,
    daily_ingest_job_for,
    daily_ingest_schedule,
    daily_schedule_for,
)
from assets.settings import (
    START_WINDOW_DAYS,
    SettingsError,
    archive_start_file,
    load_settings,
    remember_archive_start,
    start_date_file,
)
from tests.conftest import REPO_ROOT

FIRST_LOAD = date(2026, 5, 10)
WINDOW_START = (FIRST_LOAD - timedelta(days=START_WINDOW_DAYS)).isoformat()


def test_the_schedule_runs_the_partitioned_job() -> None:
    assert daily_ingest_schedule.job.partitions_def is daily_partitions
    job = build_definitions().resolve_job_def(DAILY_JOB)
    assert job.partitions_def == daily_partitions
    assert daily_ingest_schedule.execution_timezone == daily_partitions.timezone


def test_a_tick_requests_its_day_at_the_configured_time_and_zone() -> None:
    settings = load_settings(
        {
            "NEWSCLAIMS_START_DATE": "2026-03-01",
            "NEWSCLAIMS_TIMEZONE": "Europe/Berlin",
            "NEWSCLAIMS_SCHEDULE_HOUR": "0",
            "NEWSCLAIMS_SCHEDULE_MINUTE": "30",
        }
    )
    partitions = daily_partitions_for(settings)
    schedule = daily_schedule_for(daily_ingest_job_for(partitions), settings)
    assert schedule.job.partitions_def is partitions
    assert schedule.cron_schedule == "30 0 * * *"
    assert schedule.execution_timezone == "Europe/Berlin"

    # 00:30 in Berlin on 21 March is still 20 March in UTC: the day is Berlin's.
    tick = datetime(2026, 3, 21, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    result = schedule.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=tick))
    assert [r.partition_key for r in result.run_requests or []] == ["2026-03-21"]


def _env(db: Path, **extra: str) -> dict[str, str]:
    return {"NEWSCLAIMS_DB": str(db), **extra}


def test_the_first_load_is_remembered_and_later_days_agree(tmp_path: Path) -> None:
    db = tmp_path / "data" / "news.duckdb"
    first = load_settings(_env(db), remember_start=True, today=FIRST_LOAD)
    assert first.start_date == WINDOW_START
    assert start_date_file(str(db)) == Path(f"{db}.start-date")
    assert Path(f"{db}.start-date").read_text(encoding="utf-8") == f"{WINDOW_START}\n"
    # A year later, with or without remembering, the first partition stays put.
    for remember in (False, True):
        later = load_settings(_env(db), remember_start=remember, today=date(2027, 5, 10))
        assert later.start_date == WINDOW_START
    assert not db.exists()  # the database itself is the first run's to create


def test_a_folder_without_hard_links_still_remembers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: Path) -> None:
        raise PermissionError(1, "hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    db = tmp_path / "news.duckdb"
    assert load_settings(_env(db), remember_start=True, today=FIRST_LOAD).start_date == (
        WINDOW_START
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.duckdb.start-date"]
    assert load_settings(_env(db), today=date(2027, 1, 1)).start_date == WINDOW_START


def test_without_remembering_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    assert load_settings(_env(db), today=FIRST_LOAD).start_date == WINDOW_START
    assert list(tmp_path.iterdir()) == []


def test_the_start_date_setting_wins_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    Path(f"{db}.start-date").write_text("2026-04-01\n", encoding="utf-8")
    env = _env(db, NEWSCLAIMS_START_DATE="2025-12-01")
    assert load_settings(env, remember_start=True, today=FIRST_LOAD).start_date == "2025-12-01"
    assert Path(f"{db}.start-date").read_text(encoding="utf-8") == "2026-04-01\n"
    other = tmp_path / "other.duckdb"
    load_settings(_env(other, NEWSCLAIMS_START_DATE="2025-12-01"), remember_start=True)
    assert not Path(f"{other}.start-date").exists()


def test_an_import_moves_the_first_partition_earlier_only(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    env = _env(db, NEWSCLAIMS_START_DATE="2026-01-01")
    remember_archive_start(str(db), date(2019, 5, 2))
    assert load_settings(env, today=FIRST_LOAD).start_date == "2019-05-02"
    remember_archive_start(str(db), date(2020, 1, 1))  # later: the earlier day stays
    assert load_settings(env, today=FIRST_LOAD).start_date == "2019-05-02"
    remember_archive_start(str(db), date(2018, 11, 20))
    assert archive_start_file(str(db)).read_text(encoding="utf-8") == "2018-11-20\n"  # type: ignore[union-attr]
    # Without the setting: the remembered window's start, or the archive's when earlier.
    assert load_settings(_env(db), today=FIRST_LOAD).start_date == "2018-11-20"
    # An archive start after the setting's day changes nothing.
    other = tmp_path / "other.duckdb"
    remember_archive_start(str(other), date(2026, 6, 1))
    assert load_settings(_env(other, NEWSCLAIMS_START_DATE="2026-01-01")).start_date == (
        "2026-01-01"
    )


def test_a_damaged_archive_start_names_itself(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    Path(f"{db}.archive-start").write_text("soon\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not a date") as error:
        load_settings(_env(db, NEWSCLAIMS_START_DATE="2026-01-01"))
    assert f"{db}.archive-start" in str(error.value)


def test_a_damaged_file_names_itself_and_the_fix(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    Path(f"{db}.start-date").write_text("last spring\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not a date") as error:
        load_settings(_env(db), remember_start=True)
    assert f"{db}.start-date" in str(error.value)
    assert "NEWSCLAIMS_START_DATE" in str(error.value)


def test_an_in_memory_database_remembers_nothing(tmp_path: Path) -> None:
    settings = load_settings({"NEWSCLAIMS_DB": ":memory:"}, remember_start=True, today=FIRST_LOAD)
    assert settings.start_date == WINDOW_START


def test_a_day_before_the_remembered_start_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news.duckdb"
    Path(f"{db}.start-date").write_text("2026-04-01\n", encoding="utf-8")
    monkeypatch.delenv("NEWSCLAIMS_START_DATE", raising=False)
    monkeypatch.setenv("NEWSCLAIMS_DB", str(db))
    assert main(["run", "--date", "2026-03-31"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "before the first partition 2026-04-01" in err
    assert "NEWSCLAIMS_START_DATE" in err
    assert not db.exists()


# Each line: the first partition the process's Dagster definitions offer, then the start
# date its CLI settings check --date against.
PROBE = (
    "from assets.partitions import daily_partitions as p;"
    "from assets.settings import load_settings;"
    "print(p.get_first_partition_key(), load_settings().start_date)"
)


@pytest.mark.slow
def test_two_processes_agree_on_the_first_partition(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "NEWSCLAIMS_START_DATE"}
    env.update(NEWSCLAIMS_DB=str(db), PYTHONPATH=str(REPO_ROOT))

    def probe() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", PROBE],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return done.stdout.split()

    first = probe()
    remembered = Path(f"{db}.start-date").read_text(encoding="utf-8").strip()
    assert first == [remembered, remembered]
    assert probe() == first
    # Written down long ago, the day still holds: it is read, never computed again.
    Path(f"{db}.start-date").write_text("2026-02-01\n", encoding="utf-8")
    assert probe() == ["2026-02-01", "2026-02-01"]
