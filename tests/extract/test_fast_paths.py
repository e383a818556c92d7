"""The fast paths of the extraction step compute exactly what the slow ones did.

Each test holds the original formulation (an XPath, a regex, py3langid's own calls) as
the reference and checks the replacement against it on inputs chosen to hit the edges:
case, token boundaries, whitespace that XPath does not fold, non-Latin scripts.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from lxml import etree
from lxml import html as lxml_html

from pipeline.extract.declarations import read_declarations
from pipeline.extract.decode import bad_char_share
from pipeline.extract.hashing import content_hash, fold_whitespace
from pipeline.extract.html import (
    AD_SLOT_MARK,
    AD_SLOT_MAX_CHARS,
    AD_TOKENS,
    mark_ad_slots,
    parse_page,
)
from pipeline.extract.language import _identifier, feature_counts, identify, normalise_code
from pipeline.extract.layout import unwrap_layout_tables

from .conftest import PAGES

# --- ad slots: the XPath rule they replace ---------------------------------------------


def _token_test(attribute: str) -> str:
    folded = (
        f"concat(' ', translate(@{attribute}, "
        "'ABCDEFGHIJKLMNOPQRSTUVWXYZ_-', 'abcdefghijklmnopqrstuvwxyz  '), ' ')"
    )
    return " or ".join(f"contains({folded}, ' {token} ')" for token in AD_TOKENS)


OLD_AD_SLOTS = etree.XPath(
    f"//*[({_token_test('class')} or {_token_test('id')})"
    f" and string-length(normalize-space(.)) <= {AD_SLOT_MAX_CHARS}]"
)
CLASS_VALUES = [
    "ad",
    "AD",
    "Ad-Slot",
    "ad-slot",
    "AdSlot_inline",
    "div-gpt-ad-top",
    "hw-ad--mpu",
    "ads",
    "adsbygoogle",
    "advert",
    "ADVERTISEMENT box",
    "advertising",
    "sponsored-post",
    "werbung",
    "Anzeige",
    "head",
    "shadow",
    "load-more",
    "header ad",
    "lead",
    "badge",
    "article has-ads",
    "x\tad",  # a tab is no boundary for the XPath
    "x\nad",
    "ad\u00a0x",  # nor is a no-break space
    "\u212aad",  # KELVIN SIGN: no ASCII case folding for it
    "adſ",  # LATIN SMALL LETTER LONG S
    "",
    "  ad  ",
    "_ad_",
    "-ads-",
    "adbox adunit",
    "adverts",
    "sponsoredx",
]


def _ad_page() -> str:
    short, long_text = "Advertisement", "word " * 80  # 400 characters: too long to prune
    parts = []
    for i, value in enumerate(CLASS_VALUES):
        for attribute in ("class", "id"):
            for text in (short, long_text, f"  {short}\n\t  " + " " * 400):
                parts.append(f'<div {attribute}="{value}" data-i="{i}">{text}</div>')
    nested = '<div class="ad"><div id="ads">Ad <span class="ad">x</span></div></div>'
    return f"<html><body>{''.join(parts)}{nested}<p>Body text.</p></body></html>"


def test_ad_slot_marks_are_the_old_xpath_matches() -> None:
    tree = parse_page(_ad_page())
    assert tree is not None
    expected = OLD_AD_SLOTS(tree)
    assert mark_ad_slots(tree) == len(expected) > 20
    assert tree.xpath(f"//*[@{AD_SLOT_MARK}]") == expected


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_ad_slot_marks_on_sample_pages(name: str) -> None:
    tree = parse_page((PAGES / name).read_bytes().decode("utf-8", errors="replace"))
    assert tree is not None
    expected = OLD_AD_SLOTS(tree)
    mark_ad_slots(tree)
    assert tree.xpath(f"//*[@{AD_SLOT_MARK}]") == expected


# --- canonical link and declared language: the XPath queries they replace --------------

OLD_CANONICAL = etree.XPath(
    "//link[contains(concat(' ', normalize-space(translate(@rel,"
    "'CANONICAL','canonical')), ' '), ' canonical ')]/@href"
)
OLD_OG_LOCALE = etree.XPath("//meta[@property='og:locale']/@content")
OLD_CONTENT_LANGUAGE = etree.XPath(
    "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')"
    "='content-language']/@content"
)
HEADS = [
    '<link rel="canonical" href=" /a ">',
    '<link rel="Canonical" href="/b">',
    '<link rel="alternate canonical" href="/c">',
    '<link rel="canonical\tfoo" href="/d">',
    '<link rel="canonicalx" href="/e">',
    '<link rel="canonical" href="  "><link rel="CANONICAL" href="/f">',
    '<link rel="canonical"><link rel="canonical" href="/g">',
    '<link rel="canonical\u00a0x" href="/h">',
    '<meta property="og:locale" content="de_DE"><meta http-equiv="Content-Language" content="fr">',
    '<meta http-equiv="CONTENT-LANGUAGE" content="es"><meta property="og:locale" content="pt_BR">',
    '<meta property="OG:locale" content="it"><meta http-equiv="content-language">',
    '<meta http-equiv="content-language" content=""><meta property="og:locale" content="nl">',
]


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("lang", ["", ' lang="en-GB"', ' lang=""'])
def test_declarations_are_the_old_xpath_results(head: str, lang: str) -> None:
    tree = parse_page(f"<html{lang}><head>{head}</head><body><p>x</p><p>y</p></body></html>")
    assert tree is not None
    found = read_declarations(tree)
    old_links = [href.strip() for href in OLD_CANONICAL(tree) if href and href.strip()]
    assert found.canonical == (old_links[0] if old_links else None)
    old_languages = [tree.get("lang"), *OLD_OG_LOCALE(tree), *OLD_CONTENT_LANGUAGE(tree)]
    assert [normalise_code(v) for v in found.languages if normalise_code(v)] == [
        normalise_code(v) for v in old_languages if normalise_code(v)
    ]


# --- language identification: py3langid's own calls ----------------------------------

_LANGUAGE_SAMPLES = [
    (PAGES / "meridian-cdf-claims-sorvik.html").read_text(encoding="utf-8"),
    (PAGES / "tagesbote-kestral-gespraeche.html").read_text(encoding="utf-8"),
    "Глава администрации заявил, что город по-прежнему под контролем армии. " * 20,
    "政府は声明で、港湾都市は依然として軍の管理下にあると述べた。" * 30,
    "O ministro disse que as tropas ainda controlam o porto da cidade. " * 20,
    "Menteri mengatakan bahwa pasukan masih menguasai pelabuhan kota itu. " * 20,
    "\x00\x01 \ufffd\u2028 e\u0301 \U0001f600 \ud800 mixed " * 40,
    "",
    "a",
    "ab",
    "abc",
    "abcd",
]


def _random_texts() -> list[str]:
    rng = random.Random(5)
    return [
        "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(0, 400)))
        for _ in range(40)
    ]


@pytest.mark.parametrize("text", _LANGUAGE_SAMPLES + _random_texts())
def test_feature_counts_are_py3langid_counts(text: str) -> None:
    for size in (1, 3, 4, 5, 250, 2000):
        sample = text[:size]
        assert np.array_equal(feature_counts(sample), _identifier().instance2fv(sample))


@pytest.mark.parametrize("text", _LANGUAGE_SAMPLES[:6])
def test_identify_is_py3langid_classify(text: str) -> None:
    sample = text[:2000]
    code, probability = _identifier().classify(sample)
    assert identify(sample) == (normalise_code(code), float(probability))


# --- layout tables in place ------------------------------------------------------------


def test_layout_table_unwrapped_in_place_data_table_kept() -> None:
    paragraphs = "".join(f"<p>Paragraph {i}.</p>" for i in range(3))
    data = "<table><tr><td>2025</td><td>3.4%</td></tr></table>"
    tree = parse_page(
        f'<html><body><table width="100%"><tr><td valign="top">{paragraphs}{data}</td></tr>'
        "</table></body></html>"
    )
    assert tree is not None
    assert unwrap_layout_tables(tree) == 1
    assert tree.xpath("//body/div/div/div/p")  # table/tr/td of the layout are divs now
    assert [td.text for td in tree.xpath("//div/table/tr/td")] == ["2025", "3.4%"]  # data table
    assert not tree.xpath("//*[@width or @valign]")


def test_page_without_layout_table_is_untouched() -> None:
    markup = "<html><body><table><tr><td>1</td></tr></table><p>a</p></body></html>"
    tree = parse_page(markup)
    assert tree is not None
    before = lxml_html.tostring(tree)
    assert unwrap_layout_tables(tree) == 0
    assert lxml_html.tostring(tree) == before


# --- character checks ------------------------------------------------------------------

_OLD_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_ODD_TEXTS = [
    "",
    "plain",
    "\x00\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\x80\x9f",
    "\ufffd\ufffd caf\u00e9 \uffff \ufffe",
    "\ud800 lone surrogate \udfff",
    "日本語\x1b[0m\u2028\u2029\x85",
    "".join(chr(c) for c in range(0x300)),
]


@pytest.mark.parametrize("text", _ODD_TEXTS)
def test_bad_char_share_is_the_old_regex_count(text: str) -> None:
    assert bad_char_share(text) == len(_OLD_BAD_CHARS.findall(text)) / max(len(text), 1)


def test_fold_whitespace_is_the_old_regex_fold() -> None:
    every_space = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    for text in [*_ODD_TEXTS, every_space, f"a{every_space}b c\u200bd", "  x  y  "]:
        assert fold_whitespace(text) == re.sub(r"\s+", " ", text).strip()


_HASHABLE = [t for t in _ODD_TEXTS if "\ud800" not in t]  # a lone surrogate has no UTF-8


@pytest.mark.parametrize(
    "text", [*_HASHABLE, "Caf\u00e9 \n\n said", "Cafe\u0301 \n\n said", "\u212b \u2000x\u2001"]
)
def test_content_hash_with_the_fold_at_hand_is_the_same_hash(text: str) -> None:
    assert content_hash(text, fold_whitespace(text)) == content_hash(text)
