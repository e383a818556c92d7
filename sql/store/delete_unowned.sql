-- One day's rows of a table keyed by doc_id (entity_aliases, mentions, claims) that no
-- document of ANOTHER source owns: the given sources' rows, and those of documents no
-- longer stored (a rerun that dropped a page takes its mentions and claims with it).
-- {table} is filled in from a fixed list of names (pipeline/store/writes.py).
DELETE FROM {table}
WHERE partition_date = $day
  AND doc_id NOT IN (
      SELECT doc_id FROM documents
      WHERE partition_date = $day AND source NOT IN (SELECT unnest($sources::VARCHAR[]))
  )
