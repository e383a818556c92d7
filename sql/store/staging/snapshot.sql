-- A query's rows copied to Parquet files in the staging area (the target is a folder).
-- Small row groups and capped files: the writer flushes every few MB, so a day of large
-- pages never sits in memory whole (10k pages of 25 kB compressed bodies: 0.9 GB peak RSS
-- with DuckDB's default row groups, 0.3 GB with these), and each file is one batch for
-- the reader (pipeline/store/staging.py reads one file at a time). No ROW_GROUP_SIZE_BYTES:
-- DuckDB 1.5 (the version the lake's extensions are built for) refuses it while insertion
-- order is preserved, and the snapshots' order matters (ORDER BY in their queries); 256
-- rows of a few tens of kB bound a row group as well.
COPY ({query}) TO {target} (
    FORMAT parquet,
    FILE_SIZE_BYTES '16MB',
    ROW_GROUP_SIZE 256
)
