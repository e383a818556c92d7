-- The documents of the sources the stage ran: of the pages with the same text, the first
-- by (source, url) is stored, as when the stage read the pages in that order; the others
-- are duplicates of it (fetch_log_merged.sql). A text another day stored after the stage's
-- snapshot of known hashes (two days extracted at once) is not stored again: the day
-- committing second makes it a duplicate, as if it had run second. Nor is a text another
-- source stored this day (a run of other sources of the day): the source run second makes
-- it a duplicate, as a page of a later source in the same run would be.
-- Each keeps the story_id matched for it just before the commit (document_stories,
-- pipeline/stories/); a document matched to none is its own story.
SELECT d.* REPLACE (coalesce(s.story_id, d.doc_id) AS story_id)
FROM {documents} AS d
LEFT JOIN {document_stories} AS s ON s.doc_id = d.doc_id
WHERE d.content_hash NOT IN (
    SELECT content_hash FROM documents
    WHERE partition_date <> {day} OR source NOT IN (SELECT unnest({sources}))
)
QUALIFY row_number() OVER (PARTITION BY d.content_hash ORDER BY d.source, d.url) = 1
