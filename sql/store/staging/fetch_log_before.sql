-- The day's fetch_log of the sources the documents stage runs, as it was before the stage
-- (store/staging/fetch_log_merged.sql gives each row its page's outcome at commit).
SELECT url, source, partition_date, status, http_status, reason, final_url, doc_id, fetched_at
FROM fetch_log
WHERE partition_date = $day AND source IN (SELECT unnest($sources::VARCHAR[]))
