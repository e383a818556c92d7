"""The claim rules on hand-built parses, once with UD labels and once with ClearNLP labels.

Every test runs for both schemes and asserts the same claims, so a rule that only works
with one label set fails here.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from pipeline.claims import STANCES, extract_claims
from pipeline.records import Claim, Mention
from tests.claims.docs import (
    ACCORDING,
    CLAIM,
    DENIAL,
    NOT_DENIED,
    PASSIVE_REJECTION,
    QUOTE_AFTER,
    ROLE_ADDED,
    Sentence,
    build,
)

SCHEMES = ("ud", "clear")
LABELS = {"PERSON": "person", "ORG": "organization"}


def mentions_of(doc: Doc) -> list[Mention]:
    """One mention per entity span, canonical = the span without a leading "the"."""
    return [
        Mention(
            text=ent.text,
            label=LABELS[ent.label_],
            start_char=ent.start_char,
            end_char=ent.end_char,
            canonical=ent.text,
            model_label=ent.label_,
        )
        for ent in doc.ents
    ]


def claims_for(sentences: list[Sentence], scheme: str) -> tuple[Doc, list[Claim]]:
    doc = build(sentences, scheme)
    claims = extract_claims(doc, mentions_of(doc))
    for claim in claims:  # offsets always slice the document exactly
        assert doc.text[claim.content_start : claim.content_end] == claim.content
        if claim.speaker is not None:
            assert doc.text[claim.speaker_start : claim.speaker_end] == claim.speaker
        assert claim.stance in STANCES
    return doc, claims


@pytest.mark.parametrize("scheme", SCHEMES)
def test_indirect_claim_with_apposition_role_and_affiliation(scheme: str) -> None:
    _, claims = claims_for([CLAIM], scheme)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.speaker == "Ali Nazary"
    assert claim.speaker_canonical == "Ali Nazary"
    assert claim.speaker_label == "person"
    assert claim.speaker_role == "spokesperson"
    assert claim.affiliation == "Taliban"
    assert claim.cue == "claim"
    assert claim.stance == "assert"
    assert claim.kind == "indirect"
    assert claim.content == "the group captured the province"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_denial_with_claim_noun_links_to_earlier_claim(scheme: str) -> None:
    _, claims = claims_for([CLAIM, DENIAL], scheme)
    assert [c.stance for c in claims] == ["assert", "deny"]
    denial = claims[1]
    assert denial.speaker == "The Resistance Front"
    assert denial.speaker_canonical == "Resistance Front"
    assert denial.speaker_label == "organization"
    assert denial.content == "the claim"
    assert denial.cue == "deny"
    assert denial.denies == 0
    assert claims[0].denies is None


@pytest.mark.parametrize("scheme", SCHEMES)
def test_negated_denial_is_no_claim(scheme: str) -> None:
    _, claims = claims_for([CLAIM, NOT_DENIED], scheme)
    assert [c.cue for c in claims] == ["claim"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_role_noun_resolves_to_person_introduced_with_that_role(scheme: str) -> None:
    _, claims = claims_for([CLAIM, ROLE_ADDED], scheme)
    assert len(claims) == 2
    added = claims[1]
    assert added.speaker == "The spokesperson"
    assert added.speaker_canonical == "Ali Nazary"
    assert added.speaker_label == "person"
    assert added.cue == "add"
    assert added.content == "the town was quiet"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_role_noun_without_an_introduced_person_stays_unresolved(scheme: str) -> None:
    _, claims = claims_for([ROLE_ADDED], scheme)
    assert len(claims) == 1
    assert claims[0].speaker == "The spokesperson"
    assert claims[0].speaker_canonical is None
    assert claims[0].speaker_label is None


@pytest.mark.parametrize("scheme", SCHEMES)
def test_according_to(scheme: str) -> None:
    _, claims = claims_for([ACCORDING], scheme)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.kind == "according_to"
    assert claim.cue == "according to"
    assert claim.speaker == "the ministry"
    assert claim.content == "the town fell"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_passive_rejection_by_agent(scheme: str) -> None:
    _, claims = claims_for([CLAIM, PASSIVE_REJECTION], scheme)
    assert len(claims) == 2
    rejection = claims[1]
    assert rejection.stance == "deny"
    assert rejection.speaker_canonical == "Resistance Front"
    assert rejection.content == "The report"
    assert rejection.denies == 0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_direct_quote_with_pronoun_speaker_after(scheme: str) -> None:
    _, claims = claims_for([CLAIM, QUOTE_AFTER], scheme)
    assert len(claims) == 2
    quote = claims[1]
    assert quote.kind == "direct"
    assert quote.content == "We won,"
    assert quote.speaker == "he"
    assert quote.speaker_canonical == "Ali Nazary"  # the most recent person speaker
    assert quote.cue == "say"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pronoun_without_any_person_stays_unresolved(scheme: str) -> None:
    _, claims = claims_for([QUOTE_AFTER], scheme)
    assert len(claims) == 1
    assert claims[0].speaker == "he"
    assert claims[0].speaker_canonical is None


@pytest.mark.parametrize("scheme", SCHEMES)
def test_declared_false_links_to_the_possessors_claim_not_the_latest(scheme: str) -> None:
    from tests.claims.docs import DECLARED_FALSE, MINISTRY_SAID

    _, claims = claims_for([CLAIM, MINISTRY_SAID, DECLARED_FALSE], scheme)
    assert [c.stance for c in claims] == ["assert", "assert", "deny"]
    denial = claims[2]
    assert denial.cue == "declare"
    assert denial.content == "the Taliban's claim"
    # The Taliban's claim is Nazary's (spokesperson of the Taliban), not the ministry's
    # more recent one.
    assert denial.denies == 0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_denial_without_possessor_links_to_latest_other_speaker(scheme: str) -> None:
    from tests.claims.docs import MINISTRY_SAID

    # "the report": no possessor and no earlier "reported", so the most recent claim by
    # someone else.
    _, claims = claims_for([CLAIM, MINISTRY_SAID, PASSIVE_REJECTION], scheme)
    assert claims[2].stance == "deny"
    assert claims[2].denies == 1


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_claim_prefers_an_earlier_claimed_over_a_later_said(scheme: str) -> None:
    from tests.claims.docs import MINISTRY_SAID

    _, claims = claims_for([CLAIM, MINISTRY_SAID, DENIAL], scheme)
    assert claims[2].stance == "deny"
    assert claims[2].denies == 0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_negated_saying_is_no_claim(scheme: str) -> None:
    from tests.claims.docs import NOT_SAID

    _, claims = claims_for([NOT_SAID], scheme)
    assert claims == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_cue_in_the_middle_of_the_reported_sentence(scheme: str) -> None:
    from tests.claims.docs import MID_SENTENCE

    _, claims = claims_for([MID_SENTENCE], scheme)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.speaker == "the ministry"
    assert claim.content.startswith("The town")
    assert claim.content.endswith("fell")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_called_for_is_a_position_with_the_prepositional_object(scheme: str) -> None:
    from tests.claims.docs import CALLED_FOR

    _, claims = claims_for([CALLED_FOR], scheme)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.stance == "position"
    assert claim.cue == "call"
    assert claim.speaker == "The ministry"
    assert claim.content == "an inquiry"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_proper_noun_modifier_is_the_possessor(scheme: str) -> None:
    from tests.claims.docs import MINISTRY_SAID, REJECTED_COMPOUND_OWNER

    _, claims = claims_for([CLAIM, MINISTRY_SAID, REJECTED_COMPOUND_OWNER], scheme)
    assert claims[2].stance == "deny"
    assert claims[2].content == "the Taliban account"
    # "the Taliban account" is Nazary's (spokesperson of the Taliban), not the ministry's
    # more recent claim.
    assert claims[2].denies == 0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_dismissed_as_denies_the_object_only(scheme: str) -> None:
    from tests.claims.docs import DISMISSED_AS, MINISTRY_SAID

    _, claims = claims_for([CLAIM, MINISTRY_SAID, DISMISSED_AS], scheme)
    assert claims[2].stance == "deny"
    assert claims[2].content == "the Taliban's claim"
    assert claims[2].denies == 0
