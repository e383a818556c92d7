-- The day's most active speakers resolved to an entity, with their claims by stance:
-- each story counted once (speaker_daily), with how many stories, documents and sources
-- carried them.
-- Unresolved speakers (raw "he", "the ministry" with no entity) are counted in totals.sql.
-- $day: the partition date; $limit: how many rows.
SELECT
    speaker,
    speaker_entity_id,
    sum(claims)::BIGINT        AS claims,
    sum(asserts)::BIGINT       AS asserts,
    sum(denials)::BIGINT       AS denials,
    sum(other_stances)::BIGINT AS other_stances,
    sum(documents)::BIGINT     AS documents,
    -- speaker_daily has one row per (day, speaker_entity_id, speaker): sums of one row.
    sum(stories)::BIGINT       AS stories,
    sum(sources)::BIGINT       AS sources
FROM speaker_daily
WHERE day = $day AND speaker_entity_id IS NOT NULL
GROUP BY speaker, speaker_entity_id
ORDER BY claims DESC, denials DESC, speaker
LIMIT $limit;
