-- What the annotations stage read for a day's sources (see documents_inputs_fingerprint.sql):
-- a difference at commit means those sources' documents were rewritten while it annotated.
SELECT count(*), bit_xor(hash(doc_id, content_hash))
FROM documents
WHERE partition_date = $day AND source IN (SELECT unnest($sources::VARCHAR[]))
