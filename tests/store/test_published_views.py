"""The publication-day views (sql/views/*published_daily.sql, document_days, claim_days) on
hand-made rows in a DuckDB file: a day's rows gather the documents published that day from
any ingest day, an undated document counts on its ingest day, and on documents published
the day they were fetched they answer what the ingest-day views answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.store import ensure_schema, replace_partition
from tests.store.test_views import ENTITIES, claim, doc, mention

INGEST_1, INGEST_2 = date(2026, 5, 1), date(2026, 5, 2)
PUBLISHED = date(2019, 3, 14)


def dated(doc_id: str, day: date, published: date | None, source: str = "s") -> dict:
    return {**doc(doc_id, day, "." * 200), "published_at": published, "source": source}


@pytest.fixture
def conn(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(tmp_path / "published.duckdb"))
    ensure_schema(c)
    entities = [{"entity_id": k, "name": n, "label": lab} for k, (n, lab) in ENTITIES.items()]
    # Day 1: a (published 2019-03-14), u (no date); day 2: b (also published 2019-03-14,
    # from another source), t (published the day it was fetched).
    replace_partition(
        c,
        INGEST_1,
        {
            "documents": [dated("a", INGEST_1, PUBLISHED), dated("u", INGEST_1, None)],
            "claims": [
                claim("a-0", "a", INGEST_1, "front", "assert", (0, 50)),
                claim("a-1", "a", INGEST_1, "council", "deny", (60, 70), denies="a-0"),
                claim("u-0", "u", INGEST_1, "front", "assert", (0, 50)),
            ],
            "mentions": [
                mention("a", "sorvik", 10, INGEST_1),
                mention("u", "sorvik", 10, INGEST_1),
            ],
        },
        shared={"entities": entities},
    )
    replace_partition(
        c,
        INGEST_2,
        {
            "documents": [
                dated("b", INGEST_2, PUBLISHED, source="t"),
                dated("t", INGEST_2, INGEST_2),
            ],
            "claims": [
                claim("b-0", "b", INGEST_2, "council", "deny", (0, 60)),
                claim("t-0", "t", INGEST_2, "council", "assert", (0, 60)),
            ],
            "mentions": [mention("b", "sorvik", 5, INGEST_2), mention("t", "ridge", 5, INGEST_2)],
        },
    )
    return c


def rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    return conn.execute(sql).fetchall()


def test_document_days_give_both_days_and_fall_back_to_the_ingest_day(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    assert rows(
        conn,
        "SELECT doc_id, ingest_day, published_day, day, undated FROM document_days ORDER BY 1",
    ) == [
        ("a", INGEST_1, PUBLISHED, PUBLISHED, False),
        ("b", INGEST_2, PUBLISHED, PUBLISHED, False),
        ("t", INGEST_2, INGEST_2, INGEST_2, False),
        ("u", INGEST_1, None, INGEST_1, True),
    ]
    assert rows(conn, "SELECT claim_id, ingest_day, day FROM claim_days ORDER BY 1") == [
        ("a-0", INGEST_1, PUBLISHED),
        ("a-1", INGEST_1, PUBLISHED),
        ("b-0", INGEST_2, PUBLISHED),
        ("t-0", INGEST_2, INGEST_2),
        ("u-0", INGEST_1, INGEST_1),
    ]


def test_speakers_by_publication_day_gather_every_ingest_day(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    by_published = rows(
        conn,
        "SELECT day, speaker, claims, asserts, denials, documents, sources, undated_documents "
        "FROM speaker_published_daily ORDER BY day, speaker",
    )
    assert by_published == [
        # a-1 fetched on day 1 from s, b-0 on day 2 from t: one day by publication.
        (PUBLISHED, "council", 2, 0, 2, 2, 2, 0),
        (PUBLISHED, "front", 1, 1, 0, 1, 1, 0),
        (INGEST_1, "front", 1, 1, 0, 1, 1, 1),
        (INGEST_2, "council", 1, 1, 0, 1, 1, 0),
    ]
    # By ingest day the 2019 claims are spread over the two days they were fetched.
    assert rows(conn, "SELECT DISTINCT day FROM speaker_daily ORDER BY day") == [
        (INGEST_1,),
        (INGEST_2,),
    ]


def test_entities_by_publication_day(conn: duckdb.DuckDBPyConnection) -> None:
    assert rows(
        conn,
        "SELECT day, source, entity_id, mentions, undated_documents "
        "FROM entity_published_daily ORDER BY day, source, entity_id",
    ) == [
        (PUBLISHED, "s", "sorvik", 1, 0),
        (PUBLISHED, "t", "sorvik", 1, 0),
        (INGEST_1, "s", "sorvik", 1, 1),
        (INGEST_2, "s", "ridge", 1, 0),
    ]


def test_documents_published_the_day_they_were_fetched_read_the_same_both_ways(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    same = "WHERE day = DATE '2026-05-02' AND speaker = 'council'"
    columns = "day, speaker_entity_id, speaker, claims, asserts, denials, documents, stories"
    ingest = rows(conn, f"SELECT {columns} FROM speaker_daily {same}")
    # Day 2's ingest rows hold b (published 2019) too: only t's claim is of that day by
    # publication.
    assert ingest == [(INGEST_2, "council", "council", 2, 1, 1, 2, 2)]
    assert rows(conn, f"SELECT {columns} FROM speaker_published_daily {same}") == [
        (INGEST_2, "council", "council", 1, 1, 0, 1, 1)
    ]


def test_contested_by_publication_day_of_the_denial(conn: duckdb.DuckDBPyConnection) -> None:
    # a's denial of a's claim, fetched on day 1, was published in 2019.
    assert rows(conn, "SELECT day, contested_claims, denials, deniers FROM contested_daily") == [
        (INGEST_1, 1, 1, "council")
    ]
    assert rows(
        conn, "SELECT day, contested_claims, denials, deniers FROM contested_published_daily"
    ) == [(PUBLISHED, 1, 1, "council")]
