-- Add $day's entity pairs to cooccurrence_totals, after the day's claim_entity_rows are
-- rewritten. count(*) per pair is the view's count(DISTINCT claim_id): a claim names an
-- entity at most once in claim_entity_rows, so it yields each pair once.
MERGE INTO cooccurrence_totals AS t
USING (
    SELECT
        a.entity_id   AS entity_a_id,
        a.entity_name AS entity_a,
        b.entity_id   AS entity_b_id,
        b.entity_name AS entity_b,
        count(*)      AS claims
    FROM claim_entity_rows AS a
    JOIN claim_entity_rows AS b ON a.claim_id = b.claim_id AND a.entity_id < b.entity_id
    WHERE a.partition_date = $day AND b.partition_date = $day
    GROUP BY ALL
) AS d
ON t.entity_a_id = d.entity_a_id AND t.entity_b_id = d.entity_b_id
WHEN MATCHED THEN UPDATE SET claims = t.claims + d.claims
WHEN NOT MATCHED THEN INSERT (entity_a_id, entity_a, entity_b_id, entity_b, claims)
    VALUES (d.entity_a_id, d.entity_a, d.entity_b_id, d.entity_b, d.claims)
