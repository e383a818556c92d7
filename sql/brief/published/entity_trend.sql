-- entity_trend.sql by publication day (entity_published_daily).
SELECT day, entity_id, sum(mentions)::BIGINT AS mentions
FROM entity_published_daily
WHERE list_contains($ids, entity_id) AND day BETWEEN $start AND $day
GROUP BY day, entity_id
ORDER BY day, entity_id;
