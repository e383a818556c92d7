"""Discovery: the URLs (or local files) one source wants fetched today.

Feeds and sitemaps are downloaded with our guarded fetcher (robots, SSRF guard, caps)
and only *parsed* with trafilatura's helpers; trafilatura is never allowed to fetch by
itself, since its downloads would bypass all of that. Problems become FetchResult rows
for fetch_log instead of exceptions, so one broken source never stops the daily run.
"""

from __future__ import annotations

import logging
import re
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from courlan import clean_url, get_hostinfo, is_valid_url
from lxml import etree
from trafilatura.feeds import FeedParameters, find_links
from trafilatura.sitemaps import SitemapObject, is_plausible_sitemap

from pipeline.fetch import status as st
from pipeline.fetch.client import Fetcher
from pipeline.fetch.clock import utcnow
from pipeline.records import FetchResult, SourceItem
from pipeline.sources.config import FetchSettings, Source

log = logging.getLogger(__name__)

LOCAL_SUFFIXES = (".html", ".htm", ".txt")
# Bounds for sitemap indexes, which can nest and (by mistake or malice) point at
# themselves: a news site's recent sitemaps fit easily in 50 files, and 10,000 URLs is
# far more than a daily run fetches at one request a second per host.
MAX_SITEMAPS = 50
MAX_SITEMAP_URLS = 10_000
SITEMAP_INDEX = re.compile(r"<(?:[\w.-]+:)?sitemapindex\b")
# Whitespace around a <loc> value is legal XML (pretty-printed sitemaps) but
# trafilatura only takes <loc> text that starts with "http", so it would drop those URLs.
LOC_PADDING = re.compile(r"(<(?:[\w.-]+:)?loc>)\s+|\s+(</(?:[\w.-]+:)?loc>)")


def discover(
    source: Source, settings: FetchSettings, *, fetcher: Fetcher | None = None
) -> tuple[list[SourceItem], list[FetchResult]]:
    """Items to fetch for source (deduplicated, at most max_items) and discovery failures."""
    with ExitStack() as stack:
        active = fetcher or stack.enter_context(Fetcher())
        failures: list[FetchResult]
        if source.path is not None:
            items, failures = _local_files(source, source.path), []
        elif source.urls is not None:
            items, failures = _listed(source, source.urls, base=None)
        elif source.feed is not None:
            items, failures = _feed(source, source.feed, settings, active)
        else:
            assert source.sitemap is not None  # Source guarantees exactly one kind
            items, failures = _sitemaps(source, source.sitemap, settings, active)
    if source.max_items is not None:
        items = items[: source.max_items]
    return items, failures


def normalise_url(url: str, base: str | None = None) -> str | None:
    """An absolute, cleaned http(s) URL without fragment (courlan), or None if unusable."""
    absolute = urljoin(base, url.strip()) if base else url.strip()
    # courlan's scrub_url deletes inner whitespace, which would turn "exa mple.com" into
    # the unrelated host "example.com": a host with whitespace is invalid, not fixable.
    if any(char.isspace() for char in urlsplit(absolute).netloc):
        return None
    cleaned = clean_url(absolute)  # lower-cased host, default port and tracking params gone
    if not cleaned or not is_valid_url(cleaned):
        return None
    cleaned = urldefrag(cleaned).url
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return cleaned


def _failure(source: Source, url: str, status: st.FetchStatus, reason: str) -> FetchResult:
    return FetchResult(
        source=source.name, url=url, status=status, fetched_at=utcnow(), reason=reason
    )


def _listed(
    source: Source, urls: list[str], base: str | None, limit: int | None = None
) -> tuple[list[SourceItem], list[FetchResult]]:
    """Normalise and de-duplicate URLs (first occurrence wins); bad ones become rows."""
    items: list[SourceItem] = []
    failures: list[FetchResult] = []
    seen: set[str] = set()
    for raw in urls:
        if limit is not None and len(items) >= limit:
            break
        url = normalise_url(raw, base)
        if url is None:
            failures.append(_failure(source, raw, st.INVALID_URL, "not a usable http(s) URL"))
        elif url not in seen:
            seen.add(url)
            items.append(SourceItem(source=source.name, url=url))
    return items, failures


def _local_files(source: Source, folder: Path) -> list[SourceItem]:
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in LOCAL_SUFFIXES
    )
    return [SourceItem(source=source.name, url=p.resolve().as_uri(), path=p) for p in files]


# --- feeds -----------------------------------------------------------------------------


def _feed(
    source: Source, feed_url: str, settings: FetchSettings, fetcher: Fetcher
) -> tuple[list[SourceItem], list[FetchResult]]:
    fetched = fetcher.fetch(feed_url, settings, kind="feed", source=source.name)
    if fetched.status != st.OK:
        return [], [fetched]
    body = fetched.body or b""
    base = fetched.final_url or feed_url
    failures: list[FetchResult] = []
    broken = _xml_error(body)
    text = body.decode("utf-8", errors="replace")
    # find_links is the parsing half of trafilatura.feeds.extract_links. extract_links
    # itself also drops links on other domains and crashes on IP-address hosts (courlan
    # has no domain for them); feeds legitimately link elsewhere (feedburner, CDNs), and
    # our own normalisation below does the URL checks.
    domain, _ = get_hostinfo(base)
    links = find_links(text.strip(), FeedParameters(base, domain or "", feed_url))
    # The channel's own <link> is the site's home page, not an article.
    links = [link for link in links if urlsplit(urljoin(base, link)).path not in ("", "/")]
    items, bad = _listed(source, links, base=base)
    items = [item for item in items if item.url != normalise_url(feed_url)]
    failures.extend(bad)
    if broken:
        # Keep what could be salvaged, but record the problem so it gets fixed.
        reason = f"feed is not well-formed XML ({broken}); {len(items)} links salvaged"
        failures.append(_failure(source, feed_url, st.BAD_FEED, reason))
    elif not items:
        failures.append(_failure(source, feed_url, st.BAD_FEED, "feed has no item links"))
    return items, failures


def _xml_error(body: bytes) -> str | None:
    """The XML syntax error in body, or None. No network, no entity expansion (XXE)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        return str(exc)
    return None


# --- sitemaps --------------------------------------------------------------------------


class _SitemapLinks(SitemapObject):
    """trafilatura's sitemap parser, collecting every <loc> (or text-sitemap line) as is.

    SitemapObject.handle_link would drop links whose host courlan cannot name (IP
    addresses) and decide "sitemap or page" from a .xml suffix; we classify by the
    document instead (a <sitemapindex> lists sitemaps, a <urlset> lists pages).
    """

    def __init__(self, url: str, content: str) -> None:
        domain, base = get_hostinfo(url)
        super().__init__(base or url, domain or "", [], target_lang=None, external=True)
        self.current_url = url
        self.content = content
        self.links: list[str] = []

    def handle_link(self, link: str) -> None:
        if link != self.current_url:
            self.links.append(link)


def _sitemaps(
    source: Source, root: str, settings: FetchSettings, fetcher: Fetcher
) -> tuple[list[SourceItem], list[FetchResult]]:
    limit = min(source.max_items or MAX_SITEMAP_URLS, MAX_SITEMAP_URLS)
    queue = [root]
    seen: set[str] = set()
    pages: list[str] = []
    failures: list[FetchResult] = []
    # Bounded by MAX_SITEMAPS fetches and by the URL limit.
    while queue and len(seen) < MAX_SITEMAPS and len(pages) < limit:
        url = queue.pop(0)
        key = normalise_url(url) or url
        if key in seen:
            continue  # self-references and cycles between indexes
        seen.add(key)
        fetched = fetcher.fetch(url, settings, kind="sitemap", source=source.name)
        if fetched.status != st.OK:
            failures.append(fetched)
            continue
        text = (fetched.body or b"").decode("utf-8", errors="replace").strip()
        if not is_plausible_sitemap(url, text):
            failures.append(_failure(source, url, st.BAD_SITEMAP, "not an XML or text sitemap"))
            continue
        parsed = _SitemapLinks(fetched.final_url or url, LOC_PADDING.sub(r"\1\2", text))
        parsed.process()
        if not parsed.links:
            failures.append(_failure(source, url, st.BAD_SITEMAP, "sitemap lists no URLs"))
        elif SITEMAP_INDEX.search(text[:2000]):
            queue.extend(urljoin(url, link) for link in parsed.links)
        else:
            pages.extend(parsed.links)
    if queue and len(seen) >= MAX_SITEMAPS:
        log.warning("source %s: stopped after %d sitemaps", source.name, MAX_SITEMAPS)
    items, bad = _listed(source, pages, base=root, limit=limit)
    return items, failures + bad
