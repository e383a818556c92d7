-- Denial days $first..$last of contested_daily: the aggregates the former
-- sql/examples/contested_claims_per_day.sql computed over contested_claims. The names are
-- listed in order, where the example left the order to DuckDB: the same names, and the
-- same text however the day's pairs were stored (a Parquet read-back, a rebuild).
INSERT INTO contested_daily_rows
SELECT
    denial_date                                           AS day,
    count(DISTINCT claim_id)                              AS contested_claims,
    count(DISTINCT denial_id)                             AS denials,
    string_agg(DISTINCT denier, ', ' ORDER BY denier)     AS deniers,
    string_agg(DISTINCT claimant, ', ' ORDER BY claimant) AS claimants
FROM contested_links
WHERE denial_date BETWEEN $first AND $last
GROUP BY denial_date
