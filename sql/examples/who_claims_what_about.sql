-- Who claims what about an entity.
--   newsclaims sql --file sql/examples/who_claims_what_about.sql --set about="Mira Sefton"
-- Matches the entity's canonical name or any alias seen for it, case-insensitively.
WITH target AS (
    SELECT DISTINCT entity_id FROM entities
    WHERE lower(name) = lower(getvariable('about'))
    UNION
    SELECT DISTINCT entity_id FROM entity_aliases
    WHERE lower(alias) = lower(getvariable('about'))
)
SELECT
    c.partition_date                          AS day,
    coalesce(c.speaker_name, c.speaker)       AS speaker,
    c.stance,
    c.cue,
    c.content                                 AS claim,
    d.source
FROM claims AS c
JOIN claim_entities AS ce USING (claim_id)
JOIN documents AS d ON d.doc_id = c.doc_id
WHERE ce.entity_id IN (SELECT entity_id FROM target)
ORDER BY day DESC, d.source, c.claim_id;
