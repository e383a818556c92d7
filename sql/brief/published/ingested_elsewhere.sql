-- For a publication day without documents: the documents ingested on $day all give other
-- publication days; how many, and which days.
SELECT count(*) AS documents, min(published_at) AS first_day, max(published_at) AS last_day
FROM documents
WHERE partition_date = $day AND published_at IS NOT NULL AND published_at <> $day;
