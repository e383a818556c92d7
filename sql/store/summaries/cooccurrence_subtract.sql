-- Take $day's entity pairs out of cooccurrence_totals. Runs before the day's
-- claim_entity_rows are rewritten, while they still hold its old rows. A pair whose count
-- falls to 0 is named together by no claim any more: dropped, as the view would not show it.
MERGE INTO cooccurrence_totals AS t
USING (
    SELECT a.entity_id AS entity_a_id, b.entity_id AS entity_b_id, count(*) AS claims
    FROM claim_entity_rows AS a
    JOIN claim_entity_rows AS b ON a.claim_id = b.claim_id AND a.entity_id < b.entity_id
    WHERE a.partition_date = $day AND b.partition_date = $day
    GROUP BY ALL
) AS d
ON t.entity_a_id = d.entity_a_id AND t.entity_b_id = d.entity_b_id
WHEN MATCHED AND t.claims = d.claims THEN DELETE
WHEN MATCHED THEN UPDATE SET claims = t.claims - d.claims
