"""The `newsclaims` command: run a day through the Dagster job, or query the tables.

    newsclaims run [--sources FILE] [--db FILE] [--date YYYY-MM-DD] [--model NAME]
    newsclaims import PATH|SOURCES_YAML [--name NAME] [--db FILE] [--model NAME]
    newsclaims brief [--date YYYY-MM-DD] [--by ingest|published] [--db FILE]
    newsclaims sql "QUERY" [--db FILE] [--set NAME=VALUE ...] [--format FMT] [--full]
    newsclaims sql --file FILE [--db FILE] [--set NAME=VALUE ...] [--format FMT] [--full]

`run` executes in-process the same job the UI launches (same assets, same code path);
`import` runs that job once per publication day of an archive's pages (docs/ANALYST.md).
Exit codes: 0 success, 1 the run or query failed, 2 bad arguments or configuration (also
a database another process kept open past NEWSCLAIMS_LOCK_TIMEOUT), 130 interrupted
(Ctrl-C or SIGTERM). A user's mistake is one line on stderr naming the fix, never a stack.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast
from zoneinfo import ZoneInfo

import duckdb

from assets.output import FORMATS, emit, render
from assets.settings import (
    BRIEF_BY_CHOICES,
    Settings,
    SettingsError,
    attribution_model,
    configure_library,
    load_settings,
    remember_archive_start,
    use_database_for_definitions,
)
from pipeline.brief.empty import empty_day_reasons
from pipeline.sources import ConfigError, load_sources
from pipeline.store import load_sql
from pipeline.store.lake import LakeUnavailableError, connect_lake
from pipeline.store.lock import READ_TIMEOUT_S, DatabaseBusyError, connect_for_read

if TYPE_CHECKING:
    import dagster as dg
    from rich.progress import Progress, TaskID

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a Ctrl-C'd command


class UsageError(Exception):
    """A mistake the user can fix: main() prints it as one line and exits EXIT_USAGE."""


# Run tags naming what a run ingested: each stage replaces only the day's rows of these
# sources, so the run list says which ones (the assets' metadata says it too).
SOURCES_FILE_TAG = "newsclaims/sources_file"
SOURCES_TAG = "newsclaims/sources"
# The import a run belongs to (the plan file), for runs of `newsclaims import`.
IMPORT_TAG = "newsclaims/import"
# A folder given to `newsclaims import` becomes one source; its name is the folder's,
# with what a source name may not hold replaced (pipeline/sources/config.py).
SOURCE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")

# The stages' progress callbacks log "<verb> <done> of <total>[ <noun>]" (assets/*.py,
# pipeline/stages/progress.py); the terminal bar is fed from those same lines.
PROGRESS_LINE = re.compile(r"^(?P<verb>[a-z]+) (?P<done>\d+) of (?P<total>\d+)\b")


class _ProgressBarHandler(logging.Handler):
    """Moves one bar per stage (step) as the run's "n of N" log lines arrive."""

    def __init__(self, progress: Progress) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        match = PROGRESS_LINE.match(meta.get("orig_message") or "")
        if match is None:
            return
        step = meta.get("step_key") or "run"
        done, total = int(match["done"]), int(match["total"])
        if step not in self.tasks:
            label = f"{step}: {match['verb']}"
            self.tasks[step] = self.progress.add_task(label, total=total)
        self.progress.update(self.tasks[step], completed=done, total=total)


@contextmanager
def progress_loggers() -> Iterator[dict[str, dg.LoggerDefinition]]:
    """Extra Dagster loggers for a run: a progress bar on a terminal, none otherwise.

    Quiet when stderr is not a terminal (CI, cron, a pipe): the "n of N" log lines are
    already there, and a bar's redraws would only litter the captured output.
    """
    if not sys.stderr.isatty():
        yield {}
        return
    import dagster as dg
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        handler = _ProgressBarHandler(progress)

        @dg.logger
        def progress_bar(_context: dg.InitLoggerContext) -> logging.Logger:
            log = logging.Logger("newsclaims.progress", level=logging.INFO)
            log.addHandler(handler)
            return log

        yield {"progress_bar": progress_bar}


def _is_stopped(error: Any) -> bool:
    """True for a SerializableErrorInfo of a step that stopped for a reason the user can act
    on (assets/stops.py raises dg.Failure("stopped: ..."))."""
    return (
        error is not None
        and getattr(error, "cls_name", None) == "Failure"
        and "stopped: " in str(getattr(error, "message", ""))
    )


class _HideStoppedStacks(logging.Filter):
    """Drops the stack from Dagster's log line of a stopped step or run: the reason is the
    run's last line, and a stack for "the database is held" or a Ctrl-C only buries it."""

    def filter(self, record: logging.LogRecord) -> bool:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        error = getattr(getattr(event, "event_specific_data", None), "error", None)
        if _is_stopped(error):
            record.msg = str(record.msg).split("\n\n", 1)[0]
            record.args = ()
        return True


def console_logger() -> dg.LoggerDefinition:
    """Dagster's default console logger, without stacks of stopped steps."""
    import dagster as dg

    def console(init_context: dg.InitLoggerContext) -> logging.Logger:
        log: logging.Logger = dg.colored_console_logger.logger_fn(init_context)
        for handler in log.handlers:
            handler.addFilter(_HideStoppedStacks())
        return log

    return dg.LoggerDefinition(
        console, config_schema=dg.colored_console_logger.config_schema, description="console"
    )


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclaims", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="fetch, extract and annotate one day into DuckDB")
    run.add_argument("--sources", default=None, help="sources YAML (env NEWSCLAIMS_SOURCES)")
    run.add_argument("--db", default=None, help="DuckDB file (env NEWSCLAIMS_DB)")
    run.add_argument(
        "--date", type=_day, default=None, help="partition day (default: today, partitions' zone)"
    )
    run.add_argument("--model", default=None, help="spaCy model (env NEWSCLAIMS_SPACY_MODEL)")
    run.add_argument(
        "--attribution-model",
        default=None,
        metavar="on|off|DIR",
        help="trained attribution model merged into the claim rules "
        "(env NEWSCLAIMS_ATTRIBUTION_MODEL, default off)",
    )
    archive = sub.add_parser(
        "import", help="load an archive: each page on its publication day's partition"
    )
    archive.add_argument("path", help="a folder of .html/.htm/.txt pages, or a sources YAML")
    archive.add_argument(
        "--name", default=None, help="source name for a folder (default: the folder's name)"
    )
    archive.add_argument("--db", default=None, help="DuckDB file (env NEWSCLAIMS_DB)")
    archive.add_argument("--model", default=None, help="spaCy model (env NEWSCLAIMS_SPACY_MODEL)")
    brief = sub.add_parser("brief", help="write the HTML brief of one day and print its path")
    brief.add_argument("--date", type=_day, default=None, help="the day (default: today)")
    brief.add_argument(
        "--by",
        choices=BRIEF_BY_CHOICES,
        default=None,
        help="read the day as ingest day or publication day (env NEWSCLAIMS_BRIEF_BY)",
    )
    brief.add_argument("--db", default=None, help="DuckDB file (env NEWSCLAIMS_DB)")
    sql = sub.add_parser("sql", help="run a SQL query against the database and print a table")
    sql.add_argument("query", nargs="?", help="SQL text")
    sql.add_argument("--file", type=Path, help="a .sql file to run instead of QUERY")
    sql.add_argument("--db", default=None, help="DuckDB file (env NEWSCLAIMS_DB)")
    sql.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a DuckDB variable the query reads with getvariable('NAME')",
    )
    sql.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    sql.add_argument(
        "--full", action="store_true", help="table: each value whole on one line, no wrapping"
    )
    return parser


def _fail(message: str, code: int) -> int:
    print(f"newsclaims: error: {message}", file=sys.stderr)
    return code


def _check_model(name: str, find_links: tuple[str, ...]) -> str | None:
    """None when the model is installed, else the error naming the fix."""
    from pipeline.nlp.model import ModelNotInstalledError, ensure_model_installed

    try:
        ensure_model_installed(name, find_links=find_links)
    except ModelNotInstalledError as exc:
        return str(exc)
    return None


def _check_day(day: str | None, settings: Settings) -> str:
    """The partition day to run (default: today in the partitions' time zone); UsageError
    for a day that has no partition."""
    today = datetime.now(ZoneInfo(settings.timezone)).date().isoformat()
    if day is None:
        return today
    if day < settings.start_date:
        raise UsageError(
            f"--date {day} is before the first partition {settings.start_date}; "
            "set NEWSCLAIMS_START_DATE to an earlier day"
        )
    if day > today:
        raise UsageError(
            f"--date {day} is after today ({today} in {settings.timezone}, "
            "NEWSCLAIMS_TIMEZONE); pass today or an earlier day"
        )
    return day


def _check_dagster_home(home: str | None) -> str | None:
    """None when DAGSTER_HOME is unset (an ephemeral instance) or an existing absolute
    folder, which is what Dagster requires; else the error naming the fix."""
    if home is None:
        return None
    unset = "or unset it to keep this run's record in memory only"
    if not Path(home).is_absolute():
        return f"DAGSTER_HOME={home!r} is a relative path; set it to {Path(home).resolve()} {unset}"
    if not Path(home).is_dir():
        what = "is not a folder" if Path(home).exists() else "does not exist"
        return f"DAGSTER_HOME={home} {what}; create it with `mkdir -p {home}` {unset}"
    return None


def _check_db(db: str) -> str | None:
    """None when the database file can be opened or created, else the error naming the fix.

    Checked without creating anything (not even the folder), so a bad --db writes nothing.
    """
    if db == ":memory:":
        return None
    path = Path(db)
    if path.is_dir():
        return f"--db {db} is a folder; give a file path such as {path / 'newsclaims.duckdb'}"
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the nearest existing ancestor is where mkdir would start
    if not folder.is_dir():
        return f"cannot create database {db}: {folder} is not a folder; pass a writable path"
    if not os.access(folder, os.W_OK | os.X_OK) or (
        path.exists() and not os.access(path, os.R_OK | os.W_OK)
    ):
        return f"cannot write database {db} (no permission in {folder}); pass a writable path"
    return None


@contextmanager
def set_up_then_frozen() -> Iterator[None]:
    """The cyclic garbage collector paused while the run is set up, then what survived it
    frozen.

    Importing Dagster and our definitions and making the job and instance leave ~265,000
    objects that live as long as the process. Left to itself the collector walks all of
    them in every full collection: four during the set-up, then more whenever the run
    allocates enough (extraction's date parsing builds its tables); seven in a 100-page
    run, 0.76-0.84 s. Paused here, one collection at the end frees the set-up's garbage
    (~140,000 objects, which freezing would otherwise keep for good), and gc.freeze()
    moves the rest to the permanent generation, which no collection walks. Measured with
    gc.callbacks on 100 pages: 1.04-1.08 s of collection per run before, 0.51-0.57 s
    after (the raw limit's own: 0.49 s), peak RSS unchanged (docs/PERFORMANCE.md).
    Frozen objects are never collected: only what is alive at the end of the set-up
    (modules, the job, the instance), which the run keeps anyway, is frozen.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()
        if enabled:
            gc.enable()


def _check_setup(db: str, model: str, settings: Settings) -> str | None:
    """None when a run can start: Dagster's home, the model and the database are usable;
    else the error naming the fix."""
    if problem := _check_dagster_home(settings.dagster_home):
        return problem
    if problem := _check_model(model, settings.find_links):
        return problem
    if settings.lake is None and (problem := _check_db(db)):
        return problem + " (--db or NEWSCLAIMS_DB)"
    return None


@dataclass
class _Job:
    """The daily job and the Dagster instance its runs are recorded in."""

    job: dg.JobDefinition
    instance: dg.DagsterInstance
    extra_loggers: list[str]  # progress_loggers(): started only when the run config names them


@contextmanager
def _daily_job(
    db: str, sources: str, model: str, settings: Settings, import_plan: str | None = None
) -> Iterator[_Job]:
    with set_up_then_frozen():
        import dagster as dg

        from assets.definitions import build_definitions
        from assets.schedules import DAILY_JOB

        defs = build_definitions(
            db=db, sources=sources, model=model, settings=settings, import_plan=import_plan
        )
        job = defs.resolve_job_def(DAILY_JOB)
        # With DAGSTER_HOME set (the Makefile sets it) the run is recorded where the UI
        # sees it.
        instance = dg.DagsterInstance.get() if settings.dagster_home else None
        if instance is None:
            instance = dg.DagsterInstance.ephemeral()
    with instance, progress_loggers() as extra_loggers:
        job = job.with_logger_defs({**job.loggers, "console": console_logger(), **extra_loggers})
        yield _Job(job, instance, list(extra_loggers))


def _execute(job: _Job, day: str, tags: dict[str, str]) -> dg.ExecuteInProcessResult:
    loggers: dict[str, dict[str, Any]] = {"console": {"config": {"log_level": "INFO"}}}
    # Dagster starts only the loggers the run config names.
    loggers.update({name: {} for name in job.extra_loggers})
    return job.job.execute_in_process(
        partition_key=day,
        instance=job.instance,
        raise_on_error=False,
        # INFO shows each stage's progress (n of N) without Dagster's per-event DEBUG.
        run_config={"loggers": loggers},
        tags=tags,
    )


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    db = args.db or settings.db
    sources = args.sources or settings.sources
    model = args.model or settings.spacy_model
    # Validate everything before the job starts, so a bad setting writes nothing.
    day = _check_day(args.date, settings)
    if problem := _check_dagster_home(settings.dagster_home):
        return _fail(problem, EXIT_USAGE)
    try:
        config = load_sources(sources)
    except ConfigError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if problem := _check_setup(db, model, settings):
        return _fail(problem, EXIT_USAGE)
    if args.attribution_model is not None:
        try:
            chosen = attribution_model("--attribution-model", args.attribution_model)
        except SettingsError as exc:
            return _fail(str(exc), EXIT_USAGE)
        settings = dataclasses.replace(settings, attribution_model=chosen)
    with _daily_job(db, sources, model, settings) as job:
        result = _execute(
            job,
            day,
            {
                SOURCES_FILE_TAG: sources,
                SOURCES_TAG: ", ".join(sorted(s.name for s in config.sources)),
            },
        )
    if not result.success:
        return _report_failure(result, day)
    try:
        print(
            summary(db, date.fromisoformat(day), timeout=settings.read_timeout_s, settings=settings)
        )
    except DatabaseBusyError as exc:  # the run succeeded; another run holds the file now
        print(f"newsclaims: run for {day} done; no summary: {exc}", file=sys.stderr)
    return 0


def _report_failure(result: dg.ExecuteInProcessResult, day: str) -> int:
    """Say why the run failed, last line first in importance: a step stopped for a reason
    the user can act on (assets/stops.py) ends the output with that reason alone;
    otherwise each failed step's error, then which run failed."""
    from assets.stops import BUSY, STOPPED_KEY

    errors: list[str] = []
    for event in result.all_events:
        if not event.is_failure or event.event_specific_data is None:
            continue
        failure = getattr(event.event_specific_data, "user_failure_data", None)
        stopped = failure.metadata.get(STOPPED_KEY) if failure is not None else None
        if stopped is not None and failure is not None and failure.description:
            code = EXIT_USAGE if stopped.value == BUSY else EXIT_INTERRUPTED
            print(f"newsclaims: {failure.description}", file=sys.stderr)
            return code
        error = getattr(event.event_specific_data, "error", None)
        if error is not None:
            errors.append(error.to_string())
    for text in errors:
        print(text, file=sys.stderr)
    return _fail(f"the run for {day} failed (run id {result.run_id})", EXIT_FAILED)


def _one_row(conn: duckdb.DuckDBPyConnection, name: str, params: list[date]) -> tuple[Any, ...]:
    """The row of an aggregate query without GROUP BY (sql/<name>.sql): always exactly one."""
    row = conn.execute(load_sql(name), params).fetchone()
    if row is None:
        raise RuntimeError(f"sql/{name}.sql returned no row")
    return row


@contextmanager
def reading(
    db: str, settings: Settings | None, timeout: float
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection: to the lake when NEWSCLAIMS_LAKE is set, else to ``db``
    (waiting, bounded, while a writer holds the file)."""
    if settings is not None and settings.lake is not None:
        conn = connect_lake(settings.lake, settings.lake_data, read_only=True)
        try:
            yield conn
        finally:
            conn.close()
        return
    with connect_for_read(db, timeout=timeout) as conn:
        yield conn


def summary(
    db: str, day: date, *, timeout: float = READ_TIMEOUT_S, settings: Settings | None = None
) -> str:
    """The few figures a person wants after a run."""
    # Another run may be writing the same file right now: wait for it, briefly.
    with reading(db, settings, timeout) as conn:
        (docs,) = _one_row(conn, "cli/summary_documents", [day])
        statuses = conn.execute(load_sql("cli/summary_fetch_status"), [day]).fetchall()
        mentions, claims, denials, contested = _one_row(conn, "cli/summary_annotations", [day] * 4)
        # A day without documents says why (an empty folder, every page seen before).
        reasons = empty_day_reasons(conn, day) if docs == 0 else []
    failures = [(s, n) for s, n in statuses if s not in ("ok", "not_modified")]
    lake = settings.lake if settings is not None else None
    where = f"lake {lake}" if lake else str(Path(db).resolve())
    db_option = "" if lake else f" --db {db}"
    lines = [
        f"newsclaims: {day}",
        f"  documents: {docs}",
        "  failures:  " + (", ".join(f"{s} {n}" for s, n in failures) if failures else "none"),
        f"  mentions:  {mentions}",
        f"  claims:    {claims} ({denials} denials, {contested} contested links)",
        f"  database:  {where}",
        f"  try:       newsclaims sql{db_option} --file sql/examples/contested_claims_per_day.sql",
    ]
    if reasons:
        lines[2:2] = [f"  empty:     {reason}" for reason in reasons]
    return "\n".join(lines)


def _import_sources(path: Path, name: str | None, workdir: Path) -> Path:
    """The sources file of an import of ``path``: the file itself, or for a folder one
    written into ``workdir`` naming it as one source (``name``, else the folder's)."""
    if not path.exists():
        raise UsageError(
            f"{path} does not exist; give a folder of .html/.htm/.txt pages or a sources YAML"
        )
    if not path.is_dir():
        if name is not None:
            raise UsageError("--name names a folder's source; a sources file names its own")
        return path
    name = name or SOURCE_NAME_UNSAFE.sub("-", path.resolve().name).strip("-._") or "archive"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise UsageError(
            f"--name {name!r} is not a source name: start with a letter or digit, then "
            "letters, digits, '_', '.' or '-'"
        )
    workdir.mkdir(parents=True, exist_ok=True)
    sources = workdir / "sources.yaml"
    # json.dumps quotes the folder as YAML reads it (any character, spaces included).
    sources.write_text(
        f"sources:\n  - name: {name}\n    path: {json.dumps(str(path.resolve()))}\n",
        encoding="utf-8",
    )
    return sources


def _import_workdir(db: str) -> Path:
    """Where an import keeps its plan and sources file (the runs' tags name them) and, while
    it runs, the web pages it fetched: ``<db dir>/imports/<time>``."""
    base = Path(tempfile.gettempdir()) if db == ":memory:" else Path(db).resolve().parent
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    return base / "imports" / stamp


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.stages.archive import plan_archive, write_plan

    db = args.db or settings.db
    model = args.model or settings.spacy_model
    if problem := _check_setup(db, model, settings):
        return _fail(problem, EXIT_USAGE)
    workdir = _import_workdir(db)
    sources = _import_sources(Path(args.path), args.name, workdir)
    config = load_sources(sources)  # ConfigError: main() prints it, exit 2
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    cache = workdir / "pages"
    try:
        print(f"newsclaims: import: finding and dating the pages of {args.path}", file=sys.stderr)
        plan = plan_archive(config, today, cache, n_process=settings.n_process)
        plan_path = workdir / "plan.json"
        write_plan(plan, plan_path)
        days = sorted(plan.days)
        # Every day the plan lands on must be a partition: the definitions loaded next
        # start at the earliest (settings.py, ARCHIVE_START_SUFFIX).
        remember_archive_start(db, days[0])
        use_database_for_definitions(db)
        with _daily_job(db, str(sources), model, settings, str(plan_path)) as job:
            from assets.partitions import daily_partitions

            first = daily_partitions.get_first_partition_key()
            if first is None or first > days[0].isoformat():
                raise UsageError(
                    f"this process's partitions start at {first}, after {days[0]}: run "
                    "`newsclaims import` in a new process"
                )
            for day in days:
                tags = {
                    SOURCES_FILE_TAG: str(sources),
                    SOURCES_TAG: ", ".join(plan.days[day].sources()),
                    IMPORT_TAG: str(plan_path),
                }
                result = _execute(job, day.isoformat(), tags)
                if not result.success:
                    return _report_failure(result, day.isoformat())
    finally:
        # The fetched pages are in raw_pages now (or the import failed): only the plan
        # and the sources file stay, which the runs' tags name.
        shutil.rmtree(cache, ignore_errors=True)
    try:
        print(import_summary(db, args.path, plan, timeout=settings.read_timeout_s))
    except DatabaseBusyError as exc:
        print(f"newsclaims: import done; no summary: {exc}", file=sys.stderr)
    return 0


def import_summary(db: str, path: str, plan: Any, *, timeout: float = READ_TIMEOUT_S) -> str:
    """Per day the import landed on: its documents and claims, or why it has none."""
    days = sorted(plan.days)
    lines = [
        f"newsclaims: imported {path}: {plan.pages()} pages on {len(days)} day(s) "
        f"({days[0]} to {days[-1]})"
    ]
    if plan.undated or plan.future:
        lines.append(
            f"  on the ingest day {plan.ingest_day}: {plan.undated} pages without a date, "
            f"{plan.future} dated after it"
        )
    with connect_for_read(db, timeout=timeout) as conn:
        for day in days:
            (docs,) = _one_row(conn, "cli/summary_documents", [day])
            _, claims, _, _ = _one_row(conn, "cli/summary_annotations", [day] * 4)
            line = f"  {day}: {docs} documents, {claims} claims"
            if docs == 0:
                line += "; empty: " + "; ".join(empty_day_reasons(conn, day))
            lines.append(line)
    lines.append(f"  database:  {Path(db).resolve()}")
    lines.append(f"  try:       newsclaims brief --by published --date {days[0]} --db {db}")
    return "\n".join(lines)


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.brief import brief_path, write_brief
    from pipeline.store import ensure_schema
    from pipeline.store.lock import connect_for_write

    db = args.db or settings.db
    by = args.by or settings.brief_by
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    day = date.fromisoformat(args.date) if args.date else today
    if day > today:
        raise UsageError(
            f"--date {day} is after today ({today} in {settings.timezone}, "
            "NEWSCLAIMS_TIMEZONE); pass today or an earlier day"
        )
    if db == ":memory:" or not Path(db).exists():
        raise UsageError(f"database {db} does not exist; run `newsclaims run` first")
    path = brief_path(db, day, by)
    # As the daily_brief asset: the views are (re)created first, under the writers' lock.
    with connect_for_write(db, timeout=settings.lock_timeout_s) as conn:
        ensure_schema(conn)
        brief = write_brief(conn, day, path, by)
    what = "publication" if by == "published" else "ingest"
    print(f"newsclaims: brief of {day} by {what} day: {path}")
    for reason in brief.data.empty_reasons:
        print(f"  empty: {reason}")
    return 0


def cmd_sql(args: argparse.Namespace, settings: Settings) -> int:
    if (args.query is None) == (args.file is None):
        return _fail("give either a QUERY or --file FILE", EXIT_USAGE)
    try:
        query = args.file.read_text(encoding="utf-8") if args.file else args.query
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}", EXIT_USAGE)
    variables = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier():
            return _fail(
                f"--set takes NAME=VALUE with NAME a letter or _ then letters, digits or _,"
                f' e.g. --set about="Mira Sefton"; got {item!r}',
                EXIT_USAGE,
            )
        variables[name] = value
    db = args.db or settings.db
    if settings.lake is None and not Path(db).exists():
        return _fail(f"database {db} does not exist; run `newsclaims run` first", EXIT_USAGE)
    try:
        # Read-only and per command; waits while a run holds the file (see RELIABILITY.md).
        # With NEWSCLAIMS_LAKE set, the lake's latest snapshot.
        with reading(db, settings, settings.read_timeout_s) as conn:
            for name, value in variables.items():
                # Quoted: a keyword (order, limit) is a fine name for getvariable().
                conn.execute(f'SET VARIABLE "{name}" = ?', [value])
            cursor = conn.execute(query)
            # None for a statement that returns no rows (SET, CREATE), which duckdb's
            # stub does not say.
            description = cast("list[Any] | None", cursor.description)
            if description is None:
                return 0
            columns = [d[0] for d in description]
            rows = cursor.fetchall()
    except (duckdb.Error, DatabaseBusyError) as exc:
        return _fail(str(exc), EXIT_FAILED)
    emit(render(args.format, columns, rows, full=args.full))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        # Every setting is read and checked here, before any command starts.
        settings = load_settings()
        configure_library(settings)
        if args.command == "run":
            return cmd_run(args, settings)
        if args.command == "import":
            return cmd_import(args, settings)
        if args.command == "brief":
            return cmd_brief(args, settings)
        return cmd_sql(args, settings)
    except (UsageError, SettingsError, ConfigError) as exc:
        # A user's mistake found deep in a command: one line naming the fix, no stack.
        return _fail(str(exc), EXIT_USAGE)
    except (DatabaseBusyError, LakeUnavailableError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        # Ctrl-C outside a step (setting up, between steps); inside one the run stops
        # with the reason (assets/stops.py).
        print("newsclaims: stopped: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def entry_point() -> NoReturn:
    """The console script: main(), then exit without the interpreter's final collection.

    At exit CPython's garbage collector walks every object it still tracks (~370,000 after
    a run: Dagster's and spaCy's modules, the model) only to free memory the OS takes back
    anyway: ~1 s per run, measured with gc.callbacks and py-spy, 7 % of a 61-page run.
    gc.freeze() puts them out of its reach. Nothing we need happens in a finaliser: the
    database, files and worker pools are closed by their context managers before main()
    returns, and module teardown and atexit handlers still run.
    """
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    entry_point()
