-- Before $day's claim_keys are rewritten: mark the groups of the keys the day had, with
-- repeats = 0 (no real group has it), so that top_claims_regroup.sql regroups them once
-- the new rows are in. Only inside refresh_summaries' transaction: never seen marked.
UPDATE top_claims_totals SET repeats = 0
WHERE content_key IN (SELECT content_key FROM claim_keys WHERE partition_date = $day)
