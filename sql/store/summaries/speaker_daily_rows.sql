-- Days $first..$last of speaker_daily: one day when a day is written, all days when
-- refresh_all_summaries rebuilds.
--
-- Each story counts once (documents.story_id, pipeline/stories/): a claim is the same in
-- every copy of a story that carries it — the same normalised words (as claim_keys.sql),
-- with the same stance — so claims, asserts, denials and other_stances count the distinct
-- (story, stance, words) of the day. copies counts the claims in every copy (a story run
-- by 50 sites counts 50 times there), documents and sources the copies and outlets.
INSERT INTO speaker_daily_rows
-- MATERIALIZED, as in claim_keys.sql: the regular expressions run on the day's claims only.
WITH keyed AS MATERIALIZED (
    SELECT
        c.partition_date                       AS day,
        c.speaker_entity_id,
        coalesce(c.speaker_name, c.speaker)    AS speaker,
        c.stance,
        c.doc_id,
        d.source,
        -- A claim whose document is not stored (written alone) is its own story.
        coalesce(d.story_id, c.doc_id)         AS story_id,
        trim(regexp_replace(
            regexp_replace(lower(c.content), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        ))                                     AS content_key
    FROM claims AS c
    LEFT JOIN documents AS d
      ON d.doc_id = c.doc_id
     AND d.partition_date BETWEEN $first AND $last  -- a claim's document is on its day
    WHERE c.speaker IS NOT NULL AND c.partition_date BETWEEN $first AND $last
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
    count(DISTINCT source)                                               AS sources
FROM keyed
GROUP BY ALL
-- In day order: a rebuild of all days leaves each day in a few row groups, which the
-- next rewrite of one day finds by zone map.
ORDER BY day
