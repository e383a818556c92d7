"""Character spans of speakers and contents, cut from parse subtrees."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.claims.lexicon import EDGE_TRIM_LOWER
from pipeline.nlp.labels import has_dep

# Dependents that belong to a speaker's noun phrase ("the NRF leader Ahmad Massoud",
# "Taliban's spokesman"); everything else (appositions, relative clauses, "of" phrases)
# is left out so the speaker reads as a name or a short role.
SPEAKER_NP_DEPS = frozenset(
    {
        "det",
        "compound",
        "flat",
        "flat:name",
        "amod",
        "poss",
        "nmod:poss",
        "case",
        "nummod",
        "nn",
        "prt",
    }
)


def speaker_tokens(head: Token) -> list[Token]:
    """The head with its noun-phrase dependents (recursively), contiguous around the head."""
    keep = {head.i}
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if has_dep(child, SPEAKER_NP_DEPS) and child.i not in keep:
                keep.add(child.i)
                stack.append(child)
    # Keep only the contiguous run around the head, so a misattached far token never
    # stretches the span across the sentence.
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    doc = head.doc
    tokens = [doc[i] for i in range(lo, hi + 1)]
    # Edge whitespace and punctuation are never part of a name ("\n\nZabiullah Mujahid").
    # "According to NRF": the preposition is the cue, not part of the source's name.
    if len(tokens) > 2 and tokens[0].lower_ == "according" and tokens[1].lower_ == "to":
        tokens = tokens[2:]
    while len(tokens) > 1 and (tokens[0].is_space or tokens[0].is_punct or tokens[0].pos_ == "ADP"):
        tokens.pop(0)  # a leading preposition ("from his doctor") is not part of a name
    while len(tokens) > 1 and (tokens[-1].is_space or tokens[-1].is_punct):
        tokens.pop()
    while tokens and tokens[-1].text in ("'s", "’s", "'", "’") and len(tokens) > 1:
        tokens.pop()
    return tokens


def char_span(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def subtree_range(token: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    """First and last token index of ``token``'s subtree (minus an excluded subtree)."""
    indices = [t.i for t in token.subtree if not exclude or t.i not in exclude]
    return min(indices), max(indices)


def trim_tokens(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Token range without edge punctuation, complementisers and spaces; None when empty."""
    # Each doc[i] builds a new Token object, so every edge token is fetched once.
    while lo <= hi:
        t = doc[lo]
        if not (t.is_space or t.lower_ in EDGE_TRIM_LOWER or (t.is_punct and not _is_quote(t))):
            break
        lo += 1
    while hi >= lo:
        t = doc[hi]
        if not (
            t.is_space
            or t.lower_ in EDGE_TRIM_LOWER
            or (t.is_punct and not _is_quote(t) and t.text not in ".!?")
        ):
            break
        hi -= 1
    # A trailing sentence stop stays only when the span ends a quoted sentence.
    while hi >= lo and doc[hi].text in ".!?" and not (hi > lo and _is_quote(doc[hi - 1])):
        hi -= 1
    return (lo, hi) if lo <= hi else None


def _is_quote(token: Token) -> bool:
    return token.text in QUOTE_CHARS


QUOTE_CHARS = frozenset({'"', "“", "”", "«", "»", "„", "‘", "’", "''", "``"})


def token_chars(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)
