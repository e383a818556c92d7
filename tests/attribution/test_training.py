"""Training on a tiny corpus written here: it runs, the artifact loads and proposes what
it was taught, and one seed gives byte-identical models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from spacy.language import Language

from pipeline.attribution.corpus import read_gold, read_texts
from pipeline.attribution.predict import AttributionModel
from pipeline.attribution.training import train
from tests.conftest import REPO_ROOT

TEXTS = {
    "a": "The mayor said that the bridge would reopen in May. Traffic was light on Monday.",
    "b": "Officials believe the storm will weaken overnight. Schools stayed open.",
    "c": "The union argued that wages had fallen for a decade. The talks resume next week.",
    "d": "Residents fear the plant will close. The company declined to comment further.",
}
# (source, cue, content) as they read in each text
GOLD = {
    "a": ("The mayor", "said", "the bridge would reopen in May"),
    "b": ("Officials", "believe", "the storm will weaken overnight"),
    "c": ("The union", "argued", "wages had fallen for a decade"),
    "d": ("Residents", "fear", "the plant will close"),
}


def _span(text: str, part: str) -> list[list[int]]:
    start = text.index(part)
    return [[start, start + len(part)]]


def write_corpus(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    rows = []
    for name, text in TEXTS.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        source, cue, content = GOLD[name]
        rows.append(
            {
                "doc": name,
                "source": _span(text, source),
                "cue": _span(text, cue),
                "content": _span(text, content),
            }
        )
    (root / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return root


def test_training_is_deterministic_and_learns_the_corpus(nlp: Language, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    texts = read_texts(corpus)
    docs = {name: nlp(text) for name, text in texts.items()}
    gold = read_gold(corpus)
    assert sorted(gold) == sorted(TEXTS)
    first, second = tmp_path / "m1", tmp_path / "m2"
    train(docs, gold, first, "window", seed=7, max_iterations=50, threshold=0.2)
    train(docs, gold, second, "window", seed=7, max_iterations=50, threshold=0.2)
    for file in ("cue.crfsuite", "content.crfsuite", "config.json"):
        assert (first / file).read_bytes() == (second / file).read_bytes(), file
    model = AttributionModel(first)
    text = TEXTS["a"]
    proposals = model.propose(docs["a"])
    assert proposals, "the model proposes nothing on a text it was trained on"
    best = max(proposals, key=lambda p: p.confidence)
    assert text[best.content_start : best.content_end] == GOLD["a"][2]
    assert docs["a"][best.anchor].text == "said"
    assert 0.2 <= best.confidence <= 1.0


def test_the_artifact_is_byte_identical_across_processes(tmp_path: Path) -> None:
    """`python -m pipeline.attribution.training` in two processes with different hash
    seeds (set and dict orders differ) writes the same bytes."""
    corpus = write_corpus(tmp_path / "corpus")
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"m{seed}"
        result = subprocess.run(
            [sys.executable, "-m", "pipeline.attribution.training", "--corpus", str(corpus),
             "--out", str(out), "--max-iterations", "30", "--cache", str(tmp_path / "cache")],
            cwd=REPO_ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        outs.append(out)
    for file in ("cue.crfsuite", "content.crfsuite", "config.json"):
        assert (outs[0] / file).read_bytes() == (outs[1] / file).read_bytes(), file
