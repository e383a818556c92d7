"""Variant names, titles and entity types on the real model (en_core_web_sm, or the one
NEWSCLAIMS_SPACY_MODEL names), loaded as the product loads it."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.vocab import Vocab

from pipeline.nlp.entities import entity_id, extract_mentions
from pipeline.nlp.entity_types import is_not_a_person
from pipeline.nlp.names import keeps_title
from pipeline.nlp.variants import find_variant
from pipeline.records import EntityLabel, Mention
from tests.nlp.conftest import make_doc, tag


def mentions(nlp: Language, text: str) -> list[Mention]:
    return extract_mentions(nlp(text))


def canonical_of(found: list[Mention], surface: str) -> tuple[str, EntityLabel]:
    m = next(m for m in found if m.text == surface)
    return m.canonical, m.label


def test_country_and_un_variants_are_one_entity_each(nlp: Language) -> None:
    found = mentions(
        nlp,
        "The U.S. and the United States and the US signed. America agreed. "
        "The UN and the United Nations met. Britain and the UK objected.",
    )
    names = {m.text: m.canonical for m in found}
    assert {names[s] for s in ("U.S.", "United States", "US", "America")} == {"United States"}
    assert {names[s] for s in ("UN", "United Nations")} == {"United Nations"}
    assert {names[s] for s in ("Britain", "UK")} == {"United Kingdom"}


def test_variants_share_an_entity_id_across_documents(nlp: Language) -> None:
    a = canonical_of(mentions(nlp, "Officials in the U.S. said little."), "U.S.")
    b = canonical_of(mentions(nlp, "The United States said little."), "United States")
    assert entity_id(*a) == entity_id(*b)


def test_longer_names_containing_a_variant_stay_apart(nlp: Language) -> None:
    found = mentions(nlp, "Bank of America opened offices across Latin America.")
    assert {m.canonical for m in found} == {"Bank of America", "Latin America"}


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("U. S.", "GPE", "United States"),
        ("the UN's", "ORG", "United Nations"),
        ("America", "GPE", "United States"),
        ("America", "PERSON", None),  # not the country unless tagged as a place
        ("us", "GPE", None),  # acronyms are matched case-sensitively
        ("Unicef", "ORG", None),
    ],
)
def test_find_variant(text: str, label: str, expected: str | None) -> None:
    variant = find_variant(text, label)
    assert (variant.name if variant else None) == expected


def test_royal_titles_keep_the_full_name_and_courtesy_titles_go(nlp: Language) -> None:
    found = mentions(
        nlp,
        "Prince Andrew gave an interview. Andrew said he had no regrets. "
        "Mr. Trump did not comment.",
    )
    names = {m.text: m.canonical for m in found}
    assert names["Prince Andrew"] == "Prince Andrew"
    assert names["Andrew"] == "Prince Andrew"
    assert names["Mr. Trump"] == "Trump"


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        (["Prince", "Andrew"], True),
        (["King", "Charles", "III"], True),
        (["Crown", "Prince", "Mohammed"], False),  # "Crown" is not a regnal title
        (["Prince", "Mohammed", "bin", "Salman"], False),  # a full name: the title goes
        (["General", "Ali"], False),
    ],
)
def test_keeps_title(words: list[str], kept: bool) -> None:
    assert keeps_title(words) is kept


def test_a_dateline_glued_to_a_title_is_cut(nlp: Language) -> None:
    found = mentions(nlp, "(CNN)President Donald Trump said on Monday that the deal was done.")
    assert [m.canonical for m in found if m.label == EntityLabel.PERSON] == ["Donald Trump"]


def test_a_product_is_not_a_person(nlp: Language) -> None:
    text = (
        "Apple resellers are offering discounts on the older MacBook Pro. "
        "Shoppers can save hundreds on the 16-inch MacBook Pro this week."
    )
    doc = nlp(text)
    found = extract_mentions(doc)
    assert not [m for m in found if "MacBook" in m.text and m.label == EntityLabel.PERSON]
    assert all(m.canonical == "MacBook Pro" for m in found if "MacBook" in m.text)


def test_a_real_person_keeps_the_person_label(nlp: Language) -> None:
    found = mentions(nlp, "Jennifer Pluznick, a physiologist, said the result surprised her.")
    assert canonical_of(found, "Jennifer Pluznick") == ("Jennifer Pluznick", EntityLabel.PERSON)


def test_a_headline_in_capitals_is_no_courtesy_title(nlp: Language) -> None:
    # "DON'T MISS China …" on a tabloid page: China stays a place.
    found = mentions(nlp, "DON'T MISS China furious at Macron. China said it is committed.")
    assert {m.label for m in found if m.canonical == "China"} == {EntityLabel.PLACE}


def test_a_courtesy_title_makes_a_person(nlp: Language) -> None:
    found = mentions(nlp, "Trump said the talks had failed. Mr. Trump added more.")
    assert {m.label for m in found if m.canonical == "Trump"} == {EntityLabel.PERSON}


def test_a_span_without_letters_is_no_entity(nlp: Language) -> None:
    doc = nlp("Mix ½ cup of flour with the butter, Nigella Lawson said.")
    found = extract_mentions(doc)
    assert all(any(ch.isalpha() for ch in m.text) for m in found)


def test_two_things_joined_by_a_conjunction_are_not_a_person(vocab: Vocab) -> None:
    doc = make_doc(
        vocab, tag("Buy Pokemon Sword OR Shield today", [("Pokemon Sword OR Shield", "PERSON")])
    )
    assert is_not_a_person(doc.ents[0])
    doc = make_doc(vocab, tag("Ask Jennifer Pluznick today", [("Jennifer Pluznick", "PERSON")]))
    assert not is_not_a_person(doc.ents[0])
