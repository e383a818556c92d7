"""Sources own their rows: a write for a day's sources replaces only those sources' rows.

Two sources written for the same day, one after the other, both stay; rewriting one with
fewer documents changes only its rows, and the mentions, claims and aliases of the
documents it dropped go with them. The same through replace_partition (rows in memory)
and through a staging area's commit, on real DuckDB files; the analyst views still equal
their definitions over the base tables.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.store import ensure_schema, replace_partition
from pipeline.store.staging import Staging
from tests.store.test_staging import DAY, DAY_TABLES, OTHER, day_rows
from tests.store.test_summaries import assert_views_match

Rows = dict[str, list[dict[str, Any]]]
OWNED_BY_SOURCE = ("documents", "fetch_log")
OWNED_BY_DOCUMENT = ("entity_aliases", "mentions", "claims")


def source_rows(rng: random.Random, day: date, source: str, docs: int) -> Rows:
    """day_rows of one source: its own doc ids, URLs, texts and source column."""
    rows = day_rows(rng, day, docs)
    for table in DAY_TABLES:
        for row in rows[table]:
            row["doc_id"] = f"{source}-{row['doc_id']}"
            if "source" in row:
                row["source"] = source
            if "url" in row:
                row["url"] = row["url"].replace("news.example", f"{source}.example")
            if table == "documents":
                row["canonical_url"] = row["url"]
                row["content_hash"] = f"{source}-{row['content_hash']}"
            if table == "claims":
                row["claim_id"] = f"{source}-{row['claim_id']}"
                if row["denies_claim_id"]:
                    row["denies_claim_id"] = f"{source}-{row['denies_claim_id']}"
    return rows


def fewer(rows: Rows, keep: int) -> Rows:
    """The same source's rows with only its first ``keep`` documents."""
    kept = {d["doc_id"] for d in rows["documents"][:keep]}
    out = {t: [r for r in rows[t] if r["doc_id"] in kept] for t in DAY_TABLES}
    out["entities"] = rows["entities"]
    return out


def write_with_replace(conn: duckdb.DuckDBPyConnection, rows: Rows, source: str) -> None:
    replace_partition(
        conn,
        DAY,
        {t: rows[t] for t in DAY_TABLES},
        shared={"entities": rows["entities"]},
        sources=[source],
    )


def write_with_staging(conn: duckdb.DuckDBPyConnection, rows: Rows, source: str) -> None:
    with Staging() as staging:
        for table in (*DAY_TABLES, "entities"):
            staging.add(table, rows[table])
        staging.commit(conn, DAY, DAY_TABLES, shared=("entities",), sources=[source])


def rows_of(conn: duckdb.DuckDBPyConnection, source: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every column of every row of DAY of ``source`` in each per-day table, sorted."""
    out = {}
    for table in OWNED_BY_SOURCE:
        out[table] = conn.execute(
            f"SELECT * FROM {table} WHERE partition_date = ? AND source = ? ORDER BY ALL",
            [DAY, source],
        ).fetchall()
    for table in OWNED_BY_DOCUMENT:
        out[table] = conn.execute(
            f"SELECT * FROM {table} WHERE partition_date = ? AND doc_id LIKE ? ORDER BY ALL",
            [DAY, f"{source}-%"],
        ).fetchall()
    return out


def expected(rows: Rows) -> dict[str, list[tuple[Any, ...]]]:
    """What ``rows`` alone look like once written (a database of just them)."""
    with duckdb.connect() as conn:
        ensure_schema(conn)
        replace_partition(conn, DAY, {t: rows[t] for t in DAY_TABLES})
        source = rows["documents"][0]["source"]
        return rows_of(conn, source)


@pytest.mark.parametrize("write", [write_with_replace, write_with_staging])
def test_a_rerun_replaces_only_the_rows_of_its_sources(tmp_path: Path, write: Any) -> None:
    rng = random.Random(11)
    alpha, beta = source_rows(rng, DAY, "alpha", 6), source_rows(rng, DAY, "beta", 5)
    other_day = source_rows(rng, OTHER, "alpha", 3)
    conn = duckdb.connect(str(tmp_path / "news.duckdb"))
    ensure_schema(conn)
    write(conn, alpha, "alpha")
    replace_partition(conn, OTHER, {t: other_day[t] for t in DAY_TABLES}, sources=["alpha"])
    write(conn, beta, "beta")
    # Both sources' rows of the day survive, each exactly as written.
    assert rows_of(conn, "alpha") == expected(alpha)
    assert rows_of(conn, "beta") == expected(beta)
    assert_views_match(conn)
    beta_before = rows_of(conn, "beta")

    # alpha again, with fewer documents: only alpha's rows change.
    dropped = {d["doc_id"] for d in alpha["documents"][2:]}
    write(conn, fewer(alpha, 2), "alpha")
    assert rows_of(conn, "beta") == beta_before
    assert rows_of(conn, "alpha") == expected(fewer(alpha, 2))
    for table in OWNED_BY_DOCUMENT:
        left = conn.execute(
            f"SELECT count(*) FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(dropped)],
        ).fetchone()
        assert left == (0,), table
    other = conn.execute("SELECT count(*) FROM claims WHERE partition_date = ?", [OTHER])
    assert other.fetchone() == (len(other_day["claims"]),)  # another day is untouched
    assert_views_match(conn)

    # The same rerun again changes nothing: no duplicates.
    before = {s: rows_of(conn, s) for s in ("alpha", "beta")}
    write(conn, fewer(alpha, 2), "alpha")
    assert {s: rows_of(conn, s) for s in ("alpha", "beta")} == before
    conn.close()


def test_rows_of_documents_no_longer_stored_go_with_any_source(tmp_path: Path) -> None:
    # Mentions whose document is gone (the documents step of their source ran again and
    # dropped it) belong to no other source: the next annotations commit takes them away.
    rng = random.Random(5)
    alpha, beta = source_rows(rng, DAY, "alpha", 4), source_rows(rng, DAY, "beta", 4)
    conn = duckdb.connect(str(tmp_path / "news.duckdb"))
    ensure_schema(conn)
    write_with_replace(conn, alpha, "alpha")
    write_with_replace(conn, beta, "beta")
    replace_partition(conn, DAY, {"documents": alpha["documents"][:1]}, sources=["alpha"])
    annotated = {t: [r for r in alpha[t] if r["doc_id"] == alpha["documents"][0]["doc_id"]]
                 for t in OWNED_BY_DOCUMENT}  # fmt: skip
    replace_partition(conn, DAY, annotated, sources=["alpha"])
    kept = {alpha["documents"][0]["doc_id"]}
    for table in OWNED_BY_DOCUMENT:
        alpha_docs = conn.execute(
            f"SELECT DISTINCT doc_id FROM {table} WHERE doc_id LIKE 'alpha-%'"
        ).fetchall()
        assert {d for (d,) in alpha_docs} <= kept, table
        n_beta = conn.execute(f"SELECT count(*) FROM {table} WHERE doc_id LIKE 'beta-%'")
        assert n_beta.fetchone() == (len(beta[table]),), table
    conn.close()


def test_without_sources_a_write_replaces_the_whole_day(tmp_path: Path) -> None:
    rng = random.Random(2)
    alpha, beta = source_rows(rng, DAY, "alpha", 3), source_rows(rng, DAY, "beta", 3)
    conn = duckdb.connect(str(tmp_path / "news.duckdb"))
    ensure_schema(conn)
    write_with_replace(conn, alpha, "alpha")
    replace_partition(conn, DAY, {t: beta[t] for t in DAY_TABLES})
    assert all(rows == [] for rows in rows_of(conn, "alpha").values())
    conn.close()
