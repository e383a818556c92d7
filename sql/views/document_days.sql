-- The two days of every document: ingest_day, the partition it was fetched for
-- (documents.partition_date), and published_day, the date the page gives
-- (documents.published_at; NULL when it gives none). day is the publication day, or the
-- ingest day for an undated page: the day the *_published_daily views and
-- `newsclaims brief --by published` group by, and the partition `newsclaims import`
-- lands an archived article on.
CREATE OR REPLACE VIEW document_days AS
SELECT
    doc_id,
    source,
    coalesce(story_id, doc_id)               AS story_id,
    partition_date                           AS ingest_day,
    published_at                             AS published_day,
    coalesce(published_at, partition_date)   AS day,
    published_at IS NULL                     AS undated
FROM documents;
