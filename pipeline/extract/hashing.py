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


def content_hash(text: str, folded: str | None = None) -> str:
    """sha256 hex of the whitespace-folded text (see normalise_for_hash).

    ``folded``: fold_whitespace(text), when the caller has it already. Text that is
    already NFC (is_normalized is a fast check; extracted text nearly always is)
    then needs no second fold.
    """
    if folded is None or not unicodedata.is_normalized("NFC", text):
        folded = normalise_for_hash(text)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
