-- Entity pairs named in the same claim (each unordered pair once per claim).
CREATE OR REPLACE VIEW cooccurrence AS
SELECT
    a.entity_id   AS entity_a_id,
    a.entity_name AS entity_a,
    b.entity_id   AS entity_b_id,
    b.entity_name AS entity_b,
    count(DISTINCT a.claim_id) AS claims
FROM claim_entities AS a
JOIN claim_entities AS b
  ON a.claim_id = b.claim_id AND a.entity_id < b.entity_id
GROUP BY ALL;
