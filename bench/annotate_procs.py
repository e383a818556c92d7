"""``annotate()`` against bare ``nlp.pipe`` with several processes, interleaved (issue #5).

    python bench/annotate_procs.py --pages DIR [--procs 2] [--segment 256] [--rounds 8]
                                   [--skip 1000] [--cache DIR]

On this shared machine one run of a variant moves by 10-25 % from one minute to the next,
more than the differences looked for, so single alternated runs cannot compare them. Here
the texts are cut into segments, and each round runs every variant on the same segment, in
an order that rotates from round to round; the sums over the rounds spread the machine's
drift over all variants alike. Variants, each with ``--procs`` processes started anew
for every segment, every pipeline's tokenizer cache warmed alike first:

* ``limit``: ``nlp.pipe(texts)`` on spaCy's own pipeline (bench/limit.py's way);
* ``our-tokenizer``: ``nlp.pipe(texts)`` on our pipeline (paragraph-aware tokenizer),
  the claim rules off: the parsed Docs travel back, as the limit's do;
* ``annotate``: ``pipeline.annotate`` (its own worker pool, one per segment: tasks
  of a few dozen texts, each in a memory zone, rules in the workers, records back).

Segments restart every variant's processes, so this compares the work per document; a
long run's single pool (annotate's) or single pipe call (the limit's) is bench/run.py's.

Printed per round and summed: wall seconds and the workers' CPU seconds (RUSAGE_CHILDREN:
spaCy joins its workers at the end of each pipe call), with ratios to ``limit``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotate_cpu import BATCH_SIZE, DEFAULT_CACHE, MODEL, texts_of  # noqa: E402

from pipeline.annotate.stream import WARMUP_CHARS, annotate, warm_tokenizer_cache  # noqa: E402
from pipeline.nlp.model import plain_model, prepare_pipeline  # noqa: E402

Segment = list[tuple[str, str]]  # (doc_id, text)


def workers_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def variants(procs: int, warm_texts: list[str]) -> dict[str, Callable[[Segment], int]]:
    plain = plain_model(MODEL)
    ours = plain_model(MODEL)
    prepare_pipeline(ours)
    # annotate() fills its pipeline's cache once, before its first zone; the others get the
    # same words, so no variant's workers (new ones every segment) start with a cold cache.
    for nlp in (plain, ours):
        warm_tokenizer_cache(nlp, warm_texts, WARMUP_CHARS)

    def pipe(nlp: Language) -> Callable[[Segment], int]:
        def run(seg: Segment) -> int:
            texts = [text for _, text in seg]
            return sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=procs))

        return run

    def run_annotate(seg: Segment) -> int:
        items = ((doc_id, text, None) for doc_id, text in seg)
        records = annotate(items, ours, batch_size=BATCH_SIZE, n_process=procs)
        return sum(1 for _ in records)

    return {"limit": pipe(plain), "our-tokenizer": pipe(ours), "annotate": run_annotate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of HTML pages")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--segment", type=int, default=256, help="texts per round")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--skip", type=int, default=1000, help="texts to warm caches")
    args = parser.parse_args()

    pairs = texts_of(args.pages, args.cache)
    need = args.skip + args.segment * args.rounds
    if len(pairs) < need:
        raise SystemExit(
            f"{args.pages} gives {len(pairs)} texts; --skip + --segment x --rounds = {need}"
        )
    runs = variants(args.procs, [text for _, text in pairs[: args.skip]])
    names = list(runs)
    wall: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    for r in range(args.rounds):
        start = args.skip + r * args.segment
        seg = pairs[start : start + args.segment]
        for name in names[r % len(names) :] + names[: r % len(names)]:
            t, k = time.perf_counter(), workers_cpu()
            runs[name](seg)
            wall[name].append(time.perf_counter() - t)
            cpu[name].append(workers_cpu() - k)
        print(
            f"round {r + 1}: "
            + "  ".join(f"{n} {wall[n][-1]:.1f} s / {cpu[n][-1]:.1f} s" for n in names),
            flush=True,
        )
    base_wall, base_cpu = sum(wall["limit"]), sum(cpu["limit"])
    print(
        f"\n{args.rounds} rounds of {args.segment} texts, {args.procs} processes"
        " (wall / workers' CPU):"
    )
    for n in names:
        w, c = sum(wall[n]), sum(cpu[n])
        print(f"  {n:14} {w:7.1f} s ({w / base_wall:.3f})  {c:7.1f} s ({c / base_cpu:.3f})")


if __name__ == "__main__":
    main()
