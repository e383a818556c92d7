-- The day's documents: of the pages with the same text, the first by (source, url) is
-- stored, as when the stage read the pages in that order; the others are duplicates of it
-- (fetch_log_merged.sql).
SELECT *
FROM {documents}
QUALIFY row_number() OVER (PARTITION BY content_hash ORDER BY source, url) = 1
