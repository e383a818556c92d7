-- The (claim, denial) pairs of contested_claims whose claim or denial falls on $day: the
-- view's former definition with that restriction. Needs claim_entity_rows for every day
-- within 3 days of $day, so it runs after claim_entity_rows is refreshed for $day.
INSERT INTO contested_links
WITH in_document AS (
    SELECT a.claim_id AS claim_id, d.claim_id AS denial_id, 'in_document' AS link,
           a.partition_date AS claim_date, d.partition_date AS denial_date
    FROM claims AS d
    JOIN claims AS a ON a.claim_id = d.denies_claim_id
    WHERE d.partition_date BETWEEN $day - INTERVAL 3 DAY AND $day + INTERVAL 3 DAY
),
shared AS (
    SELECT a.claim_id AS claim_id, d.claim_id AS denial_id, count(*) AS shared_entities,
           a.partition_date AS claim_date, d.partition_date AS denial_date
    FROM claims AS d
    JOIN claim_entity_rows AS de ON de.claim_id = d.claim_id
    JOIN claim_entity_rows AS ae ON ae.entity_id = de.entity_id AND ae.doc_id <> d.doc_id
    JOIN claims AS a ON a.claim_id = ae.claim_id
    WHERE d.stance = 'deny'
      AND a.stance = 'assert'
      AND abs(date_diff('day', a.partition_date, d.partition_date)) <= 3
      AND a.speaker_entity_id IS DISTINCT FROM d.speaker_entity_id
      AND (d.partition_date = $day OR a.partition_date = $day)
      AND d.partition_date BETWEEN $day - INTERVAL 3 DAY AND $day + INTERVAL 3 DAY
      AND de.partition_date BETWEEN $day - INTERVAL 3 DAY AND $day + INTERVAL 3 DAY
      AND ae.partition_date BETWEEN $day - INTERVAL 6 DAY AND $day + INTERVAL 6 DAY
    GROUP BY ALL
),
cross_document AS (
    SELECT s.claim_id, s.denial_id, 'cross_document' AS link, s.claim_date, s.denial_date
    FROM shared AS s
    JOIN claims AS a ON a.claim_id = s.claim_id
    WHERE s.shared_entities >= 2
       OR (s.shared_entities >= 1 AND EXISTS (
              SELECT 1 FROM claim_entity_rows AS named
              WHERE named.claim_id = s.denial_id AND named.entity_id = a.speaker_entity_id))
)
SELECT link, claim_id, denial_id, claim_date, denial_date
FROM in_document
WHERE claim_date = $day OR denial_date = $day
UNION ALL
SELECT link, claim_id, denial_id, claim_date, denial_date
FROM cross_document
WHERE denial_id NOT IN (SELECT denial_id FROM in_document)
