"""Fixtures: hand-built Docs (no model); the real model is tests/conftest.py's ``nlp``."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab


@pytest.fixture(scope="session")
def vocab() -> Vocab:
    return spacy.blank("en").vocab


# Words written without a space before them, as a tokenizer would have split them off.
ATTACHED = frozenset({"'s", "’s", ",", ".", ")"})


def make_doc(vocab: Vocab, tagged: list[tuple[str, str]]) -> Doc:
    """A Doc from (word, IOB entity tag) pairs, spaced like ordinary text."""
    words = [word for word, _ in tagged]
    spaces = [
        i + 1 < len(words) and words[i + 1] not in ATTACHED and words[i] != "("
        for i in range(len(words))
    ]
    return Doc(vocab, words=words, spaces=spaces, ents=[iob for _, iob in tagged])


def tag(text: str, entities: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Split ``text`` on spaces ("'s" and punctuation written apart) and tag entities: each
    (phrase, label) tags the first untagged occurrence of the phrase, so a phrase listed
    twice is tagged twice and an unlisted occurrence is one the "model" missed."""
    words = text.split()
    tags = ["O"] * len(words)
    for phrase, label in entities:
        parts = phrase.split()
        for i in range(len(words) - len(parts) + 1):
            free = all(t == "O" for t in tags[i : i + len(parts)])
            if free and words[i : i + len(parts)] == parts:
                tags[i : i + len(parts)] = [f"B-{label}"] + [f"I-{label}"] * (len(parts) - 1)
                break
    return list(zip(words, tags, strict=True))
