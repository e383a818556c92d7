-- What the documents stage read for a day: taken with its snapshot and again inside the
-- commit's transaction. A difference means another process rewrote the day's raw pages
-- or fetch_log meanwhile (the stage does not hold the write lock while it extracts), and
-- the commit is refused rather than mixing two fetches.
SELECT
    (SELECT count(*) FROM raw_pages WHERE partition_date = $day) AS pages,
    (SELECT bit_xor(hash(url, source, fetched_at, body_bytes)) FROM raw_pages
     WHERE partition_date = $day) AS pages_hash,
    (SELECT count(*) FROM fetch_log WHERE partition_date = $day) AS log_rows,
    (SELECT bit_xor(hash(url, source, status, reason, doc_id, fetched_at)) FROM fetch_log
     WHERE partition_date = $day) AS log_hash
