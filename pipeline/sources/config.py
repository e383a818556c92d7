"""The sources file: a YAML list of news sources plus fetch settings, strictly validated.

Validation errors name the bad key and what is allowed, because this file is written
by hand by analysts and a typo must not turn into a silently empty daily run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pipeline import __version__


class ConfigError(ValueError):
    """A sources file that cannot be used; the message says what to fix."""


class FetchSettings(BaseModel):
    """How politely and defensively to fetch. Every field can be overridden per source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Loopback, private and link-local targets are refused unless this is true
    # (SSRF guard; tests and local mirrors turn it on).
    allow_private_networks: bool = False
    # Seconds between two requests to the same host: one request a second is the
    # customary courtesy rate for crawlers that do not read Crawl-delay.
    per_host_delay: Annotated[float, Field(ge=0, le=600)] = 1.0
    concurrency: Annotated[int, Field(ge=1, le=64)] = 8
    # Per request, total: a slow-drip body counts against it too.
    timeout: Annotated[float, Field(gt=0, le=600)] = 20.0
    connect_timeout: Annotated[float, Field(gt=0, le=120)] = 10.0
    # Enforced on the wire and again after decompression (gzip bombs).
    max_bytes: Annotated[int, Field(ge=1024, le=1_000_000_000)] = 10_000_000
    max_redirects: Annotated[int, Field(ge=0, le=30)] = 5
    # Retries of connection errors, 5xx and 429, with exponential backoff.
    retries: Annotated[int, Field(ge=0, le=10)] = 2
    backoff: Annotated[float, Field(ge=0, le=60)] = 0.5
    # Longest Retry-After we are willing to wait; a longer one fails the URL for today.
    max_retry_after: Annotated[float, Field(ge=0, le=3600)] = 60.0
    respect_robots: bool = True
    user_agent: str = f"newsclaims/{__version__}"


class Source(BaseModel):
    """One news source: exactly one of feed, sitemap, urls or path."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    feed: str | None = None
    sitemap: str | None = None
    urls: list[str] | None = None
    path: Path | None = None
    max_items: Annotated[int, Field(ge=1)] | None = None
    fetch: dict[str, Any] | None = None  # overrides of the top-level fetch settings

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> Source:
        kinds = [k for k in ("feed", "sitemap", "urls", "path") if getattr(self, k) is not None]
        if len(kinds) != 1:
            found = ", ".join(kinds) if kinds else "none"
            raise ValueError(
                f"source {self.name!r} needs exactly one of feed, sitemap, urls, path "
                f"(found: {found})"
            )
        return self

    @field_validator("feed", "sitemap")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"must be an http(s) URL, got {value!r}")
        return value

    @field_validator("urls")
    @classmethod
    def _http_urls(cls, value: list[str] | None) -> list[str] | None:
        for url in value or []:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"must be http(s) URLs, got {url!r}")
        return value

    @property
    def kind(self) -> str:
        return next(k for k in ("feed", "sitemap", "urls", "path") if getattr(self, k) is not None)


class SourcesConfig(BaseModel):
    """The whole sources file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fetch: FetchSettings = FetchSettings()
    sources: Annotated[list[Source], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_names(self) -> SourcesConfig:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"duplicate source name {source.name!r}: names must be unique")
            seen.add(source.name)
        for source in self.sources:
            self.settings_for(source)  # validate per-source overrides now, not mid-run
        return self

    def settings_for(self, source: Source) -> FetchSettings:
        """The fetch settings for one source: the top level with its overrides applied."""
        if not source.fetch:
            return self.fetch
        try:
            return FetchSettings.model_validate({**self.fetch.model_dump(), **source.fetch})
        except ValidationError as exc:
            raise ValueError(f"source {source.name!r} fetch overrides: {exc}") from exc


def _describe(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(err["loc"])
            msg = f"unknown key; allowed keys: {allowed}"
        lines.append(f"  {where}: {msg}")
    return "\n".join(lines)


def _allowed_keys(loc: tuple[Any, ...]) -> str:
    parents = [p for p in loc[:-1] if not isinstance(p, int)]
    if parents and parents[-1] == "fetch":
        model: type[BaseModel] = FetchSettings
    elif parents and parents[-1] == "sources":
        model = Source
    else:
        model = SourcesConfig
    return ", ".join(model.model_fields)


def parse_sources(data: Any, *, base_dir: Path, origin: str = "<sources>") -> SourcesConfig:
    """Validate already-parsed YAML; relative ``path:`` entries resolve against base_dir."""
    if not isinstance(data, dict):
        raise ConfigError(
            f"{origin}: expected a mapping with a 'sources:' list at the top level, "
            f"got {type(data).__name__}"
        )
    try:
        config = SourcesConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{origin}: invalid sources file\n{_describe(exc)}") from None
    resolved = []
    for source in config.sources:
        if source.path is not None and not source.path.is_absolute():
            source = source.model_copy(update={"path": (base_dir / source.path).resolve()})
        resolved.append(source)
    config = config.model_copy(update={"sources": resolved})
    for source in config.sources:
        if source.path is not None and not source.path.is_dir():
            raise ConfigError(
                f"{origin}: source {source.name!r}: path {str(source.path)!r} is not a readable "
                "folder; point 'path:' at a folder of .html/.htm/.txt files"
            )
    return config


def load_sources(path: str | Path) -> SourcesConfig:
    """Read and validate a sources file, raising ConfigError with the fix on any problem."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot read sources file {str(path)!r}: {exc.strerror or exc}; "
            "pass an existing file with --sources or NEWSCLAIMS_SOURCES"
        ) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    return parse_sources(data, base_dir=path.parent.resolve(), origin=str(path))
