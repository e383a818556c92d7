-- Denial days $first..$last of contested_daily: the aggregates the former
-- sql/examples/contested_claims_per_day.sql computed over contested_claims, with each
-- story counted once (sql/views/contested_daily.sql). The names are listed in order,
-- where the example left the order to DuckDB: the same names, and the same text however
-- the day's pairs were stored (a Parquet read-back, a rebuild).
INSERT INTO contested_daily_rows
WITH keyed AS (
    SELECT
        denial_date,
        claim_story_id,
        denial_story_id,
        denier,
        claimant,
        denial_source,
        -- The normalisation of claim_keys.sql: the same words in two copies are one claim.
        trim(regexp_replace(
            regexp_replace(lower(claim), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        )) AS claim_key,
        trim(regexp_replace(
            regexp_replace(lower(denial), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        )) AS denial_key
    FROM contested_links
    WHERE denial_date BETWEEN $first AND $last
)
SELECT
    denial_date                                           AS day,
    count(DISTINCT (claim_story_id, claim_key))           AS contested_claims,
    count(DISTINCT (denial_story_id, denial_key))         AS denials,
    string_agg(DISTINCT denier, ', ' ORDER BY denier)     AS deniers,
    string_agg(DISTINCT claimant, ', ' ORDER BY claimant) AS claimants,
    count(*)                                              AS copies,
    count(DISTINCT denial_source)                         AS sources
FROM keyed
GROUP BY denial_date
