-- One batch of staged rows to a Parquet file: one list parameter per column, unnested side
-- by side (as store/insert_columns.sql inserts). The column list and the target file are
-- built by pipeline/store/staging.py from the table's own column types. (No braces in
-- comments here: the placeholders are filled with str.format, comments included.)
COPY (SELECT {columns}) TO {target} (FORMAT parquet)
