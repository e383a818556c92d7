"""Direct quotations found in the raw text, including quotes that run over paragraphs.

News convention: a quotation that continues into the next paragraph leaves its closing
mark off at the end of the paragraph and opens the next paragraph with a fresh opening
mark. Such parts are chained into one quotation.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENING = frozenset("“«„")
CLOSING = frozenset("”»")
STRAIGHT = '"'
# Longest quotation we accept as one: a run-away opening mark (a typo, an inch sign)
# must not swallow the rest of a long article.
MAX_QUOTE_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just past the closing mark (or the paragraph end)

    def inner(self, text: str) -> tuple[int, int]:
        """Offsets of the quoted words without the marks."""
        lo, hi = self.start + 1, self.end
        if hi > lo and text[hi - 1] in CLOSING | {STRAIGHT}:
            hi -= 1
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        return lo, hi


def _paragraph_quotes(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(open, close, closed) quote spans in one paragraph."""
    found: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if open_at is None and (ch in OPENING or ch == STRAIGHT):
            open_at = i
        elif open_at is not None and (ch in CLOSING or ch == STRAIGHT):
            found.append((open_at, i + 1, True))
            open_at = None
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
        para_start = pos
        stripped = para_start
        while stripped < end and text[stripped].isspace():
            stripped += 1
        if stripped < end:  # a non-empty paragraph
            parts = _paragraph_quotes(text, stripped, end)
            continues = pending is not None and parts and parts[0][0] == stripped
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
    return [q for q in quotes if q.end - q.start <= MAX_QUOTE_CHARS and q.end - q.start > 2]
