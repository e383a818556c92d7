-- Mentions per entity per day per source.
CREATE OR REPLACE VIEW entity_daily AS
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
GROUP BY ALL;
