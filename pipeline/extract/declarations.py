"""What a page says about itself: its canonical link and its declared language.

One walk over the page's <link> and <meta> elements collects both, where XPath queries
would walk the whole tree once each, with translate() on every candidate. The matching
rules are the XPath ones, written out in Python:

* canonical: a <link> whose rel, with ASCII "CANONICAL" letters lower-cased and split
  on XML whitespace, has the token "canonical"; the first non-blank href wins;
* languages, in order of trust: <html lang> (or xml:lang), every og:locale <meta>
  content, then every http-equiv="Content-Language" <meta> content (case-insensitive).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# XPath's translate() folded exactly these letters, and normalize-space() split on
# exactly these four whitespace characters.
_FOLD_CANONICAL = str.maketrans("CANONICAL", "canonical")
_FOLD_CONTENT_LANGUAGE = str.maketrans("CONTENT-LANGUAGE", "content-language")
_XML_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True, slots=True)
class Declarations:
    canonical: str | None  # the href of the first canonical link, stripped
    languages: tuple[str, ...]  # language declarations, most trusted first, raw


def _is_canonical(rel: str | None) -> bool:
    return rel is not None and "canonical" in _XML_SPACE.split(rel.translate(_FOLD_CANONICAL))


def read_declarations(tree: lxml_html.HtmlElement) -> Declarations:
    """The canonical link and language declarations anywhere in the page's document."""
    root = tree.getroottree().getroot()
    canonical: str | None = None
    locales: list[str] = []
    content_languages: list[str] = []
    # iter() with tag names filters in C: only <link> and <meta> reach Python.
    for element in root.iter("link", "meta"):
        if element.tag == "link":
            if canonical is None and _is_canonical(element.get("rel")):
                href = (element.get("href") or "").strip()
                canonical = href or None
            continue
        content = element.get("content")
        if content is None:
            continue
        if element.get("property") == "og:locale":
            locales.append(content)
        http_equiv = element.get("http-equiv") or ""
        if http_equiv.translate(_FOLD_CONTENT_LANGUAGE) == "content-language":
            content_languages.append(content)
    html_lang = root.get("lang") or root.get(_XML_LANG)
    languages = ([html_lang] if html_lang else []) + locales + content_languages
    return Declarations(canonical=canonical, languages=tuple(languages))
