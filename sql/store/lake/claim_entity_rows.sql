-- A day's claim-entity rows carry the entity name of the day they were written: the
-- lake's entities view has the name kept.
CREATE OR REPLACE VIEW {table} AS
SELECT r.* EXCLUDE (date) REPLACE (coalesce(e.name, r.entity_name) AS entity_name)
FROM {source} AS r
LEFT JOIN entities AS e USING (entity_id)
