-- Claims per source and speaker over all days, with how many asserted or denied. Only
-- claims with a speaker; the speaker is the resolved entity's name, else the raw text.
--
-- Materialized in speaker_source_totals: joining 1M claims to their documents and
-- grouping per query took ~0.3 s (bench/sql_timing.py). It is kept as the sum of the
-- per-day speaker_source_daily_rows (sql/store/summaries/speaker_source_daily_rows.sql):
-- refresh_summaries subtracts a day's old rows before rewriting them and adds the new
-- ones after (speaker_source_subtract.sql, speaker_source_add.sql) — exact, the columns
-- are counts.
CREATE TABLE IF NOT EXISTS speaker_source_daily_rows (
    day     DATE    NOT NULL,
    source  VARCHAR NOT NULL,
    speaker VARCHAR NOT NULL,
    claims  BIGINT  NOT NULL,
    asserts BIGINT  NOT NULL,
    denials BIGINT  NOT NULL
);
CREATE TABLE IF NOT EXISTS speaker_source_totals (
    source  VARCHAR NOT NULL,
    speaker VARCHAR NOT NULL,
    claims  BIGINT  NOT NULL,
    asserts BIGINT  NOT NULL,
    denials BIGINT  NOT NULL
);
CREATE OR REPLACE VIEW source_speakers AS
SELECT source, speaker, claims, asserts, denials
FROM speaker_source_totals;
