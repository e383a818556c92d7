"""What a daily brief shows, read from the DuckDB views with the SQL in sql/brief/."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

from pipeline.brief.empty import BY_INGEST, BY_PUBLISHED, empty_day_reasons
from pipeline.store import load_sql

# Rows in the entity and speaker tables: a page an analyst reads in a minute.
TOP_ENTITIES = 10
TOP_SPEAKERS = 10
# Lines in the trend chart: beyond about five, colours and lines become hard to tell apart.
TREND_ENTITIES = 5
# The trend window, in days, ending with the brief's day (two weeks show a weekly rhythm).
TREND_DAYS = 14


@dataclass(frozen=True)
class Totals:
    attempted: int
    documents: int
    stories: int  # distinct documents.story_id: copies of one story count once
    sources: int
    claims: int
    denials: int
    unresolved_claims: int


@dataclass(frozen=True)
class EntityRow:
    entity_id: str
    name: str
    label: str
    mentions: int
    stories: int
    documents: int
    sources: int


@dataclass(frozen=True)
class Trend:
    """Mentions per day for a few entities; ``series`` maps a display name to counts."""

    days: list[date]
    series: dict[str, list[int]]


@dataclass(frozen=True)
class SpeakerRow:
    name: str
    entity_id: str
    claims: int
    asserts: int
    denials: int
    other_stances: int
    documents: int
    stories: int
    sources: int


@dataclass(frozen=True)
class Contest:
    """A claim and a denial that contests it, each with who said it and where."""

    link: str
    claimant: str
    claim_cue: str
    claim: str
    claim_date: date
    claim_source: str
    claim_title: str | None
    claim_url: str
    denier: str
    denial_cue: str
    denial: str
    denial_date: date
    denial_source: str
    denial_title: str | None
    denial_url: str
    copies: int  # the (claim, denial) pairs of the copies of the two stories
    sources: int  # the outlets that carried either side


@dataclass(frozen=True)
class FailureRow:
    status: str
    urls: int
    sources: str
    example_reason: str | None
    example_url: str


@dataclass(frozen=True)
class BriefData:
    day: date
    totals: Totals
    entities: list[EntityRow]
    trend: Trend
    speakers: list[SpeakerRow]
    contests: list[Contest]
    failures: list[FailureRow]  # of the ingest day, whichever day the brief is by
    # "ingest": the documents fetched for the day's partition; "published": the documents
    # published on the day (documents.published_at; an undated page on its ingest day).
    by: str = BY_INGEST
    # Why the day has no document, when it has none (pipeline/brief/empty.py).
    empty_reasons: list[str] = field(default_factory=list)


# The queries that read a day by publication day from sql/brief/published/ instead.
BY_PUBLISHED_QUERIES = frozenset(
    {"totals", "top_entities", "top_speakers", "contested", "entity_trend"}
)


def _rows(
    conn: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any], by: str = BY_INGEST
) -> list[dict[str, Any]]:
    folder = "brief/published" if by == BY_PUBLISHED and name in BY_PUBLISHED_QUERIES else "brief"
    cursor = conn.execute(load_sql(f"{folder}/{name}"), params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def entity_trend(
    conn: duckdb.DuckDBPyConnection, day: date, entities: list[EntityRow], by: str = BY_INGEST
) -> Trend:
    """Daily mentions of ``entities`` over the TREND_DAYS days ending with ``day``."""
    days = [day - timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
    if not entities:
        return Trend(days=days, series={})
    rows = _rows(
        conn,
        "entity_trend",
        {"ids": [e.entity_id for e in entities], "start": days[0], "day": day},
        by,
    )
    counts = {(r["day"], r["entity_id"]): r["mentions"] for r in rows}
    # Two entities may share a name across labels ("Sorvik" the place and the club).
    names = [e.name for e in entities]
    series = {}
    for e in entities:
        label = e.name if names.count(e.name) == 1 else f"{e.name} ({e.label})"
        series[label] = [int(counts.get((d, e.entity_id), 0)) for d in days]
    return Trend(days=days, series=series)


def load_brief_data(conn: duckdb.DuckDBPyConnection, day: date, by: str = BY_INGEST) -> BriefData:
    """Everything the brief for ``day`` shows, from the tables and views; ``by`` is the
    day it reads: "ingest" (the partition) or "published" (the publication day)."""
    if by not in (BY_INGEST, BY_PUBLISHED):
        raise ValueError(f"by must be {BY_INGEST!r} or {BY_PUBLISHED!r}, got {by!r}")
    totals = Totals(**_rows(conn, "totals", {"day": day}, by)[0])
    entities = [
        EntityRow(
            entity_id=r["entity_id"],
            name=r["entity"],
            label=r["label"],
            mentions=r["mentions"],
            stories=r["stories"],
            documents=r["documents"],
            sources=r["sources"],
        )
        for r in _rows(conn, "top_entities", {"day": day, "limit": TOP_ENTITIES}, by)
    ]
    speakers = [
        SpeakerRow(
            name=r["speaker"],
            entity_id=r["speaker_entity_id"],
            claims=r["claims"],
            asserts=r["asserts"],
            denials=r["denials"],
            other_stances=r["other_stances"],
            documents=r["documents"],
            stories=r["stories"],
            sources=r["sources"],
        )
        for r in _rows(conn, "top_speakers", {"day": day, "limit": TOP_SPEAKERS}, by)
    ]
    contests = [Contest(**r) for r in _rows(conn, "contested", {"day": day}, by)]
    failures = [FailureRow(**r) for r in _rows(conn, "fetch_failures", {"day": day})]
    return BriefData(
        day=day,
        totals=totals,
        entities=entities,
        trend=entity_trend(conn, day, entities[:TREND_ENTITIES], by),
        speakers=speakers,
        contests=contests,
        failures=failures,
        by=by,
        empty_reasons=empty_day_reasons(conn, day, by) if totals.documents == 0 else [],
    )
