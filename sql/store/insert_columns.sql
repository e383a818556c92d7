-- Column-wise bulk insert: one list parameter per column, unnested side by side.
-- {table}, {columns} and {unnests} are built from the table's own schema.
INSERT INTO {table} ({columns}) SELECT {unnests}
