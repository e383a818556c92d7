-- The candidates not stored yet; a known entity keeps its row (rename.sql chose its name).
INSERT OR IGNORE INTO entities BY NAME SELECT * FROM entity_candidates
