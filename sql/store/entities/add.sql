-- The candidates not stored yet; a known entity keeps its row (rename.sql chose its name).
-- NOT EXISTS rather than INSERT OR IGNORE: a lake's tables have no primary key
-- (pipeline/store/lake.py), and candidates hold one row per entity_id.
INSERT INTO entities BY NAME
SELECT * FROM entity_candidates AS c
WHERE NOT EXISTS (SELECT 1 FROM entities AS e WHERE e.entity_id = c.entity_id)
