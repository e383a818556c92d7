"""Precision on text as the web serves it, and thought/intention acts (issue 22, items 3
and 4), on the real parser (NEWSCLAIMS_SPACY_MODEL, en_core_web_sm by default).

Texts keep a paragraph per line, as pages do (hence the long lines). Each is invented
in the manner of a real page: a meal plan, a sports roundup, a
captioned local story, a recipe, a wire story with a dateline. Every class of error the
news-dev pages showed has a test here that failed before pipeline.claims.prose.
"""

# ruff: noqa: E501

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.claims import extract_claims
from pipeline.nlp.entities import extract_mentions
from pipeline.records import Claim, ClaimAct


def claims_of(nlp: Language, text: str) -> list[Claim]:
    doc = nlp(text)
    return extract_claims(doc, extract_mentions(doc))


def cues(claims: list[Claim]) -> list[str]:
    return [c.cue for c in claims]


MEAL_PLAN = """Meal 1
1 cup oats, 1 cup berries, 1 tsp. honey
Serving Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp.
Meal 2
Grilled chicken with rice and greens
Serving Containers: 2 Green, 1 Purple, 1 Red
Meal 3
Serving Containers: 1 Green, 1 Blue
"""


def test_list_after_a_colon_is_no_claim(nlp: Language) -> None:
    assert claims_of(nlp, MEAL_PLAN) == []


TRANSCRIPT = """MORROW: We will not raise taxes on working families this year.
HALVEY: The numbers you are using have been wrong for three years.
MORROW: They are the council's own numbers.
"""


def test_transcript_turns_stay_claims(nlp: Language) -> None:
    found = claims_of(nlp, TRANSCRIPT)
    assert [c.speaker for c in found if c.cue == ":"] == ["MORROW", "HALVEY", "MORROW"]


HEADLINES = """Senator slams budget plan as reckless

Mayor Dana Orr said on Tuesday that the budget would pass without new taxes.
"""


def test_headlines_give_no_claim(nlp: Language) -> None:
    found = claims_of(nlp, HEADLINES)
    assert [(c.speaker_canonical, c.cue) for c in found] == [("Dana Orr", "say")]


def test_headline_with_an_attribution_frame_is_a_claim(nlp: Language) -> None:
    text = "Police say the driver fled the scene\n\nThe road reopened at noon.\n"
    assert [(c.speaker, c.cue) for c in claims_of(nlp, text)] == [("Police", "say")]


CAPTIONED = """Protesters accuse the council of neglect outside City Hall on Monday. (AP Photo/Lena Marsh)

The transport director, Ivo Brandt, said the repairs would cost $4 million.
"""


def test_caption_gives_no_claim(nlp: Language) -> None:
    found = claims_of(nlp, CAPTIONED)
    assert [c.speaker_canonical for c in found] == ["Ivo Brandt"]


RECIPE = """Instructions
1. Whisk the eggs and sugar, and note that the mixture should turn pale.
2. Fold in the flour; the recipe suggests that you sift it twice.
The baker, Mina Kovac, says the cake keeps for three days.
"""


def test_recipe_steps_give_no_claim(nlp: Language) -> None:
    found = claims_of(nlp, RECIPE)
    assert [c.speaker_canonical for c in found] == ["Mina Kovac"]


NOT_SPEECH = """The video shows officers racing up a staircase.

Brad Kessler added three assists to lead Boston past Ottawa.

The jury found him guilty of two counts of fraud.

The stock added more than 2% to begin the week.

Multiple lines of evidence now point to the existence of plumes on the moon.

Kessler said the team had played its best game of the season.
"""


def test_verbs_in_another_sense_are_no_cues(nlp: Language) -> None:
    found = claims_of(nlp, NOT_SPEECH)
    assert [(c.speaker, c.cue) for c in found] == [("Kessler", "say")]


def test_a_finding_with_a_clause_stays_a_claim(nlp: Language) -> None:
    found = claims_of(nlp, "The study found that the drug cut deaths by a third.")
    assert [(c.speaker, c.cue, c.content) for c in found] == [
        ("The study", "find", "the drug cut deaths by a third")
    ]


DATELINES = """HALDEN, Sept 8 — The Halden Dockworkers' Union on Monday rejected reports that it had reached a deal with port operators.

TESH CITY, March 3 — The Sabre Movement claimed on Sunday that its fighters had captured the ridge.
"""


def test_dateline_is_no_speaker(nlp: Language) -> None:
    found = claims_of(nlp, DATELINES)
    assert [c.speaker for c in found] == ["The Halden Dockworkers' Union", "The Sabre Movement"]


def test_stray_words_are_no_speakers(nlp: Language) -> None:
    text = (
        "You can say all you want that there are cheaper options.\n\n"
        "Which is not to say that the launch was smooth.\n\n"
        "Let’s hope we see more of the company’s partners in court.\n"
    )
    assert claims_of(nlp, text) == []


def test_name_beside_the_speaker_is_not_the_speaker(nlp: Language) -> None:
    text = (
        "The outbreak began in Beijing last week.\n\n"
        "One Weibo commenter wrote that the city had hidden the cases.\n\n"
        "Hong Kong police said that the march had been peaceful.\n"
    )
    found = claims_of(nlp, text)
    assert [c.speaker for c in found] == ["One Weibo commenter", "Hong Kong police"]
    assert [c.speaker_canonical for c in found] == [None, None]


def test_the_pages_own_voice_is_no_attribution(nlp: Language) -> None:
    text = (
        "Ecobee sells a smart thermostat for $169.\n\n"
        "In our review, we called it “a very compelling option for many households.”\n\n"
        "I believe that the price will drop again before the holidays.\n"
    )
    assert claims_of(nlp, text) == []


def test_pronoun_without_a_person_stays_unresolved(nlp: Language) -> None:
    text = (
        "Border agents said they are seizing more fentanyl than ever.\n\n"
        "“We are overwhelmed,” he said.\n"
    )
    he = [c for c in claims_of(nlp, text) if c.speaker == "he"]
    assert len(he) == 1 and he[0].speaker_canonical is None


def test_pronoun_skips_a_name_that_only_modifies_a_noun(nlp: Language) -> None:
    text = (
        "In October, Rep. David McKinley visited the border near McAllen, Texas.\n\n"
        'Border agents "say you\'ve got to pay attention to this," according to the '
        "congressman.\n\n"
        "A major part of the reason, he said, is the flow of drugs.\n"
    )
    he = [c for c in claims_of(nlp, text) if c.speaker == "he"]
    assert [c.speaker_canonical for c in he] == ["David McKinley"]


ACTS = """Senator Lia Moreno said on Monday that the bill would pass.

Moreno believes that the vote will be close.

Analysts fear the plan will raise prices.

Moreno plans to hold hearings in March.

Her aides want the committee to move quickly.

The governor hopes that the talks succeed, and hopes to sign the bill by June.
"""


@pytest.fixture(scope="module")
def acts(nlp: Language) -> dict[str, list[ClaimAct]]:
    found: dict[str, list[ClaimAct]] = {}
    for claim in claims_of(nlp, ACTS):
        found.setdefault(claim.cue, []).append(claim.act)
    return found


def test_speech_is_speech(acts: dict[str, list[ClaimAct]]) -> None:
    assert acts["say"] == [ClaimAct.SPEECH]


def test_beliefs_and_fears_are_thoughts(acts: dict[str, list[ClaimAct]]) -> None:
    assert acts["believe"] == [ClaimAct.THOUGHT]
    assert acts["fear"] == [ClaimAct.THOUGHT]


def test_plans_and_wishes_are_intentions(acts: dict[str, list[ClaimAct]]) -> None:
    assert acts["plan"] == [ClaimAct.INTENTION]
    assert acts["want"] == [ClaimAct.INTENTION]


def test_hope_is_a_thought_with_a_clause_and_an_intention_with_to(
    acts: dict[str, list[ClaimAct]],
) -> None:
    assert sorted(acts["hope"]) == sorted([ClaimAct.THOUGHT, ClaimAct.INTENTION])


def test_thought_needs_someone_who_thinks(nlp: Language) -> None:
    text = "The trial is expected to resume on Friday after a short break."
    assert claims_of(nlp, text) == []


def test_a_wish_for_a_thing_is_no_claim(nlp: Language) -> None:
    assert claims_of(nlp, "Residents want a new school and a bigger park.") == []
