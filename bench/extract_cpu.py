"""CPU seconds of our extraction step against bare trafilatura, with a breakdown per extra.

    python bench/extract_cpu.py FOLDER [FOLDER ...] [--repeat 6] [--keep-caches]

For each folder of pages (*.html, *.htm, searched recursively) it prints

* bare: trafilatura.bare_extraction on each page, exactly as bench/limit.py calls it
  (UTF-8 decode, with_metadata=True, EXTRACTION_OPTIONS): the floor;
* ours: pipeline.extract.extract_document on the same bytes, everything included;
* where ours spends it, measured in place: a second set of runs wraps each function
  extract_document calls (and trafilatura.bare_extraction, and the two tree passes
  extract_html makes) with a CPU timer and reports exclusive time (a callee's time is
  not counted again in its caller). In place matters: timed alone on a warm cache the
  language identifier looks three times cheaper than it is between two trafilatura
  runs. "parse" and "trafilatura on the tree" are the work bare does too (it parses
  the string itself; handed our tree, it copies it instead); every other line is an
  extra of ours. "other" is what no wrapper saw: extract_document's own glue and the
  wrappers' cost.

CPU time (time.process_time), not wall time: the machine may be shared, and CPU time is
what a batch on a busy host pays. Every page is timed --repeat times, bare, ours and
ours with timers in turn (the order rotating), and each figure is the sum over pages
of the page's minimum: that filters out most of the noise other processes cause
(contention only ever adds time).

A page seen again is cheaper: htmldate, trafilatura and courlan memoise results per
input string (a date expression dateparser took 10 ms to read comes back from the cache
the second time). Before every timed call the bounded memo caches of those libraries
are cleared (MEMO_CACHES), so each measurement is a page seen for the first time; the
caches of set-up work (the date parser itself, dateparser's locale tables, our language
model) stay warm, as they are after the first pages of a real run. One pass over the
folder warms those up first. A real run sits between the two bounds: pages of one site
share boilerplate strings, so some memo hits are real. --keep-caches measures the
other bound (every string cached), where bare is cheapest and our share largest.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import trafilatura

import pipeline.extract.document as document_module
import pipeline.extract.html as html_module
from pipeline.extract import extract_document
from pipeline.extract.html import EXTRACTION_OPTIONS
from pipeline.records import FetchResult, FetchStatus

SUFFIXES = (".html", ".htm")
# (module, function name, report line): everything extract_document does for an HTML page.
WRAPPED = [
    (trafilatura, "bare_extraction", "trafilatura on the tree (bare's work)"),
    (document_module, "parse_page", "parse (bare's work: load_html)"),
    (document_module, "decode_html", "charset decoding"),
    (document_module, "bad_char_share", "control/replacement char share"),
    (document_module, "_looks_binary", "binary sniff"),
    (document_module, "is_plain_text", "plain-text sniff"),
    (document_module, "read_declarations", "canonical link + declared language"),
    (document_module, "canonical_url", "canonical URL choice"),
    (html_module, "unwrap_layout_tables", "layout tables"),
    (html_module, "mark_ad_slots", "ad slots (marking)"),
    (document_module, "check_text", "text checks"),
    (document_module, "content_hash", "content hash"),
    (document_module, "choose_language", "language identification"),
]
BARE_WORK = {"trafilatura on the tree (bare's work)", "parse (bare's work: load_html)"}
WRAPPED_TOTAL = "(ours with timers)"
VARIANTS = ("bare", "ours", WRAPPED_TOTAL)
CLEARED: list[Any] = []  # the caches _cpu clears, see MEMO_CACHES


@dataclass(frozen=True)
class Page:
    url: str
    body: bytes


def _pages(folder: Path) -> list[Page]:
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    return [Page(p.resolve().as_uri(), p.read_bytes()) for p in files]


def _fetched(page: Page) -> FetchResult:
    return FetchResult(
        source="bench",
        url=page.url,
        status=FetchStatus.OK,
        fetched_at=datetime.now(UTC),
        final_url=page.url,
        http_status=200,
        content_type="text/html",
        body=page.body,
    )


def bare(page: Page) -> None:
    trafilatura.bare_extraction(  # the call bench/limit.py makes
        page.body.decode("utf-8", errors="replace"),
        url=page.url,
        with_metadata=True,
        output_format="python",
        **EXTRACTION_OPTIONS,
    )


def ours(page: Page) -> None:
    extract_document(_fetched(page))


# The functools caches that memoise a result per input string (a date expression, a
# line of text, a URL); the other caches of these libraries hold set-up work (the date
# parser, stop lists, locale tables) that a real run pays once, and stay warm.
MEMO_CACHES = (
    ("htmldate.extractors", "try_date_expr"),
    ("htmldate.validators", "_parse_and_validate"),
    ("htmldate.validators", "filter_ymd_candidate"),
    ("trafilatura.utils", "line_processing"),
    ("trafilatura.utils", "trim"),
    ("trafilatura.utils", "return_printables_and_spaces"),
    ("courlan.filters", "langcodes_score"),
    ("urllib.parse", "urlsplit"),
)


def _memo_caches() -> list[Any]:
    caches = []
    for module_name, name in MEMO_CACHES:
        cache = getattr(sys.modules.get(module_name), name, None)
        if callable(getattr(cache, "cache_clear", None)):
            caches.append(cache)
    return caches


def _cpu(run: Callable[[Page], None], page: Page) -> float:
    for cache in CLEARED:
        cache.cache_clear()
    started = time.process_time()
    run(page)
    return time.process_time() - started


@contextmanager
def _timers(spent: Counter[str]) -> Iterator[None]:
    """Wrap the WRAPPED functions; each call adds its exclusive CPU time to ``spent``."""
    stack: list[float] = []  # per active call: CPU time of the wrapped calls inside it

    def timed(line: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            stack.append(0.0)
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.process_time() - started
                spent[line] += elapsed - stack.pop()
                if stack:
                    stack[-1] += elapsed

        return wrapper

    originals: list[tuple[ModuleType, str, Any]] = []
    try:
        for module, name, line in WRAPPED:
            if not hasattr(module, name):  # an older checkout of pipeline/extract
                continue
            originals.append((module, name, getattr(module, name)))
            setattr(module, name, timed(line, getattr(module, name)))
        yield
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def _rotated(items: tuple[str, ...], by: int) -> tuple[str, ...]:
    by %= len(items)
    return items[by:] + items[:by]


def measure(folder: Path, repeat: int, keep_caches: bool) -> None:
    pages = _pages(folder)
    if not pages:
        raise SystemExit(f"no pages in {folder}")
    for page in pages:  # warm-up: imports, the language model, dateparser's locales
        ours(page)
        bare(page)
    CLEARED[:] = [] if keep_caches else _memo_caches()
    # Per page, the minimum over the runs of each figure. The pages interleave bare, ours
    # and ours with timers, so a slow spell on the host hits all three alike, and their
    # order rotates from run to run: whatever runs second on a page finds its bytes
    # and much of trafilatura's working set in the cache already.
    best: list[dict[str, float]] = [{} for _ in pages]
    for run in range(repeat):
        for page, page_best in zip(pages, best, strict=True):
            spent: Counter[str] = Counter()
            for variant in _rotated(VARIANTS, run):
                if variant == WRAPPED_TOTAL:
                    with _timers(spent):
                        spent[WRAPPED_TOTAL] = _cpu(ours, page)
                else:
                    spent[variant] = _cpu(bare if variant == "bare" else ours, page)
            for line, seconds in spent.items():
                page_best[line] = min(page_best.get(line, seconds), seconds)
    parts: Counter[str] = Counter()
    for page_best in best:
        parts.update(page_best)
    floor, total = parts.pop("bare"), parts.pop("ours")
    wrapped_total = parts.pop(WRAPPED_TOTAL)
    extras = {line: parts.get(line, 0.0) for _, _, line in WRAPPED if line not in BARE_WORK}
    caches = "kept warm" if keep_caches else f"{len(CLEARED)} cleared before each call"
    print(f"\n{folder}  ({len(pages)} pages; CPU seconds, each page's min of {repeat} runs;")
    print(f"  per-string memo caches {caches})")
    print(f"  {'bare trafilatura.bare_extraction':<40} {floor:7.3f}")
    print(f"  {'ours extract_document':<40} {total:7.3f}  {total / floor - 1:+6.1%} vs bare")
    print("  where ours spends it (in place; % of bare):")
    for line in sorted(BARE_WORK, reverse=True):
        print(f"    {line:<38} {parts.get(line, 0.0):7.3f}  {parts.get(line, 0.0) / floor:6.1%}")
    for line, seconds in sorted(extras.items(), key=lambda item: -item[1]):
        print(f"    {line:<38} {seconds:7.3f}  {seconds / floor:6.1%}")
    other = wrapped_total - sum(parts.values())
    print(f"    {'other (glue, timers)':<38} {other:7.3f}  {other / floor:6.1%}")
    print(f"    {'extras together':<38} {sum(extras.values()):7.3f}  ", end="")
    print(f"{sum(extras.values()) / floor:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=6)  # a multiple of the 3 orders
    parser.add_argument(
        "--keep-caches",
        action="store_true",
        help="do not clear the memo caches: every page is then also a page seen before",
    )
    args = parser.parse_args()
    for folder in args.folders:
        measure(folder, args.repeat, args.keep_caches)


if __name__ == "__main__":
    main()
