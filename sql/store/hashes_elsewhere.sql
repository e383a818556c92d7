-- Content hashes already stored by other days: the same article is never stored twice.
SELECT DISTINCT content_hash FROM documents WHERE partition_date <> ?
