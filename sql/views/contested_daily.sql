-- Per denial day: how many claims were contested, by how many denials, and who denied
-- and who was denied (sql/examples/contested_claims_per_day.sql reads it). Each story
-- counts once: a claim (or a denial) is its story and its normalised words, however many
-- copies carried it; copies counts the (claim, denial) pairs over every copy, sources
-- the outlets that carried the denials.
--
-- Materialized per day in contested_daily_rows: aggregating the ~1M contested pairs per
-- query took ~0.5 s at 1M claims (bench/sql_timing.py). A day's rewrite changes the
-- pairs whose claim or denial is on it, so the denial days within 3 days of it are
-- regrouped (sql/store/summaries/contested_daily_rows.sql).
CREATE TABLE IF NOT EXISTS contested_daily_rows (
    day              DATE    NOT NULL,
    contested_claims BIGINT  NOT NULL,
    denials          BIGINT  NOT NULL,
    deniers          VARCHAR,
    claimants        VARCHAR,
    copies           BIGINT,
    sources          BIGINT
);
-- Columns added after the first release: sql/store/added_columns.sql.
CREATE OR REPLACE VIEW contested_daily AS
SELECT day, contested_claims, denials, deniers, claimants, copies, sources
FROM contested_daily_rows;
