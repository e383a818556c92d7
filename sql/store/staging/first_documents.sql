-- The documents of the sources the stage ran: of the pages with the same text, the first
-- by (source, url) is stored, as when the stage read the pages in that order; the others
-- are duplicates of it (fetch_log_merged.sql). A text another day stored after the stage's
-- snapshot of known hashes (two days extracted at once) is not stored again: the day
-- committing second makes it a duplicate, as if it had run second. Nor is a text another
-- source stored this day (a run of other sources of the day): the source run second makes
-- it a duplicate, as a page of a later source in the same run would be.
SELECT *
FROM {documents}
WHERE content_hash NOT IN (
    SELECT content_hash FROM documents
    WHERE partition_date <> {day} OR source NOT IN (SELECT unnest({sources}))
)
QUALIFY row_number() OVER (PARTITION BY content_hash ORDER BY source, url) = 1
