"""Stories: near-duplicate documents (syndicated wire copy) grouped under one story_id.

signatures.py turns a text into a MinHash signature; matching.py gives each new
document the story_id of the earliest stored copy it resembles, or its own doc_id.
"""

from pipeline.stories.matching import Candidate, StoredDocument, assign_story_ids
from pipeline.stories.signatures import (
    NUM_PERM,
    SHINGLE_WORDS,
    STORY_THRESHOLD,
    minhash_bytes,
    signature,
)

__all__ = [
    "NUM_PERM",
    "SHINGLE_WORDS",
    "STORY_THRESHOLD",
    "Candidate",
    "StoredDocument",
    "assign_story_ids",
    "minhash_bytes",
    "signature",
]
