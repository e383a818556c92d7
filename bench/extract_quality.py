"""Article-body quality of our extraction vs plain trafilatura, on Zyte's benchmark slice.

    python bench/extract_quality.py /work/shared/corpus/news-dev     (or env NEWS_DEV)

The corpus folder holds ground-truth.json ({id: {"articleBody", "url"}}) and html/ID.html.
It is read by path and never copied into the repository.

Metric (Zyte's article-extraction benchmark): tokens are ``\\w+`` matches, shingles are
4-grams of tokens counted as multisets; per page TP/FP/FN are divided by their sum so each
page weighs the same; precision and recall are means over pages, F1 is computed from the
two means. A page where both the prediction and the gold body are empty scores a perfect
page; an empty prediction against a non-empty gold is all FN.

``--grid`` also scores trafilatura option combinations; pipeline/extract/html.py cites
the outcome for its choices.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from pipeline.extract import ExtractedDocument, extract_document
from pipeline.extract.decode import decode_html
from pipeline.records import FetchResult, FetchStatus

SHINGLE = 4  # Zyte's shingle length
_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < SHINGLE:  # short texts still count as one (shorter) shingle
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def page_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """(tp, fp, fn) for one page, normalised to sum to 1."""
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 1.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


@dataclass
class Score:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(extract: Callable[[bytes, str], str], gold: dict[str, dict], html_dir: Path) -> Score:
    precisions, recalls = [], []
    for doc_id, item in sorted(gold.items()):
        body = (html_dir / f"{doc_id}.html").read_bytes()
        tp, fp, fn = page_scores(extract(body, item["url"]) or "", item["articleBody"] or "")
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    n = len(precisions)
    return Score(sum(precisions) / n, sum(recalls) / n, n)


def ours(body: bytes, url: str) -> str:
    result = FetchResult(
        source="bench",
        url=url,
        status=FetchStatus.OK,
        fetched_at=datetime.now(UTC),
        final_url=url,
        http_status=200,
        content_type="text/html",
        body=body,
    )
    doc = extract_document(result)
    return doc.text if isinstance(doc, ExtractedDocument) else ""


def trafilatura_defaults(body: bytes, url: str) -> str:
    # What a user of trafilatura would do: decode, then extract() with every default.
    return trafilatura.extract(decode_html(body, "text/html"), url=url) or ""


def _with_options(**options: bool) -> Callable[[bytes, str], str]:
    def run(body: bytes, url: str) -> str:
        return trafilatura.extract(decode_html(body, "text/html"), url=url, **options) or ""

    return run


def _row(name: str, s: Score) -> str:
    return f"| {name:<44} | {s.precision:9.4f} | {s.recall:6.4f} | {s.f1:6.4f} | {s.pages:5d} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=os.environ.get("NEWS_DEV"))
    parser.add_argument("--grid", action="store_true", help="also score option combinations")
    args = parser.parse_args(argv)
    if not args.corpus:
        parser.error("pass the news-dev folder or set NEWS_DEV")
    corpus = Path(args.corpus)
    gold = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    html_dir = corpus / "html"

    print(f"| {'extractor':<44} | precision | recall | F1     | pages |")
    print(f"|{'-' * 46}|-----------|--------|--------|-------|")
    baseline = score(trafilatura_defaults, gold, html_dir)
    mine = score(ours, gold, html_dir)
    print(_row("trafilatura.extract() defaults", baseline))
    print(_row("newsclaims extract_document()", mine))
    if args.grid:
        for precision, recall, comments, tables in itertools.product([False, True], repeat=4):
            if precision and recall:
                continue  # mutually exclusive in trafilatura
            options = {
                "favor_precision": precision,
                "favor_recall": recall,
                "include_comments": comments,
                "include_tables": tables,
            }
            name = " ".join(k.split("_")[-1] for k, v in options.items() if v) or "(none)"
            print(_row(f"grid: {name}", score(_with_options(**options), gold, html_dir)))
    # A non-zero exit lets CI catch a change that makes us worse than trafilatura alone.
    return 0 if mine.f1 >= baseline.f1 else 1


if __name__ == "__main__":
    sys.exit(main())
