-- URLs of $day that failed to fetch or extract, by reason. Duplicates and 304s are not
-- failures (the page was fine, we already had it), as in the source_coverage view.
SELECT
    status,
    count(*)                                    AS urls,
    string_agg(DISTINCT source, ', ' ORDER BY source) AS sources,
    any_value(reason ORDER BY url)              AS example_reason,
    min(url)                                    AS example_url
FROM fetch_log
WHERE partition_date = $day AND status NOT IN ('ok', 'duplicate', 'not_modified')
GROUP BY status
ORDER BY urls DESC, status;
