-- One day of entity_daily (the view's former definition, restricted to $day).
INSERT INTO entity_daily_rows
SELECT
    m.partition_date AS day,
    d.source,
    m.entity_id,
    e.name           AS entity,
    e.label,
    count(*)                 AS mentions,
    count(DISTINCT m.doc_id) AS documents
FROM mentions AS m
JOIN documents AS d USING (doc_id)
JOIN entities AS e USING (entity_id)
WHERE m.partition_date = $day
  AND d.partition_date = $day  -- a mention's document is stored for the same day
GROUP BY ALL
