"""A seeded sample of the claims the pipeline finds on real web pages, printed for reading.

    python bench/claims_sample.py [CORPUS] [--n 60] [--seed 22] [--verdicts FILE]

CORPUS is the news-dev folder (ground-truth.json and html/ID.html; default env NEWS_DEV or
../shared/corpus/news-dev). Every page's HTML goes through the product's extraction
(pipeline.extract, trafilatura) and the product's annotation (load_model, extract_mentions,
extract_claims), as a user's run would: headlines, navigation, captions and lists that
the extraction keeps are in the text the rules read. Then ``--n`` claims are drawn with
``random.Random(seed)`` from all claims of all pages and printed one block each: page,
kind, act, cue, stance, speaker as written and as resolved, content, and the sentence
around the cue.

This is a reading aid, not a score: a person reads each block and judges it right (a real
attribution, the speaker the text means or unresolved when it is not clear, content the
thing attributed) or wrong. ``--verdicts FILE`` reads such judgements (one line per
sampled claim: its number, then ``y`` or ``n``, then an optional note) and prints the
share judged right, so a before/after comparison of the same seed can be recorded with
the notes that justify it (docs/CLAIMS.md quotes the figures).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.claims import extract_claims
from pipeline.extract import ExtractedDocument, extract_document
from pipeline.nlp.entities import extract_mentions
from pipeline.nlp.model import load_model
from pipeline.records import Claim, FetchResult, FetchStatus


@dataclass(frozen=True, slots=True)
class Sampled:
    page: str
    url: str
    text: str
    claim: Claim


def page_texts(corpus: Path) -> dict[str, tuple[str, str]]:
    """{page id: (url, extracted text)} for every page the extraction keeps."""
    gold = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, str]] = {}
    for page, item in sorted(gold.items()):
        html = corpus / "html" / f"{page}.html"
        if not html.exists():
            continue
        result = FetchResult(
            source="sample",
            url=item["url"],
            status=FetchStatus.OK,
            fetched_at=datetime.now(UTC),
            final_url=item["url"],
            http_status=200,
            content_type="text/html",
            body=html.read_bytes(),
        )
        doc = extract_document(result)
        if isinstance(doc, ExtractedDocument) and doc.text.strip():
            out[page] = (item["url"], doc.text)
    return out


def all_claims(corpus: Path) -> list[Sampled]:
    nlp = load_model()
    texts = page_texts(corpus)
    pages = sorted(texts)
    found: list[Sampled] = []
    for page, doc in zip(pages, nlp.pipe(texts[p][1] for p in pages), strict=True):
        url, text = texts[page]
        for claim in extract_claims(doc, extract_mentions(doc)):
            found.append(Sampled(page, url, text, claim))
    return found


def _context(text: str, claim: Claim, width: int = 160) -> str:
    lo = min(claim.content_start, claim.speaker_start or claim.content_start)
    hi = max(claim.content_end, claim.speaker_end or claim.content_end)
    left = max(0, lo - width // 2)
    right = min(len(text), hi + width // 2)
    return " ".join(text[left:right].split())


def show(n: int, sampled: Sampled) -> str:
    c = sampled.claim
    return "\n".join(
        [
            f"#{n} page {sampled.page[:10]} {sampled.url[:70]}",
            f"   {c.kind}/{c.act} cue={c.cue!r} stance={c.stance}",
            f"   speaker={c.speaker!r} -> {c.speaker_canonical!r} ({c.speaker_label})",
            f"   content={' '.join(c.content.split())[:200]!r}",
            f"   context: …{_context(sampled.text, c)[:400]}…",
        ]
    )


def verdict_share(path: Path) -> tuple[int, int]:
    """(right, judged) from a verdicts file: ``N y|n [note]`` per line."""
    right = judged = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit() and parts[1] in ("y", "n"):
            judged += 1
            right += parts[1] == "y"
    return right, judged


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = os.environ.get("NEWS_DEV", "../shared/corpus/news-dev")
    ap.add_argument("corpus", nargs="?", type=Path, default=Path(default))
    ap.add_argument("--n", type=int, default=60, help="claims to draw")
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--verdicts", type=Path, default=None, help="score a verdicts file")
    args = ap.parse_args(argv)
    if args.verdicts is not None:
        if not args.verdicts.is_file():
            print(f"no verdicts file {args.verdicts}: write one line 'N y|n' per claim")
            return 2
        right, judged = verdict_share(args.verdicts)
        print(f"{right}/{judged} judged right ({right / max(judged, 1):.1%})")
        return 0
    if not (args.corpus / "ground-truth.json").is_file():
        print(f"{args.corpus} has no ground-truth.json: pass the news-dev folder")
        return 2
    claims = all_claims(args.corpus)
    pages = len({s.page for s in claims})
    sample = random.Random(args.seed).sample(claims, min(args.n, len(claims)))
    print(f"{len(claims)} claims on {pages} pages; {len(sample)} drawn with seed {args.seed}\n")
    for n, sampled in enumerate(sample, 1):
        print(show(n, sampled), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
