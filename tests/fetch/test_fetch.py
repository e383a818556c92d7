"""The fetcher against a real local HTTP server: good pages ok, each failure its own status."""

from __future__ import annotations

import gzip
import itertools
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.fetch import fetch_all, fetch_url
from pipeline.fetch import status as st
from pipeline.records import SourceItem
from pipeline.sources.config import FetchSettings
from tests.http_server import TEST_MAX_BYTES, TEST_TIMEOUT, Reply, Request, TestServer, article


def test_good_page_ok_with_metadata(server: TestServer, settings: FetchSettings) -> None:
    page = article("Budget vote")
    stamp = "Mon, 23 Nov 2026 10:00:00 GMT"
    server.add("/news/budget.html", page, headers={"ETag": '"v1"', "Last-Modified": stamp})
    result = fetch_url(server.url("/news/budget.html"), settings, source="s")
    assert result.status == st.OK, result.reason
    assert result.body == page
    assert result.http_status == 200
    assert result.final_url == server.url("/news/budget.html")
    assert result.content_type is not None and result.content_type.startswith("text/html")
    assert result.etag == '"v1"'
    assert result.last_modified == stamp
    sent = server.requests_to("/news/budget.html")[0].headers
    assert sent["user-agent"] == settings.user_agent


def test_gzip_page_is_decompressed(server: TestServer, settings: FetchSettings) -> None:
    page = article("Compressed")
    server.add("/gz.html", gzip.compress(page), headers={"Content-Encoding": "gzip"})
    result = fetch_url(server.url("/gz.html"), settings)
    assert result.status == st.OK, result.reason
    assert result.body == page


def test_robots_disallow_is_honoured_and_fetched_once(
    server: TestServer, settings: FetchSettings
) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.add("/private/secret.html", article("Secret"))
    server.add("/public.html", article("Public"))
    items = [
        SourceItem("s", server.url("/private/secret.html")),
        SourceItem("s", server.url("/public.html")),
    ]
    results = {r.url: r for r in fetch_all(items, lambda _name: settings)}
    assert results[server.url("/private/secret.html")].status == st.ROBOTS
    assert results[server.url("/public.html")].status == st.OK
    assert server.hits("/private/secret.html") == 0
    assert server.hits("/robots.txt") == 1  # cached for the run


def test_robots_404_allows_and_5xx_disallows(server: TestServer, settings: FetchSettings) -> None:
    server.add("/page.html", article("Page"))
    assert fetch_url(server.url("/page.html"), settings).status == st.OK  # robots.txt 404

    with TestServer() as down:
        down.add("/robots.txt", status=500)
        down.add("/page.html", article("Page"))
        result = fetch_url(down.url("/page.html"), settings)
        assert result.status == st.ROBOTS
        assert "unreachable" in (result.reason or "")
        assert down.hits("/page.html") == 0


def test_robots_ignored_when_respect_robots_off(
    server: TestServer, settings: FetchSettings
) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    server.add("/a.html", article("A"))
    relaxed = settings.model_copy(update={"respect_robots": False})
    assert fetch_url(server.url("/a.html"), relaxed).status == st.OK
    assert server.hits("/robots.txt") == 0


@pytest.mark.parametrize("code", [404, 410, 403])
def test_client_errors_are_http_error_without_retry(
    server: TestServer, settings: FetchSettings, code: int
) -> None:
    server.add("/gone", status=code)
    result = fetch_url(server.url("/gone"), settings)
    assert (result.status, result.http_status) == (st.HTTP_ERROR, code)
    assert result.body is None
    assert server.hits("/gone") == 1


def test_500_retried_then_http_error(server: TestServer, settings: FetchSettings) -> None:
    server.add("/broken", status=500)
    result = fetch_url(server.url("/broken"), settings)
    assert (result.status, result.http_status) == (st.HTTP_ERROR, 500)
    assert "after 3 attempts" in (result.reason or "")
    assert server.hits("/broken") == settings.retries + 1


def test_503_then_200_succeeds_with_backoff(server: TestServer, settings: FetchSettings) -> None:
    page = article("Flaky")
    server.route("/flaky", lambda req: Reply(503) if req.count == 1 else Reply(200, page))
    result = fetch_url(server.url("/flaky"), settings)
    assert result.status == st.OK, result.reason
    assert result.body == page
    first, second = server.requests_to("/flaky")
    assert second.at - first.at >= settings.backoff * 0.9


def test_429_retry_after_seconds_is_waited(server: TestServer, settings: FetchSettings) -> None:
    page = article("Busy")
    slow_down = Reply(429, headers={"Retry-After": "1"})
    server.route("/busy", lambda req: slow_down if req.count == 1 else Reply(200, page))
    result = fetch_url(server.url("/busy"), settings)
    assert result.status == st.OK, result.reason
    first, second = server.requests_to("/busy")
    assert second.at - first.at >= 0.95


def test_retry_after_beyond_cap_fails_at_once(server: TestServer, settings: FetchSettings) -> None:
    server.add("/later", status=429, headers={"Retry-After": "3600"})
    started = time.monotonic()
    result = fetch_url(server.url("/later"), settings)
    assert (result.status, result.http_status) == (st.HTTP_ERROR, 429)
    assert "max_retry_after" in (result.reason or "")
    assert server.hits("/later") == 1
    assert time.monotonic() - started < 1


def test_timeout_before_headers(server: TestServer, settings: FetchSettings) -> None:
    server.add("/sleepy", article("Late"), delay=TEST_TIMEOUT + 1.0)
    started = time.monotonic()
    result = fetch_url(server.url("/sleepy"), settings)
    assert result.status == st.TIMEOUT
    assert time.monotonic() - started < TEST_TIMEOUT + 0.5


def test_slow_drip_body_hits_total_deadline(server: TestServer, settings: FetchSettings) -> None:
    # Each chunk comes well within any per-read timeout, but the whole takes ~2.5 s.
    chunks = [b"<html><body>"] + [b"<p>drip</p>"] * 50
    server.add("/drip", chunks, drip=0.05, content_length=False)
    started = time.monotonic()
    result = fetch_url(server.url("/drip"), settings)
    elapsed = time.monotonic() - started
    assert result.status == st.TIMEOUT, result.reason
    assert elapsed < TEST_TIMEOUT + 0.5


def test_redirects_followed_and_loop_detected(server: TestServer, settings: FetchSettings) -> None:
    server.add("/old", status=301, headers={"Location": "/new"})
    server.add("/new", article("Moved"))
    moved = fetch_url(server.url("/old"), settings)
    assert moved.status == st.OK
    assert moved.final_url == server.url("/new")

    server.add("/loop-a", status=302, headers={"Location": "/loop-b"})
    server.add("/loop-b", status=302, headers={"Location": "/loop-a"})
    loop = fetch_url(server.url("/loop-a"), settings)
    assert loop.status == st.REDIRECT_LOOP
    assert server.hits("/loop-a") == 1


def test_too_many_redirects(server: TestServer, settings: FetchSettings) -> None:
    for i in range(10):
        server.add(f"/hop{i}", status=302, headers={"Location": f"/hop{i + 1}"})
    result = fetch_url(server.url("/hop0"), settings)
    assert result.status == st.TOO_MANY_REDIRECTS
    assert server.hits() - server.hits("/robots.txt") == settings.max_redirects + 1


def test_oversized_page_by_content_length_and_on_the_wire(
    server: TestServer, settings: FetchSettings
) -> None:
    big = b"<html>" + b"x" * (TEST_MAX_BYTES * 2)
    server.add("/big", big)
    chunks = [big[i : i + 8192] for i in range(0, len(big), 8192)]
    server.add("/big-chunked", chunks, content_length=False)
    declared = fetch_url(server.url("/big"), settings)
    assert declared.status == st.TOO_LARGE
    assert "Content-Length" in (declared.reason or "")
    streamed = fetch_url(server.url("/big-chunked"), settings)
    assert streamed.status == st.TOO_LARGE
    assert "on the wire" in (streamed.reason or "")


def test_gzip_bomb_refused_after_decompression(server: TestServer, settings: FetchSettings) -> None:
    bomb = gzip.compress(b"<html>" + b" " * 50_000_000)
    assert len(bomb) < TEST_MAX_BYTES  # small on the wire
    server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    result = fetch_url(server.url("/bomb"), settings)
    assert result.status == st.TOO_LARGE
    assert "decompression" in (result.reason or "")


def test_binary_served_as_html_is_refused(server: TestServer, settings: FetchSettings) -> None:
    server.add("/report.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    server.add("/nul.html", b"<html>" + b"\x00\x01\x02" * 100)
    server.add("/image", b"\x89PNG\r\n\x1a\n...", content_type="image/png")
    assert fetch_url(server.url("/report.html"), settings).status == st.NOT_HTML
    assert fetch_url(server.url("/nul.html"), settings).status == st.NOT_HTML
    declared = fetch_url(server.url("/image"), settings)
    assert declared.status == st.NOT_HTML
    assert "image/png" in (declared.reason or "")
    assert (declared.content_type, declared.http_status) == ("image/png", 200)


def test_corrupt_gzip_is_an_error_row(server: TestServer, settings: FetchSettings) -> None:
    server.add(
        "/corrupt", b"\x1f\x8b\x08\x00garbage-not-deflate", headers={"Content-Encoding": "gzip"}
    )
    result = fetch_url(server.url("/corrupt"), settings)
    assert result.status == st.ERROR
    assert "corrupt compressed body" in (result.reason or "")


def test_empty_body(server: TestServer, settings: FetchSettings) -> None:
    server.add("/empty", b"")
    server.add("/blank", b"  \n\t ")
    assert fetch_url(server.url("/empty"), settings).status == st.EMPTY
    assert fetch_url(server.url("/blank"), settings).status == st.EMPTY


def test_conditional_request_gives_not_modified(
    server: TestServer, settings: FetchSettings
) -> None:
    page = article("Cached")

    def etagged(req: object) -> Reply:
        if getattr(req, "headers", {}).get("if-none-match") == '"abc"':
            return Reply(304, headers={"ETag": '"abc"'})
        return Reply(200, page, headers={"ETag": '"abc"'})

    server.route("/cached.html", etagged)
    url = server.url("/cached.html")
    first = fetch_url(url, settings)
    assert first.status == st.OK and first.etag == '"abc"'
    results = list(fetch_all([SourceItem("s", url)], lambda _n: settings, {url: ('"abc"', None)}))
    assert [r.status for r in results] == [st.NOT_MODIFIED]
    assert results[0].http_status == 304 and results[0].body is None
    sent = server.requests_to("/cached.html")[-1].headers
    assert sent["if-none-match"] == '"abc"'


def test_connection_refused_is_connection_error(settings: FetchSettings) -> None:
    with TestServer() as gone:
        url = gone.url("/a.html")
    fast = settings.model_copy(update={"retries": 1, "respect_robots": False})
    result = fetch_url(url, fast)
    assert result.status == st.CONNECTION_ERROR
    assert "after 2 attempts" in (result.reason or "")


@pytest.mark.parametrize("url", ["ftp://example.com/a", "not a url", "http:///nohost", "file:"])
def test_invalid_urls(settings: FetchSettings, url: str) -> None:
    assert fetch_url(url, settings).status == st.INVALID_URL


def test_fetch_all_mixed_batch_one_result_each(
    server: TestServer, settings: FetchSettings, tmp_path: Path
) -> None:
    for i in range(6):
        server.add(f"/a{i}.html", article(f"Article {i}"))
    server.add("/missing", status=404)
    local = tmp_path / "local.txt"
    local.write_text("A local plain-text article.", encoding="utf-8")
    items = [SourceItem("web", server.url(f"/a{i}.html")) for i in range(6)]
    items.append(SourceItem("web", server.url("/missing")))
    items.append(SourceItem("disk", local.as_uri(), local))
    seen: list[tuple[int, int]] = []
    results = list(fetch_all(items, lambda _n: settings, None, lambda d, t: seen.append((d, t))))
    by_url = {r.url: r for r in results}
    assert len(results) == len(items) == len(by_url)
    assert [by_url[server.url(f"/a{i}.html")].status for i in range(6)] == [st.OK] * 6
    assert by_url[server.url("/missing")].status == st.HTTP_ERROR
    disk = by_url[local.as_uri()]
    assert (disk.status, disk.content_type, disk.body) == (
        st.OK,
        "text/plain",
        b"A local plain-text article.",
    )
    assert seen[-1] == (len(items), len(items))


def test_local_file_cap_and_missing_file(tmp_path: Path, settings: FetchSettings) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * TEST_MAX_BYTES)
    missing = tmp_path / "missing.html"
    items = [SourceItem("d", big.as_uri(), big), SourceItem("d", missing.as_uri(), missing)]
    statuses = {r.url: r.status for r in fetch_all(items, lambda _n: settings)}
    assert statuses == {big.as_uri(): st.TOO_LARGE, missing.as_uri(): st.FILE_ERROR}


def test_unknown_source_settings_fail_the_item_not_the_run(settings: FetchSettings) -> None:
    def settings_for(name: str) -> FetchSettings:
        raise KeyError(name)

    results = list(fetch_all([SourceItem("nope", "http://127.0.0.1:9/x")], settings_for))
    assert [r.status for r in results] == [st.ERROR]


def test_per_host_delay_spaces_requests(server: TestServer, settings: FetchSettings) -> None:
    delay = 0.3
    for i in range(4):
        server.add(f"/d{i}.html", article(f"D{i}"))
    paced = settings.model_copy(update={"per_host_delay": delay, "respect_robots": False})
    items = [SourceItem("s", server.url(f"/d{i}.html")) for i in range(4)]
    results = list(fetch_all(items, lambda _n: paced))
    assert all(r.status == st.OK for r in results)
    times = sorted(r.at for r in server.requests)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 3
    assert min(gaps) >= delay * 0.9, gaps


def test_robots_crawl_delay_raises_the_per_host_delay(
    server: TestServer, settings: FetchSettings
) -> None:
    robots = "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n"
    server.add("/robots.txt", robots, content_type="text/plain")
    for i in range(2):
        server.add(f"/c{i}.html", article(f"C{i}"))
    items = [SourceItem("s", server.url(f"/c{i}.html")) for i in range(2)]
    assert [r.status for r in fetch_all(items, lambda _n: settings)] == [st.OK, st.OK]
    first, second = sorted(r.at for r in server.requests if r.path.startswith("/c"))
    assert second - first >= 0.95


def test_concurrency_bounded_per_source_and_one_request_per_host(
    settings: FetchSettings,
) -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}
    host_now: dict[int, int] = {}
    host_peak: dict[int, int] = {}

    def slow_page(port: int) -> Callable[[Request], Reply]:
        def handler(_req: Request) -> Reply:
            with lock:
                state["now"] += 1
                state["peak"] = max(state["peak"], state["now"])
                host_now[port] = host_now.get(port, 0) + 1
                host_peak[port] = max(host_peak.get(port, 0), host_now[port])
            time.sleep(0.15)
            with lock:
                state["now"] -= 1
                host_now[port] -= 1
            return Reply(200, article("Slow"))

        return handler

    with TestServer() as a, TestServer() as b, TestServer() as c:
        servers = [a, b, c]
        for srv in servers:
            srv.route("/robots.txt", lambda _r: Reply(404))
            for i in range(2):
                srv.route(f"/p{i}.html", slow_page(srv.port))
        items = [SourceItem("s", srv.url(f"/p{i}.html")) for srv in servers for i in range(2)]
        two = settings.model_copy(update={"concurrency": 2})
        results = list(fetch_all(items, lambda _n: two))
        assert sorted(r.status for r in results) == [st.OK] * 6
        assert state["peak"] == 2  # three hosts, but the source allows two at once
        assert host_peak == {srv.port: 1 for srv in servers}  # one request per host at a time


def test_stopping_early_cancels_the_rest(server: TestServer, settings: FetchSettings) -> None:
    for i in range(20):
        server.add(f"/e{i}.html", article(f"E{i}"), delay=0.05)
    items = [SourceItem("s", server.url(f"/e{i}.html")) for i in range(20)]
    stream = fetch_all(items, lambda _n: settings)
    first = next(stream)
    stream.close()  # the consumer stops; pending work must not keep running
    assert first.status == st.OK
    settled = server.hits()
    time.sleep(0.3)
    assert server.hits() == settled < 20
