"""eval.score on small hand-made gold and prediction sets."""

from __future__ import annotations

from typing import Any

import pytest

from eval.score import match_document, normalise_name, score, speaker_correct


def gold(cid: str, start: int, end: int, **kw: Any) -> dict[str, Any]:
    row = {
        "doc": "d", "id": cid, "content_start": start, "content_end": end,
        "speaker_start": 0, "speaker_end": 5, "speaker_entity": "Daran Okoye",
        "speaker_type": "person", "speaker_aliases": ["Okoye"], "stance": "assert",
        "kind": "indirect", "denies": None,
    }  # fmt: skip
    row.update(kw)
    return row


def pred(pid: int, start: int, end: int, **kw: Any) -> dict[str, Any]:
    row = {
        "doc": "d", "id": pid, "content_start": start, "content_end": end,
        "speaker_start": 0, "speaker_end": 5, "speaker_entity": "Daran Okoye",
        "stance": "assert", "kind": "indirect", "denies": None,
    }  # fmt: skip
    row.update(kw)
    return row


def test_exact_prediction_scores_one() -> None:
    s = score([gold("c1", 10, 50)], [pred(0, 10, 50)])
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.speaker_accuracy == 1.0 and s.stance_accuracy == 1.0


def test_empty_predictions() -> None:
    s = score([gold("c1", 10, 50), gold("c2", 60, 90)], [])
    assert (s.matched, s.pred, s.gold) == (0, 0, 2)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert s.speaker_accuracy is None and s.link_accuracy is None


def test_empty_gold_and_predictions() -> None:
    s = score([], [])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_whole_document_prediction_matches_nothing() -> None:
    golds = [gold("c1", 100, 140), gold("c2", 300, 360), gold("c3", 500, 520)]
    s = score(golds, [pred(0, 0, 1000)])
    assert s.matched == 0


def test_coverage_threshold_is_thirty_percent_of_gold() -> None:
    g = [gold("c1", 0, 100)]
    assert score(g, [pred(0, 0, 30)]).matched == 1  # 30% covered, all inside
    assert score(g, [pred(0, 0, 29)]).matched == 0


def test_purity_threshold_is_half_the_prediction() -> None:
    g = [gold("c1", 100, 200)]
    assert score(g, [pred(0, 50, 150)]).matched == 1  # 50 of 100 inside
    assert score(g, [pred(0, 49, 150)]).matched == 0  # 50 of 101 inside


def test_one_prediction_cannot_match_two_gold_claims() -> None:
    # Two adjacent gold claims, one prediction covering both enough for each.
    golds = [gold("c1", 0, 40), gold("c2", 40, 80)]
    s = score(golds, [pred(0, 0, 80)])
    assert s.matched == 1


def test_two_predictions_cannot_match_one_gold_claim() -> None:
    s = score([gold("c1", 0, 100)], [pred(0, 0, 60), pred(1, 40, 100)])
    assert (s.matched, s.precision, s.recall) == (1, 0.5, 1.0)


def test_greedy_takes_largest_overlap_first() -> None:
    # p0 straddles both gold claims (50 chars in each, a tie it would break towards c1);
    # p1 is exactly c1. Largest overlap first pairs p1-c1, leaving c2 for p0; taking the
    # predictions in input order would give p0 c1 and leave p1 with nothing.
    golds = [gold("c1", 0, 100), gold("c2", 100, 200)]
    pairs = match_document(golds, [pred(0, 50, 150), pred(1, 0, 100)])
    assert {(p.pred, p.gold) for p in pairs} == {(1, 0), (0, 1)}


def test_predictions_only_match_their_own_document() -> None:
    s = score([gold("c1", 0, 50)], [pred(0, 0, 50, doc="other")])
    assert s.matched == 0 and s.pred == 0 and s.ignored_pred_docs == 1


def test_empty_prediction_span_is_skipped() -> None:
    assert score([gold("c1", 0, 50)], [pred(0, 20, 20)]).matched == 0


@pytest.mark.parametrize(
    ("predicted", "ok"),
    [
        ("Daran Okoye", True),
        ("  daran   OKOYE ", True),
        ("Okoye", True),  # the surname alias build_gold adds
        ("General Daran Okoye", True),  # a title in front of the full name
        ("Daran", False),
        ("Okoye Daran", False),
        ("Ilse Varga", False),
        (None, False),
        ("", False),
    ],
)
def test_speaker_person_names(predicted: str | None, ok: bool) -> None:
    assert speaker_correct({"speaker_entity": predicted}, gold("c1", 0, 10)) is ok


def test_speaker_surname_without_alias_is_wrong() -> None:
    # Two people share the surname: build_gold gives no alias, so "Okoye" is not enough.
    g = gold("c1", 0, 10, speaker_aliases=[])
    assert not speaker_correct({"speaker_entity": "Okoye"}, g)


@pytest.mark.parametrize(
    ("predicted", "ok"),
    [
        ("Highland Defence League", True),
        ("the Highland Defence League", True),
        ("HDL", True),
        ("Highland Defence League's", True),
        ("League", False),
        ("Defence League", False),
        ("The Highland Defence League fighters", False),  # containment is for persons only
    ],
)
def test_speaker_organisation_names(predicted: str, ok: bool) -> None:
    g = gold(
        "c1", 0, 10, speaker_entity="Highland Defence League",
        speaker_type="organization", speaker_aliases=["HDL"],
    )  # fmt: skip
    assert speaker_correct({"speaker_entity": predicted}, g) is ok


def test_unresolved_gold_speaker_compares_spans() -> None:
    g = gold("c1", 50, 90, speaker_entity=None, speaker_type=None, speaker_aliases=[],
             speaker_start=20, speaker_end=29)  # fmt: skip
    assert speaker_correct({"speaker_start": 25, "speaker_end": 40}, g)
    assert not speaker_correct({"speaker_start": 29, "speaker_end": 40}, g)  # touching only
    assert not speaker_correct({"speaker_start": None, "speaker_end": None}, g)


def test_speaker_and_stance_accuracy_count_matches_only() -> None:
    golds = [gold("c1", 0, 40), gold("c2", 50, 90, stance="deny"), gold("c3", 100, 140)]
    preds = [
        pred(0, 0, 40, speaker_entity="Ilse Varga"),  # wrong speaker, right stance
        pred(1, 50, 90, stance="assert"),  # right speaker, wrong stance
    ]  # c3 is missed and does not count against the accuracies
    s = score(golds, preds)
    assert s.matched == 2
    assert s.speaker_accuracy == 0.5
    assert s.stance_accuracy == 0.5


def test_recall_by_kind() -> None:
    golds = [gold("c1", 0, 40, kind="direct"), gold("c2", 50, 90, kind="indirect"),
             gold("c3", 100, 140, kind="indirect")]  # fmt: skip
    s = score(golds, [pred(0, 0, 40), pred(1, 100, 140)])
    assert s.recall_by_kind() == {"direct": 1.0, "indirect": 0.5}


def denial_set() -> list[dict[str, Any]]:
    return [
        gold("c1", 0, 40),
        gold("c2", 50, 60, stance="deny", denies="c1"),
        gold("c3", 100, 140),
    ]


def test_denial_link_correct_when_pointing_at_the_target_match() -> None:
    preds = [pred(7, 0, 40), pred(8, 50, 60, stance="deny", denies=7), pred(9, 100, 140)]
    s = score(denial_set(), preds)
    assert (s.link_correct, s.link_total, s.link_gold) == (1, 1, 1)


def test_denial_link_wrong_target_or_missing() -> None:
    wrong = [pred(7, 0, 40), pred(8, 50, 60, stance="deny", denies=9), pred(9, 100, 140)]
    assert score(denial_set(), wrong).link_accuracy == 0.0
    missing = [pred(7, 0, 40), pred(8, 50, 60, stance="deny"), pred(9, 100, 140)]
    assert score(denial_set(), missing).link_accuracy == 0.0


def test_denial_link_not_scored_when_target_unmatched() -> None:
    preds = [pred(8, 50, 60, stance="deny", denies=3), pred(9, 100, 140)]
    s = score(denial_set(), preds)
    assert (s.link_total, s.link_gold) == (0, 1)
    assert s.link_accuracy is None


def test_normalise_name() -> None:
    assert normalise_name("The  Northern Alliance Council’s") == "northern alliance council"
    assert normalise_name("Theodor Marsh") == "theodor marsh"  # "the" only as a word


def test_predictions_on_a_document_without_claims_count_when_it_is_named() -> None:
    gold = [{"doc": "a", "id": "c1", "kind": "indirect", "stance": "assert",
             "content_start": 0, "content_end": 10, "speaker_start": 0, "speaker_end": 1,
             "speaker_entity": None}]  # fmt: skip
    preds = [{"doc": "a", "content_start": 0, "content_end": 10},
             {"doc": "recipe", "content_start": 0, "content_end": 5}]  # fmt: skip
    assert score(gold, preds).precision == 1.0  # "recipe" is outside the gold set
    named = score(gold, preds, docs=["a", "recipe"])
    assert (named.pred, named.precision, named.ignored_pred_docs) == (2, 0.5, 0)


@pytest.mark.parametrize(
    ("predicted", "ok"),
    [
        ("United Kingdom", True),  # the product's name for the listed variant "UK"
        ("UK", True),
        ("United States", False),  # another listed entity
        ("Ukraine", False),
    ],
)
def test_speaker_listed_variants_are_one_name(predicted: str, ok: bool) -> None:
    g = gold("c1", 0, 10, speaker_entity="UK", speaker_type="place", speaker_aliases=[])
    assert speaker_correct({"speaker_entity": predicted}, g) is ok
