-- The day's documents of the sources the annotations stage runs, for its snapshot. No
-- ORDER BY, for the same reason as raw_pages.sql: the entity names kept are chosen at
-- commit (first_entities.sql).
SELECT doc_id, text, language
FROM documents
WHERE partition_date = $day AND source IN (SELECT unnest($sources::VARCHAR[]))
