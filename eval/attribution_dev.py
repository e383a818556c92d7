"""Attribution quality on the attribution-dev corpus (PolNeAR-style gold).

    python -m eval.attribution_dev DIR [--out PRED.jsonl] [--scorer SCORER] [--model NAME]

Parses DIR/text/*.txt with the spaCy model (NEWSCLAIMS_SPACY_MODEL, default the product's
``en_core_web_sm``), runs entity mentions and the claim rules, writes one JSON line per
claim in the scorer's format ``{"doc", "content_start", "content_end", "speaker_start",
"speaker_end", "cue"}`` and runs the scorer on DIR/gold.jsonl. The speaker span is the
speaker as written in the text (for a pronoun, the pronoun), which is what the gold marks.

Parsed documents are cached as DocBin files under $NEWSCLAIMS_EVAL_CACHE (default the
checkout's .cache/eval-docs), keyed by everything the parse depends on: the texts, the
model's name and version, spaCy's version and the pipeline's components. A changed text,
model or pipeline is a new key, so the cache cannot go stale; iterating on the rules
does not re-parse the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from eval.modes import MODES, Mode
from pipeline.nlp.model import DEFAULT_MODEL, load_model

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = REPO.parent / "shared" / "tools" / "attribution_score.py"
CACHE_ENV = "NEWSCLAIMS_EVAL_CACHE"


def _load_model(name: str) -> Language:
    return load_model(name)


def _parser_code() -> str:
    """What a parse depends on beyond the model and the text: spaCy's version and the
    source of pipeline.nlp (the tokenizer and sentence rules load_model adds), hashed, so
    an edit there re-parses even when no version number moved."""
    digest = hashlib.sha256(spacy.about.__version__.encode())
    for path in sorted((REPO / "pipeline" / "nlp").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def parse_corpus(nlp: Language, model: str, texts: dict[str, str]) -> dict[str, Doc]:
    """Docs for every text, from the cache when the same pipeline parsed the same text."""
    cache = Path(os.environ.get(CACHE_ENV) or REPO / ".cache" / "eval-docs")
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    # Everything else the parse depends on is part of the key: a changed model (its
    # version), spaCy, or pipeline (its components) re-parses.
    digest.update("|".join(nlp.pipe_names).encode())
    digest.update(f"{nlp.meta.get('name')} {nlp.meta.get('version')} {_parser_code()}".encode())
    path = cache / f"{model.replace('/', '_')}-{digest.hexdigest()[:16]}.spacy"
    names = sorted(texts)
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(names):
            return dict(zip(names, docs, strict=True))
    # load_model's tokenizer reads the text as annotate() does (line breaks as spaces).
    docs = list(nlp.pipe((texts[n] for n in names), batch_size=16))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=True, docs=docs).to_disk(path)
    return dict(zip(names, docs, strict=True))


def predict(docs: dict[str, Doc], mode: Mode = MODES["rules"]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, doc in docs.items():
        for claim in mode.predict(doc):
            rows.append(
                {
                    "doc": name,
                    "content_start": claim.content_start,
                    "content_end": claim.content_end,
                    "speaker_start": claim.speaker_start,
                    "speaker_end": claim.speaker_end,
                    "cue": claim.cue,
                    "stance": claim.stance,
                    "kind": claim.kind,
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path, help="corpus directory with text/*.txt and gold.jsonl")
    ap.add_argument("--out", type=Path, default=None, help="predictions file (JSON lines)")
    ap.add_argument(
        "--scorer",
        type=Path,
        default=Path(os.environ.get("NEWSCLAIMS_ATTRIBUTION_SCORER", DEFAULT_SCORER)),
    )
    ap.add_argument("--model", default=os.environ.get("NEWSCLAIMS_SPACY_MODEL") or DEFAULT_MODEL)
    ap.add_argument("--mode", choices=sorted(MODES), default="rules", help="predictor")
    args = ap.parse_args(argv)

    texts = {
        p.stem: p.read_text(encoding="utf-8") for p in sorted((args.dir / "text").glob("*.txt"))
    }
    if not texts:
        print(f"no texts under {args.dir / 'text'}", file=sys.stderr)
        return 2
    nlp = _load_model(args.model)
    mode = MODES[args.mode]
    if mode.prepare is not None:
        mode.prepare(nlp)
    docs = parse_corpus(nlp, args.model, texts)
    rows = predict(docs, mode)
    out = args.out or Path(os.environ.get("TMPDIR", "/tmp")) / "attribution_dev_pred.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    print(f"{len(rows)} predictions from {len(docs)} documents -> {out}")
    gold = args.dir / "gold.jsonl"
    if not args.scorer.exists():
        print(f"scorer not found: {args.scorer}", file=sys.stderr)
        return 2
    return subprocess.call([sys.executable, str(args.scorer), str(gold), str(out)])


if __name__ == "__main__":
    raise SystemExit(main())
