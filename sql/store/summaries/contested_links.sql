-- The rows of contested_claims whose claim or denial falls on $day: the view's former
-- definition with that restriction. Needs claim_entity_rows for every day within 3 days
-- of $day, so it runs after claim_entity_rows is refreshed for $day.
INSERT INTO contested_links (
    link, claim_id, denial_id, claim_date, denial_date,
    claimant, claimant_entity_id, claim_cue, claim, claim_doc_id,
    denier, denier_entity_id, denial_cue, denial, denial_doc_id, denial_source, denial_title,
    claim_story_id, denial_story_id
)
WITH in_document AS (
    SELECT a.claim_id AS claim_id, d.claim_id AS denial_id, 'in_document' AS link,
           a.partition_date AS claim_date, d.partition_date AS denial_date
    FROM claims AS d
    JOIN claims AS a ON a.claim_id = d.denies_claim_id
    WHERE d.partition_date BETWEEN $day - 3 AND $day + 3
),
-- A pair's claim or denial is on $day and the other within 3 days, so both sides only
-- need claims of $day - 3 .. $day + 3.
-- The story of each side (documents.story_id; a claim without a stored document is its
-- own story): two copies of one story are not two documents contesting each other.
stories AS (
    SELECT doc_id, coalesce(story_id, doc_id) AS story_id
    FROM documents
    WHERE partition_date BETWEEN $day - 3 AND $day + 3
),
denial_entities AS (
    SELECT d.claim_id, d.doc_id, d.speaker_entity_id, d.partition_date, de.entity_id,
           coalesce(s.story_id, d.doc_id) AS story_id
    FROM claims AS d
    JOIN claim_entity_rows AS de ON de.claim_id = d.claim_id
    LEFT JOIN stories AS s ON s.doc_id = d.doc_id
    WHERE d.stance = 'deny'
      AND d.partition_date BETWEEN $day - 3 AND $day + 3
      AND de.partition_date BETWEEN $day - 3 AND $day + 3
),
assert_entities AS (
    SELECT a.claim_id, a.speaker_entity_id, a.partition_date, ae.entity_id, ae.doc_id,
           coalesce(s.story_id, a.doc_id) AS story_id
    FROM claims AS a
    JOIN claim_entity_rows AS ae ON ae.claim_id = a.claim_id
    LEFT JOIN stories AS s ON s.doc_id = a.doc_id
    WHERE a.stance = 'assert'
      AND a.partition_date BETWEEN $day - 3 AND $day + 3
      AND ae.partition_date BETWEEN $day - 3 AND $day + 3
),
-- One row per entity a denial and an assertion share. Joined in two halves, denial on
-- $day / assertion on $day (and denial not), rather than all seven days against each
-- other and filtered after: the entity join of frequent entities multiplies rows, and
-- the filtered form spent ~2 s a day on pairs it then dropped (1M claims).
shared_entities AS (
    SELECT a.claim_id, d.claim_id AS denial_id, a.speaker_entity_id AS claimant_entity_id,
           a.partition_date AS claim_date, d.partition_date AS denial_date
    FROM denial_entities AS d
    JOIN assert_entities AS a ON a.entity_id = d.entity_id AND a.story_id <> d.story_id
    WHERE d.partition_date = $day
      AND a.speaker_entity_id IS DISTINCT FROM d.speaker_entity_id
    UNION ALL
    SELECT a.claim_id, d.claim_id AS denial_id, a.speaker_entity_id AS claimant_entity_id,
           a.partition_date AS claim_date, d.partition_date AS denial_date
    FROM assert_entities AS a
    JOIN denial_entities AS d ON d.entity_id = a.entity_id AND d.story_id <> a.story_id
    WHERE a.partition_date = $day
      AND d.partition_date <> $day
      AND a.speaker_entity_id IS DISTINCT FROM d.speaker_entity_id
),
shared AS (
    SELECT claim_id, denial_id, count(*) AS shared_entities, claimant_entity_id,
           claim_date, denial_date
    FROM shared_entities
    GROUP BY ALL
),
cross_document AS (
    SELECT s.claim_id, s.denial_id, 'cross_document' AS link, s.claim_date, s.denial_date
    FROM shared AS s
    WHERE s.shared_entities >= 2
       OR (s.shared_entities >= 1 AND EXISTS (
              SELECT 1 FROM claim_entity_rows AS named
              WHERE named.claim_id = s.denial_id AND named.entity_id = s.claimant_entity_id
                -- The denial's own day, within 3 days of $day: without this bound the
                -- check read all claim_entity_rows (1.5 s a day at 1M claims).
                AND named.partition_date BETWEEN $day - 3 AND $day + 3))
),
pairs AS (
    SELECT link, claim_id, denial_id
    FROM in_document
    WHERE claim_date = $day OR denial_date = $day
    UNION ALL
    SELECT link, claim_id, denial_id
    FROM cross_document
    WHERE denial_id NOT IN (SELECT denial_id FROM in_document)
)
SELECT
    p.link,
    a.claim_id,
    d.claim_id,
    a.partition_date,
    d.partition_date,
    coalesce(a.speaker_name, a.speaker),
    a.speaker_entity_id,
    a.cue,
    a.content,
    a.doc_id,
    coalesce(d.speaker_name, d.speaker),
    d.speaker_entity_id,
    d.cue,
    d.content,
    d.doc_id,
    doc.source,
    doc.title,
    coalesce(s.story_id, a.doc_id),
    coalesce(doc.story_id, doc.doc_id)
FROM pairs AS p
JOIN claims AS a ON a.claim_id = p.claim_id
JOIN claims AS d ON d.claim_id = p.denial_id
JOIN documents AS doc ON doc.doc_id = d.doc_id
LEFT JOIN stories AS s ON s.doc_id = a.doc_id
-- Both claims of a pair are within 3 days of $day (an in-document pair's two claims share
-- their document, so their day): the bound only lets the scans skip other days.
WHERE a.partition_date BETWEEN $day - 3 AND $day + 3
  AND d.partition_date BETWEEN $day - 3 AND $day + 3
