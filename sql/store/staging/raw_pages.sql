-- The day's raw pages of the sources the documents stage runs, for its snapshot (other
-- sources' pages are theirs to extract). No ORDER BY: sorting the bodies would hold them
-- all in memory; the stage does not depend on the order (the first page of a repeated
-- text is chosen at commit, store/staging/first_documents.sql).
SELECT url, final_url, source, http_status, content_type, etag, last_modified, body_zlib, fetched_at
FROM raw_pages
WHERE partition_date = $day AND source IN (SELECT unnest($sources::VARCHAR[]))
