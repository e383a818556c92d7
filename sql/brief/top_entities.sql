-- The day's most-mentioned entities (all sources together), each story counted once:
-- stories are the distinct documents.story_id among the documents that mention the entity
-- (a wire story run by ten sites is one story, ten documents). From the day's mentions
-- rather than entity_daily, whose rows are per source: distinct stories across sources do
-- not add up from them.
-- $day: the partition date; $limit: how many rows.
SELECT
    m.entity_id,
    e.name                                         AS entity,
    e.label,
    count(*)                                       AS mentions,
    count(DISTINCT coalesce(d.story_id, d.doc_id)) AS stories,
    count(DISTINCT m.doc_id)                       AS documents,
    count(DISTINCT d.source)                       AS sources
FROM mentions AS m
JOIN documents AS d ON d.doc_id = m.doc_id AND d.partition_date = $day
JOIN entities AS e ON e.entity_id = m.entity_id
WHERE m.partition_date = $day
GROUP BY m.entity_id, e.name, e.label
ORDER BY mentions DESC, stories DESC, entity
LIMIT $limit;
