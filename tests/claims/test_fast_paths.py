"""The claim rules' fast paths give what their plain definitions give (issue #5).

Each shortcut taken for CPU time — a search started where a match can begin, a scan of
the quote marks only, verb lemmas from attribute ids, a bisect over mention offsets — is
checked against the straightforward form it replaced, on hand-made and generated input.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.claims.cues import lemma, verb_lemma
from pipeline.claims.evidence_text import (
    _CLOSE_QUOTES,
    _OPEN_QUOTES,
    _TOGGLE_QUOTES,
    _WORD_BEFORE,
    _quoted_tokens,
    _word_before,
)
from pipeline.claims.speakers import SpeakerResolver
from pipeline.nlp.labels import PERSON, PLACE
from pipeline.records import Mention

VOCAB = spacy.blank("en").vocab


def _match(found: re.Match[str] | None) -> tuple[tuple[int, int], str] | None:
    return None if found is None else (found.span(), found.group(1))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab.Z \t\n-,", max_size=14), st.data())
def test_word_before_is_the_search_from_the_start(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    assert _match(_word_before(text, end)) == _match(_WORD_BEFORE.search(text, 0, end))


def test_word_before_a_name() -> None:
    text = "Finance Minister Aurel Dascu and Gen. \nKarimzada"
    assert _word_before(text, text.index("Aurel")).group(1) == "Minister"
    # "$" also matches before a final line break: the word before the break counts.
    assert _word_before(text, text.index("Karimzada")).group(1) == "Gen."
    assert _word_before(text, 0) is None


def quoted_by_tokens(doc: Doc) -> set[int]:
    """The token-by-token definition _quoted_tokens replaced."""
    inside: set[int] = set()
    for sent in doc.sents:
        open_ = False
        for t in sent:
            if t.text in _OPEN_QUOTES or (t.text in _TOGGLE_QUOTES and not open_):
                open_ = True
                continue
            if t.text in _CLOSE_QUOTES or (t.text in _TOGGLE_QUOTES and open_):
                open_ = False
                continue
            if open_:
                inside.add(t.i)
    return inside


WORDS = st.sampled_from(["“", "”", '"', "''", "``", "«", "»", "said", "we", ".", ","])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(WORDS, st.booleans()), min_size=1, max_size=30))
def test_quoted_tokens_follow_the_marks_sentence_by_sentence(
    tokens: list[tuple[str, bool]],
) -> None:
    words = [w for w, _ in tokens]
    starts = [True] + [start for _, start in tokens[1:]]
    doc = Doc(VOCAB, words=words, sent_starts=starts)
    assert _quoted_tokens(doc) == quoted_by_tokens(doc)


@pytest.fixture(scope="module")
def parsed(nlp: Language) -> Doc:
    return nlp(
        "The ministry tweeted that the town had fallen, and the rebels denied it. "
        "She was replying to critics who insisted they had been misled, while officials "
        "kept saying nothing and the army has claimed, warned and vowed again."
    )


def test_verb_lemma_from_ids_is_lemma_of_the_token(parsed: Doc) -> None:
    columns = parsed.to_array([POS, LEMMA, LOWER])
    verbs = [t for t in parsed if t.pos_ in ("VERB", "AUX")]
    assert len(verbs) > 10
    for t in verbs:
        ids = int(columns[t.i, 1]), int(columns[t.i, 2])
        assert verb_lemma(parsed.vocab.strings, *ids) == lemma(t)


def _mention(start: int, end: int, canonical: str, label: str = PERSON) -> Mention:
    return Mention("x" * (end - start), label, start, end, canonical)


SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from(["A", "B", "C"])),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(SPANS, st.sampled_from(["A", "B", "C"]))
def test_other_people_lookup_is_any_overlap(spans: list, canonical: str) -> None:
    mentions = [_mention(s, s + n, name) for s, n, name in spans]
    mentions.append(_mention(70, 75, "P", PLACE))  # places are never "other people"
    resolver = SpeakerResolver(mentions)
    starts, reach = resolver._others_than(canonical)
    for idx in range(0, 80):
        expected = any(
            m.start_char <= idx < m.end_char
            for m in mentions
            if m.label == PERSON and m.canonical != canonical
        )
        k = bisect_right(starts, idx) - 1
        assert (k >= 0 and reach[k] > idx) == expected
