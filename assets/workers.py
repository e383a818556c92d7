"""The daily job as a reconstructable target, for runs whose steps go to Celery workers.

dagster-celery ships each step to a worker, which rebuilds the job from a pointer to a
module-level function: ``reconstructable(daily_ingest)``. The worker reads the same
settings from its own environment (NEWSCLAIMS_LAKE, NEWSCLAIMS_CELERY_BROKER, …), so it
writes to the same lake. ``launch_day`` runs one day that way and waits for it:

    python -m assets.workers 2026-12-01 --sources day1.yaml

(the UI and the schedule launch the same job through the instance; scripts/lake_check.py
launches several days at once with this command).
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg

from assets.definitions import build_definitions
from assets.schedules import DAILY_JOB


def daily_ingest() -> dg.JobDefinition:
    """The daily job with this process's settings (its executor: Celery when a broker is set)."""
    return build_definitions().resolve_job_def(DAILY_JOB)


def launch_day(day: str, sources: str | None = None) -> bool:
    """Run ``day`` through the instance (DAGSTER_HOME) with the job's executor; success."""
    run_config: dict[str, object] = {}
    if sources is not None:
        run_config = {"resources": {"newsclaims": {"config": {"sources_file": sources}}}}
    with dg.DagsterInstance.get() as instance:
        result = dg.execute_job(
            dg.reconstructable(daily_ingest),
            instance=instance,
            tags={"dagster/partition": day},
            run_config=run_config,
            raise_on_error=False,
        )
        return result.success


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="run one day of the daily job on its executor")
    parser.add_argument("day", help="partition day, YYYY-MM-DD")
    parser.add_argument("--sources", default=None, help="sources YAML for this run")
    args = parser.parse_args(argv)
    ok = launch_day(args.day, args.sources)
    print(f"newsclaims: run for {args.day} {'succeeded' if ok else 'failed'}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
