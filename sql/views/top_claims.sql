-- The same claim repeated across sources: claims grouped by normalised content
-- (lower case, punctuation and quote marks dropped, whitespace folded).
--
-- The normalisation (two regular expressions per claim) is done once per claim when its
-- day is written, into claim_keys (sql/store/summaries/claim_keys.sql), sorted by
-- content_key; the view groups those rows. Computing the keys per query cost seconds at
-- 1M claims (bench/sql_timing.py).
CREATE TABLE IF NOT EXISTS claim_keys (
    content_key    VARCHAR NOT NULL,
    content        VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    speaker        VARCHAR,
    partition_date DATE    NOT NULL
);
CREATE OR REPLACE VIEW top_claims AS
SELECT
    content_key,
    any_value(content ORDER BY length(content) DESC) AS content,
    count(*)                                         AS repeats,
    count(DISTINCT source)                           AS sources,
    count(DISTINCT doc_id)                           AS documents,
    string_agg(DISTINCT speaker, ', ')               AS speakers,
    min(partition_date)                              AS first_day,
    max(partition_date)                              AS last_day
FROM claim_keys
GROUP BY content_key;
