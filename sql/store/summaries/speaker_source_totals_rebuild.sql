-- speaker_source_totals from the base tables: the grouping of the former
-- sql/examples/top_speakers_per_source.sql. (Not from speaker_source_daily_rows: a
-- Parquet read-back, pipeline/store/parquet.py, has the base tables but not those.)
INSERT INTO speaker_source_totals
SELECT
    d.source,
    coalesce(c.speaker_name, c.speaker)  AS speaker,
    count(*)                             AS claims,
    count(*) FILTER (stance = 'assert')  AS asserts,
    count(*) FILTER (stance = 'deny')    AS denials
FROM claims AS c
JOIN documents AS d USING (doc_id)
WHERE c.speaker IS NOT NULL
GROUP BY ALL
