-- {table} and {column} are filled in from fixed lists of names (pipeline/store/writes.py).
DELETE FROM {table} WHERE {column} = ?
