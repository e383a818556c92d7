"""Mentions and in-document resolution on hand-built Docs: no model, so no model errors.

Each case runs with both label sets: en_core_web_sm's (GPE, NORP, ...) and the stand-in's
(PERSON, ORG, LOC only).
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from pipeline.nlp.entities import alias_pairs, entity_id, extract_mentions
from pipeline.records import EntityLabel, Mention
from tests.nlp.conftest import make_doc, tag

# (organisation, place, group) labels as each model family emits them.
ONTONOTES = {"org": "ORG", "place": "GPE", "group": "NORP"}
STAND_IN = {"org": "ORG", "place": "LOC", "group": "ORG"}
LABEL_SETS = pytest.mark.parametrize("labels", [ONTONOTES, STAND_IN], ids=["ontonotes", "ud"])


def mentions_of(vocab, text: str, entities: list[tuple[str, str]]) -> tuple[str, list[Mention]]:
    doc = make_doc(vocab, tag(text, entities))
    return doc.text, extract_mentions(doc)


def by_text(mentions: list[Mention]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in mentions:
        out.setdefault(m.text, set()).add(m.canonical)
    return out


@LABEL_SETS
def test_offsets_slice_and_the_and_possessive_are_trimmed(vocab, labels) -> None:
    text, mentions = mentions_of(
        vocab,
        "the Kestrel Brigade 's commander Omid Sarwari spoke in Lower Dasht .",
        [
            ("the Kestrel Brigade 's", labels["org"]),
            ("Omid Sarwari", "PERSON"),
            ("Lower Dasht", labels["place"]),
        ],
    )
    assert [m.text for m in mentions] == ["Kestrel Brigade", "Omid Sarwari", "Lower Dasht"]
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.text
    assert [m.label for m in mentions] == ["organization", "person", "place"]
    assert mentions[0].model_label == labels["org"]


@LABEL_SETS
def test_surname_and_possessive_resolve_to_the_full_name(vocab, labels) -> None:
    # The lone surname is mislabelled as a place, as small models do; the full name wins.
    _, mentions = mentions_of(
        vocab,
        "Nasrin Qaderi addressed the council in Torgal . Qaderi said the vote failed . "
        "Qaderi 's office declined to comment .",
        [
            ("Nasrin Qaderi", "PERSON"),
            ("Torgal", labels["place"]),
            ("Qaderi", labels["place"]),
            ("Qaderi", "PERSON"),
        ],
    )
    surname = [m for m in mentions if m.text == "Qaderi"]
    assert len(surname) == 2  # the possessive one lost its "'s"
    assert {m.canonical for m in surname} == {"Nasrin Qaderi"}
    assert {m.label for m in surname} == {"person"}
    torgal = next(m for m in mentions if m.text == "Torgal")
    assert (torgal.canonical, torgal.label) == ("Torgal", "place")


@LABEL_SETS
def test_surnames_tagged_as_places_do_not_outvote_the_person(vocab, labels) -> None:
    # Two place tags on the lone surname against one PERSON on the full name: the join
    # itself is the evidence the surname is a person, so the entity stays a person.
    _, mentions = mentions_of(
        vocab,
        "Omid Sarwari spoke in Torgal . Sarwari said the road was shut . Sarwari left .",
        [
            ("Omid Sarwari", "PERSON"),
            ("Torgal", labels["place"]),
            ("Sarwari", labels["place"]),
            ("Sarwari", labels["place"]),
        ],
    )
    sarwari = [m for m in mentions if "Sarwari" in m.text]
    assert len(sarwari) == 3
    assert {(m.canonical, m.label) for m in sarwari} == {("Omid Sarwari", "person")}
    assert [m.model_label for m in sarwari] == ["PERSON", labels["place"], labels["place"]]


def test_possessive_left_on_one_token_is_trimmed(vocab) -> None:
    # A tokenizer may keep a curly possessive on the word: "Qaderi’s" as one token.
    doc = make_doc(
        vocab,
        [
            ("Nasrin", "B-PERSON"),
            ("Qaderi", "I-PERSON"),
            ("spoke", "O"),
            (".", "O"),
            ("Qaderi’s", "B-PERSON"),
            ("office", "O"),
            ("closed", "O"),
            (".", "O"),
        ],
    )
    mentions = extract_mentions(doc)
    assert [m.text for m in mentions] == ["Nasrin Qaderi", "Qaderi"]
    assert doc.text[mentions[1].start_char : mentions[1].end_char] == "Qaderi"
    assert mentions[1].canonical == "Nasrin Qaderi"


@LABEL_SETS
def test_alias_pairs_list_every_surface_form_once(vocab, labels) -> None:
    _, mentions = mentions_of(
        vocab,
        "The Kestrel Liberation Front ( KLF ) said Omid Sarwari was held . "
        "the KLF and Sarwari 's lawyer spoke . KLF units moved .",
        [
            ("Kestrel Liberation Front", labels["org"]),
            ("KLF", labels["org"]),
            ("Omid Sarwari", "PERSON"),
            ("the KLF", labels["org"]),
            ("Sarwari 's", "PERSON"),
        ],
    )
    assert alias_pairs(mentions) == [
        ("KLF", "Kestrel Liberation Front", "organization"),
        ("Kestrel Liberation Front", "Kestrel Liberation Front", "organization"),
        ("Omid Sarwari", "Omid Sarwari", "person"),
        ("Sarwari", "Omid Sarwari", "person"),
    ]


@LABEL_SETS
def test_shared_surname_stays_unresolved(vocab, labels) -> None:
    _, mentions = mentions_of(
        vocab,
        "Nasrin Qaderi and Bashir Qaderi met in Torgal . Qaderi said the vote failed .",
        [
            ("Nasrin Qaderi", "PERSON"),
            ("Bashir Qaderi", "PERSON"),
            ("Torgal", labels["place"]),
            ("Qaderi", "PERSON"),
        ],
    )
    assert by_text(mentions)["Qaderi"] == {"Qaderi"}
    assert by_text(mentions)["Bashir Qaderi"] == {"Bashir Qaderi"}


@LABEL_SETS
def test_surname_needs_a_person_full_name(vocab, labels) -> None:
    _, mentions = mentions_of(
        vocab,
        "Farmers from Upper Torgal marched to Torgal .",
        [("Upper Torgal", labels["place"]), ("Torgal", labels["place"])],
    )
    assert by_text(mentions)["Torgal"] == {"Torgal"}


@LABEL_SETS
def test_acronym_and_long_form_are_one_entity_both_ways(vocab, labels) -> None:
    # The model tags only part of the long form, the acronym once with the wrong type,
    # and misses "KLF" in the last sentence: the definition still binds them all.
    text, mentions = mentions_of(
        vocab,
        "The Kestrel Liberation Front ( KLF ) rejected the plan . "
        "A spokesman for the KLF said the Kestrel Liberation Front would fight . KLF units moved .",
        [
            ("Liberation Front", labels["org"]),
            ("KLF", labels["place"]),
            ("the KLF", labels["org"]),
            ("Kestrel Liberation Front", labels["org"]),
        ],
    )
    text_to_canonical = by_text(mentions)
    assert text_to_canonical["KLF"] == {"Kestrel Liberation Front"}
    assert text_to_canonical["Kestrel Liberation Front"] == {"Kestrel Liberation Front"}
    klf = [m for m in mentions if m.text == "KLF"]
    assert len(klf) == 3
    assert [m.model_label for m in klf][-1] == ""  # added by the rule, not the model
    assert {m.label for m in mentions} == {"organization"}  # 3 ORG votes beat 1 place
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.text


@LABEL_SETS
def test_acronym_first_with_the_long_form_in_parentheses(vocab, labels) -> None:
    text, mentions = mentions_of(
        vocab,
        "Fighters of the SVF ( Sorkh Valley Front ) attacked . "
        "The Sorkh Valley Front later withdrew , and the SVF said so .",
        [
            ("SVF", labels["org"]),
            ("Sorkh Valley", labels["place"]),
            ("Sorkh Valley Front", labels["org"]),
        ],
    )
    assert [m.text for m in mentions] == ["SVF", "Sorkh Valley Front", "Sorkh Valley Front", "SVF"]
    assert {(m.canonical, m.label) for m in mentions} == {("Sorkh Valley Front", "organization")}
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.text


def test_parenthesis_that_is_not_an_acronym_definition(vocab) -> None:
    _, mentions = mentions_of(
        vocab,
        "Aziz Rahimi ( KLF ) said talks failed . KLF ( Kabul Liberation ) and KLF ( based in "
        "Lower Farah ) spoke .",
        [("Aziz Rahimi", "PERSON"), ("KLF", "ORG"), ("Lower Farah", "GPE")],
    )
    assert by_text(mentions) == {
        "Aziz Rahimi": {"Aziz Rahimi"},
        "KLF": {"KLF"},
        "Lower Farah": {"Lower Farah"},
    }


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        (["ORG", "ORG", "NORP"], "organization"),  # majority
        (["NORP", "NORP", "ORG"], "group"),
        (["GPE", "LOC", "ORG"], "place"),  # GPE and LOC are both places
    ],
)
def test_label_is_the_majority_over_the_entity(vocab, votes, expected) -> None:
    words = "Tarhan Shura said . the Tarhan Shura met . Tarhan Shura left ."
    doc = make_doc(vocab, tag(words, []))
    ents = []
    starts = [0, 5, 9]
    for start, label in zip(starts, votes, strict=True):
        ents.append(doc.char_span(doc[start].idx, doc[start + 1].idx + 5, label=label))
    doc.ents = ents
    mentions = extract_mentions(doc)
    assert {m.label for m in mentions} == {expected}
    assert [m.model_label for m in mentions] == votes


def test_value_types_are_not_entities(vocab) -> None:
    _, mentions = mentions_of(
        vocab,
        "On Monday three hundred people from Torgal marched .",
        [("Monday", "DATE"), ("three hundred", "CARDINAL"), ("Torgal", "GPE")],
    )
    assert [m.text for m in mentions] == ["Torgal"]


def test_courtesy_title_is_not_part_of_the_canonical_name(vocab) -> None:
    _, mentions = mentions_of(
        vocab,
        "Mr. Omid Sarwari spoke . Sarwari left .",
        [("Mr. Omid Sarwari", "PERSON"), ("Sarwari", "PERSON")],
    )
    assert {m.canonical for m in mentions} == {"Omid Sarwari"}


def test_entity_id_is_stable_across_spellings_and_depends_on_label() -> None:
    base = entity_id("Kestrel Liberation Front", "organization")
    assert entity_id("the  kestrel liberation\nFront", "organization") == base
    assert entity_id("Kestrel Liberation Front's", "organization") == base
    assert entity_id("Kestrel Liberation Front", "group") != base
    assert entity_id("Kestrel Liberation Army", "organization") != base
    assert len(base) == 16 and int(base, 16) >= 0


# "Commander Yusuf Karimzada said ." with only the surname tagged, hand-parsed in each
# scheme: UD heads the name on its first word (flat), ClearNLP on its last (compound).
TITLED_WORDS = ["Commander", "Yusuf", "Karimzada", "said", "."]
TITLED_PARSES = {
    "ud": ([1, 3, 1, 3, 3], ["compound", "nsubj", "flat", "ROOT", "punct"]),
    "clearnlp": ([2, 2, 3, 3, 3], ["compound", "compound", "nsubj", "ROOT", "punct"]),
}


@pytest.mark.parametrize("scheme", list(TITLED_PARSES))
def test_a_surname_only_person_is_widened_over_the_name_but_not_the_title(vocab, scheme) -> None:
    heads, deps = TITLED_PARSES[scheme]
    doc = Doc(
        vocab,
        words=TITLED_WORDS,
        spaces=[True, True, True, False, False],
        pos=["PROPN", "PROPN", "PROPN", "VERB", "PUNCT"],
        heads=heads,
        deps=deps,
        ents=["O", "O", "B-PERSON", "O", "O"],
    )
    (mention,) = extract_mentions(doc)
    assert (mention.text, mention.canonical) == ("Yusuf Karimzada", "Yusuf Karimzada")
    assert doc.text[mention.start_char : mention.end_char] == mention.text


@LABEL_SETS
def test_role_titles_are_cut_from_persons_only(vocab, labels) -> None:
    _, mentions = mentions_of(
        vocab,
        "Deputy Governor Ilyas Mohseni met the General Command in Torgal . Mohseni left .",
        [
            ("Deputy Governor Ilyas Mohseni", "PERSON"),
            ("General Command", labels["org"]),
            ("Torgal", labels["place"]),
            ("Mohseni", "PERSON"),
        ],
    )
    assert [(m.text, m.canonical) for m in mentions] == [
        ("Ilyas Mohseni", "Ilyas Mohseni"),
        ("General Command", "General Command"),
        ("Torgal", "Torgal"),
        ("Mohseni", "Ilyas Mohseni"),
    ]


# "Nadia Bishop said ." with only the given name tagged: a title word after the name is
# a surname and is taken.
TRAILING_PARSES = {
    "ud": ([2, 0, 2, 2], ["nsubj", "flat", "ROOT", "punct"]),
    "clearnlp": ([1, 2, 2, 2], ["compound", "nsubj", "ROOT", "punct"]),
}


@pytest.mark.parametrize("scheme", list(TRAILING_PARSES))
def test_a_title_word_after_the_name_is_a_surname(vocab, scheme) -> None:
    heads, deps = TRAILING_PARSES[scheme]
    doc = Doc(
        vocab,
        words=["Nadia", "Bishop", "said", "."],
        spaces=[True, True, False, False],
        pos=["PROPN", "PROPN", "VERB", "PUNCT"],
        heads=heads,
        deps=deps,
        ents=["B-PERSON", "O", "O", "O"],
    )
    (mention,) = extract_mentions(doc)
    assert (mention.text, mention.canonical) == ("Nadia Bishop", "Nadia Bishop")


def test_mention_labels_are_entity_labels(vocab) -> None:
    _, mentions = mentions_of(
        vocab,
        "Omid Sarwari of the Kestrel Brigade spoke in Lower Dasht .",
        [("Omid Sarwari", "PERSON"), ("the Kestrel Brigade", "ORG"), ("Lower Dasht", "GPE")],
    )
    assert all(type(m.label) is EntityLabel for m in mentions)
    # The stored strings, which entity ids hash, are the enum's values.
    assert [m.label for m in mentions] == ["person", "organization", "place"]
    assert entity_id("Lower Dasht", EntityLabel.PLACE) == entity_id("Lower Dasht", "place")
    assert [label.value for label in EntityLabel] == [
        "person",
        "organization",
        "place",
        "group",
        "other",
    ]
