"""Resources: the DuckDB file (dagster-duckdb) and the pipeline's own settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import Field, create_model

from assets.settings import Settings, configure_library, load_settings
from pipeline.sources import SourcesConfig, load_sources
from pipeline.stages.archive import read_planned_day
from pipeline.stages.raw_pages import PlannedDay, source_names
from pipeline.store.lake import connect_lake
from pipeline.store.lock import WRITE_TIMEOUT_S, connect_for_write


class LockedDuckDBResource(DuckDBResource):
    """DuckDBResource whose connections are opened under the writers' file lock.

    dagster-duckdb retries a locked file ten times and then raises DuckDB's lock error;
    two `newsclaims run`s on one file, or a run next to an open notebook, would fail.
    Here a writer queues on ``<db>.lock`` (the pool keeps one Dagster instance's runs
    apart; this keeps *processes* apart, e.g. two CLI runs or CLI and UI), says that it
    waits, and always closes the file, also when the block raises.
    """

    # Seconds a writer waits for the lock and the file (NEWSCLAIMS_LOCK_TIMEOUT).
    lock_timeout_s: float = WRITE_TIMEOUT_S

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        config = {"custom_user_agent": "dagster", **self.connection_config}
        with connect_for_write(self.database, timeout=self.lock_timeout_s, config=config) as conn:
            yield conn


class LakeDuckDBResource(DuckDBResource):
    """The lake mode (NEWSCLAIMS_LAKE): connections to a DuckLake, the same tables and views.

    No file lock: any number of processes, on any machines, attach the lake at once, and
    conflicting commits are rerun (pipeline/store/lake.py). ``database`` names the catalog
    (what the UI shows); ``data_path`` is where the Parquet files go.
    """

    data_path: str

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        conn = connect_lake(self.database, self.data_path)
        try:
            yield conn
        finally:
            conn.close()


class NewsclaimsConfig(dg.ConfigurableResource):
    """Where the sources come from, how the NLP stage runs and where a copy of each day goes."""

    sources_file: str
    spacy_model: str
    # PIP_FIND_LINKS' entries: a missing model's error offers the wheels found there.
    find_links: list[str] = Field(default_factory=list)
    batch_size: int = 32
    n_process: int = 1
    # Above this share of failed URLs the fetch check warns (it never fails the run:
    # the web is always a little broken, and one bad source must not stop the day).
    max_failure_rate: float = 0.5
    # NEWSCLAIMS_PARQUET_DIR: each stage also exports its day there (docs/SCALING.md).
    parquet_dir: str | None = None
    # NEWSCLAIMS_BRIEF_BY: the day the daily brief reads, "ingest" or "published".
    brief_by: str = "ingest"
    # `newsclaims import`'s plan (pipeline/stages/archive.py): each day's run ingests the
    # pages the plan lands on that day, instead of discovering the sources' pages.
    import_plan: str | None = None
    # NEWSCLAIMS_ATTRIBUTION_MODEL: the trained attribution model's directory; "" = the
    # claim rules alone.
    attribution_model: str = ""

    def load_sources(self) -> SourcesConfig:
        return load_sources(self.sources_file)

    def planned_day(self, day: date) -> PlannedDay | None:
        """What the import plan lands on ``day``; None outside an import."""
        if self.import_plan is None:
            return None
        return read_planned_day(Path(self.import_plan), day)

    def owned_sources(self, day: date) -> list[str]:
        """The sources whose rows of ``day`` this run replaces: the sources file's, or in
        an import the ones the plan lands on the day (another source's rows stay)."""
        planned = self.planned_day(day)
        if planned is not None:
            return planned.sources()
        return source_names(self.load_sources())

    def check_model(self) -> None:
        """Raise ModelNotInstalledError, naming the fix, unless the model is installed."""
        from pipeline.nlp.model import ensure_model_installed  # spaCy: only when used

        ensure_model_installed(self.spacy_model, find_links=self.find_links)

    def parquet_root(self) -> Path | None:
        """The Parquet export's folder, or None when the export is off."""
        return Path(self.parquet_dir) if self.parquet_dir else None


def configured_newsclaims(**values: Any) -> NewsclaimsConfig:
    """``NewsclaimsConfig(**values)``, each of whose fields also defaults to its value.

    Dagster offers a configured resource's values as ONE default for its whole config
    block, so a launchpad run config that sets only ``sources_file`` would be refused for
    the missing ``spacy_model``. With a default per field, the launchpad shows each
    configured value, and ``resources: {newsclaims: {config: {sources_file: b.yaml}}}``
    alone runs the day with b.yaml's sources and every other setting as configured.
    """
    fields: dict[str, Any] = {
        name: (NewsclaimsConfig.model_fields[name].annotation, value)
        for name, value in values.items()
    }
    configured = create_model(NewsclaimsConfig.__name__, __base__=NewsclaimsConfig, **fields)
    return configured(**values)


def build_resources(
    db: str | None = None,
    sources: str | None = None,
    model: str | None = None,
    settings: Settings | None = None,
    import_plan: str | None = None,
) -> dict[str, object]:
    """The resources for ``settings`` (default: read from the environment now); ``db``,
    ``sources`` and ``model`` override theirs; ``import_plan`` makes the runs an import's."""
    settings = settings or load_settings()
    configure_library(settings)
    return {
        "duckdb": storage_resource(settings, db),
        "newsclaims": configured_newsclaims(
            sources_file=sources or settings.sources,
            spacy_model=model or settings.spacy_model,
            find_links=list(settings.find_links),
            n_process=settings.n_process,
            parquet_dir=str(settings.parquet_dir) if settings.parquet_dir else None,
            brief_by=settings.brief_by,
            import_plan=import_plan,
            attribution_model=str(settings.attribution_model or ""),
        ),
    }


def storage_resource(settings: Settings, db: str | None = None) -> DuckDBResource:
    """The lake when NEWSCLAIMS_LAKE is set (``db`` is then ignored), else the DuckDB file
    ``db`` (default NEWSCLAIMS_DB) under the writers' lock."""
    if settings.lake is not None:
        return LakeDuckDBResource(database=settings.lake, data_path=settings.lake_data)
    database = db or settings.db
    if database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    return LockedDuckDBResource(database=database, lock_timeout_s=settings.lock_timeout_s)
