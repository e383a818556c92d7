SELECT doc_id, text, language FROM documents WHERE partition_date = ? ORDER BY doc_id
