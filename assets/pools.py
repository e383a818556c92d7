"""Dagster concurrency pools the assets share."""

# Every asset that writes the DuckDB file runs in this pool; the instance allows one slot
# (.dagster_home/dagster.yaml), so two runs never write the file at once.
DUCKDB_POOL = "duckdb_writes"
