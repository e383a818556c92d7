-- Days $first..$last of claim_entities (the view's former definition, restricted to those
-- days): one day when a day is written, all days when refresh_all_summaries rebuilds.
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
WHERE c.partition_date BETWEEN $first AND $last
  -- A document's mentions and claims are written together for its day, so the day's
  -- mentions are all a claim of the day can contain; filtering them first saves a scan.
  AND m.partition_date BETWEEN $first AND $last
-- In day order, so that a rebuild of all days leaves each day in a few row groups and
-- the statements for one day (here and in the totals) skip the others by zone map.
ORDER BY c.partition_date
