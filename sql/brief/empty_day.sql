-- Why ingest day $day has no document: its fetch_log by status, with an example reason
-- (all `duplicate`: every page was stored before; `empty` of a folder: it held no files).
SELECT
    status,
    count(*)                                          AS urls,
    string_agg(DISTINCT source, ', ' ORDER BY source) AS sources,
    any_value(reason ORDER BY url)                    AS example_reason
FROM fetch_log
WHERE partition_date = $day
GROUP BY status
ORDER BY urls DESC, status;
