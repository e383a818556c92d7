"""Run the ingest and documents stages for one day into a DuckDB file, as the assets do
(the documents stage through its staging area: snapshot, extract, one commit).

Used as a subprocess by the hostile-web tests so that the day's peak RSS is the stages'
own, not pytest's:

    python -m tests.reliability.run_stages SOURCES DB YYYY-MM-DD

Prints one JSON line with the statuses and the peak RSS; exits non-zero only if a stage
raised. The peak is VmHWM from /proc/self/status: the high-water mark of this process's
own memory since exec. (getrusage's ru_maxrss is not: Linux carries the forking parent's
peak into the child, so a child of a 500 MiB pytest reports at least 500 MiB.)
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from pipeline.sources import load_sources
from pipeline.stages.documents import (
    build_documents,
    commit_documents,
    known_hashes_in,
    stage_inputs,
    staged_pages,
)
from pipeline.stages.raw_pages import ingest, source_names
from pipeline.store import ensure_schema, reads, replace_partition
from pipeline.store.lock import connect_for_write
from pipeline.store.staging import Staging


def peak_rss_mib() -> float:
    """This process's peak resident set size (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # the kernel reports kB
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def main(sources: str, db: str, day_text: str) -> int:
    day = date.fromisoformat(day_text)
    config = load_sources(sources)
    names = source_names(config)
    with connect_for_write(db) as conn:
        ensure_schema(conn)
        validators = reads.validators_before(conn, day)
    fetched = ingest(config, day, validators=validators)
    with connect_for_write(db) as conn:
        tables = {"raw_pages": fetched.raw_pages, "fetch_log": fetched.fetch_log}
        replace_partition(conn, day, tables, sources=names)
    del fetched  # the documents stage starts from stored data, like the asset
    with Staging() as staging:
        with connect_for_write(db) as conn:
            total = stage_inputs(conn, staging, day, names)
        result = build_documents(
            staged_pages(staging),
            day,
            staging=staging,
            known_hashes=known_hashes_in(staging),
            total=total,
        )
        with connect_for_write(db) as conn:
            rows = commit_documents(conn, staging, day, names, result)
    summary = {
        "statuses": dict(result.statuses),
        "documents": rows["documents"],
        "peak_rss_mib": peak_rss_mib(),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
