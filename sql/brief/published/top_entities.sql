-- top_entities.sql by publication day: the most-mentioned entities in the documents
-- published on $day (an undated page counts on its ingest day, document_days).
SELECT
    m.entity_id,
    e.name                        AS entity,
    e.label,
    count(*)                      AS mentions,
    count(DISTINCT d.story_id)    AS stories,
    count(DISTINCT m.doc_id)      AS documents,
    count(DISTINCT d.source)      AS sources
FROM mentions AS m
JOIN document_days AS d ON d.doc_id = m.doc_id AND d.day = $day
JOIN entities AS e ON e.entity_id = m.entity_id
GROUP BY m.entity_id, e.name, e.label
ORDER BY mentions DESC, stories DESC, entity
LIMIT $limit;
