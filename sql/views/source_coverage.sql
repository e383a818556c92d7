-- Per source and day: attempted pages, stored documents, failures by reason, languages.
CREATE OR REPLACE VIEW source_coverage AS
WITH fetches AS (
    SELECT
        source,
        partition_date AS day,
        count(*)                                         AS attempted,
        count(*) FILTER (status = 'ok')                  AS stored,
        count(*) FILTER (status = 'duplicate')           AS duplicates,
        count(*) FILTER (status NOT IN ('ok', 'duplicate', 'not_modified')) AS failures
    FROM fetch_log
    GROUP BY ALL
),
reasons AS (
    SELECT source, partition_date AS day,
           string_agg(status || ' ' || n, ', ' ORDER BY n DESC, status) AS failures_by_reason
    FROM (
        SELECT source, partition_date, status, count(*) AS n
        FROM fetch_log
        WHERE status NOT IN ('ok', 'duplicate', 'not_modified')
        GROUP BY ALL
    )
    GROUP BY ALL
),
languages AS (
    -- Ties broken by the language, so the same rows read the same in every store (the
    -- lake check compares the lake's view with the file's).
    SELECT source, partition_date AS day,
           string_agg(coalesce(language, 'unknown') || ' ' || n, ', '
                      ORDER BY n DESC, coalesce(language, 'unknown')) AS languages
    FROM (
        SELECT source, partition_date, language, count(*) AS n FROM documents GROUP BY ALL
    )
    GROUP BY ALL
)
SELECT f.source, f.day, f.attempted, f.stored, f.duplicates, f.failures,
       r.failures_by_reason, l.languages
FROM fetches AS f
LEFT JOIN reasons AS r USING (source, day)
LEFT JOIN languages AS l USING (source, day);
