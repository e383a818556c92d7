-- contested.sql by publication day: denials published on $day (the denial's document's
-- published_at, its ingest day when the page gives no date) and the claims they contest:
-- both sides, with where each was said.
-- A claim contested by a denial on a later day appears in that later day's brief.
-- Each story counts once: the pairs whose claim and denial are the same words in the same
-- two stories (documents.story_id: copies of a wire story) are one row, shown from the
-- first copies by id, with how many pairs (copies) and outlets (sources) carried it.
WITH pairs AS (
    SELECT
        cc.*,
        cd.source AS claim_source,
        cd.title  AS claim_title,
        cd.url    AS claim_url,
        dd.url    AS denial_url,
        count(*) OVER story                                   AS copies,
        -- The outlets that carried either side.
        list_distinct(list(cd.source) OVER story || list(cc.denial_source) OVER story)
                                                              AS outlets,
        row_number() OVER (story ORDER BY cc.denial_id, cc.claim_id) AS nth
    FROM contested_claims AS cc
    JOIN documents AS cd ON cd.doc_id = cc.claim_doc_id
    JOIN documents AS dd ON dd.doc_id = cc.denial_doc_id
    WHERE coalesce(dd.published_at, dd.partition_date) = $day
    WINDOW story AS (
        PARTITION BY cc.link, cc.claim_story_id, cc.claim, cc.denial_story_id, cc.denial
    )
)
SELECT
    link,
    -- A speaker the extractor could not find at all is NULL; say so rather than hide it.
    coalesce(claimant, '(unnamed speaker)') AS claimant,
    claim_cue,
    claim,
    claim_date,
    claim_source,
    claim_title,
    claim_url,
    coalesce(denier, '(unnamed speaker)') AS denier,
    denial_cue,
    denial,
    denial_date,
    denial_source,
    denial_title,
    denial_url,
    copies,
    len(outlets)::BIGINT AS sources
FROM pairs
WHERE nth = 1
-- In-document links first: the text itself says which claim is denied.
ORDER BY link DESC, denier, claimant, denial_id, claim_id;
