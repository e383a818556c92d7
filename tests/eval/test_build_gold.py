"""eval.build_gold: snippets to offsets, loud failures, and the committed gold set."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eval.build_gold import (
    GOLD_DIR,
    GoldError,
    build,
    build_article,
    load_texts,
    locate,
    main,
    parse_entities,
)

TEXT = "Okoye said the ridge fell. He added that the road was open, he said.\n"


def claim(**kw: Any) -> dict[str, Any]:
    row = {"id": "c1", "speaker": "Okoye", "entity": "Daran Okoye", "cue": "say",
           "stance": "assert", "kind": "indirect", "content": "the ridge fell"}  # fmt: skip
    row.update(kw)
    return row


def article(*claims: dict[str, Any]) -> dict[str, Any]:
    return {"entities": {"Daran Okoye": "person"}, "claims": list(claims)}


# --- locate -------------------------------------------------------------------------


def test_locate_unique_snippet() -> None:
    assert locate(TEXT, "the ridge fell") == (11, 25)


def test_locate_missing_snippet_fails() -> None:
    with pytest.raises(GoldError, match="found 0 times"):
        locate(TEXT, "the valley fell")


def test_locate_ambiguous_snippet_fails() -> None:
    with pytest.raises(GoldError, match="found 2 times"):
        locate(TEXT, "said")


def test_locate_whole_words_only() -> None:
    # "he" also occurs inside both "the"s; only the word counts (matching is case-exact).
    assert len(re.findall("he", TEXT)) == 3
    start, end = locate(TEXT, "he")
    assert TEXT[start - 1 : end + 5] == " he said"


def test_locate_within_context() -> None:
    start, end = locate(TEXT, "He", within="He added")
    assert (TEXT[start:end], start) == ("He", TEXT.index("He added"))


def test_locate_within_must_be_unique() -> None:
    with pytest.raises(GoldError, match="context"):
        locate(TEXT, "said", within="said")


def test_locate_occurrence_out_of_range() -> None:
    with pytest.raises(GoldError, match="occurrence 3"):
        locate(TEXT, "said", n=3)


# --- build_article ------------------------------------------------------------------


def test_build_article_offsets_slice_to_text() -> None:
    rows = build_article("d", TEXT, article(
        claim(),
        claim(id="c2", speaker="He", speaker_within="He added", cue="add",
              content="the road was open"),
    ))  # fmt: skip
    for row in rows:
        assert TEXT[row["content_start"] : row["content_end"]] == row["content_text"]
        assert TEXT[row["speaker_start"] : row["speaker_end"]] == row["speaker_text"]
    assert [r["speaker_text"] for r in rows] == ["Okoye", "He"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stance": "agree"}, "stance"),
        ({"kind": "reported"}, "kind"),
        ({"entity": "Ilse Varga"}, "not listed"),
        ({"content": "the ridge fell."}, "edge punctuation"),
        ({"content": "the ridge"}, None),  # valid: a shorter span is fine
        ({"cue": ""}, "'cue' is required"),
        ({"colour": "red"}, "unknown keys"),
        ({"speaker": "Varga"}, "found 0 times"),
    ],
)
def test_build_article_checks(change: dict[str, Any], message: str | None) -> None:
    ann = article(claim(**change))
    if message is None:
        build_article("d", TEXT, ann)
    else:
        with pytest.raises(GoldError, match=message):
            build_article("d", TEXT, ann)


def test_entity_must_be_given_even_when_null() -> None:
    c = claim()
    del c["entity"]
    with pytest.raises(GoldError, match="'entity' is required"):
        build_article("d", TEXT, article(c))


def test_that_complementizer_is_left_out() -> None:
    text = "Okoye said that the ridge fell.\n"
    with pytest.raises(GoldError, match="'that'"):
        build_article("d", text, article(claim(content="that the ridge fell")))


def test_denies_must_point_to_another_claim_of_the_article() -> None:
    deny = claim(id="c2", speaker="He", speaker_within="He added", cue="add",
                 stance="deny", content="the road was open")  # fmt: skip
    with pytest.raises(GoldError, match="denies"):
        build_article("d", TEXT, article(claim(), {**deny, "denies": "c9"}))
    with pytest.raises(GoldError, match="denies"):
        build_article("d", TEXT, article(claim(), {**deny, "denies": "c2"}))
    with pytest.raises(GoldError, match="only a deny claim"):
        build_article("d", TEXT, article(claim(), {**deny, "stance": "assert", "denies": "c1"}))
    rows = build_article("d", TEXT, article(claim(), {**deny, "denies": "c1"}))
    assert rows[1]["denies"] == "c1"


def test_duplicate_ids_fail() -> None:
    with pytest.raises(GoldError, match="repeated id"):
        build_article("d", TEXT, article(claim(), claim()))


def test_surname_alias_only_when_unique() -> None:
    ents = parse_entities({"Daran Okoye": "person", "Ilse Varga": "person",
                           "Mira Varga": "person", "Red Hand": "group"}, "d")  # fmt: skip
    assert ents["Daran Okoye"].aliases == ("Okoye",)
    assert ents["Ilse Varga"].aliases == ()  # two Vargas: the surname names neither
    assert ents["Red Hand"].aliases == ()  # surnames are for persons only


# --- the committed gold set ---------------------------------------------------------


@pytest.fixture(scope="module")
def gold_rows() -> list[dict[str, Any]]:
    with (GOLD_DIR / "gold.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_gold_jsonl_is_what_the_annotations_build() -> None:
    assert main(["--check"]) == 0, "eval/gold/gold.jsonl is stale: python -m eval.build_gold"


def test_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    shutil.copytree(GOLD_DIR / "articles", tmp_path / "articles")
    (tmp_path / "gold.jsonl").write_text("", encoding="utf-8")
    assert main(["--gold-dir", str(tmp_path), "--check"]) == 1
    assert main(["--gold-dir", str(tmp_path)]) == 0
    assert main(["--gold-dir", str(tmp_path), "--check"]) == 0


def test_every_offset_slices_to_its_text(gold_rows: list[dict[str, Any]]) -> None:
    texts = load_texts()
    for row in gold_rows:
        text = texts[row["doc"]]
        assert text[row["content_start"] : row["content_end"]] == row["content_text"], row
        assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker_text"], row


def test_every_denial_points_to_a_claim_of_its_document(
    gold_rows: list[dict[str, Any]],
) -> None:
    ids = {(r["doc"], r["id"]) for r in gold_rows}
    links = [r for r in gold_rows if r["denies"] is not None]
    assert links
    for row in links:
        assert row["stance"] == "deny"
        assert (row["doc"], row["denies"]) in ids and row["denies"] != row["id"]


def test_ids_unique_per_document(gold_rows: list[dict[str, Any]]) -> None:
    keys = [(r["doc"], r["id"]) for r in gold_rows]
    assert len(keys) == len(set(keys))


def test_gold_set_size_and_coverage(gold_rows: list[dict[str, Any]]) -> None:
    texts = load_texts()
    assert len(texts) >= 18
    for doc, text in texts.items():
        assert 150 <= len(text.split()) <= 450, doc
    assert {r["doc"] for r in gold_rows} == set(texts)
    kinds = Counter(r["kind"] for r in gold_rows)
    assert set(kinds) == {"direct", "indirect", "mixed", "according_to"}
    stances = Counter(r["stance"] for r in gold_rows)
    assert stances["deny"] >= 10
    pronouns = {r["speaker_text"].lower() for r in gold_rows}
    assert {"he", "she", "they", "it"} <= pronouns
    # Quotes across paragraphs and interrupted by their frame are represented.
    assert any("\n\n" in r["content_text"] and r["kind"] == "direct" for r in gold_rows)
    assert any(r["speaker_start"] > r["content_start"] and r["speaker_end"] < r["content_end"]
               for r in gold_rows)  # fmt: skip


def test_build_is_deterministic() -> None:
    assert build() == build()
