-- One day of speaker_daily (the view's former definition, restricted to $day).
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
WHERE c.speaker IS NOT NULL AND c.partition_date = $day
GROUP BY ALL
