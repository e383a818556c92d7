-- The day's newest fetch attempts, for the raw_pages asset's metadata preview.
SELECT url, source, status, reason, fetched_at
FROM fetch_log
WHERE partition_date = ?
ORDER BY fetched_at DESC, url
LIMIT ?
