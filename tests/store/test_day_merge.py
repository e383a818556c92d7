"""The day-level entity merge (sql/store/entities/day_merge*.sql) on a real DuckDB file,
with rows the real model (en_core_web_sm) annotated: a surname joins the day's one full
name, two different Smiths stay apart, and a run rewrites only its own sources' rows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from spacy.language import Language

from pipeline.annotate import annotate
from pipeline.stages.annotations import document_rows
from pipeline.store import ensure_schema, replace_partition

DAY = date(2026, 3, 2)
Texts = dict[str, str]


@pytest.fixture
def conn(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(tmp_path / "merge.duckdb"))
    ensure_schema(connection)
    return connection


def write(conn: duckdb.DuckDBPyConnection, nlp: Language, source: str, texts: Texts) -> None:
    """Annotate ``texts`` (doc_id -> text) and write them as the day's rows of ``source``."""
    tables: dict[str, list[dict[str, Any]]] = {
        "documents": [], "mentions": [], "entity_aliases": [], "claims": []
    }  # fmt: skip
    entities: dict[str, dict[str, Any]] = {}
    for doc_id, text in texts.items():
        url = f"http://{source}.example/{doc_id}"
        tables["documents"].append(
            {"doc_id": doc_id, "url": url, "canonical_url": url, "source": source,
             "title": doc_id, "language": "en", "text": text, "content_hash": doc_id,
             "partition_date": DAY, "fetched_at": datetime(2026, 3, 2, 6)}
        )  # fmt: skip
    for ann in annotate(((d, t, "en") for d, t in texts.items()), nlp):
        rows = document_rows(ann, DAY)
        for table in ("mentions", "entity_aliases", "claims"):
            tables[table] += getattr(rows, table)
        for e in rows.entities:
            entities.setdefault(e["entity_id"], e)
    replace_partition(
        conn, DAY, tables, shared={"entities": list(entities.values())}, sources=[source]
    )


def entity_of(conn: duckdb.DuckDBPyConnection, doc_id: str, text: str) -> str:
    """The name of the entity the mentions of ``text`` in ``doc_id`` point at."""
    names = conn.execute(
        "SELECT DISTINCT e.name FROM mentions m JOIN entities e USING (entity_id) "
        "WHERE m.doc_id = ? AND m.text = ?",
        [doc_id, text],
    ).fetchall()
    assert len(names) == 1, names
    return str(names[0][0])


def speakers(conn: duckdb.DuckDBPyConnection, doc_id: str) -> set[str]:
    rows = conn.execute(
        "SELECT speaker_name FROM claims WHERE doc_id = ? AND speaker_name IS NOT NULL", [doc_id]
    ).fetchall()
    return {r[0] for r in rows}


FULL = "Donald Trump said on Monday that the tariffs would stay."
SURNAME = "Trump said the talks had failed. Mr. Trump added that he would travel to Ohio."


def test_a_surname_joins_the_days_one_full_name(conn, nlp: Language) -> None:
    write(conn, nlp, "wire", {"a": FULL, "b": SURNAME})
    assert entity_of(conn, "b", "Trump") == "Donald Trump"
    assert entity_of(conn, "b", "Mr. Trump") == "Donald Trump"
    assert speakers(conn, "b") == {"Donald Trump"}
    # entity_aliases keeps every surface form, now under the one entity.
    aliases = conn.execute(
        "SELECT DISTINCT a.alias FROM entity_aliases a JOIN entities e USING (entity_id) "
        "WHERE e.name = 'Donald Trump' ORDER BY 1"
    ).fetchall()
    assert [a for (a,) in aliases] == ["Donald Trump", "Mr. Trump", "Trump"]
    # The brief's people: one row for him.
    people = conn.execute(
        "SELECT count(DISTINCT entity_id) FROM mentions WHERE label = 'person' "
        "AND partition_date = ?",
        [DAY],
    ).fetchone()
    assert people == (1,)


def test_two_different_smiths_block_the_merge(conn, nlp: Language) -> None:
    write(
        conn,
        nlp,
        "wire",
        {
            "a": "John Smith said the bridge would reopen in May.",
            "b": "Jane Smith said the school would close.",
            "c": "Smith said the budget was too small.",
        },
    )
    assert entity_of(conn, "a", "John Smith") == "John Smith"
    assert entity_of(conn, "b", "Jane Smith") == "Jane Smith"
    assert entity_of(conn, "c", "Smith") == "Smith"


def test_a_run_rewrites_only_its_own_sources_rows(conn, nlp: Language) -> None:
    # The surname-only page is written first, when the day has no full name for it.
    write(conn, nlp, "blog", {"b": SURNAME})
    write(conn, nlp, "wire", {"a": FULL})
    assert entity_of(conn, "b", "Trump") == "Trump"  # the blog's rows are the blog's
    write(conn, nlp, "blog", {"b": SURNAME})  # its rerun sees the day's full name
    assert entity_of(conn, "b", "Trump") == "Donald Trump"
    assert entity_of(conn, "a", "Donald Trump") == "Donald Trump"


def test_variants_are_one_entity_across_documents(conn, nlp: Language) -> None:
    write(
        conn,
        nlp,
        "wire",
        {
            "a": "The U.S. imposed new tariffs on steel.",
            "b": "The United States imposed new tariffs on steel.",
        },
    )
    assert entity_of(conn, "a", "U.S.") == entity_of(conn, "b", "United States") == "United States"
