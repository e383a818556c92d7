"""Shared builders for the eval tests: a one-article slice of our gold set, the same
article as a one-page news-dev corpus with its web-page annotation, and as a tiny
attribution-dev corpus; and a stand-in predictor that answers with the gold rows."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.tokens import Doc

from eval.build_gold import GOLD_DIR, build
from eval.modes import MODES, Mode
from eval.webgold import _dump, from_snippets
from pipeline.records import Claim, ClaimKind, Stance

ARTICLE = "wire_tesh_ridge"
PAGE = hashlib.sha256(ARTICLE.encode()).hexdigest()  # news-dev names pages by a hash


def article_text() -> str:
    return (GOLD_DIR / "articles" / f"{ARTICLE}.txt").read_text(encoding="utf-8")


def article_rows() -> list[dict[str, Any]]:
    return [r for r in build(GOLD_DIR) if r["doc"] == ARTICLE]


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    root = tmp_path / "gold"
    (root / "articles").mkdir(parents=True)
    for suffix in (".txt", ".yaml"):
        shutil.copy(GOLD_DIR / "articles" / f"{ARTICLE}{suffix}", root / "articles")
    return root


@pytest.fixture
def web_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """(news-dev style corpus folder, annotations folder) holding the article as a page."""
    corpus = tmp_path / "news-dev"
    corpus.mkdir()
    truth = {PAGE: {"articleBody": article_text(), "url": "https://example.org/a"}}
    (corpus / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    src = yaml.safe_load((GOLD_DIR / "articles" / f"{ARTICLE}.yaml").read_text("utf-8"))
    src["genre"] = "news"
    ann = from_snippets(PAGE, article_text(), src, "https://example.org/a")
    pages = tmp_path / "webgold" / "pages"
    pages.mkdir(parents=True)
    (pages / f"{PAGE}.json").write_text(_dump(ann), encoding="utf-8")
    return corpus, tmp_path / "webgold"


@pytest.fixture
def dev_corpus(tmp_path: Path) -> Path:
    """The article in the attribution-dev format, every gold claim an attribution."""
    root = tmp_path / "dev"
    (root / "text").mkdir(parents=True)
    (root / "text" / f"{ARTICLE}.txt").write_text(article_text(), encoding="utf-8")
    with (root / "gold.jsonl").open("w", encoding="utf-8") as f:
        for r in article_rows():
            kind = r["kind"] if r["kind"] in ("direct", "mixed") else "indirect"
            row = {"doc": ARTICLE, "id": r["id"], "kind": kind,
                   "source": [[r["speaker_start"], r["speaker_end"]]],
                   "content": [[r["content_start"], r["content_end"]]]}  # fmt: skip
            f.write(json.dumps(row) + "\n")
    (root / "docs.txt").write_text(ARTICLE + "\n", encoding="utf-8")
    return root


def gold_claims(doc: Doc) -> list[Claim]:
    """The gold set's own claims for a parse of its article (none for any other text)."""
    if doc.text != article_text().replace("\n", " ") and doc.text != article_text():
        return []
    rows = article_rows()
    index = {r["id"]: i for i, r in enumerate(rows)}
    return [
        Claim(speaker=r["speaker_text"], speaker_start=r["speaker_start"],
              speaker_end=r["speaker_end"], speaker_canonical=r["speaker_entity"],
              speaker_label=None, cue=r["cue"], stance=Stance(r["stance"]),
              content=r["content_text"], content_start=r["content_start"],
              content_end=r["content_end"], kind=ClaimKind(r["kind"]), sentence_index=0,
              denies=None if r["denies"] is None else index[r["denies"]])
        for r in rows
    ]  # fmt: skip


@pytest.fixture
def add_mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, Any], None]]:
    """Register a predictor in MODES for one test, as a model helper would."""

    def add(name: str, predict: Any) -> None:
        monkeypatch.setitem(MODES, name, Mode(name, f"stand-in {name}", predict))

    yield add


@pytest.fixture(autouse=True)
def eval_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parses cached in the test's folder, not the checkout's .cache."""
    monkeypatch.setenv("NEWSCLAIMS_EVAL_CACHE", str(tmp_path / "cache"))
