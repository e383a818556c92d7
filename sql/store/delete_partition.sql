-- {table} is filled in from a fixed list of table names (pipeline/store/writes.py).
DELETE FROM {table} WHERE partition_date = ?
