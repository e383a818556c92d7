SELECT status, count(*) AS n FROM fetch_log WHERE partition_date = ? GROUP BY status ORDER BY n DESC, status
