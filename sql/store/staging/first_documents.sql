-- The day's documents: of the pages with the same text, the first by (source, url) is
-- stored, as when the stage read the pages in that order; the others are duplicates of it
-- (fetch_log_merged.sql). A text another day stored after the stage's snapshot of known
-- hashes (two days extracted at once) is not stored again: the day committing second
-- makes it a duplicate, as if it had run second.
SELECT *
FROM {documents}
WHERE content_hash NOT IN (SELECT content_hash FROM documents WHERE partition_date <> {day})
QUALIFY row_number() OVER (PARTITION BY content_hash ORDER BY source, url) = 1
