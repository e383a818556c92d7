-- Tables that exist only in a run's staging area (pipeline/store/staging.py), in its own
-- in-memory database beside sql/schema.sql: they give staged rows their column types.

-- The documents stage's verdict on a page that did not become a candidate document (an
-- extraction failure, or a text already stored by another day). Candidates get theirs at
-- commit (fetch_log_merged.sql): which page of a text comes first is known only then.
CREATE TABLE IF NOT EXISTS fetch_log_outcomes (
    source VARCHAR NOT NULL,
    url    VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    reason VARCHAR
);

-- An entity as first seen in one staged batch of annotations: the document and the
-- position of the sighting in it (mentions in order, then claim speakers). Batches are
-- processed in storage order, so the name kept is chosen at commit (first_entities.sql).
CREATE TABLE IF NOT EXISTS entity_candidates (
    entity_id VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    label     VARCHAR NOT NULL,
    first_doc VARCHAR NOT NULL,
    first_pos INTEGER NOT NULL
);

-- The story each candidate document belongs to (pipeline/stories/), decided just before
-- the commit from the signatures stored then; first_documents.sql copies it in.
CREATE TABLE IF NOT EXISTS document_stories (
    doc_id   VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL
);
