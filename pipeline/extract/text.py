"""Plain-text articles: stored verbatim so character offsets match the file."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Servers do label HTML pages text/plain; a body that opens like an HTML document (after
# an optional BOM, whitespace and comments) is read as HTML whatever the label says.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def looks_like_html(body: bytes) -> bool:
    return _HTML_START.match(body[:2048]) is not None


def is_plain_text(url: str, content_type: str | None, body: bytes = b"") -> bool:
    """text/plain by header, or a local file:// path ending in .txt; never an HTML body."""
    if looks_like_html(body):
        return False
    if content_type and content_type.split(";")[0].strip().lower() == "text/plain":
        return True
    parts = urlsplit(url)
    return parts.scheme == "file" and parts.path.lower().endswith(".txt")


def first_line_title(text: str) -> str | None:
    """The first non-empty line, whitespace-trimmed: a plain-text article's headline."""
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return None
