"""Label helpers on hand-parsed Docs in both dependency schemes."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from pipeline.nlp import labels as L


@pytest.mark.parametrize(
    ("model_label", "expected"),
    [
        ("PERSON", "person"),
        ("PER", "person"),
        ("ORG", "organization"),
        ("GPE", "place"),
        ("LOC", "place"),
        ("FAC", "place"),
        ("NORP", "group"),
        ("EVENT", "other"),
        ("MISC", "other"),
        ("", "other"),
    ],
)
def test_entity_label_table(model_label, expected) -> None:
    assert L.normalise_label(model_label) == expected


# "Farid Haidari denied the report by the ministry in Torgal", hand-parsed.
WORDS = ["Farid", "Haidari", "denied", "the", "report", "in", "Torgal"]


def parsed(vocab, heads: list[int], deps: list[str]) -> Doc:
    return Doc(vocab, words=WORDS, heads=heads, deps=deps)


@pytest.fixture(params=["ud", "clearnlp"])
def doc(request, vocab) -> Doc:
    if request.param == "ud":
        # UD: the noun heads its preposition (obl -> case); names are flat.
        return parsed(
            vocab, [1, 2, 2, 4, 2, 6, 2], ["flat", "nsubj", "ROOT", "det", "obj", "case", "obl"]
        )
    # ClearNLP: the preposition heads its noun (prep -> pobj); names are compounds.
    return parsed(
        vocab, [1, 2, 2, 4, 2, 2, 5], ["compound", "nsubj", "ROOT", "det", "dobj", "prep", "pobj"]
    )


def test_subjects_objects_and_obliques_in_both_schemes(doc) -> None:
    verb = doc[2]
    assert [t.text for t in L.subjects(verb)] == ["Haidari"]
    assert [t.text for t in L.objects(verb)] == ["report"]
    assert [(prep, t.text) for prep, t in L.obliques(verb)] == [("in", "Torgal")]
    assert L.preposition_of(doc[6]) == "in"
    assert [t.text for t in doc if L.is_oblique(t)] == ["Torgal"]
    assert [t.text for t in L.name_tokens(doc[1])] == ["Farid", "Haidari"]


def test_passive_subjects_and_clausal_complements(vocab) -> None:
    words = ["Claims", "were", "denied", ";", "she", "said", "they", "lied"]
    ud = Doc(
        vocab,
        words=words,
        heads=[2, 2, 2, 2, 5, 2, 7, 5],
        deps=["nsubj:pass", "aux:pass", "ROOT", "punct", "nsubj", "parataxis", "nsubj", "ccomp"],
    )
    clear = Doc(
        vocab,
        words=words,
        heads=[2, 2, 2, 2, 5, 2, 7, 5],
        deps=["nsubjpass", "auxpass", "ROOT", "punct", "nsubj", "parataxis", "nsubj", "ccomp"],
    )
    for doc in (ud, clear):
        assert L.is_passive_subject(doc[0]) and L.is_subject(doc[0])
        assert not L.is_passive_subject(doc[4]) and L.is_subject(doc[4])
        assert [t.text for t in L.clausal_complements(doc[5])] == ["lied"]


def test_value_labels_are_recognised() -> None:
    assert L.is_value_label("DATE") and L.is_value_label("cardinal")
    assert not L.is_value_label("ORG")
