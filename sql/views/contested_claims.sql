-- Claims and the denials that contest them, one row per (claim, denial) pair.
--
-- link = 'in_document': the claims stage linked the denial to the claim it refers to
--        ("denied the claim", "declared the Taliban's claim false"); see pipeline/claims.
-- link = 'cross_document': a denial in one document and an assertion in another, within
--        3 days of each other, by different speakers, whose contents name at least two of
--        the same entities (or one, when the denial also names the claimant). This is an
--        entity-overlap heuristic: it does not compare the events themselves, so two
--        unrelated statements about the same pair of actors in the same days can be linked.
--        Both documents must be different stories (documents.story_id): the copies of one
--        wire story do not contest each other.
-- claim_story_id, denial_story_id: the story of each side; the copies of one story give
-- one pair per copy, which contested_daily and the brief count once.
--
-- The rows are materialized in contested_links, rewritten for a day with that day's
-- claims (sql/store/summaries/contested_links.sql: the pairs whose claim or denial falls
-- on the day, with both claims' columns and the denial's document). Computing the
-- cross-document pairs per query took more than 20 s at 1M claims, and joining the ~1M
-- pairs to their claims still ~0.2 s (bench/sql_timing.py); the view now only reads.
-- The copied columns stay exact: a pair is rewritten whenever its claim's or its
-- denial's day is (claims, documents and both are written per day).
CREATE TABLE IF NOT EXISTS contested_links (
    link               VARCHAR NOT NULL,
    claim_id           VARCHAR NOT NULL,
    denial_id          VARCHAR NOT NULL,
    claim_date         DATE    NOT NULL,
    denial_date        DATE    NOT NULL,
    claimant           VARCHAR,
    claimant_entity_id VARCHAR,
    claim_cue          VARCHAR,
    claim              VARCHAR,
    claim_doc_id       VARCHAR,
    denier             VARCHAR,
    denier_entity_id   VARCHAR,
    denial_cue         VARCHAR,
    denial             VARCHAR,
    denial_doc_id      VARCHAR,
    denial_source      VARCHAR,
    denial_title       VARCHAR,
    claim_story_id     VARCHAR,
    denial_story_id    VARCHAR
);
-- (claim_story_id and denial_story_id came later: sql/store/added_columns.sql.)
-- A database made before the copied columns had only the first five: add them (no-ops
-- otherwise); refresh_summaries then rebuilds the pairs (SUMMARY_VERSION, writes.py).
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS claimant VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS claimant_entity_id VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS claim_cue VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS claim VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS claim_doc_id VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS denier VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS denier_entity_id VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS denial_cue VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS denial VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS denial_doc_id VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS denial_source VARCHAR;
ALTER TABLE contested_links ADD COLUMN IF NOT EXISTS denial_title VARCHAR;
CREATE OR REPLACE VIEW contested_claims AS
SELECT
    link, claim_id, claimant, claimant_entity_id, claim_cue, claim, claim_doc_id, claim_date,
    denial_id, denier, denier_entity_id, denial_cue, denial, denial_doc_id, denial_date,
    denial_source, denial_title, claim_story_id, denial_story_id
FROM contested_links;
