-- The same claim repeated across sources: claims grouped by normalised content
-- (lower case, punctuation and quote marks dropped, whitespace folded). repeats counts
-- every claim, copies of one story included; stories counts the distinct stories
-- (documents.story_id) that carry it: a wire story run by 50 sites is 50 repeats, 1 story.
--
-- The normalisation (two regular expressions per claim) is done once per claim when its
-- day is written, into claim_keys (sql/store/summaries/claim_keys.sql); computing the keys
-- per query cost seconds at 1M claims. The groups themselves are materialized over all
-- days in top_claims_totals: grouping 1M keys per query still took ~0.7 s
-- (bench/sql_timing.py). Distinct counts, the speaker list and the longest content do
-- not add up across days, so a day's rewrite regroups only the keys that day had or has
-- (sql/store/summaries/top_claims_*.sql), from every day's claim_keys rows of those keys.
CREATE TABLE IF NOT EXISTS claim_keys (
    content_key    VARCHAR NOT NULL,
    content        VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    speaker        VARCHAR,
    partition_date DATE    NOT NULL,
    story_id       VARCHAR
);
CREATE TABLE IF NOT EXISTS top_claims_totals (
    content_key VARCHAR NOT NULL,
    content     VARCHAR NOT NULL,
    repeats     BIGINT  NOT NULL,
    sources     BIGINT  NOT NULL,
    documents   BIGINT  NOT NULL,
    speakers    VARCHAR,
    first_day   DATE    NOT NULL,
    last_day    DATE    NOT NULL,
    stories     BIGINT
);
-- Columns added after the first release: sql/store/added_columns.sql.
CREATE OR REPLACE VIEW top_claims AS
SELECT
    content_key, content, repeats, sources, documents, speakers, first_day, last_day, stories
FROM top_claims_totals;
