"""make lake-check: days on Celery workers into a DuckLake give the tables one DuckDB file gets.

1. Starts PostgreSQL (the lake's catalog) and Redis (the Celery broker) on 127.0.0.1 with
   private folders and free ports (scripts/services.py);
2. splits the pages of NEWS_DEV/html into DAYS days (in name order, round robin);
3. starts WORKERS `dagster-celery worker` processes (one task at a time each) and
   launches every day at once through the daily job's Celery executor into a fresh lake;
4. runs the same days, one after the other, into a single DuckDB file (`newsclaims run`);
5. compares every table and view of the two, row for row as multisets; the timestamps of
   when a page was fetched or a summary built are left out (they name the run, not the
   news), and so is the lake's own lake_commits.

The last line is `same tables: yes`, or `same tables: no` after the differences; the exit
status is 1 when they differ. Servers and workers are stopped on the way out.

    python scripts/lake_check.py [--news-dev DIR] [--pages N] [--days 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.store.lake import COMMIT_TABLE, load_extensions  # noqa: E402
from scripts.services import Services  # noqa: E402

DEFAULT_NEWS_DEV = REPO.parent / "shared" / "corpus" / "news-dev"
# Fixed days: the comparison does not depend on the day the check runs.
FIRST_DAY = date(2026, 3, 2)
SOURCE = "news-dev"
# A day of ~20 pages takes 1-2 min on this machine's 2 cores; anything past this is stuck.
RUN_TIMEOUT_S = 1800
# The environment a check's processes must not inherit from the caller's shell.
CLEARED = (
    "NEWSCLAIMS_LAKE",
    "NEWSCLAIMS_LAKE_DATA",
    "NEWSCLAIMS_CELERY_BROKER",
    "NEWSCLAIMS_DB",
    "NEWSCLAIMS_SOURCES",
    "NEWSCLAIMS_PARQUET_DIR",
    "DAGSTER_HOME",
)
BIN = Path(sys.executable).parent


def split_days(html: Path, out: Path, days: int, pages: int) -> list[tuple[str, Path]]:
    """Copy the pages into ``days`` folders; each day's date and sources file."""
    files = sorted(p for p in html.iterdir() if p.suffix.lower() in (".html", ".htm"))
    if pages:
        files = files[:pages]
    if len(files) < days:
        raise SystemExit(f"lake-check: {html} holds {len(files)} pages, fewer than {days} days")
    result = []
    for number in range(days):
        day = (FIRST_DAY + timedelta(days=number)).isoformat()
        folder = out / day
        folder.mkdir(parents=True, exist_ok=True)
        for page in files[number::days]:
            shutil.copy(page, folder / page.name)
        sources = out / f"sources-{day}.yaml"
        sources.write_text(
            f'sources:\n  - name: {SOURCE}\n    path: "{folder}"\n', encoding="utf-8"
        )
        result.append((day, sources))
    return result


def base_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env["NEWSCLAIMS_START_DATE"] = FIRST_DAY.isoformat()
    env["PYTHONPATH"] = str(REPO)
    # dagster-celery starts `celery` from PATH: the virtualenv's.
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def init_instance(env: dict[str, str]) -> None:
    """Create the Dagster instance's storage once, before several processes open it (two
    workers creating a fresh one at once collide on its schema version)."""
    subprocess.run(
        [sys.executable, "-c", "import dagster; dagster.DagsterInstance.get().dispose()"],
        env=env,
        check=True,
    )


@dataclass
class Timed:
    seconds: float
    ok: bool


@contextlib.contextmanager
def celery_workers(count: int, env: dict[str, str], work: Path) -> Iterator[list[int]]:
    """``count`` dagster-celery workers, one task at a time each; stopped on exit."""
    config = work / "celery.yaml"
    config.write_text(
        f"execution:\n  config:\n    broker: '{env['NEWSCLAIMS_CELERY_BROKER']}'\n"
        f"    backend: '{env['NEWSCLAIMS_CELERY_BROKER']}'\n",
        encoding="utf-8",
    )
    processes = []
    try:
        for number in range(count):
            log = (work / f"worker-{number}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "dagster-celery"),
                        "worker",
                        "start",
                        "-A",
                        "dagster_celery.app",
                        "-y",
                        str(config),
                        "-n",
                        f"lake-worker-{number}@%h",
                        "--loglevel",
                        "WARNING",
                        "--",
                        "--concurrency=1",
                        "--pool=prefork",
                    ],
                    env=env,
                    cwd=REPO,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        yield [p.pid for p in processes]
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def run_lake(days: list[tuple[str, Path]], env: dict[str, str], work: Path) -> Timed:
    """Every day launched at once; each run's steps go to the Celery workers."""
    started = time.perf_counter()
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "assets.workers", day, "--sources", str(sources)],
            env=env,
            cwd=REPO,
            stdout=(work / f"lake-{day}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for day, sources in days
    ]
    codes = [run.wait(timeout=RUN_TIMEOUT_S) for run in runs]
    return Timed(time.perf_counter() - started, all(code == 0 for code in codes))


def run_file(days: list[tuple[str, Path]], env: dict[str, str], db: Path, work: Path) -> Timed:
    """The same days, one after the other, into one DuckDB file (the default mode)."""
    started = time.perf_counter()
    ok = True
    for day, sources in days:
        with (work / f"file-{day}.log").open("w") as log:
            code = subprocess.run(
                [
                    str(BIN / "newsclaims"),
                    "run",
                    "--db",
                    str(db),
                    "--sources",
                    str(sources),
                    "--date",
                    day,
                ],
                env=env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
                timeout=RUN_TIMEOUT_S,
            ).returncode
        ok = ok and code == 0
    return Timed(time.perf_counter() - started, ok)


def _names(conn: duckdb.DuckDBPyConnection, database: str) -> set[str]:
    rows = conn.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' "
        "UNION SELECT view_name FROM duckdb_views() WHERE database_name = ? "
        "AND schema_name = 'main' AND NOT internal",
        [database, database],
    ).fetchall()
    return {name for (name,) in rows} - {COMMIT_TABLE}


def attach_lake(conn: duckdb.DuckDBPyConnection, alias: str, lake: str, data: Path) -> None:
    conn.execute(f"ATTACH 'ducklake:{lake}' AS {alias} (DATA_PATH '{data}/', READ_ONLY)")


def compare(db: Path, lake: str, lake_data: Path) -> list[str]:
    """What differs between the file's and the lake's tables and views (empty: nothing)."""
    conn = duckdb.connect()
    load_extensions(conn)
    conn.execute(f"ATTACH '{db}' AS f (READ_ONLY)")
    attach_lake(conn, "lake", lake, lake_data)
    try:
        return compare_attached(conn, "f", "lake")
    finally:
        conn.close()


def compare_attached(
    conn: duckdb.DuckDBPyConnection, a: str, b: str, *, quiet: bool = False
) -> list[str]:
    """What differs between every table and view of the attached databases ``a`` and
    ``b``, as multisets of rows without the TIMESTAMP columns (empty: nothing)."""
    differences = []
    a_names, b_names = _names(conn, a), _names(conn, b)
    for name in sorted(a_names ^ b_names):
        differences.append(f"{name}: only in {a if name in a_names else b}")
    for name in sorted(a_names & b_names):
        columns = [
            c
            for c, dtype in conn.execute(
                "SELECT column_name, data_type FROM duckdb_columns() "
                "WHERE database_name = ? AND schema_name = 'main' AND table_name = ? "
                "ORDER BY column_index",
                [a, name],
            ).fetchall()
            if not dtype.startswith("TIMESTAMP")
        ]
        select = ", ".join(f'"{c}"' for c in columns)
        # Each view is read in its own database, so its names resolve there.
        for database, rows in ((a, "a_rows"), (b, "b_rows")):
            conn.execute(f"USE {database}")
            conn.execute(f"CREATE OR REPLACE TEMP TABLE {rows} AS SELECT {select} FROM {name}")
        conn.execute("USE memory")
        ((only_a, only_b, total),) = conn.execute(
            "SELECT (SELECT count(*) FROM (FROM a_rows EXCEPT ALL FROM b_rows)), "
            "(SELECT count(*) FROM (FROM b_rows EXCEPT ALL FROM a_rows)), "
            "(SELECT count(*) FROM a_rows)"
        ).fetchall()
        if not quiet:
            status = "same" if only_a == only_b == 0 else "DIFFERENT"
            print(f"  {name:28} {total:6} rows  {status}")
        if only_a or only_b:
            differences.append(f"{name}: {only_a} rows only in {a}, {only_b} only in {b}")
    return differences


def lake_footprint(services: Services, lake_data: Path) -> dict[str, float]:
    """Parquet files and bytes under the data path; the catalog database's bytes, an empty
    database's (PostgreSQL's own floor), the snapshots (commits) and inlined rows' tables."""
    files = list(lake_data.rglob("*.parquet"))
    conn = duckdb.connect()
    load_extensions(conn)
    conn.execute(
        f"ATTACH 'dbname=newsclaims_lake host=127.0.0.1 port={services.pg_port} "
        f"user={services.pg_user}' AS pg (TYPE postgres, READ_ONLY)"
    )

    def one(sql: str) -> float:
        quoted = sql.replace("'", "''")
        ((value,),) = conn.execute(f"SELECT * FROM postgres_query('pg', '{quoted}')").fetchall()
        return float(value)

    figures = {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "catalog": one("SELECT pg_database_size('newsclaims_lake')"),
        "empty": one("SELECT pg_database_size('template1')"),
        "snapshots": one("SELECT count(*) FROM ducklake_snapshot"),
    }
    conn.close()
    return figures


def celery_workers_used(home: Path) -> set[str]:
    """The Celery workers the lake runs' steps ran on: dagster-celery names the worker in
    the engine event of each step it executes (the Dagster instance's event log)."""
    env_home = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        import dagster as dg

        with dg.DagsterInstance.get() as instance:
            names = set()
            for run in instance.get_runs():
                for record in instance.all_logs(run.run_id):
                    event = record.dagster_event
                    if event is None or event.event_type_value != "ENGINE_EVENT":
                        continue
                    worker = event.engine_event_data.metadata.get("Celery worker")
                    if worker is not None:
                        names.add(str(worker.value))
            return names
    finally:
        if env_home is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = env_home


def stage_seconds(home: Path) -> dict[str, dict[str, float]]:
    """Each stage's "timing <stage>: <phase> N s, …" log lines summed over the instance's
    runs: {stage: {phase: seconds}} (how long the commits, "write", took, and the rest)."""
    env_home = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    totals: dict[str, dict[str, float]] = {}
    try:
        import dagster as dg

        with dg.DagsterInstance.get() as instance:
            for run in instance.get_runs():
                for record in instance.all_logs(run.run_id):
                    message = record.user_message or ""
                    if not message.startswith("timing ") or ":" not in message:
                        continue
                    stage, _, phases = message.removeprefix("timing ").partition(":")
                    for phase in phases.split(","):
                        name, _, rest = phase.strip().partition(" ")
                        with contextlib.suppress(ValueError):
                            seconds = float(rest.removesuffix(" s"))
                            into = totals.setdefault(stage, {})
                            into[name] = into.get(name, 0.0) + seconds
    finally:
        if env_home is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = env_home
    return totals


def _print_stages(label: str, totals: dict[str, dict[str, float]]) -> None:
    for stage, phases in totals.items():
        text = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())
        print(f"{label}: {stage} summed over the days: {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--news-dev", type=Path, default=Path(os.environ.get("NEWS_DEV") or DEFAULT_NEWS_DEV)
    )
    parser.add_argument("--pages", type=int, default=0, help="first N pages only (0: all)")
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: tmp)")
    parser.add_argument(
        "--skip-file", action="store_true", help="lake only: time it, no comparison"
    )
    args = parser.parse_args(argv)
    # A SIGTERM (a timeout, a CI cancel) still stops the servers and workers (finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    html = args.news_dev / "html"
    if not html.is_dir():
        print(
            f"lake-check: no pages at {html}; set NEWS_DEV to the news-dev corpus folder",
            file=sys.stderr,
        )
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="newsclaims-lake-check-"))
    work.mkdir(parents=True, exist_ok=True)
    # PostgreSQL runs as the postgres user when we are root: it must reach its folder.
    work.chmod(0o755)
    days = split_days(html, work / "pages", args.days, args.pages)
    pages = sum(1 for _ in (work / "pages").rglob("*.htm*"))
    print(f"lake-check: {pages} pages of {html} in {len(days)} days; work folder {work}")
    # The servers' folders under /tmp of their own, not under WORK: PostgreSQL runs as the
    # postgres user when we are root, and WORK's parents may be private (pytest's are).
    services_dir = Path(tempfile.mkdtemp(prefix="newsclaims-services-"))
    services = Services.start(services_dir)
    try:
        env = base_env(work)
        home = work / "dagster_home"
        home.mkdir(exist_ok=True)
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
        lake_data = work / "lake-data"
        lake_env = {
            **env,
            "NEWSCLAIMS_LAKE": services.lake_url,
            "NEWSCLAIMS_LAKE_DATA": str(lake_data),
            "NEWSCLAIMS_CELERY_BROKER": services.broker_url,
            "DAGSTER_HOME": str(home),
        }
        init_instance(lake_env)
        with celery_workers(args.workers, lake_env, work):
            lake = run_lake(days, lake_env, work)
        used = celery_workers_used(home)
        print(
            f"lake: {args.workers} Celery workers, {lake.seconds:.1f} s, "
            f"{pages / lake.seconds:.2f} pages/s, steps ran on {len(used)} of them"
            + ("" if lake.ok else " (FAILED: see lake-*.log and worker-*.log)")
        )
        _print_stages("lake", stage_seconds(home))
        got = lake_footprint(services, lake_data)
        print(
            f"lake: {got['files']:.0f} Parquet files, {got['bytes'] / 1e6:.2f} MB; catalog "
            f"{got['catalog'] / 1e6:.2f} MB (an empty database: {got['empty'] / 1e6:.2f} MB), "
            f"{got['snapshots']:.0f} snapshots"
        )
        if not lake.ok:
            print("same tables: no (the lake runs failed)")
            return 1
        if args.skip_file:
            return 0
        file_home = work / "dagster_home_file"
        file_home.mkdir(exist_ok=True)
        (file_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
        db = work / "file.duckdb"
        single = run_file(days, {**env, "DAGSTER_HOME": str(file_home)}, db, work)
        print(
            f"file: one process, {single.seconds:.1f} s, {pages / single.seconds:.2f} pages/s"
            + ("" if single.ok else " (FAILED: see file-*.log)")
        )
        _print_stages("file", stage_seconds(file_home))
        if not single.ok:
            print("same tables: no (the file runs failed)")
            return 1
        differences = compare(db, services.lake_url, lake_data)
    finally:
        services.stop()
        shutil.rmtree(services_dir, ignore_errors=True)
    for line in differences:
        print(f"  differs: {line}")
    print(f"same tables: {'no' if differences else 'yes'}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
