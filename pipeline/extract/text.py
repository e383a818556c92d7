"""Plain-text articles: stored verbatim so character offsets match the file."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_plain_text(url: str, content_type: str | None) -> bool:
    """text/plain by header, or a local file:// path ending in .txt."""
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
