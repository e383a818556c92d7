-- What failed to fetch or extract, by day, source and reason.
--   newsclaims sql --file sql/examples/fetch_failures.sql
-- example:
SELECT partition_date AS day, source, status, count(*) AS urls, any_value(reason) AS example_reason
FROM fetch_log
WHERE status NOT IN ('ok', 'not_modified')
GROUP BY ALL
ORDER BY day DESC, urls DESC;
