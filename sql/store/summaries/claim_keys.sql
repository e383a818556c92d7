-- One day of top_claims' input rows: the normalised content key of each claim (the
-- view's former normalisation, restricted to $day; empty keys dropped as it did).
INSERT INTO claim_keys
SELECT content_key, content, source, doc_id, speaker, partition_date
FROM (
    SELECT
        trim(regexp_replace(
            regexp_replace(lower(c.content), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        )) AS content_key,
        c.content,
        d.source,
        c.doc_id,
        coalesce(c.speaker_name, c.speaker) AS speaker,
        c.partition_date
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
    WHERE c.partition_date = $day
      AND d.partition_date = $day  -- a claim's document is stored for the same day
)
WHERE length(content_key) > 0
ORDER BY content_key
