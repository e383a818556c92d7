-- Mentions per day of the given entities between $start and $day (inclusive).
-- Days without a mention have no row; the caller fills them with zero.
SELECT day, entity_id, sum(mentions)::BIGINT AS mentions
FROM entity_daily
WHERE list_contains($ids, entity_id) AND day BETWEEN $start AND $day
GROUP BY day, entity_id
ORDER BY day, entity_id;
