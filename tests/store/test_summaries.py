"""The materialized summaries answer exactly what the views' former definitions did.

The analyst views (claim_entities, entity_daily, speaker_daily, top_claims,
contested_claims, cooccurrence, and the later contested_daily and source_speakers) read
summary tables that replace_partition rewrites with the day's rows
(pipeline/store/writes.py): per-day tables, and totals over all days adjusted around each
day's rewrite. Here random small days are written through replace_partition — including
rewrites of a middle day, of a day emptied, and of random days in turn, which must
refresh contested pairs that cross into the neighbouring days and take a day's old
contribution out of the totals — and every view is compared with its definition over the
base tables, below: the views' former text from sql/views/ as it was before the summaries
(the two later views: the example queries they were taken from), with stories counted
once where the views now count them so (speaker_daily, entity_daily, top_claims,
contested_claims, contested_daily: documents.story_id, pipeline/stories/). The example
queries rewritten onto those views are compared with their former text the same way.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline.store import SQL_DIR, ensure_schema, replace_partition
from pipeline.store.writes import (
    CROSS_DAY_TABLES,
    SUMMARY_TABLES,
    TOTAL_TABLES,
    refresh_all_summaries,
)

REFERENCE = {
    "claim_entities": """

SELECT DISTINCT
    c.claim_id,
    c.doc_id,
    m.entity_id,
    e.name  AS entity_name,
    e.label AS entity_label
FROM claims AS c
JOIN mentions AS m
  ON m.doc_id = c.doc_id
 AND m.start_char >= c.content_start
 AND m.end_char <= c.content_end
JOIN entities AS e USING (entity_id)
""",
    "entity_daily": """

SELECT
    m.partition_date AS day,
    d.source,
    m.entity_id,
    e.name           AS entity,
    e.label,
    count(*)                 AS mentions,
    count(DISTINCT m.doc_id) AS documents,
    count(DISTINCT coalesce(d.story_id, d.doc_id)) AS stories
FROM mentions AS m
JOIN documents AS d USING (doc_id)
JOIN entities AS e USING (entity_id)
GROUP BY ALL
""",
    # A claim of a story: its normalised words and stance, in any copy of the story.
    "speaker_daily": """

WITH keyed AS (
    SELECT
        c.*,
        d.source,
        coalesce(d.story_id, c.doc_id) AS story_id,
        trim(regexp_replace(
            regexp_replace(lower(c.content), '[^a-z0-9 ]+', ' ', 'g'), '\\s+', ' ', 'g'
        )) AS content_key
    FROM claims AS c
    LEFT JOIN documents AS d USING (doc_id)
)
SELECT
    partition_date                       AS day,
    speaker_entity_id,
    coalesce(speaker_name, speaker)      AS speaker,
    count(DISTINCT (story_id, stance, content_key)) AS claims,
    count(DISTINCT (story_id, stance, content_key)) FILTER (stance = 'assert')  AS asserts,
    count(DISTINCT (story_id, stance, content_key)) FILTER (stance = 'deny')    AS denials,
    count(DISTINCT (story_id, stance, content_key))
        FILTER (stance NOT IN ('assert', 'deny')) AS other_stances,
    count(DISTINCT doc_id)               AS documents,
    count(DISTINCT story_id)             AS stories,
    count(*)                             AS copies,
    count(DISTINCT source)               AS sources
FROM keyed
WHERE speaker IS NOT NULL
GROUP BY ALL
""",
    "top_claims": """

WITH normalised AS (
    SELECT
        c.*,
        d.source,
        coalesce(d.story_id, d.doc_id) AS story_id,
        trim(regexp_replace(
            regexp_replace(lower(c.content), '[^a-z0-9 ]+', ' ', 'g'), '\\s+', ' ', 'g'
        )) AS content_key
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
)
SELECT
    content_key,
    any_value(content ORDER BY length(content) DESC, content) AS content,
    count(*)                                         AS repeats,
    count(DISTINCT source)                           AS sources,
    count(DISTINCT doc_id)                           AS documents,
    string_agg(DISTINCT coalesce(speaker_name, speaker), ', ') AS speakers,
    min(partition_date)                              AS first_day,
    max(partition_date)                              AS last_day,
    count(DISTINCT story_id)                         AS stories
FROM normalised
WHERE length(content_key) > 0
GROUP BY content_key
""",
    "contested_claims": """

WITH in_document AS (
    SELECT a.claim_id AS claim_id, d.claim_id AS denial_id, 'in_document' AS link
    FROM claims AS d
    JOIN claims AS a ON a.claim_id = d.denies_claim_id
),
stories AS (
    SELECT c.claim_id, coalesce(doc.story_id, c.doc_id) AS story_id
    FROM claims AS c
    LEFT JOIN documents AS doc USING (doc_id)
),
shared AS (
    SELECT a.claim_id AS claim_id, d.claim_id AS denial_id, count(*) AS shared_entities
    FROM claims AS d
    JOIN ref_claim_entities AS de ON de.claim_id = d.claim_id
    JOIN ref_claim_entities AS ae ON ae.entity_id = de.entity_id
    JOIN claims AS a ON a.claim_id = ae.claim_id
    JOIN stories AS ds ON ds.claim_id = d.claim_id
    JOIN stories AS as_ ON as_.claim_id = a.claim_id
    WHERE d.stance = 'deny'
      AND a.stance = 'assert'
      AND abs(date_diff('day', a.partition_date, d.partition_date)) <= 3
      AND a.speaker_entity_id IS DISTINCT FROM d.speaker_entity_id
      AND as_.story_id <> ds.story_id
    GROUP BY ALL
),
cross_document AS (
    SELECT s.claim_id, s.denial_id, 'cross_document' AS link
    FROM shared AS s
    JOIN claims AS a ON a.claim_id = s.claim_id
    WHERE s.shared_entities >= 2
       OR (s.shared_entities >= 1 AND EXISTS (
              SELECT 1 FROM ref_claim_entities AS named
              WHERE named.claim_id = s.denial_id AND named.entity_id = a.speaker_entity_id))
),
links AS (
    SELECT * FROM in_document
    UNION ALL
    SELECT * FROM cross_document
    WHERE denial_id NOT IN (SELECT denial_id FROM in_document)
)
SELECT
    l.link,
    a.claim_id,
    coalesce(a.speaker_name, a.speaker)  AS claimant,
    a.speaker_entity_id                  AS claimant_entity_id,
    a.cue                                AS claim_cue,
    a.content                            AS claim,
    a.doc_id                             AS claim_doc_id,
    a.partition_date                     AS claim_date,
    d.claim_id                           AS denial_id,
    coalesce(d.speaker_name, d.speaker)  AS denier,
    d.speaker_entity_id                  AS denier_entity_id,
    d.cue                                AS denial_cue,
    d.content                            AS denial,
    d.doc_id                             AS denial_doc_id,
    d.partition_date                     AS denial_date,
    doc.source                           AS denial_source,
    doc.title                            AS denial_title,
    s.story_id                           AS claim_story_id,
    coalesce(doc.story_id, doc.doc_id)   AS denial_story_id
FROM links AS l
JOIN claims AS a ON a.claim_id = l.claim_id
JOIN claims AS d ON d.claim_id = l.denial_id
JOIN documents AS doc ON doc.doc_id = d.doc_id
JOIN stories AS s ON s.claim_id = a.claim_id
""",
    "source_speakers": """

SELECT
    d.source,
    coalesce(c.speaker_name, c.speaker)  AS speaker,
    count(*)                             AS claims,
    count(*) FILTER (stance = 'assert')  AS asserts,
    count(*) FILTER (stance = 'deny')    AS denials
FROM claims AS c
JOIN documents AS d USING (doc_id)
WHERE c.speaker IS NOT NULL
GROUP BY ALL
""",
    "contested_daily": """

WITH keyed AS (
    SELECT
        *,
        trim(regexp_replace(
            regexp_replace(lower(claim), '[^a-z0-9 ]+', ' ', 'g'), '\\s+', ' ', 'g'
        )) AS claim_key,
        trim(regexp_replace(
            regexp_replace(lower(denial), '[^a-z0-9 ]+', ' ', 'g'), '\\s+', ' ', 'g'
        )) AS denial_key
    FROM ref_contested_claims
)
SELECT
    denial_date                         AS day,
    count(DISTINCT (claim_story_id, claim_key))   AS contested_claims,
    count(DISTINCT (denial_story_id, denial_key)) AS denials,
    string_agg(DISTINCT denier, ', ')   AS deniers,
    string_agg(DISTINCT claimant, ', ') AS claimants,
    count(*)                            AS copies,
    count(DISTINCT denial_source)       AS sources
FROM keyed
GROUP BY day
""",
    "cooccurrence": """

SELECT
    a.entity_id   AS entity_a_id,
    a.entity_name AS entity_a,
    b.entity_id   AS entity_b_id,
    b.entity_name AS entity_b,
    count(DISTINCT a.claim_id) AS claims
FROM ref_claim_entities AS a
JOIN ref_claim_entities AS b
  ON a.claim_id = b.claim_id AND a.entity_id < b.entity_id
GROUP BY ALL
""",
}

# The example queries as they were before they read contested_daily and source_speakers.
FORMER_EXAMPLES = {
    "contested_claims_per_day": """
WITH keyed AS (
    SELECT
        *,
        trim(regexp_replace(
            regexp_replace(lower(claim), '[^a-z0-9 ]+', ' ', 'g'), '\\s+', ' ', 'g'
        )) AS claim_key,
        trim(regexp_replace(
            regexp_replace(lower(denial), '[^a-z0-9 ]+', ' ', 'g'), '\\s+', ' ', 'g'
        )) AS denial_key
    FROM ref_contested_claims
)
SELECT
    denial_date                         AS day,
    count(DISTINCT (claim_story_id, claim_key))   AS contested_claims,
    count(DISTINCT (denial_story_id, denial_key)) AS denials,
    string_agg(DISTINCT denier, ', ')   AS deniers,
    string_agg(DISTINCT claimant, ', ') AS claimants
FROM keyed
GROUP BY day
ORDER BY day DESC;
""",
    "top_speakers_per_source": """
WITH per_speaker AS (
    SELECT
        d.source,
        coalesce(c.speaker_name, c.speaker)  AS speaker,
        count(*)                             AS claims,
        count(*) FILTER (stance = 'assert')  AS asserts,
        count(*) FILTER (stance = 'deny')    AS denials
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
    WHERE c.speaker IS NOT NULL
    GROUP BY ALL
)
SELECT source, speaker, claims, asserts, denials
FROM per_speaker
QUALIFY row_number() OVER (PARTITION BY source ORDER BY claims DESC, speaker) <= 5
ORDER BY source, claims DESC, speaker;
""",
}

DAYS = [date(2026, 4, 1) + timedelta(days=n) for n in range(6)]
ENTITIES = [(f"e{n}", f"Entity {n}", "person" if n % 2 else "organization") for n in range(9)]
# e6-e8 are rare, so their pairs, speakers and claims come and go with a day's rewrite: the
# totals must then drop rows, not just change counts.
WEIGHTS = [6] * 6 + [1] * 3
SOURCES = ("herald", "post", "wire")
CONTENTS = ("The dam will open", "the dam WILL open!", "Taxes rise", "No one was hurt", "")


def day_rows(rng: random.Random, day: date, docs: int) -> dict[str, list[dict]]:
    """A day's documents, mentions and claims, dense in shared entities and denials."""
    out: dict[str, list[dict]] = {"documents": [], "mentions": [], "claims": []}
    for d in range(docs):
        doc_id = f"{day:%m%d}-{d}"
        out["documents"].append(
            {
                "doc_id": doc_id,
                "url": f"http://x/{doc_id}",
                "canonical_url": f"http://x/{doc_id}",
                "source": rng.choice(SOURCES),
                "title": f"Story {doc_id}",
                "language": "en",
                "text": "x" * 400,
                "content_hash": doc_id,
                # Copies of a few stories, on this day and others; NULL: written without
                # the documents stage, its own story.
                "story_id": rng.choice([None, doc_id, "s1", "s2", f"{day:%m%d}-0"]),
                "partition_date": day,
                "fetched_at": datetime(2026, 4, 1),
            }
        )
        for m in range(rng.randint(2, 8)):
            start = rng.randrange(0, 380)
            out["mentions"].append(
                {
                    "doc_id": doc_id,
                    "entity_id": rng.choices(ENTITIES, WEIGHTS)[0][0],
                    "text": "E",
                    "label": "person",
                    "start_char": start,
                    "end_char": start + rng.randint(1, 15),
                    "partition_date": day,
                    "model_label": "PERSON" if m % 2 else None,
                }
            )
        for c in range(rng.randint(1, 4)):
            start = rng.randrange(0, 300)
            speaker = rng.choice([*rng.choices(ENTITIES, WEIGHTS, k=4), None])
            stance = rng.choice(["assert", "assert", "deny", "warn"])
            out["claims"].append(
                {
                    "claim_id": f"{doc_id}-{c:03d}",
                    "doc_id": doc_id,
                    "sentence_index": c,
                    "speaker": rng.choice(["he", "Entity 1", None, f"witness {rng.randint(0, 9)}"])
                    if speaker is None
                    else speaker[1],
                    "speaker_entity_id": speaker[0] if speaker else None,
                    "speaker_name": speaker[1] if speaker else None,
                    "cue": "say",
                    "stance": stance,
                    # Some contents only one day has: their top_claims group goes with it.
                    "content": rng.choice([*CONTENTS, f"On {day:%m%d}, {rng.randint(0, 3)}!"])
                    or "...",
                    "content_start": start,
                    "content_end": start + rng.randint(20, 100),
                    "kind": "indirect",
                    "denies_claim_id": (
                        f"{doc_id}-{c - 1:03d}"
                        if stance == "deny" and c and rng.random() < 0.5
                        else None
                    ),
                    "partition_date": day,
                }
            )
    return out


def write_day(conn: duckdb.DuckDBPyConnection, day: date, rows: dict[str, list[dict]]) -> None:
    entities = [{"entity_id": e, "name": n, "label": lab} for e, n, lab in ENTITIES]
    replace_partition(conn, day, {"documents": rows["documents"]})
    replace_partition(
        conn,
        day,
        {"mentions": rows["mentions"], "claims": rows["claims"]},
        shared={"entities": entities},
    )


def _names(joined: str | None) -> tuple[str, ...]:
    return tuple(sorted((joined or "").split(", ")))


def _normalise(view: str, row: tuple) -> tuple:
    # string_agg(DISTINCT ...) without ORDER BY, in the former definitions too: its order
    # is DuckDB's, so compare the sets of names.
    if view == "top_claims":
        return (*row[:5], _names(row[5]), *row[6:])
    if view in ("contested_daily", "contested_claims_per_day"):
        return (*row[:3], _names(row[3]), _names(row[4]), *row[5:])
    return row


def assert_views_match(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"CREATE OR REPLACE TEMP VIEW ref_claim_entities AS {REFERENCE['claim_entities']}")
    conn.execute(
        f"CREATE OR REPLACE TEMP VIEW ref_contested_claims AS {REFERENCE['contested_claims']}"
    )
    for view, reference in REFERENCE.items():
        got = sorted(
            (_normalise(view, r) for r in conn.execute(f"SELECT * FROM {view}").fetchall()),
            key=repr,
        )
        want = sorted((_normalise(view, r) for r in conn.execute(reference).fetchall()), key=repr)
        assert got == want, f"{view}: {len(got)} rows vs {len(want)} from its former definition"
    # The examples, in their own order (both ORDER BYs are total).
    for name, former in FORMER_EXAMPLES.items():
        text = (SQL_DIR / "examples" / f"{name}.sql").read_text(encoding="utf-8")
        got = [_normalise(name, r) for r in conn.execute(text).fetchall()]
        want = [_normalise(name, r) for r in conn.execute(former).fetchall()]
        assert got == want, f"example {name}: differs from its former text"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_views_equal_former_definitions_across_writes_and_rewrites(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    conn = duckdb.connect(str(tmp_path / "db.duckdb"))
    ensure_schema(conn)
    for day in DAYS:
        write_day(conn, day, day_rows(rng, day, docs=4))
    assert conn.execute("SELECT count(*) FROM contested_links").fetchone()[0] > 0
    assert_views_match(conn)
    # Rewrite a middle day: pairs crossing into days 1-5 must follow.
    write_day(conn, DAYS[3], day_rows(rng, DAYS[3], docs=5))
    assert_views_match(conn)
    # Empty a day: its summaries and every pair touching it go.
    write_day(conn, DAYS[2], {"documents": [], "mentions": [], "claims": []})
    assert_views_match(conn)
    # Random days rewritten in turn, larger, smaller, emptied or refilled: the totals
    # must lose each day's old rows and gain its new ones every time.
    for _ in range(4):
        day = rng.choice(DAYS)
        write_day(conn, day, day_rows(rng, day, docs=rng.randint(0, 6)))
        assert_views_match(conn)


def test_entity_names_do_not_depend_on_the_order_days_are_written(tmp_path: Path) -> None:
    # Each day knows every entity by a name of its own: ALL CAPS on some days (a dateline),
    # another spelling on others. The name kept must be the same whichever day comes first
    # (days run at once on the multiprocess executor), and the summaries that copy it follow.
    rng = random.Random(7)
    days = {day: day_rows(rng, day, docs=4) for day in DAYS}

    def names_of(n: int) -> list[dict]:
        return [
            {"entity_id": e, "label": lab, "name": (name.upper(), name, name + "s")[(n + i) % 3]}
            for i, (e, name, lab) in enumerate(ENTITIES)
        ]

    def write_all(path: Path, order: list[date]) -> duckdb.DuckDBPyConnection:
        conn = duckdb.connect(str(path))
        ensure_schema(conn)
        for day in order:
            replace_partition(conn, day, {"documents": days[day]["documents"]})
            replace_partition(
                conn,
                day,
                {"mentions": days[day]["mentions"], "claims": days[day]["claims"]},
                shared={"entities": names_of(DAYS.index(day))},
            )
        assert_views_match(conn)
        return conn

    forward = write_all(tmp_path / "forward.duckdb", list(DAYS))
    backward = write_all(tmp_path / "backward.duckdb", list(reversed(DAYS)))
    for table in ("entities", "claim_entities", "entity_daily", "cooccurrence"):
        query = f"SELECT * FROM {table} ORDER BY ALL"
        assert forward.execute(query).fetchall() == backward.execute(query).fetchall(), table
    names = dict(forward.execute("SELECT entity_id, name FROM entities").fetchall())
    # Mixed case wins over ALL CAPS, then the first in byte order.
    assert names == {e: name for e, name, _ in ENTITIES}


def test_refresh_all_summaries_rebuilds_a_database_written_before_them(tmp_path: Path) -> None:
    rng = random.Random(9)
    conn = duckdb.connect(str(tmp_path / "db.duckdb"))
    ensure_schema(conn)
    for day in DAYS[:4]:
        write_day(conn, day, day_rows(rng, day, docs=3))
    for table in (*(t for t, _ in SUMMARY_TABLES), *TOTAL_TABLES, *CROSS_DAY_TABLES):
        conn.execute(f"DELETE FROM {table}")
    assert refresh_all_summaries(conn) == 4
    assert_views_match(conn)


def test_summaries_from_older_code_are_rebuilt_by_the_next_write(tmp_path: Path) -> None:
    # A database whose summaries were built before the totals existed: per-day tables
    # there, totals empty, contested pairs without the copied columns, no version row.
    # Adjusting the totals by one day's rows would leave out every other day, so the next
    # write rebuilds all of them.
    rng = random.Random(11)
    conn = duckdb.connect(str(tmp_path / "db.duckdb"))
    # contested_links as that code made it: the pairs only, no copied columns.
    conn.execute(
        "CREATE TABLE contested_links (link VARCHAR NOT NULL, claim_id VARCHAR NOT NULL,"
        " denial_id VARCHAR NOT NULL, claim_date DATE NOT NULL, denial_date DATE NOT NULL)"
    )
    ensure_schema(conn)
    for day in DAYS[:4]:
        write_day(conn, day, day_rows(rng, day, docs=3))
    for table in (*TOTAL_TABLES, "summary_version", "speaker_source_daily_rows"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE contested_links SET claimant = NULL, denier = NULL, claim = NULL")
    write_day(conn, DAYS[1], day_rows(rng, DAYS[1], docs=4))
    assert conn.execute("SELECT count(*) FROM summary_version").fetchone()[0] == 1
    assert_views_match(conn)
