-- The same claim repeated across sources: claims grouped by normalised content
-- (lower case, punctuation and quote marks dropped, whitespace folded).
CREATE OR REPLACE VIEW top_claims AS
WITH normalised AS (
    SELECT
        c.*,
        d.source,
        trim(regexp_replace(
            regexp_replace(lower(c.content), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        )) AS content_key
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
)
SELECT
    content_key,
    any_value(content ORDER BY length(content) DESC) AS content,
    count(*)                                         AS repeats,
    count(DISTINCT source)                           AS sources,
    count(DISTINCT doc_id)                           AS documents,
    string_agg(DISTINCT coalesce(speaker_name, speaker), ', ') AS speakers,
    min(partition_date)                              AS first_day,
    max(partition_date)                              AS last_day
FROM normalised
WHERE length(content_key) > 0
GROUP BY content_key;
