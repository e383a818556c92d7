"""Bad configuration through the CLI: a clear error naming the fix, exit 2, nothing written.

"Nothing written" is checked on disk: neither the database file, nor its WAL, nor the
writers' lock file, nor the database's folder exists after the failed run.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.reliability.helpers import cli_env, run_cli

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY = "2026-08-01"
EXIT_USAGE = 2
GOOD_SOURCE = f"  - name: samples\n    path: {SAMPLES}\n"

# name -> (sources file text, or None for "do not create it"; phrases the error must hold)
CASES: dict[str, tuple[str | None, list[str]]] = {
    "malformed_yaml": ("sources:\n  - name: a\n    urls: [http://x.org/\n", ["not valid YAML"]),
    "tabs_in_yaml": ("sources:\n\t- name: a\n", ["not valid YAML"]),
    "not_a_mapping": ("- just\n- a list\n", ["expected a mapping", "sources:"]),
    "empty_file": ("", ["expected a mapping", "sources:"]),
    "unknown_top_key": (
        f"sorces:\n{GOOD_SOURCE}",
        ["sorces", "unknown key", "allowed keys: fetch, sources"],
    ),
    "unknown_source_key": (
        f"sources:\n{GOOD_SOURCE}    feeds: http://x.org/rss\n",
        ["sources.0.feeds", "unknown key", "allowed keys"],
    ),
    "unknown_fetch_key": (
        f"fetch:\n  timout: 5\nsources:\n{GOOD_SOURCE}",
        ["fetch.timout", "unknown key", "timeout"],
    ),
    "duplicate_names": (
        f"sources:\n{GOOD_SOURCE}{GOOD_SOURCE}",
        ["duplicate source name 'samples'", "unique"],
    ),
    "bad_value": (f"fetch:\n  timeout: -1\nsources:\n{GOOD_SOURCE}", ["fetch.timeout", "greater"]),
    "bad_source_override": (
        f"sources:\n{GOOD_SOURCE}    fetch: {{retries: many}}\n",
        ["'samples' fetch overrides", "retries"],
    ),
    "two_kinds": (
        "sources:\n  - name: a\n    feed: http://x.org/rss\n    urls: [http://x.org/a]\n",
        ["exactly one of feed, sitemap, urls, path"],
    ),
    "not_http": ("sources:\n  - name: a\n    feed: ftp://x.org/rss\n", ["http(s) URL"]),
    "no_sources": ("sources: []\n", ["sources"]),
    "missing_folder": (
        "sources:\n  - name: a\n    path: ./no-such-folder\n",
        ["no-such-folder", "is not a readable folder"],
    ),
    "missing_file": (None, ["cannot read sources file", "--sources"]),
}


def _paths(tmp: Path) -> tuple[Path, Path]:
    db_dir = tmp / "db-folder"  # must not even be created
    return db_dir / "news.duckdb", db_dir


def _assert_nothing_written(db: Path, db_dir: Path) -> None:
    assert not db.exists()
    assert not Path(f"{db}.wal").exists()
    assert not Path(f"{db}.lock").exists()
    assert not db_dir.exists()


def _assert_clear_failure(result, phrases: list[str]) -> None:
    assert result.returncode == EXIT_USAGE, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr  # a message for a person, not a stack
    assert result.stderr.startswith("newsclaims: error: ")
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_sources_file(case: str, tmp_path: Path) -> None:
    text, phrases = CASES[case]
    sources = tmp_path / "sources.yaml"
    if text is not None:
        sources.write_text(text, encoding="utf-8")
    db, db_dir = _paths(tmp_path)
    result = run_cli("run", "--sources", str(sources), "--db", str(db), "--date", DAY)
    _assert_clear_failure(result, phrases)
    _assert_nothing_written(db, db_dir)


def test_sources_path_is_a_folder(tmp_path: Path) -> None:
    db, db_dir = _paths(tmp_path)
    result = run_cli("run", "--sources", str(tmp_path), "--db", str(db), "--date", DAY)
    _assert_clear_failure(result, ["cannot read sources file", "--sources"])
    _assert_nothing_written(db, db_dir)


def test_missing_model(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n{GOOD_SOURCE}", encoding="utf-8")
    db, db_dir = _paths(tmp_path)
    env = cli_env(NEWSCLAIMS_SPACY_MODEL="xx_no_such_model_sm")
    result = run_cli("run", "--sources", str(sources), "--db", str(db), "--date", DAY, env=env)
    _assert_clear_failure(result, ["'xx_no_such_model_sm' is not installed", "make model"])
    _assert_nothing_written(db, db_dir)
    # --model takes precedence over the environment, and is checked the same way.
    result = run_cli("run", "--sources", str(sources), "--db", str(db), "--date", DAY,
                     "--model", "./no/such/model/dir")  # fmt: skip
    _assert_clear_failure(result, ["does not exist or has no config.cfg"])
    _assert_nothing_written(db, db_dir)


@pytest.mark.parametrize("where", ["under_a_file", "is_a_folder"])
def test_unusable_database_path(where: str, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n{GOOD_SOURCE}", encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    db = blocker / "sub" / "news.duckdb" if where == "under_a_file" else tmp_path
    result = run_cli("run", "--sources", str(sources), "--db", str(db), "--date", DAY)
    _assert_clear_failure(result, ["--db"])
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert not list(tmp_path.glob("*.duckdb*"))


def test_bad_date_and_date_before_first_partition(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n{GOOD_SOURCE}", encoding="utf-8")
    db, db_dir = _paths(tmp_path)
    bad = run_cli("run", "--sources", str(sources), "--db", str(db), "--date", "2026-13-01")
    assert bad.returncode == EXIT_USAGE and "YYYY-MM-DD" in bad.stderr
    early = run_cli("run", "--sources", str(sources), "--db", str(db), "--date", "1999-01-01")
    _assert_clear_failure(early, ["NEWSCLAIMS_START_DATE"])
    _assert_nothing_written(db, db_dir)


# A bad environment variable: (value, phrases the error must hold). Every setting is read
# and checked before any command starts, so the error comes first and is one line.
BAD_ENVIRONMENT: dict[str, tuple[str, list[str]]] = {
    "NEWSCLAIMS_SCHEDULE_HOUR": ("25", ["NEWSCLAIMS_SCHEDULE_HOUR=25 is out of range (0-23)"]),
    "NEWSCLAIMS_N_PROCESS": ("lots", ["NEWSCLAIMS_N_PROCESS='lots'", "'auto'"]),
    "NEWSCLAIMS_LOCK_TIMEOUT": ("ten", ["NEWSCLAIMS_LOCK_TIMEOUT='ten'", "seconds"]),
    "NEWSCLAIMS_TIMEZONE": ("Mars/Olympus", ["NEWSCLAIMS_TIMEZONE='Mars/Olympus'"]),
    "NEWSCLAIMS_START_DATE": ("2026-02-30", ["NEWSCLAIMS_START_DATE='2026-02-30'", "YYYY-MM-DD"]),
}


@pytest.mark.parametrize("name", sorted(BAD_ENVIRONMENT))
def test_bad_environment_variable(name: str, tmp_path: Path) -> None:
    value, phrases = BAD_ENVIRONMENT[name]
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n{GOOD_SOURCE}", encoding="utf-8")
    db, db_dir = _paths(tmp_path)
    env = cli_env(**{name: value})
    result = run_cli("run", "--sources", str(sources), "--db", str(db), "--date", DAY, env=env)
    _assert_clear_failure(result, phrases)
    assert result.stderr.count("\n") == 1, result.stderr  # one line
    _assert_nothing_written(db, db_dir)


def test_bad_environment_variable_stops_sql_too(tmp_path: Path) -> None:
    env = cli_env(NEWSCLAIMS_READ_TIMEOUT="-5")
    result = run_cli("sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb"), env=env)
    _assert_clear_failure(result, ["NEWSCLAIMS_READ_TIMEOUT=-5 must be 0 or more seconds"])


def _good_sources(tmp: Path) -> Path:
    sources = tmp / "sources.yaml"
    sources.write_text(f"sources:\n{GOOD_SOURCE}", encoding="utf-8")
    return sources


def test_date_after_today(tmp_path: Path) -> None:
    # Two days ahead is after today in every time zone, whatever the clock says here.
    later = (date.today() + timedelta(days=2)).isoformat()
    db, db_dir = _paths(tmp_path)
    result = run_cli("run", "--sources", str(_good_sources(tmp_path)), "--db", str(db),
                     "--date", later)  # fmt: skip
    _assert_clear_failure(result, [f"--date {later} is after today (", "NEWSCLAIMS_TIMEZONE"])
    assert result.stderr.count("\n") == 1, result.stderr
    _assert_nothing_written(db, db_dir)


@pytest.mark.parametrize("home", ["missing", "relative", "a_file"])
def test_unusable_dagster_home(home: str, tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("", encoding="utf-8")
    value = {
        "missing": str(tmp_path / "no-such-home"),
        "relative": "dagster-home",
        "a_file": str(tmp_path / "a_file"),
    }[home]
    phrases = {
        "missing": ["does not exist", "mkdir -p"],
        "relative": ["'dagster-home' is a relative path"],
        "a_file": ["is not a folder"],
    }[home]
    db, db_dir = _paths(tmp_path)
    result = run_cli("run", "--sources", str(_good_sources(tmp_path)), "--db", str(db),
                     "--date", DAY, env={**cli_env(), "DAGSTER_HOME": value})  # fmt: skip
    _assert_clear_failure(result, [f"DAGSTER_HOME={value!r}" if home == "relative" else value,
                                   "unset it", *phrases])  # fmt: skip
    assert result.stderr.count("\n") == 1, result.stderr
    _assert_nothing_written(db, db_dir)
    assert not (tmp_path / "no-such-home").exists()
