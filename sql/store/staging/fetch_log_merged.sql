-- The fetch_log of the sources the stage ran, as the stage leaves it: each row as it was
-- before the stage, with the status, reason and doc_id of what became of its page. Rows of
-- pages not extracted (failed fetches) stay as they were; a page keeps its former doc_id
-- unless it is stored now, as the stage always did. Matches first_documents.sql.
WITH other_sources AS (
    -- Texts another source stored this day: a page with one is a duplicate of it.
    SELECT content_hash, min(url) AS url
    FROM documents
    WHERE partition_date = {day} AND source NOT IN (SELECT unnest({sources}))
    GROUP BY content_hash
),
candidates AS (
    SELECT
        d.source,
        d.url,
        d.doc_id,
        d.content_hash IN (
            SELECT content_hash FROM documents WHERE partition_date <> {day}
        ) AS stored_elsewhere,
        o.url AS other_source_url,
        row_number() OVER texts = 1 AS first,
        first_value(d.url) OVER texts AS first_url
    FROM {documents} AS d
    LEFT JOIN other_sources AS o ON o.content_hash = d.content_hash
    WINDOW texts AS (PARTITION BY d.content_hash ORDER BY d.source, d.url)
),
outcomes AS (
    SELECT
        source,
        url,
        CASE
            WHEN first AND NOT stored_elsewhere AND other_source_url IS NULL THEN 'ok'
            ELSE 'duplicate'
        END AS status,
        CASE
            -- The stage's own wording for a known text (pipeline/stages/documents.py).
            WHEN stored_elsewhere THEN 'same text as a document stored for another day'
            WHEN other_source_url IS NOT NULL THEN 'same text as ' || other_source_url
            WHEN first THEN NULL
            ELSE 'same text as ' || first_url
        END AS reason,
        CASE
            WHEN first AND NOT stored_elsewhere AND other_source_url IS NULL THEN doc_id
        END AS doc_id
    FROM candidates
    UNION ALL
    SELECT source, url, status, reason, NULL AS doc_id FROM {fetch_log_outcomes}
),
outcome AS (
    -- One verdict per page: ingest fetches a URL of a source once a day, so this only
    -- guards the join below against ever multiplying a fetch_log row.
    SELECT *
    FROM outcomes
    QUALIFY row_number() OVER (PARTITION BY source, url ORDER BY doc_id NULLS LAST, status) = 1
)
SELECT
    b.url,
    b.source,
    b.partition_date,
    coalesce(o.status, b.status) AS status,
    b.http_status,
    CASE WHEN o.url IS NULL THEN b.reason ELSE o.reason END AS reason,
    b.final_url,
    coalesce(o.doc_id, b.doc_id) AS doc_id,
    b.fetched_at
FROM {fetch_log_before} AS b
LEFT JOIN outcome AS o ON o.source = b.source AND o.url = b.url
