-- Days $first..$last of top_claims' input rows: the normalised content key of each claim
-- (the view's former normalisation, per day; empty keys dropped as it did).
INSERT INTO claim_keys
-- MATERIALIZED keeps the empty-key filter out of the claims scan: pushed down there, the
-- two regular expressions ran on every stored claim before the day filter (3 s a day at
-- 1M claims, EXPLAIN ANALYZE) instead of on the day's claims only.
WITH keyed AS MATERIALIZED (
    SELECT
        trim(regexp_replace(
            regexp_replace(lower(c.content), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        )) AS content_key,
        c.content,
        d.source,
        c.doc_id,
        coalesce(c.speaker_name, c.speaker) AS speaker,
        c.partition_date,
        coalesce(d.story_id, d.doc_id) AS story_id
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
    WHERE c.partition_date BETWEEN $first AND $last
      AND d.partition_date BETWEEN $first AND $last  -- a claim's document is on its day
)
SELECT content_key, content, source, doc_id, speaker, partition_date, story_id
FROM keyed
WHERE length(content_key) > 0
-- In day order (a rebuild of all days leaves each day in a few row groups, which the
-- statements for one day skip to by zone map), then by key.
ORDER BY partition_date, content_key
