"""`newsclaims` that stops inside a write transaction until told to go on (or is killed).

    python -m tests.lake.pause_hook TABLE MARKER GO -- run --sources ... --date ...

Like tests/reliability/crash_hook.py: just before TABLE's rows are inserted in a commit
(after the day's old rows of TABLE were deleted, the worst moment) it writes its pid to
MARKER, then waits until the file GO exists and carries on, so a test can kill it there
or restart PostgreSQL under the open transaction.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.store import staging, writes

# Far longer than a test needs to act; ends a forgotten run.
WAIT_S = 300


def _pause(name: str, table: str, marker: Path, go: Path) -> None:
    if name != table:
        return
    marker.write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + WAIT_S
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def install(table: str, marker: Path, go: Path) -> None:
    real_rows, real_staged = writes.insert_rows, staging.insert_staged

    def paused_rows(conn: Any, name: str, rows: Any) -> int:
        _pause(name, table, marker, go)
        return real_rows(conn, name, rows)

    def paused_staged(conn: Any, name: str, select: str) -> int:
        _pause(name, table, marker, go)
        return real_staged(conn, name, select)

    writes.insert_rows = paused_rows
    staging.insert_staged = paused_staged


if __name__ == "__main__":
    table, marker, go, sep, *cli_args = sys.argv[1:]
    assert sep == "--", "usage: pause_hook TABLE MARKER GO -- CLI ARGS"
    install(table, Path(marker), Path(go))
    from assets.cli import main

    sys.exit(main(cli_args))
