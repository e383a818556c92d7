"""MinHash signatures of article texts (datasketch), stored with each document.

A document's signature is the MinHash of its set of word shingles: lower-cased ``\\w+``
tokens, SHINGLE_WORDS at a time. Two copies of a syndicated story share most shingles
whatever template, headline or boilerplate line surrounds them, so the Jaccard similarity
the signatures estimate stays high; two stories on the same topic share names and
phrases but few runs of SHINGLE_WORDS words.

The constants were chosen with bench/story_threshold.py on the news-dev pages (real
articles, their syndicated variants and same-topic pairs; docs/EVALUATION.md "Stories"):
- SHINGLE_WORDS = 5: with 3-word shingles same-topic pairs reached a Jaccard of 0.05 and
  common phrases ("said in a statement that") are shared by unrelated texts; with 5 no
  distinct pair passed 0.02 while a copy with a paragraph cut and a new headline and
  boilerplate stayed above 0.6.
- NUM_PERM = 128: the estimate's standard error at the threshold is about
  sqrt(J(1-J)/128) = 0.04, small beside the gap between copies and distinct articles;
  a signature is 512 bytes per document.
- STORY_THRESHOLD = 0.5: every variant pair of the bench matched (recall 1.0) and no
  distinct pair did (precision 1.0) anywhere from 0.2 to 0.6; 0.5 keeps copies that cut or
  add up to a third of the text while leaving a wide margin over distinct articles.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import LeanMinHash, MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
STORY_THRESHOLD = 0.5
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
    return signature(text).hashvalues.astype("<u4").tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature back as a LeanMinHash (for MinHashLSH and jaccard)."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
