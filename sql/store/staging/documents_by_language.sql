-- The day's stored documents per language, for the documents asset's metadata.
SELECT coalesce(language, 'unknown') AS language, count(*) AS n
FROM documents
WHERE partition_date = ?
GROUP BY 1
