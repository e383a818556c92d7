"""Acronyms introduced in parentheses: "National Resistance Front (NRF)", or the other
way round, "NRF (National Resistance Front)".

Found on the tokens, not on the model's entity spans: a small model often tags only part
of the long form, or the acronym as a different type, and the definition pattern is
reliable on its own when the acronym's capitals are the initials of the words before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.nlp.names import is_acronym
from pipeline.nlp.paragraphs import doc_text

# Lower-case words allowed inside a long form without contributing a letter:
# "United Nations Assistance Mission *in* Afghanistan (UNAMA)".
_CONNECTORS = frozenset({"of", "for", "in", "on", "and", "&", "the", "de", "-", "al", "el"})
_PARENTHESISED = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9&\-]{1,11})\s*\)")
# "NRF (National Resistance Front)": an acronym-shaped word, then a parenthesis of at most
# 12 words (no long form we know of is longer; a longer aside is not a definition).
_EXPANDED = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9&\-]{1,11})\s*\(\s*([^()\n]{3,160}?)\s*\)")
_MAX_LONG_FORM_WORDS = 12


@dataclass(frozen=True, slots=True)
class AcronymDefinition:
    acronym: str
    long_start: int  # character offsets of the long form
    long_end: int
    short_start: int  # character offsets of the acronym inside the parentheses
    short_end: int


def _expanded_definitions(doc: Doc) -> list[AcronymDefinition]:
    """Every "LFW (Long Form Words)" whose parenthesis spells the acronym before it."""
    found = []
    for match in _EXPANDED.finditer(doc_text(doc)):
        acronym, inner = match.group(1), match.group(2)
        words = inner.split()
        if not is_acronym(acronym) or len(words) > _MAX_LONG_FORM_WORDS:
            continue
        if _spells(words, _initials(acronym)):
            found.append(
                AcronymDefinition(
                    acronym=acronym,
                    long_start=match.start(2),
                    long_end=match.end(2),
                    short_start=match.start(1),
                    short_end=match.end(1),
                )
            )
    return found


def _spells(words: list[str], initials: list[str]) -> bool:
    """True when the capitalised words, in order, start with exactly ``initials`` and
    everything else is a connector ("Mission in Afghanistan")."""
    pending = list(initials)
    for word in words:
        if pending and word[:1] == pending[0]:
            pending.pop(0)
        elif word.lower() not in _CONNECTORS:
            return False
    return not pending and words[0][:1] == initials[0] and words[-1][:1].isupper()


def _initials(acronym: str) -> list[str]:
    return [ch for ch in acronym if ch.isupper()]


def find_definitions(doc: Doc) -> list[AcronymDefinition]:
    """Every "Long Form Words (LFW)" and "LFW (Long Form Words)" in the text whose
    initials spell the acronym."""
    found = []
    for match in _PARENTHESISED.finditer(doc_text(doc)):
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
    return found + _expanded_definitions(doc)


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
