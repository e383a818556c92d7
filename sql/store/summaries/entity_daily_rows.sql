-- Days $first..$last of entity_daily (the view's former definition, restricted to those
-- days): one day when a day is written, all days when refresh_all_summaries rebuilds.
INSERT INTO entity_daily_rows
SELECT
    m.partition_date AS day,
    d.source,
    m.entity_id,
    e.name           AS entity,
    e.label,
    count(*)                 AS mentions,
    count(DISTINCT m.doc_id) AS documents,
    count(DISTINCT coalesce(d.story_id, d.doc_id)) AS stories
FROM mentions AS m
JOIN documents AS d USING (doc_id)
JOIN entities AS e USING (entity_id)
WHERE m.partition_date BETWEEN $first AND $last
  -- A mention's document is stored for the mention's day.
  AND d.partition_date BETWEEN $first AND $last
GROUP BY ALL
-- In day order: a rebuild of all days leaves each day in a few row groups, which the
-- next rewrite of one day finds by zone map.
ORDER BY day
