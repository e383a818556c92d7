-- The newest summary version this database was rebuilt with (NULL: never).
SELECT max(version) FROM summary_version
