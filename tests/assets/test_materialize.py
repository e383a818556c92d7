"""Dagster materialization of every asset against a real HTTP server and a real DuckDB file.

The server on 127.0.0.1 serves real-looking news pages through a feed, a sitemap and a URL
list, plus the failures a daily ingest meets: 404, 500, a timeout, a redirect loop, an
oversized page, a binary file served as HTML and a robots.txt disallow. The good pages
must land; every bad URL must be in fetch_log with its reason; nothing is duplicated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.annotations import annotations
from assets.definitions import build_definitions
from assets.documents import documents
from assets.raw_pages import raw_pages
from assets.resources import build_resources
from tests.conftest import SAMPLES
from tests.http_server import Reply, TestServer

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY = "2026-04-02"
NEXT_DAY = "2026-04-03"
MAX_BYTES = 400_000

FEED_PAGES = ["meridian-cdf-claims-sorvik.html", "harborwire-nac-denies-sorvik.html"]
SITEMAP_PAGES = ["ledger-election-results-rejected.html", "courier-library-reopens.html"]


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def _sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


@pytest.fixture(scope="module")
def news_site() -> Iterator[TestServer]:
    with TestServer() as srv:
        for name in FEED_PAGES + SITEMAP_PAGES:
            srv.add(f"/news/{name}", (SAMPLES / name).read_bytes())
        srv.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        srv.add("/private/secret.html", (SAMPLES / FEED_PAGES[0]).read_bytes())
        srv.add(
            "/feed.xml", _rss(srv.url("/news/"), FEED_PAGES), content_type="application/rss+xml"
        )
        srv.add(
            "/sitemap.xml",
            _sitemap(srv.url("/news/"), [*SITEMAP_PAGES, "gone.html"]),
            content_type="application/xml",
        )
        srv.add("/error", b"oops", status=500)
        srv.add("/slow", b"<html></html>", delay=4.0)
        srv.route("/loop", lambda _r: Reply(302, b"", headers={"Location": "/loop"}))
        srv.add("/big", b"<html><body><p>" + b"a" * (MAX_BYTES * 2) + b"</p></body></html>")
        srv.add("/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(range(256)) * 20)
        yield srv


def sources_file(tmp: Path, srv: TestServer) -> Path:
    failing = ["/error", "/slow", "/loop", "/big", "/report.pdf", "/private/secret.html", "/nope"]
    urls = "\n".join(f"      - {srv.url(p)}" for p in failing)
    path = tmp / "sources.yaml"
    path.write_text(
        f"""
fetch:
  allow_private_networks: true   # the test server is on 127.0.0.1
  per_host_delay: 0
  concurrency: 4
  timeout: 1.5
  retries: 1
  backoff: 0.05
  max_bytes: {MAX_BYTES}
sources:
  - name: wire
    feed: {srv.url("/feed.xml")}
  - name: site
    sitemap: {srv.url("/sitemap.xml")}
  - name: picks
    urls:
{urls}
""",
        encoding="utf-8",
    )
    return path


def materialize(db: Path, sources: Path, day: str) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [raw_pages, documents, annotations],
        partition_key=day,
        resources=build_resources(db=str(db), sources=str(sources)),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


@pytest.fixture(scope="module")
def first_run(
    news_site: TestServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, dg.ExecuteInProcessResult]:
    tmp = tmp_path_factory.mktemp("materialize")
    db, sources = tmp / "news.duckdb", sources_file(tmp, news_site)
    return db, sources, materialize(db, sources, DAY)


def fetch_statuses(db: Path, day: str) -> dict[str, str]:
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "SELECT url, status FROM fetch_log WHERE partition_date = ?", [day]
        ).fetchall()
    return {url.rsplit("/", 1)[-1]: status for url, status in rows}


def test_good_pages_land_and_failures_are_logged(first_run, news_site: TestServer) -> None:
    db, _, result = first_run
    assert result.success
    statuses = fetch_statuses(db, DAY)
    for name in FEED_PAGES + SITEMAP_PAGES:
        assert statuses[name] == "ok", name
    assert statuses["gone.html"] == "http_error"
    assert statuses["nope"] == "http_error"
    assert statuses["error"] == "http_error"
    assert statuses["slow"] == "timeout"
    assert statuses["loop"] in ("redirect_loop", "too_many_redirects")
    assert statuses["big"] == "too_large"
    assert statuses["report.pdf"] == "not_html"
    assert statuses["secret.html"] == "robots"
    assert news_site.hits("/private/secret.html") == 0
    with duckdb.connect(str(db), read_only=True) as conn:
        reasons = conn.execute(
            "SELECT count(*) FROM fetch_log"
            " WHERE status <> 'ok' AND (reason IS NULL OR reason = '')"
        ).fetchone()[0]
        titles = [t for (t,) in conn.execute("SELECT title FROM documents").fetchall()]
        linked = conn.execute(
            "SELECT count(*) FROM fetch_log f JOIN documents d USING (doc_id)"
        ).fetchone()[0]
    assert reasons == 0  # every failure says why
    assert len(titles) == len(FEED_PAGES + SITEMAP_PAGES) and all(titles)
    assert linked == len(titles)


def test_claims_and_checks(first_run) -> None:
    db, _, result = first_run
    checks = {
        e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data.passed
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert checks["unique_doc_id"] and checks["non_empty_text"]
    assert checks["claim_offsets_slice_text"] and checks["claim_document_exists"]
    assert checks["claim_content_not_empty"] and checks["mention_offsets_slice_text"]
    # Seven of eleven URLs failed on purpose: the rate check warns, it does not fail.
    assert checks["fetch_failure_rate"] is False
    with duckdb.connect(str(db), read_only=True) as conn:
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        resolved = conn.execute(
            "SELECT count(*) FROM claims WHERE speaker_entity_id IS NOT NULL"
        ).fetchone()[0]
        orphan = conn.execute(
            "SELECT count(*) FROM claims c"
            " LEFT JOIN entities e ON e.entity_id = c.speaker_entity_id"
            " WHERE c.speaker_entity_id IS NOT NULL AND e.entity_id IS NULL"
        ).fetchone()[0]
    assert claims > 10 and resolved > claims / 2 and orphan == 0


def test_materialization_metadata(first_run) -> None:
    _, _, result = first_run
    by_asset = {
        m.asset_key.to_user_string(): m.metadata
        for m in result.asset_materializations_for_node("raw_pages")
        + result.asset_materializations_for_node("documents")
        + result.asset_materializations_for_node("annotations")
    }
    assert by_asset["raw_pages"]["dagster/row_count"].value == len(FEED_PAGES + SITEMAP_PAGES)
    assert "timeout" in by_asset["raw_pages"]["by_status"].value
    assert by_asset["documents"]["dagster/row_count"].value == len(FEED_PAGES + SITEMAP_PAGES)
    assert "| title |" in by_asset["documents"]["newest_documents"].value
    assert by_asset["claims"]["dagster/row_count"].value > 10
    assert "| speaker | claims |" in by_asset["claims"]["top_speakers"].value


def test_rerun_replaces_and_next_day_dedupes(first_run) -> None:
    db, sources, _ = first_run
    query = (
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM fetch_log),"
        " (SELECT count(*) FROM claims), (SELECT count(*) FROM mentions),"
        " (SELECT count(*) FROM raw_pages), (SELECT count(*) FROM entities)"
    )
    with duckdb.connect(str(db), read_only=True) as conn:
        before = conn.execute(query).fetchone()
    assert materialize(db, sources, DAY).success
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute(query).fetchone() == before
    # The next day sees the same articles again: none is stored twice.
    assert materialize(db, sources, NEXT_DAY).success
    statuses = fetch_statuses(db, NEXT_DAY)
    for name in FEED_PAGES + SITEMAP_PAGES:
        assert statuses[name] in ("duplicate", "not_modified"), name
    with duckdb.connect(str(db), read_only=True) as conn:
        docs_next = conn.execute(
            "SELECT count(*) FROM documents WHERE partition_date = ?", [NEXT_DAY]
        ).fetchone()[0]
    assert docs_next == 0


def test_malformed_sources_fail_before_writing(tmp_path: Path) -> None:
    sources = tmp_path / "bad.yaml"
    sources.write_text("sources:\n  - name: a\n    urls: not-a-list\n")
    db = tmp_path / "never.duckdb"
    result = materialize(db, sources, DAY)
    assert not result.success
    assert not db.exists()


def test_definitions_load_with_job_schedule_checks_and_pool() -> None:
    defs = build_definitions(db=":memory:")
    job = defs.resolve_job_def("daily_ingest")
    assert job.partitions_def is not None
    schedule = defs.resolve_schedule_def("daily_ingest_schedule")
    assert schedule.cron_schedule == "0 6 * * *"
    graph = defs.resolve_asset_graph()
    check_names = {key.name for key in graph.asset_check_keys}
    assert {"unique_doc_id", "non_empty_text", "fetch_failure_rate"} <= check_names
    for node in (raw_pages, documents, annotations):
        assert node.op.pool == "duckdb_writes"
    assert raw_pages.op.retry_policy is not None
