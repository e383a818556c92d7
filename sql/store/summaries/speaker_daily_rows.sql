-- Days $first..$last of speaker_daily (the view's former definition, restricted to those
-- days): one day when a day is written, all days when refresh_all_summaries rebuilds.
INSERT INTO speaker_daily_rows
SELECT
    c.partition_date                       AS day,
    c.speaker_entity_id,
    coalesce(c.speaker_name, c.speaker)    AS speaker,
    count(*)                               AS claims,
    count(*) FILTER (c.stance = 'assert')  AS asserts,
    count(*) FILTER (c.stance = 'deny')    AS denials,
    count(*) FILTER (c.stance NOT IN ('assert', 'deny')) AS other_stances,
    count(DISTINCT c.doc_id)               AS documents
FROM claims AS c
WHERE c.speaker IS NOT NULL AND c.partition_date BETWEEN $first AND $last
GROUP BY ALL
-- In day order: a rebuild of all days leaves each day in a few row groups, which the
-- next rewrite of one day finds by zone map.
ORDER BY day
