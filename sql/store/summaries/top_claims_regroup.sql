-- After $day's claim_keys are rewritten: regroup, over every day, the keys the day had
-- (marked by top_claims_mark.sql) or has now. The view's former aggregates, restricted to
-- those keys; a marked key no day has any more finds no rows: deleted. Distinct counts,
-- the speaker list and the longest content do not add up across days, hence regrouping
-- rather than adding the day's share.
MERGE INTO top_claims_totals AS t
USING (
    SELECT
        content_key,
        any_value(content ORDER BY length(content) DESC, content) AS content,
        count(*)                                         AS repeats,
        count(DISTINCT source)                           AS sources,
        count(DISTINCT doc_id)                           AS documents,
        string_agg(DISTINCT speaker, ', ' ORDER BY speaker) AS speakers,
        min(partition_date)                              AS first_day,
        max(partition_date)                              AS last_day,
        count(DISTINCT story_id)                         AS stories
    FROM claim_keys
    WHERE content_key IN (
        SELECT content_key FROM top_claims_totals WHERE repeats = 0
        UNION
        SELECT content_key FROM claim_keys WHERE partition_date = $day
    )
    GROUP BY content_key
) AS g
ON t.content_key = g.content_key
WHEN MATCHED THEN UPDATE SET
    content = g.content,
    repeats = g.repeats,
    sources = g.sources,
    documents = g.documents,
    speakers = g.speakers,
    first_day = g.first_day,
    last_day = g.last_day,
    stories = g.stories
WHEN NOT MATCHED THEN INSERT
    (content_key, content, repeats, sources, documents, speakers, first_day, last_day,
     stories)
    VALUES (g.content_key, g.content, g.repeats, g.sources, g.documents, g.speakers,
            g.first_day, g.last_day, g.stories)
WHEN NOT MATCHED BY SOURCE AND t.repeats = 0 THEN DELETE
