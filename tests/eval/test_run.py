"""eval.run end to end: the real pipeline and parses on one gold article, the scoring
wiring with a perfect stand-in mode, the web-page and attribution-dev yardsticks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc

import eval.run as run
from eval.build_gold import build
from pipeline.records import Claim
from tests.eval.conftest import gold_claims

SCORER = Path(run.os.environ.get(run.SCORER_ENV) or run.DEFAULT_SCORER)
needs_scorer = pytest.mark.skipif(not SCORER.exists(), reason=f"no attribution scorer at {SCORER}")


def test_rules_end_to_end_on_one_gold_article(
    gold_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.json"
    assert run.main(["--gold", str(gold_dir), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    figures = json.loads(out.read_text(encoding="utf-8"))["modes"]["rules"]["own_gold"]
    assert figures["gold"] == len(build(gold_dir))
    for label in ("== mode rules", "own gold set", "recall by kind", "denial-link accuracy",
                  "targets (issue 22)"):  # fmt: skip
        assert label in printed
    # The rules find claims in a report built around them; the figures are real ones.
    assert figures["pred"] > 0
    assert 0.0 < figures["f1"] <= 1.0


def test_perfect_mode_scores_one_and_a_mode_is_one_entry(
    gold_dir: Path,
    tmp_path: Path,
    add_mode: Callable[[str, Any], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_mode("perfect", gold_claims)
    out = tmp_path / "figures.json"
    assert run.main(["--gold", str(gold_dir), "--modes", "rules,perfect", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))["modes"]
    g = result["perfect"]["own_gold"]
    assert (g["precision"], g["recall"], g["f1"], g["strict_f1"]) == (1.0, 1.0, 1.0, 1.0)
    assert g["speaker_accuracy"] == 1.0 and g["stance_accuracy"] == 1.0
    assert g["denial_link_accuracy"] == 1.0 and g["denial_links_scored"] >= 1
    assert result["rules"]["own_gold"]["pred"] > 0  # both modes ran, each its own figures
    printed = capsys.readouterr().out
    assert "== mode rules" in printed and "== mode perfect" in printed


def test_unknown_mode_stops_the_run(gold_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--gold", str(gold_dir), "--modes", "nosuch"]) == 2
    assert "unknown mode" in capsys.readouterr().err


def test_a_raising_predictor_stops_the_run(
    gold_dir: Path, add_mode: Callable[[str, Any], None]
) -> None:
    def broken(doc: Doc) -> list[Claim]:
        raise ValueError("boom")

    add_mode("broken", broken)
    assert run.main(["--gold", str(gold_dir), "--modes", "broken"]) == 2


def test_broken_gold_is_an_error(gold_dir: Path) -> None:
    ann = next((gold_dir / "articles").glob("*.yaml"))
    ann.write_text(ann.read_text(encoding="utf-8").replace("stance: assert", "stance: maybe"))
    assert run.main(["--gold", str(gold_dir)]) == 1


def test_web_pages_scored_from_offsets(
    gold_dir: Path,
    web_corpus: tuple[Path, Path],
    tmp_path: Path,
    add_mode: Callable[[str, Any], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus, annotations = web_corpus
    add_mode("perfect", gold_claims)
    out = tmp_path / "figures.json"
    args = ["--gold", str(gold_dir), "--modes", "perfect", "--webgold", str(corpus),
            "--webgold-annotations", str(annotations), "--json", str(out)]  # fmt: skip
    assert run.main(args) == 0
    w = json.loads(out.read_text(encoding="utf-8"))["modes"]["perfect"]["webgold"]
    assert (w["precision"], w["recall"], w["speaker_accuracy"]) == (1.0, 1.0, 1.0)
    assert "web pages" in capsys.readouterr().out


def test_attribution_dev_missing_corpus_is_an_error(gold_dir: Path, tmp_path: Path) -> None:
    args = ["--gold", str(gold_dir), "--attribution-dev", str(tmp_path / "nowhere")]
    assert run.main(args) == 2


@needs_scorer
def test_attribution_dev_figures_at_both_thresholds(
    gold_dir: Path,
    dev_corpus: Path,
    tmp_path: Path,
    add_mode: Callable[[str, Any], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_mode("perfect", gold_claims)
    out = tmp_path / "figures.json"
    args = ["--gold", str(gold_dir), "--modes", "rules,perfect", "--attribution-dev",
            str(dev_corpus), "--json", str(out)]  # fmt: skip
    assert run.main(args) == 0
    modes = json.loads(out.read_text(encoding="utf-8"))["modes"]
    perfect = modes["perfect"]["attribution_dev"]
    for key in ("f1@0.3", "f1@0.8", "strict_f1@0.3", "speaker_accuracy@0.3"):
        assert perfect[key] == 1.0, key
    assert perfect["gold"] == len(build(gold_dir))
    assert 0.0 < modes["rules"]["attribution_dev"]["f1@0.3"] <= 1.0
    printed = capsys.readouterr().out
    assert "attribution-dev @0.3" in printed and "attribution-dev @0.8" in printed


def test_attribution_dev_scorer_override(
    gold_dir: Path, dev_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(run.SCORER_ENV, str(tmp_path / "no_scorer.py"))
    assert run.main(["--gold", str(gold_dir), "--attribution-dev", str(dev_corpus)]) == 2
