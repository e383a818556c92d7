"""Headless Chromium (Debian's, via Playwright) against `dagster dev` on 127.0.0.1.

Chromium comes from `make browser` (apt-get); Playwright's own browser downloads are never
used. Without /usr/bin/chromium these tests FAIL with the fix in the message — a skipped
browser check in CI would look like a passing one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from tests.assets.test_webserver import free_port, wait_until_up
from tests.conftest import REPO_ROOT, SAMPLES

CHROMIUM = Path("/usr/bin/chromium")
# As root in a container: no sandbox; and without the background-networking flags
# Chromium's own update/sync connections are refused here and slow every page down.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Upper bound for any single browser action or wait (a UI page loads in a few seconds).
ACTION_MS = 60_000
expect.set_options(timeout=ACTION_MS)
# Pages of the day the UI materializes: a claim, its denial, another story; plus an empty
# file, so the brief has a fetch failure to chart.
PAGES = [
    "meridian-cdf-claims-sorvik.html",
    "harborwire-nac-denies-sorvik.html",
    "courier-ceasefire-talks-stall.html",
]
# Where tests save screenshots besides their tmp dir, when set (docs/screenshots/ to
# refresh the README's pictures: NEWSCLAIMS_SCREENSHOTS=docs/screenshots make test).
SCREENSHOTS_ENV = "NEWSCLAIMS_SCREENSHOTS"


@dataclass(frozen=True)
class DagsterUI:
    url: str
    db: Path
    day: str  # the partition the tests materialize
    shots: Path  # screenshots of this session


def _today() -> datetime:
    return datetime.now(UTC)


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium, as root). "
            "The browser checks need Debian's Chromium; they do not skip.",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DagsterUI]:
    """`dagster dev` with a fresh instance, a few partitions, and the pages above."""
    tmp = tmp_path_factory.mktemp("browser")
    home = tmp / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    pages = tmp / "pages"
    pages.mkdir()
    for page in PAGES:
        shutil.copy(SAMPLES / page, pages / page)
    (pages / "empty.html").write_bytes(b"")
    sources = tmp / "sources.yaml"
    sources.write_text(f"sources:\n  - name: desk\n    path: {pages}\n", encoding="utf-8")
    # A week of partitions ending today, so the launch dialog lists every day at once.
    today = _today().date()
    day = (today - timedelta(days=1)).isoformat()
    db = tmp / "db" / "news.duckdb"
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NEWSCLAIMS_DB": str(db),
        "NEWSCLAIMS_SOURCES": str(sources),
        "NEWSCLAIMS_START_DATE": (today - timedelta(days=6)).isoformat(),
        "NEWSCLAIMS_TIMEZONE": "UTC",
    }
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster"),
            "dev",
            "-w",
            "workspace.yaml",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the whole process group (daemon, code server) stops
    )
    try:
        wait_until_up(port, proc)
        shots = tmp / "screenshots"
        shots.mkdir()
        yield DagsterUI(url=f"http://127.0.0.1:{port}", db=db, day=day, shots=shots)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


@pytest.fixture(scope="session")
def browser(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 800},
            timeout=ACTION_MS,
        )
        context.set_default_timeout(ACTION_MS)
        context.set_default_navigation_timeout(ACTION_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture()
def page(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


def screenshot(page: Page, ui: DagsterUI, name: str, **options: object) -> Path:
    """Save a PNG in the session's tmp dir, and in $NEWSCLAIMS_SCREENSHOTS when set."""
    path = ui.shots / f"{name}.png"
    page.screenshot(path=str(path), **options)
    if target := os.environ.get(SCREENSHOTS_ENV):
        folder = Path(target) if Path(target).is_absolute() else REPO_ROOT / target
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)
    return path
