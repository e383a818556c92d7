-- How many claims were contested each day, and by whom.
--   newsclaims sql --file sql/examples/contested_claims_per_day.sql
-- example:
-- contested_daily is contested_claims grouped by denial day (sql/views/contested_daily.sql):
--   count(DISTINCT claim_id), count(DISTINCT denial_id), string_agg(DISTINCT denier),
--   string_agg(DISTINCT claimant), kept per day as the pipeline writes.
SELECT day, contested_claims, denials, deniers, claimants
FROM contested_daily
ORDER BY day DESC;
