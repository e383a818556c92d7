SELECT url, source, partition_date, status, http_status, reason, final_url, doc_id, fetched_at
FROM fetch_log
WHERE partition_date = ?
ORDER BY source, url
