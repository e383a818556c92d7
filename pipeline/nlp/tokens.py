"""Finding the few tokens a rule cares about without visiting every token in Python.

The rules look at a handful of tokens per document — verbs for reporting cues, proper
nouns for untagged names, quote marks, "according" — but a ``for token in doc`` loop
builds a Python Token object for every word of the document to check one attribute.
``Doc.to_array`` reads that attribute for all tokens in one C call, and numpy picks the
matching indices; the rule then builds Tokens only for those.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.tokens import Doc


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
