-- Every claim with its document's two days (document_days): ingest_day (the partition,
-- claims.partition_date) and published_day (documents.published_at, NULL when the page
-- gives no date); day is the publication day, else the ingest day.
-- e.g. SELECT speaker, content FROM claim_days WHERE published_day = DATE '2019-05-02'
CREATE OR REPLACE VIEW claim_days AS
SELECT
    c.*,
    c.partition_date                            AS ingest_day,
    d.published_at                              AS published_day,
    coalesce(d.published_at, c.partition_date)  AS day
FROM claims AS c
LEFT JOIN documents AS d ON d.doc_id = c.doc_id;
