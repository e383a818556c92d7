"""make lake-check in small: news-dev pages as three days on two Celery workers into a
fresh lake, the same days into one DuckDB file, every table and view compared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

NEWS_DEV = Path(os.environ.get("NEWS_DEV") or REPO_ROOT.parent / "shared" / "corpus" / "news-dev")
PAGES = 30


def test_celery_workers_into_a_lake_give_the_file_tables(tmp_path: Path) -> None:
    assert (NEWS_DEV / "html").is_dir(), f"news-dev corpus missing at {NEWS_DEV} (set NEWS_DEV)"
    check = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "lake_check.py"),
            "--news-dev",
            str(NEWS_DEV),
            "--pages",
            str(PAGES),
            "--work",
            str(tmp_path / "work"),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    lines = check.stdout.strip().splitlines()
    assert lines and lines[-1] == "same tables: yes", check.stdout + check.stderr[-3000:]
    assert check.returncode == 0
    workers = [line for line in lines if line.startswith("lake: 2 Celery workers")]
    # Steps of the three days ran on both workers, not in the processes that launched them.
    assert workers and "steps ran on 2 of them" in workers[0], check.stdout
