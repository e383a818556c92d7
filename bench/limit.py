"""The raw limit: trafilatura's bare_extraction and spaCy's nlp.pipe on a folder of pages.

    python bench/limit.py FOLDER [--model NAME] [--n-process N] [--batch-size 32]

Nothing else: no fetch, no de-duplication, no language filter, no claim rules, no
database. It is what the pipeline could do at best with the same libraries, the same
trafilatura options (EXTRACTION_OPTIONS: what we choose to extract changes the text the
model reads, so both sides must read the same text) and the same spaCy model with the
same components excluded (plain_model: spaCy's own pipeline, without the
paragraph-aware tokenizer and the claim-rules component load_model adds). Our own extras
— the ad-slot prune_xpath, the publication-date search, layout-table unwrapping, language
identification, canonical URLs, line breaks as sentence starts — count as pipeline
overhead, on purpose.

With --n-process N both halves use N processes (a Pool for extraction, nlp.pipe's own
n_process for spaCy), the same parallelism NEWSCLAIMS_N_PROCESS gives the pipeline.
Prints one JSON line; bench/run.py measures wall time, CPU time and RSS from outside.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import time
from pathlib import Path

import trafilatura

from pipeline.extract.html import EXTRACTION_OPTIONS

SUFFIXES = (".html", ".htm")


def _extract(path: Path) -> str | None:
    markup = path.read_bytes().decode("utf-8", errors="replace")
    doc = trafilatura.bare_extraction(
        markup,
        url=path.resolve().as_uri(),
        with_metadata=True,
        output_format="python",
        **EXTRACTION_OPTIONS,
    )
    return doc.text if doc is not None and doc.text else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--model", default=os.environ.get("NEWSCLAIMS_SPACY_MODEL") or None)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    started = time.perf_counter()
    from pipeline.nlp.model import plain_model

    nlp = plain_model(args.model)
    loaded = time.perf_counter()
    files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    if args.n_process > 1:
        with multiprocessing.get_context("forkserver").Pool(args.n_process) as pool:
            texts = [t for t in pool.imap(_extract, files, chunksize=4) if t]
    else:
        texts = [t for t in map(_extract, files) if t]
    extracted = time.perf_counter()
    docs = sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process))
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "pages": len(files),
                "docs": docs,
                "load_s": round(loaded - started, 3),
                "extract_s": round(extracted - loaded, 3),
                "nlp_s": round(done - extracted, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
