"""Canonical URL choice, language choice and the content hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import ExtractedDocument, content_hash, extract_document
from pipeline.extract.language import choose_language, normalise_code

from .conftest import PAGES, fetched

SORVIK = (PAGES / "meridian-cdf-claims-sorvik.html").read_bytes()
CANONICAL = b"https://www.meridianpost.example/2026/11/21/coastal-front-claims-capture-of-sorvik/"


def _doc(body: bytes, url: str, final_url: str | None = None) -> ExtractedDocument:
    doc = extract_document(fetched(body, url, final_url=final_url))
    assert isinstance(doc, ExtractedDocument), doc
    return doc


def test_same_site_canonical_wins_over_the_fetched_url() -> None:
    doc = _doc(SORVIK, "https://meridianpost.example/?p=48211&utm_source=rss")
    assert doc.canonical_url == CANONICAL.decode()
    assert doc.url == "https://meridianpost.example/?p=48211&utm_source=rss"


def test_cross_site_canonical_is_ignored_and_final_url_normalised() -> None:
    body = SORVIK.replace(CANONICAL, b"https://aggregator.example/story/99")
    doc = _doc(
        body,
        "https://www.meridianpost.example/r/abc",
        final_url="HTTPS://WWW.MeridianPost.example:443/2026/11/21/sorvik/?utm_campaign=x&b=2&a=1#top",
    )
    assert doc.canonical_url == "https://www.meridianpost.example/2026/11/21/sorvik/?a=1&b=2"


def test_relative_canonical_resolves_against_the_page() -> None:
    body = SORVIK.replace(CANONICAL, b"/2026/11/21/coastal-front/")
    doc = _doc(body, "https://www.meridianpost.example/amp/coastal-front")
    assert doc.canonical_url == "https://www.meridianpost.example/2026/11/21/coastal-front/"


def test_page_without_canonical_uses_its_own_url() -> None:
    body = SORVIK.replace(b'rel="canonical"', b'rel="alternate"')
    doc = _doc(body, "https://www.meridianpost.example/2026/11/21/x/#comments")
    assert doc.canonical_url == "https://www.meridianpost.example/2026/11/21/x/"


def test_declared_language_is_overruled_by_a_confident_identification() -> None:
    # A CMS template that says lang="de" on an English article.
    body = SORVIK.replace(b'lang="en-US"', b'lang="de"').replace(b"en_US", b"de_DE")
    assert _doc(body, "https://www.meridianpost.example/a").language == "en"


def test_german_page_without_any_declaration_is_identified() -> None:
    body = (PAGES / "tagesbote-kestral-gespraeche.html").read_bytes()
    body = body.replace(b'<html lang="de">', b"<html>").replace(b"de_DE", b"")
    assert b'lang="de"' not in body
    assert _doc(body, "https://www.tagesbote.example/a").language == "de"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("en-GB", "en"),
        ("de_DE", "de"),
        ("ES", "es"),
        ("eng", None),
        ("x-default", None),
        ("", None),
        (None, None),
    ],
)
def test_language_codes_are_two_letters(value: str | None, code: str | None) -> None:
    assert normalise_code(value) == code


def test_short_text_keeps_the_declared_language() -> None:
    assert choose_language("Kurz.", "fr") == "fr"
    assert choose_language("Kurz.", None) is None


def test_hash_folds_whitespace_and_unicode_composition_only() -> None:
    text = "Okoye said:  “Not one position\nhas been given up.”\tCafé."
    assert content_hash(text) == content_hash(
        "  Okoye said: “Not one position has been given up.” Café.\r\n"
    )
    assert content_hash(text) == content_hash(text.replace("é", "e\u0301"))  # NFD vs NFC
    assert content_hash(text) != content_hash(text.replace("Not one", "No"))
    assert content_hash(text) != content_hash(text.lower())


def test_same_body_under_two_urls_same_hash(tmp_path: Path) -> None:
    first = _doc(SORVIK, "https://www.meridianpost.example/a")
    # Same article in a differently indented page, served from another address.
    reflowed = SORVIK.replace(b"<p>", b"\n      <p>").replace(
        CANONICAL, b"https://www.meridianpost.example/b"
    )
    second = _doc(reflowed, "https://www.meridianpost.example/b")
    assert first.canonical_url != second.canonical_url
    assert first.content_hash == second.content_hash
