"""The attribution corpora (attribution-train, attribution-dev): texts, gold spans, parses.

A corpus directory holds ``text/<doc>.txt`` and ``gold.jsonl`` (one attribution a line:
``source``, ``cue`` and ``content`` as lists of ``[start, end)`` character spans into the
text, possibly discontinuous). Parses are cached as DocBin files keyed by the texts, the
pipeline and the source of pipeline.nlp, so retraining does not re-parse.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

Spans = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    source: Spans
    cue: Spans
    content: Spans


def read_texts(corpus: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((corpus / "text").glob("*.txt"))}


def read_gold(corpus: Path) -> dict[str, list[GoldAttribution]]:
    gold: dict[str, list[GoldAttribution]] = {}
    with (corpus / "gold.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            gold.setdefault(row["doc"], []).append(
                GoldAttribution(
                    source=[(int(s), int(e)) for s, e in row.get("source") or []],
                    cue=[(int(s), int(e)) for s, e in row.get("cue") or []],
                    content=[(int(s), int(e)) for s, e in row.get("content") or []],
                )
            )
    return gold


def parse_texts(nlp: Language, texts: dict[str, str], cache: Path) -> dict[str, Doc]:
    """Docs for every text, from ``cache`` when the same pipeline parsed the same texts."""
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    digest.update("|".join(nlp.pipe_names).encode())
    digest.update(f"{nlp.meta.get('name')} {nlp.meta.get('version')}".encode())
    digest.update(spacy.about.__version__.encode())
    # The tokenizer and sentence rules load_model adds live in pipeline.nlp: an edit
    # there re-parses, as eval.attribution_dev's cache does.
    for source in sorted(Path(__file__).resolve().parents[1].joinpath("nlp").glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    path = cache / f"attribution-{digest.hexdigest()[:16]}.spacy"
    names = sorted(texts)
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(names):
            return dict(zip(names, docs, strict=True))
    docs = list(nlp.pipe((texts[n] for n in names), batch_size=16))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=True, docs=docs).to_disk(path)
    return dict(zip(names, docs, strict=True))
