"""Attributions marked by layout rather than by a verb.

* A quotation followed by a dash and a name: "“…” ― Martha Aguilar" (reader comments,
  epigraphs, quote collections). Cue "―".
* A speaker label and a colon at the start of a paragraph: transcripts ("PENCE: Well,
  look, …") and headline style ("Sanders: Clinton needs to …"). Cue ":". The label must
  be short and look like a name (every word capitalised), so "Note:" style labels with a
  lower-case word, or a sentence that happens to contain a colon, do not qualify.

These only add claims where the verb rules found none (extract.py checks overlap).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.claims.lexicon import NOT_SPEAKERS
from pipeline.claims.quotes import Quote

# Dashes used to sign a quotation.
_DASH_NAME = re.compile(r"[ \t]*[―—–][ \t]*(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,4})")
# "PENCE:" / "Rush Limbaugh:" / "Sen. Warren:" at a paragraph start, after an optional
# opening quote mark (transcripts quoted whole). Up to four capitalised words.
_LABEL = re.compile(
    r"(?m)^[ \t]*[\"“]?(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*:[ \t]+(?=\S)"
)


@dataclass(frozen=True, slots=True)
class LayoutClaim:
    speaker_start: int
    speaker_end: int
    content_start: int
    content_end: int
    cue: str


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and (text[lo].isspace() or text[lo] in '"“'):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in '"”'):
        hi -= 1
    return lo, hi


def layout_claims(text: str, quotes: list[tuple[int, int, Quote]]) -> list[LayoutClaim]:
    found: list[LayoutClaim] = []
    for qlo, qhi, quote in quotes:
        match = _DASH_NAME.match(text, quote.end)
        if match and len(text[qlo:qhi].split()) >= 3:
            found.append(LayoutClaim(match.start("name"), match.end("name"), qlo, qhi, "―"))
    for match in _LABEL.finditer(text):
        name = match.group("name")
        if name.split()[0].lower().rstrip(".") in NOT_SPEAKERS:
            continue
        lo, hi = _trim(text, match.end(), _line_end(text, match.end()))
        if len(text[lo:hi].split()) >= 3:
            found.append(LayoutClaim(match.start("name"), match.end("name"), lo, hi, ":"))
    return found
