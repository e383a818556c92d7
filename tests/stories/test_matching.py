"""assign_story_ids: the earliest match's story, deterministically, without later days."""

from __future__ import annotations

from datetime import date

from pipeline.stories import Candidate, StoredDocument, assign_story_ids, minhash_bytes
from pipeline.stories.signatures import from_bytes, signature

DAY = date(2026, 5, 4)
STORY = " ".join(
    f"Paragraph {n} of the wire story says the council met on day {n} to discuss item {n * 7}."
    for n in range(30)
)
COPY = "A different headline\n" + STORY.rsplit(" Paragraph 29", 1)[0]
OTHER = " ".join(
    f"An unrelated report, sentence {n}, about harbour fees rising." for n in range(30)
)


def test_a_copy_joins_the_earliest_stored_match() -> None:
    stored = [
        StoredDocument("b-later-copy", "a-original", date(2026, 5, 3), minhash_bytes(STORY)),
        StoredDocument("a-original", "a-original", date(2026, 5, 1), minhash_bytes(STORY)),
    ]
    got = assign_story_ids(
        [Candidate("z-copy", minhash_bytes(COPY)), Candidate("y-other", minhash_bytes(OTHER))],
        stored,
        DAY,
    )
    assert got == {"z-copy": "a-original", "y-other": "y-other"}


def test_copies_of_the_day_take_the_smallest_doc_id_whatever_the_input_order() -> None:
    docs = [Candidate("c2", minhash_bytes(COPY)), Candidate("c1", minhash_bytes(STORY))]
    assert assign_story_ids(docs, [], DAY) == {"c1": "c1", "c2": "c1"}
    assert assign_story_ids(list(reversed(docs)), [], DAY) == {"c1": "c1", "c2": "c1"}


def test_a_signature_survives_storage() -> None:
    assert from_bytes(minhash_bytes(STORY)).jaccard(signature(STORY)) == 1.0
    assert len(minhash_bytes(STORY)) == 512
