"""The language of a document as a two-letter ISO 639-1 code, or None.

Two signals: what the page declares (<html lang>, og:locale, Content-Language meta,
trafilatura's metadata) and what a character n-gram identifier (py3langid) reads in the
text. Templates often declare a site-wide language that is wrong for a given page, so
on a text long enough to judge, a confident identification wins; on short text, or when
the identifier is unsure, the declaration wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

# Below this many characters the n-gram identifier is unreliable (a headline plus a
# sentence); measured guidance from langid.py's authors is "a few sentences".
MIN_CHARS_TO_IDENTIFY = 200
# Normalised probability the identifier must reach to overrule a declared language.
MIN_CONFIDENCE = 0.95
# Identification reads only the opening of a long article: its cost grows with the
# length read, while its answer settles within a paragraph or two. With 2000
# characters every language decision on news-dev, the generated pages and samples/ is
# the one 5000 gave; shorter openings flipped the Indonesian page to Malay (a pair the
# identifier confuses at any length: at 4000 characters it says Malay too).
IDENTIFY_CHARS = 2000

_CODE = re.compile(r"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$")


def normalise_code(value: str | None) -> str | None:
    """'en-GB', 'de_DE', 'ES' -> 'en', 'de', 'es'; anything else (eng, x-default) -> None."""
    match = _CODE.match(value or "")
    return match.group(1).lower() if match else None


def declared_language(*candidates: str | None) -> str | None:
    """The first usable declaration, in the order given (most trusted first)."""
    for candidate in candidates:
        code = normalise_code(candidate)
        if code:
            return code
    return None


@lru_cache(maxsize=1)
def _identifier() -> Any:  # py3langid ships no type hints
    # Loaded once, lazily: unpickling the model takes ~0.3 s.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


@dataclass(frozen=True, slots=True)
class _Scanner:
    """py3langid's feature scanner, prepared for vectorised counting.

    py3langid counts its features (byte n-grams) with an Aho-Corasick automaton run in a
    Python loop over every byte of the text, ~0.4 ms per 1000 bytes. The automaton's
    state after a byte is the longest suffix of the text so far that is a node of its
    trie, and the trie is only ``depth`` (4) bytes deep, so that state depends on the
    last ``depth`` bytes alone: running the automaton from its start over each window
    of ``depth`` bytes, all windows at once with numpy, gives every state of the
    sequential run. Counting the states and adding up each state's output features then
    gives py3langid's exact feature counts (tests/extract checks this against
    instance2fv), 8x faster on a 2000-character sample (1.0 ms -> 0.12 ms).
    """

    nextmove: np.ndarray  # (states, 256): the automaton's transition table
    depth: int  # length of the longest trie path, i.e. of the longest n-gram
    output_states: np.ndarray  # with output_features: state -> feature, one pair a row
    output_features: np.ndarray
    features: int


@lru_cache(maxsize=1)
def _scanner() -> _Scanner:
    model = _identifier()
    nextmove = np.frombuffer(model.tk_nextmove, dtype=np.dtype(model.tk_nextmove.typecode))
    nextmove = nextmove.reshape(-1, 256)
    # Breadth-first from the start state: the level at which no new state appears is
    # one past the trie's depth (a state is first reached by exactly its trie path).
    reached = np.zeros(len(nextmove), dtype=bool)
    reached[0] = True
    frontier, depth = np.array([0]), 0
    while True:
        targets = np.unique(nextmove[frontier])
        frontier = targets[~reached[targets]]
        if frontier.size == 0:
            break
        reached[frontier] = True
        depth += 1
    pairs = [(state, feature) for state, out in model.tk_output.items() for feature in out]
    states, features = zip(*pairs, strict=True)
    return _Scanner(
        nextmove=nextmove,
        depth=depth,
        output_states=np.array(states, dtype=np.intp),
        output_features=np.array(features, dtype=np.intp),
        features=model.nb_numfeats,
    )


def feature_counts(sample: str) -> np.ndarray:
    """py3langid's instance2fv(sample), computed with numpy: counts of every feature."""
    scan = _scanner()
    data = np.frombuffer(sample.encode("utf-8", errors="surrogatepass"), dtype=np.uint8)
    size = data.size
    # state[i]: the automaton after byte i, run from the start over bytes i-depth+1..i
    # (over bytes 0..i near the beginning).
    state = np.zeros(size, dtype=np.intp)
    for back in range(scan.depth - 1, -1, -1):
        if back < size:
            state[back:] = scan.nextmove[state[back:], data[: size - back]]
    per_state = np.bincount(state, minlength=len(scan.nextmove))
    counts = np.bincount(
        scan.output_features, weights=per_state[scan.output_states], minlength=scan.features
    )
    return counts.astype(np.uint16)  # py3langid's count type, so the scores below match


def identify(text: str) -> tuple[str | None, float]:
    """(code, probability) from the text alone; (None, 0.0) when there is too little text."""
    sample = text[:IDENTIFY_CHARS]
    if len(sample.strip()) < MIN_CHARS_TO_IDENTIFY:
        return None, 0.0
    # py3langid's classify() multiplies the dense count vector (7480 features, uint16)
    # with the float32 weight matrix, a mixed-type product numpy runs without BLAS:
    # ~6 ms a call whatever the text. Only a few hundred features occur in a sample, so
    # the same product restricted to those rows drops only zero terms. classify() then
    # normalises every language's score against every other (a 97 x 97 matrix of
    # exponentials) to report one probability: the best language's alone is the same
    # row of that matrix. Together: bit-identical probabilities on all 376 pages of
    # news-dev, samples/ and the 300 generated pages, at a small fraction of the cost.
    model = _identifier()
    counts = feature_counts(sample)
    seen = counts.nonzero()[0]
    scores = counts[seen] @ model.nb_ptc[seen] + model.nb_pc
    best = int(scores.argmax())
    with np.errstate(over="ignore"):  # exp overflow -> inf -> probability 0, as in py3langid
        probability = 1 / np.exp(scores - scores[best]).sum()
    return normalise_code(model.nb_classes[best]), float(probability)


def choose_language(text: str, declared: str | None) -> str | None:
    identified, confidence = identify(text)
    if identified and (confidence >= MIN_CONFIDENCE or declared is None):
        return identified
    return declared
