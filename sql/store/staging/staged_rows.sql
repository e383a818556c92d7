-- The default source of a table at commit: the rows staged under its name.
SELECT * FROM {rows}
