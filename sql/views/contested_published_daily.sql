-- contested_daily by publication day: per day on which the denials were published (the
-- denial's document's published_at; its ingest day when the page gives no date), how many
-- claims were contested, by how many denials, who denied and who was denied. Same columns
-- and counting as contested_daily (each story once).
--
-- A plain view over contested_links and documents; filter on day. Cost at 1M claims:
-- docs/PERFORMANCE.md.
CREATE OR REPLACE VIEW contested_published_daily AS
WITH keyed AS (
    SELECT
        coalesce(d.published_at, cl.denial_date) AS day,
        cl.claim_story_id,
        cl.denial_story_id,
        cl.denier,
        cl.claimant,
        cl.denial_source,
        trim(regexp_replace(
            regexp_replace(lower(cl.claim), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        )) AS claim_key,
        trim(regexp_replace(
            regexp_replace(lower(cl.denial), '[^a-z0-9 ]+', ' ', 'g'), '\s+', ' ', 'g'
        )) AS denial_key
    FROM contested_links AS cl
    LEFT JOIN documents AS d ON d.doc_id = cl.denial_doc_id
)
SELECT
    day,
    count(DISTINCT (claim_story_id, claim_key))           AS contested_claims,
    count(DISTINCT (denial_story_id, denial_key))         AS denials,
    string_agg(DISTINCT denier, ', ' ORDER BY denier)     AS deniers,
    string_agg(DISTINCT claimant, ', ' ORDER BY claimant) AS claimants,
    count(*)                                              AS copies,
    count(DISTINCT denial_source)                         AS sources
FROM keyed
GROUP BY day;
