-- Claims and the denials that contest them, one row per (claim, denial) pair.
--
-- link = 'in_document': the claims stage linked the denial to the claim it refers to
--        ("denied the claim", "declared the Taliban's claim false"); see pipeline/claims.
-- link = 'cross_document': a denial in one document and an assertion in another, within
--        3 days of each other, by different speakers, whose contents name at least two of
--        the same entities (or one, when the denial also names the claimant). This is an
--        entity-overlap heuristic: it does not compare the events themselves, so two
--        unrelated statements about the same pair of actors in the same days can be linked.
--
-- The (claim, denial) pairs are materialized in contested_links, rewritten for a day
-- with that day's claims (sql/store/summaries/contested_links.sql: the pairs whose claim
-- or denial falls on the day). Computing the cross-document pairs per query took more
-- than 20 s at 1M claims (bench/sql_timing.py); the view now only joins the pairs to
-- their claims.
CREATE TABLE IF NOT EXISTS contested_links (
    link        VARCHAR NOT NULL,
    claim_id    VARCHAR NOT NULL,
    denial_id   VARCHAR NOT NULL,
    claim_date  DATE    NOT NULL,
    denial_date DATE    NOT NULL
);
CREATE OR REPLACE VIEW contested_claims AS
SELECT
    l.link,
    a.claim_id,
    coalesce(a.speaker_name, a.speaker)  AS claimant,
    a.speaker_entity_id                  AS claimant_entity_id,
    a.cue                                AS claim_cue,
    a.content                            AS claim,
    a.doc_id                             AS claim_doc_id,
    a.partition_date                     AS claim_date,
    d.claim_id                           AS denial_id,
    coalesce(d.speaker_name, d.speaker)  AS denier,
    d.speaker_entity_id                  AS denier_entity_id,
    d.cue                                AS denial_cue,
    d.content                            AS denial,
    d.doc_id                             AS denial_doc_id,
    d.partition_date                     AS denial_date,
    doc.source                           AS denial_source,
    doc.title                            AS denial_title
FROM contested_links AS l
JOIN claims AS a ON a.claim_id = l.claim_id
JOIN claims AS d ON d.claim_id = l.denial_id
JOIN documents AS doc ON doc.doc_id = d.doc_id;
