"""CPU seconds of the annotate stage against bare ``nlp.pipe``, with a breakdown (issue #5).

    python bench/annotate_cpu.py [--pages DIR] [--dev DIR] [--reps 3] [--profile]
                                 [--dump OUT.json] [--gold]

Texts are extracted once per folder, the way bench/limit.py extracts them, and cached as
JSON (``--cache``), so repeated runs measure only spaCy and our own code. Printed, in CPU
seconds of this process (``time.process_time``: the machine is shared, wall time is not a
measure of our code), the best and the median of ``--reps`` runs of:

* ``limit``: ``nlp.pipe(texts)`` on spaCy's own pipeline, exactly as bench/limit.py
  runs it;
* ``annotate``: ``pipeline.annotate`` with ``n_process=1`` (memory zones, tokenizer,
  mentions, claims, everything), run alternately with the limit, each timed run on a
  newly loaded pipeline (see fresh_model), and the share of its CPU our own per-document
  work takes within the same run;
* the breakdown: our tokenizer (line breaks to spaces, spaCy's tokenizer, user_data), the
  paragraph component, ``nlp.pipe`` over those docs, ``extract_mentions`` and
  ``extract_claims`` with their steps (inclusive times; an indented step is part of the
  one above it, and wrapping each call costs a little itself).

``--profile`` adds a cProfile of mentions + claims over the parsed docs. ``--dump`` writes
every annotation (mentions and claims, all fields) of the gold set (``--gold``) and the
page folders as JSON lines, sorted, so two dumps from before and after a change can be
compared byte for byte.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import functools
import hashlib
import json
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# This checkout's pipeline package first, before anything imports it (limit.py does):
# run from another worktree, the bench measures that worktree's code.
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from limit import SUFFIXES, _extract  # noqa: E402

from pipeline.annotate import annotate  # noqa: E402
from pipeline.nlp.model import load_model, plain_model  # noqa: E402

DEFAULT_CACHE = Path("/tmp/newsclaims-annotate-cpu")
# The model the pipeline runs with (None: the library's default), as the CLI reads it.
MODEL = os.environ.get("NEWSCLAIMS_SPACY_MODEL") or None
BATCH_SIZE = 32  # bench/limit.py's default, and annotate()'s


def _cache_file(folder: Path, files: list[Path], cache: Path) -> Path:
    # Keyed by the folder and its file names and sizes: a regenerated folder is re-read.
    key = hashlib.sha256(str(folder.resolve()).encode())
    for path in files:
        key.update(f"{path.name}:{path.stat().st_size}".encode())
    return cache / f"{folder.name}-{key.hexdigest()[:16]}.json"


def texts_of(folder: Path, cache: Path) -> list[tuple[str, str]]:
    """(doc_id, extracted text) of every page under ``folder``, as bench/limit.py extracts
    them (pages trafilatura finds no text in are left out, as there)."""
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    cached = _cache_file(folder, files, cache)
    if cached.is_file():
        return [tuple(pair) for pair in json.loads(cached.read_text(encoding="utf-8"))]
    pairs = []
    for path in files:
        text = _extract(path)
        if text:
            pairs.append((str(path.relative_to(folder)), text))
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")
    return pairs


def fresh_model(plain: bool = False) -> Any:
    """load_model()'s pipeline, newly loaded, with its lazily built state initialised;
    ``plain``: the limit's, spaCy's own pipeline with the same components (bench/limit.py).

    Every timed run gets its own: a pipeline reused across runs keeps every word the
    earlier runs added to its vocabulary and tokenizer cache, which favours the limit
    (annotate's memory zones discard them, as they should), while a real run — like
    bench/limit.py's single pass in a new process — meets each new word once.
    """
    from pipeline.nlp import model

    model._cache.clear()
    nlp = plain_model(MODEL) if plain else load_model(MODEL)
    list(nlp.pipe(["Warm-up text. The minister said it was fine."]))
    return nlp


def cpu_runs(runs: list[tuple[bool, Callable[[Any], object]]], reps: int) -> list[list[float]]:
    """CPU seconds of ``reps`` runs of each (plain pipeline?, run) on a fresh pipeline,
    taking turns, so a change in the load the other processes put on the shared cores
    hits every side alike."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(reps):
        for (plain, run), out in zip(runs, times, strict=True):
            nlp = fresh_model(plain)  # not timed
            started = time.process_time()
            run(nlp)
            out.append(time.process_time() - started)
            del nlp
    return times


# -- breakdown: wrap module-level functions and methods, accumulate their CPU ----------
class Timers:
    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.calls: defaultdict[str, int] = defaultdict(int)
        self._undo: list[Callable[[], None]] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.process_time() - started
                self.calls[label] += 1

        setattr(owner, name, timed)
        self._undo.append(lambda: setattr(owner, name, original))

    def restore(self) -> None:
        while self._undo:
            self._undo.pop()()


# (module path, attribute, label); labels with leading spaces are parts of the one above.
STEPS: list[tuple[str, str, str]] = [
    ("pipeline.nlp.entities", "_model_mentions", "  model mentions (ents, trim, names)"),
    ("pipeline.nlp.entities", "find_definitions", "  acronym definitions"),
    ("pipeline.nlp.entities", "_apply_acronyms", "  acronym mentions"),
    ("pipeline.nlp.entities", "_resolve_short_names", "  short-name resolution"),
    ("pipeline.claims.extract", "find_quotes", "  find_quotes"),
    ("pipeline.claims.extract", "layout_claims", "  layout_claims (both calls)"),
    ("pipeline.claims.extract", "find_cues", "  find_cues"),
    ("pipeline.claims.rules", "content_of", "    content_of"),
    ("pipeline.claims.rules", "find_subject", "    find_subject"),
    ("pipeline.claims.extract", "according_to", "  according_to"),
    ("pipeline.claims.extract", "stop_at_coordinated_cues", "  stop at coordinated cues"),
    ("pipeline.claims.extract", "extend_to_sentence", "  extend to sentence"),
    ("pipeline.claims.quoting", "_quote_for", "  quote for content"),
    ("pipeline.claims.quoting", "_quote_plus_frame", "  quote plus frame"),
    ("pipeline.claims.quoting", "_nearest_cue", "  nearest cue"),
    ("pipeline.claims.quoting", "_join_quote_parts", "  join quote parts"),
    ("pipeline.claims.speakers.SpeakerResolver", "from_token", "  speakers (from_token)"),
    ("pipeline.claims.evidence.DocumentEvidence", "prepare", "    prepare (once per doc)"),
    ("pipeline.claims.extract", "sent_starts_chars", "  sentence offsets"),
    ("pipeline.claims.extract", "_add_layout_claims", "  add layout claims"),
    ("pipeline.claims.extract", "continue_quotes", "  continue quotes"),
    ("pipeline.claims.extract", "link_denials", "  link denials"),
]


def _owner(path: str) -> Any:
    import importlib

    module_path, _, cls = path.rpartition(".")
    if cls and cls[:1].isupper():
        return getattr(importlib.import_module(module_path), cls)
    return importlib.import_module(path)


def breakdown(nlp: Any, texts: list[str]) -> list[tuple[str, float, int]]:
    from pipeline.claims import extract_claims
    from pipeline.nlp.entities import extract_mentions
    from pipeline.nlp.paragraphs import COMPONENT, make_doc, model_text

    rows: list[tuple[str, float, int]] = []
    started = time.process_time()
    for text in texts:
        model_text(text)
    rows.append(("make_doc: line breaks to spaces", time.process_time() - started, len(texts)))
    started = time.process_time()
    made = [make_doc(nlp, text) for text in texts]
    rows.append(("make_doc (all, tokenizer included)", time.process_time() - started, len(texts)))
    component = nlp.get_pipe(COMPONENT)
    started = time.process_time()
    for doc in made:
        component(doc)
    rows.append(("paragraph component", time.process_time() - started, len(texts)))
    made = [make_doc(nlp, text) for text in texts]
    started = time.process_time()
    docs = list(nlp.pipe(made, batch_size=BATCH_SIZE))
    rows.append(("nlp.pipe over our docs (component included)", time.process_time() - started, 0))

    timers = Timers()
    for path, name, label in STEPS:
        timers.wrap(_owner(path), name, label)
    try:
        started = time.process_time()
        all_mentions = [extract_mentions(doc) for doc in docs]
        rows.append(("extract_mentions", time.process_time() - started, len(docs)))
        rows += [(label, timers.seconds[label], timers.calls[label]) for *_, label in STEPS[:4]]
        started = time.process_time()
        for doc, mentions in zip(docs, all_mentions, strict=True):
            extract_claims(doc, mentions)
        rows.append(("extract_claims", time.process_time() - started, len(docs)))
        rows += [(label, timers.seconds[label], timers.calls[label]) for *_, label in STEPS[4:]]
    finally:
        timers.restore()
    return rows


def profile(nlp: Any, texts: list[str], top: int) -> None:
    from pipeline.claims import extract_claims
    from pipeline.nlp.entities import extract_mentions

    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE))
    # cProfile's default clock: with process_time as its timer every call event is a
    # system call, which inflated the profile eightfold and hid the real proportions.
    profiler = cProfile.Profile()
    profiler.enable()
    for doc in docs:
        extract_claims(doc, extract_mentions(doc))
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def run_annotate(
    nlp: Any, items: list[tuple[str, str, str | None]], n_process: int = 1
) -> Iterator[Any]:
    return annotate(items, nlp, batch_size=BATCH_SIZE, n_process=n_process)


def _pipe_texts(nlp: Any, texts: list[str]) -> int:
    """bench/limit.py's spaCy half: nlp.pipe over the extracted texts."""
    return sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))


def _annotate_timed(nlp: Any, items: list[tuple[str, str, str | None]], shares: list[float]) -> int:
    """annotate() with its per-document work in the annotator component (_rows: mentions,
    claims, records) timed. The tokenizer wrapper is left in the rest: it is mostly
    spaCy's tokenizer, which the limit runs too (its own cost is in the breakdown)."""
    timers = Timers()
    timers.wrap(_owner("pipeline.annotate.annotator"), "_rows", "annotate_doc")
    started = time.process_time()
    try:
        n = _count(run_annotate, nlp, items)
    finally:
        timers.restore()
    total = time.process_time() - started
    ours = sum(timers.seconds.values())
    shares.append(ours / (total - ours))
    return n


def _pipe_our_docs(nlp: Any, texts: list[str]) -> int:
    """nlp.pipe through our tokenizer (line breaks as spaces, paragraph starts), without
    the annotator: the model's share of annotate, which differs from the limit's because
    the limit's text keeps its line breaks and spaCy makes a token of each."""
    return sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))


def _count(make: Callable[..., Iterator[Any]], *args: Any, **kwargs: Any) -> int:
    return sum(1 for _ in make(*args, **kwargs))


def dump(nlp: Any, corpora: dict[str, list[tuple[str, str]]], out: Path, n_process: int = 1) -> int:
    """Every annotation as one JSON line per document (corpus-prefixed id), sorted."""
    lines = []
    for corpus, pairs in corpora.items():
        items = [(f"{corpus}/{doc_id}", text, None) for doc_id, text in pairs]
        for record in run_annotate(nlp, items, n_process):
            lines.append(json.dumps(dataclasses.asdict(record), ensure_ascii=False, sort_keys=True))
    lines.sort()
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, action="append", default=[])
    parser.add_argument("--dev", type=Path, action="append", default=[])
    parser.add_argument("--gold", action="store_true", help="include the eval gold set")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--dump", type=Path, default=None)
    parser.add_argument("--no-time", action="store_true", help="only --dump")
    parser.add_argument("--n-process", type=int, default=1, help="annotate's, for --dump")
    parser.add_argument("--no-breakdown", action="store_true")
    args = parser.parse_args()

    nlp = load_model(MODEL)
    corpora: dict[str, list[tuple[str, str]]] = {}
    for folder in [*args.pages, *args.dev]:
        corpora[folder.name] = texts_of(folder, args.cache)
    if args.gold:
        from eval.build_gold import load_texts

        corpora["gold"] = sorted(load_texts().items())
    if args.dump is not None:
        n = dump(nlp, corpora, args.dump, args.n_process)
        print(f"dumped {n} documents to {args.dump}")
    if args.no_time:
        return

    # Warm-up: the first pipe call initialises lazily built model state.
    list(nlp.pipe(["Warm-up text. The minister said it was fine."]))
    for corpus, pairs in corpora.items():
        texts = [text for _, text in pairs]
        items = [(doc_id, text, None) for doc_id, text in pairs]
        chars = sum(len(t) for t in texts)
        print(f"\n{corpus}: {len(texts)} documents, {chars:,} characters")
        if args.reps > 0:  # --reps 0: only the breakdown
            shares: list[float] = []
            limits, pipes, ours = cpu_runs(
                [
                    (True, functools.partial(_pipe_texts, texts=texts)),
                    (False, functools.partial(_pipe_our_docs, texts=texts)),
                    (False, functools.partial(_annotate_timed, items=items, shares=shares)),
                ],
                args.reps,
            )
            # The minimum is the run least disturbed by the other processes (cache and
            # memory-bus contention still count); the median shows the spread.
            for label, runs in (
                ("limit nlp.pipe(texts)", limits),
                ("nlp.pipe, our tokenizer", pipes),
                ("annotate n_process=1", ours),
            ):
                low, mid = min(runs), statistics.median(runs)
                print(f"  {label:<22} min {low:7.2f}  median {mid:7.2f} s CPU")
            low = min(ours) / min(limits)
            mid = statistics.median(ours) / statistics.median(limits)
            print(f"  ratio annotate/limit   min {low:.3f}  median {mid:.3f}")
            # Within each annotate run: the CPU of our per-document work (mentions,
            # claims, records) over the rest of the run (tokenizer, spaCy's pipe, the
            # paragraph component, memory zones). Both halves share the run's conditions,
            # so this is the steadiest measure of what we add.
            low, mid = min(shares), statistics.median(shares)
            print(f"  ours / rest of annotate min {low:.3f}  median {mid:.3f}")
        if args.no_breakdown:
            continue
        print("  breakdown (one run, CPU s, calls):")
        for label, seconds, calls in breakdown(nlp, texts):
            print(f"    {label:<48} {seconds:7.3f}  {calls:6d}")
        if args.profile:
            profile(nlp, texts, args.top)


if __name__ == "__main__":
    main()
