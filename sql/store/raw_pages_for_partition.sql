SELECT url, final_url, source, http_status, content_type, etag, last_modified, body_zlib, fetched_at
FROM raw_pages
WHERE partition_date = ?
ORDER BY source, url
