-- Claims of the day whose offsets fall outside the text or do not slice to the stored
-- content/speaker (DuckDB's substring is 1-based, hence the + 1); expected: none.
SELECT c.claim_id, c.content_start, c.content_end, length(d.text) AS text_length
FROM claims AS c JOIN documents AS d USING (doc_id)
WHERE c.partition_date = ?
  AND (
       c.content_start < 0 OR c.content_end > length(d.text) OR c.content_start >= c.content_end
    OR substring(d.text, c.content_start + 1, c.content_end - c.content_start) <> c.content
    OR (c.speaker_start IS NOT NULL AND (
           c.speaker_start < 0 OR c.speaker_end > length(d.text)
        OR substring(d.text, c.speaker_start + 1, c.speaker_end - c.speaker_start) <> c.speaker))
  )
