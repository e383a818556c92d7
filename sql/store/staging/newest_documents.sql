-- The day's newest stored documents, for the documents asset's metadata preview.
SELECT title, source, published_at, url, fetched_at
FROM documents
WHERE partition_date = ?
ORDER BY fetched_at DESC, url
LIMIT ?
