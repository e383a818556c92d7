-- top_speakers.sql by publication day (speaker_published_daily).
SELECT
    speaker,
    speaker_entity_id,
    sum(claims)::BIGINT        AS claims,
    sum(asserts)::BIGINT       AS asserts,
    sum(denials)::BIGINT       AS denials,
    sum(other_stances)::BIGINT AS other_stances,
    sum(documents)::BIGINT     AS documents,
    sum(stories)::BIGINT       AS stories,
    sum(sources)::BIGINT       AS sources
FROM speaker_published_daily
WHERE day = $day AND speaker_entity_id IS NOT NULL
GROUP BY speaker, speaker_entity_id
ORDER BY claims DESC, denials DESC, speaker
LIMIT $limit;
