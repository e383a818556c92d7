"""`newsclaims run` draws a progress bar on a terminal and stays quiet in a pipe."""

from __future__ import annotations

import fcntl
import io
import logging
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest
from rich.console import Console
from rich.progress import Progress

from assets.cli import _ProgressBarHandler
from tests.cli.test_cli import CONSOLE_SCRIPT
from tests.conftest import REPO_ROOT, SAMPLES

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY = "2026-03-16"
PAGES = ["meridian-cdf-claims-sorvik.html", "harborwire-nac-denies-sorvik.html"]
RUN_SECONDS = 300  # a run of two pages takes ~10 s; bounded so a hang fails the test
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BAR = "━"  # rich's bar character
HIDE_CURSOR = "\x1b[?25l"  # rich hides the cursor while a live display runs


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in PAGES:
        shutil.copy(SAMPLES / page, folder / page)
    path = tmp_path / "sources.yaml"
    path.write_text(f"sources:\n  - name: desk\n    path: {folder}\n", encoding="utf-8")
    return path


def _env() -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("DAGSTER_HOME", None)  # an ephemeral Dagster instance per run
    return env


def run_in_terminal(args: list[str]) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal (120x40); returns exit code and what it drew."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(
        args, cwd=REPO_ROOT, env=_env(), stdin=slave, stdout=subprocess.DEVNULL, stderr=slave
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + RUN_SECONDS
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            elif proc.poll() is not None:
                break
        else:
            proc.kill()
            raise AssertionError(f"run did not finish within {RUN_SECONDS} s")
        return proc.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(master)


def final_counts(screen: str, label: str) -> tuple[int, int]:
    """The last "done/total" drawn for the bar labelled ``label``."""
    found = re.findall(rf"{re.escape(label)}\s+{BAR}*\s*(\d+)/(\d+)", ANSI.sub("", screen))
    assert found, f"no bar for {label!r}"
    done, total = found[-1]
    return int(done), int(total)


def test_terminal_shows_a_bar_per_stage(sources: Path, tmp_path: Path) -> None:
    args = ["run", "--sources", str(sources), "--db", str(tmp_path / "t.duckdb"), "--date", DAY]
    code, screen = run_in_terminal([str(CONSOLE_SCRIPT), *args])
    assert code == 0, screen[-3000:]
    assert BAR in screen and HIDE_CURSOR in screen
    assert final_counts(screen, "raw_pages: fetched") == (len(PAGES), len(PAGES))
    assert final_counts(screen, "documents: extracted") == (len(PAGES), len(PAGES))
    assert final_counts(screen, "annotations: annotated") == (len(PAGES), len(PAGES))


def test_pipe_gets_log_lines_and_no_bar(sources: Path, tmp_path: Path) -> None:
    args = ["run", "--sources", str(sources), "--db", str(tmp_path / "p.duckdb"), "--date", DAY]
    result = subprocess.run(
        [str(CONSOLE_SCRIPT), *args],
        cwd=REPO_ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    output = result.stdout + result.stderr
    assert BAR not in output and HIDE_CURSOR not in output and "\r" not in output
    assert f"fetched {len(PAGES)} of {len(PAGES)}" in result.stderr  # the log still says it


def _record(message: str, step: str) -> logging.LogRecord:
    record = logging.makeLogRecord({"msg": message})
    record.dagster_meta = {"orig_message": message, "step_key": step}
    return record


def test_handler_moves_one_task_per_step_and_ignores_other_lines() -> None:
    console = Console(file=io.StringIO(), force_terminal=False)
    with Progress(console=console) as progress:
        handler = _ProgressBarHandler(progress)
        for message, step in [
            ("fetched 1 of 40", "raw_pages"),
            ("fetch status ok: 39", "raw_pages"),  # not progress
            ("fetched 40 of 40", "raw_pages"),
            ("annotated 7 of 12 documents", "annotations"),
        ]:
            handler.emit(_record(message, step))
        tasks = {t.description: (t.completed, t.total) for t in progress.tasks}
    assert tasks == {"raw_pages: fetched": (40, 40), "annotations: annotated": (7, 12)}
