"""The contested_claims view on hand-made rows: in-document links and cross-document pairs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.store import ensure_schema, replace_partition

D1, D2, FAR = date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 20)
ENTITIES = {
    "front": ("Coastal Defence Front", "organization"),
    "council": ("Northern Alliance Council", "organization"),
    "sorvik": ("Sorvik", "place"),
    "ridge": ("Ardun Ridge", "place"),
}


def doc(doc_id: str, day: date, text: str) -> dict:
    return {
        "doc_id": doc_id,
        "url": f"http://x/{doc_id}",
        "canonical_url": f"http://x/{doc_id}",
        "source": "s",
        "text": text,
        "content_hash": doc_id,
        "partition_date": day,
        "fetched_at": datetime(2026, 5, 1),
        "title": doc_id,
    }


def claim(
    claim_id: str,
    doc_id: str,
    day: date,
    speaker: str | None,
    stance: str,
    content: tuple[int, int],
    denies: str | None = None,
) -> dict:
    return {
        "claim_id": claim_id,
        "doc_id": doc_id,
        "sentence_index": 0,
        "speaker": speaker,
        "speaker_entity_id": speaker,
        "speaker_name": speaker,
        "cue": "say",
        "stance": stance,
        "content": "x",
        "content_start": content[0],
        "content_end": content[1],
        "kind": "indirect",
        "denies_claim_id": denies,
        "partition_date": day,
    }


def mention(doc_id: str, entity: str, start: int, day: date) -> dict:
    return {
        "doc_id": doc_id,
        "entity_id": entity,
        "text": entity,
        "label": "x",
        "start_char": start,
        "end_char": start + 5,
        "partition_date": day,
    }


@pytest.fixture
def conn(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(tmp_path / "v.duckdb"))
    ensure_schema(c)
    entities = [{"entity_id": k, "name": n, "label": lab} for k, (n, lab) in ENTITIES.items()]
    text = "." * 200
    # Day 1, doc a: the front claims Sorvik and the ridge; the council denies "the claim".
    replace_partition(
        c,
        D1,
        {
            "documents": [doc("a", D1, text)],
            "claims": [
                claim("a-0", "a", D1, "front", "assert", (0, 50)),
                claim("a-1", "a", D1, "council", "deny", (60, 70), denies="a-0"),
            ],
            "mentions": [mention("a", "sorvik", 10, D1), mention("a", "ridge", 20, D1)],
        },
        shared={"entities": entities},
    )
    # Day 2, doc b: the council denies, naming Sorvik and the ridge (two shared entities);
    # doc c: a denial naming only Sorvik and not the front (one shared entity, no claimant).
    replace_partition(
        c,
        D2,
        {
            "documents": [doc("b", D2, text), doc("c", D2, text)],
            "claims": [
                claim("b-0", "b", D2, "council", "deny", (0, 60)),
                claim("c-0", "c", D2, "council", "deny", (0, 60)),
            ],
            "mentions": [
                mention("b", "sorvik", 5, D2),
                mention("b", "ridge", 30, D2),
                mention("c", "sorvik", 5, D2),
            ],
        },
    )
    yield c
    c.close()


def links(conn: duckdb.DuckDBPyConnection) -> set[tuple[str, str, str]]:
    rows = conn.execute("SELECT link, claim_id, denial_id FROM contested_claims").fetchall()
    return set(rows)


def test_in_document_and_cross_document_links(conn: duckdb.DuckDBPyConnection) -> None:
    assert links(conn) == {("in_document", "a-0", "a-1"), ("cross_document", "a-0", "b-0")}


def test_one_shared_entity_links_only_when_the_denial_names_the_claimant(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    replace_partition(
        conn,
        D2,
        {
            "documents": [doc("c", D2, "." * 200)],
            "claims": [claim("c-0", "c", D2, "council", "deny", (0, 60))],
            "mentions": [mention("c", "sorvik", 5, D2), mention("c", "front", 20, D2)],
        },
    )
    assert ("cross_document", "a-0", "c-0") in links(conn)


def test_far_apart_days_are_not_linked(conn: duckdb.DuckDBPyConnection) -> None:
    replace_partition(conn, D2, {"documents": [], "claims": [], "mentions": []})
    replace_partition(
        conn,
        FAR,
        {
            "documents": [doc("b", FAR, "." * 200)],
            "claims": [claim("b-0", "b", FAR, "council", "deny", (0, 60))],
            "mentions": [mention("b", "sorvik", 5, FAR), mention("b", "ridge", 30, FAR)],
        },
    )
    assert links(conn) == {("in_document", "a-0", "a-1")}


def test_view_names_both_sides(conn: duckdb.DuckDBPyConnection) -> None:
    row = conn.execute(
        "SELECT claimant, denier, claim_date, denial_date, denial_title FROM contested_claims"
        " WHERE link = 'cross_document'"
    ).fetchone()
    assert row == ("front", "council", D1, D2, "b")


def test_analyst_views(tmp_path: Path) -> None:
    c = duckdb.connect(str(tmp_path / "a.duckdb"))
    ensure_schema(c)
    entities = [{"entity_id": k, "name": n, "label": lab} for k, (n, lab) in ENTITIES.items()]
    text = "." * 200
    docs = [
        doc("a", D1, text) | {"source": "wire", "language": "en"},
        doc("b", D1, text) | {"source": "daily", "language": "en"},
    ]
    a0 = claim("a-0", "a", D1, "front", "assert", (0, 50)) | {"content": "Sorvik has FALLEN."}
    b0 = claim("b-0", "b", D1, "front", "assert", (0, 50)) | {"content": "“Sorvik has fallen”"}
    b1 = claim("b-1", "b", D1, "council", "deny", (60, 90)) | {"content": "the claim"}
    replace_partition(
        c,
        D1,
        {
            "documents": docs,
            "claims": [a0, b0, b1],
            "mentions": [
                mention("a", "sorvik", 10, D1),
                mention("a", "ridge", 20, D1),
                mention("b", "sorvik", 10, D1),
                mention("b", "sorvik", 100, D1),
            ],
            "fetch_log": [
                {
                    "url": u,
                    "source": s,
                    "partition_date": D1,
                    "status": st,
                    "fetched_at": datetime(2026, 5, 1),
                }
                for u, s, st in [
                    ("1", "wire", "ok"),
                    ("2", "wire", "timeout"),
                    ("3", "wire", "timeout"),
                    ("4", "daily", "ok"),
                    ("5", "daily", "duplicate"),
                ]
            ],
        },
        shared={"entities": entities},
    )
    entity = dict(
        c.execute("SELECT source, mentions FROM entity_daily WHERE entity = 'Sorvik'").fetchall()
    )
    assert entity == {"wire": 1, "daily": 2}
    speakers = c.execute(
        "SELECT speaker, claims, asserts, denials FROM speaker_daily ORDER BY speaker"
    ).fetchall()
    assert speakers == [("council", 1, 0, 1), ("front", 2, 2, 0)]
    top = c.execute(
        "SELECT content_key, repeats, sources FROM top_claims ORDER BY repeats DESC"
    ).fetchall()
    assert top[0] == ("sorvik has fallen", 2, 2)
    pairs = c.execute("SELECT entity_a, entity_b, claims FROM cooccurrence").fetchall()
    assert pairs == [("Ardun Ridge", "Sorvik", 1)] or pairs == [("Sorvik", "Ardun Ridge", 1)]
    coverage = {
        row[0]: row[1:]
        for row in c.execute(
            "SELECT source, attempted, stored, duplicates, failures, failures_by_reason,"
            " languages FROM source_coverage"
        ).fetchall()
    }
    assert coverage["wire"] == (3, 1, 0, 2, "timeout 2", "en 1")
    assert coverage["daily"] == (2, 1, 1, 0, None, "en 1")
    c.close()
