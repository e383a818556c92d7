-- New entities of the day, each with the name it had where the day first mentions it (by
-- doc_id, then position in the document), as when the stage read documents in doc_id
-- order; INSERT OR IGNORE keeps the name of an entity another day stored first.
SELECT entity_id, name, label
FROM {entity_candidates}
QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY first_doc, first_pos) = 1
