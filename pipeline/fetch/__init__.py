"""Polite, defensive fetching of pages, feeds, sitemaps and robots.txt.

Every URL gives exactly one ``FetchResult``; nothing here raises for a bad URL. The
``status`` codes (``reason`` always carries the human-readable detail):

==================  ===================================================================
status              meaning
==================  ===================================================================
ok                  2xx with a usable, non-empty text body (``body`` is decompressed)
not_modified        304 to our If-None-Match / If-Modified-Since: unchanged since last run
robots              robots.txt disallows the URL for our User-Agent, or robots.txt was
                    unreachable (5xx, timeout, connection error: RFC 9309 "assume disallow")
timeout             connect timeout, or no complete response (headers *and* body) within
                    ``settings.timeout`` seconds in total -- slow-drip bodies included
http_error          a 4xx/5xx answer (``http_status`` set); 5xx and 429 only after the
                    retries, or at once when Retry-After exceeds ``max_retry_after``
too_large           Content-Length, bytes on the wire, or bytes after decompression
                    (gzip bombs) above ``settings.max_bytes``
not_html            a content type not allowed for the kind (pages: html/xhtml/plain;
                    feeds and sitemaps: xml/rss/atom/plain), binary content sniffed
                    (NUL bytes, PDF/PNG/ZIP/gzip/... magic) whatever the declared type, or
                    a Content-Encoding we did not ask for
empty               2xx with an empty or whitespace-only body
private_address     the host (of the URL, a redirect hop, or its robots.txt) resolves to a
                    loopback/private/link-local/reserved/multicast/unspecified address
                    and ``allow_private_networks`` is off; no connection was made
redirect_loop       a redirect leads back to a URL already visited in this chain
too_many_redirects  more than ``settings.max_redirects`` redirects
connection_error    DNS failure, refused or reset connection, protocol error (after retries)
invalid_url         not an http(s) URL with a host, or a redirect to one
file_error          a local file (``path:`` source) that cannot be read
bad_feed            discovery: a feed that is not well-formed XML or has no item links
bad_sitemap         discovery: a sitemap that is not a plausible XML/text sitemap
error               a corrupt compressed body, or an unexpected exception (a bug; logged
                    with its traceback)
==================  ===================================================================
"""

from pipeline.fetch import status
from pipeline.fetch.batch import fetch_all
from pipeline.fetch.client import Fetcher, fetch_url
from pipeline.fetch.guard import classify_address

__all__ = ["Fetcher", "classify_address", "fetch_all", "fetch_url", "status"]
