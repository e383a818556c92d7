-- Mentions per entity per day per source; stories: the distinct stories of those
-- documents (documents.story_id: copies of one story in the source count once).
--
-- Materialized per day in entity_daily_rows (sql/store/summaries/entity_daily_rows.sql),
-- rewritten with the day's documents and mentions: aggregating 5M mentions per query
-- took seconds (bench/sql_timing.py).
CREATE TABLE IF NOT EXISTS entity_daily_rows (
    day       DATE    NOT NULL,
    source    VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    entity    VARCHAR NOT NULL,
    label     VARCHAR NOT NULL,
    mentions  BIGINT  NOT NULL,
    documents BIGINT  NOT NULL,
    stories   BIGINT
);
-- Columns added after the first release: sql/store/added_columns.sql.
CREATE OR REPLACE VIEW entity_daily AS
SELECT day, source, entity_id, entity, label, mentions, documents, stories
FROM entity_daily_rows;
