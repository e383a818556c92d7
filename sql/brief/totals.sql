-- Headline figures for one day: what was attempted, stored and said.
-- $day: the partition date.
SELECT
    (SELECT count(*) FROM fetch_log WHERE partition_date = $day)              AS attempted,
    (SELECT count(*) FROM documents WHERE partition_date = $day)              AS documents,
    -- Copies of one story (documents.story_id) are one story.
    (SELECT count(DISTINCT coalesce(story_id, doc_id)) FROM documents
      WHERE partition_date = $day)                                            AS stories,
    (SELECT count(DISTINCT source) FROM documents WHERE partition_date = $day) AS sources,
    (SELECT count(*) FROM claims WHERE partition_date = $day)                 AS claims,
    (SELECT count(*) FROM claims WHERE partition_date = $day AND stance = 'deny') AS denials,
    -- Claims whose speaker could not be resolved to an entity ("he", "a spokesperson"):
    -- they are left out of the speaker ranking, so the brief says how many there were.
    (SELECT count(*) FROM claims
      WHERE partition_date = $day AND speaker IS NOT NULL AND speaker_entity_id IS NULL) AS unresolved_claims;
