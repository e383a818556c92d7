-- The day's raw pages for the documents stage's snapshot. No ORDER BY: sorting the bodies
-- would hold them all in memory; the stage does not depend on the order (the first page
-- of a repeated text is chosen at commit, store/staging/first_documents.sql).
SELECT url, final_url, source, http_status, content_type, etag, last_modified, body_zlib, fetched_at
FROM raw_pages
WHERE partition_date = ?
