-- How many claims were contested each day, and by whom.
--   newsclaims sql --file sql/examples/contested_claims_per_day.sql
-- example:
-- contested_daily is contested_claims grouped by denial day (sql/views/contested_daily.sql):
--   contested claims and denials each counted once per story (however many copies
--   carried them), who denied and who was denied, kept per day as the pipeline writes.
SELECT day, contested_claims, denials, deniers, claimants
FROM contested_daily
ORDER BY day DESC;
