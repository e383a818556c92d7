-- {table} is filled in from the fixed lists of summary tables (pipeline/store/writes.py).
DELETE FROM {table}
