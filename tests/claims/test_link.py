"""link_denials on hand-made claim lists: the linking rules see only Claim records, so
they need no parse (the rules that feed them, possessors and claim nouns, are tested on
parses in both label schemes in test_schemes.py), and once end to end on the real parser."""

from __future__ import annotations

from spacy.language import Language

from pipeline.claims import extract_claims
from pipeline.claims.link import link_denials
from pipeline.nlp.entities import extract_mentions
from pipeline.records import Claim, Stance


def claim(
    speaker: str,
    content: str,
    *,
    canonical: str | None = None,
    cue: str = "say",
    stance: str = "assert",
    affiliation: str | None = None,
    role: str | None = None,
) -> Claim:
    return Claim(
        speaker=speaker,
        speaker_start=0,
        speaker_end=len(speaker),
        speaker_canonical=canonical,
        speaker_label=None,
        cue=cue,
        stance=stance,
        content=content,
        content_start=0,
        content_end=len(content),
        kind="indirect",
        sentence_index=0,
        affiliation=affiliation,
        speaker_role=role,
    )


def deny(speaker: str, content: str, canonical: str | None = None) -> Claim:
    return claim(speaker, content, canonical=canonical, cue="deny", stance="deny")


def link(claims: list[Claim], noun: str | None = None, owner: str | None = None) -> Claim:
    denial = claims[-1]
    nouns = {id(denial): noun} if noun else {}
    link_denials(claims, {id(denial): owner}, nouns)
    return denial


def test_the_claim_is_the_first_of_the_claimants_run() -> None:
    # "The Red Hand Brigades said A. Their spokesman Kasim Adler stated B. The army denied
    # the claim": B elaborates A, and A is what is denied.
    claims = [
        claim("The Red Hand Brigades", "they captured the airport", canonical="Red Hand Brigades"),
        claim(
            "Kasim Adler",
            "their fighters entered the terminal",
            canonical="Kasim Adler",
            affiliation="Red Hand Brigades",
            cue="state",
        ),
        deny("The Tamsin Army", "the claim", canonical="Tamsin Army"),
    ]
    assert link(claims, "claim").denies == 0


def test_run_stops_at_another_speaker() -> None:
    claims = [
        claim("Lindahl", "the company moved its contracts", canonical="Bo Lindahl"),
        claim("Holm", "the town will lose its school", canonical="Agnes Holm"),
        claim("she", "we cannot keep it open", canonical="Agnes Holm"),
        deny("Nordmark", "the accusation", canonical="Nordmark"),
    ]
    assert link(claims, "accusation").denies == 1


def test_possessor_matches_words_of_the_resolved_name_and_its_acronym() -> None:
    claims = [
        claim("The SDF", "it repelled an incursion", canonical="Saltmark Defence Force"),
        claim("Moen", "no soldier crossed", canonical="Clara Moen"),
        claim("Brek", "houses were destroyed", canonical="Jonas Brek"),
        deny("The minister", "the Saltmark account", canonical="Clara Moen"),
    ]
    assert link(claims, "account", owner="Saltmark").denies == 0
    claims[-1].denies = None
    assert link(claims, "account", owner="SDF").denies == 0
    # Whole words only: "Salt" is not a part of "Saltmark Defence Force".
    claims[-1].denies = None
    assert link(claims, "account", owner="Salt").denies is None


def test_possessor_matches_the_speakers_role() -> None:
    claims = [
        claim("he", "every sack feeds a gunman", canonical="Tarek Belun", role="colonel"),
        claim("Reyes", "forty children are starving", canonical="Halim Reyes", role="doctor"),
        deny("The Valley Guard", "the colonel's account", canonical="Valley Guard"),
    ]
    assert link(claims, "account", owner="colonel").denies == 0


def test_a_figure_is_a_claim_that_states_a_number() -> None:
    claims = [
        claim("The SDF", "the number of dead is four, not six", canonical="SDF"),
        claim("The corps", "its fighters hold every hill", canonical="Ferrovian Corps"),
        deny("Moen", "the revised casualty figure", canonical="Clara Moen"),
    ]
    # The parser gave no claim-noun object (small models tag "figure" a verb): the noun is
    # read off the short content.
    assert link(claims).denies == 0


def test_possessor_read_off_a_short_content() -> None:
    claims = [
        claim("The Ministry", "4,000 households were paid", canonical="Ministry of Development"),
        claim("Mayor Dahl", "the water is falling, 3 metres", canonical="Ina Dahl"),
        deny("The committee", "the ministry's figure", canonical="Residents' Committee"),
    ]
    assert link(claims).denies == 0


def test_noun_phrase_denial_links_to_the_claim_about_the_denier() -> None:
    # "Morgenpost reported that her office steered a contract …. Kalm said she resigned.
    # She denied any wrongdoing."
    claims = [
        claim("Morgenpost", "her office steered a contract", canonical="Morgenpost", cue="report"),
        claim("Fenn", "the paper saw the emails", canonical="Lars Fenn"),
        claim("Kalm", "she was stepping down", canonical="Ester Kalm"),
        deny("She", "any wrongdoing", canonical="Ester Kalm"),
    ]
    assert link(claims).denies == 0
    # Nothing said about the denier: no link rather than a guess.
    claims[0].content = "a contract went to a company"
    claims[-1].denies = None
    assert link(claims).denies is None


def test_named_denier_is_found_by_name_in_the_accusation() -> None:
    claims = [
        claim("Prosecutors", "Holt accepted bribes", canonical=None),
        claim("The union", "the port is closed", canonical="Dock Union"),
        deny("Holt", "any wrongdoing", canonical="Irena Holt"),
    ]
    # The union's claim is more recent but is not about Holt.
    assert link(claims).denies == 0


def test_a_denial_reported_before_the_claim_links_forward() -> None:
    # "The union rejected reports that it had reached a deal. Local media had reported
    # that the union accepted a pay rise": the lead gives the denial first.
    claims = [
        deny("The union", "it had reached a deal with port operators"),
        claim("Local media", "the union had accepted a 6 per cent pay rise", cue="report"),
    ]
    link_denials(claims, {}, {})
    assert claims[0].denies == 1


def test_a_forward_link_needs_a_claim_cue_or_shared_words() -> None:
    claims = [
        deny("The union", "it had reached a deal with port operators"),
        claim("The weather service", "rain would fall on Tuesday"),
    ]
    link_denials(claims, {}, {})
    assert claims[0].denies is None


def test_a_forward_link_stops_after_a_few_claims() -> None:
    claims = [
        deny("The union", "it had reached a deal with port operators"),
        *[claim(f"Speaker {n}", f"unrelated remark {n}") for n in range(3)],
        claim("Local media", "the union had accepted a pay rise", cue="report"),
    ]
    link_denials(claims, {}, {})
    assert claims[0].denies is None


def test_a_media_noun_owner_matches_a_reporting_claim() -> None:
    # "The ministry declared the newspaper's claim false" answers "Morgenpost reported …",
    # not the minister's own statements in between.
    claims = [
        claim(
            "Morgenpost", "her office had steered a contract", canonical="Morgenpost", cue="report"
        ),
        claim("Kalm", "she was stepping down", canonical="Kalm"),
        claim(
            "The ministry",
            "the newspaper's claim",
            canonical="Ministry of Health",
            cue="declare",
            stance="deny",
        ),
    ]
    assert link(claims, noun="claim", owner="newspaper").denies == 0


def test_different_descriptions_are_different_speakers_whatever_their_resolution() -> None:
    # Both "The group" and "The government" wrongly resolved to one ministry: the claim
    # the government denies is still the group's.
    claims = [
        claim("The group", "it had received guarantees from the government", canonical="Ministry"),
        deny("The government", "any guarantees had been given", canonical="Ministry"),
    ]
    assert link(claims).denies == 0


def test_the_same_description_stays_the_same_speaker() -> None:
    claims = [
        claim("The ministry", "guarantees had been given", canonical="Ministry"),
        deny("the ministry", "any guarantees had been given", canonical="Ministry"),
    ]
    assert link(claims).denies is None


LEAD_DENIAL = """The Ferris Miners' Union on Monday rejected reports that it had signed a wage deal with the mine owners.

The Daily Courier had reported on Sunday that the union had accepted a 4 per cent raise.

The Ministry of Labour declared the newspaper's claim false. Minister Anna Berg said talks would continue.
"""  # noqa: E501


def test_denial_links_on_the_real_parser(nlp: Language) -> None:
    doc = nlp(LEAD_DENIAL)
    claims = extract_claims(doc, extract_mentions(doc))
    report = next(i for i, c in enumerate(claims) if c.cue == "report")
    denials = [c for c in claims if c.stance == Stance.DENY]
    # The union's denial comes before the report it rejects; the ministry's names the
    # newspaper only by its kind.
    assert [c.speaker_canonical for c in denials] == ["Ferris Miners' Union", "Ministry of Labour"]
    assert [c.denies for c in denials] == [report, report]
