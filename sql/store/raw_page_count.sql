SELECT count(*) FROM raw_pages WHERE partition_date = ?
