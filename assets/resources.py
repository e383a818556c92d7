"""Resources: the DuckDB file (dagster-duckdb) and the pipeline's own settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets import settings
from pipeline.sources import SourcesConfig, load_sources
from pipeline.store.lock import connect_for_write


class LockedDuckDBResource(DuckDBResource):
    """DuckDBResource whose connections are opened under the writers' file lock.

    dagster-duckdb retries a locked file ten times and then raises DuckDB's lock error;
    two `newsclaims run`s on one file, or a run next to an open notebook, would fail.
    Here a writer queues on ``<db>.lock`` (the pool keeps one Dagster instance's runs
    apart; this keeps *processes* apart, e.g. two CLI runs or CLI and UI), says that it
    waits, and always closes the file, also when the block raises.
    """

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        config = {"custom_user_agent": "dagster", **self.connection_config}
        with connect_for_write(self.database, config=config) as conn:
            yield conn


def n_process_setting() -> int:
    """NEWSCLAIMS_N_PROCESS: worker processes for extraction and spaCy (default 1).

    1 keeps a run in one process (the least memory, easiest to debug); the number of cores
    uses them all (bench/run.py measures the speedup). "auto" means os.cpu_count().
    """
    raw = (os.environ.get("NEWSCLAIMS_N_PROCESS") or "1").strip().lower()
    if raw == "auto":
        return os.cpu_count() or 1
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"NEWSCLAIMS_N_PROCESS={raw!r} is not a whole number or 'auto'") from None
    if value < 1:
        raise ValueError(f"NEWSCLAIMS_N_PROCESS={value} must be at least 1")
    return value


class NewsclaimsConfig(dg.ConfigurableResource):
    """Where the sources come from and how the NLP stage runs."""

    sources_file: str
    spacy_model: str
    batch_size: int = 32
    n_process: int = 1
    # Above this share of failed URLs the fetch check warns (it never fails the run:
    # the web is always a little broken, and one bad source must not stop the day).
    max_failure_rate: float = 0.5

    def load_sources(self) -> SourcesConfig:
        return load_sources(self.sources_file)


def build_resources(
    db: str | None = None, sources: str | None = None, model: str | None = None
) -> dict[str, object]:
    database = db or settings.db_path()
    if database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    return {
        "duckdb": LockedDuckDBResource(database=database),
        "newsclaims": NewsclaimsConfig(
            sources_file=sources or settings.sources_path(),
            spacy_model=model or settings.spacy_model(),
            n_process=n_process_setting(),
        ),
    }
