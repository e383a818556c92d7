-- entity_daily by publication day: mentions per entity per source per day on which the
-- documents were published (documents.published_at; the ingest day for a page without a
-- date, counted in undated_documents). Same columns as entity_daily.
--
-- A plain view over mentions and documents (see speaker_published_daily for why it is
-- not materialized); filter on day. Cost at 1M claims / 5M mentions: docs/PERFORMANCE.md.
CREATE OR REPLACE VIEW entity_published_daily AS
SELECT
    coalesce(d.published_at, d.partition_date)       AS day,
    d.source,
    m.entity_id,
    e.name                                           AS entity,
    e.label,
    count(*)                                         AS mentions,
    count(DISTINCT m.doc_id)                         AS documents,
    count(DISTINCT coalesce(d.story_id, d.doc_id))   AS stories,
    count(DISTINCT m.doc_id) FILTER (d.published_at IS NULL) AS undated_documents
FROM mentions AS m
JOIN documents AS d ON d.doc_id = m.doc_id
JOIN entities AS e ON e.entity_id = m.entity_id
GROUP BY ALL;
