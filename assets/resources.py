"""Resources: the DuckDB file (dagster-duckdb) and the pipeline's own settings."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets import settings
from pipeline.sources import SourcesConfig, load_sources


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
        "duckdb": DuckDBResource(database=database),
        "newsclaims": NewsclaimsConfig(
            sources_file=sources or settings.sources_path(),
            spacy_model=model or settings.spacy_model(),
        ),
    }
