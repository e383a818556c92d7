-- Every day with stored documents or claims: the days refresh_all_summaries rebuilds.
SELECT DISTINCT partition_date FROM documents
UNION
SELECT DISTINCT partition_date FROM claims
ORDER BY 1
