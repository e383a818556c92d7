"""eval.webgold: offsets and hashes instead of text, loud failures, the committed set."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from eval.build_gold import GOLD_DIR
from eval.webgold import (
    DEFAULT_CORPUS,
    GROUND_TRUTH,
    PAGES,
    WEBGOLD_DIR,
    WebGoldError,
    _dump,
    build_page,
    from_snippets,
    load,
    set_aside,
    sha256,
)
from tests.eval.conftest import ARTICLE, PAGE, article_rows, article_text

COMMITTED = sorted((WEBGOLD_DIR / PAGES).glob("*.json"))
needs_corpus = pytest.mark.skipif(
    not (DEFAULT_CORPUS / GROUND_TRUTH).exists(), reason=f"news-dev corpus not at {DEFAULT_CORPUS}"
)


def snippet_source(**extra: Any) -> dict[str, Any]:
    src: dict[str, Any] = yaml.safe_load(
        (GOLD_DIR / "articles" / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
    )
    return {**src, "genre": "news", **extra}


def test_offsets_rebuild_the_snippet_annotation() -> None:
    ann = from_snippets(PAGE, article_text(), snippet_source(), "https://example.org/a")
    claims, thoughts = build_page(PAGE, article_text(), json.loads(_dump(ann)))
    want = article_rows()
    keys = ("speaker_start", "speaker_end", "content_start", "content_end", "speaker_entity",
            "speaker_aliases", "cue", "stance", "kind", "denies")  # fmt: skip
    assert [{k: r[k] for k in keys} for r in claims] == [{k: r[k] for k in keys} for r in want]
    assert thoughts == []


def test_a_changed_body_fails_on_its_hash() -> None:
    ann = from_snippets(PAGE, article_text(), snippet_source(), "https://example.org/a")
    with pytest.raises(WebGoldError, match="SHA-256"):
        build_page(PAGE, article_text().replace("said", "says", 1), ann)


def test_a_span_cutting_a_word_fails() -> None:
    ann = from_snippets(PAGE, article_text(), snippet_source(), "https://example.org/a")
    start, end = ann["claims"][0]["content"]
    ann["claims"][0]["content"] = [start + 1, end]
    with pytest.raises(WebGoldError, match="cuts a word"):
        build_page(PAGE, article_text(), ann)


def test_long_content_written_head_and_tail() -> None:
    text = 'She said: "The road is open. The bridge is not. We will see." Then she left.'
    src = {"genre": "news", "entities": {}, "claims": [
        {"id": "c1", "speaker": "She", "entity": None, "cue": "say", "stance": "assert",
         "kind": "direct", "content": "The road is open ~~ We will see"}]}  # fmt: skip
    ann = from_snippets("p", text, src, "u")
    start, end = ann["claims"][0]["content"]
    assert text[start:end] == "The road is open. The bridge is not. We will see"


def test_thought_attributions_are_set_aside_not_scored() -> None:
    text = "Officials believe the dam will hold. The mayor said the road is open."
    src = {"genre": "news", "entities": {}, "claims": [
        {"id": "c1", "speaker": "mayor", "entity": None, "cue": "say", "stance": "assert",
         "kind": "indirect", "content": "the road is open"}], "thoughts": [
        {"id": "t1", "speaker": "Officials", "entity": None, "cue": "believe",
         "stance": "assert", "kind": "indirect", "content": "the dam will hold"}]}  # fmt: skip
    claims, thoughts = build_page("p", text, from_snippets("p", text, src, "u"))
    assert [c["id"] for c in claims] == ["c1"] and [t["id"] for t in thoughts] == ["t1"]
    preds = [{"doc": "p", "content_start": s, "content_end": e} for s, e in ((18, 35), (52, 68))]
    kept, aside = set_aside(thoughts, preds)
    assert aside == 1 and kept == [preds[1]]


def test_load_checks_every_page_against_the_corpus(web_corpus: tuple[Path, Path]) -> None:
    corpus, annotations = web_corpus
    gold = load(corpus, annotations)
    assert set(gold.texts) == {PAGE} and len(gold.rows) == len(article_rows())
    truth = json.loads((corpus / GROUND_TRUTH).read_text(encoding="utf-8"))
    truth[PAGE]["articleBody"] += " An editor's note."
    (corpus / GROUND_TRUTH).write_text(json.dumps(truth), encoding="utf-8")
    with pytest.raises(WebGoldError, match="SHA-256"):
        load(corpus, annotations)


# --- the committed set ----------------------------------------------------------------


@pytest.fixture(scope="module")
def committed() -> Iterator[list[dict[str, Any]]]:
    yield [json.loads(p.read_text(encoding="utf-8")) for p in COMMITTED]


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


def test_committed_pages_hold_no_page_text(committed: list[dict[str, Any]]) -> None:
    # Offsets, labels, the URL and the hash only: the corpus stays out of the repository.
    assert len(committed) >= 25
    for ann in committed:
        for key, value in _strings(ann):
            assert key in {"page", "url", "sha256", "genre", "cue", "stance", "kind", "type",
                           "id", "entity", "denies"}, (ann["page"], key)  # fmt: skip
            assert len(value) <= 64 or key == "url", (ann["page"], key)


@needs_corpus
def test_committed_pages_match_the_corpus() -> None:
    gold = load()
    assert len(gold.texts) >= 25
    assert len(gold.rows) >= 100
    assert len(set(gold.genres.values())) >= 5  # news, sport, opinion, how-to, listing ...
    assert len(set(gold.texts) - {r["doc"] for r in gold.rows}) >= 5  # pages without any
    for r in gold.rows + gold.thoughts:
        text = gold.texts[r["doc"]]
        assert text[r["content_start"] : r["content_end"]] == r["content_text"]
        assert sha256(text)  # every page's hash was checked by load()
