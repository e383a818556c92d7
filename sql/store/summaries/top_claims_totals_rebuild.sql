-- top_claims_totals from every day's claim_keys: the view's former aggregates.
INSERT INTO top_claims_totals
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
GROUP BY content_key
