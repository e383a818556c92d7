"""Which stored story a new document is a copy of: MinHash LSH over stored signatures.

A day's new documents are matched against the signatures stored for the STORY_WINDOW_DAYS
days before it and for the day itself (other sources' documents), held in one in-memory
datasketch MinHashLSH index: each lookup touches only the index's buckets, so a day of
10k documents costs 10k lookups, not 10k x (documents stored) comparisons. A lookup's
candidates are confirmed with the signatures' estimated Jaccard similarity (LSH lets a few
pairs below the threshold through).

"First copy seen", deterministically: the new documents are taken in doc_id order, each
inserted into the index once matched, and a document that matches takes the story_id of
its earliest match by (partition_date, doc_id). An original keeps its own doc_id. Only
documents of earlier days and of the day itself are matched, never of later days, so a
rerun of a day gives the story_ids it gave the first time (a later day's copies keep
pointing at this day's documents, whose doc_ids do not change).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from datasketch import LeanMinHash, MinHashLSH

from pipeline.stories.signatures import NUM_PERM, STORY_THRESHOLD, from_bytes

# How far back a copy finds its story. Syndicated wire copy runs within a day or two of
# the original; a week also covers a weekly roundup, and bounds the index a day loads to
# a week of signatures (70k documents of 512 bytes at 10k documents a day).
STORY_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class StoredDocument:
    """A document already stored: a story a new document can belong to."""

    doc_id: str
    story_id: str
    partition_date: date
    minhash: bytes


@dataclass(frozen=True)
class Candidate:
    """A document the run is about to store."""

    doc_id: str
    minhash: bytes


def assign_story_ids(
    candidates: Iterable[Candidate],
    stored: Iterable[StoredDocument],
    day: date,
    *,
    threshold: float = STORY_THRESHOLD,
) -> dict[str, str]:
    """doc_id -> story_id for every candidate, stored on ``day`` (see the module doc)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures: dict[str, LeanMinHash] = {}
    seen: dict[str, tuple[date, str]] = {}  # doc_id -> (partition_date, story_id)

    def add(doc_id: str, minhash: LeanMinHash, when: date, story_id: str) -> None:
        if doc_id in seen:
            return
        seen[doc_id] = (when, story_id)
        if not minhash.is_empty():  # an empty text resembles nothing
            signatures[doc_id] = minhash
            lsh.insert(doc_id, minhash)

    for document in stored:
        add(
            document.doc_id,
            from_bytes(document.minhash),
            document.partition_date,
            document.story_id,
        )
    stories: dict[str, str] = {}
    for candidate in sorted(candidates, key=lambda c: c.doc_id):
        minhash = from_bytes(candidate.minhash)
        matches = (
            []
            if minhash.is_empty()
            else [
                key
                for key in lsh.query(minhash)
                if key != candidate.doc_id and minhash.jaccard(signatures[key]) >= threshold
            ]
        )
        if matches:
            first = min(matches, key=lambda key: (seen[key][0], key))
            story_id = seen[first][1]
        else:
            story_id = candidate.doc_id
        stories[candidate.doc_id] = story_id
        add(candidate.doc_id, minhash, day, story_id)
    return stories
