-- Who claims what about an entity: the claims BY it (it is the speaker) and ABOUT it (it is
-- named inside the claim), with `relation` saying which: by, about or both.
--   newsclaims sql --file sql/examples/who_claims_what_about.sql --set about="Mira Sefton"
-- example: --set about="Mira Sefton"
-- Matches the entity's canonical name or any alias seen for it, case-insensitively; a
-- speaker no entity was resolved for matches by the words the claim gives it. Two
-- selects, not one OR, so the entity half stays a semi-join on speaker_entity_id.
WITH target AS (
    SELECT DISTINCT entity_id FROM entities
    WHERE lower(name) = lower(getvariable('about'))
    UNION
    SELECT DISTINCT entity_id FROM entity_aliases
    WHERE lower(alias) = lower(getvariable('about'))
),
by_target AS (
    SELECT claim_id FROM claims
    WHERE speaker_entity_id IN (SELECT entity_id FROM target)
    UNION ALL
    SELECT claim_id FROM claims
    WHERE speaker_entity_id IS NULL AND lower(speaker) = lower(getvariable('about'))
),
about_target AS (
    SELECT DISTINCT claim_id FROM claim_entities
    WHERE entity_id IN (SELECT entity_id FROM target)
)
SELECT
    c.partition_date                          AS day,
    CASE
        WHEN b.claim_id IS NOT NULL AND a.claim_id IS NOT NULL THEN 'both'
        WHEN b.claim_id IS NOT NULL THEN 'by'
        ELSE 'about'
    END                                       AS relation,
    coalesce(c.speaker_name, c.speaker)       AS speaker,
    c.stance,
    c.cue,
    c.content                                 AS claim,
    d.source
FROM claims AS c
JOIN documents AS d ON d.doc_id = c.doc_id
LEFT JOIN by_target AS b USING (claim_id)
LEFT JOIN about_target AS a USING (claim_id)
WHERE b.claim_id IS NOT NULL OR a.claim_id IS NOT NULL
ORDER BY day DESC, d.source, c.claim_id;
