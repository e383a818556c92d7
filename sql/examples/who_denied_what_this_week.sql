-- Every denial of the last seven days and the claim it contests.
--   newsclaims sql --file sql/examples/who_denied_what_this_week.sql
SELECT denial_date AS day, denier, denial, claimant, claim, link, denial_source AS source
FROM contested_claims
WHERE denial_date >= current_date - INTERVAL 7 DAY
ORDER BY day DESC, denier;
