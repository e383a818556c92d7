-- Entities of the lake: each day exported the entities it refers to under the name it
-- knew then; the name kept is the best one under sql/store/entities/rename.sql's order,
-- as in the DuckDB file.
CREATE OR REPLACE VIEW {table} AS
SELECT entity_id, arg_min(name, (name = upper(name), name)) AS name, any_value(label) AS label
FROM {source}
GROUP BY entity_id
