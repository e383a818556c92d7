"""Precision and recall of story matching (pipeline/stories/) per threshold, on real pages.

    python bench/story_threshold.py /work/shared/corpus/news-dev     (or env NEWS_DEV)

The corpus folder holds ground-truth.json ({id: {"articleBody", "url"}}) and html/ID.html
(Zyte's benchmark slice); it is read by path and never copied into the repository.

Each page is extracted as the pipeline extracts it (pipeline.extract.extract_document).
From each article of at least MIN_PARAGRAPHS paragraphs the bench derives the copies a
syndicating site would run:

- template: the page's gold body (a human's cut of the article) against our extraction:
  what another site's template and our extractor's reading of it change;
- headline: a new headline, a byline and wire boilerplate above and below;
- cut_last / cut_middle: a paragraph cut (an editor trims from the end, or a middle one),
  with a new headline;
- added: an editor's paragraph of local context added, with a new headline;
- cut_added: a paragraph cut, another added and the boilerplate, all at once.

Positives: each copy against its original (it must match). Negatives: every pair of
distinct pages, every copy against every other page, and every pair of distinct
articles wrapped in the same headline, byline and boilerplate (one syndicating site's
template around two different wire stories): none must match. Some pages
of the slice report the same news (SAME_TOPIC: two stories on the "feather duvet lung"
case, two MacBook Pro stories, two Hong Kong protest columns, two on the impeachment
inquiry, two on the US-China tariffs): they are the hard negatives, and are reported
apart.

A pair matches as pipeline/stories/matching.py decides: the original is in a
MinHashLSH(threshold, num_perm) index, the copy's lookup returns it, and the signatures'
estimated Jaccard similarity is at least the threshold. Printed per shingle size,
num_perm and threshold: true and false positives, false negatives, precision, recall;
then the exact Jaccard similarity of the shingle sets per kind of pair (min over
positives, max over negatives), which shows the margin a threshold has.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from datasketch import MinHashLSH
from extract_quality import ours as stored_text  # the text the pipeline stores

from pipeline.stories.signatures import (
    NUM_PERM,
    SHINGLE_WORDS,
    STORY_THRESHOLD,
    shingles,
    signature,
)

SHINGLE_SIZES = (3, 4, 5, 7)
NUM_PERMS = (64, 128, 256)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MIN_PARAGRAPHS = 4

# Page ids (prefixes) of the slice that report the same news from different outlets.
SAME_TOPIC = (
    ("7bb1ca90", "a078b365"),  # feather duvet lung: Gizmodo, Forbes
    ("232a43fb", "65bf3048"),  # MacBook Pro keyboard: MacRumors, AppleInsider
    ("624fcd90", "e4c6a3b4"),  # Hong Kong protests: Express, Washington Examiner
    ("c90731f0", "f5c90a6d"),  # impeachment inquiry: Deccan Herald, National Review
    ("702d1da6", "b6906ca0"),  # US-China tariffs: New York Times, PolitiFact
)

HEADLINE = "BREAKING: What you need to know today, from our wire partners"
BYLINE = "By Staff and Wire Reports | Updated 6:42 PM ET"
BOILERPLATE_TAIL = (
    "Copyright 2019 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.\n\n"
    "Sign up for our morning newsletter and get the day's top stories in your inbox.\n\n"
    "Related: Ten things to watch this week | Local weather | Traffic"
)
ADDED = (
    "Local officials in our county said on Tuesday they were following the developments "
    "closely and would hold a public meeting next week to answer residents' questions."
)


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def variants(text: str, gold: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    """(kind, copy) for the syndicated copies of one article."""
    paras = paragraphs(text)
    middle = rng.randrange(1, len(paras) - 1)
    wrap_head = f"{HEADLINE}\n{BYLINE}\n"
    yield "template", gold
    yield "headline", wrap_head + "\n".join(paras) + "\n" + BOILERPLATE_TAIL
    yield "cut_last", HEADLINE + "\n" + "\n".join(paras[:-1])
    yield "cut_middle", HEADLINE + "\n" + "\n".join(paras[:middle] + paras[middle + 1 :])
    at = rng.randrange(1, len(paras))
    yield "added", HEADLINE + "\n" + "\n".join([*paras[:at], ADDED, *paras[at:]])
    cut = [p for i, p in enumerate(paras) if i != middle]
    mixed = [*cut[:-1], ADDED, cut[-1]]
    yield "cut_added", wrap_head + "\n".join(mixed) + "\n" + BOILERPLATE_TAIL


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=os.environ.get("NEWS_DEV"))
    args = parser.parse_args(argv)
    if not args.corpus:
        parser.error("give the news-dev folder (or set NEWS_DEV)")
    corpus = Path(args.corpus)
    gold = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    rng = random.Random(21)
    originals: dict[str, str] = {}
    copies: list[tuple[str, str, str]] = []  # (page, kind, text)
    for page_id, item in sorted(gold.items()):
        body = (corpus / "html" / f"{page_id}.html").read_bytes()
        text = stored_text(body, item["url"])
        if not text:
            continue
        originals[page_id] = text
        if len(paragraphs(text)) >= MIN_PARAGRAPHS and item["articleBody"].strip():
            copies.extend(
                (page_id, kind, v) for kind, v in variants(text, item["articleBody"], rng)
            )
    same_topic = {
        frozenset((a, b))
        for pa, pb in SAME_TOPIC
        for a in originals
        if a.startswith(pa)
        for b in originals
        if b.startswith(pb)
    }
    print(
        f"{len(originals)} pages extracted, {len(copies)} copies of "
        f"{len({p for p, _, _ in copies})} articles, {len(same_topic)} same-topic pairs"
    )
    pages = sorted(originals)
    wrapped = [p for p, k, _ in copies if k == "headline"]
    distinct_pairs = (
        len(pages) * (len(pages) - 1) // 2
        + len(copies) * (len(pages) - 1)
        + len(wrapped) * (len(wrapped) - 1) // 2
    )
    print(f"positives: {len(copies)} pairs; negatives: {distinct_pairs} pairs\n")
    print("| shingle | num_perm | threshold | TP | FP | FN | precision | recall |")
    print("|--------:|---------:|----------:|---:|---:|---:|----------:|-------:|")
    for size in SHINGLE_SIZES:
        for num_perm in NUM_PERMS:
            sig = {p: signature(originals[p], size=size, num_perm=num_perm) for p in pages}
            copy_sigs = [signature(t, size=size, num_perm=num_perm) for _, _, t in copies]
            wrapped_sigs = {
                p: signature(t, size=size, num_perm=num_perm)
                for p, k, t in copies
                if k == "headline"
            }
            for threshold in THRESHOLDS:
                lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
                for p in pages:
                    lsh.insert(p, sig[p])
                tp = fp = fn = 0
                for (page, _, _), minhash in zip(copies, copy_sigs, strict=True):
                    found = {k for k in lsh.query(minhash) if minhash.jaccard(sig[k]) >= threshold}
                    tp += page in found
                    fn += page not in found
                    fp += len(found - {page})
                for p in pages:
                    found = {k for k in lsh.query(sig[p]) if sig[p].jaccard(sig[k]) >= threshold}
                    fp += len(found - {p}) / 2  # each distinct pair is found from both sides
                wrapped = MinHashLSH(threshold=threshold, num_perm=num_perm)
                for p in wrapped_sigs:
                    wrapped.insert(p, wrapped_sigs[p])
                for p, minhash in wrapped_sigs.items():
                    found = {
                        k
                        for k in wrapped.query(minhash)
                        if minhash.jaccard(wrapped_sigs[k]) >= threshold
                    }
                    fp += len(found - {p}) / 2
                precision = tp / (tp + fp) if tp + fp else 1.0
                recall = tp / (tp + fn) if tp + fn else 1.0
                print(
                    f"| {size} | {num_perm} | {threshold:.1f} | {tp} | {fp:g} | {fn} "
                    f"| {precision:.3f} | {recall:.3f} |"
                )
    _misses_by_kind(originals, copies)
    print("\nExact Jaccard of the shingle sets (min over positives, max over negatives):\n")
    print(
        "| shingle | " + " | ".join(k for k in _kinds(copies)) + " | distinct max "
        "| same-template max | same-topic max |"
    )
    print("|---:|" + "---:|" * (len(_kinds(copies)) + 3))
    for size in SHINGLE_SIZES:
        sets = {p: shingles(originals[p], size) for p in pages}
        mins = {}
        for kind in _kinds(copies):
            mins[kind] = min(jaccard(shingles(t, size), sets[p]) for p, k, t in copies if k == kind)
        distinct = [
            (jaccard(sets[a], sets[b]), frozenset((a, b)))
            for i, a in enumerate(pages)
            for b in pages[i + 1 :]
        ]
        distinct += [
            (jaccard(shingles(t, size), sets[q]), frozenset((p, q)))
            for p, _, t in copies
            for q in pages
            if q != p
        ]
        heads = {p: shingles(t, size) for p, k, t in copies if k == "headline"}
        names = sorted(heads)
        same_wrap = max(
            jaccard(heads[a], heads[b]) for i, a in enumerate(names) for b in names[i + 1 :]
        )
        topic = max(j for j, pair in distinct if pair in same_topic)
        print(
            f"| {size} | "
            + " | ".join(f"{mins[k]:.3f}" for k in _kinds(copies))
            + f" | {max(j for j, _ in distinct):.3f} | {same_wrap:.3f} | {topic:.3f} |"
        )
    return 0


def _misses_by_kind(originals: dict[str, str], copies: list[tuple[str, str, str]]) -> None:
    """The copies the pipeline's own constants miss, per kind of copy."""
    lsh = MinHashLSH(threshold=STORY_THRESHOLD, num_perm=NUM_PERM)
    sig = {p: signature(t) for p, t in originals.items()}
    for p, minhash in sig.items():
        lsh.insert(p, minhash)
    print(
        f"\nMissed at the pipeline's constants (shingle {SHINGLE_WORDS}, num_perm {NUM_PERM},"
        f" threshold {STORY_THRESHOLD}), per kind of copy:\n"
    )
    for kind in _kinds(copies):
        of_kind = [(p, t) for p, k, t in copies if k == kind]
        missed = 0
        for page, text in of_kind:
            minhash = signature(text)
            found = {k for k in lsh.query(minhash) if minhash.jaccard(sig[k]) >= STORY_THRESHOLD}
            missed += page not in found
        print(f"- {kind}: {missed} of {len(of_kind)}")


def _kinds(copies: list[tuple[str, str, str]]) -> list[str]:
    return list(dict.fromkeys(k for _, k, _ in copies))


if __name__ == "__main__":
    sys.exit(main())
