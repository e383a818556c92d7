-- Claims of the day with empty content; expected: none.
SELECT claim_id FROM claims WHERE partition_date = ? AND length(trim(content)) = 0
