-- speaker_daily by publication day: claims per speaker per day on which their documents
-- were published (documents.published_at; the ingest day for a page without a date,
-- counted in undated). The same columns and the same counting as speaker_daily (each
-- story once: distinct (story, stance, normalised words)).
--
-- A plain view over claims and documents, not materialized like speaker_daily: a day's
-- rows gather claims from any ingest day, which the per-ingest-day rewrite of the
-- summaries cannot keep exact cheaply. Filter on day: the filter reaches the documents
-- scan. Its cost at 1M claims is in docs/PERFORMANCE.md (bench/sql_timing.py).
CREATE OR REPLACE VIEW speaker_published_daily AS
WITH keyed AS (
    SELECT
        -- The document's days (a claim is stored on its document's day): a filter on
        -- day then narrows the documents before the join.
        coalesce(d.published_at, d.partition_date) AS day,
        c.speaker_entity_id,
        coalesce(c.speaker_name, c.speaker)        AS speaker,
        c.stance,
        c.doc_id,
        d.source,
        d.published_at IS NULL                     AS undated,
        coalesce(d.story_id, c.doc_id)             AS story_id,
        trim(regexp_replace(
            regexp_replace(lower(c.content), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        ))                                         AS content_key
    FROM claims AS c
    JOIN documents AS d ON d.doc_id = c.doc_id
    WHERE c.speaker IS NOT NULL
)
SELECT
    day,
    speaker_entity_id,
    speaker,
    count(DISTINCT (story_id, stance, content_key))                      AS claims,
    count(DISTINCT (story_id, content_key)) FILTER (stance = 'assert')   AS asserts,
    count(DISTINCT (story_id, content_key)) FILTER (stance = 'deny')     AS denials,
    count(DISTINCT (story_id, stance, content_key))
        FILTER (stance NOT IN ('assert', 'deny'))                        AS other_stances,
    count(DISTINCT doc_id)                                               AS documents,
    count(DISTINCT story_id)                                             AS stories,
    count(*)                                                             AS copies,
    count(DISTINCT source)                                               AS sources,
    count(DISTINCT doc_id) FILTER (undated)                              AS undated_documents
FROM keyed
GROUP BY day, speaker_entity_id, speaker;
