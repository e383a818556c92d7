-- The five most quoted speakers of each source, with how often they asserted or denied.
--   newsclaims sql --file sql/examples/top_speakers_per_source.sql
WITH per_speaker AS (
    SELECT
        d.source,
        coalesce(c.speaker_name, c.speaker)  AS speaker,
        count(*)                             AS claims,
        count(*) FILTER (stance = 'assert')  AS asserts,
        count(*) FILTER (stance = 'deny')    AS denials
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
    WHERE c.speaker IS NOT NULL
    GROUP BY ALL
)
SELECT source, speaker, claims, asserts, denials
FROM per_speaker
QUALIFY row_number() OVER (PARTITION BY source ORDER BY claims DESC, speaker) <= 5
ORDER BY source, claims DESC, speaker;
