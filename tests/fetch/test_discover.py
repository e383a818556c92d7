"""Discovery against a live local server: feeds, sitemap indexes, URL lists and folders."""

from __future__ import annotations

from pathlib import Path

from pipeline.fetch import fetch_all
from pipeline.fetch import status as st
from pipeline.fetch.discover import MAX_SITEMAPS, discover, normalise_url
from pipeline.sources.config import FetchSettings, Source
from tests.http_server import TestServer, article

XML = "application/xml"


def rss(base: str, links: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>News</title><link>{base}/</link>{items}</channel></rss>"
    )


def urlset(links: list[str]) -> str:
    urls = "".join(f"<url><loc>{link}</loc></url>" for link in links)
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"
    )


def index(links: list[str]) -> str:
    maps = "".join(f"<sitemap><loc>{link}</loc></sitemap>" for link in links)
    return (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{maps}</sitemapindex>"
    )


def test_feed_links_normalised_and_deduplicated(
    server: TestServer, settings: FetchSettings
) -> None:
    base = server.base
    links = [
        f"{base}/news/one.html",
        "/news/two.html",  # relative to the feed
        f"{base}/news/one.html?utm_source=rss",  # same article, tracking parameter
        f"{base}/news/three.html#comments",
    ]
    server.add("/feed.xml", rss(base, links), content_type="application/rss+xml")
    source = Source(name="wire", feed=server.url("/feed.xml"))
    items, failures = discover(source, settings)
    assert failures == []
    # Feed order kept; the tracking-parameter copy and the fragment are normalised away.
    assert [i.url for i in items] == [
        f"{base}/news/one.html",
        f"{base}/news/two.html",
        f"{base}/news/three.html",
    ]
    assert len(items) == 3
    assert {i.source for i in items} == {"wire"}
    assert server.hits("/feed.xml") == 1

    capped, _ = discover(Source(name="wire", feed=server.url("/feed.xml"), max_items=2), settings)
    assert len(capped) == 2


def test_feed_failures_become_rows(server: TestServer, settings: FetchSettings) -> None:
    missing, failures = discover(Source(name="a", feed=server.url("/nofeed.xml")), settings)
    assert missing == []
    assert [(f.status, f.http_status, f.url) for f in failures] == [
        (st.HTTP_ERROR, 404, server.url("/nofeed.xml"))
    ]

    server.add("/broken.xml", "<?xml version='1.0'?><rss><channel><item><link>", content_type=XML)
    items, failures = discover(Source(name="b", feed=server.url("/broken.xml")), settings)
    assert items == []
    assert [f.status for f in failures] == [st.BAD_FEED]
    assert "not well-formed" in (failures[0].reason or "")

    server.add("/page.xml", b"%PDF-1.4\x00\x00", content_type=XML)
    _, failures = discover(Source(name="c", feed=server.url("/page.xml")), settings)
    assert [f.status for f in failures] == [st.NOT_HTML]


def test_feed_respects_robots(server: TestServer, settings: FetchSettings) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /feeds/\n", content_type="text/plain")
    server.add("/feeds/all.xml", rss(server.base, ["/a.html"]), content_type=XML)
    items, failures = discover(Source(name="r", feed=server.url("/feeds/all.xml")), settings)
    assert items == [] and [f.status for f in failures] == [st.ROBOTS]
    assert server.hits("/feeds/all.xml") == 0


def test_sitemap_index_followed_with_self_reference_ignored(
    server: TestServer, settings: FetchSettings
) -> None:
    base = server.base
    server.add(
        "/sitemap.xml",
        index([f"{base}/sitemap.xml", f"{base}/sm-news.xml", f"{base}/sm-old.xml"]),
        content_type=XML,
    )
    server.add(
        "/sm-news.xml",
        urlset([f"{base}/n/1.html", f"{base}/n/2.html", f"{base}/n/1.html"]),
        content_type=XML,
    )
    server.add("/sm-old.xml", urlset([f"{base}/o/1.html"]), content_type="text/xml")
    items, failures = discover(Source(name="s", sitemap=server.url("/sitemap.xml")), settings)
    assert failures == []
    expected = [f"{base}/n/1.html", f"{base}/n/2.html", f"{base}/o/1.html"]
    assert sorted(i.url for i in items) == expected
    assert server.hits("/sitemap.xml") == 1
    assert server.hits("/sm-news.xml") == 1

    capped, _ = discover(
        Source(name="s", sitemap=server.url("/sitemap.xml"), max_items=1), settings
    )
    assert len(capped) == 1


def test_sitemap_index_cycle_and_bad_children(server: TestServer, settings: FetchSettings) -> None:
    base = server.base
    # Two indexes pointing at each other, a missing child and a child that is HTML.
    server.add("/a.xml", index([f"{base}/b.xml", f"{base}/gone.xml"]), content_type=XML)
    server.add("/b.xml", index([f"{base}/a.xml", f"{base}/html.xml"]), content_type=XML)
    server.add("/html.xml", "<html><body>not a sitemap</body></html>", content_type="text/html")
    items, failures = discover(Source(name="c", sitemap=server.url("/a.xml")), settings)
    assert items == []
    assert sorted((f.url, f.status) for f in failures) == sorted(
        [(f"{base}/gone.xml", st.HTTP_ERROR), (f"{base}/html.xml", st.NOT_HTML)]
    )
    assert server.hits("/a.xml") == 1 and server.hits("/b.xml") == 1


def test_sitemap_chain_is_bounded(server: TestServer, settings: FetchSettings) -> None:
    base = server.base
    for i in range(MAX_SITEMAPS + 10):
        server.add(f"/chain{i}.xml", index([f"{base}/chain{i + 1}.xml"]), content_type=XML)
    items, _ = discover(Source(name="c", sitemap=server.url("/chain0.xml")), settings)
    assert items == []
    assert server.hits() - server.hits("/robots.txt") == MAX_SITEMAPS


def test_urls_listed_invalid_rows_and_dedup(settings: FetchSettings) -> None:
    source = Source(
        name="u",
        urls=[
            "https://Example.com:443/a?utm_medium=x",
            "https://example.com/a",
            "http://",
            "https://example.com/b#top",
        ],
    )
    items, failures = discover(source, settings)
    assert [i.url for i in items] == ["https://example.com/a", "https://example.com/b"]
    assert [(f.url, f.status) for f in failures] == [("http://", st.INVALID_URL)]


def test_path_source_lists_text_files_sorted(tmp_path: Path, settings: FetchSettings) -> None:
    (tmp_path / "b").mkdir()
    for name in ["b/2.html", "a.htm", "c.txt", "skip.pdf", "b/1.HTML"]:
        (tmp_path / name).write_text("<p>x</p>", encoding="utf-8")
    items, failures = discover(Source(name="p", path=tmp_path), settings)
    assert failures == []
    assert [i.path.relative_to(tmp_path).as_posix() for i in items if i.path] == [
        "a.htm",
        "b/1.HTML",
        "b/2.html",
        "c.txt",
    ]
    assert all(i.url.startswith("file://") for i in items)
    capped, _ = discover(Source(name="p", path=tmp_path, max_items=2), settings)
    assert len(capped) == 2


def test_normalise_url() -> None:
    assert normalise_url("/x.html", "http://127.0.0.1:8000/feed") == "http://127.0.0.1:8000/x.html"
    assert normalise_url("HTTP://News.Example.com:80/a#b") == "http://news.example.com/a"
    assert normalise_url("mailto:someone@example.com") is None
    assert normalise_url("javascript:alert(1)") is None


def test_discovered_feed_items_fetch_ok(server: TestServer, settings: FetchSettings) -> None:
    for i in range(3):
        server.add(f"/story{i}.html", article(f"Story {i}"))
    links = [f"/story{i}.html" for i in range(3)]
    server.add("/rss", rss(server.base, links), content_type="application/rss+xml")
    items, failures = discover(Source(name="f", feed=server.url("/rss")), settings)
    assert failures == [] and len(items) == 3
    results = list(fetch_all(items, lambda _n: settings))
    assert sorted(r.status for r in results) == [st.OK] * 3
