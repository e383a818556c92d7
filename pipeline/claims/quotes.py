"""Direct quotations found in the raw text, including quotes that run over paragraphs.

Quote marks recognised: curly “…”, guillemets «…», „…“, straight "…", and the doubled
apostrophes ''…'' (and ``…'') some wire and newspaper archives use for double quotes.
Single quotes (‘…’) are nested quotations inside a quote and are not tracked on their own:
they are indistinguishable from apostrophes.

News convention: a quotation that continues into the next paragraph leaves its closing
mark off at the end of the paragraph and opens the next paragraph with a fresh opening
mark. Such parts are chained into one quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Marks and what they do: open a quotation, close one, or toggle (straight quotes).
_MARK = re.compile(r"``|''|[“«„\"”»]")
_OPEN = frozenset({"“", "«", "„", "``"})
_CLOSE = frozenset({"”", "»"})
_TOGGLE = frozenset({'"', "''"})
# Longest quotation we accept as one: a run-away opening mark (a typo, an inch sign)
# must not swallow the rest of a long article.
MAX_QUOTE_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just past the closing mark (or the paragraph end)

    def inner(self, text: str) -> tuple[int, int]:
        """Offsets of the quoted words without the marks and surrounding space."""
        match = _MARK.match(text, self.start)
        lo = self.start + (len(match.group()) if match else 1)
        hi = self.end
        for mark in ("''", "”", "»", '"', "“"):
            if hi - len(mark) >= lo and text.endswith(mark, lo, hi):
                hi -= len(mark)
                break
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        return lo, hi


def _is_apostrophe_pair(text: str, at: int) -> bool:
    """'' glued between letters ("rock''n") is not a quote mark."""
    return at > 0 and at + 2 < len(text) and text[at - 1].isalnum() and text[at + 2].isalnum()


def _opens_like(text: str, at: int, after: int, start: int) -> bool:
    """A mark at the start of a word (after a space or the paragraph start, before a
    letter) opens a quotation whatever its shape."""
    before_ok = at == start or text[at - 1].isspace()
    return before_ok and after < len(text) and text[after].isalnum()


def _paragraph_quotes(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(open, close, closed) quote spans in one paragraph."""
    found: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for match in _MARK.finditer(text, start, end):
        mark, at = match.group(), match.start()
        if mark == "''" and _is_apostrophe_pair(text, at):
            continue
        if mark in _CLOSE and open_at is None and _opens_like(text, at, match.end(), start):
            mark = "“"  # a closing mark typed where a quote opens: ” at a word's start
        if open_at is None and (mark in _OPEN or mark in _TOGGLE):
            open_at = at
        elif open_at is not None and (mark in _CLOSE or mark in _TOGGLE):
            found.append((open_at, match.end(), True))
            open_at = None
        elif open_at is not None and mark in _OPEN:
            open_at = at  # an unclosed mark followed by a new opening: restart there
    if open_at is not None:
        found.append((open_at, end, False))
    return found


def find_quotes(text: str) -> list[Quote]:
    """Quotations in ``text``, chained across paragraphs, in text order."""
    quotes: list[Quote] = []
    pending: tuple[int, int] | None = None  # an unclosed quote waiting for its next part
    pos = 0
    length = len(text)
    while pos <= length:
        nl = text.find("\n", pos)
        end = length if nl < 0 else nl
        stripped = pos
        while stripped < end and text[stripped].isspace():
            stripped += 1
        if stripped < end:  # a non-empty paragraph
            parts = _paragraph_quotes(text, stripped, end)
            continues = pending is not None and bool(parts) and parts[0][0] == stripped
            if pending is not None and not continues:
                quotes.append(Quote(*pending))
                pending = None
            for k, (qs, qe, closed) in enumerate(parts):
                if k == 0 and continues and pending is not None:
                    qs = pending[0]
                    pending = None
                if closed or k < len(parts) - 1:
                    quotes.append(Quote(qs, qe))
                else:
                    pending = (qs, qe)
        if nl < 0:
            break
        pos = nl + 1
    if pending is not None:
        quotes.append(Quote(*pending))
    return [q for q in quotes if 2 < q.end - q.start <= MAX_QUOTE_CHARS]
