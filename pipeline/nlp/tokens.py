"""Finding the few tokens a rule cares about without visiting every token in Python.

The rules look at a handful of tokens per document — verbs for reporting cues, proper
nouns for untagged names, quote marks, "according" — but a ``for token in doc`` loop
builds a Python Token object for every word of the document to check one attribute.
``Doc.to_array`` reads that attribute for all tokens in one C call, and numpy picks the
matching indices; the rule then builds Tokens only for those.

Sentences likewise: ``Token.sent`` scans for both boundaries and builds two Spans on
every access (some 15 µs, more than anything else a rule does with a token), and the
rules ask for the sentence of a token again and again. The sentence starts are read
once per Doc and a token's sentence is a bisect.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc

SENT_STARTS = "newsclaims_sent_starts"


class Bounds(NamedTuple):
    """Token indices of a sentence: ``start`` and ``end`` (exclusive), as on a Span."""

    start: int
    end: int


def indices_where(doc: Doc, attr: int, values: Iterable[str]) -> list[int]:
    """Indices, in order, of the tokens whose ``attr`` (spacy.attrs: POS, ORTH, LOWER, …)
    is one of ``values`` (strings: "VERB", "according", "“")."""
    # StringStore maps a string to the id spaCy stores for it (a symbol id for symbols
    # such as "VERB", else the string's hash) without adding it to the store.
    column = doc.to_array(attr)
    mask = np.zeros(len(column), dtype=bool)
    # One comparison per value: np.isin's set machinery costs more than it saves for
    # the few values asked for here.
    for value in values:
        mask |= column == doc.vocab.strings[value]
    return np.flatnonzero(mask).tolist()


def sentence_starts(doc: Doc) -> list[int]:
    """Index of the first token of every sentence, in order: the ``start`` of each span
    ``doc.sents`` yields. Read once per Doc and kept in ``doc.user_data`` (the parse does
    not change once the rules run)."""
    starts = doc.user_data.get(SENT_STARTS)
    if starts is None:
        if "sents" in doc.user_hooks or "sent" in doc.user_span_hooks:
            starts = [sent.start for sent in doc.sents]  # a custom segmentation decides
        else:
            for _ in doc.sents:  # raises as doc.sents does for a Doc without boundaries
                break
            # doc.sents: a sentence at 0 and at every later token whose sent_start is 1.
            column = doc.to_array(SENT_START)
            starts = [0, *(np.flatnonzero(column[1:] == 1) + 1).tolist()] if len(doc) else []
        doc.user_data[SENT_STARTS] = starts
    return starts


def sentence_bounds(doc: Doc, i: int) -> Bounds:
    """The sentence holding token ``i``: ``doc[i].sent``'s ``start`` and ``end`` (also
    ``span.sent``'s for a span starting at ``i``)."""
    starts = sentence_starts(doc)
    k = bisect_right(starts, i) - 1
    return Bounds(starts[k], starts[k + 1] if k + 1 < len(starts) else len(doc))
