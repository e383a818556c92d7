"""Article text and metadata from an HTML page, with trafilatura.

Option choices, measured with ``python bench/extract_quality.py --grid`` on the 61 gold
pages of news-dev (trafilatura 2.3.1; precision / recall / F1 of 4-gram shingles):

    options                       P       R       F1
    tables (our choice)           0.9501  0.9740  0.9619
    tables + comments (defaults)  0.9301  0.9740  0.9515
    no tables, no comments        0.9454  0.9605  0.9529
    favor_recall + tables         0.9488  0.9720  0.9602
    favor_precision + tables      0.9568  0.9525  0.9547

* include_comments=False: reader comments are not the article and would put readers'
  words in the outlet's mouth; trafilatura's default (True) appends them (-0.02 P).
* include_tables=True: tables in news pages are mostly figures that belong to the
  story; dropping them cost 0.013 recall and gained no precision.
* favor_precision / favor_recall: both False (trafilatura's balanced default) scored
  the best F1; favor_precision buys 0.007 P for 0.022 R, a bad trade for claims.
* prune_xpath=AD_SLOTS: ad slots that carry text (house ads, <noscript> fallbacks)
  inside the article body survive trafilatura's own cleaning, e.g. an inline
  "Advertisement" box between two paragraphs. Pruning them is neutral on news-dev
  (identical P/R: its ad slots are empty until JavaScript fills them) and removes the
  inline ads of our sample outlets.
* Layout tables are unwrapped to divs first (pipeline/extract/layout.py): with
  include_tables=True a table-layout page (Valley Courier in samples/) otherwise comes
  out as one merged line with the promo box and footer. No news-dev page has a layout
  table, so its scores are unchanged.
* deduplicate=False: trafilatura's de-duplication is a process-wide LRU cache of
  paragraphs seen in *earlier* documents; with it on, the second copy of an article
  loses its paragraphs and the outcome depends on processing order. We de-duplicate
  whole documents by content hash instead (pipeline/stages/documents.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from pipeline.extract.layout import unwrap_layout_tables

EXTRACTION_OPTIONS: dict[str, bool] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
}
# Class/id tokens that name an advertising slot. Attribute values are lower-cased and
# "-"/"_" become token boundaries, so "ad-slot", "AdSlot_inline", "div-gpt-ad-top" and
# "hw-ad--mpu" all match, while "head", "shadow" or "load-more" do not.
AD_TOKENS = (
    "ad",
    "ads",
    "adslot",
    "adbox",
    "adunit",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "sponsored",
    "werbung",
    "anzeige",
)
# Only short elements are pruned: an ad slot holds a label and a line of copy, while a
# wrapper with a class such as "article has-ads" holds the whole story. 300 characters
# is about two sentences; no real ad slot in our samples or in news-dev comes close.
AD_SLOT_MAX_CHARS = 300


def _token_test(attribute: str) -> str:
    folded = (
        f"concat(' ', translate(@{attribute}, "
        "'ABCDEFGHIJKLMNOPQRSTUVWXYZ_-', 'abcdefghijklmnopqrstuvwxyz  '), ' ')"
    )
    return " or ".join(f"contains({folded}, ' {token} ')" for token in AD_TOKENS)


AD_SLOTS = (
    f"//*[({_token_test('class')} or {_token_test('id')})"
    f" and string-length(normalize-space(.)) <= {AD_SLOT_MAX_CHARS}]"
)

# original_date: the publication date, not the last update; extensive_search lets
# htmldate look beyond metadata (bylines, URL) when a page has no date meta.
DATE_PARAMS = {"original_date": True, "extensive_search": True}


@dataclass(slots=True)
class HtmlArticle:
    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    language: str | None  # as trafilatura's metadata reports it (declared)


# A private parser: remove_comments keeps <!-- ... --> out of our metadata look-ups.
_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)


def parse_tree(markup: str) -> lxml_html.HtmlElement | None:
    """A lenient lxml tree for our own metadata look-ups; None when lxml finds nothing."""
    try:
        # lxml refuses str input that carries an XML encoding declaration.
        return lxml_html.fromstring(markup.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def extract_html(markup: str, url: str | None) -> HtmlArticle | None:
    """trafilatura's article text and metadata, or None when it finds no article."""
    doc = trafilatura.bare_extraction(
        unwrap_layout_tables(markup),
        url=url,
        with_metadata=True,
        output_format="python",
        date_extraction_params=DATE_PARAMS,
        prune_xpath=AD_SLOTS,
        **EXTRACTION_OPTIONS,
    )
    if doc is None or not (doc.text or "").strip():
        return None
    return HtmlArticle(
        text=doc.text.strip(),
        title=_clean(doc.title),
        author=_clean(doc.author),
        date=_clean(doc.date),
        sitename=_clean(doc.sitename),
        language=_clean(doc.language),
    )
