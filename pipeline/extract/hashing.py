"""The content hash that de-duplicates articles across URLs and days."""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_for_hash(text: str) -> str:
    """Fold the differences that do not make a different article.

    NFC (so a composed and a decomposed "é" are equal), every run of Unicode whitespace
    (including newlines and no-break spaces) to one space, and strip the ends. Case and
    punctuation are kept: two texts differing in those are different texts to quote from.
    """
    return fold_whitespace(unicodedata.normalize("NFC", text))


def fold_whitespace(text: str) -> str:
    """Every run of Unicode whitespace to one space, ends stripped.

    str.split() and the regex ``\\s`` use the same whitespace test, so this equals
    ``re.sub(r"\\s+", " ", text).strip()``; it is twice as fast.
    """
    return " ".join(text.split())


def content_hash(text: str) -> str:
    """sha256 hex of the whitespace-folded text (see normalise_for_hash)."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()
