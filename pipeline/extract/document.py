"""extract_document: one fetched page -> an ExtractedDocument or an ExtractionFailure.

Never raises on bad input: every problem with the page becomes a failure with a status
code and a reason, because one broken page must not stop a daily run.
"""

from __future__ import annotations

import logging
import re

from pipeline.extract.declarations import read_declarations
from pipeline.extract.decode import (
    MAX_BAD_CHAR_SHARE,
    bad_char_share,
    decode_html,
    decode_text,
)
from pipeline.extract.failures import (
    EMPTY,
    ENCODING,
    EXTRACTOR_ERROR,
    NOT_FETCHED,
    NOT_HTML,
    TOO_SHORT,
    ExtractionFailure,
)
from pipeline.extract.hashing import content_hash, fold_whitespace
from pipeline.extract.html import extract_html, parse_page
from pipeline.extract.language import choose_language, declared_language
from pipeline.extract.text import first_line_title, is_plain_text
from pipeline.extract.urls import canonical_url, normalise_url
from pipeline.records import ExtractedDocument, FetchResult

log = logging.getLogger(__name__)

# An article shorter than this (in characters, whitespace folded) cannot carry an
# attributed claim worth a row: it is a stub, a paywall teaser or a cookie notice.
# 200 characters is about two short sentences; none of the 61 gold bodies of news-dev
# is shorter.
MIN_TEXT_CHARS = 200

# Content types we try to read as HTML; None/empty is accepted and sniffed.
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
# Leading bytes of common binary formats that servers mislabel as text/html.
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"\x7fELF",
)
# Bytes that never occur in text (WHATWG MIME sniffing's "binary data bytes"): NUL and
# the C0 controls other than tab, LF, FF, CR and ESC. UTF-16 text is full of NULs but
# starts with a BOM, which is checked first.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def _looks_binary(body: bytes) -> bool:
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 BOM
        return False
    head = body[:1024]
    return head.startswith(_BINARY_MAGIC) or _BINARY_BYTES.search(head) is not None


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def extract_document(result: FetchResult) -> ExtractedDocument | ExtractionFailure:
    """The article in one fetched page, or why there is none. Never raises on bad input."""
    if result.status != "ok" or result.body is None:
        return ExtractionFailure(NOT_FETCHED, f"fetch status {str(result.status)!r}, no body")
    body = result.body
    if not body or body.isspace():  # as `not body.strip()`, without copying the page
        return ExtractionFailure(EMPTY, f"empty body ({len(body)} bytes of whitespace)")
    if _looks_binary(body):
        return ExtractionFailure(NOT_HTML, "binary content (file signature or control bytes)")
    page_url = result.final_url or result.url
    plain = is_plain_text(page_url, result.content_type, body)
    mime = _mime(result.content_type)
    # text/plain reaches the HTML path only with a body that opens like an HTML document.
    if not plain and mime and mime not in _HTML_TYPES and mime != "text/plain":
        return ExtractionFailure(NOT_HTML, f"unsupported content type {mime!r}")
    try:
        return _from_text(result, page_url) if plain else _from_html(result, page_url)
    except Exception as exc:  # a parser bug on one page must not stop the run
        log.warning("extraction failed for %s: %r", result.url, exc)
        return ExtractionFailure(EXTRACTOR_ERROR, f"{type(exc).__name__}: {exc}"[:300])


def check_text(text: str, folded: str) -> ExtractionFailure | None:
    """Why an article text is unusable, or None; ``folded`` is fold_whitespace(text)."""
    if bad_char_share(text) > MAX_BAD_CHAR_SHARE:
        return ExtractionFailure(ENCODING, "text is mostly undecodable or control characters")
    size = len(folded)
    if size == 0:
        return ExtractionFailure(EMPTY, "no article text found")
    if size < MIN_TEXT_CHARS:
        return ExtractionFailure(TOO_SHORT, f"article text has {size} characters")
    return None


def _from_text(result: FetchResult, page_url: str) -> ExtractedDocument | ExtractionFailure:
    text = decode_text(result.body or b"", result.content_type)
    folded = fold_whitespace(text)
    failure = check_text(text, folded)
    if failure:
        return failure
    return ExtractedDocument(
        url=result.url,
        canonical_url=normalise_url(page_url),
        source=result.source,
        text=text,  # verbatim: offsets into it are offsets into the decoded file
        content_hash=content_hash(text, folded),
        title=first_line_title(text),
        language=choose_language(text, None),
    )


def _from_html(result: FetchResult, page_url: str) -> ExtractedDocument | ExtractionFailure:
    markup = decode_html(result.body or b"", result.content_type)
    if bad_char_share(markup) > MAX_BAD_CHAR_SHARE:
        return ExtractionFailure(ENCODING, "page does not decode to text in any charset tried")
    tree = parse_page(markup)
    if tree is None:
        return ExtractionFailure(EMPTY, "no article text found on the page")
    # Read from the page before extract_html, which changes the tree (layout tables
    # unwrapped, ad slots marked): one parse serves trafilatura and these look-ups.
    declarations = read_declarations(tree)
    article = extract_html(tree, page_url)
    if article is None:
        return ExtractionFailure(EMPTY, "no article text found on the page")
    folded = fold_whitespace(article.text)  # for the size check and the hash
    failure = check_text(article.text, folded)
    if failure:
        return failure
    return ExtractedDocument(
        url=result.url,
        canonical_url=canonical_url(page_url, declarations.canonical),
        source=result.source,
        text=article.text,
        content_hash=content_hash(article.text, folded),
        title=article.title,
        author=article.author,
        published_at=article.date,
        sitename=article.sitename,
        # The page's own declarations first, then what trafilatura's metadata found.
        language=choose_language(
            article.text, declared_language(*declarations.languages, article.language)
        ),
    )
