SELECT count(*) FROM documents WHERE partition_date = ?
