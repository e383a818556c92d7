"""indices_where and sentence bounds: what Doc arrays give equals what Tokens give."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LOWER, ORTH, POS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.nlp.tokens import indices_where, sentence_bounds, sentence_starts

VOCAB = spacy.blank("en").vocab


def test_indices_by_part_of_speech_text_and_lower_case(vocab: Vocab) -> None:
    words = ["“", "He", "said", "it", ",", "”", "According", "to", "them", "was", "said"]
    pos = ["PUNCT", "PRON", "VERB", "PRON", "PUNCT", "PUNCT", "VERB", "ADP", "PRON", "AUX", "VERB"]
    doc = Doc(vocab, words=words, pos=pos)
    assert indices_where(doc, POS, ("VERB", "AUX")) == [2, 6, 9, 10]
    assert indices_where(doc, ORTH, ("“", "”")) == [0, 5]
    assert indices_where(doc, LOWER, ("according",)) == [6]
    assert indices_where(doc, ORTH, ("absent",)) == []
    assert indices_where(Doc(vocab, words=[]), POS, ("VERB",)) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([True, False, None]), min_size=1, max_size=25))
def test_sentence_bounds_are_those_of_token_sent(starts: list[bool | None]) -> None:
    # Index 0 always opens a sentence; None leaves a boundary unknown, as a parser may.
    doc = Doc(VOCAB, words=["w"] * len(starts), sent_starts=[True, *starts[1:]])
    if len(doc) > 1 and not doc.has_annotation("SENT_START"):
        with pytest.raises(ValueError, match="E030"):  # as doc.sents and token.sent do
            sentence_starts(doc)
        return
    assert sentence_starts(doc) == [sent.start for sent in doc.sents]
    for token in doc:
        assert sentence_bounds(doc, token.i) == (token.sent.start, token.sent.end)
        span = doc[token.i : min(len(doc), token.i + 3)]
        assert sentence_bounds(doc, span.start) == (span.sent.start, span.sent.end)


def test_sentence_bounds_of_a_parsed_doc(nlp) -> None:
    doc = nlp("The council said it failed.\nOfficials denied it. They left on Monday")
    assert sentence_starts(doc) == [sent.start for sent in doc.sents]
    assert [sentence_bounds(doc, t.i) for t in doc] == [(t.sent.start, t.sent.end) for t in doc]


def test_sentence_starts_of_an_unsegmented_doc_raise_like_doc_sents(vocab: Vocab) -> None:
    doc = Doc(vocab, words=["no", "boundaries"])
    with pytest.raises(ValueError, match="E030"):
        list(doc.sents)
    with pytest.raises(ValueError, match="E030"):
        sentence_starts(doc)
