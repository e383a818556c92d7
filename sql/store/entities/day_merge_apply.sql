-- Point the run's rows of the day at the entities day_merges.sql chose: mentions (with
-- the entity's label), aliases (the surface form stays: "Trump" becomes an alias of
-- Donald Trump) and claim speakers (with the entity's name). Only the documents of
-- day_merge_scope.sql. The summaries are refreshed after this, in the same transaction.
UPDATE mentions SET entity_id = m.target_id, label = m.target_label
FROM day_entity_merges AS m, day_merge_docs AS d
WHERE mentions.entity_id = m.entity_id
  AND mentions.doc_id = d.doc_id AND mentions.partition_date = d.partition_date;
UPDATE entity_aliases SET entity_id = m.target_id
FROM day_entity_merges AS m, day_merge_docs AS d
WHERE entity_aliases.entity_id = m.entity_id
  AND entity_aliases.doc_id = d.doc_id AND entity_aliases.partition_date = d.partition_date;
UPDATE claims SET speaker_entity_id = m.target_id, speaker_name = m.target_name
FROM day_entity_merges AS m, day_merge_docs AS d
WHERE claims.speaker_entity_id = m.entity_id
  AND claims.doc_id = d.doc_id AND claims.partition_date = d.partition_date;
