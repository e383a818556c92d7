"""eval.gate: figures against the committed baseline, a drop fails, nothing is skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import eval.gate as gate
from eval.run import DEFAULT_SCORER

needs_scorer = pytest.mark.skipif(not DEFAULT_SCORER.exists(), reason="no attribution scorer")


def test_compare_fails_only_beyond_the_tolerance() -> None:
    base = {"rules": {"webgold.precision": 0.80, "webgold.recall": 0.80, "own_gold.f1": 0.90}}
    now = {"rules": {"webgold.precision": 0.79, "webgold.recall": 0.7899, "own_gold.f1": 0.95}}
    lines, dropped = gate.compare(base, now)
    assert dropped == ["rules.webgold.recall"]
    text = "\n".join(lines)
    assert "DROPPED" in text and "better" in text


def test_a_baseline_figure_not_measured_fails() -> None:
    _, dropped = gate.compare({"model": {"webgold.precision": 0.5}}, {"rules": {}})
    assert dropped == ["model.webgold.precision"]


def test_committed_baseline_holds_every_gated_figure_of_rules() -> None:
    data = json.loads(gate.BASELINE.read_text(encoding="utf-8"))
    assert data["model"] == "en_core_web_sm"
    assert set(data["modes"]["rules"]) == set(gate.GATED)


def test_missing_corpus_is_not_a_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--webgold", str(tmp_path / "none"), "--attribution-dev", str(tmp_path / "none")]
    assert gate.main(args) == 2
    assert "NEWS_DEV" in capsys.readouterr().err


def test_another_model_than_the_baselines_stops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"model": "xx_other", "modes": {"rules": {"a": 1.0}}}))
    assert gate.main(["--baseline", str(baseline)]) == 2
    assert "NEWSCLAIMS_SPACY_MODEL=xx_other" in capsys.readouterr().err


@needs_scorer
def test_write_then_pass_then_fail_on_a_raised_bar(
    tmp_path: Path,
    web_corpus: tuple[Path, Path],
    dev_corpus: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus, annotations = web_corpus
    baseline = tmp_path / "baseline.json"
    args = ["--baseline", str(baseline), "--webgold", str(corpus), "--attribution-dev",
            str(dev_corpus), "--webgold-annotations", str(annotations)]  # fmt: skip
    assert gate.main([*args, "--write-baseline"]) == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert set(data["modes"]["rules"]) == set(gate.GATED)
    assert gate.main(args) == 0
    assert "eval gate passed" in capsys.readouterr().out
    data["modes"]["rules"]["webgold.speaker_accuracy"] += 0.02
    baseline.write_text(json.dumps(data), encoding="utf-8")
    assert gate.main(args) == 1
    out = capsys.readouterr().out
    assert "DROPPED" in out and "rules.webgold.speaker_accuracy" in out
