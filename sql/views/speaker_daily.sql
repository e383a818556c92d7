-- Claims per speaker per day, by stance. Unresolved speakers appear under their raw text
-- with a NULL speaker_entity_id. Each story counts once: claims (and the stance counts)
-- are the distinct claims of the day's stories, however many copies carried them;
-- stories, copies (the claims in every copy), documents and sources say how widely.
--
-- Materialized per day in speaker_daily_rows (sql/store/summaries/speaker_daily_rows.sql),
-- rewritten with the day's claims.
CREATE TABLE IF NOT EXISTS speaker_daily_rows (
    day               DATE    NOT NULL,
    speaker_entity_id VARCHAR,
    speaker           VARCHAR,
    claims            BIGINT  NOT NULL,
    asserts           BIGINT  NOT NULL,
    denials           BIGINT  NOT NULL,
    other_stances     BIGINT  NOT NULL,
    documents         BIGINT  NOT NULL,
    stories           BIGINT,
    copies            BIGINT,
    sources           BIGINT
);
-- Columns added after the first release: sql/store/added_columns.sql.
CREATE OR REPLACE VIEW speaker_daily AS
SELECT
    day, speaker_entity_id, speaker, claims, asserts, denials, other_stances, documents,
    stories, copies, sources
FROM speaker_daily_rows;
