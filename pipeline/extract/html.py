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
* Ad slots are pruned (mark_ad_slots, then prune_xpath): ad slots that carry text
  (house ads, <noscript> fallbacks) inside the article body survive trafilatura's own
  cleaning, e.g. an inline "Advertisement" box between two paragraphs. Pruning them is
  neutral on news-dev (identical P/R: its ad slots are empty until JavaScript fills
  them) and removes the inline ads of our sample outlets.
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

import re
from dataclasses import dataclass
from typing import Any, cast

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Document

from pipeline.extract.layout import unwrap_layout_tables

# Keyword arguments of trafilatura's extraction functions (all booleans).
EXTRACTION_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
}
# Class/id tokens that name an advertising slot. Attribute values are compared
# case-insensitively (ASCII only) and "-"/"_"/" " are token boundaries, so "ad-slot",
# "AdSlot_inline", "div-gpt-ad-top" and "hw-ad--mpu" all match, while "head", "shadow"
# or "load-more" do not.
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

# Written as one XPath (translate() and 24 contains() on the class and id of every
# element) the rule costs more CPU than trafilatura's whole extraction on a big page.
# The same rule in Python: a token delimited by the start or end of the value, a space,
# "_" or "-" (only those: the XPath split on nothing else), ASCII case folded only.
_AD_TOKEN = re.compile(
    r"(?<![^ _-])(?:" + "|".join(AD_TOKENS) + r")(?![^ _-])", re.IGNORECASE | re.ASCII
)
# Elements that have a class or an id: the only ones the rule can match. Relative to
# the tree handed to trafilatura (its copy holds no more); "descendant-or-self::" and
# not "//", which libxml2 evaluates through every node's children (1.5x the CPU).
_WITH_CLASS_OR_ID = etree.XPath("descendant-or-self::*[@class or @id]")
# XPath's normalize-space() folds exactly these four characters, not no-break spaces.
_XML_SPACE = re.compile(r"[ \t\r\n]+")
# Marked ad slots are removed by trafilatura itself (prune_xpath), after it has read the
# page's metadata, exactly where the old XPath rule ran. The attribute name is ours
# (pages do not use it) and its value empty, so htmldate's search of the serialised
# page finds no date in it.
AD_SLOT_MARK = "data-newsclaims-ad-slot"
MARKED_AD_SLOTS = f"descendant-or-self::*[@{AD_SLOT_MARK}]"

# original_date: the publication date, not the last update; extensive_search lets
# htmldate look beyond metadata (bylines, URL) when a page has no date meta. This is the
# date search trafilatura's metadata runs anyway (with_metadata=True): only the
# parameters are ours, it does not run twice.
DATE_PARAMS = {"original_date": True, "extensive_search": True}


@dataclass(slots=True)
class HtmlArticle:
    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    language: str | None  # as trafilatura's metadata reports it (declared)


def parse_page(markup: str) -> lxml_html.HtmlElement | None:
    """The page parsed once, by trafilatura's own loader; None when it is not HTML.

    The same call bare_extraction would make on the markup, so handing it this tree
    extracts exactly what it would have extracted from the string, and our own look-ups
    (canonical link, declared language, ad slots, layout tables) need no second parse.
    """
    try:
        return trafilatura.load_html(markup)
    except (TypeError, ValueError):  # bare_extraction treats these as "no document"
        return None


def _short_enough(element: lxml_html.HtmlElement) -> bool:
    # string-length(normalize-space(.)) <= AD_SLOT_MAX_CHARS, the cheap case first.
    text = element.text_content()
    if len(text) <= AD_SLOT_MAX_CHARS:
        return True
    return len(_XML_SPACE.sub(" ", text).strip(" \t\r\n")) <= AD_SLOT_MAX_CHARS


def mark_ad_slots(tree: lxml_html.HtmlElement) -> int:
    """Mark the short elements whose class or id names an ad slot; how many were marked."""
    search = _AD_TOKEN.search
    # The expression selects elements only: the cast narrows XPath's general result type.
    candidates = cast(list[lxml_html.HtmlElement], _WITH_CLASS_OR_ID(tree))
    slots = [
        element
        for element in candidates
        if (search(element.get("class") or "") or search(element.get("id") or ""))
        and _short_enough(element)
    ]
    for element in slots:
        element.set(AD_SLOT_MARK, "")
    return len(slots)


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def extract_html(tree: lxml_html.HtmlElement, url: str | None) -> HtmlArticle | None:
    """trafilatura's article text and metadata, or None when it finds no article.

    Unwraps layout tables and marks ad slots in ``tree`` first (it is changed in place);
    read anything else you need from the tree before calling this. bare_extraction
    works on its own copy of a tree it is handed (trafilatura 2.x): ~0.6 ms on a big
    news page, against ~2 ms for parsing the markup a second time.
    """
    unwrap_layout_tables(tree)
    # No prune_xpath at all when nothing is marked: it would be one more tree walk.
    prune = MARKED_AD_SLOTS if mark_ad_slots(tree) else None
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        output_format="python",
        date_extraction_params=DATE_PARAMS,
        prune_xpath=prune,
        **EXTRACTION_OPTIONS,
    )
    # A Document, as asked (output_format="python"); a dict only when as_dict=True.
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        return None
    return HtmlArticle(
        text=(doc.text or "").strip(),
        title=_clean(doc.title),
        author=_clean(doc.author),
        date=_clean(doc.date),
        sitename=_clean(doc.sitename),
        language=_clean(doc.language),
    )
