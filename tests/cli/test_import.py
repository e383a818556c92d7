"""`newsclaims import` and `newsclaims brief --by`, as a user runs them: the console script,
a DuckDB file, the spaCy model. tests/cli/archive holds five small articles: two published
on 2019-05-02, one on 2019-05-03, one on 2018-11-20 and one without a date."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import lxml.html
import pytest

from tests.conftest import SAMPLES
from tests.reliability.helpers import cli_env, run_cli, table_contents

# Subprocesses and Dagster runs: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

ARCHIVE = Path(__file__).parent / "archive"
PUBLISHED = {
    "valley-dam-talks.html": date(2019, 5, 2),
    "valley-harvest.html": date(2019, 5, 2),
    "front-statement.html": date(2019, 5, 3),
    "library-reopens.html": date(2018, 11, 20),
    "undated-notice.html": None,
}
OTHER_PAGES = ["meridian-cdf-claims-sorvik.html", "harborwire-nac-denies-sorvik.html"]


def today() -> date:
    # The partitions' zone: the suite runs with the default, UTC.
    return datetime.now(UTC).date()


def path_source(tmp: Path, name: str, folder: Path) -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(f"sources:\n  - name: {name}\n    path: {folder}\n", encoding="utf-8")
    return path


def ok(*args: str) -> str:
    result = run_cli(*args, env=cli_env())
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def documents(db: Path) -> list[tuple[str, str, date | None, date]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "SELECT source, url, published_at, partition_date FROM documents ORDER BY url"
        ).fetchall()
    return [(s, u.rsplit("/", 1)[-1], p, d) for s, u, p, d in rows]


def brief(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Another source run today, then the archive imported into the same file."""
    tmp = tmp_path_factory.mktemp("import")
    other = tmp / "other-pages"
    other.mkdir()
    for page in OTHER_PAGES:
        shutil.copy(SAMPLES / page, other / page)
    archive = tmp / "valley archive"  # a space: the folder becomes source "valley-archive"
    shutil.copytree(ARCHIVE, archive)
    db = tmp / "news.duckdb"
    ok("run", "--sources", str(path_source(tmp, "ledger", other)), "--db", str(db))
    out = ok("import", str(archive), "--db", str(db))
    return db, out


def test_an_archive_lands_on_its_publication_days(imported: tuple[Path, str]) -> None:
    db, out = imported
    # NEWSCLAIMS_START_DATE is 2026-01-01 in the suite (tests/conftest.py): the import
    # needs no setting edited for 2018 and 2019.
    landed = {name: (p, d) for s, name, p, d in documents(db) if s == "valley-archive"}
    assert landed == {
        name: (published, published or today()) for name, published in PUBLISHED.items()
    }
    assert Path(f"{db}.archive-start").read_text(encoding="utf-8").strip() == "2018-11-20"
    assert "5 pages on 4 day(s) (2018-11-20 to" in out
    assert "  2019-05-02: 2 documents" in out
    assert "1 pages without a date" in out


def test_the_other_source_keeps_its_rows_of_the_ingest_day(imported: tuple[Path, str]) -> None:
    db, _ = imported
    on_today = [(s, name) for s, name, _, d in documents(db) if d == today()]
    assert sorted(on_today) == sorted(
        [("ledger", page) for page in OTHER_PAGES] + [("valley-archive", "undated-notice.html")]
    )


def test_the_brief_by_publication_day(imported: tuple[Path, str]) -> None:
    db, _ = imported
    out = ok("brief", "--by", "published", "--date", "2019-05-02", "--db", str(db))
    path = db.parent / "briefs" / "brief-published-2019-05-02.html"
    assert str(path) in out and "by publication day" in out
    page = brief(path)
    assert "By publication day" in page.text_content()
    assert "2 documents" in page.xpath("//p[@class='lede']")[1].text_content()
    speakers = page.get_element_by_id("speakers").text_content()
    assert "Marta Olsen" in speakers or "Tomas Kerrigan" in speakers
    assert "Paul Hennig" not in speakers  # the undated article is today's
    assert not page.xpath("//section[@id='empty']")


def test_the_brief_by_ingest_day_of_today_shows_what_was_fetched(
    imported: tuple[Path, str],
) -> None:
    db, _ = imported
    day = today().isoformat()
    ok("brief", "--date", day, "--db", str(db))
    page = brief(db.parent / "briefs" / f"brief-{day}.html")
    assert "By ingest day" in page.text_content()
    # The two other-source pages and the undated archive page were fetched today.
    assert "3 documents" in page.xpath("//p[@class='lede']")[1].text_content()


def test_the_setting_chooses_the_day_of_the_brief(imported: tuple[Path, str]) -> None:
    db, _ = imported
    result = run_cli(
        "brief",
        "--date",
        "2018-11-20",
        "--db",
        str(db),
        env=cli_env(NEWSCLAIMS_BRIEF_BY="published"),
    )
    assert result.returncode == 0, result.stderr
    assert (db.parent / "briefs" / "brief-published-2018-11-20.html").exists()


def test_a_publication_day_without_articles_says_why(imported: tuple[Path, str]) -> None:
    db, _ = imported
    out = ok("brief", "--by", "published", "--date", "2019-05-04", "--db", str(db))
    assert "empty: no stored document was published on 2019-05-04" in out
    why = brief(db.parent / "briefs" / "brief-published-2019-05-04.html")
    assert "no stored document was published" in why.get_element_by_id("empty").text_content()


def test_importing_again_replaces_the_archive_rows_and_nothing_else(
    imported: tuple[Path, str],
) -> None:
    db, _ = imported
    before = table_contents(db)
    archive = next(p for p in db.parent.iterdir() if p.name == "valley archive")
    ok("import", str(archive), "--db", str(db))
    assert table_contents(db) == before


def test_a_path_source_reread_on_another_day_explains_itself(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(ARCHIVE, folder)
    sources, db = path_source(tmp_path, "gazette", folder), tmp_path / "news.duckdb"
    ok("run", "--sources", str(sources), "--db", str(db), "--date", "2026-03-01")
    out = ok("run", "--sources", str(sources), "--db", str(db), "--date", "2026-03-02")
    assert "documents: 0" in out
    assert "all 5 pages fetched on 2026-03-02 (gazette) were seen before (duplicate" in out
    ok("brief", "--date", "2026-03-02", "--db", str(db))
    why = brief(tmp_path / "briefs" / "brief-2026-03-02.html").get_element_by_id("empty")
    assert "were seen before" in why.text_content()


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    db = tmp_path / "news.duckdb"
    out = ok("import", str(empty), "--db", str(db))
    assert f"folder {empty} holds no .html, .htm, .txt files" in out
    ok("brief", "--date", today().isoformat(), "--db", str(db))
    why = brief(tmp_path / "briefs" / f"brief-{today().isoformat()}.html")
    assert "holds no .html" in why.get_element_by_id("empty").text_content()
