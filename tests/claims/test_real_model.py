"""The claim rules end to end on the real parser (the model NEWSCLAIMS_SPACY_MODEL names,
en_core_web_sm by default), loaded as the product loads it, over a short invented conflict
report."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.claims import extract_claims
from pipeline.nlp.entities import extract_mentions
from pipeline.nlp.paragraphs import source_text
from pipeline.records import Claim, ClaimKind, Stance

ARTICLE = """Rebels Claim Capture of Kestan Province

Rahim Dostani, the spokesman of the Northern Movement, claimed on Monday that its fighters had captured the Kestan province after two weeks of fighting.

The Valley Front denied the claim. Front leader Samir Havel said that there was no military pressure on his forces.

According to local officials, hundreds of families fled the provincial capital.

Havel said in a video message: “Our forces hold every pass in the valley.

“We will not leave the province to them.”

Later, Dostani told reporters that the fighting had ended. He assured residents that they would not be harmed.
"""  # noqa: E501


@pytest.fixture(scope="session")
def claims(nlp: Language) -> list[Claim]:
    doc = nlp(ARTICLE)
    found = extract_claims(doc, extract_mentions(doc))
    for claim in found:
        assert source_text(doc)[claim.content_start : claim.content_end] == claim.content
    return found


def by_cue(claims: list[Claim], cue: str) -> list[Claim]:
    return [c for c in claims if c.cue == cue]


def test_headline_is_no_claim(claims: list[Claim]) -> None:
    # A Title-Case headline is no prose, and "Claim Capture of …" no attribution frame
    # with a reported clause (pipeline.claims.prose).
    assert all(c.sentence_index > 0 for c in claims)
    assert all(c.speaker != "Rebels" for c in claims)


def test_spokesman_claim_with_role_and_affiliation(claims: list[Claim]) -> None:
    [claim] = [c for c in by_cue(claims, "claim") if c.speaker != "Rebels"]
    assert claim.speaker_canonical == "Rahim Dostani"
    assert claim.speaker_label == "person"
    assert claim.speaker_role == "spokesperson"
    assert claim.affiliation == "Northern Movement"
    assert claim.stance == "assert"
    assert claim.content.startswith("its fighters had captured the Kestan province")
    assert "claimed" not in claim.content and "Dostani" not in claim.content


def test_front_denies_the_claim_and_is_linked_to_it(claims: list[Claim]) -> None:
    [denial] = by_cue(claims, "deny")
    assert denial.stance == "deny"
    assert denial.speaker_canonical == "Valley Front"
    assert denial.content == "the claim"
    assert denial.denies is not None
    assert claims[denial.denies].cue == "claim"
    assert claims[denial.denies].speaker_canonical == "Rahim Dostani"


def test_leader_statement_with_role_from_compound(claims: list[Claim]) -> None:
    said = [c for c in by_cue(claims, "say") if c.kind == "indirect"]
    assert said, claims
    leader = said[0]
    assert leader.speaker_canonical == "Samir Havel"
    assert leader.speaker_role == "leader"
    assert leader.content == "there was no military pressure on his forces"


def test_according_to(claims: list[Claim]) -> None:
    [claim] = by_cue(claims, "according to")
    assert claim.kind == "according_to"
    assert claim.speaker == "local officials"
    assert claim.speaker_canonical is None  # no named entity behind it: not guessed
    assert claim.content == "hundreds of families fled the provincial capital"


def test_quote_over_two_paragraphs_is_one_direct_claim(claims: list[Claim]) -> None:
    direct = [c for c in claims if c.kind == "direct"]
    assert len(direct) == 1
    quote = direct[0]
    assert quote.speaker_canonical == "Samir Havel"
    assert quote.content.startswith("Our forces hold every pass")
    assert quote.content.endswith("leave the province to them.")
    assert "\n\n" in quote.content


def test_pronoun_resolves_to_the_spokesman(claims: list[Claim]) -> None:
    [assured] = by_cue(claims, "assure")
    assert assured.speaker == "He"
    assert assured.speaker_canonical == "Rahim Dostani"
    assert assured.speaker_label == "person"
    assert assured.content == "they would not be harmed"
    assert ARTICLE[assured.speaker_start : assured.speaker_end] == "He"


def test_claims_are_in_text_order_with_sentence_indices(claims: list[Claim]) -> None:
    starts = [c.content_start for c in claims]
    assert starts == sorted(starts)
    indices = [c.sentence_index for c in claims]
    assert indices == sorted(indices)


def test_quote_parts_around_the_speaker_are_one_claim(nlp: Language) -> None:
    text = (
        "The fighting continued on Tuesday.\n\n"
        "“We will hold the valley,” Samir Havel said. “They will never take it from us.”\n"
    )
    doc = nlp(text)
    claims = extract_claims(doc, extract_mentions(doc))
    direct = [c for c in claims if c.kind == "direct"]
    assert len(direct) == 1, claims
    claim = direct[0]
    assert claim.content.startswith("We will hold the valley")
    assert claim.content.endswith("never take it from us.")
    assert claim.speaker == "Samir Havel"
    assert claim.cue == "say"


def test_negated_denial_in_real_text_is_no_denial(nlp: Language) -> None:
    doc = nlp("Earlier in the day, the front said that it didn’t deny the fall of the town.")
    claims = extract_claims(doc, extract_mentions(doc))
    assert [c.stance for c in claims] == ["assert"]
    assert claims[0].content == "it didn’t deny the fall of the town"


def test_dash_signed_quote_is_a_direct_claim(nlp: Language) -> None:
    doc = nlp(
        "The valley was quiet.\n\n"
        "“We will never give up the valley, whatever it costs.” ― Samir Havel\n"
    )
    claims = extract_claims(doc, extract_mentions(doc))
    [claim] = claims
    assert claim.kind == ClaimKind.DIRECT == "direct"
    assert claim.stance == Stance.ASSERT
    assert claim.speaker == "Samir Havel"
    assert claim.content.startswith("We will never give up the valley")
