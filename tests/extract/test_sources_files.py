"""The bundled sources files load with the real validator."""

from __future__ import annotations

from pathlib import Path

from pipeline.sources import load_sources

SOURCES = Path(__file__).resolve().parents[2] / "sources"
PAGES = SOURCES.parent / "samples" / "pages"


def test_default_sources_point_at_the_sample_pages() -> None:
    config = load_sources(SOURCES / "default.yaml")
    assert [s.kind for s in config.sources] == ["path"]
    assert config.sources[0].path == PAGES.resolve()


def test_example_sources_cover_every_kind_with_a_fetch_override() -> None:
    config = load_sources(SOURCES / "example.yaml")
    kinds = {s.kind for s in config.sources}
    assert kinds == {"feed", "sitemap", "urls", "path"}
    for source in config.sources:
        if source.feed or source.sitemap:
            assert (source.feed or source.sitemap or "").startswith("https://")
    overridden = [s for s in config.sources if s.fetch]
    assert overridden
    for source in overridden:
        settings = config.settings_for(source)
        for key, value in (source.fetch or {}).items():
            assert getattr(settings, key) == value
