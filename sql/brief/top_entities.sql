-- The day's most-mentioned entities (all sources together).
-- $day: the partition date; $limit: how many rows.
SELECT
    entity_id,
    entity,
    label,
    sum(mentions)::BIGINT   AS mentions,
    sum(documents)::BIGINT  AS documents,   -- a document has one source, so the sum is exact
    count(DISTINCT source)  AS sources
FROM entity_daily
WHERE day = $day
GROUP BY entity_id, entity, label
ORDER BY mentions DESC, documents DESC, entity
LIMIT $limit;
