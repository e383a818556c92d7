-- Known entities whose name a day's candidate improves on. The name an entity keeps is
-- the best of every day's candidate under one fixed order: mixed case before ALL CAPS (a
-- dateline "BELLHAVEN" yields to "Bellhaven"), then the first in byte order. So the order
-- in which days are written (days run at once on the multiprocess executor, a backfill
-- out of order) never changes a name. The summaries that copy the name follow in the
-- same transaction.
CREATE OR REPLACE TEMP TABLE renamed_entities AS
WITH best AS (
    SELECT entity_id, arg_min(name, (name = upper(name), name)) AS name
    FROM entity_candidates
    GROUP BY entity_id
)
SELECT b.entity_id, b.name
FROM best AS b
JOIN entities AS e USING (entity_id)
WHERE (b.name = upper(b.name), b.name) < (e.name = upper(e.name), e.name);
UPDATE entities SET name = r.name
FROM renamed_entities AS r WHERE entities.entity_id = r.entity_id;
UPDATE claim_entity_rows SET entity_name = r.name
FROM renamed_entities AS r WHERE claim_entity_rows.entity_id = r.entity_id;
UPDATE entity_daily_rows SET entity = r.name
FROM renamed_entities AS r WHERE entity_daily_rows.entity_id = r.entity_id;
UPDATE cooccurrence_totals SET entity_a = r.name
FROM renamed_entities AS r WHERE cooccurrence_totals.entity_a_id = r.entity_id;
UPDATE cooccurrence_totals SET entity_b = r.name
FROM renamed_entities AS r WHERE cooccurrence_totals.entity_b_id = r.entity_id;
