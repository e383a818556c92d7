"""SIGKILL in the middle of a day, then rerun: the tables are as if it never happened.

Two deterministic kill points, each followed by a normal rerun of the day:

* while fetching (the console script itself): a server route blocks until the test has
  killed the process, so the day has committed nothing yet;
* inside a write transaction (tests/reliability/crash_hook.py pauses `newsclaims run`
  after the day's claims were deleted and before the new ones are inserted) during a
  rerun of a complete day, so the old rows are gone inside the open transaction.

After the kill: no partial rows (the day is either absent or exactly its previous
state). After the rerun: the full contents of every table, minus fetched_at, equal
those of an uninterrupted run on a fresh database. Duplicates would show up there too.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SAMPLES
from tests.http_server import Reply, Request, TestServer
from tests.reliability.helpers import RUN_TIMEOUT_S, cli_env, run_cli, table_contents

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY_1 = "2026-07-01"
DAY_2 = "2026-07-02"
PAGES_1 = ["meridian-cdf-claims-sorvik.html", "harborwire-nac-denies-sorvik.html"]
PAGES_2 = ["ledger-election-results-rejected.html", "meridian-sefton-vows-to-retake-sorvik.html"]
BLOCKING_PAGE = "harborwire-minister-denies-payments.html"  # served by /block on day 2
# Seconds to wait for the run to reach the kill point (Dagster + spaCy start: ~10 s).
REACH_TIMEOUT_S = 120


class Gate:
    """/block: while armed, signals that a request arrived and holds it until released."""

    def __init__(self) -> None:
        self.armed = False
        self.reached = threading.Event()
        self.released = threading.Event()

    def __call__(self, _request: Request) -> Reply:
        if self.armed:
            self.reached.set()
            self.released.wait(timeout=REACH_TIMEOUT_S)  # bounded even if the test dies
        return Reply(200, (SAMPLES / BLOCKING_PAGE).read_bytes())


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[TestServer, Gate]]:
    gate = Gate()
    with TestServer() as srv:
        for name in PAGES_1 + PAGES_2:
            srv.add(f"/news/{name}", (SAMPLES / name).read_bytes())
        srv.route("/block", gate)
        yield srv, gate
        gate.released.set()


def _sources(tmp: Path, srv: TestServer, day: str) -> Path:
    paths = (
        [f"/news/{n}" for n in PAGES_1]
        if day == DAY_1
        else [*(f"/news/{n}" for n in PAGES_2), "/block"]
    )
    urls = "\n".join(f"      - {srv.url(p)}" for p in paths)
    path = tmp / f"sources-{day}.yaml"
    path.write_text(
        "fetch:\n  allow_private_networks: true\n  per_host_delay: 0\n  timeout: 5\n"
        f"sources:\n  - name: news\n    urls:\n{urls}\n",
        encoding="utf-8",
    )
    return path


def _run(tmp: Path, srv: TestServer, db: Path, day: str) -> None:
    result = run_cli("run", "--sources", str(_sources(tmp, srv, day)), "--db", str(db),
                     "--date", day)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def reference(site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Uninterrupted runs on a fresh database: after day 1, and after days 1 and 2."""
    srv, _ = site
    tmp = tmp_path_factory.mktemp("reference")
    db = tmp / "news.duckdb"
    _run(tmp, srv, db, DAY_1)
    after_day_1 = tmp / "after-day-1.duckdb"
    shutil.copy(db, after_day_1)
    _run(tmp, srv, db, DAY_2)
    with_both = table_contents(db)
    assert all(with_both[t] for t in ("documents", "mentions", "claims"))
    return {"after_day_1": after_day_1, "both": db, "tmp": tmp}


def _kill_when(proc: subprocess.Popen, reached) -> None:
    deadline = time.monotonic() + REACH_TIMEOUT_S
    while not reached():
        if proc.poll() is not None:
            pytest.fail(f"the run ended (code {proc.returncode}) before the kill point")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the run never reached the kill point")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def _days(contents: dict, day: str) -> dict:
    """Rows of one day (partition_date is in every per-day table's rows)."""
    import datetime

    d = datetime.date.fromisoformat(day)
    return {t: [r for r in rows if d in r] for t, rows in contents.items() if t != "entities"}


def test_kill_while_fetching_then_rerun(site, reference, tmp_path: Path) -> None:
    srv, gate = site
    db = tmp_path / "news.duckdb"
    shutil.copy(reference["after_day_1"], db)
    gate.armed, gate.released = True, threading.Event()
    gate.reached.clear()
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "newsclaims"), "run",
         "--sources", str(_sources(tmp_path, srv, DAY_2)), "--db", str(db), "--date", DAY_2],
        cwd=REPO_ROOT, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _kill_when(proc, gate.reached.is_set)
    finally:
        gate.armed = False
        gate.released.set()
    # Nothing of day 2 was committed; day 1 is untouched.
    after_kill = table_contents(db)
    assert not any(_days(after_kill, DAY_2).values())
    assert after_kill == table_contents(reference["after_day_1"])

    _run(tmp_path, srv, db, DAY_2)
    assert table_contents(db) == table_contents(reference["both"])


def test_kill_inside_a_write_transaction_then_rerun(site, reference, tmp_path: Path) -> None:
    srv, _ = site
    db = tmp_path / "news.duckdb"
    shutil.copy(reference["both"], db)  # day 2 complete; its rerun is killed mid-write
    marker = tmp_path / "paused"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_hook", "claims", str(marker), "--",
         "run", "--sources", str(_sources(tmp_path, srv, DAY_2)), "--db", str(db),
         "--date", DAY_2],
        cwd=REPO_ROOT, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _kill_when(proc, marker.exists)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=RUN_TIMEOUT_S)
    # The open transaction had deleted day 2's mentions and claims: all must be back.
    expected = table_contents(reference["both"])
    assert table_contents(db) == expected

    _run(tmp_path, srv, db, DAY_2)
    assert table_contents(db) == expected
