"""The canonical address of a document.

The page's <link rel="canonical"> is used when it is an absolute-or-relative http(s)
URL on the same site as the fetched page (registered domain compared, subdomains and
"www." ignored): a cross-site canonical is usually syndication or a CMS mistake, and
trusting it would merge different outlets' articles under one address. Pages read
from local files (file://) have no site to compare with, so their canonical link is
taken as the page's real address whenever it is http(s).

Otherwise the final URL after redirects (else the requested URL) is used. Either way
the result is normalised with courlan: scheme and host lower-cased, default port
dropped, tracking parameters (utm_*, fbclid, ...) removed, remaining query parameters
sorted; we also drop the #fragment, which never names a different article.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def normalise_url(url: str) -> str:
    """courlan normalisation for http(s) URLs; other schemes only lose their fragment."""
    url = _without_fragment(url.strip())
    if urlsplit(url).scheme not in {"http", "https"}:
        return url
    try:
        return courlan.normalize_url(url)
    except (ValueError, AttributeError):  # courlan raises on a few malformed hosts
        return url


def _same_site(candidate: str, page_url: str) -> bool:
    try:
        return not courlan.is_external(candidate, page_url, ignore_suffix=False)
    except (ValueError, AttributeError):
        return False


def canonical_url(page_url: str, link: str | None) -> str:
    """The document's address: a trusted canonical link (an href), else the page's URL."""
    if link:
        candidate = urljoin(page_url, link)
        is_http = urlsplit(candidate).scheme in {"http", "https"}
        is_local_page = urlsplit(page_url).scheme == "file"
        if is_http and (is_local_page or _same_site(candidate, page_url)):
            return normalise_url(candidate)
    return normalise_url(page_url)
