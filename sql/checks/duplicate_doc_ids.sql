-- doc_ids stored more than once (across all days); expected: none.
SELECT doc_id, count(*) AS n FROM documents GROUP BY doc_id HAVING count(*) > 1
