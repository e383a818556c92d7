-- What the annotations stage read for a day (see documents_inputs_fingerprint.sql): a
-- difference at commit means the day's documents were rewritten while it annotated.
SELECT count(*), bit_xor(hash(doc_id, content_hash))
FROM documents
WHERE partition_date = $day
