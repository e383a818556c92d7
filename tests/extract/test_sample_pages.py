"""extract_document on the bundled sample pages: metadata, article in, boilerplate out."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from pipeline.extract import ExtractedDocument, ExtractionFailure

from .conftest import PAGES, extract_sample, fold

# Facts of our own pages: (title, author, published date, language, site name).
EXPECTED = {
    "meridian-cdf-claims-sorvik.html": (
        "Coastal front claims capture of Sorvik after eight days of fighting in Kestral Province",
        "Elena Marsh",
        "2026-11-21",
        "en",
        "The Meridian Post",
    ),
    "harborwire-nac-denies-sorvik.html": (
        "Northern Alliance Council denies losing Sorvik, says its units still hold the port",
        "Piet Adebayo",
        "2026-11-21",
        "en",
        "Harbor Wire",
    ),
    "courier-ceasefire-talks-stall.html": (
        "Ceasefire talks stall in Bellhaven as both sides trade accusations",
        "Rosalind Achebe",
        "2026-11-23",
        "en",
        "Valley Courier",
    ),
    "ledger-election-results-rejected.html": (
        "Marenia’s opposition rejects election results as electoral commission stands by its count",
        "Samir Oduya",
        "2026-11-18",
        "en",
        "The Global Ledger",
    ),
    "meridian-aid-convoy-turned-back.html": (
        "Aid convoy turned back at Ardun checkpoint, relief office says",
        "Elena Marsh",
        "2026-11-24",
        "en",
        "The Meridian Post",
    ),
    "harborwire-minister-denies-payments.html": (
        "Marenian interior minister denies receiving payments from security contractor",
        "Greta Olufemi",
        "2026-11-17",
        "en",
        "Harbor Wire",
    ),
    "ledger-nerro-shelling-blame.html": (
        "Marenia and Tavoria trade blame after shelling of border town of Nerro",
        "Ines Caldwell",
        "2026-11-12",
        "en",
        "The Global Ledger",
    ),
    "meridian-sefton-vows-to-retake-sorvik.html": (
        "Council leader Sefton vows to retake Sorvik and offers amnesty to front fighters",
        "Tobias Reinholt",
        "2026-11-25",
        "en",
        "The Meridian Post",
    ),
    "harborwire-ardun-dam.html": (
        "Explosion damages Ardun dam, thousands evacuated as both sides trade blame",
        "Piet Adebayo",
        "2026-11-22",
        "en",
        "Harbor Wire",
    ),
    "harborwire-ardun-dam-mobile.html": (
        "Explosion damages Ardun dam, thousands evacuated as both sides trade blame",
        "Piet Adebayo",
        "2026-11-22",
        "en",
        "Harbor Wire",
    ),
    "ledger-central-bank-holds-rates.html": (
        "Central Bank of Marenia holds rates as inflation eases to 3.1 per cent",
        "Hugo Baptiste",
        "2026-11-20",
        "en",
        "The Global Ledger",
    ),
    "courier-library-reopens.html": (
        "Bellhaven library reopens after two-year restoration",
        "Tom Achterberg",
        "2026-11-14",
        "en",
        "Valley Courier",
    ),
    "meridian-kestral-glacier-survey.html": (
        "Kestral highland glacier lost a fifth of its ice in a decade, survey finds",
        "Amara Quist",
        "2026-11-19",
        "en",
        "The Meridian Post",  # byline "Dr. Amara Quist"
    ),
    "tagesbote-kestral-gespraeche.html": (
        "Waffenruhe in Kestral: Gespräche in Bellhaven vorerst ohne Ergebnis",
        "Katharina Lenz",
        "2026-11-23",
        "de",
        "Der Tagesbote",
    ),
}

# Per outlet: where the article paragraphs are, and the page furniture that must not
# reach the stored text (navigation, ads, related links, newsletter, comments, footer).
LAYOUTS = {
    "meridian": (
        "//div[@class='entry-content']/p",
        [
            "//nav",
            "//*[contains(@class,'ad-slot')]",
            "//*[@id='comments']",
            "//*[contains(@class,'related-posts')]",
            "//*[contains(@class,'newsletter')]",
            "//footer[@id='colophon']",
        ],
    ),
    "harborwire": (
        "//div[@class='story-body']/p",
        [
            "//nav",
            "//*[contains(@class,'hw-ad')]",
            "//*[@id='comments']",
            "//*[@class='hw-related']",
            "//*[@class='hw-newsletter']",
            "//*[@class='hw-most-read']",
            "//footer",
        ],
    ),
    "courier": (
        "//div[@id='article-text']/p",
        [
            "//ul[@class='menu']",
            "//*[@class='adbox']",
            "//*[@id='comments']",
            "//*[@class='see-also']",
            "//*[@class='promo-box']",
            "//*[@id='footer']",
        ],
    ),
    "ledger": (
        "//div[@data-testid='article-body']/p",
        [
            "//nav",
            "//*[contains(@class,'AdSlot')]",
            "//*[@id='comments']",
            "//*[contains(@class,'RelatedLinks')]",
            "//*[@class='Newsletter']",
            "//footer",
        ],
    ),
    "tagesbote": (
        "//div[@class='artikel-text']/p",
        [
            "//nav",
            "//*[@class='werbung']",
            "//*[@id='kommentare']",
            "//*[@class='mehr-zum-thema']",
            "//*[@class='newsletter-box']",
            "//footer",
        ],
    ),
}
# Shorter strings ("Reply", "Like", "World") can legitimately occur in an article.
MIN_BOILERPLATE_CHARS = 25


def _tree(name: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((PAGES / name).read_bytes())


def _chunks(element: lxml_html.HtmlElement) -> list[str]:
    """Texts of an element's leaves and direct text: the units a reader sees."""
    out = []
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        own = fold(node.text_content() if len(node) == 0 else (node.text or ""))
        if len(own) >= MIN_BOILERPLATE_CHARS:
            out.append(own)
    return out


def test_sample_set_is_complete() -> None:
    html_pages = {p.name for p in PAGES.glob("*.html")}
    assert set(EXPECTED) <= html_pages
    assert len(html_pages) + len(list(PAGES.glob("*.txt"))) >= 14


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata(name: str, sample_docs: dict) -> None:
    title, author, date, language, sitename = EXPECTED[name]
    doc = sample_docs[name]
    assert isinstance(doc, ExtractedDocument), doc
    assert doc.title == title
    assert doc.author is not None and author in doc.author
    assert doc.published_at == date
    assert doc.language == language
    assert doc.sitename == sitename
    assert doc.source == "test"
    assert doc.url.startswith("file://")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_in_boilerplate_out(name: str, sample_docs: dict) -> None:
    doc = sample_docs[name]
    assert isinstance(doc, ExtractedDocument), doc
    text = fold(doc.text)
    body_xpath, furniture = LAYOUTS[name.split("-")[0]]
    tree = _tree(name)
    paragraphs = [fold(p.text_content()) for p in tree.xpath(body_xpath)]
    assert len(paragraphs) >= 5
    for paragraph in paragraphs:
        assert paragraph in text
    checked = 0
    for xpath in furniture:
        elements = tree.xpath(xpath)
        assert elements, f"{name}: layout changed, {xpath} matches nothing"
        for element in elements:
            for chunk in _chunks(element):
                assert chunk not in text, f"{name}: boilerplate leaked: {chunk!r}"
                checked += 1
    assert checked >= 5  # the page really has furniture to keep out


def test_reader_comments_are_not_article_text(sample_docs: dict) -> None:
    doc = sample_docs["meridian-cdf-claims-sorvik.html"]
    assert "Both sides have claimed Sorvik at least twice" not in doc.text
    assert "Varga said in a video message" in doc.text


def test_multi_paragraph_quote_keeps_paragraph_breaks(sample_docs: dict) -> None:
    # The mediator's quote runs over two paragraphs with no closing mark in between;
    # the claims stage needs both paragraphs, in order, on separate lines.
    text = sample_docs["courier-ceasefire-talks-stall.html"].text
    first = text.index("Then we can talk about lines on a map.")
    second = text.index("“I have told both leaders this in writing")
    assert first < second
    assert "\n" in text[first:second]


def test_windows_1252_page_decodes_curly_quotes(sample_docs: dict) -> None:
    # Valley Courier serves windows-1252 and declares it in a http-equiv meta.
    assert b"charset=windows-1252" in (PAGES / "courier-library-reopens.html").read_bytes()
    text = sample_docs["courier-library-reopens.html"].text
    assert "“People told us a library was a luxury,” she said." in text
    assert "\ufffd" not in text


def test_data_table_kept_ad_inside_body_dropped(sample_docs: dict) -> None:
    text = sample_docs["ledger-central-bank-holds-rates.html"].text
    assert "October 2026" in text and "3.4%" in text  # the inflation table stays
    assert "LedgerTrade" not in text  # the inline ad between paragraphs does not


def test_canonical_urls_come_from_the_pages(sample_docs: dict) -> None:
    assert sample_docs["meridian-cdf-claims-sorvik.html"].canonical_url == (
        "https://www.meridianpost.example/2026/11/21/coastal-front-claims-capture-of-sorvik/"
    )
    assert sample_docs["tagesbote-kestral-gespraeche.html"].canonical_url == (
        "https://www.tagesbote.example/politik/ausland/"
        "kestral-waffenruhe-gespraeche-bellhaven-a-20261123.html"
    )


def test_same_body_under_two_urls_has_one_hash(sample_docs: dict) -> None:
    desktop = sample_docs["harborwire-ardun-dam.html"]
    mobile = sample_docs["harborwire-ardun-dam-mobile.html"]
    assert isinstance(desktop, ExtractedDocument) and isinstance(mobile, ExtractedDocument)
    assert desktop.canonical_url != mobile.canonical_url
    assert desktop.content_hash == mobile.content_hash
    hashes = [sample_docs[name].content_hash for name in EXPECTED]
    assert len(hashes) - len(set(hashes)) == 1  # that pair is the only duplicate


def test_cross_outlet_pair_names_the_same_actors(sample_docs: dict) -> None:
    claim = sample_docs["meridian-cdf-claims-sorvik.html"].text
    denial = sample_docs["harborwire-nac-denies-sorvik.html"].text
    for name in ("Sorvik", "Lina Varga", "Coastal Defence Front", "Northern Alliance Council"):
        assert name in claim and name in denial
    assert "denied the claim of the Coastal Defence Front (CDF)" in denial
    assert "declared the front’s claim false" in denial


def test_no_sample_fails(sample_docs: dict) -> None:
    failures = {n: d for n, d in sample_docs.items() if isinstance(d, ExtractionFailure)}
    assert failures == {}


def test_extract_sample_helper_reads_text_files() -> None:
    doc = extract_sample("wire-bellhaven-curfew.txt")
    assert doc.title == "Bellhaven imposes night curfew after blast near talks venue"
