-- cooccurrence_totals from every day's claim_entity_rows: the view's former definition.
INSERT INTO cooccurrence_totals
SELECT
    a.entity_id   AS entity_a_id,
    a.entity_name AS entity_a,
    b.entity_id   AS entity_b_id,
    b.entity_name AS entity_b,
    count(DISTINCT a.claim_id) AS claims
FROM claim_entity_rows AS a
JOIN claim_entity_rows AS b
  ON a.claim_id = b.claim_id AND a.entity_id < b.entity_id
GROUP BY ALL
