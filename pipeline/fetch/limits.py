"""Politeness and size limits: per-host pacing, Retry-After, content checks, bounded decoding."""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from typing import Any

# --- per-host pacing -------------------------------------------------------------------


class HostLimiter:
    """At most one request in flight per host, and ``delay`` seconds from the end of one
    request to the start of the next (so the server sees gaps of at least ``delay``
    whatever our connection setup costs).

    Each host has its own lock, so a slow host never blocks requests to other hosts.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._busy: dict[str, threading.Lock] = {}

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._busy.setdefault(host, threading.Lock())

    def push_back(self, host: str, seconds: float) -> None:
        """Nobody starts a request to host for ``seconds`` (Retry-After, backoff)."""
        with self._lock:
            until = time.monotonic() + seconds
            self._next_start[host] = max(self._next_start.get(host, 0.0), until)

    @contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        with self._host_lock(host):
            # Bounded: push_back only ever sets a finite time, so this sleeps at most once
            # per push_back that lands while we wait.
            while (wait := self._next_start.get(host, 0.0) - time.monotonic()) > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self.push_back(host, delay)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


# --- content type and sniffing ---------------------------------------------------------

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
XML_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "text/plain",  # text sitemaps, and feeds served by misconfigured servers
    }
)
ALLOWED_TYPES: dict[str, frozenset[str] | None] = {
    "page": PAGE_TYPES,
    "feed": XML_TYPES,
    # sitemap.xml.gz files are usually served as a gzip file, not with Content-Encoding;
    # the client unpacks them under the same byte cap.
    "sitemap": XML_TYPES | {"application/gzip", "application/x-gzip"},
    "robots": None,  # robots.txt is read whatever it claims to be; sniffing still applies
}

GZIP_MAGIC = b"\x1f\x8b"

# Signatures of binary formats that servers mislabel as text/html. Checked on the first
# bytes only; a NUL byte in the first SNIFF_BYTES is the generic "not text" signal used
# by the WHATWG MIME sniffing algorithm.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
)
SNIFF_BYTES = 1024


def mime_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def content_type_problem(content_type: str | None, kind: str) -> str | None:
    """Why the declared type is not acceptable for kind, or None (missing types go to sniffing)."""
    allowed = ALLOWED_TYPES[kind]
    mime = mime_type(content_type)
    if allowed is None or mime is None or mime in allowed:
        return None
    return f"content type {mime} is not one of {', '.join(sorted(allowed))}"


def sniff_binary(body: bytes) -> str | None:
    """The binary format body looks like, or None if it looks like text."""
    head = body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, name in BINARY_MAGIC:
        if head.startswith(magic):
            return name
    # UTF-16 text has NULs too; it announces itself with a byte-order mark.
    if b"\x00" in body[:SNIFF_BYTES] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary (NUL bytes)"
    return None


# --- bounded decompression -------------------------------------------------------------


class TooLarge(Exception):
    """The body (on the wire or decompressed) is larger than allowed."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding we did not ask for and cannot decode safely."""


class BoundedDecoder:
    """Content-Encoding decoder that never produces more than ``limit`` bytes.

    httpx decompresses a whole network chunk at once, so a 64 KB gzip chunk can become
    tens of megabytes before any check runs. zlib's ``max_length`` lets us stop at the
    cap instead. We only ask for gzip and deflate (see Accept-Encoding), so only those
    are decoded here.
    """

    def __init__(self, encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise UnsupportedEncoding(f"stacked content encodings {encoding!r}")
        self.coding = codings[0] if codings else None
        if self.coding not in (None, "gzip", "x-gzip", "deflate"):
            raise UnsupportedEncoding(f"content encoding {self.coding!r} was not requested")
        self.limit = limit
        self.produced = 0
        self._raw_deflate = False
        # zlib's decompressor type is not public; Any keeps the annotation honest.
        self._zlib: Any = None
        if self.coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)

    def _emit(self, data: bytes) -> bytes:
        self.produced += len(data)
        if self.produced > self.limit:
            raise TooLarge(f"more than {self.limit} bytes after decompression")
        return data

    def decode(self, chunk: bytes) -> bytes:
        if self._zlib is None:
            return self._emit(chunk)
        try:
            return self._inflate(chunk)
        except zlib.error:
            if self.coding == "deflate" and not self._raw_deflate and self.produced == 0:
                # Some servers send raw deflate without the zlib header (httpx does the same).
                self._raw_deflate = True
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflate(chunk)
            raise

    def _inflate(self, chunk: bytes) -> bytes:
        assert self._zlib is not None
        out = bytearray()
        data = chunk
        # Bounded: each pass either emits bytes (and the total is capped) or ends.
        while data:
            room = self.limit - self.produced - len(out) + 1
            piece = self._zlib.decompress(data, max(1, room))
            out += piece
            if self.produced + len(out) > self.limit:
                raise TooLarge(f"more than {self.limit} bytes after decompression")
            data = self._zlib.unconsumed_tail
            if not piece and data:
                break  # no progress possible (should not happen); avoid spinning
        return self._emit(bytes(out))

    def flush(self) -> bytes:
        if self._zlib is None:
            return b""
        tail = self._emit(self._zlib.flush())
        # gzip and zlib streams carry their own end marker. Without it the body was cut
        # off, and a close-delimited response "ends" wherever the server stopped: a
        # partial article must not pass as a good page.
        if not self._zlib.eof:
            raise zlib.error("compressed stream ended before its end marker (truncated)")
        return tail
