-- Every denial of the seven days up to a day, and the claim it contests.
--   newsclaims sql --file sql/examples/who_denied_what_this_week.sql [--set until=YYYY-MM-DD]
-- example: --set until=2026-03-14
-- The week ends on `until`, or without it on the newest denial in the database: the
-- current week while the pipeline runs daily, the bundled samples' week (2026-03-14) on them.
WITH week_end AS (
    SELECT coalesce(getvariable('until')::DATE, max(denial_date)) AS day FROM contested_claims
)
SELECT denial_date AS day, denier, denial, claimant, claim, link, denial_source AS source
FROM contested_claims
WHERE denial_date BETWEEN (SELECT day FROM week_end) - INTERVAL 6 DAY AND (SELECT day FROM week_end)
ORDER BY day DESC, denier;
