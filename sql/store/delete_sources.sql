-- One day's rows of the given sources, in a table with a source column (raw_pages,
-- fetch_log, documents): a run replaces only the rows of the sources it ingested. {table}
-- is filled in from a fixed list of names (pipeline/store/writes.py).
DELETE FROM {table}
WHERE partition_date = $day AND source IN (SELECT unnest($sources::VARCHAR[]))
