-- An empty Parquet file with a staged table's columns, so a set with no rows still reads
-- as a typed, empty relation at commit.
COPY (SELECT * FROM {table} LIMIT 0) TO {target} (FORMAT parquet)
