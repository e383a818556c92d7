"""A DuckDB file at analyst scale, through the project's own schema, for bench/sql_timing.py.

    python bench/generate_db.py OUT.duckdb [--claims 1000000] [--mentions 5000000]

365 days x 200 sources; 5 claims and 25 mentions per document on average (so 200k
documents for 1M claims); entity frequencies Zipf-like (an entity's rank is drawn as
floor(E^u) for uniform u, so frequency falls off as 1/rank, the shape of real news
where a few actors dominate); speakers drawn the same way from the person entities;
stances 80 % assert, 8 % deny, 12 % other; a quarter of denials linked in-document to an
earlier claim of their document; mentions placed inside claim content spans about half
the time so claim_entities, cooccurrence and contested_claims have real work. Tables and
views come from pipeline.store.ensure_schema; rows are generated in SQL inside DuckDB (a
million rows in seconds; deterministic via setseed); the summary tables are then built
by refresh_all_summaries: the per-day ones by the statements the claims stage runs for
its day in its write transaction, here over all days at once; then the totals over all
days, and the contested pairs a day at a time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from pipeline.store import ensure_schema

DAYS = 365
SOURCES = 200
ENTITIES = 100_000
FIRST_DAY = "2025-01-01"


def generate(path: Path, claims: int, mentions: int) -> None:
    path.unlink(missing_ok=True)
    docs = max(1, claims // 5)
    per_doc_mentions = max(1, mentions // docs)
    conn = duckdb.connect(str(path))
    ensure_schema(conn)
    conn.execute("SELECT setseed(0.42)")
    conn.execute(
        f"""
        INSERT INTO entities
        SELECT 'e' || i, CASE i % 3 WHEN 0 THEN 'Person ' WHEN 1 THEN 'Org ' ELSE 'Place ' END
                          || i,
               CASE i % 3 WHEN 0 THEN 'person' WHEN 1 THEN 'organization' ELSE 'place' END
        FROM range(1, {ENTITIES} + 1) AS t(i)
        """
    )
    conn.execute(
        f"""
        INSERT INTO documents
        SELECT 'd' || i, 'https://s' || (i % {SOURCES}) || '.example/' || i,
               'https://s' || (i % {SOURCES}) || '.example/' || i, 'source-' || (i % {SOURCES}),
               'Title ' || i, NULL,
               -- published_at: the ingest day or up to two days before; one page in ten
               -- gives no date (the *_published_daily views count it on its ingest day).
               CASE WHEN i % 10 = 0 THEN NULL
                    ELSE DATE '{FIRST_DAY}' + (i % {DAYS})::INTEGER - (i % 3)::INTEGER END,
               NULL, CASE WHEN i % 20 = 0 THEN 'de' ELSE 'en' END,
               repeat('x', 2000), md5(i::VARCHAR), DATE '{FIRST_DAY}' + (i % {DAYS})::INTEGER,
               TIMESTAMP '2025-01-01' + INTERVAL (i % {DAYS}) DAY,
               NULL, NULL  -- story_id (each its own story), minhash
        FROM range({docs}) AS t(i)
        """
    )
    conn.execute(
        """
        INSERT INTO fetch_log
        SELECT url, source, partition_date,
               CASE WHEN random() < 0.9 THEN 'ok' WHEN random() < 0.5 THEN 'timeout'
                    ELSE 'http_error' END,
               200, NULL, url, doc_id, fetched_at
        FROM documents
        """
    )
    # Claims: 5 per document on average, each with a 150-character content span at
    # 300*n in the document; speakers and the words of the content Zipf-distributed.
    conn.execute(
        f"""
        INSERT INTO claims
        WITH c AS (
            SELECT d.doc_id, d.partition_date, n,
                   floor(pow({ENTITIES // 3}, random()))::INTEGER * 3 AS speaker_rank,
                   random() AS r
            FROM documents AS d, range(5) AS t(n)
        )
        SELECT doc_id || '-' || lpad(n::VARCHAR, 3, '0'), doc_id, n * 2,
               'Person ' || speaker_rank, 'e' || speaker_rank, 'Person ' || speaker_rank,
               n * 300, n * 300 + 12, NULL, NULL,
               CASE WHEN r < 0.80 THEN 'say' WHEN r < 0.88 THEN 'deny' ELSE 'warn' END,
               CASE WHEN r < 0.80 THEN 'assert' WHEN r < 0.88 THEN 'deny' ELSE 'warn' END,
               'The ' || (floor(pow(5000, random()))::INTEGER) || ' plan will cost '
                   || (floor(pow(1000, random()))::INTEGER) || ' million, officials say',
               n * 300 + 20, n * 300 + 170,
               CASE WHEN r < 0.5 THEN 'indirect' ELSE 'direct' END,
               CASE WHEN r >= 0.80 AND r < 0.82 AND n > 0
                    THEN doc_id || '-' || lpad((n - 1)::VARCHAR, 3, '0') END,
               partition_date, 'speech', 'rule', 1.0  -- act, method, confidence
        FROM c
        """
    )
    # Mentions: half inside a claim's content span, half elsewhere in the text.
    conn.execute(
        f"""
        INSERT INTO mentions
        WITH m AS (
            SELECT d.doc_id, d.partition_date, k,
                   floor(pow({ENTITIES}, random()))::INTEGER AS rank, random() AS r
            FROM documents AS d, range({per_doc_mentions}) AS t(k)
        )
        SELECT doc_id, 'e' || rank, 'E' || rank,
               CASE rank % 3 WHEN 0 THEN 'person' WHEN 1 THEN 'organization' ELSE 'place' END,
               NULL,
               CASE WHEN r < 0.5 THEN (k % 5) * 300 + 25 + (k * 7) % 120
                    ELSE 1500 + k * 20 END AS s,
               CASE WHEN r < 0.5 THEN (k % 5) * 300 + 25 + (k * 7) % 120 + 10
                    ELSE 1500 + k * 20 + 10 END,
               partition_date
        FROM m
        """
    )
    conn.execute(
        """
        INSERT INTO entity_aliases
        SELECT DISTINCT entity_id, text, doc_id, partition_date FROM mentions
        """
    )
    refresh_all(conn)
    conn.execute("CHECKPOINT")
    conn.close()


def refresh_all(conn: duckdb.DuckDBPyConnection) -> None:
    """Build the summary tables from the generated base tables."""
    from pipeline.store.writes import refresh_all_summaries

    started = time.perf_counter()
    days = refresh_all_summaries(conn)
    print(f"summaries for {days} days in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--mentions", type=int, default=5_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.out, args.claims, args.mentions)
    conn = duckdb.connect(str(args.out), read_only=True)
    for table in ("documents", "claims", "mentions", "entities", "entity_aliases", "fetch_log"):
        (n,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        print(f"{table:15} {n:>10,}")
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
