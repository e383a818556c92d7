"""Paragraph starts, model text and the cached document text (pipeline.nlp.paragraphs)."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.paragraphs import (
    LINE_BREAKS,
    SOURCE_TEXT,
    add_paragraph_component,
    doc_text,
    make_doc,
    mark_paragraph_starts,
    source_text,
)


def _blank() -> Language:
    nlp = spacy.blank("en")
    add_paragraph_component(nlp)
    return nlp


BLANK = _blank()


def reference_starts(doc: Doc) -> list[int]:
    """The rule, token by token: a non-space token whose nearest character before it,
    over spaces and tabs, is a line break of the source text opens a sentence."""
    text = source_text(doc)
    starts = []
    for token in doc[1:]:
        j = token.idx - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j >= 0 and text[j] in LINE_BREAKS and not token.is_space:
            starts.append(token.i)
    return starts


def marked(doc: Doc) -> list[int]:
    return [t.i for t in doc[1:] if t.is_sent_start]


def test_line_breaks_open_sentences_and_keep_offsets() -> None:
    text = "The canal failed.\n\nOfficials said \nit would be rebuilt.\n \tThey left"
    doc = mark_paragraph_starts(make_doc(BLANK, text))
    assert "\n" not in doc.text and len(doc.text) == len(text)
    assert [doc[i].text for i in marked(doc)] == ["Officials", "it", "They"]
    assert marked(doc) == reference_starts(doc)


PIECES = st.sampled_from(
    ["word", "Word", ".", ",", "“", "”", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\u2028", "\xa0"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_component_marks_exactly_the_tokens_after_a_break(pieces: list[str]) -> None:
    doc = mark_paragraph_starts(make_doc(BLANK, "".join(pieces)))
    assert marked(doc) == reference_starts(doc)


def test_doc_text_is_the_model_text_and_source_text_the_original() -> None:
    text = "First paragraph.\nSecond one."
    doc = make_doc(BLANK, text)
    assert doc_text(doc) == doc.text == text.replace("\n", " ")
    assert doc_text(doc) is doc_text(doc)  # built once, then kept
    assert source_text(doc) == text


def test_doc_text_of_a_doc_made_elsewhere() -> None:
    doc = BLANK("No source text kept.\nHere.")
    assert doc_text(doc) == doc.text
    assert source_text(doc) == doc.text


def test_component_refuses_a_parsed_doc_like_the_setter(nlp: Language) -> None:
    doc = nlp("The canal failed. Officials denied it.")
    doc.user_data[SOURCE_TEXT] = "The canal failed.\nOfficials denied it."
    with pytest.raises(ValueError, match="E043"):
        mark_paragraph_starts(doc)
