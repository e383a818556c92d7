-- Documents of the day with no text; expected: none.
SELECT doc_id, url FROM documents WHERE partition_date = ? AND length(trim(text)) = 0
