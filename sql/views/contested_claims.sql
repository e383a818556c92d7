-- Claims and the denials that contest them, one row per (claim, denial) pair.
--
-- link = 'in_document': the claims stage linked the denial to the claim it refers to
--        ("denied the claim", "declared the Taliban's claim false"); see pipeline/claims.
-- link = 'cross_document': a denial in one document and an assertion in another, within
--        3 days of each other, by different speakers, whose contents name at least two of
--        the same entities (or one, when the denial also names the claimant). This is an
--        entity-overlap heuristic: it does not compare the events themselves, so two
--        unrelated statements about the same pair of actors in the same days can be linked.
CREATE OR REPLACE VIEW contested_claims AS
WITH in_document AS (
    SELECT a.claim_id AS claim_id, d.claim_id AS denial_id, 'in_document' AS link
    FROM claims AS d
    JOIN claims AS a ON a.claim_id = d.denies_claim_id
),
shared AS (
    SELECT a.claim_id AS claim_id, d.claim_id AS denial_id, count(*) AS shared_entities
    FROM claims AS d
    JOIN claim_entities AS de ON de.claim_id = d.claim_id
    JOIN claim_entities AS ae ON ae.entity_id = de.entity_id AND ae.doc_id <> d.doc_id
    JOIN claims AS a ON a.claim_id = ae.claim_id
    WHERE d.stance = 'deny'
      AND a.stance = 'assert'
      AND abs(date_diff('day', a.partition_date, d.partition_date)) <= 3
      AND a.speaker_entity_id IS DISTINCT FROM d.speaker_entity_id
    GROUP BY ALL
),
cross_document AS (
    SELECT s.claim_id, s.denial_id, 'cross_document' AS link
    FROM shared AS s
    JOIN claims AS a ON a.claim_id = s.claim_id
    WHERE s.shared_entities >= 2
       OR (s.shared_entities >= 1 AND EXISTS (
              SELECT 1 FROM claim_entities AS named
              WHERE named.claim_id = s.denial_id AND named.entity_id = a.speaker_entity_id))
),
links AS (
    SELECT * FROM in_document
    UNION ALL
    SELECT * FROM cross_document
    WHERE denial_id NOT IN (SELECT denial_id FROM in_document)
)
SELECT
    l.link,
    a.claim_id,
    coalesce(a.speaker_name, a.speaker)  AS claimant,
    a.speaker_entity_id                  AS claimant_entity_id,
    a.cue                                AS claim_cue,
    a.content                            AS claim,
    a.doc_id                             AS claim_doc_id,
    a.partition_date                     AS claim_date,
    d.claim_id                           AS denial_id,
    coalesce(d.speaker_name, d.speaker)  AS denier,
    d.speaker_entity_id                  AS denier_entity_id,
    d.cue                                AS denial_cue,
    d.content                            AS denial,
    d.doc_id                             AS denial_doc_id,
    d.partition_date                     AS denial_date,
    doc.source                           AS denial_source,
    doc.title                            AS denial_title
FROM links AS l
JOIN claims AS a ON a.claim_id = l.claim_id
JOIN claims AS d ON d.claim_id = l.denial_id
JOIN documents AS doc ON doc.doc_id = d.doc_id;
