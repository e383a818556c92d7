"""MinHash signatures of article texts (datasketch), stored with each document.

A document's signature is the MinHash of its set of word shingles: lower-cased ``\\w+``
tokens, SHINGLE_WORDS at a time. Two copies of a syndicated story share most shingles
whatever template, headline or boilerplate line surrounds them, so the Jaccard similarity
the signatures estimate stays high; two stories on the same topic share names and
phrases but few runs of SHINGLE_WORDS words.

The constants were chosen with bench/story_threshold.py on the news-dev pages: 61 real
articles, 366 syndicated copies derived from them (new headline and boilerplate, a
paragraph cut or added, another extraction of the page) and 25,620 pairs that must not
match (distinct pages, two stories on the same news, two articles in one site's
template); figures in docs/EVALUATION.md "Stories".
- SHINGLE_WORDS = 5: of 3, 4, 5 and 7 words it separates distinct articles best (exact
  Jaccard at most 0.043 between distinct pages, 0.013 between stories on the same news,
  against 0.051 and 0.030 with 3 words) while copies stay high (0.45 or more for another
  extraction or a new headline and boilerplate; 0.30 for a short article with a cut, an
  added paragraph and the boilerplate together).
- NUM_PERM = 128: the estimate's standard error near the threshold is about
  sqrt(J(1-J)/128) = 0.04; 256 did not match more copies, 64 was noisier (a miss at 0.3).
  A signature is 512 bytes per document.
- STORY_THRESHOLD = 0.4: precision 1.000 and recall 0.986 (361 of 366 copies; 4 of the
  5 misses are short articles that got the three lines of boilerplate, a cut and an
  added paragraph at once, the fifth a gold body whose estimate fell just below). At 0.3
  every copy matched, but two distinct short articles in one template reach 0.24, a
  standard error or two below it; at 0.2 those merged (7 false matches). A wrong merge
  hides a story from every count, a miss only counts a copy twice as before, so the
  threshold keeps the margin on the side of distinct articles.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import LeanMinHash, MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
STORY_THRESHOLD = 0.4
# Fixed so that a signature stored today compares with one computed next year: the
# permutations are drawn from this seed, with this scheme (datasketch's default in 2.x,
# named so that a new default cannot silently change what is stored).
SEED = 1
SCHEME = "affine32"

_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of ``size``-word shingles of ``text`` (a shorter text is one shingle)."""
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) <= size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def signature(text: str, *, size: int = SHINGLE_WORDS, num_perm: int = NUM_PERM) -> LeanMinHash:
    """The MinHash of the text's shingles."""
    minhash = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    minhash.update_batch(sorted(shingles(text, size)))
    return LeanMinHash(minhash)


def minhash_bytes(text: str) -> bytes:
    """The signature as stored in documents.minhash: its hash values, little-endian
    unsigned 32-bit integers (NUM_PERM x 4 bytes)."""
    values: np.ndarray = signature(text).hashvalues
    return values.astype("<u4").tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature back as a LeanMinHash (for MinHashLSH and jaccard)."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
