-- totals.sql by publication day: the documents published on $day (documents.published_at;
-- an undated page counts on its ingest day, document_days) and what they say.
-- attempted: the URLs fetched on ingest day $day (what the fetch-failures section counts).
WITH docs AS (
    SELECT doc_id, source, story_id FROM document_days WHERE day = $day
)
SELECT
    (SELECT count(*) FROM fetch_log WHERE partition_date = $day)           AS attempted,
    (SELECT count(*) FROM docs)                                            AS documents,
    (SELECT count(DISTINCT story_id) FROM docs)                            AS stories,
    (SELECT count(DISTINCT source) FROM docs)                              AS sources,
    (SELECT count(*) FROM claims WHERE doc_id IN (SELECT doc_id FROM docs)) AS claims,
    (SELECT count(*) FROM claims
      WHERE doc_id IN (SELECT doc_id FROM docs) AND stance = 'deny')       AS denials,
    (SELECT count(*) FROM claims
      WHERE doc_id IN (SELECT doc_id FROM docs)
        AND speaker IS NOT NULL AND speaker_entity_id IS NULL)             AS unresolved_claims;
