-- Entities mentioned inside each claim's content span (the "about whom" of a claim).
CREATE OR REPLACE VIEW claim_entities AS
SELECT DISTINCT
    c.claim_id,
    c.doc_id,
    m.entity_id,
    e.name  AS entity_name,
    e.label AS entity_label
FROM claims AS c
JOIN mentions AS m
  ON m.doc_id = c.doc_id
 AND m.start_char >= c.content_start
 AND m.end_char <= c.content_end
JOIN entities AS e USING (entity_id);
