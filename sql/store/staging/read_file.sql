-- One staged file's rows, in file order.
SELECT * FROM read_parquet(?)
