"""The settings object: every variable read, bad values refused in one line; and the
domain library reads no environment at all (the edge passes the values in)."""

from __future__ import annotations

import ast
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assets import settings as settings_module
from assets.settings import Settings, SettingsError, load_settings
from pipeline.store import lock
from tests.conftest import REPO_ROOT

# Every variable set, to a value unlike its default.
EVERY_VARIABLE = {
    "NEWSCLAIMS_DB": "/data/news.duckdb",
    "NEWSCLAIMS_SOURCES": "/etc/newsclaims/sources.yaml",
    "NEWSCLAIMS_SPACY_MODEL": "en_core_web_md",
    "NEWSCLAIMS_START_DATE": "2025-06-01",
    "NEWSCLAIMS_TIMEZONE": "Asia/Kabul",
    "NEWSCLAIMS_SCHEDULE_HOUR": "23",
    "NEWSCLAIMS_SCHEDULE_MINUTE": "45",
    "NEWSCLAIMS_N_PROCESS": "3",
    "NEWSCLAIMS_PARQUET_DIR": " /data/lake ",
    "NEWSCLAIMS_SQL_DIR": "/opt/newsclaims/sql",
    "NEWSCLAIMS_LOCK_TIMEOUT": "30",
    "NEWSCLAIMS_READ_TIMEOUT": "2.5",
    "PIP_FIND_LINKS": "/wheels 'file:///other wheels'",
    "DAGSTER_HOME": "/var/dagster",
    "NEWSCLAIMS_BRIEF_BY": "Published",
    "NEWSCLAIMS_ATTRIBUTION_MODEL": "on",
    "NEWSCLAIMS_LAKE": " postgres:dbname=lake host=127.0.0.1 ",
    "NEWSCLAIMS_LAKE_DATA": "s3://bucket/lake/",
    "NEWSCLAIMS_CELERY_BROKER": "redis://127.0.0.1:6379/0",
}


def test_every_variable_is_read() -> None:
    assert load_settings(EVERY_VARIABLE) == Settings(
        db="/data/news.duckdb",
        sources="/etc/newsclaims/sources.yaml",
        spacy_model="en_core_web_md",
        start_date="2025-06-01",
        timezone="Asia/Kabul",
        schedule_hour=23,
        schedule_minute=45,
        n_process=3,
        parquet_dir=Path("/data/lake"),
        sql_dir=Path("/opt/newsclaims/sql"),
        lock_timeout_s=30.0,
        read_timeout_s=2.5,
        find_links=("/wheels", "file:///other wheels"),
        dagster_home="/var/dagster",
        brief_by="published",
        attribution_model=REPO_ROOT / "models" / "attribution",
        lake="postgres:dbname=lake host=127.0.0.1",
        lake_data="s3://bucket/lake/",
        celery_broker="redis://127.0.0.1:6379/0",
    )


def _default_start() -> str:
    """The day remembered beside the default database, else 30 days before today
    (tests/assets/test_partitions.py checks how it is chosen)."""
    remembered = REPO_ROOT / "data" / "newsclaims.duckdb.start-date"
    if remembered.exists():
        return remembered.read_text(encoding="utf-8").strip()
    return (datetime.now(UTC).date() - timedelta(days=30)).isoformat()


@pytest.mark.parametrize("environ", [{}, dict.fromkeys(EVERY_VARIABLE, "")], ids=["unset", "empty"])
def test_defaults_work_from_a_checkout(environ: dict[str, str]) -> None:
    assert load_settings(environ) == Settings(
        db=str(REPO_ROOT / "data" / "newsclaims.duckdb"),
        sources=str(REPO_ROOT / "sources" / "default.yaml"),
        spacy_model="en_core_web_sm",
        start_date=_default_start(),
        timezone="UTC",
        schedule_hour=6,
        schedule_minute=0,
        n_process=1,
        parquet_dir=None,
        sql_dir=None,
        lock_timeout_s=lock.WRITE_TIMEOUT_S,
        read_timeout_s=lock.READ_TIMEOUT_S,
        find_links=(),
        dagster_home=None,
        attribution_model=None,
        lake=None,
        lake_data=str(REPO_ROOT / "data" / "lake"),
        celery_broker=None,
    )


def test_defaults_agree_with_the_library() -> None:
    from pipeline.nlp.model import DEFAULT_MODEL

    assert settings_module.DEFAULT_MODEL == DEFAULT_MODEL
    assert (lock.WRITE_TIMEOUT_S, lock.READ_TIMEOUT_S) == (600.0, 60.0)


def test_n_process_auto_is_every_core() -> None:
    assert load_settings({"NEWSCLAIMS_N_PROCESS": " Auto "}).n_process == (os.cpu_count() or 1)


def test_settings_are_frozen() -> None:
    settings = load_settings({})
    with pytest.raises(AttributeError):
        settings.db = "elsewhere.duckdb"  # type: ignore[misc]


# variable -> (bad value, the one-line message)
BAD_VALUES = {
    "NEWSCLAIMS_SCHEDULE_HOUR": (
        "6am",
        "NEWSCLAIMS_SCHEDULE_HOUR='6am' is not a whole number (0-23)",
    ),
    "NEWSCLAIMS_SCHEDULE_MINUTE": ("60", "NEWSCLAIMS_SCHEDULE_MINUTE=60 is out of range (0-59)"),
    "NEWSCLAIMS_N_PROCESS": ("many", "NEWSCLAIMS_N_PROCESS='many' is not a whole number or 'auto'"),
    "NEWSCLAIMS_START_DATE": ("01/02/2026", "NEWSCLAIMS_START_DATE='01/02/2026' is not a date"),
    "NEWSCLAIMS_TIMEZONE": ("Mars/Olympus", "NEWSCLAIMS_TIMEZONE='Mars/Olympus' is not a known"),
    "NEWSCLAIMS_LOCK_TIMEOUT": ("10m", "NEWSCLAIMS_LOCK_TIMEOUT='10m' is not a number of seconds"),
    "NEWSCLAIMS_READ_TIMEOUT": ("-1", "NEWSCLAIMS_READ_TIMEOUT=-1 must be 0 or more seconds"),
    "NEWSCLAIMS_BRIEF_BY": (
        "weekly",
        "NEWSCLAIMS_BRIEF_BY='weekly' is not one of ingest, published",
    ),
    "NEWSCLAIMS_ATTRIBUTION_MODEL": (
        "/no/such/model",
        "NEWSCLAIMS_ATTRIBUTION_MODEL='/no/such/model' is not a trained attribution model's",
    ),
}


def test_the_attribution_model_is_on_off_or_a_trained_directory(tmp_path: Path) -> None:
    shipped = REPO_ROOT / "models" / "attribution"
    assert (shipped / "config.json").is_file()
    assert load_settings({"NEWSCLAIMS_ATTRIBUTION_MODEL": " ON "}).attribution_model == shipped
    assert load_settings({"NEWSCLAIMS_ATTRIBUTION_MODEL": "off"}).attribution_model is None
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    chosen = load_settings({"NEWSCLAIMS_ATTRIBUTION_MODEL": str(tmp_path)})
    assert chosen.attribution_model == tmp_path


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_a_bad_value_is_refused_in_one_line(name: str) -> None:
    value, message = BAD_VALUES[name]
    with pytest.raises(SettingsError) as caught:
        load_settings({name: value})
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_n_process_below_one_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"^NEWSCLAIMS_N_PROCESS=0 must be at least 1$"):
        load_settings({"NEWSCLAIMS_N_PROCESS": "0"})


ENVIRONMENT_NAMES = frozenset({"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"})


def _environment_reads(source: str) -> list[int]:
    """Lines of ``source`` that touch the environment: os.environ, getenv, putenv, ..."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.alias):
            name = node.name
        else:
            continue
        if name in ENVIRONMENT_NAMES:
            lines.append(getattr(node, "lineno", 0))
    return lines


def test_the_pipeline_library_reads_no_environment() -> None:
    modules = sorted((REPO_ROOT / "pipeline").rglob("*.py"))
    assert len(modules) > 50  # the whole library, not an empty glob
    reads = [
        f"{path.relative_to(REPO_ROOT)}:{line}"
        for path in modules
        for line in _environment_reads(path.read_text(encoding="utf-8"))
    ]
    assert not reads, f"pipeline/ takes settings as parameters (read them in assets/): {reads}"


@pytest.mark.parametrize(
    "source",
    [
        "import os\nx = os.environ.get('X')\n",
        "import os\nx = os.getenv('X')\n",
        "from os import environ\n",
        "from os import getenv as ge\n",
    ],
)
def test_the_environment_check_finds_a_read(source: str) -> None:
    assert _environment_reads(source)


def test_resources_take_their_values_from_the_settings(tmp_path: Path) -> None:
    from assets.resources import build_resources

    settings = load_settings(
        {
            "NEWSCLAIMS_DB": str(tmp_path / "news.duckdb"),
            "NEWSCLAIMS_N_PROCESS": "2",
            "NEWSCLAIMS_PARQUET_DIR": str(tmp_path / "lake"),
            "NEWSCLAIMS_LOCK_TIMEOUT": "7",
            "PIP_FIND_LINKS": "/wheels",
            "NEWSCLAIMS_ATTRIBUTION_MODEL": "on",
        }
    )
    resources = build_resources(model="en_core_web_md", settings=settings)
    duckdb, newsclaims = resources["duckdb"], resources["newsclaims"]
    assert duckdb.database == str(tmp_path / "news.duckdb")  # type: ignore[attr-defined]
    assert duckdb.lock_timeout_s == 7.0  # type: ignore[attr-defined]
    assert newsclaims.spacy_model == "en_core_web_md"  # type: ignore[attr-defined]
    assert newsclaims.n_process == 2  # type: ignore[attr-defined]
    assert newsclaims.find_links == ["/wheels"]  # type: ignore[attr-defined]
    assert newsclaims.parquet_root() == tmp_path / "lake"  # type: ignore[attr-defined]
    assert newsclaims.attribution_model == str(REPO_ROOT / "models" / "attribution")  # type: ignore[attr-defined]
    off = build_resources(db=":memory:", settings=load_settings({}))["newsclaims"]
    assert off.parquet_root() is None  # type: ignore[attr-defined]
    assert off.attribution_model == ""  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "value"),
    [("NEWSCLAIMS_LAKE", "dbname=lake host=x"), ("NEWSCLAIMS_CELERY_BROKER", "localhost:6379")],
)
def test_lake_and_broker_need_their_scheme(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({name: value})
    message = str(caught.value)
    assert "\n" not in message and name in message and "must start with" in message
