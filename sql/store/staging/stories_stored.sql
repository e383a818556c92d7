-- The stored documents a new document of $day can be a copy of (pipeline/stories/): those
-- of the days $first .. $day, except the day's rows of the sources the run replaces.
-- Never a later day: a rerun of $day must match what its first run matched. Ordered so
-- that the index is built the same way every time.
SELECT doc_id, coalesce(story_id, doc_id) AS story_id, partition_date, minhash
FROM documents
WHERE partition_date BETWEEN $first AND $day
  AND minhash IS NOT NULL
  AND NOT (partition_date = $day AND source IN (SELECT unnest($sources::VARCHAR[])))
ORDER BY partition_date, doc_id
