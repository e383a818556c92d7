"""Fetch and discovery edge cases: time zones, gzip sitemaps, padded <loc>s,
and hosts that URL cleaning would silently change."""

from __future__ import annotations

import gzip
import threading
import time
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from pipeline.fetch import fetch_url, guard
from pipeline.fetch import status as st
from pipeline.fetch.discover import discover, normalise_url
from pipeline.sources.config import FetchSettings, Source
from pipeline.stages.raw_pages import fetch_log_row
from pipeline.store import ensure_schema, replace_partition
from tests.http_server import TestServer, article, fast_settings

XML = "application/xml"


def urlset(links: list[str], padded: bool = False) -> str:
    pad = "\n      " if padded else ""
    urls = "".join(f"<url><loc>{pad}{link}{pad}</loc></url>" for link in links)
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"
    )


@pytest.fixture
def settings() -> FetchSettings:
    return fast_settings()


def test_fetched_at_is_naive_utc_and_stored_unshifted(
    server: TestServer, settings: FetchSettings
) -> None:
    """An aware fetched_at is shifted into the session's zone by DuckDB on insert."""
    server.add("/a.html", article("A"))
    result = fetch_url(server.url("/a.html"), settings, source="s")
    assert result.status == st.OK, result.reason
    assert result.fetched_at.tzinfo is None
    now = datetime.now(UTC).replace(tzinfo=None)
    assert abs(now - result.fetched_at) < timedelta(minutes=1)

    conn = duckdb.connect()
    conn.execute("SET TimeZone = 'America/New_York'")  # any zone but UTC shows the shift
    ensure_schema(conn)
    day = date(2026, 11, 25)
    replace_partition(conn, day, {"fetch_log": [fetch_log_row(result, day)]})
    stored = conn.execute("SELECT fetched_at FROM fetch_log").fetchone()
    assert stored is not None and stored[0] == result.fetched_at


def test_failure_rows_are_naive_utc_too(settings: FetchSettings) -> None:
    result = fetch_url("ftp://example.com/a", settings)
    assert result.status == st.INVALID_URL
    assert result.fetched_at.tzinfo is None
    items, failures = discover(Source(name="u", urls=["https://exa mple.com/a"]), settings)
    assert items == [] and failures[0].fetched_at.tzinfo is None


def test_gzipped_sitemap_file_is_unpacked(server: TestServer, settings: FetchSettings) -> None:
    base = server.base
    packed = gzip.compress(urlset([f"{base}/gz/1.html", f"{base}/gz/2.html"]).encode())
    server.add("/sitemap.xml.gz", packed, content_type="application/x-gzip")
    items, failures = discover(Source(name="g", sitemap=server.url("/sitemap.xml.gz")), settings)
    assert failures == []
    assert [i.url for i in items] == [f"{base}/gz/1.html", f"{base}/gz/2.html"]


def test_gzipped_sitemap_bomb_is_too_large(server: TestServer, settings: FetchSettings) -> None:
    bomb = gzip.compress(b"<?xml version='1.0'?><urlset>" + b" " * (settings.max_bytes * 20))
    assert len(bomb) < settings.max_bytes
    server.add("/bomb.xml.gz", bomb, content_type="application/gzip")
    items, failures = discover(Source(name="g", sitemap=server.url("/bomb.xml.gz")), settings)
    assert items == []
    assert [f.status for f in failures] == [st.TOO_LARGE]


def test_gzip_file_is_still_refused_as_a_page(server: TestServer, settings: FetchSettings) -> None:
    server.add("/page.html", gzip.compress(article("Packed")), content_type="text/html")
    assert fetch_url(server.url("/page.html"), settings).status == st.NOT_HTML


def test_padded_loc_values_are_kept(server: TestServer, settings: FetchSettings) -> None:
    """Pretty-printed sitemaps put the URL on its own line inside <loc>."""
    base = server.base
    server.add(
        "/sm.xml",
        urlset([f"{base}/p/1.html", f"{base}/p/2.html"], padded=True),
        content_type=XML,
    )
    items, failures = discover(Source(name="p", sitemap=server.url("/sm.xml")), settings)
    assert failures == []
    assert [i.url for i in items] == [f"{base}/p/1.html", f"{base}/p/2.html"]


@pytest.mark.parametrize("url", ["https://exa mple.com/a", "http://news .example.com/x"])
def test_whitespace_in_host_is_invalid_not_rewritten(url: str) -> None:
    assert normalise_url(url) is None


def test_whitespace_in_path_is_still_accepted() -> None:
    assert normalise_url("https://example.com/a b.html") is not None


def test_slow_dns_lookup_counts_against_the_total_deadline(
    settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """getaddrinfo has no timeout; a resolver that hangs must not hold the request."""
    release = threading.Event()

    def hanging_resolver(host: str, port: int) -> list[str]:
        release.wait(5)  # bounded, and released at the end of the test
        return ["93.184.215.14"]

    monkeypatch.setattr(guard, "resolve_host", hanging_resolver)
    started = time.monotonic()
    try:
        no_robots = settings.model_copy(update={"respect_robots": False})
        result = fetch_url("http://slow-dns.example.com/a.html", no_robots)
    finally:
        release.set()
    assert result.status == st.TIMEOUT
    assert "DNS lookup" in (result.reason or "")
    assert time.monotonic() - started < settings.timeout + 0.5


@pytest.mark.parametrize("declared_length", [True, False])
def test_truncated_gzip_body_is_not_ok(
    server: TestServer, settings: FetchSettings, declared_length: bool
) -> None:
    """Half a gzip stream decodes to half a page; it must not be stored as a good page."""
    packed = gzip.compress(article("Truncated", paragraphs=50))
    server.add(
        "/cut.html",
        packed[: len(packed) // 2],
        headers={"Content-Encoding": "gzip"},
        content_length=declared_length,
    )
    result = fetch_url(server.url("/cut.html"), settings)
    assert result.status != st.OK
    assert result.body is None
    assert "truncated" in (result.reason or "")
