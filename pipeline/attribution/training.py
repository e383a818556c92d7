"""Train the attribution CRFs on attribution-train and score them on attribution-dev.

    python -m pipeline.attribution.training --corpus ../shared/corpus/attribution-train \
        --dev ../shared/corpus/attribution-dev --out models/attribution [--design window]

(``make train-attribution CORPUS=…``). Parses with the product's pipeline (cached under
.cache/attribution-docs), trains the cue tagger (BIO over each sentence) and the content
tagger (BIO over a window of sentences around each gold cue), writes the artifact and
prints the dev scores of the model alone and of rules and model combined. L-BFGS is
deterministic; the seed fixes the order the documents are fed in, so one seed, corpus and
spaCy model give the same artifact.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc

from pipeline.attribution.corpus import GoldAttribution, parse_texts, read_gold, read_texts
from pipeline.attribution.features import (
    content_features,
    cue_sequences,
    token_features,
    window,
)
from pipeline.attribution.predict import DEFAULT_DIR, AttributionModel, cue_anchor
from pipeline.attribution.proposed import model_claims
from pipeline.claims import extract_claims
from pipeline.nlp.entities import extract_mentions
from pipeline.nlp.model import load_model

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SCORER = REPO.parent / "shared" / "tools" / "attribution_score.py"
# Content windows, in sentences before and after the cue's (design name -> window).
DESIGNS: dict[str, tuple[int, int]] = {"sentence": (0, 0), "window": (1, 2)}
# Elastic-net regularisation as commonly used with crfsuite for sparse NLP features, not
# tuned here; 100 L-BFGS iterations keep both taggers' training inside the 45-minute
# budget on 2 shared cores (1,414 s wall measured, docs/ATTRIBUTION.md). Neither was
# searched: the time went into comparing the two content windows.
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True}
DEFAULT_THRESHOLD = 0.3


def _labels(doc: Doc, lo: int, hi: int, chars: set[int]) -> list[str]:
    labels: list[str] = []
    for i in range(lo, hi):
        t = doc[i]
        inside = any(c in chars for c in range(t.idx, t.idx + len(t.text)))
        if not inside:
            labels.append("O")
        else:
            labels.append("I" if labels and labels[-1] != "O" else "B")
    return labels


def _chars(spans: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def _cue_groups(doc: Doc, gold: list[GoldAttribution]) -> list[tuple[list[int], set[int]]]:
    """Each gold cue as its tokens, with the characters of every content it carries."""
    token_at: dict[int, int] = {}
    for t in doc:
        for c in range(t.idx, t.idx + len(t.text)):
            token_at[c] = t.i
    groups: dict[tuple[int, ...], set[int]] = {}
    for g in gold:
        tokens = sorted({token_at[c] for c in _chars(g.cue) if c in token_at})
        if not tokens:
            continue
        groups.setdefault(tuple(tokens), set()).update(_chars(g.content))
    return [(list(k), v) for k, v in groups.items()]


def train(
    docs: dict[str, Doc],
    gold: dict[str, list[GoldAttribution]],
    out: Path,
    design: str = "window",
    seed: int = 13,
    max_iterations: int = int(PARAMS["max_iterations"]),
    threshold: float = DEFAULT_THRESHOLD,
) -> None:
    before, after = DESIGNS[design]
    names = sorted(docs)
    random.Random(seed).shuffle(names)
    cue_trainer = pycrfsuite.Trainer(verbose=False)
    content_trainer = pycrfsuite.Trainer(verbose=False)
    for name in names:
        doc = docs[name]
        attributions = gold.get(name, [])
        tf = token_features(doc)
        cue_chars = _chars([s for g in attributions for s in g.cue])
        for lo, hi in cue_sequences(tf):
            cue_trainer.append(tf.base[lo:hi], _labels(doc, lo, hi, cue_chars))
        for tokens, content in _cue_groups(doc, attributions):
            anchor = cue_anchor(doc, tokens)
            lo, hi = window(tf, anchor, before, after)
            xseq = content_features(tf, anchor, set(tokens), lo, hi)
            content_trainer.append(xseq, _labels(doc, lo, hi, content))
    params = {**PARAMS, "max_iterations": max_iterations}
    out.mkdir(parents=True, exist_ok=True)
    for trainer, file in ((cue_trainer, "cue.crfsuite"), (content_trainer, "content.crfsuite")):
        trainer.set_params(params)
        trainer.train(str(out / file))
    config = {
        "design": design,
        "before": before,
        "after": after,
        "threshold": threshold,
        "seed": seed,
        "params": params,
        "documents": len(names),
    }
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")


def prediction_rows(
    docs: dict[str, Doc], mode: str, model: AttributionModel
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, doc in docs.items():
        claims = extract_claims(
            doc, extract_mentions(doc), proposer=model if mode == "combined" else None
        )
        if mode == "model":
            claims = model_claims(doc, extract_mentions(doc), model)
        for c in claims:
            rows.append(
                {
                    "doc": name,
                    "content_start": c.content_start,
                    "content_end": c.content_end,
                    "speaker_start": c.speaker_start,
                    "speaker_end": c.speaker_end,
                    "cue": c.cue,
                }
            )
    return rows


def score(rows: list[dict[str, object]], dev: Path, scorer: Path) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    result = subprocess.run(
        [sys.executable, str(scorer), str(dev / "gold.jsonl"), f.name],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout + result.stderr


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="attribution-train directory")
    ap.add_argument("--dev", type=Path, default=None, help="attribution-dev directory to score on")
    ap.add_argument("--out", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--design", choices=sorted(DESIGNS), default="window")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-iterations", type=int, default=int(PARAMS["max_iterations"]))
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--limit", type=int, default=None, help="train on the first N documents")
    ap.add_argument("--model", default="en_core_web_sm", help="spaCy model to parse with")
    ap.add_argument("--cache", type=Path, default=REPO / ".cache" / "attribution-docs")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    args = ap.parse_args(argv)
    for corpus in (args.corpus, args.dev):
        if corpus is not None and not (corpus / "gold.jsonl").exists():
            print(f"no gold.jsonl under {corpus}: give an attribution corpus", file=sys.stderr)
            return 2
    started = time.monotonic()
    nlp = load_model(args.model)
    texts = read_texts(args.corpus)
    if args.limit is not None:
        texts = dict(sorted(texts.items())[: args.limit])
    docs = parse_texts(nlp, texts, args.cache)
    print(f"parsed {len(docs)} training documents ({time.monotonic() - started:.0f} s)")
    train(
        docs,
        read_gold(args.corpus),
        args.out,
        args.design,
        args.seed,
        args.max_iterations,
        args.threshold,
    )
    print(f"trained {args.design} into {args.out} ({time.monotonic() - started:.0f} s)")
    if args.dev is None:
        return 0
    if not args.scorer.exists():
        print(f"scorer not found: {args.scorer}", file=sys.stderr)
        return 2
    dev_docs = parse_texts(nlp, read_texts(args.dev), args.cache)
    model = AttributionModel(args.out)
    for mode in ("model", "combined"):
        print(f"== attribution-dev, {mode} ({args.design})")
        print(score(prediction_rows(dev_docs, mode, model), args.dev, args.scorer))
    print(f"done ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
