"""eval.attribution_dev end to end on a two-sentence corpus written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import attribution_dev

TEXT = "The Valley Front said that its fighters held the pass.\n\nNothing else happened.\n"


def test_predictions_in_scorer_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not attribution_dev.DEFAULT_SCORER.exists():
        pytest.skip("attribution scorer not available")
    monkeypatch.setenv(attribution_dev.CACHE_ENV, str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "text" / "d1.txt").write_text(TEXT, encoding="utf-8")
    content = "its fighters held the pass"
    start = TEXT.index(content)
    gold = {
        "doc": "d1",
        "id": "E1",
        "source": [[0, 16]],
        "cue": [[17, 21]],
        "content": [[start, start + len(content)]],
        "kind": "indirect",
    }
    (corpus / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert attribution_dev.main([str(corpus), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert row["doc"] == "d1"
    assert TEXT[row["content_start"] : row["content_end"]] == content
    assert TEXT[row["speaker_start"] : row["speaker_end"]] == "The Valley Front"
    assert row["cue"] == "say"
