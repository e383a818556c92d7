-- A table of the Parquet lake: every day's file; the hive column `date` repeats the rows'
-- own day column, so it is dropped.
CREATE OR REPLACE VIEW {table} AS SELECT * EXCLUDE (date) FROM {source}
