-- What the documents stage read for a day's sources: taken with its snapshot and again
-- inside the commit's transaction. A difference means another process rewrote those
-- sources' raw pages or fetch_log meanwhile (the stage does not hold the write lock while
-- it extracts), and the commit is refused rather than mixing two fetches. Other sources'
-- rows are not the stage's inputs: a run of them meanwhile does not refuse this commit.
SELECT
    (SELECT count(*) FROM raw_pages WHERE partition_date = $day
     AND source IN (SELECT unnest($sources::VARCHAR[]))) AS pages,
    (SELECT bit_xor(hash(url, source, fetched_at, body_bytes)) FROM raw_pages
     WHERE partition_date = $day AND source IN (SELECT unnest($sources::VARCHAR[]))) AS pages_hash,
    (SELECT count(*) FROM fetch_log WHERE partition_date = $day
     AND source IN (SELECT unnest($sources::VARCHAR[]))) AS log_rows,
    (SELECT bit_xor(hash(url, source, status, reason, doc_id, fetched_at)) FROM fetch_log
     WHERE partition_date = $day AND source IN (SELECT unnest($sources::VARCHAR[]))) AS log_hash
