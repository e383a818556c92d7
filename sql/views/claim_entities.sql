-- Entities mentioned inside each claim's content span (the "about whom" of a claim).
--
-- Materialized: claim_entity_rows holds the range join of claims and mentions, one day at
-- a time, rewritten in the same transaction as the day's claims/mentions/documents
-- (pipeline/store/writes.py refresh_summaries, sql/store/summaries/). At 1M claims and
-- 5M mentions the join took ~2 s per query and every view built on it multiplied that
-- (bench/sql_timing.py). Entity names and labels are copied in: an entity_id is a hash of
-- (name, label), so they never change for a given id.
CREATE TABLE IF NOT EXISTS claim_entity_rows (
    claim_id       VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    entity_id      VARCHAR NOT NULL,
    entity_name    VARCHAR NOT NULL,
    entity_label   VARCHAR NOT NULL,
    partition_date DATE    NOT NULL
);
CREATE OR REPLACE VIEW claim_entities AS
SELECT claim_id, doc_id, entity_id, entity_name, entity_label
FROM claim_entity_rows;
