"""The import plan (pipeline/stages/archive.py) on real files and the real extractor: each
page lands on its publication day, an undated page or one dated after the ingest day on
the ingest day, an empty folder leaves one row saying so; the plan survives its JSON."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from pipeline.sources import load_sources
from pipeline.stages.archive import plan_archive, planned_days, read_planned_day, write_plan
from pipeline.stages.raw_pages import ingest
from tests.http_server import TestServer

ARCHIVE = Path(__file__).parents[1] / "cli" / "archive"
INGEST_DAY = date(2026, 5, 6)


def sources(tmp: Path, folder: Path) -> Path:
    path = tmp / "s.yaml"
    path.write_text(f"sources:\n  - name: gazette\n    path: {folder}\n", encoding="utf-8")
    return path


def test_pages_land_on_their_publication_days(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(ARCHIVE, folder)
    # Dated after today: the extractor (htmldate) takes no date from the future, so the
    # page is undated and lands on the ingest day.
    future = (folder / "library-reopens.html").read_text(encoding="utf-8")
    (folder / "future.html").write_text(
        future.replace("2018-11-20", "2027-01-01").replace("eight months", "nine months"),
        encoding="utf-8",
    )
    plan = plan_archive(load_sources(sources(tmp_path, folder)), INGEST_DAY, tmp_path / "cache")
    landed = {
        day: sorted(Path(i.url).name for i in p.items["gazette"]) for day, p in plan.days.items()
    }
    assert landed == {
        date(2018, 11, 20): ["library-reopens.html"],
        date(2019, 5, 2): ["valley-dam-talks.html", "valley-harvest.html"],
        date(2019, 5, 3): ["front-statement.html"],
        INGEST_DAY: ["future.html", "undated-notice.html"],
    }
    assert (plan.undated, plan.future, plan.pages()) == (2, 0, 6)
    assert not any(p.failures for p in plan.days.values())

    path = tmp_path / "plan.json"
    write_plan(plan, path)
    assert planned_days(path) == sorted(landed)
    again = read_planned_day(path, date(2019, 5, 2))
    assert again.items == plan.days[date(2019, 5, 2)].items
    assert again.sources() == ["gazette"]
    assert read_planned_day(path, date(2019, 5, 4)).sources() == []


def test_a_page_dated_after_the_ingest_day_lands_on_it(tmp_path: Path) -> None:
    # Imported "on" 2019-05-02: the page of 2019-05-03 has no partition yet.
    ingest_day = date(2019, 5, 2)
    plan = plan_archive(load_sources(sources(tmp_path, ARCHIVE)), ingest_day, tmp_path / "c")
    on_ingest_day = sorted(Path(i.url).name for i in plan.days[ingest_day].items["gazette"])
    assert on_ingest_day == [
        "front-statement.html",
        "undated-notice.html",
        "valley-dam-talks.html",
        "valley-harvest.html",
    ]
    assert (plan.undated, plan.future) == (1, 1)
    # Every day of the plan has rows: the day of 2019-05-03 is not in it.
    assert sorted(plan.days) == [date(2018, 11, 20), ingest_day]


def test_an_empty_folder_is_one_row_that_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    config = load_sources(sources(tmp_path, empty))
    plan = plan_archive(config, INGEST_DAY, tmp_path / "cache")
    [failure] = plan.days[INGEST_DAY].failures
    assert failure.status == "empty"
    assert f"folder {empty} holds no .html, .htm, .txt files" in (failure.reason or "")
    # A daily run of the folder records the same row.
    [row] = ingest(config, INGEST_DAY).fetch_log
    assert (row["status"], row["url"], row["reason"]) == (
        "empty",
        empty.resolve().as_uri(),
        failure.reason,
    )


def test_web_pages_are_fetched_once_and_land_under_their_own_address(
    server: TestServer, tmp_path: Path
) -> None:
    server.add("/a.html", body=(ARCHIVE / "front-statement.html").read_bytes())
    server.add("/gone.html", status=404)
    config = tmp_path / "web.yaml"
    config.write_text(
        "fetch:\n  allow_private_networks: true\n  per_host_delay: 0\n  retries: 0\n"
        f"sources:\n  - name: wire\n    urls:\n      - {server.url('/a.html')}\n"
        f"      - {server.url('/gone.html')}\n",
        encoding="utf-8",
    )
    plan = plan_archive(load_sources(config), INGEST_DAY, tmp_path / "cache")
    [item] = plan.days[date(2019, 5, 3)].items["wire"]
    assert item.url == server.url("/a.html")
    assert item.path is not None and item.path.parent == tmp_path / "cache"
    # The 404 is recorded on the ingest day, as a run would have.
    [gone] = plan.days[INGEST_DAY].failures
    assert (gone.url, gone.status, gone.http_status) == (
        server.url("/gone.html"),
        "http_error",
        404,
    )

    # The day's run reads the cached page: no second request, the page's own URL stored.
    day = ingest(load_sources(config), date(2019, 5, 3), planned=plan.days[date(2019, 5, 3)])
    assert server.hits("/a.html") == 1
    [page] = day.raw_pages
    assert (page["url"], page["source"]) == (server.url("/a.html"), "wire")
    ingest_day = ingest(load_sources(config), INGEST_DAY, planned=plan.days[INGEST_DAY])
    assert [(r["url"], r["status"]) for r in ingest_day.fetch_log] == [
        (server.url("/gone.html"), "http_error")
    ]
    assert server.hits("/gone.html") == 1
