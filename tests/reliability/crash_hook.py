"""`newsclaims` with a pause inside one write transaction, so a test can SIGKILL it there.

    python -m tests.reliability.crash_hook TABLE MARKER -- run --sources ... --date ...

Same code as the console script (assets.cli.main, which its entry point calls); the only
difference is that inside a write transaction (replace_partition's, or a staging area's
commit for the stages that stream, pipeline/store/staging.py) before COMMIT it writes
its pid to MARKER and sleeps until it is killed. The pause comes just before TABLE's
rows are inserted, i.e. after the day's old rows of TABLE were deleted: the worst
moment, when a non-transactional write would leave the day without them.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.store import staging, writes

# Far longer than the test needs to notice the marker and kill us; ends a forgotten run.
PAUSE_S = 120


def _pause(name: str, table: str, marker: Path) -> None:
    if name == table:
        marker.write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(PAUSE_S)


def install(table: str, marker: Path) -> None:
    real_rows, real_staged = writes.insert_rows, staging.insert_staged

    def paused_rows(conn: Any, name: str, rows: Any) -> int:
        _pause(name, table, marker)
        return real_rows(conn, name, rows)

    def paused_staged(conn: Any, name: str, select: str) -> int:
        _pause(name, table, marker)
        return real_staged(conn, name, select)

    # replace_partition and Staging.commit look these up in their modules at call time.
    writes.insert_rows = paused_rows
    staging.insert_staged = paused_staged


if __name__ == "__main__":
    table, marker, sep, *cli_args = sys.argv[1:]
    assert sep == "--", "usage: crash_hook TABLE MARKER -- CLI ARGS"
    install(table, Path(marker))
    from assets.cli import main

    sys.exit(main(cli_args))
