-- How many claims were contested each day, and by whom.
--   newsclaims sql --file sql/examples/contested_claims_per_day.sql
SELECT
    denial_date                         AS day,
    count(DISTINCT claim_id)            AS contested_claims,
    count(DISTINCT denial_id)           AS denials,
    string_agg(DISTINCT denier, ', ')   AS deniers,
    string_agg(DISTINCT claimant, ', ') AS claimants
FROM contested_claims
GROUP BY day
ORDER BY day DESC;
