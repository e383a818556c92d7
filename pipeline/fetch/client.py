"""The guarded HTTP fetcher: one URL in, one FetchResult out, never an exception."""

from __future__ import annotations

import logging
import threading
import zlib
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from pipeline.fetch import status as st
from pipeline.fetch.clock import utcnow
from pipeline.fetch.guard import Deadline, GuardedTransport, PrivateAddressError, deadline
from pipeline.fetch.limits import (
    GZIP_MAGIC,
    BoundedDecoder,
    HostLimiter,
    TooLarge,
    UnsupportedEncoding,
    content_type_problem,
    parse_retry_after,
    sniff_binary,
)
from pipeline.fetch.local import read_local
from pipeline.fetch.robots import RobotsCache
from pipeline.records import FetchResult, SourceItem
from pipeline.sources.config import FetchSettings

log = logging.getLogger(__name__)

Validators = tuple[str | None, str | None]  # (etag, last_modified) from an earlier fetch

ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9",
    "sitemap": "application/xml,text/xml;q=0.9,text/plain;q=0.5",
    "robots": "text/plain",
}
# Only codings BoundedDecoder can decode with a size cap (no br/zstd).
ACCEPT_ENCODING = "gzip, deflate"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# Read size when streaming a body: small enough that the byte cap is checked often,
# large enough not to cost many Python-level iterations on a 10 MB page.
CHUNK_BYTES = 16_384
# Connection pool size; the real bound on parallel requests is the worker count.
MAX_CONNECTIONS = 64


class Failure(Exception):
    """A fetch outcome other than ok; carried up to fetch() and turned into a FetchResult."""

    def __init__(self, status: st.FetchStatus, reason: str, http_status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.http_status = http_status
        self.headers: httpx.Headers | None = None  # of the response that failed, if any


class Retryable(Failure):
    """A failure worth another attempt: connection trouble, 5xx, 429."""

    def __init__(
        self,
        status: st.FetchStatus,
        reason: str,
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(status, reason, http_status)
        self.retry_after = retry_after


@dataclass(slots=True)
class Hop:
    """One HTTP response: headers, and the body when it was read."""

    url: str
    status_code: int
    headers: httpx.Headers
    body: bytes | None = None


def host_key(url: str) -> str:
    """Per-host politeness key: host and port, as the server sees them."""
    return urlsplit(url).netloc.lower()


def check_http_url(url: str) -> str:
    """The URL without fragment, or Failure(invalid_url)."""
    try:
        parts = urlsplit(url)
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as exc:
        raise Failure(st.INVALID_URL, f"unparseable URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise Failure(st.INVALID_URL, f"unsupported scheme {parts.scheme!r}")
    if not parts.hostname:
        raise Failure(st.INVALID_URL, "URL has no host")
    return urldefrag(url).url


class Fetcher:
    """Holds what lives for one run: HTTP clients, the robots cache and per-host pacing.

    Thread-safe; use as a context manager (or call close()) to release connections.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[bool, httpx.Client] = {}
        self.limiter = HostLimiter()
        self.robots = RobotsCache(lambda url, settings: self.fetch(url, settings, kind="robots"))

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def _client(self, allow_private: bool) -> httpx.Client:
        # One client per SSRF policy: the policy lives in the transport's network backend.
        with self._lock:
            client = self._clients.get(allow_private)
            if client is None:
                transport = GuardedTransport(
                    allow_private=allow_private, max_connections=MAX_CONNECTIONS
                )
                client = httpx.Client(transport=transport, follow_redirects=False, trust_env=False)
                self._clients[allow_private] = client
            return client

    # --- public entry points -----------------------------------------------------------

    def fetch_item(
        self, item: SourceItem, settings: FetchSettings, validators: Validators | None = None
    ) -> FetchResult:
        if item.path is not None or item.url.startswith("file:"):
            return read_local(item, settings.max_bytes)
        return self.fetch(item.url, settings, source=item.source, validators=validators)

    def fetch(
        self,
        url: str,
        settings: FetchSettings,
        *,
        kind: str = "page",
        source: str = "",
        validators: Validators | None = None,
    ) -> FetchResult:
        result = FetchResult(source=source, url=url, status=st.ERROR, fetched_at=utcnow())
        try:
            hop = self._follow(url, settings, kind, validators, result)
            self._finish(hop, kind, result)
        except Failure as failure:
            result.status = failure.status
            result.reason = failure.reason
            result.http_status = failure.http_status or result.http_status
            if failure.headers is not None:
                result.content_type = failure.headers.get("content-type")
        except Exception as exc:  # a bug or an exotic library error must not stop the run
            log.exception("unexpected error fetching %s", url)
            result.status = st.ERROR
            result.reason = f"{type(exc).__name__}: {exc}"
        if result.status != st.OK:
            result.body = None
            log.info("%s %s: %s (%s)", kind, url, result.status, result.reason)
        return result

    # --- redirects, robots, retries ----------------------------------------------------

    def _follow(
        self,
        url: str,
        settings: FetchSettings,
        kind: str,
        validators: Validators | None,
        result: FetchResult,
    ) -> Hop:
        current = check_http_url(url)
        seen = {current}
        hops = 0
        # Bounded: each pass either returns, raises, or counts a redirect up to max_redirects.
        while True:
            result.final_url = current
            crawl_delay = 0.0
            if kind != "robots":
                verdict = self.robots.check(current, settings)
                if not verdict.allowed:
                    raise Failure(verdict.status or st.ROBOTS, verdict.reason or "robots.txt")
                crawl_delay = verdict.crawl_delay or 0.0
            delay = max(settings.per_host_delay, crawl_delay)
            hop = self._with_retries(current, settings, kind, validators, delay)
            result.http_status = hop.status_code
            if hop.status_code not in REDIRECT_CODES:
                return hop
            location = hop.headers.get("location")
            if not location:
                raise Failure(st.HTTP_ERROR, "redirect without a Location header", hop.status_code)
            if hops >= settings.max_redirects:
                raise Failure(
                    st.TOO_MANY_REDIRECTS,
                    f"more than {settings.max_redirects} redirects (next: {location})",
                    hop.status_code,
                )
            hops += 1
            nxt = check_http_url(urljoin(current, location))
            if nxt in seen:
                raise Failure(st.REDIRECT_LOOP, f"redirect loop back to {nxt}", hop.status_code)
            seen.add(nxt)
            current = nxt

    def _with_retries(
        self,
        url: str,
        settings: FetchSettings,
        kind: str,
        validators: Validators | None,
        delay: float,
    ) -> Hop:
        host = host_key(url)
        attempts = settings.retries + 1
        for attempt in range(attempts):
            with self.limiter.slot(host, delay):
                try:
                    return self._once(url, settings, kind, validators)
                except Retryable as exc:
                    problem = exc
            if attempt + 1 == attempts:
                break
            wait = settings.backoff * (2**attempt)
            if problem.retry_after is not None:
                if problem.retry_after > settings.max_retry_after:
                    raise Failure(
                        problem.status,
                        f"{problem.reason}; Retry-After {problem.retry_after:g} s exceeds "
                        f"max_retry_after {settings.max_retry_after:g} s",
                        problem.http_status,
                    )
                wait = max(wait, problem.retry_after)
            log.debug("retrying %s in %.2f s: %s", url, wait, problem.reason)
            # Pushing the host back (instead of sleeping here) makes every thread wait.
            self.limiter.push_back(host, wait)
        raise Failure(
            problem.status, f"{problem.reason} (after {attempts} attempts)", problem.http_status
        )

    # --- one request -------------------------------------------------------------------

    def _once(
        self, url: str, settings: FetchSettings, kind: str, validators: Validators | None
    ) -> Hop:
        headers = {
            "User-Agent": settings.user_agent,
            "Accept": ACCEPT[kind],
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        etag, last_modified = validators or (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        client = self._client(settings.allow_private_networks)
        connect = min(settings.connect_timeout, settings.timeout)
        timeout = httpx.Timeout(settings.timeout, connect=connect)
        try:
            with deadline(settings.timeout) as total:
                request = client.build_request("GET", url, headers=headers, timeout=timeout)
                response = client.send(request, stream=True)
                try:
                    return self._read(url, response, settings, kind, total)
                except (TooLarge, UnsupportedEncoding, zlib.error) as exc:
                    raise self._body_failure(exc, response) from None
                except Failure as failure:
                    failure.headers = response.headers
                    failure.http_status = failure.http_status or response.status_code
                    raise
                finally:
                    response.close()
        except PrivateAddressError as exc:
            raise Failure(st.PRIVATE_ADDRESS, str(exc)) from None
        except httpx.ConnectTimeout:
            raise Retryable(
                st.TIMEOUT, f"connect timed out after {settings.connect_timeout:g} s"
            ) from None
        except httpx.TimeoutException as exc:
            raise Failure(
                st.TIMEOUT, f"no complete response within {settings.timeout:g} s ({exc})"
            ) from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError,
                httpx.LocalProtocolError) as exc:  # fmt: skip
            raise Retryable(st.CONNECTION_ERROR, f"{type(exc).__name__}: {exc}") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise Failure(st.INVALID_URL, str(exc)) from None

    @staticmethod
    def _body_failure(exc: Exception, response: httpx.Response) -> Failure:
        if isinstance(exc, TooLarge):
            failure = Failure(st.TOO_LARGE, str(exc), response.status_code)
        elif isinstance(exc, UnsupportedEncoding):
            failure = Failure(st.NOT_HTML, str(exc), response.status_code)
        else:  # zlib.error: the server's compressed stream is corrupt
            failure = Failure(st.ERROR, f"corrupt compressed body: {exc}", response.status_code)
        failure.headers = response.headers
        return failure

    def _read(
        self,
        url: str,
        response: httpx.Response,
        settings: FetchSettings,
        kind: str,
        total: Deadline,
    ) -> Hop:
        code = response.status_code
        hop = Hop(url, code, response.headers)
        if code == 429 or code >= 500:
            raise Retryable(
                st.HTTP_ERROR,
                f"HTTP {code}",
                code,
                parse_retry_after(response.headers.get("retry-after")),
            )
        if not 200 <= code < 300:
            return hop  # redirects, 304 and 4xx carry no body we want
        problem = content_type_problem(response.headers.get("content-type"), kind)
        if problem:
            raise Failure(st.NOT_HTML, problem, code)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > settings.max_bytes:
            raise Failure(
                st.TOO_LARGE,
                f"Content-Length {declared} exceeds max_bytes {settings.max_bytes}",
                code,
            )
        decoder = BoundedDecoder(response.headers.get("content-encoding"), settings.max_bytes)
        parts: list[bytes] = []
        wire = 0
        for chunk in response.iter_raw(CHUNK_BYTES):
            wire += len(chunk)
            if wire > settings.max_bytes:
                raise Failure(
                    st.TOO_LARGE, f"more than {settings.max_bytes} bytes on the wire", code
                )
            parts.append(decoder.decode(chunk))
            if total.expired():  # the socket reads enforce it too; this covers decoding time
                raise Failure(st.TIMEOUT, f"body not complete within {settings.timeout:g} s", code)
        parts.append(decoder.flush())
        hop.body = b"".join(parts)
        if kind == "sitemap" and hop.body.startswith(GZIP_MAGIC):
            hop.body = _gunzip_file(hop.body, settings.max_bytes, code)
        return hop

    def _finish(self, hop: Hop, kind: str, result: FetchResult) -> None:
        """Turn the final (non-redirect) response into the result's status."""
        headers = hop.headers
        result.content_type = headers.get("content-type")
        result.etag = headers.get("etag")
        result.last_modified = headers.get("last-modified")
        if hop.status_code == 304:
            result.status = st.NOT_MODIFIED
            result.reason = "not modified since the last fetch"
            return
        if not 200 <= hop.status_code < 300:
            raise Failure(st.HTTP_ERROR, f"HTTP {hop.status_code}", hop.status_code)
        body = hop.body or b""
        if not body.strip():
            raise Failure(st.EMPTY, f"empty body ({len(body)} bytes)", hop.status_code)
        binary = sniff_binary(body)
        if binary:
            declared = result.content_type or "no content type"
            raise Failure(st.NOT_HTML, f"{binary} content served as {declared}", hop.status_code)
        result.status = st.OK
        result.body = body


def _gunzip_file(body: bytes, max_bytes: int, code: int) -> bytes:
    """Unpack a gzip *file* (sitemap.xml.gz) with the same decompressed-size cap."""
    inner = BoundedDecoder("gzip", max_bytes)
    try:
        return inner.decode(body) + inner.flush()
    except zlib.error as exc:
        raise Failure(st.NOT_HTML, f"corrupt gzip file: {exc}", code) from None


def fetch_url(
    url: str,
    settings: FetchSettings,
    *,
    kind: str = "page",
    source: str = "",
    validators: Validators | None = None,
    fetcher: Fetcher | None = None,
) -> FetchResult:
    """Fetch one URL (a page, feed, sitemap or robots.txt) through all the guards.

    Pass a long-lived ``fetcher`` to share its robots cache and host pacing; without
    one a fresh Fetcher is used and closed.
    """
    if kind not in ACCEPT:
        raise ValueError(f"kind must be one of {', '.join(ACCEPT)}, got {kind!r}")
    if fetcher is not None:
        return fetcher.fetch(url, settings, kind=kind, source=source, validators=validators)
    with Fetcher() as own:
        return own.fetch(url, settings, kind=kind, source=source, validators=validators)
