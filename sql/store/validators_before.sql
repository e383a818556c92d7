-- Newest ETag / Last-Modified per URL from earlier days, for conditional requests.
SELECT url, arg_max(etag, fetched_at) AS etag, arg_max(last_modified, fetched_at) AS last_modified
FROM raw_pages
WHERE partition_date < ? AND (etag IS NOT NULL OR last_modified IS NOT NULL)
GROUP BY url
