-- Which of the candidates' texts are stored already, by another day or by another source
-- of $day: first_documents.sql will not store those pages again, so they are no story.
SELECT DISTINCT content_hash
FROM documents
WHERE content_hash IN (SELECT unnest($hashes::VARCHAR[]))
  AND (partition_date <> $day OR source NOT IN (SELECT unnest($sources::VARCHAR[])))
