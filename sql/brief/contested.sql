-- Denials made on $day and the claims they contest: both sides, with where each was said.
-- A claim contested by a denial on a later day appears in that later day's brief.
SELECT
    cc.link,
    -- A speaker the extractor could not find at all is NULL; say so rather than hide it.
    coalesce(cc.claimant, '(unnamed speaker)') AS claimant,
    cc.claim_cue,
    cc.claim,
    cc.claim_date,
    cd.source AS claim_source,
    cd.title  AS claim_title,
    cd.url    AS claim_url,
    coalesce(cc.denier, '(unnamed speaker)') AS denier,
    cc.denial_cue,
    cc.denial,
    cc.denial_date,
    cc.denial_source,
    cc.denial_title,
    dd.url    AS denial_url
FROM contested_claims AS cc
JOIN documents AS cd ON cd.doc_id = cc.claim_doc_id
JOIN documents AS dd ON dd.doc_id = cc.denial_doc_id
WHERE cc.denial_date = $day
-- In-document links first: the text itself says which claim is denied.
ORDER BY cc.link DESC, cc.denier, cc.claimant, cc.denial_id, cc.claim_id;
