"""The daily brief of a materialized day: sections, names from the data, charts, links."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import lxml.html

from assets.daily_brief import daily_brief
from assets.definitions import build_definitions
from assets.pools import DUCKDB_POOL
from assets.resources import build_resources
from pipeline.brief import brief_path, load_brief_data
from pipeline.brief.data import TOP_ENTITIES, TREND_DAYS, TREND_ENTITIES
from tests.brief.conftest import DAY, EARLIER, Materialized

SECTIONS = {
    "entities": "Top entities",
    "speakers": "Top speakers",
    "contested": "Contested claims",
    "failures": "Fetch failures",
}


def page(materialized: Materialized) -> lxml.html.HtmlElement:
    path = brief_path(materialized.db, date.fromisoformat(DAY))
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def query(db: Path, sql: str, params: list[object]) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql, params).fetchall()


def column(section: lxml.html.HtmlElement, index: int) -> list[str]:
    return [td.text_content() for td in section.xpath(f".//tbody/tr/td[{index + 1}]")]


def test_brief_is_written_beside_the_database_and_linked(materialized: Materialized) -> None:
    path = materialized.db.parent / "briefs" / f"brief-{DAY}.html"
    assert path.is_file()
    [event] = materialized.result.asset_materializations_for_node("daily_brief")
    assert event.metadata["path"].value == str(path)
    assert event.metadata["url"].value == path.as_uri()
    # Only the file itself: the atomic write leaves no temporary file behind.
    assert sorted(p.name for p in path.parent.iterdir()) == [f"brief-{EARLIER}.html", path.name]


def test_sections_in_order(materialized: Materialized) -> None:
    doc = page(materialized)
    sections = doc.xpath("//section")
    assert [s.get("id") for s in sections] == list(SECTIONS)
    assert [s.findtext("h2") for s in sections] == list(SECTIONS.values())
    assert DAY in doc.findtext(".//title")


def test_top_entities_are_the_days_most_mentioned(materialized: Materialized) -> None:
    # Counted here from the base tables, not through the views the brief uses.
    expected = query(
        materialized.db,
        "SELECT e.name, count(*) FROM mentions m JOIN entities e USING (entity_id)"
        " WHERE m.partition_date = ? GROUP BY e.entity_id, e.name ORDER BY 2 DESC",
        [DAY],
    )
    section = page(materialized).get_element_by_id("entities")
    names, mentions = column(section, 0), [int(n) for n in column(section, 2)]
    assert len(names) == min(TOP_ENTITIES, len(expected))
    assert mentions == [n for _, n in expected[: len(names)]]  # the same counts, in order
    assert names[0] in {name for name, n in expected if n == expected[0][1]}


def test_trend_chart_has_a_line_per_top_entity(materialized: Materialized) -> None:
    section = page(materialized).get_element_by_id("entities")
    [svg] = section.xpath(".//svg")
    assert svg.get("id") == "chart-entity-trend"
    assert float(svg.get("width").removesuffix("pt")) > 100
    assert float(svg.get("height").removesuffix("pt")) > 100
    texts = {t.text_content().strip() for t in svg.iter("text")}
    legend = column(section, 0)[:TREND_ENTITIES]
    assert set(legend) <= texts  # every plotted entity is named in the legend
    lines = [g for g in svg.iter("g") if (g.get("id") or "").startswith("line2d_")]
    assert len(lines) >= len(set(legend))


def test_trend_counts_days_before_the_brief(materialized: Materialized) -> None:
    with duckdb.connect(str(materialized.db), read_only=True) as conn:
        data = load_brief_data(conn, date.fromisoformat(DAY))
    trend = data.trend
    assert len(trend.days) == TREND_DAYS and trend.days[-1] == date.fromisoformat(DAY)
    earlier = trend.days.index(date.fromisoformat(EARLIER))
    per_day = dict(
        query(
            materialized.db,
            "SELECT e.name, count(*) FROM mentions m JOIN entities e USING (entity_id)"
            " WHERE m.partition_date = ? GROUP BY e.entity_id, e.name",
            [EARLIER],
        )
    )
    assert any(counts[earlier] > 0 for counts in trend.series.values())
    for name, counts in trend.series.items():
        assert counts[earlier] == per_day.get(name, 0), name
        assert sum(counts) == counts[earlier] + counts[-1]  # only two days have data


def test_top_speakers_match_their_claims(materialized: Materialized) -> None:
    expected = dict(
        query(
            materialized.db,
            "SELECT speaker_name, count(*) FROM claims"
            " WHERE partition_date = ? AND speaker_entity_id IS NOT NULL GROUP BY ALL",
            [DAY],
        )
    )
    section = page(materialized).get_element_by_id("speakers")
    names, claims = column(section, 0), [int(n) for n in column(section, 1)]
    assert names and claims == sorted(claims, reverse=True)
    for name, n in zip(names, claims, strict=True):
        assert expected[name] == n
    [svg] = section.xpath(".//svg")
    assert set(names) <= {t.text_content().strip() for t in svg.iter("text")}


def test_contested_claims_show_both_sides(materialized: Materialized) -> None:
    rows = query(
        materialized.db,
        "SELECT claimant, claim, claim_date, denier, denial FROM contested_claims"
        " WHERE denial_date = ?",
        [DAY],
    )
    assert rows, "the sample pages of the day deny claims"
    contests = page(materialized).get_element_by_id("contested").find_class("contest")
    assert len(contests) == len(rows)
    shown = {
        (
            c.xpath(".//div[contains(@class,'claim')]//blockquote")[0].text_content(),
            c.xpath(".//div[contains(@class,'denial')]//blockquote")[0].text_content(),
        )
        for c in contests
    }
    assert shown == {(claim, denial) for _, claim, _, _, denial in rows}
    text = " ".join(c.text_content() for c in contests)
    for claimant, _, claim_date, denier, _ in rows:
        if claimant:
            assert claimant in text
        if denier:
            assert denier in text
        assert str(claim_date) in text


def test_fetch_failures_by_reason(materialized: Materialized) -> None:
    expected = dict(
        query(
            materialized.db,
            "SELECT status, count(*) FROM fetch_log WHERE partition_date = ?"
            " AND status NOT IN ('ok', 'duplicate', 'not_modified') GROUP BY status",
            [DAY],
        )
    )
    assert set(expected) == {"empty", "not_html"}  # the two broken files of the day
    section = page(materialized).get_element_by_id("failures")
    shown = dict(zip(column(section, 0), (int(n) for n in column(section, 1)), strict=True))
    assert shown == expected
    [svg] = section.xpath(".//svg")
    assert set(expected) <= {t.text_content().strip() for t in svg.iter("text")}


def test_page_is_self_contained(materialized: Materialized) -> None:
    doc = page(materialized)
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert not doc.xpath("//*[@src]")
    for style in doc.xpath("//style"):
        assert "url(" not in style.text and "@import" not in style.text
    # Every href is a link to a source article, never something the page loads.
    assert {a.tag for a in doc.xpath("//*[@href]")} <= {"a"}
    assert len(doc.xpath("//svg")) == 3


def test_a_day_without_data_says_so(materialized: Materialized) -> None:
    empty_day = "2026-03-25"
    result = dg.materialize(
        [daily_brief],
        partition_key=empty_day,
        resources=build_resources(db=str(materialized.db)),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    path = brief_path(materialized.db, date.fromisoformat(empty_day))
    doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    # The empty day says why first (pipeline/brief/empty.py): nothing was fetched for it.
    assert [s.get("id") for s in doc.xpath("//section")] == ["empty", *SECTIONS]
    why = doc.get_element_by_id("empty").text_content()
    assert f"nothing was fetched for {empty_day}" in why
    assert not doc.xpath("//svg")
    assert "No entities were mentioned" in doc.get_element_by_id("entities").text_content()
    assert "No denial on this day" in doc.get_element_by_id("contested").text_content()


def test_brief_is_in_the_daily_job_and_the_pool() -> None:
    asset = daily_brief
    defs = build_definitions(db=":memory:")
    job = defs.resolve_job_def("daily_ingest")
    assert dg.AssetKey("daily_brief") in job.asset_layer.executable_asset_keys
    assert asset.op.pool == DUCKDB_POOL
    assert asset.partitions_def == job.partitions_def
    deps = asset.asset_deps[dg.AssetKey("daily_brief")]
    assert set(deps) == {dg.AssetKey("mentions"), dg.AssetKey("claims")}
