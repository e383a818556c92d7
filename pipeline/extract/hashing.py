"""The content hash that de-duplicates articles across URLs and days."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """Fold the differences that do not make a different article.

    NFC (so a composed and a decomposed "é" are equal), every run of Unicode whitespace
    (including newlines and no-break spaces) to one space, and strip the ends. Case and
    punctuation are kept: two texts differing in those are different texts to quote from.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """sha256 hex of the whitespace-folded text (see normalise_for_hash)."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()
