"""CPU per document of the annotate stage with the attribution model on and off (issue 22).

    python bench/attribution_cpu.py [--pages DIR] [--texts DIR] [--reps 3]

Texts: the pages under ``--pages`` (default ../shared/corpus/news-dev/html), extracted as
bench/limit.py extracts them (cached, bench/annotate_cpu.py), and the ``.txt`` files under
``--texts`` (default ../shared/corpus/attribution-dev/text). One process: ``annotate()``
with ``n_process=1``, the same loaded pipeline, the model off and on in turn, ``--reps``
times each after one untimed run of each (the model is loaded once per process, as the
pipeline loads it). Printed: CPU seconds (``time.process_time``; the machine is shared,
wall time measures the neighbours) per document, best and median, and the ratio on/off
(issue 22's target: at most 1.25).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotate_cpu import DEFAULT_CACHE, MODEL, texts_of  # noqa: E402

from pipeline.annotate import annotate  # noqa: E402
from pipeline.attribution.predict import DEFAULT_DIR  # noqa: E402
from pipeline.nlp.model import load_model  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus"


def run(nlp: object, items: list[tuple[str, str, str | None]], model: Path | None) -> float:
    started = time.process_time()
    for _ in annotate(items, nlp, attribution_model=model):  # type: ignore[arg-type]
        pass
    return time.process_time() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=SHARED / "news-dev" / "html")
    ap.add_argument("--texts", type=Path, default=SHARED / "attribution-dev" / "text")
    ap.add_argument("--model-dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    items: list[tuple[str, str, str | None]] = []
    if args.pages.is_dir():
        items += [(f"page:{d}", t, None) for d, t in texts_of(args.pages, DEFAULT_CACHE)]
    if args.texts.is_dir():
        items += [
            (f"text:{p.stem}", p.read_text(encoding="utf-8"), None)
            for p in sorted(args.texts.glob("*.txt"))
        ]
    if not items:
        sys.exit("no texts: give --pages or --texts")
    nlp = load_model(MODEL)
    runs: dict[str, list[float]] = {"off": [], "on": []}
    models = {"off": None, "on": args.model_dir}
    for name in runs:  # untimed: loads the attribution model, warms the caches
        run(nlp, items[:20], models[name])
    for _ in range(args.reps):
        for name in runs:
            runs[name].append(run(nlp, items, models[name]))
    n = len(items)
    print(f"{n} documents, {args.reps} runs each, CPU s per document (best / median)")
    for name, times in runs.items():
        best, median = min(times) / n * 1000, statistics.median(times) / n * 1000
        print(f"  model {name:3}: {best:7.1f} ms / {median:7.1f} ms")
    ratio = min(runs["on"]) / min(runs["off"])
    mid = statistics.median(runs["on"]) / statistics.median(runs["off"])
    print(f"on/off: {ratio:.2f}x (best), {mid:.2f}x (median); target <= 1.25x")


if __name__ == "__main__":
    main()
