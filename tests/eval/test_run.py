"""eval.run end to end: the real pipeline on one gold article, the scoring wiring with a
perfect stand-in predictor, and the attribution-dev hand-off."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import eval.run as run
from eval.build_gold import GOLD_DIR, build

ARTICLE = "wire_tesh_ridge"


def one_article(tmp_path: Path, doc: str = ARTICLE) -> Path:
    (tmp_path / "articles").mkdir(parents=True)
    for suffix in (".txt", ".yaml"):
        shutil.copy(GOLD_DIR / "articles" / f"{doc}{suffix}", tmp_path / "articles")
    return tmp_path


def test_annotate_exists() -> None:
    # The end-to-end test below runs the project's annotate(); it must not be skipped
    # silently because the stage went missing.
    from pipeline.annotate import annotate

    assert callable(annotate)


def test_end_to_end_on_one_gold_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_dir = one_article(tmp_path)
    out = tmp_path / "figures.json"
    assert run.main(["--gold", str(gold_dir), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    figures = json.loads(out.read_text(encoding="utf-8"))["gold_set"]
    n_gold = len(build(gold_dir))
    assert figures["gold"] == n_gold
    assert f"1 articles, {n_gold} gold claims" in printed
    for label in ("claim F1", "speaker accuracy", "stance accuracy", "denial-link accuracy",
                  "recall by kind", "indirect (n="):  # fmt: skip
        assert label in printed
    assert ">= 0.85" in printed
    # The pipeline finds claims in a report built around them; the figures are real ones.
    assert figures["pred"] > 0
    assert 0.0 <= figures["f1"] <= 1.0


def perfect_predictor(gold_dir: Path) -> Any:
    """Predictions copied from the gold rows, as annotate() would number them."""
    rows = build(gold_dir)

    def predict(texts: dict[str, str]) -> list[dict[str, Any]]:
        out = []
        for doc in texts:
            mine = [r for r in rows if r["doc"] == doc]
            index = {r["id"]: i for i, r in enumerate(mine)}
            for i, r in enumerate(mine):
                out.append(
                    {
                        **r,
                        "id": i,
                        "speaker_entity": r["speaker_entity"],
                        "denies": None if r["denies"] is None else index[r["denies"]],
                    }
                )
        return out  # fmt: skip

    return predict


def test_perfect_predictions_score_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gold_dir = one_article(tmp_path)
    monkeypatch.setattr(run, "predict", perfect_predictor(gold_dir))
    out = tmp_path / "figures.json"
    assert run.main(["--gold", str(gold_dir), "--json", str(out)]) == 0
    g = json.loads(out.read_text(encoding="utf-8"))["gold_set"]
    assert (g["precision"], g["recall"], g["f1"]) == (1.0, 1.0, 1.0)
    assert g["speaker_accuracy"] == 1.0 and g["stance_accuracy"] == 1.0
    assert g["denial_link_accuracy"] == 1.0 and g["denial_links_scored"] >= 1
    assert "claim F1                  1.000   >= 0.85  met" in capsys.readouterr().out


def test_missed_target_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gold_dir = one_article(tmp_path)
    monkeypatch.setattr(run, "predict", lambda texts: [])
    assert run.main(["--gold", str(gold_dir)]) == 0
    assert "MISSED" in capsys.readouterr().out


def test_lost_document_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gold_dir = one_article(tmp_path)

    def lose(texts: dict[str, str]) -> list[dict[str, Any]]:
        raise run.RunError("annotate() returned nothing")

    monkeypatch.setattr(run, "predict", lose)
    assert run.main(["--gold", str(gold_dir)]) == 2


def test_broken_gold_is_an_error(tmp_path: Path) -> None:
    gold_dir = one_article(tmp_path)
    ann = gold_dir / "articles" / f"{ARTICLE}.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("stance: assert", "stance: maybe"))
    assert run.main(["--gold", str(gold_dir)]) == 1


def test_attribution_dev_missing_corpus_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold_dir = one_article(tmp_path / "g")
    monkeypatch.setattr(run, "predict", lambda texts: [])
    args = ["--gold", str(gold_dir), "--attribution-dev", str(tmp_path / "nowhere")]
    assert run.main(args) == 2


def tiny_attribution_corpus(root: Path) -> Path:
    """A two-claim corpus in the attribution-dev format, cut from our own gold article."""
    rows = [r for r in build(GOLD_DIR) if r["doc"] == ARTICLE][:2]
    (root / "text").mkdir(parents=True)
    shutil.copy(GOLD_DIR / "articles" / f"{ARTICLE}.txt", root / "text")
    with (root / "gold.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(
                json.dumps(
                    {
                        "doc": ARTICLE,
                        "id": r["id"],
                        "kind": r["kind"],
                        "source": [[r["speaker_start"], r["speaker_end"]]],
                        "content": [[r["content_start"], r["content_end"]]],
                    }
                )
                + "\n"
            )
    (root / "docs.txt").write_text(ARTICLE + "\n", encoding="utf-8")  # fmt: skip
    return root


def test_attribution_dev_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scorer = Path(run.os.environ.get(run.SCORER_ENV) or run.DEFAULT_SCORER)
    if not scorer.exists():
        pytest.skip(f"attribution scorer not available at {scorer}")
    gold_dir = one_article(tmp_path / "g")
    corpus = tiny_attribution_corpus(tmp_path / "dev")
    monkeypatch.setattr(run, "predict", lambda texts: [])
    monkeypatch.setenv("NEWSCLAIMS_EVAL_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "figures.json"
    args = ["--gold", str(gold_dir), "--attribution-dev", str(corpus), "--json", str(out)]
    assert run.main(args) == 0
    dev = json.loads(out.read_text(encoding="utf-8"))["attribution_dev"]
    assert dev["raw"]["gold"] == 2
    assert 0.0 <= dev["f1_at_0.3"] <= 1.0
    assert "attribution-dev F1@0.3" in capsys.readouterr().out


def test_attribution_dev_scorer_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gold_dir = one_article(tmp_path / "g")
    corpus = tiny_attribution_corpus(tmp_path / "dev")
    monkeypatch.setattr(run, "predict", lambda texts: [])
    monkeypatch.setenv(run.SCORER_ENV, str(tmp_path / "no_scorer.py"))
    assert run.main(["--gold", str(gold_dir), "--attribution-dev", str(corpus)]) == 2
