-- The documents whose rows a day's entity merge may rewrite: those of the sources the run
-- wrote ($every: all of the day's, for a caller that writes the whole day). Another
-- source's rows stay as that source's run left them (sources own their rows).
-- $day: the partition date; $sources: the run's sources; $every: true for the whole day.
CREATE OR REPLACE TEMP TABLE day_merge_docs AS
SELECT DISTINCT doc_id, partition_date
FROM (
    SELECT doc_id, partition_date FROM mentions WHERE partition_date = $day
    UNION ALL
    SELECT doc_id, partition_date FROM claims WHERE partition_date = $day
)
WHERE $every
   OR doc_id NOT IN (
       SELECT doc_id FROM documents
       WHERE partition_date = $day AND source NOT IN (SELECT unnest($sources::VARCHAR[]))
   )
