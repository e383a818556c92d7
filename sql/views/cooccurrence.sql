-- Entity pairs named in the same claim (each unordered pair once per claim).
--
-- Materialized over all days in cooccurrence_totals: grouping the 2.5M claim_entities rows
-- by pair took ~0.7 s per query at 1M claims (bench/sql_timing.py). refresh_summaries
-- keeps it current with two MERGEs around the rewrite of a day's claim_entity_rows
-- (sql/store/summaries/cooccurrence_subtract.sql, cooccurrence_add.sql): the day's old
-- pair counts out, its new ones in, a pair dropped when its count reaches 0. That is
-- exact because a claim lives on one day and names an entity at most once in
-- claim_entities, so the count of distinct claims per pair is a plain sum over days.
CREATE TABLE IF NOT EXISTS cooccurrence_totals (
    entity_a_id VARCHAR NOT NULL,
    entity_a    VARCHAR NOT NULL,
    entity_b_id VARCHAR NOT NULL,
    entity_b    VARCHAR NOT NULL,
    claims      BIGINT  NOT NULL
);
CREATE OR REPLACE VIEW cooccurrence AS
SELECT entity_a_id, entity_a, entity_b_id, entity_b, claims
FROM cooccurrence_totals;
