"""Speaker resolution rules on hand-built parses in both dependency schemes: timestamps,
gender evidence for pronouns, named appositions, descriptions, untagged names and unnamed
spokespeople (pipeline/claims/speakers.py)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.claims import extract_claims
from pipeline.nlp.entities import extract_mentions
from pipeline.records import Claim
from tests.claims.docs import Sentence
from tests.claims.test_schemes import SCHEMES, claims_for


def _said(subject: list[tuple[str, int, str, str, str]], ents=()) -> Sentence:
    """``subject`` rows (heads relative to the sentence; the subject's head is the index
    of "said", len(subject)) + "said the talks failed ."; same labels in both schemes
    except where the subject rows differ (given via ``ents`` only)."""
    n = len(subject)
    tail = [
        ("said", n, "ROOT", "VERB", "say"),
        ("the", n + 2, "det", "DET", "the"),
        ("talks", n + 3, "nsubj", "NOUN", "talk"),
        ("failed", n, "ccomp", "VERB", "fail"),
        (".", n, "punct", "PUNCT", "."),
    ]
    rows = subject + tail
    return Sentence(ud=rows, clear=rows, ents=tuple(ents))


def _name(first: str, last: str, flat: str) -> list[tuple[str, int, str, str, str]]:
    return [(first, 1, flat, "PROPN", first), (last, 2, "nsubj", "PROPN", last)]


def _pair(ud: list, clear: list, ents=()) -> Sentence:
    return Sentence(ud=ud, clear=clear, ents=tuple(ents))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_live_blog_timestamp_is_not_the_speaker(scheme: str) -> None:
    rows = [
        ("10:50", 4, "nsubj", "NUM", "10:50"),
        ("—", 3, "punct", "PUNCT", "—"),
        ("The", 3, "det", "DET", "the"),
        ("Council", 0, "appos", "PROPN", "Council"),
    ]
    _, claims = claims_for([_said(rows, [(3, 4, "ORG")])], scheme)
    assert claims[0].speaker == "The Council"
    assert claims[0].speaker_canonical == "Council"


def _sand_lyst_he(scheme: str, lyst: Sentence) -> list:
    """Sand (gender unknown) speaks, then Lyst, then "He": the latest speaker is Lyst, so
    only evidence that she is a woman sends "He" back to Sand."""
    flat = "flat" if scheme == "ud" else "compound"
    sand = _said(_name("Mikkel", "Sand", flat), [(0, 2, "PERSON")])
    he = _said([("He", 1, "nsubj", "PRON", "he")])
    _, claims = claims_for([sand, lyst, he], scheme)
    return claims


@pytest.mark.parametrize("scheme", SCHEMES)
def test_he_skips_the_latest_speaker_when_she_is_titled_ms(scheme: str) -> None:
    flat = "flat" if scheme == "ud" else "compound"
    rows = [
        ("Ms", 2, "compound", "PROPN", "Ms"),
        ("Hanne", 2, flat, "PROPN", "Hanne"),
        ("Lyst", 3, "nsubj", "PROPN", "Lyst"),
    ]
    claims = _sand_lyst_he(scheme, _said(rows, [(1, 3, "PERSON")]))
    assert [c.speaker_canonical for c in claims] == ["Mikkel Sand", "Hanne Lyst", "Mikkel Sand"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_without_evidence_he_takes_the_latest_speaker(scheme: str) -> None:
    flat = "flat" if scheme == "ud" else "compound"
    claims = _sand_lyst_he(scheme, _said(_name("Hanne", "Lyst", flat), [(0, 2, "PERSON")]))
    assert claims[2].speaker_canonical == "Hanne Lyst"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_gendered_role_noun_and_named_apposition(scheme: str) -> None:
    # "The spokeswoman, Hanne Lyst, said …": the name is the speaker, and she is a woman.
    flat = "flat" if scheme == "ud" else "compound"
    rows = [
        ("The", 1, "det", "DET", "the"),
        ("spokeswoman", 6, "nsubj", "NOUN", "spokeswoman"),
        (",", 4, "punct", "PUNCT", ","),
        ("Hanne", 4, flat, "PROPN", "Hanne"),
        ("Lyst", 1, "appos", "PROPN", "Lyst"),
        (",", 4, "punct", "PUNCT", ","),
    ]
    claims = _sand_lyst_he(scheme, _said(rows, [(3, 5, "PERSON")]))
    assert claims[1].speaker == "Hanne Lyst"
    assert claims[1].speaker_canonical == "Hanne Lyst"
    assert claims[2].speaker == "He"
    assert claims[2].speaker_canonical == "Mikkel Sand"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pronoun_prefers_the_latest_subject_over_an_older_speaker(scheme: str) -> None:
    # "Sand said …. Okoye left the hall. He said …": Okoye, the subject, not Sand.
    flat = "flat" if scheme == "ud" else "compound"
    sand = _said(_name("Mikkel", "Sand", flat), [(0, 2, "PERSON")])
    left = [
        ("Daran", 1, flat, "PROPN", "Daran"),
        ("Okoye", 2, "nsubj", "PROPN", "Okoye"),
        ("left", 2, "ROOT", "VERB", "leave"),
        ("the", 4, "det", "DET", "the"),
        ("hall", 2, "obj" if scheme == "ud" else "dobj", "NOUN", "hall"),
        (".", 2, "punct", "PUNCT", "."),
    ]
    he = _said([("He", 1, "nsubj", "PRON", "he")])
    _, claims = claims_for([sand, _pair(left, left, [(0, 2, "PERSON")]), he], scheme)
    assert claims[-1].speaker_canonical == "Daran Okoye"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_court_resolves_to_the_organisation_named_with_court(scheme: str) -> None:
    ruled = [
        ("Constitutional", 1, "compound", "PROPN", "Constitutional"),
        ("Court", 2, "nsubj", "PROPN", "Court"),
        ("sat", 2, "ROOT", "VERB", "sit"),
        (".", 2, "punct", "PUNCT", "."),
    ]
    court = _said([("The", 1, "det", "DET", "the"), ("court", 2, "nsubj", "NOUN", "court")])
    _, claims = claims_for([_pair(ruled, ruled, [(0, 2, "ORG")]), court], scheme)
    assert claims[0].speaker == "The court"
    assert claims[0].speaker_canonical == "Constitutional Court"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_untagged_proper_name_is_its_own_canonical_name(scheme: str) -> None:
    flat = "flat" if scheme == "ud" else "compound"
    _, claims = claims_for([_said(_name("Sven", "Dahl", flat))], scheme)
    assert claims[0].speaker_canonical == "Sven Dahl"
    assert claims[0].speaker_label is None  # the name is certain, its type is not


@pytest.mark.parametrize("scheme", SCHEMES)
def test_unnamed_spokeswoman_speaks_for_the_organisation(scheme: str) -> None:
    # "A spokeswoman for Nordmark said …"
    if scheme == "ud":
        rows = [
            ("A", 1, "det", "DET", "a"),
            ("spokeswoman", 4, "nsubj", "NOUN", "spokeswoman"),
            ("for", 3, "case", "ADP", "for"),
            ("Nordmark", 1, "nmod", "PROPN", "Nordmark"),
        ]
    else:
        rows = [
            ("A", 1, "det", "DET", "a"),
            ("spokeswoman", 4, "nsubj", "NOUN", "spokeswoman"),
            ("for", 1, "prep", "ADP", "for"),
            ("Nordmark", 2, "pobj", "PROPN", "Nordmark"),
        ]
    _, claims = claims_for([_said(rows, [(3, 4, "ORG")])], scheme)
    assert claims[0].speaker == "A spokeswoman"
    assert claims[0].speaker_canonical == "Nordmark"


# -- the real parser (en_core_web_sm by default) on short invented articles -------------


def _real_claims(nlp: Language, text: str) -> list[Claim]:
    doc = nlp(text)
    return extract_claims(doc, extract_mentions(doc))


def _speaker_of(claims: list[Claim], content_start: str) -> str | None:
    found = [c for c in claims if c.content.startswith(content_start)]
    assert found, f"no claim starting {content_start!r}: {[c.content for c in claims]}"
    return found[0].speaker_canonical


def test_role_named_only_later_resolves_to_its_one_holder(nlp: Language) -> None:
    # Cataphora: the lead gives the role, a later paragraph the name.
    text = (
        "The old bridge in Kelmar will be closed to traffic next year, Dorvia's transport "
        "minister said on Monday.\n\n"
        "Repairs will take two years, the ministry said in a statement.\n\n"
        '"The bridge is no longer safe," Transport Minister Halvard Brenne told reporters.\n'
    )
    claims = _real_claims(nlp, text)
    assert _speaker_of(claims, "The old bridge") == "Halvard Brenne"


def test_role_held_by_two_people_stays_unresolved(nlp: Language) -> None:
    text = (
        "The old bridge in Kelmar will be closed to traffic next year, the minister said on "
        "Monday.\n\n"
        '"The bridge is no longer safe," Transport Minister Halvard Brenne told reporters.\n\n'
        '"We will pay for it," Finance Minister Ilse Varga said.\n'
    )
    claims = _real_claims(nlp, text)
    assert _speaker_of(claims, "The old bridge") is None


def test_company_officials_speak_for_the_company_just_named(nlp: Language) -> None:
    # "Company management" / "company officials": the collective noun refers back as
    # "the company" would.
    text = (
        "Larsen Foods reported a loss for the third quarter. Shares fell 4% in early "
        "trading. Company management said sales would recover in the spring.\n"
    )
    claims = _real_claims(nlp, text)
    assert _speaker_of(claims, "sales would recover") == "Larsen Foods"


def test_name_typed_as_organisation_but_called_her_is_a_person(nlp: Language) -> None:
    # The small model types a lone "Brandt" as an organisation; "her leadership" in her
    # own sentence says otherwise, so "She" next is Brandt, not the man quoted before.
    text = (
        "The chief prosecutor, Pavel Teodor, said the case was strong.\n\n"
        "In a statement, Brandt admitted that mistakes had been made under her leadership. "
        "She insisted, however, that she had never taken money.\n"
    )
    claims = _real_claims(nlp, text)
    assert _speaker_of(claims, "she had never") == "Brandt"
    assert [c.speaker_label for c in claims if c.speaker == "Brandt"] == ["person"]


def test_the_court_saying_his_appeal_stays_an_organisation(nlp: Language) -> None:
    text = (
        "Jonas Varga was jailed in May. The Supreme Court said on Friday that his appeal "
        "had failed.\n"
    )
    claims = _real_claims(nlp, text)
    assert [c.speaker_label for c in claims if c.content.startswith("his appeal")] == [
        "organization"
    ]


def test_the_prosecutors_office_is_not_the_last_organisation_named(nlp: Language) -> None:
    # A possessed collective noun is a body not met before: no wrong name for it.
    text = (
        "The caller asked about the Northern Brotherhood and made threats. The "
        "prosecutor's office said the man had been arrested on Friday.\n"
    )
    claims = _real_claims(nlp, text)
    assert _speaker_of(claims, "the man had been") is None


def test_gerund_after_by_takes_the_subject_of_its_verb(nlp: Language) -> None:
    # "began by saying": the one who began is the one saying; "criticised Vance for
    # saying" is said by Vance, not by the senator, so it is not inherited.
    text = (
        "Dean, a medical doctor, then appeared on MSNBC on Tuesday and began by saying he "
        "would never diagnose someone through television.\n\n"
        "The senator criticised Vance for saying the vote was rigged.\n"
    )
    claims = _real_claims(nlp, text)
    assert _speaker_of(claims, "he would never") == "Dean"
    assert _speaker_of(claims, "the vote was rigged") != "The senator"


def test_name_phrase_split_into_two_subjects_is_headed_by_the_name(nlp: Language) -> None:
    # The parser makes both "Wikileaks" and "Hrafnsson" subjects of "said": one phrase.
    text = (
        "There was no immediate comment from the minister but Wikileaks welcomed the move.\n\n"
        'Wikileaks editor-in-chief Kristinn Hrafnsson said: "Let us now focus on the threat '
        'of prosecution."\n'
    )
    claims = _real_claims(nlp, text)
    assert _speaker_of(claims, "Let us now focus") == "Kristinn Hrafnsson"


def test_place_inside_a_longer_untagged_name_is_not_the_speaker(nlp: Language) -> None:
    # Only "U.S." is tagged; the office speaks, not the United States.
    text = (
        "A man from Addison pleaded guilty on Monday to threatening a congresswoman, "
        "the U.S. Attorney's Office said.\n"
    )
    claims = _real_claims(nlp, text)
    assert _speaker_of(claims, "A man from Addison") == "U.S. Attorney's Office"


def test_news_conference_announcing_is_spoken_by_who_held_it(nlp: Language) -> None:
    # "announcing" hangs on "conference"; the speaker is the one who spoke at it.
    text = (
        'The minister defended the policy on Monday. "We will get there together," she '
        "said at a recent news conference announcing that her department was suing the "
        "state.\n"
    )
    claims = _real_claims(nlp, text)
    announced = [c for c in claims if c.content.startswith("her department")]
    assert [c.speaker for c in announced] == ["she"]


def test_adjective_passes_on_the_subject_of_its_verb(nlp: Language) -> None:
    # "is determined to warn": the one determined is the one warning.
    text = "Mr. Obama is also determined to warn his supporters about the dangers of apathy.\n"
    claims = _real_claims(nlp, text)
    assert [c.speaker for c in claims if c.cue == "warn"] == ["Mr. Obama"]


def test_cue_hung_inside_the_reported_clause_keeps_the_reporter(nlp: Language) -> None:
    # The parser hangs "warned" on "order", inside what Trump said; "he" is Trump taking
    # up the thread, so the speaker is the name, as written.
    text = (
        "Trump, speaking to a veterans group in Virginia, said he would order a thorough "
        "review of the nation's computer defenses and warned against potential hackers "
        "from China.\n"
    )
    claims = _real_claims(nlp, text)
    assert [c.speaker for c in claims if c.cue == "warn"] == ["Trump"]
