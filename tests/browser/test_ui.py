"""The analyst's path in a real browser: materialize a day from the asset graph, watch the
run succeed, follow the brief's link, and see its charts drawn."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import ACTION_MS, DagsterUI, screenshot

# Chromium against `dagster dev`: `make check` leaves these to `make test`.
pytestmark = pytest.mark.browser

# A run of three pages takes ~45 s under `dagster dev` here; bounded, never endless.
RUN_SECONDS = 300
RUN_ID = re.compile(r"Launched run (\w+)")
FINAL_STATUS = re.compile(r"^(Success|Failure|Canceled)$")
# A tick as the schedule's preview dialog lists it: "Nov 26, 6:00 AM UTC".
TICK = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M UTC$")


@dataclass(frozen=True)
class Launched:
    run_id: str
    status: str
    seconds: float


def dismiss_welcome(page: Page) -> None:
    """A fresh Dagster instance greets the first visit with a newsletter dialog."""
    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(timeout=5_000)
    except PlaywrightTimeout:  # the dialog is optional; its absence is fine
        return
    skip.click()


@pytest.fixture(scope="module")
def launched(ui: DagsterUI, browser: BrowserContext) -> Launched:
    """Materialize ui.day the way a person does: asset graph → Materialize all → partition."""
    page = browser.new_page()
    try:
        page.goto(f"{ui.url}/assets/daily_brief?view=lineage&lineageScope=upstream&lineageDepth=5")
        dismiss_welcome(page)
        for asset in ("raw_pages", "documents", "mentions", "claims", "daily_brief"):
            expect(page.get_by_text(asset, exact=True).first).to_be_visible()
        screenshot(page, ui, "asset-graph")

        page.get_by_role("button", name="Materialize all…").click()
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_text("Launch runs to materialize 5 assets")).to_be_visible()
        partitions = dialog.get_by_placeholder("No matching partitions")
        partitions.fill(ui.day)
        partitions.press("Enter")
        expect(dialog.get_by_text("1 partition", exact=True)).to_be_visible()
        screenshot(page, ui, "materialize-dialog")
        dialog.get_by_role("button", name="Launch 1 run").click()

        toast = page.get_by_text(RUN_ID).first
        expect(toast).to_be_visible()
        short_id = RUN_ID.search(toast.inner_text())[1]
        started = time.monotonic()
        page.goto(f"{ui.url}/runs")
        page.get_by_role("link", name=short_id).first.click()
        page.wait_for_url(re.compile(r"/runs/[0-9a-f-]{36}$"))
        run_id = page.url.rsplit("/", 1)[-1]
        assert run_id.startswith(short_id)
        # The run page updates itself; one status tag shows the final state.
        status = page.get_by_text(FINAL_STATUS)
        status.wait_for(timeout=RUN_SECONDS * 1000)
        launched = Launched(run_id, status.inner_text(), time.monotonic() - started)
        screenshot(page, ui, "run")
        return launched
    finally:
        page.close()


def test_materialize_a_partition_from_the_asset_graph(
    launched: Launched, page: Page, ui: DagsterUI
) -> None:
    assert launched.status == "Success", f"run {launched.run_id} ended {launched.status}"
    page.goto(f"{ui.url}/runs/{launched.run_id}")
    expect(page.get_by_text(f"partition: {ui.day}").first).to_be_visible()


def test_brief_link_opens_a_page_with_drawn_charts(
    launched: Launched, page: Page, ui: DagsterUI
) -> None:
    assert launched.status == "Success"
    page.goto(f"{ui.url}/assets/daily_brief")
    dismiss_welcome(page)
    # The materialization's metadata links the brief (MetadataValue.url).
    link = page.locator(f"a[href^='file://'][href$='/brief-{ui.day}.html']").first
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == (ui.db.parent / "briefs" / f"brief-{ui.day}.html").as_uri()

    page.goto(href)
    expect(page.get_by_role("heading", name="Contested claims")).to_be_visible()
    charts = page.locator("figure.chart svg")
    assert charts.count() == 3  # entity trend, speakers, fetch failures
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed(timeout=ACTION_MS)
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 80, (chart.get_attribute("id"), box)
        # Drawn, not just sized: plotted shapes and labels have an extent on screen.
        paths, texts = chart.evaluate(
            """svg => ['path', 'text'].map(tag => [...svg.querySelectorAll(tag)]
                .filter(e => { const b = e.getBBox(); return b.width > 0 && b.height > 0; })
                .length)"""
        )
        assert paths >= 1 and texts >= 2, (chart.get_attribute("id"), paths, texts)
    trend = page.locator("#chart-entity-trend")
    lines = trend.locator("g[id^='line2d_'] path")
    assert lines.count() >= 1
    top_entity = page.locator("#entities tbody tr td").first.inner_text()
    expect(trend.get_by_text(top_entity, exact=True)).to_be_visible()
    assert page.locator(".contest").count() >= 1
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, ui, "brief")
    page.locator("#contested").scroll_into_view_if_needed(timeout=ACTION_MS)
    screenshot(page, ui, "brief-contested")


def test_the_schedule_runs_a_day_of_the_jobs_partitions(page: Page, ui: DagsterUI) -> None:
    """What docs/PIPELINE.md tells a reader to click: the tick preview names the day it
    runs, and the job's Partitions tab counts the week the fixture configures."""
    page.goto(f"{ui.url}/automation")
    dismiss_welcome(page)
    page.get_by_role("link", name="daily_ingest_schedule").click()
    expect(page.get_by_text("At 06:00 AM UTC").first).to_be_visible()
    page.get_by_role("button", name="Preview tick result").click()
    dialog = page.get_by_role("dialog")
    # The dialog offers recent ticks, oldest first; yesterday's runs yesterday.
    dialog.get_by_text(TICK).first.click()
    day = date.fromisoformat(ui.day)
    page.get_by_text(f"{day:%b} {day.day}, 6:00 AM UTC", exact=True).last.click()
    dialog.get_by_role("button", name="Continue").click()
    expect(dialog.get_by_text("Requested runs (1)")).to_be_visible()
    dialog.locator("table button").first.click()  # the requested run's {} (tags, config)
    expect(page.get_by_text(f"partition: {ui.day}", exact=True)).to_be_visible()
    screenshot(page, ui, "schedule-tick")

    page.goto(f"{ui.url}/locations/assets.definitions:defs/jobs/daily_ingest/partitions")
    expect(page.get_by_text("Total partitions")).to_be_visible()
    total = page.get_by_text("Total partitions").locator("xpath=..")
    expect(total).to_contain_text("7")  # the fixture's first partition is six days ago
