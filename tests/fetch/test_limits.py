"""Unit tests for the pieces under the fetcher: Retry-After, sniffing, bounded decoding, pacing."""

from __future__ import annotations

import gzip
import time
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from pipeline.fetch.limits import (
    BoundedDecoder,
    HostLimiter,
    TooLarge,
    UnsupportedEncoding,
    content_type_problem,
    parse_retry_after,
    sniff_binary,
)


def test_parse_retry_after_seconds_date_and_garbage() -> None:
    assert parse_retry_after("120") == 120.0
    now = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(later, now=now.timestamp()) == pytest.approx(30.0)
    earlier = format_datetime(now - timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(earlier, now=now.timestamp()) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"%PDF-1.4 ...", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"PK\x03\x04....", "ZIP"),
        (b"\x1f\x8b\x08\x00....", "gzip"),
        (b"<html>\x00</html>", "binary (NUL bytes)"),
        (b"<html><p>fine</p></html>", None),
        ("\ufeff<p>UTF-16 text</p>".encode("utf-16"), None),
    ],
)
def test_sniff_binary(body: bytes, expected: str | None) -> None:
    assert sniff_binary(body) == expected


def test_content_type_rules_per_kind() -> None:
    assert content_type_problem("text/html; charset=utf-8", "page") is None
    assert content_type_problem("application/xhtml+xml", "page") is None
    assert content_type_problem(None, "page") is None  # left to sniffing
    assert content_type_problem("application/pdf", "page") is not None
    assert content_type_problem("application/rss+xml", "feed") is None
    assert content_type_problem("text/html", "sitemap") is not None
    assert content_type_problem("image/png", "robots") is None  # robots: sniffing only


def _decode_all(decoder: BoundedDecoder, data: bytes, step: int) -> bytes:
    out = b"".join(decoder.decode(data[i : i + step]) for i in range(0, len(data), step))
    return out + decoder.flush()


def test_bounded_decoder_gzip_deflate_and_raw_deflate() -> None:
    text = b"<p>claim</p>" * 1000
    assert _decode_all(BoundedDecoder("gzip", 100_000), gzip.compress(text), 997) == text
    assert _decode_all(BoundedDecoder("deflate", 100_000), zlib.compress(text), 997) == text
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_body = raw.compress(text) + raw.flush()
    assert _decode_all(BoundedDecoder("deflate", 100_000), raw_body, 997) == text
    assert _decode_all(BoundedDecoder(None, 100_000), text, 997) == text


def test_bounded_decoder_stops_a_bomb_early() -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)
    decoder = BoundedDecoder("gzip", 50_000)
    with pytest.raises(TooLarge):
        _decode_all(decoder, bomb, len(bomb))  # one chunk: the worst case
    assert decoder.produced <= 50_000


def test_bounded_decoder_refuses_unrequested_codings() -> None:
    with pytest.raises(UnsupportedEncoding):
        BoundedDecoder("br", 1000)
    with pytest.raises(UnsupportedEncoding):
        BoundedDecoder("gzip, gzip", 1000)


@settings(max_examples=60, deadline=None)
@given(
    data=hs.binary(max_size=5000),
    limit=hs.integers(min_value=1, max_value=6000),
    step=hs.integers(min_value=1, max_value=700),
)
def test_bounded_decoder_exact_or_too_large(data: bytes, limit: int, step: int) -> None:
    decoder = BoundedDecoder("gzip", limit)
    if len(data) <= limit:
        assert _decode_all(decoder, gzip.compress(data), step) == data
    else:
        with pytest.raises(TooLarge):
            _decode_all(decoder, gzip.compress(data), step)


def test_host_limiter_push_back_delays_next_slot() -> None:
    limiter = HostLimiter()
    limiter.push_back("example.com", 0.2)
    started = time.monotonic()
    with limiter.slot("example.com", 0):
        waited = time.monotonic() - started
    assert waited >= 0.18
    started = time.monotonic()
    with limiter.slot("other.example", 0):  # other hosts are not held back
        assert time.monotonic() - started < 0.05
