-- Distinct entities the staged mentions and claims refer to (the run's metadata).
SELECT count(DISTINCT entity_id) FROM {entity_candidates}
