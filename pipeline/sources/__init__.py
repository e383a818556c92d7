"""Where pages come from: the sources file and the URLs each source lists."""

from pipeline.sources.config import (
    ConfigError,
    FetchSettings,
    Source,
    SourcesConfig,
    load_sources,
    parse_sources,
)

__all__ = [
    "ConfigError",
    "FetchSettings",
    "Source",
    "SourcesConfig",
    "load_sources",
    "parse_sources",
]
