-- The entities a day's write refers to (new or known), one row each, for rename.sql and
-- add.sql in the same transaction.
CREATE OR REPLACE TEMP TABLE entity_candidates AS {select}
