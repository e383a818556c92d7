"""The sources file: valid files load, every kind of mistake is a clear ConfigError."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.sources import ConfigError, load_sources, parse_sources


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_example_loads_with_overrides(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    path = write(
        tmp_path,
        """
fetch:
  per_host_delay: 2
  timeout: 5
sources:
  - name: world-news
    feed: https://example.org/rss.xml
  - name: site
    sitemap: https://example.org/sitemap.xml
    max_items: 10
  - name: picks
    urls: [https://example.org/a.html]
    fetch: {timeout: 1.5}
  - name: archive
    path: pages
""",
    )
    config = load_sources(path)
    assert [s.kind for s in config.sources] == ["feed", "sitemap", "urls", "path"]
    assert config.sources[3].path == (tmp_path / "pages").resolve()
    picks = config.settings_for(config.sources[2])
    assert picks.timeout == 1.5 and picks.per_host_delay == 2  # override on top of top level
    assert config.settings_for(config.sources[0]).timeout == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources: [\n  - name: a\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        (
            "sources:\n  - name: a\n    urls: [https://x.org/]\n    colour: red\n",
            "colour: unknown key",
        ),
        ("fetch: {tmeout: 3}\nsources:\n  - {name: a, urls: ['https://x.org/']}\n", "allowed keys"),
        (
            "sources:\n  - {name: a, urls: ['https://x.org/']}\n  - {name: a, feed: 'https://y.org/f'}\n",
            "duplicate source name 'a'",
        ),
        ("sources:\n  - {name: a}\n", "exactly one of feed, sitemap, urls, path"),
        (
            "sources:\n  - {name: a, feed: 'https://x.org/f', urls: ['https://x.org/']}\n",
            "found: feed, urls",
        ),
        ("sources:\n  - {name: a, feed: 'ftp://x.org/f'}\n", "http(s) URL"),
        ("sources: []\n", "sources"),
        (
            "fetch: {concurrency: 0}\nsources:\n  - {name: a, urls: ['https://x.org/']}\n",
            "concurrency",
        ),
        (
            "sources:\n  - {name: a, urls: ['https://x.org/'], fetch: {timeout: -1}}\n",
            "fetch overrides",
        ),
        ("sources:\n  - {name: a, path: no-such-folder}\n", "is not a readable folder"),
    ],
)
def test_mistakes_name_the_problem(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_sources(write(tmp_path, text))
    assert expected in str(info.value)


def test_unreadable_file_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="NEWSCLAIMS_SOURCES"):
        load_sources(tmp_path / "missing.yaml")


def test_parse_sources_rejects_non_mapping() -> None:
    with pytest.raises(ConfigError):
        parse_sources(["a"], base_dir=Path("."))
