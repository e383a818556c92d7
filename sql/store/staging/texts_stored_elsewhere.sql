-- Staged documents whose text another day stored after this stage took its snapshot of
-- the known hashes (two days extracted at once): zero, or the commit is refused, since
-- the same text must never be stored twice.
SELECT count(*)
FROM documents
WHERE partition_date <> $day
  AND content_hash IN (SELECT content_hash FROM {documents})
