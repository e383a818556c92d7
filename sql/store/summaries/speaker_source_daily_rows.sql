-- Days $first..$last of claims per source and speaker: the grouping the former
-- sql/examples/top_speakers_per_source.sql did over all days, per day.
INSERT INTO speaker_source_daily_rows
SELECT
    c.partition_date                       AS day,
    d.source,
    coalesce(c.speaker_name, c.speaker)    AS speaker,
    count(*)                               AS claims,
    count(*) FILTER (c.stance = 'assert')  AS asserts,
    count(*) FILTER (c.stance = 'deny')    AS denials
FROM claims AS c
JOIN documents AS d USING (doc_id)
WHERE c.speaker IS NOT NULL
  AND c.partition_date BETWEEN $first AND $last
  AND d.partition_date BETWEEN $first AND $last  -- a claim's document is on the claim's day
GROUP BY ALL
-- In day order: a rebuild of all days leaves each day in a few row groups, which the
-- next rewrite of one day finds by zone map.
ORDER BY day
