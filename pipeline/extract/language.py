"""The language of a document as a two-letter ISO 639-1 code, or None.

Two signals: what the page declares (<html lang>, og:locale, Content-Language meta,
trafilatura's metadata) and what a character n-gram identifier (py3langid) reads in the
text. Templates often declare a site-wide language that is wrong for a given page, so
on a text long enough to judge, a confident identification wins; on short text, or when
the identifier is unsure, the declaration wins.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import html as lxml_html

# Below this many characters the n-gram identifier is unreliable (a headline plus a
# sentence); measured guidance from langid.py's authors is "a few sentences".
MIN_CHARS_TO_IDENTIFY = 200
# Normalised probability the identifier must reach to overrule a declared language.
MIN_CONFIDENCE = 0.95
# Identification only needs the opening of a long article.
IDENTIFY_CHARS = 5000

_CODE = re.compile(r"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$")


def normalise_code(value: str | None) -> str | None:
    """'en-GB', 'de_DE', 'ES' -> 'en', 'de', 'es'; anything else (eng, x-default) -> None."""
    match = _CODE.match(value or "")
    return match.group(1).lower() if match else None


def declared_language(tree: lxml_html.HtmlElement | None, *extra: str | None) -> str | None:
    """The first usable declaration: <html lang>, og:locale, Content-Language, then extra."""
    candidates: list[str | None] = []
    if tree is not None:
        root = tree.getroottree().getroot()
        candidates.append(
            root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
        )
        candidates += root.xpath("//meta[@property='og:locale']/@content")
        candidates += root.xpath(
            "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')"
            "='content-language']/@content"
        )
    candidates += extra
    for candidate in candidates:
        code = normalise_code(candidate)
        if code:
            return code
    return None


@lru_cache(maxsize=1)
def _identifier() -> Any:  # py3langid ships no type hints
    # Loaded once, lazily: unpickling the model takes ~0.3 s.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str | None, float]:
    """(code, probability) from the text alone; (None, 0.0) when there is too little text."""
    sample = text[:IDENTIFY_CHARS]
    if len(sample.strip()) < MIN_CHARS_TO_IDENTIFY:
        return None, 0.0
    code, prob = _identifier().classify(sample)
    return normalise_code(code), float(prob)


def choose_language(text: str, declared: str | None) -> str | None:
    identified, confidence = identify(text)
    if identified and (confidence >= MIN_CONFIDENCE or declared is None):
        return identified
    return declared
