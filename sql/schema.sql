-- newsclaims table contract. Applied idempotently at the start of every stage.
-- Every per-day table carries partition_date. A run writes a day's rows of the sources it
-- ingested in one transaction, deleting only those sources' rows of the day first
-- (pipeline/store/writes.py): a rerun replaces its own rows and leaves other sources'
-- alone, a crash leaves the previous state, nothing is duplicated.

-- Raw HTTP responses (zlib-compressed bodies) so extraction can rerun without fetching.
CREATE TABLE IF NOT EXISTS raw_pages (
    url            VARCHAR NOT NULL,   -- as requested
    final_url      VARCHAR,            -- after redirects
    source         VARCHAR NOT NULL,
    partition_date DATE    NOT NULL,
    http_status    INTEGER,
    content_type   VARCHAR,
    etag           VARCHAR,
    last_modified  VARCHAR,
    body_zlib      BLOB,               -- zlib(level 6) of the decompressed body
    body_bytes     BIGINT,             -- size before compression
    fetched_at     TIMESTAMP NOT NULL
);

-- One row per attempted URL. status is 'ok' or a short reason code.
CREATE TABLE IF NOT EXISTS fetch_log (
    url            VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    partition_date DATE    NOT NULL,
    status         VARCHAR NOT NULL,
    http_status    INTEGER,
    reason         VARCHAR,
    final_url      VARCHAR,
    doc_id         VARCHAR,            -- set when the page became a document
    fetched_at     TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id         VARCHAR PRIMARY KEY, -- first 16 hex of sha256(canonical_url, content_hash)
    url            VARCHAR NOT NULL,
    canonical_url  VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    title          VARCHAR,
    author         VARCHAR,
    published_at   DATE,
    sitename       VARCHAR,
    language       VARCHAR,            -- two-letter code, NULL when unknown
    text           VARCHAR NOT NULL,
    content_hash   VARCHAR NOT NULL,   -- sha256 of the whitespace-folded text
    partition_date DATE    NOT NULL,
    fetched_at     TIMESTAMP NOT NULL,
    -- The story the document is a copy of: the doc_id of the first copy seen (earliest
    -- day, then smallest doc_id), its own doc_id for an original (pipeline/stories/).
    -- NULL in rows written without the documents stage: read coalesce(story_id, doc_id).
    story_id       VARCHAR,
    minhash        BLOB                -- MinHash signature of the text (pipeline/stories/)
);
-- A database made before stories gets the two columns from sql/store/added_columns.sql;
-- its documents stay their own stories until their day is rerun.

-- One row per canonical name and type, across all documents.
CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR PRIMARY KEY,     -- stable hash of (folded name, label)
    name      VARCHAR NOT NULL,
    label     VARCHAR NOT NULL         -- person, organization, place, group, other
);

-- Surface forms seen for an entity ("Massoud", "NRF", "the Front").
CREATE TABLE IF NOT EXISTS entity_aliases (
    entity_id      VARCHAR NOT NULL,
    alias          VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    partition_date DATE    NOT NULL
);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id         VARCHAR NOT NULL,
    entity_id      VARCHAR NOT NULL,
    text           VARCHAR NOT NULL,
    label          VARCHAR NOT NULL,   -- normalised label
    model_label    VARCHAR,            -- label as the spaCy model emitted it
    start_char     INTEGER NOT NULL,   -- offsets into documents.text
    end_char       INTEGER NOT NULL,
    partition_date DATE    NOT NULL
);

CREATE TABLE IF NOT EXISTS claims (
    claim_id          VARCHAR PRIMARY KEY, -- doc_id || '-' || claim number in the document
    doc_id            VARCHAR NOT NULL,
    sentence_index    INTEGER NOT NULL,
    speaker           VARCHAR,             -- as written: "he", "the spokesperson", "Nazary"
    speaker_entity_id VARCHAR,             -- NULL when the speaker cannot be resolved
    speaker_name      VARCHAR,             -- the resolved entity's canonical name
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    speaker_role      VARCHAR,             -- "spokesperson", "leader"
    affiliation       VARCHAR,             -- "Taliban" in "the spokesperson of the Taliban"
    cue               VARCHAR NOT NULL,    -- reporting verb lemma, or 'according to'
    stance            VARCHAR NOT NULL,    -- assert, deny, ... (README)
    content           VARCHAR NOT NULL,
    content_start     INTEGER NOT NULL,
    content_end       INTEGER NOT NULL,
    kind              VARCHAR NOT NULL,    -- direct, indirect, according_to, mixed
    denies_claim_id   VARCHAR,             -- the claim this denial denies (same document)
    partition_date    DATE    NOT NULL,
    act               VARCHAR,             -- speech, thought, intention (pipeline.records.ClaimAct)
    method            VARCHAR,             -- rule, model, both (pipeline.records.ClaimMethod)
    confidence        DOUBLE               -- 0..1: 1 for a rule, the model's probability else
);

-- The version of the summary tables (sql/views/, sql/store/summaries/) a database's
-- summaries were built with, one row per full rebuild. refresh_summaries rebuilds them
-- all when the newest is older than pipeline.store.writes.SUMMARY_VERSION: a database
-- written before a summary existed would otherwise keep totals that lack its old days.
CREATE TABLE IF NOT EXISTS summary_version (
    version  INTEGER   NOT NULL,
    built_at TIMESTAMP NOT NULL
);
