"""Bad input is a failure with a status and a reason, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import ExtractedDocument, ExtractionFailure, extract_document

from .conftest import fetched

ARTICLE = "".join(
    f"<p>Paragraph {i}: the spokesman of the council said on Friday that the town of "
    f"Sorvik was still under its control and that reinforcements were on their way.</p>"
    for i in range(6)
)


def page(body: str) -> bytes:
    return f"<html><head><title>T</title></head><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"", "text/html", "empty"),
        (b" \n\t\r\n   ", "text/html", "empty"),
        (b"   ", "text/plain", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "text/html", "not_html"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "text/html", "not_html"),
        (bytes(range(256)) * 8, None, "not_html"),
        (b"<html><body><p>Some text long enough.</p></body></html>", "application/pdf", "not_html"),
        (page("<div> </div>"), "text/html", "empty"),
        (
            page("<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"),
            "text/html",
            "too_short",
        ),
        (page("<article><p>The council denied it.</p></article>"), "text/html", "too_short"),
        (b"Too short to be an article.", "text/plain", "too_short"),
    ],
)
def test_bad_input_is_a_failure_with_reason(
    body: bytes, content_type: str | None, status: str
) -> None:
    result = extract_document(fetched(body, content_type=content_type))
    assert isinstance(result, ExtractionFailure)
    assert result.status == status
    assert result.reason


def test_fetch_failure_without_body() -> None:
    result = extract_document(fetched(None, status="timeout"))
    assert isinstance(result, ExtractionFailure)
    assert result.status == "not_fetched" and "timeout" in result.reason


def test_undecodable_text_is_an_encoding_failure() -> None:
    # Declared UTF-16 but the bytes are not: decoding "succeeds" into garbage.
    body = b"\xff\xfe" + b"x" * 3 + bytes([0xD8, 0x00] * 200)
    result = extract_document(fetched(body, content_type="text/plain"))
    assert isinstance(result, ExtractionFailure)
    assert result.status in {"encoding", "too_short", "not_html"}
    assert result.reason


def test_a_real_article_passes_the_same_checks() -> None:
    # The control for the cases above: the same skeleton with an article extracts.
    result = extract_document(fetched(page(f"<article>{ARTICLE}</article>")))
    assert isinstance(result, ExtractedDocument)
    assert "Paragraph 5:" in result.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(str.encode),
        st.text(alphabet="<>/ =\"'!-abcdehlmoprt\n", max_size=800).map(str.encode),
    ),
    content_type=st.sampled_from(
        [
            None,
            "text/html",
            "text/plain",
            "text/html; charset=koi8-r",
            "text/html; charset=bogus",
            "application/xhtml+xml",
        ]
    ),
)
def test_never_raises(body: bytes, content_type: str | None) -> None:
    result = extract_document(fetched(body, content_type=content_type))
    if isinstance(result, ExtractionFailure):
        assert result.status and result.reason
    else:
        assert isinstance(result, ExtractedDocument)
        assert result.text.strip() and len(result.content_hash) == 64


def test_html_labelled_text_plain_is_read_as_html() -> None:
    body = b"\n<!-- cms -->\n<!DOCTYPE html>" + page(f"<article>{ARTICLE}</article>")
    result = extract_document(fetched(body, content_type="text/plain"))
    assert isinstance(result, ExtractedDocument)
    assert "<p>" not in result.text and "Paragraph 0:" in result.text
