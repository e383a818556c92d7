-- One day of claim_entities (the view's former definition, restricted to $day).
INSERT INTO claim_entity_rows
SELECT DISTINCT
    c.claim_id,
    c.doc_id,
    m.entity_id,
    e.name  AS entity_name,
    e.label AS entity_label,
    c.partition_date
FROM claims AS c
JOIN mentions AS m
  ON m.doc_id = c.doc_id
 AND m.start_char >= c.content_start
 AND m.end_char <= c.content_end
JOIN entities AS e USING (entity_id)
WHERE c.partition_date = $day
  -- A document's mentions and claims are written together for its day, so the day's
  -- mentions are all a claim of the day can contain; filtering them first saves a scan.
  AND m.partition_date = $day
