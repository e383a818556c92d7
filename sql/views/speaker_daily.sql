-- Claims per speaker per day, by stance. Unresolved speakers appear under their raw text
-- with a NULL speaker_entity_id.
CREATE OR REPLACE VIEW speaker_daily AS
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
WHERE c.speaker IS NOT NULL
GROUP BY ALL;
