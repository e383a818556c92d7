"""Why a fetched page produced no document: a short status code plus a readable reason.

The documents stage copies ``status`` and ``reason`` into ``fetch_log``, so the status
is a short stable code an analyst can group by and the reason is one readable line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Status codes land in fetch_log.status, so they stay short and stable.
EMPTY: Final = "empty"  # no bytes, only whitespace, or no article found in the page
NOT_HTML: Final = "not_html"  # binary or a content type we do not read (PDF, image, ...)
TOO_SHORT: Final = "too_short"  # an article was found but is too short to hold a claim
ENCODING: Final = "encoding"  # the bytes cannot be decoded to text sensibly
NOT_FETCHED: Final = "not_fetched"  # the FetchResult was itself a failure or had no body
EXTRACTOR_ERROR: Final = "extractor_error"  # the HTML extractor crashed on this page


@dataclass(frozen=True, slots=True)
class ExtractionFailure:
    """A page that yields no article; ``status`` is one of the codes above."""

    status: str
    reason: str
