-- Claims of the day whose document does not exist; expected: none.
SELECT c.claim_id, c.doc_id
FROM claims AS c LEFT JOIN documents AS d USING (doc_id)
WHERE c.partition_date = ? AND d.doc_id IS NULL
