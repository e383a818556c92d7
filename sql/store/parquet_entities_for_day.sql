-- The entities a day's mentions and claims refer to, for that day's Parquet export.
SELECT e.*
FROM entities AS e
WHERE e.entity_id IN (
    SELECT entity_id FROM mentions WHERE partition_date = $day
    UNION
    SELECT speaker_entity_id FROM claims WHERE partition_date = $day
)
