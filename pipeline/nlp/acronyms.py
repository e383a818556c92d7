"""Acronyms introduced in parentheses: "National Resistance Front (NRF)".

Found on the tokens, not on the model's entity spans: a small model often tags only part
of the long form, or the acronym as a different type, and the definition pattern is
reliable on its own when the acronym's capitals are the initials of the words before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.nlp.names import is_acronym

# Lower-case words allowed inside a long form without contributing a letter:
# "United Nations Assistance Mission *in* Afghanistan (UNAMA)".
_CONNECTORS = frozenset({"of", "for", "in", "on", "and", "&", "the", "de", "-", "al", "el"})
_PARENTHESISED = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9&\-]{1,11})\s*\)")


@dataclass(frozen=True, slots=True)
class AcronymDefinition:
    acronym: str
    long_start: int  # character offsets of the long form
    long_end: int
    short_start: int  # character offsets of the acronym inside the parentheses
    short_end: int


def _initials(acronym: str) -> list[str]:
    return [ch for ch in acronym if ch.isupper()]


def find_definitions(doc: Doc) -> list[AcronymDefinition]:
    """Every "Long Form Words (LFW)" in the text whose initials spell the acronym."""
    found = []
    for match in _PARENTHESISED.finditer(doc.text):
        acronym = match.group(1)
        if not is_acronym(acronym):
            continue
        paren = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand")
        if paren is None or paren.start == 0:
            continue
        start = _long_form_start(doc, paren.start, _initials(acronym))
        if start is None:
            continue
        long_start = doc[start].idx
        last = doc[paren.start - 1]
        found.append(
            AcronymDefinition(
                acronym=acronym,
                long_start=long_start,
                long_end=last.idx + len(last.text),
                short_start=match.start(1),
                short_end=match.end(1),
            )
        )
    return found


def _long_form_start(doc: Doc, paren_index: int, initials: list[str]) -> int | None:
    """Index of the first token of the long form ending before ``paren_index``, or None.

    Walks back over capitalised words matching the initials from the last one, skipping
    connectors once inside the name. Every initial must be matched; otherwise the
    parenthesis is not a definition (e.g. "(AFP)" after a sentence).
    """
    pending = len(initials) - 1
    index = paren_index - 1
    start: int | None = None
    while index >= 0 and pending >= 0:
        token = doc[index]
        word = token.text
        if word[:1] == initials[pending]:
            start = index
            pending -= 1
        elif start is not None and word.lower() in _CONNECTORS:
            pass
        else:
            return None
        index -= 1
    return start if pending < 0 else None


def acronym_occurrences(text: str, acronym: str) -> list[tuple[int, int]]:
    """Character spans of the acronym as a whole word (case-sensitive: "NRF", not "nrf")."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
