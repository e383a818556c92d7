-- Staged rows into a real table at commit; the select reads the staging area's Parquet
-- files (a multi-line query: never name its placeholder in a comment, it would be filled).
-- BY NAME: staged files carry every column of the table, in any order.
INSERT INTO {table} BY NAME {select}
