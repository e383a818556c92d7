"""Throughput, parallel speedup and memory: the raw limit vs the full pipeline.

    python bench/run.py [--dev DIR] [--pages 5000] [--memory-pages 10000] [--procs 1 2]
                        [--reps 1] [--dev-reps 5] [--work DIR] [--claim-share 0.5]

(`make bench` runs it with the news-dev corpus from NEWS_DEV.) For each corpus — the real
news-dev pages (DIR/html) and pages made by bench/generate_pages.py — and each process
count, in the same run and environment, alternating:

* limit:    bench/limit.py — trafilatura bare_extraction + spaCy nlp.pipe, nothing else;
* pipeline: ``newsclaims run --sources <path: source> --db <tmp> --date …`` through the
            CLI, i.e. Dagster, every stage, every DuckDB write.

Both are whole processes (imports and model load included), measured from outside
(bench/procstats.py). Printed: docs/s on wall time and on CPU time (the machine may be
shared; CPU time is what contention does not inflate), pipeline/limit ratios, the speedup
of N processes over one, peak RSS, each stage's timing line from the pipeline's log, and
the limit's own split (model load, extraction, nlp.pipe) to set beside them.
docs/s counts input pages for both sides, so both divide by the same number. With several
runs per side (--reps, --dev-reps) the table shows the best of each side and a line lists
the ratio of every alternated pair, with their median: on a shared machine the spread is
wide. Pairs alternate which side runs first, so a drift of the machine's speed does not
favour one side.

--claim-share is the generator's share of sentences that are attributions (its default
matches political news; 1.0, every sentence, is the stress case of earlier runs). The
generated folders under --work are named by page count and share, and reused.

--memory-pages runs the pipeline once more on that many generated pages and reports the
peak RSS of its process tree (the "flat memory" check: it must stay under 2 GiB).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_pages import CLAIM_SHARE, generate
from procstats import Measured, run

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
DEFAULT_DEV = REPO.parent / "shared" / "corpus" / "news-dev"
DATE = "2026-03-01"
TIMING = re.compile(r" - (timing \w+: .*)$")


@dataclass
class Row:
    corpus: str
    pages: int
    side: str
    procs: int
    m: Measured

    @property
    def wall_rate(self) -> float:
        return self.pages / self.m.wall_s

    @property
    def cpu_rate(self) -> float:
        return self.pages / self.m.cpu_s


def _env(procs: int) -> dict[str, str]:
    env = dict(os.environ)
    env["NEWSCLAIMS_N_PROCESS"] = str(procs)
    env["NEWSCLAIMS_START_DATE"] = "2026-01-01"
    # An ephemeral Dagster instance: benchmark runs stay out of the project's run history.
    env.pop("DAGSTER_HOME", None)
    return env


def limit(folder: Path, procs: int) -> Measured:
    cmd = [sys.executable, str(REPO / "bench" / "limit.py"), str(folder), "--n-process", str(procs)]
    m = run(cmd, env=_env(procs), cwd=str(REPO))
    if m.returncode != 0:
        raise SystemExit(f"limit failed:\n{m.stderr[-3000:]}")
    return m


def pipeline(folder: Path, procs: int, work: Path) -> Measured:
    sources = work / f"sources-{folder.name}.yaml"
    sources.write_text(f"sources:\n  - name: bench\n    path: {json.dumps(str(folder))}\n")
    db = work / f"bench-{folder.name}-{procs}.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    cmd = [str(VENV_BIN / "newsclaims"), "run", "--sources", str(sources)]
    cmd += ["--db", str(db), "--date", DATE]
    m = run(cmd, env=_env(procs), cwd=str(REPO))
    if m.returncode != 0:
        raise SystemExit(f"pipeline failed:\n{m.stderr[-3000:]}")
    return m


def timings(m: Measured) -> list[str]:
    """The pipeline's ``timing`` lines, or the limit's own split of its run (limit.py's
    JSON line), so each stage can be set beside its counterpart."""
    lines = [match.group(1) for line in m.stderr.splitlines() if (match := TIMING.search(line))]
    for line in m.stdout.splitlines():
        if line.startswith("{"):
            split = json.loads(line)
            lines.append(
                f"timing limit: load {split['load_s']:.2f} s, extract {split['extract_s']:.2f} s,"
                f" nlp {split['nlp_s']:.2f} s"
            )
    return lines


def pages_in(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.suffix.lower() in (".html", ".htm"))


def bench_corpus(name: str, folder: Path, procs: list[int], reps: int, work: Path) -> list[Row]:
    n = pages_in(folder)
    rows: list[Row] = []
    for p in procs:
        for rep in range(reps):
            # Alternate the two sides, and their order from pair to pair (limit first, then
            # pipeline first, ...), so a drift of the machine's speed over the runs — ±10 %
            # within an hour here — does not always favour the side that runs first.
            sides = ("limit", "pipeline") if rep % 2 == 0 else ("pipeline", "limit")
            for side in sides:
                m = limit(folder, p) if side == "limit" else pipeline(folder, p, work)
                rows.append(Row(name, n, side, p, m))
                print(
                    f"  {name} {side:8} procs={p}: {m.wall_s:6.1f} s wall, {m.cpu_s:6.1f} s cpu,"
                    f" {n / m.wall_s:6.2f} docs/s, tree RSS {m.tree_rss_mb:6.0f} MB",
                    flush=True,
                )
                for line in timings(m):
                    print(f"      {line}", flush=True)
    return rows


def best(rows: list[Row], corpus: str, side: str, procs: int) -> Row | None:
    found = [r for r in rows if (r.corpus, r.side, r.procs) == (corpus, side, procs)]
    return min(found, key=lambda r: r.m.wall_s) if found else None


def report(rows: list[Row], procs: list[int]) -> None:
    print(
        "\n| corpus | pages | procs | limit docs/s | pipeline docs/s | ratio (wall) "
        "| ratio (cpu) | limit peak RSS | pipeline peak RSS |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for corpus in dict.fromkeys(r.corpus for r in rows):
        for p in procs:
            lim, pipe = best(rows, corpus, "limit", p), best(rows, corpus, "pipeline", p)
            if lim is None or pipe is None:
                continue
            print(
                f"| {corpus} | {pipe.pages} | {p} | {lim.wall_rate:.2f} | {pipe.wall_rate:.2f} "
                f"| {pipe.wall_rate / lim.wall_rate:.2f} | {pipe.cpu_rate / lim.cpu_rate:.2f} "
                f"| {lim.m.tree_rss_mb:.0f} MB | {pipe.m.tree_rss_mb:.0f} MB |"
            )
    # The best run of each side is the one least slowed by the machine's other load; the
    # ratio of each alternated pair shows how far that load moved the figures.
    for corpus in dict.fromkeys(r.corpus for r in rows):
        for p in procs:
            limits = [r for r in rows if (r.corpus, r.side, r.procs) == (corpus, "limit", p)]
            pipes = [r for r in rows if (r.corpus, r.side, r.procs) == (corpus, "pipeline", p)]
            if len(limits) > 1:
                pairs = [
                    lim.m.wall_s / pipe.m.wall_s for lim, pipe in zip(limits, pipes, strict=True)
                ]
                # Every run counted once: the limit's summed time over the pipeline's, i.e.
                # the ratio of each side's pages over all its seconds. Unlike best against
                # best, one lucky run of either side does not decide it.
                pooled = sum(r.m.wall_s for r in limits) / sum(r.m.wall_s for r in pipes)
                print(
                    f"{corpus} procs={p}: wall ratio of each pair "
                    + ", ".join(f"{ratio:.2f}" for ratio in pairs)
                    + f" (median {statistics.median(pairs):.2f}; all runs together"
                    + f" {pooled:.2f})"
                )
    if len(procs) > 1:
        print("\n| corpus | side | speedup " + f"{procs[-1]} procs vs {procs[0]} (wall) |")
        print("|---|---|---:|")
        for corpus in dict.fromkeys(r.corpus for r in rows):
            for side in ("limit", "pipeline"):
                one, many = best(rows, corpus, side, procs[0]), best(rows, corpus, side, procs[-1])
                if one and many:
                    print(f"| {corpus} | {side} | {one.m.wall_s / many.m.wall_s:.2f}× |")


def generated(work: Path, pages: int, claim_share: float) -> Path:
    """The folder of ``pages`` generated pages at ``claim_share`` under ``work``, made once."""
    folder = work / f"generated-{pages}-share{claim_share:g}"
    if not folder.is_dir():
        generate(folder, pages, claim_share=claim_share)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dev",
        type=Path,
        default=Path(os.environ.get("NEWS_DEV") or DEFAULT_DEV),
        help="news-dev corpus folder (holds html/); env NEWS_DEV",
    )
    parser.add_argument("--pages", type=int, default=5000, help="generated pages (0: skip)")
    parser.add_argument(
        "--memory-pages",
        type=int,
        default=0,
        help="also run the pipeline on this many pages for peak RSS (0: skip)",
    )
    parser.add_argument("--memory-procs", type=int, default=2)
    parser.add_argument("--procs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--reps", type=int, default=1, help="runs per side; the best counts")
    # A news-dev run lasts ~11-17 s, so the machine's other load moves it by a larger share
    # than a 5k-page run (one side's runs spread by up to a third within minutes), and a best
    # of three was often decided by one slow stretch; five alternated pairs cost ~2.5 min
    # per process count.
    parser.add_argument("--dev-reps", type=int, default=5, help="runs per side on news-dev")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: tmp)")
    parser.add_argument(
        "--claim-share",
        type=float,
        default=CLAIM_SHARE,
        help="share of generated sentences that are attributions (1.0: the stress case)",
    )
    args = parser.parse_args()
    os.environ.setdefault("NEWSCLAIMS_SPACY_MODEL", "en_core_web_sm")
    print(
        f"model {os.environ['NEWSCLAIMS_SPACY_MODEL']}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    with tempfile.TemporaryDirectory(prefix="newsclaims-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows: list[Row] = []
        dev_html = args.dev.resolve() / "html"  # the children run elsewhere: absolute
        if dev_html.is_dir():
            print(f"news-dev: {dev_html}")
            rows += bench_corpus("news-dev", dev_html, args.procs, args.dev_reps, work)
        else:
            print(f"news-dev not found at {dev_html} (set NEWS_DEV); skipped")
        if args.pages:
            gen = generated(work, args.pages, args.claim_share)
            print(f"generated: {args.pages} pages in {gen} (claim share {args.claim_share:g})")
            rows += bench_corpus(f"generated-{args.pages}", gen, args.procs, args.reps, work)
        report(rows, args.procs)
        if args.memory_pages:
            gen = generated(work, args.memory_pages, args.claim_share)
            m = pipeline(gen, args.memory_procs, work)
            print(
                f"\nmemory: pipeline on {args.memory_pages} generated pages, "
                f"procs={args.memory_procs}: {m.wall_s:.0f} s, peak RSS {m.max_rss_mb:.0f} MB "
                f"(largest process), {m.tree_rss_mb:.0f} MB (process tree) — target < 2048 MB"
            )
            for line in timings(m):
                print(f"      {line}")
        print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
